"""The review desk in headless Chromium: start on an article, pick another candidate for a
place, drag a marker, change an incident's type and date, drop a false place, save (the
saved YAML has exactly those changes and keeps its comments), publish (the files are
written); no token: 403; a path outside the folder: refused; article payloads run no script.

The server listens on 127.0.0.1, on a free port, and stops with the module. The page may
fetch only from the desk: tile requests are refused (the map draws without them)."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from geo.resources import data_path
from geo.story.model import INCIDENT_TYPES
from geo.story.read import parse_story
from geo.story.write import dump_story
from maps.desk.server import start
from maps.desk.session import Desk
from tests.browser import browser  # noqa: F401  (browser is a fixture)

pytestmark = pytest.mark.browser


def _token(url: str) -> str:
    return url.split("token=", 1)[1]


def api(running, path: str, body: dict | None = None, token: bool = True) -> tuple[int, dict]:
    base = running.url.split("/?", 1)[0]
    req = urllib.request.Request(base + path, method="POST" if body is not None else "GET")
    if token:
        req.add_header("X-Desk-Token", _token(running.url))
    if body is not None:
        req.add_header("Content-Type", "application/json")
        req.data = json.dumps(body).encode()
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        text = e.read()
        try:
            return e.code, json.loads(text)
        except ValueError:
            return e.code, {"text": text.decode()}


@pytest.fixture(scope="module")
def desk_on_article(tmp_path_factory):
    folder = tmp_path_factory.mktemp("desk")
    article = folder / "kremlin.txt"
    shutil.copy(data_path("stories/kremlin-2023-05-03.txt"), article)
    desk = Desk.open(article)
    with start(desk) as running:
        yield desk, running


def open_desk(chromium, running, width: int = 1200, height: int = 800):
    page = chromium.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.accept()))
    # Refuse everything but the desk with a regex the browser itself applies. A Python
    # predicate would send every desk request through this thread, and the sync API runs
    # route handlers only while the test is inside a playwright call: an edit fetched after
    # click() returned waited for the next one while wait_version slept (the page stayed at
    # "checking...", on a loaded machine, where the page's script runs late).
    local = running.url.split("/?", 1)[0]
    page.route(re.compile("^(?!" + re.escape(local) + "/)"), lambda r: r.abort())
    # Every fetch of the page starts 100 ms late, as on a loaded machine, so a test that
    # only passes when the page's script outruns the test thread fails every time.
    page.add_init_script(
        "const f = window.fetch;"
        "window.fetch = (...a) => new Promise((ok) => setTimeout(() => ok(f(...a)), 100));"
    )
    page.goto(running.url)
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    return page, errors, dialogs


def wait_map(page, running) -> int:
    """Wait until the map frame shows the story's current version; returns it."""
    version = api(running, "/api/state")[1]["version"]
    page.wait_for_selector(f"#map[data-ready='{version}']", state="attached", timeout=90_000)
    return version


def wait_version(running, above: int, page=None) -> dict:
    """The desk's state once a change past version ``above`` reached it and, with ``page``,
    once the page drew it (a form filled before that is drawn again, message and all)."""
    for _ in range(1800):  # a busy machine (load 15 on 2 cores): up to three minutes
        state = api(running, "/api/state")[1]
        if state["version"] > above:
            if page is not None:
                page.wait_for_selector(f"body[data-version='{state['version']}']")
            return state
        time.sleep(0.1)
    said = page.locator("#status").text_content() if page is not None else ""
    import faulthandler
    import sys

    faulthandler.dump_traceback(file=sys.stderr, all_threads=True)  # what the server is doing
    raise AssertionError(f"the change did not reach the desk; the page says: {said}")


def stable_box(locator) -> dict:
    """The element's box once it stops moving (the map may still be fitting the story)."""
    box = locator.bounding_box()
    for _ in range(50):
        time.sleep(0.3)
        again = locator.bounding_box()
        if again == box:
            return box
        box = again
    return box


