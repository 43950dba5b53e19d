"""Syndication: a wire story republished by many outlets is one article with several sources.

Two articles are copies of one story when the word 5-grams (*shingles*) of their
texts overlap with a Jaccard similarity of at least :data:`THRESHOLD` and no
figure differs between them. Texts are normalised first (Unicode NFKC, case
folded, every run of punctuation and whitespace one space, "1,300" read as
"1300"), so smart quotes, dashes and line breaks do not count; headlines are left
out (outlets rewrite them). What outlets change when they republish (a dateline,
a byline, the last paragraphs cut, a local paragraph, a "Related:" line or
newsletter boilerplate added, house style) changes some shingles; a different
story that shares background paragraphs shares far fewer. A correction sent as
the whole story again, or two briefs written from one template, can share most
shingles: they are told apart by their figures (:func:`changed_figures`: a short
substitution that changes a number; a copy changes none). Texts of fewer than
:data:`MIN_SHINGLES` shingles (about 34 words: captions, paywall stubs) are never
taken for copies. The README ("Syndication") has the figures behind the threshold.

Finding candidates: each article's MinHash signature (datasketch ``MinHash``,
:data:`NUM_PERM` permutations from seed :data:`SEED`, CRC-32 of each shingle, so
signatures are the same in every process) is cut into :data:`BANDS` bands of
:data:`ROWS` values, each band packed in one 64-bit key, and the articles that
share a band key with the new one are its candidates (LSH banding: a pair of
similarity 0.4 shares a band with probability 0.99999, one of 0.1 with 0.47, one
of 0.01 with 0.006). The keys are one numpy array, 512 bytes an article, searched
with one vectorised comparison (:class:`Bands`); datasketch's ``MinHashLSH`` with
the same bands holds 181 MB for 10,000 articles. Every candidate is confirmed
with the exact Jaccard of the two shingle sets, so no result rests on the estimate.

The index holds the stored labor articles (a copy of an article without events
would add nothing to any event). It is kept per process, one per store (by its
path), and brought up to date with the store when a batch first needs it: the
first use in a process reads the texts of the stored labor articles once (2.2 s
for 10,000), later ones the ids and content hashes (16 ms) and the texts that are
new or changed. Nothing is added to the schema: signatures are not stored.

A copy is recorded in ``article_sources`` against the original article: one row
per outlet (its URL, or its id when it has no URL; outlet, headline, date,
similarity), the original's own row with it (similarity 1.0), so the list of
outlets is complete. Rows are keyed by (article, URL) and inserted with ``ON
CONFLICT DO NOTHING``, so reading the same input again adds nothing.
:func:`sources_of` gives them back.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import threading
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from strikewatch.model import Article, Record
from strikewatch.store import UNCHANGED, Store

if TYPE_CHECKING:  # numpy and datasketch load when first needed (datasketch takes 0.3 s: every CLI start)
    import numpy as np
    from datasketch import MinHash

#: MinHash permutations, and their seed (fixed: signatures must agree across processes and runs)
NUM_PERM = 128
SEED = 1
#: words per shingle
SHINGLE_WORDS = 5
#: exact Jaccard of shingle sets from which two texts are one story (see the README, "Syndication")
THRESHOLD = 0.4
#: LSH bands and values per band (BANDS * ROWS == NUM_PERM); two 32-bit values pack into one key
BANDS, ROWS = 64, 2
#: texts with fewer shingles than this are never taken for copies (captions, paywall stubs, briefs)
MIN_SHINGLES = 30
#: only the start of a text is compared: its first MAX_CHARS characters, of which the first MAX_WORDS words
#: (copies differ at the end by what was cut or added; a 5 MB text would cost seconds and 500 MB to sign)
MAX_CHARS, MAX_WORDS = 50_000, 2_000
#: a substitution of at most this many words on each side that changes a number is a changed figure
FIGURE_SPAN = 4
#: the ``ingest_items`` outcome of a copy recorded as a source of its original
SYNDICATED = "syndicated"

_NON_WORD = re.compile(r"[\W_]+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def words(text: str) -> list[str]:
    """The words of ``text``, normalised: NFKC, case folded, punctuation and whitespace dropped (1,300 is 1300)."""
    text = _THOUSANDS.sub("", unicodedata.normalize("NFKC", text))
    return _NON_WORD.sub(" ", text.casefold()).split()


def shingles_of(w: list[str]) -> frozenset[str]:
    """The word 5-grams of a list of words; fewer words are one shingle."""
    if len(w) < SHINGLE_WORDS:
        return frozenset([" ".join(w)]) if w else frozenset()
    return frozenset(" ".join(w[i : i + SHINGLE_WORDS]) for i in range(len(w) - SHINGLE_WORDS + 1))


def shingles(text: str) -> frozenset[str]:
    """The word 5-grams of ``text``, normalised by :func:`words`."""
    return shingles_of(words(text))


@dataclass(frozen=True)
class Text:
    """An article text as it is compared: its normalised words and their shingles."""

    words: tuple[str, ...]
    shingles: frozenset[str]

    @classmethod
    def of(cls, text: str) -> Text:
        """The text's first :data:`MAX_WORDS` words (of its first :data:`MAX_CHARS` characters)."""
        w = words(text[:MAX_CHARS])[:MAX_WORDS]
        return cls(tuple(w), shingles_of(w))

    @property
    def comparable(self) -> bool:
        """Long enough to be taken for a copy (:data:`MIN_SHINGLES`)."""
        return len(self.shingles) >= MIN_SHINGLES


