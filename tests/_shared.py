"""``../shared`` beside the checkout (the corpora and the official scorer), and how tests skip without it.

Every skip for a part of it that is missing gives a reason that starts with :data:`MISSING`, so
the summary at the end of the run (``conftest.py``) counts them together.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"

MISSING = "../shared not found beside the checkout (corpora and scorer)"


def missing(what: str | Path) -> str:
    """The skip reason for a test that needs ``what`` from ../shared."""
    return f"{MISSING}: no {what}"


def need(path: Path) -> Path:
    """``path`` (under ../shared), or a skip saying it is missing."""
    if not path.exists():
        pytest.skip(missing(path))
    return path