def test_review_save_and_publish(browser, desk_on_article) -> None:  # noqa: F811
    desk, running = desk_on_article
    draft = parse_story(desk.text)
    page, errors, dialogs = open_desk(browser, running)
    version = wait_map(page, running)

    # 1. another candidate for Bryansk: the city, not the region
    bryansk = next(p for p in draft.places if p.name == "Bryansk")
    rows = api(running, f"/api/candidates?place={bryansk.id}")[1]
    pick = next(i for i, r in enumerate(rows) if r["kind"] == "city" and r["country"] == "RU")
    card = page.locator(f'.card[data-key="places/{bryansk.id}"]')
    card.get_by_role("button", name="Candidates").click()
    card.locator(".cands button").nth(pick).click()
    state = wait_version(running, version, page)
    version = wait_map(page, running)
    city = rows[pick]

    # 2. drop a false place: one no incident or distance names ("Russia", a country point)
    used = {i.place for i in draft.incidents} | {d.start for d in draft.distances}
    false = next(p for p in draft.places if p.id not in used and p.kind == "country")
    page.locator(f'.card[data-key="places/{false.id}"]').get_by_role("button", name="Drop").click()
    state = wait_version(running, version, page)
    assert false.id not in {p["id"] for p in state["items"]["places"]}
    version = wait_map(page, running)

    # 3. drag the Moscow marker south-east
    moscow = next(p for p in draft.places if p.name == "Moscow")
    before = state["resolved"]["places"][moscow.id]
    page.locator(f'.card[data-key="places/{moscow.id}"]').get_by_role(
        "button", name="Move on map"
    ).click()
    wait_map(page, running)
    handle = page.frame_locator("#map").locator(".desk-handle")
    box = stable_box(handle)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 10, y + 8, steps=4)
    page.mouse.move(x + 40, y + 30, steps=8)
    page.mouse.up()
    page.screenshot(path=str(desk.folder / "after-drag.png"))
    state = wait_version(running, version, page)
    version = wait_map(page, running)
    moved = next(p for p in state["items"]["places"] if p["id"] == moscow.id)
    assert moved["lat"] < before["lat"] and moved["lon"] > before["lon"]

    # 4. an incident's type and date; a date that does not exist is refused with its message
    incident = draft.incidents[0]
    new_type = next(t for t in INCIDENT_TYPES if t != incident.type)
    card = page.locator(f'.card[data-key="incidents/{incident.id}"]')
    card.locator("select[name=type]").select_option(new_type)
    state = wait_version(running, version, page)
    version = state["version"]
    card = page.locator(f'.card[data-key="incidents/{incident.id}"]')
    card.locator("input[name=date]").fill("2023-02-30")
    card.locator("input[name=date]").press("Tab")
    page.wait_for_selector(".err:has-text('February 2023 has 28 days')")
    assert api(running, "/api/state")[1]["version"] == version
    card.locator("input[name=date]").fill("2023-05-04")
    card.locator("input[name=date]").press("Tab")
    state = wait_version(running, version, page)
    version = wait_map(page, running)

    # 5. save: exactly those changes, and the comments of the draft
    page.locator("#save").click()
    page.wait_for_selector("#status:has-text('saved to kremlin.yaml')")
    saved_text = (desk.folder / "kremlin.yaml").read_text(encoding="utf-8")
    saved = parse_story(saved_text)
    pinned = next(p for p in saved.places if p.id == moscow.id)
    places = []
    for p in draft.places:
        if p.id == false.id:
            continue
        if p.id == bryansk.id:
            p = dataclasses.replace(p, name=city["name"], country=city["country"])
            p = dataclasses.replace(p, kind=city["kind"], lat=city["lat"], lon=city["lon"])
        if p.id == moscow.id:
            p = dataclasses.replace(p, lat=pinned.lat, lon=pinned.lon)
        places.append(p)
    first = dataclasses.replace(
        incident, type=new_type, date_start=parse_story("title: x\ndate: 2023-05-04").date,
        date_end=None,
    )  # fmt: skip
    expected = dataclasses.replace(
        draft, places=tuple(places), incidents=(first, *draft.incidents[1:])
    )
    assert saved == expected
    assert (round(pinned.lat, 5), round(pinned.lon, 5)) == (moved["lat"], moved["lon"])
    comments = [line for line in dump_story(draft).splitlines() if line.startswith("#")]
    assert comments and all(line in saved_text.splitlines() for line in comments)

    # 6. publish: the page, a PNG and the GeoJSON beside the story, and the embed snippet
    page.locator("#pubname").fill("kremlin-map")
    page.locator("#puburl").fill("https://news.example/maps/kremlin-map.html")
    page.locator("#publish").click()
    page.wait_for_selector("#published:not([hidden])", timeout=180_000)
    html = (desk.folder / "kremlin-map.html").read_text(encoding="utf-8")
    assert "leaflet" in html.lower() and saved.title in html
    assert (desk.folder / "kremlin-map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    layers = json.loads((desk.folder / "kremlin-map.geojson").read_text(encoding="utf-8"))
    assert layers["type"] == "FeatureCollection" and layers["features"]
    snippet = page.locator("#snippet").input_value()
    assert "<iframe" in snippet and "https://news.example/maps/kremlin-map.html" in snippet
    assert errors == [] and dialogs == []
    page.screenshot(path=str(desk.folder / "desk-1200x800.png"))


def test_no_token_403_and_no_path_outside_the_folder(desk_on_article) -> None:
    desk, running = desk_on_article
    for path in ("/", "/api/state", "/map", "/static/desk.js"):
        assert api(running, path, token=False)[0] == 403
    status, body = api(running, "/api/save", {"name": "../outside.yaml"})
    assert status == 403 and "not a file name" in body["error"]
    assert not (desk.folder.parent / "outside.yaml").exists()
    status, body = api(running, "/api/publish", {"name": "/tmp/outside"})
    assert status == 403


PAYLOADS = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=window.__pwned=1>",
    "<svg onload=window.__pwned=1>",
    '"\'><iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    "javascript:window.__pwned=1",
]


