"""The desk's ASGI app (Starlette): one page, its two static files, the map, small JSON calls.

Safe by construction: every request must carry the desk's token (``?token=`` or the
``X-Desk-Token`` header) and name the loopback host, else 403; file names from the page go
through ``maps.desk.paths.inside``; the page's script puts every string in as text.

>>> from starlette.testclient import TestClient
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "s.yaml"
>>> _ = p.write_text("title: Drones\\n")
>>> client = TestClient(create_app(Desk.open(p), "secret"), base_url="http://127.0.0.1")
>>> client.get("/api/state").status_code, client.get("/api/state?token=secret").status_code
(403, 200)
"""

from __future__ import annotations

import hmac
import json
from importlib import resources
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from geo.errors import InputError
from maps.desk import actions
from maps.desk.assets import Assets
from maps.desk.paths import OutsideFolder
from maps.desk.session import Desk

__all__ = ["create_app"]

_STATIC = {"desk.js": "text/javascript", "desk.css": "text/css"}
# The desk page runs only its own script file; the map frame is our own /map page.
_PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'none'"
)
# folium's page is inline script and style; it may fetch tiles, nothing may frame it but us.
_MAP_CSP = "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; connect-src 'none'"
_IMMUTABLE = "private, max-age=31536000, immutable"
_FORBIDDEN = (
    "forbidden: open the desk with the address incident-map desk printed (it carries a token)\n"
)


class _Guard:
    """ASGI middleware: the token on every request, the loopback host (no DNS rebinding)."""

    def __init__(self, app: Any, token: str) -> None:
        self.app, self.token = app, token

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = headers.get("x-desk-token") or (query.get("token") or [""])[0]
        host = headers.get("host", "").rsplit(":", 1)[0]
        ok = hmac.compare_digest(given.encode(), self.token.encode())
        if not ok or host not in ("127.0.0.1", "localhost"):
            response = Response(_FORBIDDEN, status_code=403, media_type="text/plain")
            return await response(scope, receive, send)
        return await self.app(scope, receive, send)


def _error(e: InputError) -> JSONResponse:
    status = 403 if isinstance(e, OutsideFolder) else 400
    return JSONResponse({"error": str(e), "field": e.field}, status_code=status)


def _static(name: str) -> str:
    return resources.files("maps.desk").joinpath("static", name).read_text(encoding="utf-8")


def create_app(
    desk: Desk,
    token: str,
    *,
    tiles: str = "OpenStreetMap.Mapnik",
    publish_tiles: str | None = None,
    ahead: bool = False,
) -> Any:
    """The app for ``desk``; ``tiles`` draws the preview, ``publish_tiles`` the published map.

    ``ahead`` draws the map in the background after each change, before the page asks
    for it (the server does; tests of the JSON calls need not)."""
    publish_tiles = publish_tiles or tiles
    blocks = Assets()

    async def page(request: Request) -> Response:
        html = _static("desk.html").replace("{token}", token)  # a token is URL-safe base64
        return HTMLResponse(
            html, headers={"Content-Security-Policy": _PAGE_CSP, "Cache-Control": "no-store"}
        )

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _STATIC:
            return Response("not found\n", status_code=404, media_type="text/plain")
        return Response(
            _static(name), media_type=_STATIC[name], headers={"Cache-Control": "no-store"}
        )

    def map_page(request: Request) -> Response:
        try:
            html = blocks.externalize(actions.map_html(desk, tiles), f"?token={token}")
        except InputError as e:
            html = actions.error_page(str(e))
        return HTMLResponse(
            html, headers={"Content-Security-Policy": _MAP_CSP, "Cache-Control": "no-store"}
        )

    async def asset(request: Request) -> Response:
        found = blocks.get(request.path_params["name"])
        if found is None:
            return Response("not found\n", status_code=404, media_type="text/plain")
        # Named by their content: the same name is the same bytes, for as long as it lives
        return Response(found[1], media_type=found[0], headers={"Cache-Control": _IMMUTABLE})

    def state(request: Request) -> Response:
        return JSONResponse(actions.state(desk), headers={"Cache-Control": "no-store"})

    def candidates(request: Request) -> Response:
        q = request.query_params
        try:
            found = actions.candidates(desk, q.get("q", ""), q.get("place"))
        except InputError as e:
            return _error(e)
        return JSONResponse(found)

    async def body(request: Request) -> dict[str, Any]:
        try:
            data = json.loads(await request.body() or b"{}")
        except ValueError:
            raise InputError("the request is not JSON", field="body") from None
        if not isinstance(data, dict):
            raise InputError("the request is not a JSON object", field="body")
        return data

    def run(call):
        async def endpoint(request: Request) -> Response:
            try:
                data = await body(request)
                result = await run_in_threadpool(call, desk, data)
            except InputError as e:
                return _error(e)
            status = 409 if isinstance(result, dict) and result.get("ask") else 200
            return JSONResponse(result, status_code=status)

        return endpoint

    routes = [
        Route("/", page),
        Route("/static/{name}", static),
        Route("/map", map_page),
        Route("/asset/{name}", asset),
        Route("/api/state", state),
        Route("/api/candidates", candidates),
        Route("/api/edit", run(actions.edit), methods=["POST"]),
        Route("/api/accept", run(actions.accept), methods=["POST"]),
        Route("/api/add", run(actions.add_incident), methods=["POST"]),
        Route("/api/save", run(actions.save), methods=["POST"]),
        Route(
            "/api/publish",
            run(lambda d, data: actions.publish(d, data, publish_tiles)),
            methods=["POST"],
        ),
    ]
    if ahead:
        desk.ahead = (lambda d: actions.map_html(d, tiles),)
    return _Guard(Starlette(routes=routes), token)
