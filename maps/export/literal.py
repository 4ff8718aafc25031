"""Render a map page without ever reading user text as template source.

Branca renders each element's macros (``header``, ``html``, ``script``) and files the result
under the page as ``Element(rendered_text)``; ``Element(text)`` compiles ``text`` as a Jinja
template and renders it a second time. Folium's popups and tooltips do the same. So a story
title, a table cell or a tile key holding ``{{7*7}}`` came out as ``49``, ``{% ... %}`` was a
syntax error, and ``{{ ...__globals__... }}`` ran code. Escaping cannot help: HTML and JSON
escaping leave braces alone.

The fix is one mechanism at the root: while a page renders, an ``Element`` built from a
string keeps that string as text (elements built before rendering, such as the figure's own
``{% for %}`` container, keep their templates). :func:`seal` gives a map's root figure this
render; :func:`literal_elements` is the context it uses.

>>> import folium
>>> m = seal(folium.Map(tiles=None))
>>> _ = m.add_child(folium.Marker([0, 0], tooltip="{{7*7}}"))
>>> "{{7*7}}" in m.get_root().render()
True
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import folium
from branca.element import Element, Figure

__all__ = ["LiteralFigure", "literal_elements", "seal"]

_lock = threading.RLock()
_depth = 0


class _Text:
    """Stands in for a compiled template: renders to its text as it is.

    Jinja drops one trailing newline of a template's source; so does this, so pages of
    ordinary input keep their bytes.
    """

    module = SimpleNamespace()  # MacroElement looks its macros up here: there are none

    def __init__(self, text: str) -> None:
        self.text = text[:-1] if text.endswith("\n") else text

    def render(self, *args: Any, **kwargs: Any) -> str:
        return self.text


_original_init = Element.__init__


def _literal_init(
    self: Element, template: str | None = None, template_name: str | None = None
) -> None:
    _original_init(self, None, template_name)
    if template is not None:
        self._template_str = template
        self._template = _Text(template)  # type: ignore[assignment]


@contextmanager
def literal_elements() -> Iterator[None]:
    """Within this block, ``Element(text)`` holds ``text`` as text, never as a template.

    Process-wide (branca builds the elements deep inside its own render), so it is held
    under a lock and undone on the way out; nested uses are fine.
    """
    global _depth
    with _lock:
        if _depth == 0:
            Element.__init__ = _literal_init  # type: ignore[method-assign]
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
            if _depth == 0:
                Element.__init__ = _original_init  # type: ignore[method-assign]


class LiteralFigure(Figure):
    """A branca ``Figure`` whose render never compiles rendered text (see module doc)."""

    def render(self, **kwargs: Any) -> str:
        with literal_elements():
            return super().render(**kwargs)


def seal(m: folium.Map) -> folium.Map:
    """Give ``m``'s root figure the literal render (in place); returns ``m``."""
    root = m.get_root()
    if isinstance(root, Figure) and not isinstance(root, LiteralFigure):
        root.__class__ = LiteralFigure
    return m
