"""Extraction: Article -> Record, stage by stage (see pipeline.py).

``strikewatch.extract`` is both this package and the library's entry point:
``strikewatch.extract(article)`` runs the pipeline. Importing a submodule makes
Python bind the package to the parent's ``extract`` attribute, so the package
itself is made callable rather than shadowing a function.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallablePackage(types.ModuleType):
    def __call__(self, article: Any) -> Any:
        from strikewatch.extract.pipeline import extract_article

        return extract_article(article)


sys.modules[__name__].__class__ = _CallablePackage
