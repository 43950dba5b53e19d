"""Where records live: one interface, an SQLite implementation (the default)."""

from strikewatch.store.sqlite import (
    SCHEMA_VERSION,
    STORED,
    UNCHANGED,
    UPDATED,
    Store,
    StoreError,
    extractor_version,
    open_store,
)

__all__ = [
    "SCHEMA_VERSION",
    "STORED",
    "UNCHANGED",
    "UPDATED",
    "Store",
    "StoreError",
    "extractor_version",
    "open_store",
]
