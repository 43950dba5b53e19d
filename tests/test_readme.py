"""The README's code runs: every `strikewatch` command it shows, every Python block, and the
output it shows (blocks after a ``<!-- readme-test: output of ... -->`` marker) is what they print.

Commands run in a scratch directory against a store of the bundled examples; paths to the
examples and to ``../shared`` are made absolute. A few commands are not run here, each for a
reason named in :data:`NOT_RUN` (they run in tests of their own).
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strikewatch.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SHARED = ROOT.parent / "shared"

#: commands the README shows that this test does not run, and why
NOT_RUN = {
    "serve": "a server that runs until stopped (tests/test_web.py serves the same app)",
    "train": "a minute of training (tests/test_train.py retrains and compares the weights)",
    "--cv": "minutes of cross-validation (tests/test_train.py checks its folds; it made the README's figures)",
    "--engine ray": "a Ray cluster (tests/test_ray.py)",
    "big.jsonl.gz": "a placeholder for the reader's own file",
    "news-2025.jsonl.gz": "a placeholder for the reader's own files",
    "--workers": "worker processes (tests/test_link.py ingests with two workers and compares)",
    "watch": "polls feeds on the network (tests/test_watch.py watches feeds on a local server)",
    "ingest https://": "fetches a page from the network (tests/test_fetch.py ingests pages from a local server)",
    "alert test": "a send to the README's placeholder webhook (tests/test_alerts.py tests it against local servers)",
}

BLOCK_RX = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
MARK_RX = re.compile(r"<!-- readme-test: output of (.+?) -->\s*\n```\w*\n(.*?)^```", re.M | re.S)


def _blocks(lang: str) -> list[str]:
    return [body for kind, body in BLOCK_RX.findall(README.read_text(encoding="utf-8")) if kind == lang]


def _commands() -> list[str]:
    out = []
    for body in _blocks("bash"):
        for line in body.splitlines():
            line = line.split(" # ")[0].split("  #")[0].strip()
            for part in line.split("&&"):
                part = part.strip()
                if part.startswith("strikewatch "):
                    out.append(part)
    return out


def _skip_reason(cmd: str) -> str | None:
    words = cmd.split()
    return next((why for key, why in NOT_RUN.items() if key in words or (" " in key and key in cmd)), None)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("readme")
    r = CliRunner().invoke(app, ["ingest", str(ROOT / "examples" / "articles"), "--db", str(d / "example.db")])
    assert r.exit_code == 0, r.output
    return d


def _run(cmd: str, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    args = shlex.split(cmd)[1:]
    if any("../shared" in a for a in args) and not SHARED.is_dir():
        pytest.skip("../shared not found beside the checkout (corpora and scorer)")
    args = [a.replace("../shared", str(SHARED)).replace("examples/", str(ROOT / "examples") + "/") for a in args]
    monkeypatch.chdir(workdir)
    return CliRunner(env={"COLUMNS": "200"}).invoke(app, args, catch_exceptions=False)


def test_the_readme_shows_commands_and_marks_its_outputs() -> None:
    cmds = _commands()
    assert len(cmds) >= 15 and "strikewatch ingest examples/articles --db example.db" in cmds
    assert len(MARK_RX.findall(README.read_text(encoding="utf-8"))) >= 3


@pytest.mark.parametrize("cmd", _commands())
def test_every_command_in_the_readme_runs(cmd: str, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    why = _skip_reason(cmd)
    if why:
        pytest.skip(f"not run here: {why}")
    r = _run(cmd, workdir, monkeypatch)
    assert r.exit_code == 0, (cmd, r.stdout, r.stderr)  # type: ignore[attr-defined]


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip() and line.strip() != "..."]


@pytest.mark.parametrize(("cmd", "shown"), MARK_RX.findall(README.read_text(encoding="utf-8")))
def test_shown_output_is_what_the_command_prints(cmd: str, shown: str, workdir: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Each line the README shows is printed (the README may leave lines out: "abridged")."""
    cmd = cmd.strip("`")
    if cmd == "the block above":
        return  # Python blocks: checked by test_python_blocks_print_what_is_shown
    r = _run(cmd, workdir, monkeypatch)
    printed = _lines(r.stdout)  # type: ignore[attr-defined]
    for line in _lines(shown):
        assert line in printed, (cmd, line, printed)


def test_python_blocks_print_what_is_shown() -> None:
    text = README.read_text(encoding="utf-8")
    pairs = re.findall(r"^```python\n(.*?)^```\s*\n<!-- readme-test: output of the block above -->\s*\n```\w*\n(.*?)^```",
                       text, re.M | re.S)
    assert pairs, "the README's Python example shows what it prints"
    for code, shown in pairs:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            exec(compile(code, "README.md", "exec"), {})  # noqa: S102 (the README's own code)
        assert _lines(buf.getvalue()) == _lines(shown)
    for code in _blocks("python"):  # every other Python block runs too
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(code, "README.md", "exec"), {})  # noqa: S102
