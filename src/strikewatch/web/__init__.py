"""The web dashboard and HTTP API (``strikewatch serve``)."""

from strikewatch.web.app import create_app

__all__ = ["create_app"]
