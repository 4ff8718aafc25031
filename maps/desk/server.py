"""Run the desk: bind the loopback address, serve the app with uvicorn, stop cleanly.

The socket is bound here, before uvicorn starts, so a port that is taken is a clear
``InputError`` at once and ``port=0`` gives a free one whose number is known before the
URL is printed.

>>> import tempfile, pathlib, urllib.request
>>> p = pathlib.Path(tempfile.mkdtemp()) / "s.yaml"
>>> _ = p.write_text("title: Drones\\n")
>>> with start(Desk.open(p)) as running:
...     urllib.request.urlopen(running.url).status
200
"""

from __future__ import annotations

import errno
import secrets
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

import uvicorn

from geo.errors import InputError
from maps.desk.actions import map_html
from maps.desk.app import create_app
from maps.desk.session import Desk

__all__ = ["Running", "bind", "start"]

HOST = "127.0.0.1"  # loopback only: nothing on the network can reach the desk


def bind(port: int = 0) -> socket.socket:
    """A listening socket on the loopback address; a port in use is an ``InputError``."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOST, port))
    except OSError as e:
        sock.close()
        if e.errno in (errno.EADDRINUSE, errno.EACCES):
            raise InputError(
                f"port {port} is taken (or not allowed) on {HOST}",
                field="--port",
                hint="pick another port, or leave --port out to get a free one",
            ) from None
        raise
    sock.listen(64)
    return sock


@dataclass(frozen=True)
class Running:
    """A desk being served: its URL (with the token) and how to stop it."""

    url: str
    server: Any
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def __enter__(self) -> Running:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start(
    desk: Desk,
    *,
    port: int = 0,
    tiles: str = "OpenStreetMap.Mapnik",
    publish_tiles: str | None = None,
    token: str | None = None,
) -> Running:
    """Serve ``desk`` in a background thread; returns once it answers."""
    token = token or secrets.token_urlsafe(24)
    sock = bind(port)
    app = create_app(desk, token, tiles=tiles, publish_tiles=publish_tiles, ahead=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(400):  # up to 20 s on a busy machine
        if server.started:
            break
        time.sleep(0.05)
    # While the browser loads the page: resolve the story (the page's first question) and
    # draw the map (the next: importing folium and the first render take ~1-2 s). Not
    # before: on a busy machine it would slow the server's own start for the GIL.
    desk.warm(lambda d: d.resolved(), lambda d: map_html(d, tiles))
    url = f"http://{HOST}:{sock.getsockname()[1]}/?token={token}"
    return Running(url, server, thread)
