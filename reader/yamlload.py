"""Loading front matter with libyaml (CSafeLoader), made hostile-input aware.

Alias bombs and recursive documents are refused, duplicate keys are reported, and
scalars that look like a date or a number but aren't valid ones stay strings. Every
failure is a YamlLoadError whose message is the one-line reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # libyaml missing: slower, same results
    _BaseLoader = yaml.SafeLoader

# The archive never uses YAML anchors; a few are tolerated for hand-written files, many
# are how "billion laughs" documents expand exponentially.
MAX_YAML_ALIASES = 16

# What libyaml refuses to read at all (C0 controls but tab, newline and carriage return,
# DEL, C1 controls, U+FFFE/U+FFFF). So that one stray byte in a title does not cost the
# whole file, each is swapped for a stand-in libyaml reads as text, and swapped back in
# what it built: the value is exactly what the file has.
_UNREADABLE_BY_YAML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Stand-ins come from the private-use areas, never one the text has, written or escaped.
_STAND_IN_RANGES = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE))
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_UNKNOWN_TAG = re.compile(r"for the tag '([^']*)'")
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
_MERGE_TAG = "tag:yaml.org,2002:merge"


class YamlLoadError(ValueError):
    """The front matter can't be loaded; the message is the one-line reason."""


class _HostileYamlError(ValueError):
    """The YAML parses, but its shape is an attack or a mistake (aliases, recursion)."""


@dataclass
class NodeReport:
    aliases: int = 0
    recursive: bool = False
    duplicate_keys: list[tuple[str, int]] = field(default_factory=list)


def load_yaml(yaml_text: str) -> tuple[Any, NodeReport | None]:
    """What the safe loader builds from `yaml_text`, and what the node pass found."""
    swap = _stand_ins(yaml_text)
    if swap is not None:
        yaml_text = yaml_text.translate(swap)
    try:
        data, report = _load(yaml_text)
    except _HostileYamlError as exc:
        raise YamlLoadError(f"refused YAML: {exc}") from None
    except yaml.YAMLError as exc:
        reason = _yaml_reason(exc, yaml_text)
        raise YamlLoadError(_swapped_back(reason, swap)) from None
    except RecursionError:
        raise YamlLoadError("invalid YAML: nested too deeply") from None
    except Exception as exc:  # libyaml can raise odd things on hostile input
        raise YamlLoadError(f"invalid YAML: {type(exc).__name__}") from None
    if swap is not None:
        data = _swapped_back(data, swap)
        if report is not None:
            report.duplicate_keys = _swapped_back(report.duplicate_keys, swap)
    return data, report


def _stand_ins(text: str) -> dict[int, str] | None:
    """A translate() table from each unreadable character to its stand-in, or None."""
    unreadable = sorted(set(_UNREADABLE_BY_YAML.findall(text)))
    if not unreadable:
        return None
    escaped = {int(a or b, 16) for a, b in _UNICODE_ESCAPE.findall(text)}
    free = (
        code
        for codes in _STAND_IN_RANGES
        for code in codes
        if code not in escaped and chr(code) not in text
    )
    table: dict[int, str] = {}
    for char in unreadable:
        code = next(free, None)
        if code is None:  # the text holds every private-use character: not an article
            raise YamlLoadError("invalid YAML: control characters it can't stand for")
        table[ord(char)] = chr(code)
    return table


def _swapped_back(value: Any, swap: dict[int, str] | None) -> Any:
    """`value` with every stand-in turned back into the character it stood for."""
    if swap is None:
        return value
    back = {ord(stand_in): chr(code) for code, stand_in in swap.items()}

    def restore(item: Any) -> Any:
        if isinstance(item, str):
            return item.translate(back)
        if isinstance(item, dict):
            return {restore(key): restore(inner) for key, inner in item.items()}
        if isinstance(item, (list, tuple, set, frozenset)):
            return type(item)(restore(inner) for inner in item)
        return item

    return restore(value)


def _load(yaml_text: str) -> tuple[Any, NodeReport | None]:
    loader = _ArticleLoader(yaml_text)
    loader.may_have_aliases = "*" in yaml_text  # an alias is always written as *name
    try:
        return loader.get_single_data(), loader.node_report
    finally:
        loader.dispose()


