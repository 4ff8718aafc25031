"""The ``extract`` and ``build`` commands: from article text to a story file, or to a map.

Registered on the ``incident-map`` app by ``maps.cli.app``; this module does not import it, so
the two can load in either order. Errors are ``InputError`` s, which the CLI turns into
exit code 2 with the message.

    incident-map extract article.txt -o story.yaml --date 2023-05-03
    incident-map build article.txt -o map.html --story story.yaml
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from geo.errors import InputError
from geo.files.textfile import read_text

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


def extract_command(
    article: Annotated[Path, typer.Argument(help="The article as a UTF-8 text file.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Story file (YAML) to write.")],
    day: Date = None,
    title: Title = None,
    source: SourceName = None,
    source_url: SourceUrl = None,
    force: Force = False,
) -> None:
    """Draft a story file from an article, for the journalist to review before render."""
    from geo.files.atomic import check_target, refuse_inputs
    from geo.story.write import save_story

    refuse_inputs([output], [article])
    check_target(output, force=force)
    story = _extract(article, day, title, source, source_url)
    written = save_story(story, output, force=force)
    _say(
        f"wrote {written}: {len(story.incidents)} incidents, {len(story.places)} places, "
        f"{len(story.distances)} distances; review it, then: incident-map render {written}"
    )


def build_command(
    article: Annotated[Path, typer.Argument(help="The article as a UTF-8 text file.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML map to write.")],
    day: Date = None,
    title: Title = None,
    source: SourceName = None,
    source_url: SourceUrl = None,
    story: Annotated[
        Path | None, typer.Option("--story", help="Also write the drafted story file here.")
    ] = None,
    tiles: Annotated[
        str, typer.Option(help="xyzservices provider name, or 'none' for a plain background.")
    ] = "OpenStreetMap.Mapnik",
    force: Force = False,
) -> None:
    """Extract, place and draw an article in one go (unreviewed: check the map)."""
    from geo.files.atomic import check_target, refuse_inputs
    from maps.export.save import check_html_target

    refuse_inputs([output, story], [article])
    check_html_target(output, force=force)
    if story is not None:
        check_target(story, force=force)
    drafted = _extract(article, day, title, source, source_url)  # bad input fails first

    from geo.story.resolve import resolve_story
    from geo.story.write import save_story
    from maps.export.save import save_html
    from maps.page.compose import build_map

    if story is not None:
        save_story(drafted, story, force=force)
    resolved = resolve_story(drafted)
    written = save_html(build_map(resolved, tiles=tiles), output, force=force)
    for warning in resolved.warnings:
        _say(f"warning: {warning}")
    for row in resolved.distances.itertuples():
        check = f" ({row.verdict})" if row.verdict else ""
        _say(f"{row.label}: {row.km:.0f} km{check}")
    _say(f"wrote {written}")
