"""Where a command's outputs go: names checked before any work, ``-`` for stdout, folders.

- ``-o -`` writes to standard output, for the formats that are text (HTML, GeoJSON, story
  YAML); a PNG or a second ``-`` is refused.
- ``-o DIR/`` (with the trailing slash) writes ``DIR/<input stem>.html``; an existing folder
  named without the slash is refused, as a name that may be a slip.
- A name whose suffix does not say what is written (``-o map.png`` for the HTML page) is
  refused, naming the suffix to use.
- Every file written is reported on stderr (``wrote map.html``); nothing is written over an
  input, and nothing over another file without ``--force`` (``geo.files.atomic``).

>>> out = Output.parse("maps/", Path("story.yaml"), HTML, "--output")   # doctest: +SKIP
>>> out.path                                                          # doctest: +SKIP
PosixPath('maps/story.html')
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from geo.errors import InputError

__all__ = ["GEOJSON", "HTML", "PNG", "REPORT", "STORY", "Kind", "Output", "check_stdout"]


@dataclass(frozen=True)
class Kind:
    """A kind of output file: its suffixes (the first is the one to suggest), what it is,
    and whether it may go to standard output."""

    suffixes: tuple[str, ...]
    what: str
    text: bool = True


HTML = Kind((".html", ".htm"), "an HTML map")
GEOJSON = Kind((".geojson", ".json"), "GeoJSON")
PNG = Kind((".png",), "a PNG image", text=False)
STORY = Kind((".yaml", ".yml"), "a story file (YAML)")
REPORT = Kind((".csv",), "a CSV report")


@dataclass(frozen=True)
class Output:
    """A checked output: a file ``path``, or standard output (``path`` is None)."""

    path: Path | None
    kind: Kind
    option: str

    @property
    def stdout(self) -> bool:
        return self.path is None

    @classmethod
    def parse(
        cls, given: str | Path | None, source: Path | None, kind: Kind, option: str
    ) -> Output | None:
        """The output ``given`` on the command line for ``option``, checked; None if not given.

        >>> Output.parse("-", None, HTML, "-o").stdout
        True
        >>> Output.parse("map.png", None, HTML, "-o")
        Traceback (most recent call last):
        ...
        geo.errors.InputError: map.png: -o: writes an HTML map, not .png (name it map.html)
        """
        if given is None:
            return None
        text = str(given)
        if text == "-":
            if not kind.text:
                raise InputError(
                    f"{kind.what} cannot go to standard output",
                    field=option,
                    hint=f"give a file name ending in {kind.suffixes[0]}",
                )
            return cls(None, kind, option)
        path = Path(text).expanduser()
        if source is not None and not text.endswith(("/", "\\")):
            from geo.files.atomic import refuse_inputs

            # Writing over the input is the first thing to say, before any suffix advice.
            refuse_inputs([path], [source])
        if not text.endswith(("/", "\\")) and path.is_dir():
            # without the slash, a folder named like a file is more likely a mistake
            inside = f" (or -o {text.rstrip('/')}/ to write into it)" if source else ""
            raise InputError(
                "is a folder, not a file",
                file=text,
                field=option,
                hint=f"give a file name ending in {kind.suffixes[0]}{inside}",
            )
        if text.endswith(("/", "\\")):
            if source is None:
                raise InputError(
                    "is a folder", file=text, field=option, hint=f"give a file name ending in "
                    f"{kind.suffixes[0]}"
                )  # fmt: skip
            if not path.is_dir():
                raise InputError(
                    "the folder does not exist",
                    file=text,
                    field=option,
                    hint=f"create it first: mkdir -p {text.rstrip('/')}",
                )
            path = path / (Path(source).stem + kind.suffixes[0])
        suffix = path.suffix.lower()
        if suffix not in kind.suffixes:
            stem = path.name[: -len(path.suffix)] if path.suffix else path.name
            right = str(path.with_name(stem + kind.suffixes[0]))
            got = f"not {suffix}" if suffix else "but the name has no suffix"
            raise InputError(
                f"writes {kind.what}, {got}", file=text, field=option, hint=f"name it {right}"
            )
        return cls(path, kind, option)


def check_stdout(outputs: list[Output | None]) -> None:
    """At most one output may be standard output.

    >>> check_stdout([Output(None, HTML, "-o"), Output(None, GEOJSON, "--geojson")])
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.InputError: --geojson: only one output can be standard output ('-') ...
    """
    taken = [o for o in outputs if o is not None and o.stdout]
    if len(taken) > 1:
        raise InputError(
            "only one output can be standard output ('-')",
            field=taken[1].option,
            hint="write the others to files",
        )


def write_stdout(data: str | bytes) -> None:
    """Text to standard output, whole, as UTF-8."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    sys.stdout.flush()
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()
