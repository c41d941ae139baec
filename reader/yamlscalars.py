"""What PyYAML makes of a plain scalar, for the fast path (reader.fastparse).

PyYAML types a plain scalar by its first character: Resolver.resolve() tries the regexes
registered for that character, then the wildcard ones, first match wins, else str. The
tables here are the loader's own (as they are at import), so a plain scalar is typed
exactly as libyaml's caller types it; `plain` builds only the forms it fully understands
and raises Unsupported for the rest (the caller then falls back to libyaml).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_FLOAT = "tag:yaml.org,2002:float"

_IMPLICIT: dict[Any, list[tuple[str, re.Pattern[str]]]] = _Loader.yaml_implicit_resolvers
_WILDCARD: tuple[tuple[str, re.Pattern[str]], ...] = tuple(_IMPLICIT.get(None, ()))
_RESOLVERS: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: (*resolvers, *_WILDCARD) for first, resolvers in _IMPLICIT.items() if first is not None
}

# YAML indicators: a plain scalar may not start with one. "-" may, before a non-space
# character; only the unambiguous "-1", "-x" kind is accepted.
INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
AFTER_DASH = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")

# Of the forms PyYAML accepts for each tag, the ones built here. [0-9], not \d: \d matches
# non-ASCII digits. 18 digits keep int() far from Python's digit limit.
_SIMPLE_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_SIMPLE_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)?")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def _simple_forms_resolve_plainly() -> bool:
    """True if the resolver types every _SIMPLE_INT as int and _SIMPLE_TIMESTAMP as timestamp.

    Holds for PyYAML's own resolvers: for a digit or "-" first, only float (which needs a
    "." or ".inf"), int and timestamp are tried. It lets the archive's many numbers and dates
    skip the resolver's three regexes; checked here, not assumed, so that a resolver
    registered by someone else turns the shortcut off instead of making it lie.
    """
    tags = {tag for first in "-0123456789" for tag, _ in _RESOLVERS.get(first, ())}
    return (
        tags <= {_FLOAT, _INT, _TIMESTAMP}
        and not _WILDCARD
        and all(resolve(v) == _INT for v in ("0", "-1", "1400", "123456789012345678"))
        and all(resolve(v) == _TIMESTAMP for v in ("2021-06-10", "2021-06-10T18:29:00Z"))
    )


class Unsupported(Exception):
    """The text is outside the subset: fall back to libyaml."""


def resolve(value: str) -> str:
    """The tag PyYAML's resolver gives the plain scalar `value` (non-empty)."""
    for tag, regexp in _RESOLVERS.get(value[0], _WILDCARD):
        if regexp.match(value):
            return tag
    return STR


def plain(value: str) -> Any:
    """The value PyYAML builds from the plain scalar `value`, if it is one built here."""
    if SHORTCUT and value[0] in DIGIT_OR_MINUS:
        if _SIMPLE_INT.fullmatch(value):
            return int(value)
        if _SIMPLE_TIMESTAMP.fullmatch(value):
            return timestamp(value)
    tag = resolve(value)
    if tag == STR:
        return value
    if tag == _INT:
        # Not 0x1F, 0o17/017, 1_000, +1 or 1:30 (base 60): PyYAML reads those its own way.
        if _SIMPLE_INT.fullmatch(value):
            return int(value)
    elif tag == _BOOL:
        # yes/no/on/off are booleans to PyYAML too; left to it rather than second-guessed.
        if value in _BOOLS:
            return _BOOLS[value]
    elif tag == _NULL:
        return None
    elif tag == _TIMESTAMP and _SIMPLE_TIMESTAMP.fullmatch(value):
        return timestamp(value)
    # Floats, merge keys and the like, and the forms above not built here.
    raise Unsupported(value)


def timestamp(value: str) -> date:
    """A _SIMPLE_TIMESTAMP as PyYAML builds it: a date, or a datetime in UTC.

    fromisoformat() is ten times faster than PyYAML's datetime(int(...), ...) and validates
    the same way (2021-02-30 raises ValueError: libyaml's caller decides what to do), except
    that newer Pythons read hour 24 as the next midnight.
    """
    if len(value) == 10:
        return date.fromisoformat(value)
    if value[11:13] > "23":
        raise Unsupported(value)
    return datetime.fromisoformat(value)  # "Z": tzinfo is timezone.utc, as from PyYAML


# -- tables built with the resolver ------------------------------------------------


class _Everything(frozenset[str]):
    def __contains__(self, item: object) -> bool:
        return True


SHORTCUT = _simple_forms_resolve_plainly()
# Plain words whose value is fixed; kept only if the resolver agrees (it does, unless
# someone registered other resolvers).
KNOWN_WORDS: dict[str, Any] = {
    word: value
    for word, value, tag in (
        *((word, value, _BOOL) for word, value in _BOOLS.items()),
        *((word, None, _NULL) for word in ("null", "Null", "NULL", "~")),
    )
    if resolve(word) == tag
}
# First characters of plain scalars that may be more than text: indicators, and those the
# resolver has regexes for. (With wildcard resolvers, any.)
NOT_JUST_TEXT: frozenset[str] = (
    _Everything() if _WILDCARD else INDICATORS | {first for first in _RESOLVERS if first}
)
DIGIT_OR_MINUS = frozenset("-0123456789")
