"""The Ray engine gives the records the local engine gives (a local Ray cluster is started for the test)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

pytest.importorskip("ray", reason="Ray is not installed (it is the ray extra: pip install -e '.[ray]')")

from _shared import CORPUS  # noqa: E402
from test_link import OTHER_EMPLOYER, PLANNED_ON_ENDED, THREE_OUTLETS, _articles  # noqa: E402

from strikewatch.export import export  # noqa: E402
from strikewatch.ingest import ingest_items  # noqa: E402
from strikewatch.model import Article  # noqa: E402
from strikewatch.read import read_paths  # noqa: E402
from strikewatch.store import open_store  # noqa: E402

SHARED = CORPUS


def _inputs() -> list[Article]:
    arts = _articles(THREE_OUTLETS + PLANNED_ON_ENDED + [OTHER_EMPLOYER])
    dirs = [SHARED / d for d in ("seeds", "dev") if (SHARED / d).is_dir()]
    arts += [a for a in read_paths(dirs) if isinstance(a, Article)]
    bad = Article(id="empty-ish", text="   \n ")
    return [*arts, bad]


def _dump(db: Path) -> tuple[str, list[dict], int]:
    buf = io.StringIO()
    with open_store(db) as s:
        export(s, "events", "jsonl", buf)
        records = [s.record(a["id"]).to_dict() for a in s.articles()]
        n = s.counts()["articles"]
    return buf.getvalue(), records, n


def test_ray_engine_matches_local_engine(tmp_path: Path) -> None:
    arts = _inputs()
    summaries = {}
    for engine in ("local", "ray"):
        with open_store(tmp_path / f"{engine}.db") as s:
            summaries[engine] = ingest_items(arts, s, engine=engine)
    assert summaries["ray"].stored == summaries["local"].stored == len(arts)
    local, ray_ = _dump(tmp_path / "local.db"), _dump(tmp_path / "ray.db")
    assert ray_ == local
    assert local[0].count("\n") >= 5  # linked events were exported
