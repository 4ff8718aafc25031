"""The ``extract`` and ``build`` commands: from article text to a story file, or to a map.

Registered on the ``incident-map`` app by ``maps.cli.app``; this module does not import it, so
the two can load in either order. Errors are ``InputError`` s, which the CLI turns into
exit code 2 with the message.

    incident-map extract article.txt -o story.yaml --date 2023-05-03
    incident-map build article.txt -o map.html --story story.yaml

Both print one summary line (incidents, places, distances, the claims that could not be
checked) and a warning for a draft with no incident, no place, or places thousands of
kilometres apart; with ``--strict`` those warnings make the exit code 2 (the file is still
written, for review).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from geo.errors import InputError
from geo.files.textfile import read_text
from maps.cli import publish

__all__ = ["MAX_ARTICLE_BYTES", "build_command", "extract_command", "read_article"]

# A long feature is 50 KB of text; drafting slows down faster than linearly with the length
# of a paragraph (the sentence splitter), so a file past this is refused, not chewed on.
MAX_ARTICLE_BYTES = 200_000


def read_article(path: Path) -> str:
    """The article's text; a missing, unreadable or non-UTF-8 file is an ``InputError``.

    >>> read_article(Path("/no/such/article.txt"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.InputError: /no/such/article.txt: no such file (check the path ...)
    """
    name = str(path)
    text = read_text(path, "text file", limit=MAX_ARTICLE_BYTES)
    if not text.strip():
        raise InputError("the article is empty", file=name, hint="paste the article's text in")
    return text


def _parse_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"'{text}' is not a date",
            field="--date",
            hint="write it as YYYY-MM-DD, e.g. 2023-05-03",
        ) from None


def _extract(
    article: Path, day: str | None, title: str | None, source: str | None, url: str | None
):
    from geo.text.extract import extract

    text = read_article(article)
    return extract(
        text, article_date=_parse_date(day), title=title, source_name=source, source_url=url
    )


def _say(message: str) -> None:
    from geo.errors import safe_lines

    sys.stderr.write(safe_lines(message) + "\n")


def _report(story, resolved, strict: bool) -> None:
    """Print the draft's summary line and warnings; under ``strict`` warnings exit 2."""
    from geo.text.report import draft_report

    report = draft_report(story, resolved)
    _say(f"drafted: {report.summary}")
    for warning in report.warnings:
        _say(f"warning: {warning}")
    if strict and report.warnings:
        _say(f"error: --strict: {len(report.warnings)} warning(s) about the draft")
        raise typer.Exit(code=2)


def _try_resolve(story):
    """The story placed and measured, or None (with a warning) when a reference fails."""
    from geo.story.resolve import resolve_story

    try:
        return resolve_story(story)
    except InputError as err:
        _say(f"warning: the draft does not place every item yet: {err}")
        return None


Date = Annotated[
    str | None,
    typer.Option("--date", help="The article's date, YYYY-MM-DD (else the dateline's)."),
]
Title = Annotated[str | None, typer.Option(help="Title of the map (else one is drafted).")]
SourceName = Annotated[
    str | None, typer.Option("--source", help="Who published the article, e.g. 'AFP'.")
]
SourceUrl = Annotated[str | None, typer.Option("--source-url", help="The article's address.")]
Force = Annotated[bool, typer.Option(help="Overwrite an existing output file.")]
Strict = Annotated[
    bool,
    typer.Option(help="Exit 2 when the draft has no incident, no place, or far-apart places."),
]


def extract_command(
    article: Annotated[Path, typer.Argument(help="The article as a UTF-8 text file.")],
    output: Annotated[
        str,
        typer.Option("-o", "--output", help="Story file (YAML) to write; '-' writes to stdout."),
    ],
    day: Date = None,
    title: Title = None,
    source: SourceName = None,
    source_url: SourceUrl = None,
    force: Force = False,
    strict: Strict = False,
) -> None:
    """Draft a story file from an article, for the journalist to review before render."""
    from geo.files.atomic import check_target, refuse_inputs
    from geo.story.write import dump_story, save_story
    from maps.cli.outputs import STORY, Output, write_stdout

    out = Output.parse(output, article, STORY, "--output")
    assert out is not None
    if out.path is not None:
        refuse_inputs([out.path], [article])
        check_target(out.path, force=force)
    story = _extract(article, day, title, source, source_url)
    counts = (
        f"{len(story.incidents)} incidents, {len(story.places)} places, "
        f"{len(story.distances)} distances"
    )
    if out.path is None:
        write_stdout(dump_story(story))
        _say(f"drafted {counts}; to review it in a file: incident-map extract "
             f"{_quoted(article)} -o {_quoted(Path(article.stem + '.yaml'))}")  # fmt: skip
        _report(story, _try_resolve(story), strict)
        return
    written = save_story(story, out.path, force=force)
    _say(
        f"wrote {written}: {counts}; review it, then: "
        f"incident-map render {_quoted(written)} -o {_quoted(written.with_suffix('.html'))}"
    )
    _report(story, _try_resolve(story), strict)


def _quoted(path: Path) -> str:
    """A path as the shell takes it back."""
    import shlex

    return shlex.quote(str(path))


def build_command(
    article: Annotated[Path, typer.Argument(help="The article as a UTF-8 text file.")],
    output: publish.OutputOpt,
    day: Date = None,
    title: Title = None,
    source: SourceName = None,
    source_url: SourceUrl = None,
    story: Annotated[
        Path | None, typer.Option("--story", help="Also write the drafted story file here.")
    ] = None,
    tiles: publish.Tiles = None,
    tiles_key: publish.TilesKey = None,
    view: publish.ViewOpt = None,
    self_contained: publish.SelfContained = False,
    geojson: publish.GeojsonOpt = None,
    png: publish.PngOpt = None,
    png_size: publish.PngSize = "1200x800",
    force: Force = False,
    no_title: publish.NoTitle = False,
    units: publish.Units = None,
    strict: Strict = False,
) -> None:
    """Extract, place and draw an article in one go (unreviewed: check the map); takes
    render's publishing options."""
    from geo.files.atomic import check_target
    from maps.cli.outputs import STORY, Output

    tiles = publish.tiles_and_units(tiles, self_contained, units)
    targets = publish.check_targets(
        article, output, geojson, png, png_size, force=force, extra=(story,)
    )
    publish.check_view(view)
    if story is not None:
        Output.parse(story, None, STORY, "--story")
        check_target(story, force=force)
    drafted = publish.with_view(_extract(article, day, title, source, source_url), view)

    from geo.story.resolve import resolve_story
    from geo.story.write import save_story
    from maps.cli.render import draw_story

    if story is not None:
        written = save_story(drafted, story, force=force)
        _say(f"wrote {written}: the drafted story, to review")
    resolved = resolve_story(drafted)
    look = {"units": units, "show_title": False if no_title else None}
    draw_story(resolved, targets, tiles, tiles_key, self_contained, force, lambda _: None, look)
    _report(drafted, resolved, strict)