def _figures(ws: tuple[str, ...]) -> set[str]:
    return {w for w in ws if any(ch.isdigit() for ch in w)}


def changed_figures(a: Text, b: Text) -> list[tuple[str, str]]:
    """The figures one text changes in the other: short substitutions (a few words each side) whose
    numbers differ ("about 200 members" / "about 237 members"). A copy changes none; two stories from
    one template, or a correction, do."""
    out = []
    matcher = difflib.SequenceMatcher(None, a.words, b.words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace" or max(i2 - i1, j2 - j1) > FIGURE_SPAN:
            continue
        fa, fb = _figures(a.words[i1:i2]), _figures(b.words[j1:j2])
        if fa and fb and fa != fb:
            out.append((" ".join(a.words[i1:i2]), " ".join(b.words[j1:j2])))
    return out


def similarity(a: Text, b: Text) -> float | None:
    """The Jaccard similarity of two texts when they are copies of one story, else None.

    Copies: both long enough, shingles at least :data:`THRESHOLD` alike, and no figure changed.
    """
    if not (a.comparable and b.comparable):
        return None
    sim = jaccard(a.shingles, b.shingles)
    if sim < THRESHOLD or changed_figures(a, b):
        return None
    return sim


@cache
def _template() -> MinHash:
    """A MinHash whose permutations every signature shares (computed once)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED)


def signature(sh: Iterable[str]) -> MinHash:
    """The MinHash of a shingle set (CRC-32 of each shingle, permutations from :data:`SEED`)."""
    from datasketch import MinHash

    t = _template()
    m = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32, permutations=t.permutations, scheme=t.scheme)
    m.update_batch([s.encode("utf-8") for s in sh])
    return m


def band_keys(sig: MinHash) -> np.ndarray:
    """The :data:`BANDS` LSH keys of a signature: each band's two 32-bit values in one uint64."""
    import numpy as np

    hv = np.asarray(sig.hashvalues, dtype=np.uint64).reshape(BANDS, ROWS)
    return (hv[:, 0] << np.uint64(32)) | hv[:, 1]


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """The exact Jaccard similarity of two shingle sets (0.0 when both are empty)."""
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


class Bands:
    """An LSH index: articles by the band keys of their signatures, one row of a numpy array each.

    ``query`` gives the articles that share at least one band key with a signature.
    Removing an article frees its row for the next; the array grows by doubling.
    """

    def __init__(self) -> None:
        self._keys: np.ndarray | None = None  # rows of BANDS uint64 keys, allocated on first insert
        self._alive: np.ndarray | None = None
        self._ids: list[str | None] = []
        self._row: dict[str, int] = {}
        self._free: list[int] = []

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._row

    def __len__(self) -> int:
        return len(self._row)

    def insert(self, article_id: str, sig: MinHash) -> None:
        import numpy as np

        self.remove(article_id)
        if self._keys is None or self._alive is None:
            self._keys = np.zeros((16, BANDS), dtype=np.uint64)
            self._alive = np.zeros(16, dtype=bool)
        if self._free:
            i = self._free.pop()
            self._ids[i] = article_id
        else:
            i = len(self._ids)
            self._ids.append(article_id)
            if i >= len(self._alive):
                self._keys = np.concatenate([self._keys, np.zeros_like(self._keys)])
                self._alive = np.concatenate([self._alive, np.zeros_like(self._alive)])
        self._keys[i] = band_keys(sig)
        self._alive[i] = True
        self._row[article_id] = i

    def remove(self, article_id: str) -> None:
        i = self._row.pop(article_id, None)
        if i is not None and self._alive is not None:
            self._alive[i] = False
            self._ids[i] = None
            self._free.append(i)

    def query(self, sig: MinHash) -> list[str]:
        """The ids of the articles that share a band with ``sig``, sorted."""
        import numpy as np

        if not self._row or self._keys is None or self._alive is None:
            return []
        n = len(self._ids)
        hit = (self._keys[:n] == band_keys(sig)).any(axis=1) & self._alive[:n]
        return sorted(aid for aid in (self._ids[i] for i in np.flatnonzero(hit)) if aid is not None)

    def nbytes(self) -> int:
        """The size of the index's arrays, in bytes."""
        if self._keys is None or self._alive is None:
            return 0
        return int(self._keys.nbytes + self._alive.nbytes)


class _Index:
    """The LSH index of a store's labor articles, with the content hash each was indexed from."""

    def __init__(self) -> None:
        self.bands = Bands()
        self.hashes: dict[str, str] = {}
        self.lock = threading.Lock()

    def put(self, article_id: str, content_hash: str, text: Text, sig: MinHash | None = None) -> None:
        if self.hashes.get(article_id) == content_hash:
            return
        self.drop(article_id)
        if text.comparable:
            self.bands.insert(article_id, sig or signature(text.shingles))
        self.hashes[article_id] = content_hash

    def drop(self, article_id: str) -> None:
        self.hashes.pop(article_id, None)
        self.bands.remove(article_id)

    def sync(self, conn: Any) -> None:
        """Bring the index up to date with the store: drop what is gone or changed, read what is new."""
        now = {r[0]: r[1] for r in conn.execute("SELECT id, content_hash FROM articles WHERE is_labor = 1")}
        for aid in [a for a, h in self.hashes.items() if now.get(a) != h]:
            self.drop(aid)
        for aid, content_hash, text in _read_texts(conn, [a for a, h in now.items() if self.hashes.get(a) != h]):
            self.put(aid, content_hash, text)


#: one index per store (by path), for the life of the process
_INDEXES: dict[str, _Index] = {}
_INDEXES_LOCK = threading.Lock()


def _index(store: Store) -> _Index:
    key = store.path if store.path != ":memory:" else f":memory:{id(store)}"
    with _INDEXES_LOCK:
        if key not in _INDEXES:
            _INDEXES[key] = _Index()
        return _INDEXES[key]


def forget_indexes() -> None:
    """Drop every index this process holds (the next use rebuilds it from the store)."""
    with _INDEXES_LOCK:
        _INDEXES.clear()


def _best(candidates: Iterable[tuple[str, Text]], text: Text) -> tuple[str, float] | None:
    """The candidate that ``text`` is a copy of, the most alike (ties: the smallest id); None if none."""
    best: tuple[str, float] | None = None
    for cid, other in candidates:
        sim = similarity(text, other)
        if sim is not None and (best is None or (-sim, cid) < (-best[1], best[0])):
            best = (cid, sim)
    return best


def _read_texts(conn: Any, ids: list[str], chunk: int = 500) -> Iterator[tuple[str, str, Text]]:
    """(id, content hash, text as compared) of stored articles, read ``chunk`` at a time."""
    for i in range(0, len(ids), chunk):
        part = ids[i : i + chunk]
        marks = ", ".join("?" * len(part))
        sql = f"SELECT id, content_hash, substr(text, 1, {MAX_CHARS}) FROM articles WHERE id IN ({marks})"
        for r in conn.execute(sql, part):  # noqa: S608 (placeholders only)
            yield r[0], r[1], Text.of(r[2])


def _find_stored(store: Store, index: _Index, article_id: str, text: Text,
                 sig: MinHash) -> tuple[str, float] | None:
    with index.lock:
        ids = [c for c in index.bands.query(sig) if c != article_id]
    return _best(((aid, t) for aid, _, t in _read_texts(store._conn, ids)), text)


def find_duplicate(store: Store, article: Article) -> tuple[str, float] | None:
    """The stored labor article that ``article`` is a copy of, with their similarity; None if none.

    An article is never its own duplicate (the same id is left out). The store's
    index is brought up to date first (see the module docstring).
    """
    text = Text.of(article.text)
    if not text.comparable:
        return None
    index = _index(store)
    with index.lock:
        index.sync(store._conn)
    return _find_stored(store, index, article.id, text, signature(text.shingles))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def source_key(article: Article | dict[str, Any]) -> str:
    """An outlet's key in ``article_sources``: the article's URL, or its id when it has none."""
    if isinstance(article, Article):
        return article.url or article.id
    return article.get("url") or article["id"]


def add_source(store: Store, article_id: str, copy: Article, similarity: float) -> bool:
    """Record ``copy`` as a source of the stored article ``article_id`` (and that article's own source).

    Returns True when the copy's row is new, False when it was recorded already.
    """
    c = store._conn
    sql = ("INSERT INTO article_sources (article_id, url, outlet, title, published, similarity, added)"
           " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
    own = c.execute("SELECT id, url, source, title, published FROM articles WHERE id = ?", (article_id,)).fetchone()
    if own is None:
        raise KeyError(article_id)
    added = _now()
    c.execute(sql, (article_id, own[1] or own[0], own[2], own[3], own[4], 1.0, added))
    cur = c.execute(sql, (article_id, source_key(copy), copy.source, copy.title, copy.published,
                          round(similarity, 4), added))
    return bool(cur.rowcount)


def sources_of(store: Store, article_id: str) -> list[dict[str, Any]]:
    """Every outlet that published the article, by date (the original first on a tie).

    Each is ``{url, outlet, title, published, similarity, added, original}``;
    ``original`` marks the article as stored. Empty when it was published once.
    """
    own = store._conn.execute("SELECT id, url FROM articles WHERE id = ?", (article_id,)).fetchone()
    if own is None:
        return []
    key = own[1] or own[0]
    rows = store._conn.execute(
        "SELECT url, outlet, title, published, similarity, added FROM article_sources WHERE article_id = ?",
        (article_id,),
    ).fetchall()
    out = [{"url": r[0], "outlet": r[1], "title": r[2], "published": r[3], "similarity": r[4], "added": r[5],
            "original": r[0] == key} for r in rows]
    out.sort(key=lambda s: (s["published"] or "9999", not s["original"], s["outlet"] or "", s["url"]))
    return out


#: how a batch hears of each copy: the copy, then "syndicated", "unchanged" (recorded before) or why it failed
OnCopy = Callable[[Article, str | None, str | None], None]


@dataclass
class Syndication:
    """One ingest batch's view of syndication: copies found among stored articles or earlier in the batch.

    ``hold(article)`` before extracting: True when the article is a copy (do not
    extract it). A copy of an article already stored is recorded at once; a copy
    of one still being extracted waits for :meth:`done` on its original. Each
    copy is reported through ``on_copy(copy, outcome, error)``: outcome
    :data:`SYNDICATED` for a new source, ``"unchanged"`` for one recorded before,
    or None with an error when its original could not be stored.
    """

    store: Store
    on_copy: OnCopy
    _index: _Index | None = None
    #: articles of this batch on their way to the store: id -> (content hash, text, signature)
    _pending: dict[str, tuple[str, Text, MinHash | None]] = field(default_factory=dict)
    _pending_bands: Bands = field(default_factory=Bands)
    #: copies waiting for their original: original id -> [(copy, similarity)]
    _waiting: dict[str, list[tuple[Article, float]]] = field(default_factory=dict)

    def _stored_index(self) -> _Index:
        if self._index is None:  # the first article to check: bring the index up to date once a batch
            self._index = _index(self.store)
            with self._index.lock:
                self._index.sync(self.store._conn)
        return self._index

    def hold(self, article: Article) -> bool:
        """True when ``article`` is a copy of a stored article or of one earlier in the batch.

        Never raises: when the store cannot be asked, the article is taken for one of its own.
        """
        try:
            return self._hold(article)
        except Exception:
            return False

    def _hold(self, article: Article) -> bool:
        known = self.store._conn.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone()
        text = Text.of(article.text)
        sig = signature(text.shingles) if text.comparable else None
        if sig is None or known is not None:
            # too short to tell, or an article of its own already (updated, or extracted again)
            self._expect(article, text, sig)
            return False
        found = _find_stored(self.store, self._stored_index(), article.id, text, sig)
        ids = [c for c in self._pending_bands.query(sig) if c != article.id]
        in_batch = _best(((c, self._pending[c][1]) for c in ids), text)
        if in_batch is not None and (found is None or in_batch[1] > found[1]):
            self._waiting.setdefault(in_batch[0], []).append((article, in_batch[1]))
            return True
        if found is not None:
            self._record(found[0], article, found[1])
            return True
        self._expect(article, text, sig)
        return False

    def _expect(self, article: Article, text: Text, sig: MinHash | None) -> None:
        """An article of this batch goes to extraction: later copies in the batch may match it."""
        self._pending[article.id] = (article.content_hash, text, sig)
        if sig is not None:
            self._pending_bands.insert(article.id, sig)
        else:
            self._pending_bands.remove(article.id)

    def _record(self, original: str, copy: Article, similarity: float) -> None:
        try:
            new = add_source(self.store, original, copy, similarity)
        except Exception as e:
            self.on_copy(copy, None, f"could not record it as a copy of {original}: {type(e).__name__}: {e}")
            return
        self.on_copy(copy, SYNDICATED if new else UNCHANGED, None)

    def done(self, article: Article, record: Record | None) -> None:
        """An article of the batch was stored with ``record``, or (None) failed; its waiting copies follow it."""
        entry = self._pending.get(article.id)
        if entry is not None and entry[0] == article.content_hash:
            del self._pending[article.id]
            self._pending_bands.remove(article.id)
            if record is not None and self._index is not None:
                with self._index.lock:
                    if record.is_labor:
                        self._index.put(article.id, article.content_hash, entry[1], entry[2])
                    else:
                        self._index.drop(article.id)
        for copy, sim in self._waiting.pop(article.id, []):
            if record is None:
                self.on_copy(copy, None, f"a copy of {article.id}, which could not be stored")
            else:
                self._record(article.id, copy, sim)

    def close(self) -> None:
        """The batch is over: copies still waiting (their original never came back) fail."""
        for original, copies in self._waiting.items():
            for copy, _ in copies:
                self.on_copy(copy, None, f"a copy of {original}, which was not stored")
        self._waiting.clear()


__all__ = [
    "BANDS",
    "FIGURE_SPAN",
    "MAX_CHARS",
    "MAX_WORDS",
    "MIN_SHINGLES",
    "NUM_PERM",
    "ROWS",
    "SEED",
    "SHINGLE_WORDS",
    "SYNDICATED",
    "THRESHOLD",
    "Bands",
    "Syndication",
    "Text",
    "add_source",
    "band_keys",
    "changed_figures",
    "find_duplicate",
    "forget_indexes",
    "jaccard",
    "shingles",
    "shingles_of",
    "signature",
    "similarity",
    "source_key",
    "sources_of",
    "words",
]
