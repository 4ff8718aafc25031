"""Issue 20, item 7: every command in the README's shell blocks runs as written, in a copy of
the repository as a fresh clone has it (tracked files only: a file the README names must be
in the repository, not left over in someone's checkout).

A command is a line of a ```bash block (with its ``\\`` continuations) that runs something
in ``.venv/bin/``, run whole with bash (a leading ``./setup.sh &&`` left out). A command
whose comment starts with ``# long`` (the whole test suite, a benchmark), ``# network``
(an install) or ``# serves`` (a server that runs until stopped) is not run; every other
one must exit 0.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
SKIP_MARKS = ("# long", "# network", "# serves")


def readme_commands(text: str) -> list[tuple[str, str | None]]:
    """``(command, why skipped or None)`` for each command of the README's bash blocks.

    >>> readme_commands("```bash\\n./setup.sh && .venv/bin/x a \\\\\\n  b  # long: slow\\n```\\n")
    [('.venv/bin/x a b', '# long: slow')]
    """
    found: list[tuple[str, str | None]] = []
    for block in re.findall(r"^```bash\n(.*?)^```", text, flags=re.S | re.M):
        for line in block.replace("\\\n", " ").splitlines():
            code, _, comment = line.partition("  #")
            comment = ("#" + comment).strip() if comment else ""
            # ./setup.sh installs (network, minutes): the tests run in what it made
            code = " ".join(re.sub(r"^\s*\./setup\.sh\s*&&", "", code).split())
            if ".venv/bin/" in code:
                found.append((code, comment if comment.startswith(SKIP_MARKS) else None))
    return found


COMMANDS = readme_commands(README.read_text(encoding="utf-8"))


def test_the_readme_has_commands_and_marks_few():
    run = [c for c, skip in COMMANDS if skip is None]
    assert len(run) >= 10
    assert any("render" in c for c in run) and any("geocode" in c for c in run)


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """The tracked files of the repository, with its .venv beside them."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: no list of tracked files")
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.decode()
    root = tmp_path_factory.mktemp("clone")
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():  # a file deleted in the work tree but not yet in the index
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    (root / ".venv").symlink_to(REPO / ".venv")
    return root


@pytest.mark.parametrize(
    ("command", "skip"), COMMANDS, ids=[c[:60] for c, _ in COMMANDS]
)  # the README's order: later commands may use what earlier ones wrote
def test_readme_command_runs_as_written(clone, command, skip):
    if skip:
        pytest.skip(f"marked in the README: {skip}")
    if "--png" in command and shutil.which("chromium") is None:
        pytest.skip("--png needs Chromium (./setup.sh installs it as root)")
    proc = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "COLUMNS": "120"},
    )
    assert proc.returncode == 0, f"{command}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    assert "Traceback" not in proc.stderr