def test_article_payloads_run_no_script(browser, tmp_path: Path) -> None:  # noqa: F811
    article = tmp_path / "hostile.txt"
    article.write_text(
        f"Moscow, 3 May 2023. Two drones were shot down over Moscow {PAYLOADS[0]} on Tuesday, "
        f"officials said {PAYLOADS[1]}. Saboteurs derailed two trains in Bryansk {PAYLOADS[2]} "
        f"on Monday. {PAYLOADS[3]} A drone attack hit Kursk {PAYLOADS[4]} on Wednesday.\n",
        encoding="utf-8",
    )
    desk = Desk.open(article)
    with start(desk) as running:
        page, errors, dialogs = open_desk(browser, running)
        wait_map(page, running)
        text = page.locator("#article").text_content()
        assert all(p in text for p in PAYLOADS)
        assert page.locator("#article *:not(mark)").count() == 0
        assert page.locator("#items script, #items img, #items svg, #items iframe").count() == 0
        summaries = page.locator("textarea[name=summary]").all()
        assert summaries and any("<" in s.input_value() for s in summaries)
        page.locator("mark").first.click()
        assert page.evaluate("() => window.__pwned") is None
        frame = page.frame_locator("#map")
        # the desk's own blocks (Leaflet, the story's script) come from /asset/, nothing else
        foreign = "script[src]:not([src^='/asset/']), img[src='x'], svg[onload]"
        assert frame.locator(foreign).count() == 0
        assert dialogs == [] and errors == []