def _yaml_reason(exc: yaml.YAMLError, yaml_text: str) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or "cannot parse"
    where = f" at line {mark.line + 2}" if mark is not None else ""  # +1 for 0-based, +1 for '---'
    if isinstance(exc, yaml.constructor.ConstructorError):
        tag = _UNKNOWN_TAG.search(str(problem))
        if tag:
            name = tag.group(1).replace("tag:yaml.org,2002:", "!!")
            return f"unsupported YAML tag {name!r}{where}"
    if "\r" in yaml_text:  # CR and CRLF end lines too
        yaml_text = yaml_text.replace("\r\n", "\n").replace("\r", "\n")
    tab_indent = _TAB_INDENT.search(yaml_text)
    if isinstance(exc, yaml.scanner.ScannerError) and tab_indent:
        tab_line = yaml_text.count("\n", 0, tab_indent.start()) + 2
        return f"invalid YAML: a tab is used for indentation at line {tab_line} (use spaces)"
    return f"invalid YAML: {problem}{where}"


def _inspect_nodes(root: yaml.Node, may_have_aliases: bool = True) -> NodeReport:
    """A pass over the composed node graph, before any Python objects are built.

    Counts alias uses (an edge to a node already seen), finds recursion (an edge back to
    a node still being walked) and notes duplicate mapping keys. Iterative, so depth
    costs no stack. A document without any '*' can't hold an alias: then only the
    mappings that hold article fields (the top level and the one below) are checked
    for duplicate keys, which keeps the common case cheap.
    """
    report = NodeReport()
    if not may_have_aliases:
        if isinstance(root, yaml.MappingNode):
            report.duplicate_keys += _duplicate_keys(root)
            for _key, value in root.value:
                if isinstance(value, yaml.MappingNode):
                    report.duplicate_keys += _duplicate_keys(value)
        return report
    walking, done = 1, 2
    state: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            state[id(node)] = done
            continue
        seen = state.get(id(node))
        if seen is not None:
            report.aliases += 1
            report.recursive = report.recursive or seen == walking
            continue
        state[id(node)] = walking
        stack.append((node, True))
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            report.duplicate_keys += _duplicate_keys(node)
            for key_node, value_node in node.value:
                children += (key_node, value_node)
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        stack.extend((child, False) for child in reversed(children))
    return report


def _duplicate_keys(mapping: yaml.MappingNode) -> list[tuple[str, int]]:
    """(key, line) for each repeated plain key; PyYAML keeps the last value."""
    keys: set[tuple[str, str]] = set()
    repeated: list[tuple[str, int]] = []
    for key_node, _value in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE_TAG:
            key = (key_node.tag, key_node.value)
            if key in keys:
                repeated.append((key_node.value, key_node.start_mark.line + 2))
            keys.add(key)
    return repeated


class _ArticleLoader(_BaseLoader):  # type: ignore[misc]
    """The safe loader, made hostile-input aware.

    Refuses alias bombs and recursive documents, reports duplicate keys, and keeps
    scalars that look like a date or a number but aren't valid ones (2021-02-30, a
    5,000-digit integer) as strings, so the field is ignored with a warning instead
    of the whole file failing.
    """

    node_report: NodeReport | None = None
    may_have_aliases = True

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        self.node_report = report = _inspect_nodes(node, self.may_have_aliases)
        if report.recursive:
            raise _HostileYamlError("a YAML alias refers to itself (recursive structure)")
        if report.aliases > MAX_YAML_ALIASES:
            raise _HostileYamlError(
                f"{report.aliases:,} YAML aliases (at most {MAX_YAML_ALIASES}; "
                "this is how 'billion laughs' documents blow up)"
            )
        return self.construct_document(node)

    def construct_lenient_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)

    def construct_lenient_int(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_int(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


_ArticleLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _ArticleLoader.construct_lenient_timestamp
)
_ArticleLoader.add_constructor("tag:yaml.org,2002:int", _ArticleLoader.construct_lenient_int)
