"""The small file beside an incident table that gives its map a title, dek, credit and sources.

``events.csv`` may have ``events.map.yaml`` (or ``.yml``) beside it::

    title: Clashes in Sudan, April 2023
    dek: Every event ACLED recorded in the first week of fighting.
    credit: "Map: Newsroom"
    sources:
      - name: ACLED
        url: https://acleddata.com

Options on the command line win over the file.

>>> sidecar_path(Path("data/events.csv")).name
'events.map.yaml'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from geo.errors import InputError
from geo.files.textfile import read_text

KEYS = {"title", "dek", "credit", "sources"}


def sidecar_path(table: Path) -> Path:
    """Where the sidecar of ``table`` would be (``.yml`` when only that exists)."""
    main = table.with_name(table.stem + ".map.yaml")
    other = table.with_name(table.stem + ".map.yml")
    return other if other.is_file() and not main.is_file() else main


def read_sidecar(table: Path) -> dict[str, Any]:
    """The sidecar's title, dek, credit (text) and sources ([(name, url)]); {} without one."""
    path = sidecar_path(table)
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(read_text(path, "map sidecar", 200_000)) or {}
    except yaml.YAMLError as e:
        line = getattr(getattr(e, "problem_mark", None), "line", None)
        raise InputError(
            "not valid YAML",
            file=str(path),
            line=line + 1 if line is not None else None,
            hint="see the example in maps/page/sidecar.py",
        ) from None
    if not isinstance(data, dict) or set(data) - KEYS:
        unknown = sorted(set(data) - KEYS) if isinstance(data, dict) else []
        raise InputError(
            f"unknown keys {unknown}" if unknown else "not a mapping",
            file=str(path),
            hint="write title, dek, credit and sources",
        )
    out: dict[str, Any] = {k: str(data[k]) for k in ("title", "dek", "credit") if data.get(k)}
    sources = data.get("sources") or []
    if not isinstance(sources, list):
        raise InputError("must be a list", file=str(path), field="sources",
                         hint="- name: ACLED\n    url: https://acleddata.com")  # fmt: skip
    pairs = []
    for i, item in enumerate(sources):
        if isinstance(item, str):
            pairs.append((item, None))
        elif isinstance(item, dict) and item.get("name"):
            pairs.append((str(item["name"]), str(item["url"]) if item.get("url") else None))
        else:
            raise InputError("needs a name", file=str(path), field=f"sources[{i}]",
                             hint="write name: and optionally url:")  # fmt: skip
    if pairs:
        out["sources"] = pairs
    return out
