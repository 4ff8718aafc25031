"""The preview map's big inline blocks, served as files the browser keeps.

The map page ``build_map(..., self_contained=True)`` draws is ~0.6-1 MB: Leaflet's script
(160 kB) and style with the icon font (220 kB) inline, the same bytes on every change. The
desk's frame reloads that page after each change; with those blocks as files named by their
content, the browser takes them from its cache (parsed and compiled once) and only the
story's own script is new. The published page stays self-contained: only the preview is
served this way, from the desk itself (works offline).

>>> store = Assets()
>>> page = "<html><script>" + "var a = 1;" * 3000 + "</script><p>x</p></html>"
>>> html = store.externalize(page, "?token=t")
>>> html  # doctest: +ELLIPSIS
'<html><script src="/asset/....js?token=t"></script><p>x</p></html>'
>>> name = html.split("/asset/")[1].split("?")[0]
>>> store.get(name)[0], len(store.get(name)[1])
('text/javascript', 30000)
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict

__all__ = ["Assets"]

# Only blocks without attributes: a <script type=...> or <style media=...> stays inline.
# The HTML parser ends a script at its first "</script", as this pattern does.
_BLOCK = re.compile(r"<(script|style)>(.*?)</\1>", re.S)
_MIME = {"js": "text/javascript", "css": "text/css"}
MIN_BYTES = 20_000  # smaller blocks cost more as a request than they save
KEEP = 64  # blocks kept: the static ones and the story's last few scripts


class Assets:
    """Content-named blocks cut out of map pages, kept for the frame to fetch."""

    def __init__(self) -> None:
        self._files: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def externalize(self, html: str, query: str) -> str:
        """``html`` with each big inline script or style as a link to ``/asset/NAME``
        (``query`` carries the desk's token); same order, so the page runs the same."""

        def cut(m: re.Match[str]) -> str:
            kind, body = m.group(1), m.group(2)
            if len(body) < MIN_BYTES:
                return m.group(0)
            ext = "js" if kind == "script" else "css"
            name = hashlib.sha256(body.encode()).hexdigest()[:24] + "." + ext
            with self._lock:
                self._files[name] = body
                self._files.move_to_end(name)
                while len(self._files) > KEEP:
                    self._files.popitem(last=False)
            if ext == "js":
                return f'<script src="/asset/{name}{query}"></script>'
            return f'<link rel="stylesheet" href="/asset/{name}{query}">'

        return _BLOCK.sub(cut, html)

    def get(self, name: str) -> tuple[str, str] | None:
        """(media type, text) of a block, or None when it is not (or no longer) kept."""
        with self._lock:
            body = self._files.get(name)
        if body is None:
            return None
        return _MIME[name.rsplit(".", 1)[1]], body
