"""YAML for hand-edited files: line numbers kept, every problem an ``InputError``.

PyYAML reads implicit booleans and dates (``country: NO`` becomes False), keeps the last of
two equal keys silently and reports tabs and unclosed quotes cryptically. ``read_yaml``
returns plain dicts and lists that also know the line of each key, value and item, so the
caller can say *where* a value is wrong, and it turns YAML's own errors into messages that
say what to do.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from geo.errors import InputError
from geo.files.textfile import read_text

__all__ = [
    "LineMap",
    "LineSeq",
    "count_items",
    "join_path",
    "kind_name",
    "read_yaml",
    "read_yaml_file",
]


class LineMap(dict):
    """A YAML mapping that remembers where each key and value stood (1-based lines)."""

    line: int
    key_lines: dict[Any, int]
    value_lines: dict[Any, int]
    dupes: list[tuple[Any, int, int]]  # key, first line, repeated line


class LineSeq(list):
    """A YAML sequence that remembers the line of each item."""

    line: int
    item_lines: list[int]


_SURROGATE = re.compile("[\ud800-\udfff]")
_ALIAS = "an alias (*name) is not allowed in a story file"
_SURROGATE_TEXT = "this text holds an escape for half a character (a lone surrogate, such as"


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that keeps line numbers, reports duplicate keys and reads no implicit
    booleans or dates: ``country: NO`` stays Norway and ``2023-02-30`` reaches our own date
    check instead of a raw ValueError.

    It also refuses aliases (``*name``): nobody writes them in a story by hand, and nine
    nested aliases in 469 bytes expand to 9**10 items (the "billion laughs"), which ran for
    40 s and 2.9 GB. And it refuses text holding a lone surrogate (``"\\ud800"``), which no
    file, page or terminal can encode.
    """

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, _ALIAS, event.start_mark)
        return super().compose_node(parent, index)

    def construct_scalar(self, node):  # type: ignore[no-untyped-def]
        value = super().construct_scalar(node)
        if isinstance(value, str) and _SURROGATE.search(value):
            raise yaml.constructor.ConstructorError(
                None, None, f"{_SURROGATE_TEXT} \\ud800)", node.start_mark
            )
        return value


_LineLoader.yaml_implicit_resolvers = {
    first: [
        (tag, rx)
        for tag, rx in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> LineMap:
    loader.flatten_mapping(node)
    m = LineMap()
    m.line = node.start_mark.line + 1
    m.key_lines, m.value_lines, m.dupes = {}, {}, []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a key here is a list or a mapping", key_node.start_mark
            ) from None
        line = key_node.start_mark.line + 1
        if key in m:
            m.dupes.append((key, m.key_lines[key], line))
            continue
        m[key] = loader.construct_object(value_node, deep=True)
        m.key_lines[key] = line
        m.value_lines[key] = value_node.start_mark.line + 1
    return m


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode) -> LineSeq:
    s = LineSeq(loader.construct_object(n, deep=True) for n in node.value)
    s.line = node.start_mark.line + 1
    s.item_lines = [n.start_mark.line + 1 for n in node.value]
    return s


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def read_yaml(text: str, name: str) -> LineMap:
    """Parse YAML text into a ``LineMap`` tree, with every problem as an ``InputError``.

    >>> read_yaml("title: x\\n", "a.yaml").key_lines
    {'title': 1}
    """
    _check_tabs(text, name)
    try:
        loader = _LineLoader(text)
    except yaml.reader.ReaderError as e:  # raised before parsing starts: a control character
        line = text.count("\n", 0, e.position) + 1
        raise InputError(
            f"the file contains an invisible control character (U+{e.character:04X})",
            file=name,
            line=line,
            hint="delete it; it often comes from text pasted out of another program",
        ) from None
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        raise _yaml_error(e, name) from None
    except ValueError:  # int("9" * 5000): Python refuses numbers of over 4300 digits
        found = re.search(r"\d{4000,}", text)
        raise InputError(
            "a number here has thousands of digits",
            file=name,
            line=text.count("\n", 0, found.start()) + 1 if found else None,
            hint="write numbers with at most a few dozen digits, or put the text in quotes",
        ) from None
    except RecursionError:  # "[[[[..." thousands deep: PyYAML recurses per level
        raise _too_deep(text, name) from None
    finally:
        loader.dispose()
    if data is None:
        raise InputError(
            "the story file is empty",
            file=name,
            line=1,
            hint="start it with a line such as: title: Drones over Moscow",
        )
    if not isinstance(data, LineMap):
        raise InputError(
            f"the top level is a {kind_name(data)}, not a set of 'key: value' lines",
            file=name,
            line=getattr(data, "line", 1),
            hint="start the file with 'title: ...' at the left margin, without '- '",
        )
    try:
        _check_duplicate_keys(data, "", name, set())
    except RecursionError:
        raise _too_deep(text, name) from None
    return data


def _too_deep(text: str, name: str) -> InputError:
    # PyYAML recurses once per nesting level, both while parsing and in our key check.
    return InputError(
        "the brackets or indentation are nested too deeply to be a story file",
        file=name,
        line=_deepest_line(text),
        hint="a story nests at most three levels: check for stray '[' or '{'",
    )


def _deepest_line(text: str) -> int:
    """Line where bracket nesting first goes deeper than any story needs (for the message)."""
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        depth += line.count("[") + line.count("{") - line.count("]") - line.count("}")
        if depth > 50:
            return number
    return 1


