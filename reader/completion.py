"""Shell completion scripts for bash, zsh and fish, made from the command-line parser, so
every command and option is offered as it is defined. Topic names for `--topic` come
from `reader topics --names` when the user presses tab (the folders the reader opens by
default). No Textual here."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

SHELLS = ("bash", "zsh", "fish")
TOPICS_COMMAND = "reader topics --names 2>/dev/null"


@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]
    help: str
    takes_value: bool
    choices: tuple[str, ...]


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    options: tuple[Option, ...]
    takes_paths: bool


def commands_of(parser: argparse.ArgumentParser) -> list[Command]:
    found: list[Command] = []
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
        for name, sub in action.choices.items():
            options = tuple(
                Option(
                    tuple(a.option_strings),
                    a.help or "",
                    a.nargs != 0,
                    tuple(str(c) for c in a.choices or ()),
                )
                for a in sub._actions
                if a.option_strings and a.help != argparse.SUPPRESS
            )
            positional = [a for a in sub._actions if not a.option_strings]
            paths = any(a.metavar in ("PATH", "FILE") for a in positional)
            words = [tuple(str(c) for c in a.choices) for a in positional if a.choices]
            found.append(Command(name, helps.get(name, ""), options, paths))
            if words:  # `config path|show`, `state export|import`: offered like choices
                found[-1] = Command(
                    name, helps.get(name, ""), (*options, Option((), "", False, words[0])), paths
                )
    return found


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    commands = commands_of(parser)
    if shell == "bash":
        return _bash(commands)
    if shell == "zsh":
        return _zsh(commands)
    if shell == "fish":
        return _fish(commands)
    raise ValueError(f"unknown shell {shell!r} (known: {', '.join(SHELLS)})")


def _flags(command: Command) -> str:
    return " ".join(flag for option in command.options for flag in option.flags)


def _words(command: Command) -> str:
    return " ".join(w for option in command.options if not option.flags for w in option.choices)


def _bash(commands: list[Command]) -> str:
    names = " ".join(c.name for c in commands)
    cases = "\n".join(
        f"        {c.name}) opts={_flags(c)!r}; words={_words(c)!r}; paths={int(c.takes_paths)} ;;"
        for c in commands
    )
    valued = sorted({f for c in commands for o in c.options if o.takes_value for f in o.flags})
    choices = "\n".join(
        f"        {'|'.join(o.flags)}) COMPREPLY=($(compgen -W {' '.join(o.choices)!r} "
        '-- "$cur")); return ;;'
        for o in {o for c in commands for o in c.options if o.flags and o.choices}
    )
    return f"""# reader-tui completion for bash: eval "$(reader completion bash)" in ~/.bashrc
_reader() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    local command="" i opts words paths
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${{COMP_WORDS[i]}}" in
            --) break ;;
            {"|".join(c.name for c in commands)}) command="${{COMP_WORDS[i]}}"; break ;;
        esac
    done
    case "$prev" in
        --topic)
            local IFS=$'\\n'
            COMPREPLY=($(compgen -W "$({TOPICS_COMMAND})" -- "$cur"))
            COMPREPLY=("${{COMPREPLY[@]// /\\\\ }}")
            return ;;
{choices}
        {"|".join(valued) or "--"}) return ;;
    esac
    case "${{command:-open}}" in
{cases}
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
    [[ -z "$command" ]] && COMPREPLY+=($(compgen -W "{names}" -- "$cur"))
    if ((paths)); then
        compopt -o filenames 2>/dev/null
        COMPREPLY+=($(compgen -f -- "$cur"))
    fi
}}
complete -F _reader reader
"""


def _zsh_text(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace("'", "'\\''")
        .replace("[", "\\[")
        .replace("]", "\\]")
        .replace(":", "\\:")
    )


def _zsh(commands: list[Command]) -> str:
    described = "\n".join(f"        '{c.name}:{_zsh_text(c.help)}'" for c in commands)
    branches = []
    for c in commands:
        specs = []
        for option in c.options:
            if not option.flags:
                specs.append(f"'1:{c.name}:({' '.join(option.choices)})'")
                continue
            action = ""
            if option.takes_value:
                if "--topic" in option.flags:
                    action = ":topic:_reader_topics"
                elif option.choices:
                    action = f":value:({' '.join(option.choices)})"
                else:
                    action = ":value: "
            flags = option.flags
            group = f"'({' '.join(flags)})'{{{','.join(flags)}}}" if len(flags) > 1 else flags[0]
            specs.append(f"{group}'[{_zsh_text(option.help)}]{action}'")
        if c.takes_paths:
            specs.append("'*:path:_files'")
        branches.append(f"        {c.name}) _arguments -s {' '.join(specs)} ;;")
    return f"""#compdef reader
# reader-tui completion for zsh: reader completion zsh > "${{fpath[1]}}/_reader"
_reader_topics() {{
    local -a topics
    topics=("${{(@f)$({TOPICS_COMMAND})}}")
    compadd -a topics
}}

_reader() {{
    local curcontext="$curcontext" state line
    local -a commands
    commands=(
{described}
    )
    _arguments -C '1: :->command' '*:: :->arguments'
    case $state in
        command)
            _describe -t commands 'reader command' commands
            _files ;;
        arguments)
            case $line[1] in
{chr(10).join(branches)}
                *) _files ;;
            esac ;;
    esac
}}

_reader "$@"
"""


def _fish_text(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish(commands: list[Command]) -> str:
    names = " ".join(c.name for c in commands)
    lines = [
        "# reader-tui completion for fish: reader completion fish > "
        "~/.config/fish/completions/reader.fish",
        "complete -c reader -f",
    ]
    for c in commands:
        lines.append(
            f"complete -c reader -n 'not __fish_seen_subcommand_from {names}' "
            f"-a {c.name} -d {_fish_text(c.help)}"
        )
    for c in commands:
        seen = f"__fish_seen_subcommand_from {c.name}"
        if c.name == "open":  # the default command: its options apply with none given
            seen = f"not __fish_seen_subcommand_from {' '.join(n.name for n in commands[1:])}"
        for option in c.options:
            if not option.flags:
                lines.append(
                    f"complete -c reader -n '{seen}' -a {_fish_text(' '.join(option.choices))}"
                )
                continue
            parts = [f"complete -c reader -n '{seen}'"]
            for flag in option.flags:
                parts.append(f"-l {flag[2:]}" if flag.startswith("--") else f"-s {flag[1:]}")
            parts.append(f"-d {_fish_text(option.help)}")
            if "--topic" in option.flags:
                parts.append(f"-x -a '({TOPICS_COMMAND.replace(' 2>/dev/null', '')})'")
            elif option.choices:
                parts.append(f"-x -a {_fish_text(' '.join(option.choices))}")
            elif option.takes_value:
                parts.append("-x")
            lines.append(" ".join(parts))
        if c.takes_paths:
            lines.append(f"complete -c reader -n '{seen}' -F")
    return "\n".join(lines) + "\n"
