"""Every file the desk reads or writes stays in one folder: the folder of the file it opened.

A name from the page is a bare file name: no folder part, no ``..``, no hidden file, a
suffix the endpoint expects; the resolved path must still sit in the folder (a symlink
pointing out of it is refused too).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp()).resolve()
>>> inside(folder, "map.html", (".html",)).name
'map.html'
>>> inside(folder, "../etc/passwd", (".html",))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
maps.desk.paths.OutsideFolder: name: '../etc/passwd' is not a file name in ...
"""

from __future__ import annotations

import re
from pathlib import Path

from geo.errors import InputError

__all__ = ["OutsideFolder", "inside"]

# Letters of any script, digits, space, dot, dash, underscore: what a journalist types as a
# file name, and nothing a shell, a URL or a path reads as structure.
_NAME = re.compile(r"[\w][\w .-]{0,120}\Z")


class OutsideFolder(InputError):
    """A path outside the desk's folder was asked for: the app answers 403."""


def inside(folder: Path, name: str, suffixes: tuple[str, ...]) -> Path:
    """``folder / name`` when ``name`` is a plain file name with one of ``suffixes``."""
    hint = f"give a plain file name ending in {' or '.join(suffixes)}, e.g. map{suffixes[0]}"
    if not isinstance(name, str) or not _NAME.match(name) or ".." in name:
        raise OutsideFolder(f"'{name}' is not a file name in {folder}", field="name", hint=hint)
    if not name.lower().endswith(suffixes):
        raise InputError(
            f"'{name}' does not end in {' or '.join(suffixes)}", field="name", hint=hint
        )
    path = (folder / name).resolve()
    if path.parent != folder.resolve():  # a symlink that leads out of the folder
        raise OutsideFolder(f"'{name}' leads outside {folder}", field="name", hint=hint)
    return path
