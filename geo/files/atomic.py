"""Writing files so that a reader never sees half of one: temp file, fsync, rename.

Rules every writer of the package follows (HTML, GeoJSON, PNG, story YAML):

- The bytes go to a hidden temporary file in the target's folder,
  ``.<name>.<pid>.<random>.tmp``, which is fsynced and then renamed over the target, so the
  target is at all times either the old file, whole, or the new file, whole.
- An existing file is replaced only with ``force=True`` (the HTML writer also replaces a map
  page it wrote before without it).
- An output is never one of the command's inputs, even with ``--force``: ``render s.yaml
  -o s.yaml --force`` is refused, because ``--force`` means "replace my old output", not
  "destroy my source". See :func:`refuse_inputs`.
- A process killed mid-write (SIGKILL, power cut) leaves its temporary file behind; the next
  write to the same name in that folder deletes such files whose process is gone.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> write_atomic(p, "hello").read_text()
'hello'
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from geo.errors import InputError
from geo.files.textfile import not_regular

__all__ = ["WriteError", "check_target", "clean_stale_temps", "refuse_inputs", "write_atomic"]


class WriteError(InputError, OSError):
    """The disk refused a write (full, read-only, gone): the user can act on it, so it is
    an ``InputError`` for the command line, and still an ``OSError`` for callers."""


# Names that would print as something else: a line break fakes another message.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# A temporary file of a process that cannot be checked (another format, another host)
# is stale after this long.
_STALE_SECONDS = 24 * 3600


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare the paths
        return a.expanduser().resolve() == b.expanduser().resolve()


def refuse_inputs(outputs: Iterable[Path | None], inputs: Iterable[Path | None]) -> None:
    """An output that is an input (by any path to it), or two outputs that are one file,
    raise ``InputError``, whatever ``--force`` says.

    >>> refuse_inputs([Path("s.yaml")], [Path("./s.yaml")])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.InputError: s.yaml: is also the input file; refusing to write over it...
    """
    outs = [Path(o) for o in outputs if o is not None]
    ins = [Path(i) for i in inputs if i is not None]
    for out in outs:
        for source in ins:
            if _same_file(out, source):
                raise InputError(
                    "is also the input file; refusing to write over it, even with --force",
                    file=str(out),
                    hint="write the output under another name",
                )
    for i, out in enumerate(outs):
        for other in outs[i + 1 :]:
            if _same_file(out, other):
                raise InputError(
                    f"is given as two outputs ({out} and {other})",
                    file=str(out),
                    hint="give each output its own file name",
                )


def check_target(
    path: str | Path, *, force: bool = False, replaceable: Callable[[Path], bool] | None = None
) -> Path:
    """Raise ``InputError`` unless ``path`` may be written: its name holds no control
    character, its folder exists, it is a regular file if it exists (a folder, FIFO, device
    or socket is refused even with ``force``: writing would hang on a FIFO or replace a
    system's device node with a file), and it does not exist unless ``force`` (or
    ``replaceable(path)``) says so. Call it before the work, for every output."""
    path = Path(path).expanduser()
    if _CONTROL.search(str(path)):
        raise InputError(
            "the output name holds a control character (a line break, tab or escape)",
            file=str(path),
            hint="choose a name of letters, digits, spaces and punctuation",
        )
    try:
        mode: int | None = os.stat(path).st_mode
    except OSError:
        mode = None
    kind = not_regular(mode) if mode is not None else None
    if kind is not None:
        raise InputError(
            f"is {kind}, not a regular file; refusing to write to it, even with --force",
            file=str(path),
            hint="give the name of a file to write",
        )
    folder = path.parent
    if not folder.is_dir():
        raise InputError(
            "the folder does not exist",
            file=str(path),
            hint=f"create {folder} first, or write somewhere else",
        )
    if path.exists() and not force and not (replaceable and replaceable(path)):
        raise InputError(
            "already exists",
            file=str(path),
            hint="choose another output name, or pass --force to replace it",
        )
    return path


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (one owned by another user counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def clean_stale_temps(path: str | Path) -> int:
    """Delete ``.<name>.*.tmp`` files beside ``path`` left by writers that were killed.

    A file is stale when the process id in its name is gone (this machine), or when it is
    over a day old. Returns how many were deleted.
    """
    path = Path(path)
    prefix = f".{path.name}."
    removed = 0
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            name = entry.name
            if not (name.startswith(prefix) and name.endswith(".tmp")):
                continue
            pid_text = name[len(prefix) :].split(".", 1)[0]
            try:
                stale = not pid_alive(int(pid_text))
            except ValueError:
                stale = False
            with contextlib.suppress(OSError):
                stale = stale or time.time() - entry.stat().st_mtime > _STALE_SECONDS
                if stale:
                    os.unlink(entry.path)
                    removed += 1
    return removed


def write_atomic(
    path: str | Path,
    data: str | bytes,
    *,
    force: bool = False,
    replaceable: Callable[[Path], bool] | None = None,
    mode: int | None = None,
) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    An existing file is replaced only with ``force=True`` (or when ``replaceable(path)``),
    and only once the new content is complete on disk; a crash leaves either the old file
    or the new one. ``mode`` defaults to the replaced file's, else 0o644 (mkstemp's 0o600
    would hide a published page). Disk full or a read-only folder -> ``InputError``.
    """
    path = check_target(path, force=force, replaceable=replaceable)
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            mode = 0o644
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent
    clean_stale_temps(path)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
        _fsync_folder(folder)  # the rename itself survives a power cut
    except OSError as e:
        raise WriteError(
            f"cannot write the file: {e.strerror or e}",
            file=str(path),
            hint="check that the folder is writable and the disk has space",
        ) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return path


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be opened
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
