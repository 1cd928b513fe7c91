"""The exchange commands as a user runs them: import, export open311, apikey, serve open311."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import httpx
import pytest

from commandcenter.cli import main
from commandcenter.store.db import open_database

from .exchange_world import DATA, seed_block
from .test_open311 import valid


@pytest.fixture
def url(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'cc.db'}")
    seed_block(db)
    db.dispose()
    return f"sqlite:///{tmp_path / 'cc.db'}"


def run(url, *args) -> int:
    return main(["--db", url, *map(str, args)])


def test_import_then_export_open311_as_json_and_xml(url, tmp_path, capsys):
    assert run(url, "import", "cases", DATA / "bloomington_requests.json", "--mapping",
               DATA / "bloomington.toml", "--reject-file", tmp_path / "r.csv") == 0
    out = capsys.readouterr().out
    assert "21 rows: imported 13, already imported 0, rejected 8" in out
    assert run(url, "export", "open311", "--status", "closed", "--out", tmp_path / "c.json") == 0
    closed = json.loads((tmp_path / "c.json").read_text())
    valid("requests.json", closed)
    assert closed and {r["status"] for r in closed} == {"closed"}
    assert run(url, "export", "open311", "--since", "2012-05-23 00:00", "--out",
               tmp_path / "all.xml") == 0
    root = ET.parse(tmp_path / "all.xml").getroot()
    assert root.tag == "service_requests" and root.findall("request")
    assert run(url, "export", "open311", "--out", tmp_path / "x.txt") == 2
    assert "ends in .json or .xml" in capsys.readouterr().err


def test_apikey_add_list_revoke(url, capsys):
    assert run(url, "apikey", "add", "12345热线", "--source", "hotline", "--rate", "60") == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("cc311_") and len(token) > 40
    assert run(url, "apikey", "list") == 0
    listing = capsys.readouterr().out
    assert "12345热线" in listing and token[:12] in listing and token not in listing
    assert "hotline" in listing and "60/min" in listing and "active" in listing
    assert run(url, "apikey", "add", "12345热线") == 2
    assert "exists" in capsys.readouterr().err
    assert run(url, "apikey", "revoke", "12345热线") == 0
    run(url, "apikey", "list")
    assert "revoked" in capsys.readouterr().out
    assert run(url, "apikey", "revoke", "nobody") == 2


@pytest.mark.slow
def test_serve_open311_answers_on_127_0_0_1_and_stops(url, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "commandcenter", "--db", url, "serve",
                               "open311", "--port", str(port)], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, env={**os.environ})
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/services.json", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        assert answer.status_code == 200
        valid("services.json", answer.json())
    finally:
        server.terminate()
        server.wait(timeout=20)


def readme_commands() -> list[list[str]]:
    """The commands of the README's data exchange section, continuation lines joined."""
    import re
    import shlex
    from pathlib import Path
    root = Path(__file__).parent.parent
    text = (root / "README.md").read_text()
    section = text[text.index("## Data exchange"):]
    block = section[section.index("```bash") + 7:section.index("```", section.index("```bash") + 7)]
    lines = re.sub(r"\\\n\s*", " ", block).splitlines()
    commands = [shlex.split(line, comments=True) for line in lines]
    return [[a.replace("tests/data/", f"{root}/tests/data/") for a in c[1:]]
            for c in commands if c and c[0].endswith("commandcenter")]


@pytest.mark.slow
def test_the_readme_commands_work_as_written(tmp_path, monkeypatch, capsys):
    from commandcenter.demo.builder import build_demo
    monkeypatch.chdir(tmp_path)
    db = open_database("sqlite:///demo.db")
    build_demo(db, days=0, seed=1)
    db.dispose()
    commands = readme_commands()
    assert len(commands) == 9 and commands[-1][2:4] == ["serve", "open311"]
    for args in commands[:-1]:
        assert main(args) == 0, (args, capsys.readouterr().err)
    assert json.loads((tmp_path / "closed.json").read_text())
    assert ET.parse(tmp_path / "requests.xml").getroot().findall("request")