def _check_tabs(text: str, name: str) -> None:
    # YAML forbids tabs in indentation, and PyYAML's own message for it is cryptic.
    for number, line in enumerate(text.splitlines(), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            raise InputError(
                "a tab is used for indentation",
                file=name,
                line=number,
                hint="indent with spaces only; set your editor to insert spaces for Tab",
            )


def _yaml_error(e: yaml.MarkedYAMLError, name: str) -> InputError:
    mark = e.problem_mark or e.context_mark
    problem = e.problem or "cannot be read"
    if e.context:
        problem = f"{e.context}, {problem}"
    hint = "check the indentation and the quotes on this line and the one before"
    if "end of stream" in problem and "quoted scalar" in problem and e.context_mark:
        # The scanner only notices at the end of the file; the culprit is the opening quote.
        mark = e.context_mark
        problem = "this quote is never closed"
        hint = "add the closing quote at the end of the text, or remove the opening one"
    elif "mapping values are not allowed" in problem:
        hint = (
            "if this line starts a new field, line it up with the keys above it; if it is "
            "text containing ': ', put it in quotes: summary: \"Peskov: it goes ahead\""
        )
    elif "expected <block end>" in problem or "expected a single document" in problem:
        hint = "line the keys up at the same indentation, and do not repeat '---'"
    elif "could not find expected ':'" in problem:
        hint = "write each field as 'key: value' with a space after the colon"
    elif _ALIAS in problem:
        hint = "write the value out in full where the alias stands, and drop the &anchor"
    elif _SURROGATE_TEXT in problem:
        hint = "remove the \\u escape, or write the whole character it was meant to be"
    elif "recursive node" in problem:
        hint = "an alias (*name) refers to the item that contains it; write the value out instead"
    elif "could not determine a constructor" in problem:
        hint = "remove the '!' tag: story files hold plain text, numbers, lists and mappings"
    elif "found unexpected" in problem:
        hint = "close every quote and bracket you open"
    col = f", column {mark.column + 1}" if mark else ""
    what = (
        "not allowed" if (_ALIAS in problem or _SURROGATE_TEXT in problem) else "YAML syntax error"
    )
    return InputError(
        f"{what}{col}: {problem}",
        file=name,
        line=mark.line + 1 if mark else None,
        hint=hint,
    )


def _check_duplicate_keys(node: Any, path: str, name: str, seen: set[int]) -> None:
    # yaml keeps the last of two equal keys silently; a journalist's edit would vanish.
    if id(node) in seen:  # aliases share nodes; visit each once
        return
    seen.add(id(node))
    if isinstance(node, LineMap):
        for key, first, again in node.dupes:
            raise InputError(
                f"'{key}' is given twice (lines {first} and {again})",
                file=name,
                line=again,
                field=join_path(path, key),
                hint="keep one of the two lines and delete the other",
            )
        for key, value in node.items():
            _check_duplicate_keys(value, join_path(path, key), name, seen)
    elif isinstance(node, LineSeq):
        for i, item in enumerate(node):
            _check_duplicate_keys(item, f"{path}[{i}]", name, seen)


def join_path(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def kind_name(value: Any) -> str:
    if value is None:
        return "empty value"
    if isinstance(value, bool):
        return "true/false value"
    return {
        LineMap: "mapping",
        LineSeq: "list",
        str: "text",
        int: "whole number",
        float: "number",
    }.get(type(value), type(value).__name__)


def read_yaml_file(path: str | Path, what: str = "YAML file") -> tuple[LineMap, str]:
    """Read a YAML file; returns the tree and the file name used in messages."""
    return read_yaml(read_text(path, what), str(path)), str(path)


def count_items(text: str, keys: frozenset[str], stop_after: int | None = None) -> int | None:
    """How many items the top-level lists named ``keys`` hold, from libyaml's event stream.

    :func:`read_yaml` is pure Python with line numbers: a 2 MB file of 17,000 short items
    takes 25 s to parse on a busy machine, only for the story to be refused for its size. The
    C event stream counts the same items in a fraction of a second, expands no alias and
    builds nothing. ``stop_after``: stop counting past this many. ``None`` when libyaml is
    missing or cannot read the text (the full parse then reports the problem).

    >>> count_items("places:\\n  - id: a\\n  - id: b\\nrings: [x]\\ntitle: t\\n",
    ...             frozenset({"places", "rings"}))
    3
    """
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return None
    count = 0
    stack: list[list] = []  # [is a mapping, children seen, counted list]
    key = None
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.ScalarEvent, yaml.AliasEvent)
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, starts):
                counted = False
                if stack:
                    top = stack[-1]
                    count += top[2]
                    if len(stack) == 1 and top[0]:  # the file's own mapping: key, value, ...
                        if top[1] % 2 == 0:
                            key = event.value if isinstance(event, yaml.ScalarEvent) else None
                        else:
                            counted = key in keys and isinstance(event, yaml.SequenceStartEvent)
                    top[1] += 1
                if isinstance(event, yaml.MappingStartEvent):
                    stack.append([True, 0, False])
                elif isinstance(event, yaml.SequenceStartEvent):
                    stack.append([False, 0, counted])
                if stop_after is not None and count > stop_after:
                    return count
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                stack.pop()
    except yaml.YAMLError:
        return None
    return count
