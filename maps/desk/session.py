"""One desk's state: the folder, the article, the story text being edited, what was written.

The story lives as YAML text (``maps.desk.document`` edits it with its comments); the
``Story`` and the accept marks are derived from that text and cached by it, so an edit that
is refused leaves everything as it was. The resolved story and the map page are cached by the
``Story`` itself: a change of comments only (an accept mark) draws nothing again.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "s.yaml").write_text("title: Drones  # headline\\n")
>>> desk = Desk.open(folder / "s.yaml")
>>> desk.story.title, desk.target.name, desk.opened
('Drones', 's.yaml', True)
"""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from geo.errors import InputError
from geo.story.model import Story
from maps.desk import document
from maps.desk.highlights import Span, find_spans, link

__all__ = ["Desk"]


ARTICLE_SUFFIXES = (".txt", ".text", ".md")
STORY_SUFFIXES = (".yaml", ".yml")
MAX_ARTICLE_BYTES = 200_000  # as ``extract``: drafting a longer text takes too long
MAX_STORY_BYTES = 2_000_000  # as ``render``


def _quietly(job, desk: Desk) -> None:
    # Work done ahead: an error (a story that cannot be drawn) is kept in the cache and
    # shown when the page asks; nothing to say here.
    with contextlib.suppress(Exception):
        job(desk)


@dataclass
class Desk:
    """What one ``incident-map desk`` serves. Mutable on purpose: it is the session; every
    change goes through :meth:`change`, under a lock, and is checked before it lands."""

    folder: Path
    target: Path  # where save writes the story
    opened: bool  # the desk opened ``target``: saving over it needs no question
    text: str  # the story YAML, as it stands at the desk
    saved: str  # the text last saved (or opened)
    article: str = ""
    article_date: date | None = None
    spans: list[Span] = field(default_factory=list)
    written: set[Path] = field(default_factory=set)  # files this desk wrote: replaceable
    version: int = 0
    lock: threading.RLock = field(default_factory=threading.RLock)
    _cache: dict[Any, Future] = field(default_factory=dict)
    _worker: ThreadPoolExecutor | None = None
    ahead: tuple = ()  # jobs for :meth:`warm` after each change (the server draws the map)

    # -- opening ------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, article_date: date | None = None) -> Desk:
        """A desk on an article (drafted by ``geo.extract``) or on a story file."""
        from geo.files.textfile import read_text

        path = Path(path).expanduser()
        if not path.is_file():
            raise InputError(
                "no such file",
                file=str(path),
                hint="give an article (.txt) or a story file (.yaml)",
            )
        path = path.resolve()
        folder = path.parent
        suffix = path.suffix.lower()
        if suffix in STORY_SUFFIXES:
            text = read_text(path, "story file", limit=MAX_STORY_BYTES)
            story = document.check(text, path.name)
            article_file = next(
                (a for s in ARTICLE_SUFFIXES if (a := path.with_suffix(s)).is_file()), None
            )
            article = (
                read_text(article_file, "article", limit=MAX_ARTICLE_BYTES) if article_file else ""
            )
            if not article:  # no article beside it: the story's own sentences stand for it
                said = [i.sentence for i in story.incidents if i.sentence]
                said += [d.sentence for d in story.distances if d.sentence]
                article = "\n\n".join(dict.fromkeys(said))
            desk = cls(folder, path, True, text, text, article, article_date or story.date)
        else:
            from geo.api import extract
            from geo.story.write import dump_story

            article = read_text(path, "article", limit=MAX_ARTICLE_BYTES)
            if not article.strip():
                raise InputError(
                    "the article is empty", file=str(path), hint="paste the article's text in"
                )
            story = extract(article, article_date=article_date)
            text = dump_story(story)
            target = path.with_suffix(".yaml")
            desk = cls(folder, target, False, text, "", article, story.date)
        if desk.article:
            desk.spans = find_spans(desk.article, desk.article_date)
        return desk

    # -- the story and what derives from it -----------------------------------------------

    @property
    def name(self) -> str:
        return self.target.name

    def _cached(self, what: str, make, key: Any) -> Any:
        """``make()``'s result (or its ``InputError``) for ``key``, made once: a second
        asker while it is being made (the page's /map request while the desk draws that
        map ahead, see :meth:`warm`) waits for it instead of making it too."""
        key = (what, key)
        with self.lock:
            made = self._cache.get(key)
            mine = made is None
            if mine:
                if len(self._cache) > 24:  # a session's history: keep the recent ones only
                    for old in [k for k, f in self._cache.items() if f.done()]:
                        del self._cache[old]
                made = self._cache[key] = Future()
        if mine:
            try:
                made.set_result(make())
            except InputError as e:  # the same input gives the same message: keep it
                made.set_exception(e)
            except BaseException as e:  # anything else may pass: the next asker tries again
                with self.lock:
                    self._cache.pop(key, None)
                made.set_exception(e)
        return made.result()

    def warm(self, *jobs) -> None:
        """Run ``jobs`` (e.g. drawing the map of the story as it now stands) on the desk's
        one background thread, so the page finds them done or under way when it asks."""
        with self.lock:
            if self._worker is None:
                self._worker = ThreadPoolExecutor(1, thread_name_prefix="desk-warm")
        for job in jobs:
            self._worker.submit(_quietly, job, self)

    # The text is read once: made from the text that names it, even while an edit lands.
    @property
    def story(self) -> Story:
        text, name = self.text, self.name
        return self._cached("story", lambda: document.check(text, name), text)

    @property
    def accepted(self) -> set[str]:
        """The items the journalist accepted: their accept marks in the text."""
        text = self.text
        return self._cached("accepted", lambda: document.marked(text), text)

    def resolved(self, story: Story | None = None):
        """The story placed and measured (``geo.resolve_story``), cached by the story."""
        from geo.api import resolve_story

        story = self.story if story is None else story
        return self._cached("resolved", lambda: resolve_story(story), story)

    def change(self, edit) -> None:
        """Apply ``edit(text, name) -> new text``; an ``InputError`` leaves the text as it was."""
        with self.lock:
            new = edit(self.text, self.name)
            if new != self.text:
                self.text = new
                self.version += 1
                if self.ahead:  # start on the new map now, while the answer is made and drawn
                    self.warm(*self.ahead)

    def links(self) -> list[list[str]]:
        return link(self.spans, self.article, self.story) if self.article else []
