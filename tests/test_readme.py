"""The README's command lines, run as written (in a scratch folder with this .venv)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
# Shown in the README but not run here: what runs until someone stops it — the desktop
# app, ten minutes of load, the wall display, the Open311 server, the review window.
NOT_RUN = (re.compile(r"^\.venv/bin/commandcenter\s*(#.*)?$"), re.compile(r"\bsimulate\b"),
           re.compile(r"\bwall --config\b"), re.compile(r"\bserve open311\b"),
           re.compile(r"\breview --db \S+\s*(#.*)?$"))


def readme_commands() -> list[str]:
    """Every command of the README's bash blocks that drives ``commandcenter``, with its
    continuation lines joined and trailing comments kept (bash ignores them)."""
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        for command in re.sub(r"\\\n\s*", " ", block).splitlines():
            command = command.strip()
            if "commandcenter" not in command and not command.startswith("export "):
                continue
            if command.startswith(("bash ", ".venv/bin/pip", ".venv/bin/python")):
                continue  # set-up, tests and benches: not the product's command line
            commands.append(command)
    return commands


def test_the_readme_shows_the_commands_this_test_runs():
    commands = readme_commands()
    assert any(" demo --db " in c for c in commands)
    assert any(" info --db " in c and "--json" in c for c in commands)
    assert any("case show" in c and c.rstrip().endswith("--db sqlite:///demo.db") for c in commands)


@pytest.mark.slow
@pytest.mark.timeout(900)  # a month of demo history, exports and screenshots, one after another
def test_the_readme_command_lines_work_as_written(tmp_path):
    script = ["set -euo pipefail"] + [c for c in readme_commands()
                                      if not any(p.search(c) for p in NOT_RUN)]
    (tmp_path / ".venv").symlink_to(Path(sys.prefix))
    for folder in ("tests", "installer"):  # the sample files the commands name
        (tmp_path / folder).symlink_to(README.parent / folder)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("COMMANDCENTER_DB", None)
    done = subprocess.run(["bash", "-c", "\n".join(script)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=850)
    assert done.returncode == 0, done.stderr[-2000:]
    assert '"database": "sqlite"' in done.stdout  # info --json
    assert "handling (处置中)" in done.stdout and "department JD001" in done.stdout
    assert (tmp_path / "shot.png").stat().st_size > 10_000  # the screenshot command
