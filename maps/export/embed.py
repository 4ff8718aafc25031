"""The HTML snippet a CMS takes to embed a published map page.

A responsive box holding a lazy ``<iframe>`` with a title (screen readers announce it): the
box keeps the aspect ratio on wide screens and grows taller on phones (a minimum height of
``min(PHONE_HEIGHT, PHONE_VW)``: a 4:3 box on a 375 px phone is 281 px high, too flat for a
map under a title; with it the box is 375x487), in inline CSS a CMS keeps. Then a plain
link to the map, with the fallback image (a PNG from ``render --png``) inside ``<noscript>``
for readers and feeds without JavaScript or iframes.
Every value is escaped; URLs must be http(s) or a path on the same site.

>>> print(embed_snippet("https://example.org/map.html", title="Drones", aspect="16:9"))
... # doctest: +ELLIPSIS
<figure class="incident-map-embed" style="margin:1em 0;">
  <div style="position:relative;width:100%;aspect-ratio:16 / 9;min-height:min(500px, 130vw);">
...
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from geo.errors import InputError

PHONE_HEIGHT = "500px"  # the most a phone-sized box grows to...
PHONE_VW = "130vw"  # ...as a share of the screen's width: portrait on phones

_ASPECT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[:/x]\s*(\d+(?:\.\d+)?)\s*$")


def parse_aspect(aspect: str) -> tuple[float, float]:
    """``"4:3"`` (or ``4/3``, ``4x3``) -> ``(4.0, 3.0)``; ``InputError`` otherwise.

    >>> parse_aspect("16:9")
    (16.0, 9.0)
    """
    match = _ASPECT.match(aspect)
    w, h = (float(match.group(1)), float(match.group(2))) if match else (0.0, 0.0)
    if w <= 0 or h <= 0:
        raise InputError(
            f"aspect ratio {aspect!r} is not WIDTH:HEIGHT", field="--aspect", hint="e.g. 4:3"
        )
    return w, h


def check_url(url: str, field: str) -> str:
    """``url`` when it is http(s) with a host, or a path on the embedding site (``/maps/x``)."""
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018  (a port out of range or not a number raises here)
    except ValueError:  # 'https://[::1/m.html': an unclosed IPv6 bracket
        parts = None
    web = parts is not None and parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)
    local = (
        parts is not None
        and not parts.scheme
        and not parts.netloc
        and text.startswith("/")
        and "\\" not in text
    )
    if not (web or local) or any(c.isspace() or ord(c) < 32 for c in text):
        raise InputError(
            f"{url!r} is not an http(s) URL",
            field=field,
            hint="give the published address, e.g. https://example.org/maps/story.html",
        )
    return text


def _num(x: float) -> str:
    return f"{x:g}"


def embed_snippet(
    map_url: str,
    *,
    title: str = "Interactive map",
    aspect: str = "4:3",
    fallback_image: str | None = None,
) -> str:
    """The embed code for ``map_url``: responsive iframe, fallback link and image."""
    url = html.escape(check_url(map_url, "MAP_URL"), quote=True)
    w, h = parse_aspect(aspect)
    label = html.escape(title.strip() or "Interactive map", quote=True)
    image = ""
    if fallback_image:
        src = html.escape(check_url(fallback_image, "--fallback-image"), quote=True)
        image = (
            f'\n  <noscript><a href="{url}"><img src="{src}" alt="{label}" '
            f'style="width:100%;height:auto;display:block;"></a></noscript>'
        )
    return (
        '<figure class="incident-map-embed" style="margin:1em 0;">\n'
        f'  <div style="position:relative;width:100%;aspect-ratio:{_num(w)} / {_num(h)};'
        f'min-height:min({PHONE_HEIGHT}, {PHONE_VW});">\n'
        f'    <iframe src="{url}" title="{label}" loading="lazy" allowfullscreen\n'
        '      referrerpolicy="strict-origin-when-cross-origin"\n'
        '      style="position:absolute;inset:0;width:100%;height:100%;border:0;"></iframe>\n'
        f"  </div>{image}\n"
        f'  <figcaption><a href="{url}">Open the map: {label}</a></figcaption>\n'
        "</figure>\n"
    )
