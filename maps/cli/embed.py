"""``incident-map embed``: the HTML snippet a CMS takes to embed a published map."""

from __future__ import annotations

import sys
from typing import Annotated

import typer


def embed(
    map_url: Annotated[str, typer.Argument(help="Published address of the map page.")],
    title: Annotated[
        str, typer.Option(help="What the map shows (the iframe's title).")
    ] = "Interactive map",
    aspect: Annotated[str, typer.Option(help="Width:height of the embed box.")] = "4:3",
    fallback_image: Annotated[
        str | None, typer.Option(help="URL of a PNG shown without JavaScript (render --png).")
    ] = None,
) -> None:
    """Print the HTML a CMS takes to embed a published map: responsive iframe and fallback."""
    from maps.export.embed import embed_snippet

    snippet = embed_snippet(map_url, title=title, aspect=aspect, fallback_image=fallback_image)
    sys.stdout.write(snippet)
