"""The order of the extraction stages: Article -> Record.

1. read: coerce the input into an :class:`~strikewatch.model.Article`
2. find the date: the publication date when the article has none (read.published)
3. split and find candidates: sentences, cues of the eight event types (candidates)
4. parse: only sentences with a cue meet spaCy, many articles' sentences in one batch
5. candidates: dates with every reading, organizations (candidates)
6. decide and assemble: the learned decisions, then the events of the article (assemble)
7. claims: bargaining positions with a number (claims)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from strikewatch.extract.assemble import assemble
from strikewatch.extract.candidates import Analysis, complete, prepare
from strikewatch.extract.decide import Models, claim, shipped
from strikewatch.extract.nlp import load_nlp
from strikewatch.extract.temporal import reference_day
from strikewatch.model import Article, Record

EXTRACTOR_VERSION = "0.3.0"


def coerce(article: Article | dict[str, Any] | str) -> Article:
    if isinstance(article, Article):
        return article
    if isinstance(article, str):
        return Article(id="", text=article)
    if isinstance(article, dict):
        if not isinstance(article.get("text"), str):
            raise ValueError("article has no 'text' string")
        return Article.from_dict(article)
    raise TypeError(f"cannot extract from {type(article).__name__}")


def published_date(article: Article) -> dt.date | None:
    """The publication date, found in the text (else the URL) when the article has none.

    A URL that gives only a month (``/2020/10/``) is not taken: it is no publication date.
    """
    if not article.published:
        from strikewatch.read.published import find_published, published_from_url

        found, _ = find_published(article.text)
        if found:
            article.published = found
            article.published_from = "text"
        else:
            from_url = published_from_url(article.url)
            if from_url and len(from_url) == 10:
                article.published = from_url
                article.published_from = "url"
    if article.published:
        try:
            return dt.date.fromisoformat(article.published[:10])
        except ValueError:
            return None
    return None


def analyse(article: Article | dict[str, Any] | str) -> Analysis:
    """Stages 1-3 for one article (no model needed).

    An article with no publication date is read against a reference day (the latest
    date it states), which the record does not report as its publication date.
    """
    art = coerce(article)
    pub = published_date(art)
    if pub is None:
        ref = reference_day(art.text)
        month = None
        if ref is None:
            from strikewatch.read.published import published_from_url

            month = published_from_url(art.url)
            if month and len(month) == 7:
                # the month the URL gives: its last day anchors the year of "Feb. 18", and no
                # day is ever estimated from it
                y, m = int(month[:4]), int(month[5:7])
                ref = dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)
        an = prepare(art, ref)
        an.pub_is_reference = ref is not None
        if month and ref is not None:
            an.pub_precision = "month"
        return an
    return prepare(art, pub)


#: the model's named entities are read for an article's first sentences with cues (where its
#: parties are introduced); later sentences get the tagger and parser only, and their
#: organizations are found by name (the forms seen earlier) and as runs of proper nouns
NER_SENTENCES = 2


def parse(analyses: list[Analysis]) -> None:
    """Stages 4-5 for many articles: one batch of sentences for the parser, sorted by length."""
    work = [(an, an.to_parse()) for an in analyses]
    texts: list[str] = []
    ner: list[bool] = []
    for _, sents in work:
        for k, si in enumerate(sents):
            texts.append(si.text)
            ner.append(k < NER_SENTENCES)
    docs: list[Any] = [None] * len(texts)
    if texts:
        nlp = load_nlp()
        for with_ner in (True, False):
            order = sorted((i for i in range(len(texts)) if ner[i] == with_ner), key=lambda i: len(texts[i]))
            if not order:
                continue
            disable = [] if with_ner else [p for p in ("ner",) if p in nlp.pipe_names]
            with nlp.select_pipes(disable=disable):
                for i, doc in zip(order, nlp.pipe((texts[i] for i in order), batch_size=256), strict=True):
                    doc.user_data["ner"] = with_ner
                    docs[i] = doc
    k = 0
    for an, sents in work:
        complete(an, docs[k : k + len(sents)])
        k += len(sents)


def decide(an: Analysis, models: Models | None = None, min_confidence: float | None = None) -> Record:
    """Stages 6-7: the record of one parsed article (events of at least ``min_confidence``)."""
    art = an.article
    record = Record(id=art.id, published=art.published, is_labor=False)
    if not an.candidates:
        return record
    models = models or shipped()
    floor = models.thresholds["event"] if min_confidence is None else min_confidence
    # the article is labor news when it reports an event at least "labor" likely, even if no event
    # reaches the (higher) floor of the events listed
    events = assemble(an, models, min(floor, models.thresholds["labor"]))
    record.is_labor = bool(events)
    record.events = [e for e in events if (e.confidence or 0.0) >= floor]
    if min_confidence is None and events and not record.events:
        # labor news reports an event: at the default floor, such an article whose events all fall
        # between the two thresholds lists its likeliest one (asked for a floor, it lists what passes)
        record.events = [max(events, key=lambda e: e.confidence or 0.0)]
    if record.is_labor:
        spans = [(s.sentence.start, s.sentence.end) for s in an.sentences]
        ratified = claim.deal_ratified(record.events)
        record.claims = claim.find_claims(art.text, spans, models.claim, models.thresholds["claim"], an.parties,
                                          ratified)
    return record


def extract_article(article: Article | dict[str, Any] | str, models: Models | None = None,
                    min_confidence: float | None = None) -> Record:
    """One article in, its record out (the library's ``strikewatch.extract``).

    ``min_confidence``: report events down to this probability (default 0.6, the
    balance of precision and recall; lower for recall, higher for precision).
    """
    an = analyse(article)
    parse([an])
    return decide(an, models, min_confidence)


def extract_many(articles: Iterable[Article | dict[str, Any] | str], batch_size: int = 64,
                 models: Models | None = None, min_confidence: float | None = None) -> Iterator[Record]:
    """Records for many articles, in order; the parser sees each batch's sentences together.

    Same records as :func:`extract_article` on each article, faster.
    """
    batch: list[Analysis] = []
    for article in articles:
        batch.append(analyse(article))
        if len(batch) >= batch_size:
            parse(batch)
            for an in batch:
                yield decide(an, models, min_confidence)
            batch = []
    if batch:
        parse(batch)
        for an in batch:
            yield decide(an, models, min_confidence)


def warm() -> None:
    """Load the model, the weights and the place gazetteer now (forked workers inherit them)."""
    from strikewatch.extract.places import _gaz

    load_nlp()
    shipped()
    _gaz()
