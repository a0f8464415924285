"""YAML read strictly, with the line of every value, so one typo is one clear message.

PyYAML reads YAML 1.1, where ``yes``, ``on`` and ``no`` are booleans, ``030``
is the octal number 24, ``1:30`` is 90, a repeated key silently replaces the
first and ``&a``/``*a`` copy values around (an "alias bomb" of a few lines
expands to billions of values). A legal editor means none of these. Here a
boolean is ``true`` or ``false``, a number is written in decimal, every key
appears once at every depth, and anchors, aliases and tags are refused: each
as a :class:`YamlProblem` at its line.

The values come back as plain ``dict``/``list``/``str``/``int``/``float``/
``bool``/``None``/``date``; mapping keys are always the text as written
(``no:`` stays the string ``"no"``, ``2024-01-01:`` the string
``"2024-01-01"``). A date with a time stays text, so the schema can say
"write the date alone".

>>> load_strict("a: 30\\nb: true\\nc: 2024-01-01\\n")
{'a': 30, 'b': True, 'c': datetime.date(2024, 1, 1)}
>>> load_strict("a: 030")
Traceback (most recent call last):
...
notices.content.strict_yaml.YamlProblem: 1:4: '030' is not a decimal number
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

#: libyaml's parser when PyYAML has it (ten times faster); the pure-Python one otherwise.
_FAST: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT_TEXT = re.compile(r"[-+]?[0-9]+\.[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: Full-width characters a Japanese input method types instead of YAML's ':' and ' '.
FULL_WIDTH = {"\uff1a": "full-width colon '：'", "\u3000": "full-width space", "\uff03": "full-width '＃'"}


class YamlProblem(Exception):
    """One mistake in a YAML file, at a 1-based line and column."""

    def __init__(self, line: int, col: int, message: str, hint: str, code: str = "yaml-strict"):
        super().__init__(f"{line}:{col}: {message}")
        self.line, self.col, self.message, self.hint, self.code = line, col, message, hint, code


@dataclass(frozen=True)
class Parsed:
    """A parsed document: its values and the node tree that knows every line."""

    value: Any
    node: yaml.Node | None


def _where(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _refuse_anchors(text: str) -> None:
    """Anchors and aliases are refused before anything is built, so an alias bomb costs nothing."""
    for event in yaml.parse(text, Loader=_FAST):
        anchor = getattr(event, "anchor", None)
        if anchor:
            mark: Any = event.start_mark
            raise YamlProblem(
                mark.line + 1,
                mark.column + 1,
                f"'{'*' if isinstance(event, yaml.AliasEvent) else '&'}{anchor}' is a YAML anchor or alias, "
                "which notices does not use",
                "write the value out in full on this line (e.g. 'published: 2027-05-01') and remove the "
                "'&...' or '*...' token",
                "yaml-alias",
            )


def _scalar(node: yaml.ScalarNode) -> Any:
    line, col = _where(node)
    text = str(node.value)
    tag = node.tag
    if tag == _STR or (tag == "tag:yaml.org,2002:value"):
        return text
    if tag == _NULL:
        return None
    if tag == _BOOL:
        if text in ("true", "false"):
            return text == "true"
        raise YamlProblem(
            line,
            col,
            f"'{text}' is not true or false",
            "write true or false (in lowercase); if you mean the word itself, put it in quotes: " + f'"{text}"',
            "yaml-boolean",
        )
    if tag == _INT:
        if _DECIMAL.fullmatch(text):
            return int(text)
        raise YamlProblem(
            line,
            col,
            f"'{text}' is not a decimal number",
            "write the number in plain digits without a leading 0, e.g. 30 (YAML would read "
            f"'{text}' as a different number); if it is text, put it in quotes",
            "yaml-number",
        )
    if tag == _FLOAT:
        if _FLOAT_TEXT.fullmatch(text):
            return float(text)
        raise YamlProblem(
            line, col, f"'{text}' is not a decimal number", "write plain digits, e.g. 30 or 2.5", "yaml-number"
        )
    if tag == _TIMESTAMP:
        if _DATE.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                return text  # an impossible date: the schema reports it at its line
        return text  # a date with a time: the schema asks for the date alone
    raise _tag_problem(node)


def _tag_problem(node: yaml.Node) -> YamlProblem:
    line, col = _where(node)
    tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
    return YamlProblem(
        line,
        col,
        f"the YAML tag '{tag}' is not used in notices",
        "remove the '!...' before the value; write plain text, a date, a number, true or false",
        "yaml-tag",
    )


def _build(node: yaml.Node, parent: str) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            raise _tag_problem(node)
        return [_build(item, parent) for item in node.value]
    assert isinstance(node, yaml.MappingNode)
    if node.tag != _MAP:
        raise _tag_problem(node)
    result: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        kline, kcol = _where(key_node)
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlProblem(
                kline, kcol, "a key must be a plain name", "write 'name: value' with a plain name", "yaml-key"
            )
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise YamlProblem(
                kline, kcol, "'<<' (a YAML merge) is not used in notices", "write the keys out in full", "yaml-alias"
            )
        key = str(key_node.value)
        if key in result:
            under = f" under '{parent}'" if parent else ""
            raise YamlProblem(
                kline,
                kcol,
                f"the key '{key}' appears twice{under} (first on line {lines[key]})",
                "keep one of them; YAML would silently use the last one",
                "yaml-duplicate-key",
            )
        lines[key] = kline
        result[key] = _build(value_node, key)
    return result


def parse_strict(text: str) -> Parsed:
    """Parse one YAML document strictly; raise :class:`YamlProblem` or ``yaml.YAMLError``."""
    _refuse_anchors(text)
    node = yaml.compose(text, Loader=_FAST)
    return Parsed(None if node is None else _build(node, ""), node)


def load_strict(text: str) -> Any:
    """The values of ``text``, read strictly (see the module docstring)."""
    return parse_strict(text).value


def marked_error(text: str, exc: yaml.YAMLError) -> YamlProblem:
    """A syntax error as the legal team needs it: at the line where the mistake is.

    libyaml and PyYAML report where they *noticed* the mistake: an unclosed
    quote at the end of the file, a full-width colon on the line after. The
    pure-Python parser is run again for its clearer wording, then the line is
    moved back to where the mistake was made.
    """
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as slow:
        exc = slow
    except RecursionError:  # nested deeper than Python's stack: libyaml's own message will do
        pass
    lines = text.split("\n")
    if not isinstance(exc, yaml.MarkedYAMLError):
        return YamlProblem(1, 1, f"invalid YAML: {exc}", "check the file's syntax", "yaml-syntax")
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    col = mark.column + 1 if mark else 1
    problem = exc.problem or exc.context or "invalid YAML"
    context = exc.context or ""
    for number in range(min(line, len(lines)), max(line - 2, 0), -1):
        found = _full_width(lines[number - 1])
        if found is not None:
            col, what = found
            return YamlProblem(
                number,
                col,
                f"a {what} where YAML needs a plain ':' or space",
                "switch the keyboard to half-width input and retype it: YAML needs ':' followed by a "
                "space (e.g. 'material: true'), and indentation with ordinary spaces",
                "yaml-full-width",
            )
    if "quoted scalar" in context and exc.context_mark is not None:
        quote = _char(lines, exc.context_mark) or '"'
        return YamlProblem(
            exc.context_mark.line + 1,
            exc.context_mark.column + 1,
            f"the quote {quote} opened here is never closed",
            f"add the closing {quote} at the end of the text; inside the text, write {quote}{quote} "
            f"for a {quote} character"
            if quote == "'"
            else f"add the closing {quote} at the end of the text",
            "yaml-syntax",
        )
    at_end = line > len(lines) or (line == len(lines) and not lines[-1].strip())
    if at_end and exc.context_mark is not None and "flow" in context and _char(lines, exc.context_mark) in ("[", "{"):
        opened = exc.context_mark
        bracket = _char(lines, opened) or "["
        closing = {"[": "]", "{": "}"}.get(bracket, "]")
        return YamlProblem(
            opened.line + 1,
            opened.column + 1,
            f"the bracket {bracket} opened here is never closed",
            f"add the closing {closing}, or remove the {bracket} if the value is plain text",
            "yaml-syntax",
        )
    if at_end:
        last = max((i for i, s in enumerate(lines, start=1) if s.strip()), default=1)
        line, col = last, 1
    return YamlProblem(
        line,
        col,
        f"invalid YAML: {problem}",
        "check indentation and quoting on this line or the one above; "
        "text containing ': ' or starting with a quote needs quotes around it",
        "yaml-syntax",
    )


def _char(lines: list[str], mark: Any) -> str:
    """The character at a mark, or '' when the mark is outside the text."""
    if 0 <= mark.line < len(lines):
        return str(lines[mark.line][mark.column : mark.column + 1])
    return ""


def _full_width(line: str) -> tuple[int, str] | None:
    """A full-width colon or space where YAML syntax expects ASCII (a key or indentation), if any."""
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    if stripped.startswith("\u3000"):
        return indent + 1, FULL_WIDTH["\u3000"]
    if stripped.startswith("#"):
        return None
    body = stripped[2:] if stripped.startswith("- ") else stripped
    offset = len(line) - len(body)
    ascii_colon = body.find(": ")
    if body.endswith(":"):
        ascii_colon = len(body) - 1 if ascii_colon < 0 else ascii_colon
    key = body if ascii_colon < 0 else body[:ascii_colon]
    if key[:1] in "\"'":
        return None
    for ch in ("\uff1a", "\u3000"):
        at = key.find(ch)
        if at > 0:
            return offset + at + 1, FULL_WIDTH[ch]
    if ascii_colon >= 0 and body[ascii_colon + 1 : ascii_colon + 2] == "\u3000":
        return offset + ascii_colon + 2, FULL_WIDTH["\u3000"]
    if ascii_colon < 0 and body.find(":\u3000") > 0:
        return offset + body.find(":\u3000") + 2, FULL_WIDTH["\u3000"]
    return None


def line_of(node: yaml.Node | None, *path: str | int) -> int | None:
    """The line of the value at ``path`` (keys and list indexes) below ``node``: of its key when it has one."""
    line = None
    for step in path:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            for key_node, value_node in node.value:
                if str(key_node.value) == step:
                    line, node = key_node.start_mark.line + 1, value_node
                    break
            else:
                return None
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return None
    return line
