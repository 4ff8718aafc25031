"""Running the real command in-process and checking what a user sees for bad input."""

from __future__ import annotations

import re
from pathlib import Path

from maps.cli import main


def run(capsys, *args: str | Path) -> tuple[int, str]:
    """Exit code and stderr (rich wraps lines at 80 columns: whitespace is collapsed)."""
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    text = captured.err + captured.out
    return code, " ".join(text.split())


def assert_bad_input(code: int, text: str, *needles: str) -> None:
    """Exit 2, exactly one 'error:' message, no traceback, each needle in the message."""
    assert code == 2, text
    assert "Traceback" not in text and "internal error" not in text, text
    assert len(re.findall(r"\berror: ", text)) == 1, text
    for needle in needles:
        assert needle in text, f"{needle!r} not in: {text}"
