"""Analyze: sentences, quotes, figures (placeholder until issue 4 lands)."""

from __future__ import annotations

import re

from briefing.analyze import nlp as nlp_loader
from briefing.model import Analysis, Document, Quote, Sentence

_QUOTE = re.compile(r"[“\"]([^”\"\n]{2,}?)[”\"]")


def from_spacy(document: Document, sdoc) -> Analysis:
    sid = document.source.id
    sentences = [
        Sentence(s.start_char, s.end_char, s.text,
                 " ".join(t.lemma_.lower() for t in s if not (t.is_stop or t.is_punct or t.is_space)))
        for s in sdoc.sents
    ]
    quotes = [Quote(sid, m.group(1), m.start(1), m.end(1)) for m in _QUOTE.finditer(document.text)]
    return Analysis(source_id=sid, sentences=sentences, quotes=quotes)


def extract(document: Document, nlp=None) -> Analysis:
    nlp = nlp or nlp_loader.load()
    return from_spacy(document, nlp(document.text))