def test_incident_form_takes_killed_injured_and_event_type(
    browser,  # noqa: F811
    tmp_path: Path,
    kremlin_story_path: Path,
) -> None:
    shutil.copy(kremlin_story_path, tmp_path / "kremlin.yaml")
    desk = Desk.open(tmp_path / "kremlin.yaml")
    with start(desk) as running:
        page, errors, dialogs = open_desk(browser, running)
        card = page.locator('.card[data-key="incidents/kremlin-drones"]')
        # the story file's own message for a bad figure, and nothing changes
        card.locator("input[name=killed]").fill("-2")
        card.locator("input[name=killed]").press("Tab")
        page.wait_for_selector(".err:has-text('is not a count')")
        assert "killed" in card.locator(".err").text_content()
        assert desk.version == 0
        version = desk.version
        for name, value in (("killed", "3"), ("injured", "12")):
            card = page.locator('.card[data-key="incidents/kremlin-drones"]')
            card.locator(f"input[name={name}]").fill(value)
            card.locator(f"input[name={name}]").press("Tab")
            version = wait_version(running, version, page)["version"]
        card = page.locator('.card[data-key="incidents/kremlin-drones"]')
        card.get_by_label("at least").first.check()
        version = wait_version(running, version, page)["version"]
        card = page.locator('.card[data-key="incidents/kremlin-drones"]')
        card.locator("select[name=event_type]").select_option("battles")
        wait_version(running, version, page)
        got = parse_story(desk.text).incidents[0]
        assert (got.killed, got.killed_at_least, got.injured, got.injured_at_least) == (
            3,
            True,
            12,
            False,
        )
        assert got.event == "battles" and got.type == "disrupted_weapons_use"
        card = page.locator('.card[data-key="incidents/kremlin-drones"]')
        assert card.locator("input[name=killed]").input_value() == "3"
        assert card.locator("input[name=killed_at_least]").is_checked()
        assert errors == [] and dialogs == []


def test_a_stopped_desk_is_said_not_left_at_checking(
    browser,  # noqa: F811
    tmp_path: Path,
    kremlin_story_path: Path,
) -> None:
    shutil.copy(kremlin_story_path, tmp_path / "kremlin.yaml")
    running = start(Desk.open(tmp_path / "kremlin.yaml"))
    try:
        page, errors, _dialogs = open_desk(browser, running)
    finally:
        running.stop()  # the journalist pressed Ctrl+C in the terminal
    box = page.locator('.card[data-key="incidents/kremlin-drones"] input[name=count]')
    box.fill("3")
    box.press("Tab")
    page.wait_for_selector("#status:has-text('the desk is not running')", timeout=30_000)
    assert page.locator('.card[data-key="incidents/kremlin-drones"] .err').text_content() == (
        "the desk is not running: start incident-map desk again (your last change was not made)"
    )
    assert errors == []


def test_a_change_keeps_the_view_the_reader_zoomed_to(
    browser,  # noqa: F811
    tmp_path: Path,
    kremlin_story_path: Path,
) -> None:
    shutil.copy(kremlin_story_path, tmp_path / "kremlin.yaml")
    desk = Desk.open(tmp_path / "kremlin.yaml")
    with start(desk) as running:
        page, errors, _ = open_desk(browser, running)
        wait_map(page, running)
        frame = page.frame_locator("#map")
        zoom = "() => Object.values(window).find(v => v instanceof L.Map).getZoom()"
        fitted = page.frame(url=re.compile("/map")).evaluate(zoom)
        for _ in range(2):
            frame.locator(".leaflet-control-zoom-in").click()
            page.wait_for_timeout(600)  # the zoom animation
        mine = page.frame(url=re.compile("/map")).evaluate(zoom)
        assert mine == fitted + 2
        card = page.locator('.card[data-key="incidents/kremlin-drones"]')
        card.locator("input[name=killed]").fill("1")
        card.locator("input[name=killed]").press("Tab")
        wait_version(running, 0, page)
        wait_map(page, running)
        assert page.frame(url=re.compile("/map")).evaluate(zoom) == mine
        assert errors == []
