"""Article ids derived from file names."""

from __future__ import annotations

from pathlib import Path

__all__ = ["file_stem"]


def file_stem(path: str | Path) -> str:
    """The file name without its extension (and ``.gz``): ``a/b/seed-1.json.gz`` -> ``seed-1``."""
    name = Path(path).name
    if name.lower().endswith(".gz") and len(name) > 3:
        name = name[:-3]
    stem = Path(name).stem
    return stem or name
