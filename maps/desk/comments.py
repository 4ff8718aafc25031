"""Keep a journalist's YAML comments where they were when the desk adds or drops things.

``ruamel.yaml`` files the comment lines *after* an item's last value with that value: the
blank line and "# --- Incidents ---" block that open the next section belong, for ruamel, to
the last place. So dropping the last place dropped the next section's heading, and a key
appended after that value (``note:``) was written *below* the heading. Here an item's
"tail" (the lines after its last value's own line) is taken off and given to whatever now
comes before those lines, and the desk's accept mark is a comment on the item's first line.

>>> from maps.desk.document import _dump, _load
>>> doc = _load("a:\\n  - id: x\\n    kind: city\\n\\n# next\\nb: 1\\n")
>>> x = doc["a"][0]
>>> tail = take_tail(x)
>>> x["note"] = "n"
>>> give_tail(x, tail)
>>> print(_dump(doc), end="")
a:
  - id: x
    kind: city
    note: n
<BLANKLINE>
# next
b: 1
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

__all__ = [
    "MARK",
    "CommentMark",
    "CommentToken",
    "give_after",
    "give_tail",
    "is_marked",
    "set_mark",
    "take_tail",
]

MARK = "checked at the desk"  # the accept mark, as the journalist reads it in the file


def _block(value: Any) -> bool:
    # A block scalar (summary: >-) ends its own last line: its comment token holds only
    # what follows; a plain value's token starts with the rest of its own line.
    return isinstance(value, FoldedScalarString | LiteralScalarString)


def _last(node: Any) -> tuple[CommentedMap, Any] | None:
    """The mapping and key whose value ends ``node`` (where ruamel files what follows)."""
    while True:
        if isinstance(node, CommentedSeq) and len(node):
            node = node[-1]
        elif isinstance(node, CommentedMap) and len(node):
            key = list(node)[-1]
            if isinstance(node[key], CommentedMap | CommentedSeq) and len(node[key]):
                node = node[key]
            else:
                return node, key
        else:
            return None


def take_tail(node: Any) -> str:
    """Remove and return the comment lines (and blank lines) after ``node``'s last value;
    that value's own end-of-line comment stays."""
    found = _last(node)
    if found is None:
        return ""
    owner, key = found
    entry = owner.ca.items.get(key)
    token = entry[2] if entry and len(entry) > 2 else None
    if token is None:
        return ""
    if _block(owner[key]):
        head, tail = "", token.value
    else:
        cut = token.value.find("\n") + 1 or len(token.value)
        head, tail = token.value[:cut], token.value[cut:]
    if head.strip():
        token.value = head
    else:
        entry[2] = None
    return tail


def give_tail(node: Any, tail: str) -> None:
    """Put ``tail`` (from :func:`take_tail`) after ``node``'s last value, after its own."""
    found = _last(node)
    if tail and found is not None:
        give_after(*found, tail)


def give_after(owner: CommentedMap, key: Any, tail: str) -> None:
    """Put ``tail`` after ``owner[key]`` (a scalar), after that value's own comment."""
    if not tail:
        return
    entry = owner.ca.items.setdefault(key, [None, None, None, None])
    while len(entry) < 4:
        entry.append(None)
    token = entry[2]
    if token is None:
        start = "" if _block(owner[key]) else "\n"  # a plain value's line still needs its end
        entry[2] = CommentToken(start + tail, CommentMark(0), None)
    else:
        value = token.value if token.value.endswith("\n") else token.value + "\n"
        if value.endswith("\n\n") or (_block(owner[key]) and value == "\n"):
            tail = tail.lstrip("\n")  # it ends in a blank line already: one is enough
        token.value = value + tail


def _first_key_token(item: CommentedMap) -> tuple[Any, list | None, CommentToken | None]:
    key = next(iter(item))
    entry = item.ca.items.get(key)
    return key, entry, (entry[2] if entry and len(entry) > 2 else None)


def is_marked(item: CommentedMap) -> bool:
    """Whether the item's first line carries the accept mark."""
    if not isinstance(item, CommentedMap) or not len(item):
        return False
    key, _entry, token = _first_key_token(item)
    if token is None or _block(item[key]):
        return False
    return MARK in token.value.split("\n", 1)[0]


def set_mark(item: CommentedMap, on: bool) -> None:
    """Add or take off the accept mark: ``- id: x   # checked at the desk``, after any
    comment the journalist wrote on that line (``# theirs; checked at the desk``)."""
    if is_marked(item) == on or not len(item):
        return
    key, entry, token = _first_key_token(item)
    if _block(item[key]):
        return  # a first line ending in ">-" has no room for a comment: nothing to mark
    if token is None:
        entry = item.ca.items.setdefault(key, [None, None, None, None])
        entry[2] = token = CommentToken("\n", CommentMark(0), None)
    head, _, rest = token.value.partition("\n")
    if on:
        head = f"{head}; {MARK}" if head.strip() else f"# {MARK}"
    else:
        head = head.replace(f"; {MARK}", "").replace(f"# {MARK}", "").rstrip()
    token.value = f"{head}\n{rest}"
    if not head:
        # ruamel writes an end-of-line comment at the token's column, at least one space
        # after the value; 0 puts it right after: give it room as a person would
        return
    line = 2 + len(str(key)) + 2 + len(str(item[key]))  # "- id: value" as written
    if token.start_mark is None or token.column < line + 3:
        token.start_mark = CommentMark(line + 3 + 2)  # the dash and its indent, then 3
