"""Small page behaviours: the title box gives way to popups; credit and attribution on phones.

- A popup opens panned clear of the title box; when it still meets it (a phone), the title
  box steps aside (hidden) until the popup closes, so it is never drawn over a popup.
- On a narrow screen Leaflet's attribution (tiles, boundaries, basemap sources) moves into
  the credit box, under the credit line, so neither covers the other at 375 px.

>>> import folium
>>> m = folium.Map(tiles=None)
>>> _ = PageBehaviour().add_to(m)
>>> "popupopen" in m.get_root().render()
True
"""

from __future__ import annotations

from branca.element import MacroElement, Template

from maps.layers.legend import NARROW


class PageBehaviour(MacroElement):
    """Add after the title box, the credit line and the attribution."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .im-popup-open .im-title { visibility: hidden; }
          .im-credit .leaflet-control-attribution { display: block; margin: 3px 0 0;
                padding: 0; background: none; font-size: 10px; line-height: 1.3;
                color: #555; box-shadow: none; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map) {
            var c = map.getContainer();
            function rect(el) { return el.getBoundingClientRect(); }
            function meets(a, b) {
                return a.left < b.right && b.left < a.right && a.top < b.bottom &&
                       b.top < a.bottom;
            }
            map.on("popupopen", function (e) {
                var title = c.querySelector(".im-title"), pop = e.popup.getElement();
                if (!title || !pop) { return; }
                var t = rect(title), o = rect(c);
                e.popup.options.autoPanPaddingTopLeft = L.point(
                    Math.min(t.right - o.left, o.width / 2) + 8, t.bottom - o.top + 8);
                if (e.popup._adjustPan) { e.popup._adjustPan(); }
                if (meets(rect(title), rect(pop))) { L.DomUtil.addClass(c, "im-popup-open"); }
            });
            map.on("popupclose", function () { L.DomUtil.removeClass(c, "im-popup-open"); });
            var narrow = window.matchMedia && window.matchMedia({{ this.narrow|tojson }});
            var credit = c.querySelector(".im-credit");
            var attribution = map.attributionControl && map.attributionControl.getContainer();
            function arrange() {
                if (!credit || !attribution) { return; }
                if (narrow && narrow.matches) { credit.appendChild(attribution); }
                else if (attribution.parentNode === credit) {
                    map.attributionControl.remove();
                    map.attributionControl.addTo(map);
                    attribution = map.attributionControl.getContainer();
                }
            }
            arrange();
            if (narrow && narrow.addEventListener) { narrow.addEventListener("change", arrange); }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "PageBehaviour"
        self.narrow = NARROW
