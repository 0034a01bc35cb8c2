"""Analyze: sentences, quotes, speakers, statements, figures and entities of a Document.

    from briefing.analyze import extract
    analysis = extract(document)          # parses with the installed spaCy model
    analysis = from_spacy(document, sdoc) # when the caller already ran nlp.pipe

Every Quote, Statement and Figure carries `source_id` and offsets with
`document.text[x.start:x.end] == x.text` (or `.surface` for figures).
"""

from __future__ import annotations

from briefing.analyze import context as _context
from briefing.analyze.entities import People, canonicalize
from briefing.analyze.figures import Figures
from briefing.analyze.sentences import sentences
from briefing.analyze.speakers import Speakers, attribute
from briefing.analyze.statements import statements
from briefing.model import Analysis, Document, Quote

__all__ = ["from_spacy", "extract", "canonicalize"]


def from_spacy(document: Document, sdoc) -> Analysis:
    """Analysis of `document` from its parse `sdoc` (= nlp(document.text)); never re-parses."""
    ctx = _context.build(document, sdoc)
    people = People(ctx)
    speakers = Speakers(ctx, people)
    return Analysis(
        source_id=document.source.id,
        sentences=sentences(ctx),
        quotes=_quotes(ctx, speakers),
        statements=statements(ctx, speakers),
        figures=Figures(ctx).extract(),
        entities=people.entities(),
    )


def extract(document: Document, nlp=None) -> Analysis:
    """Parse `document` (with `nlp`, or the model from briefing.analyze.nlp) and analyze it."""
    if nlp is None:
        from briefing.analyze.nlp import load

        nlp = load()
    return from_spacy(document, nlp(document.text))


def _quotes(ctx: _context.Context, speakers: Speakers) -> list[Quote]:
    out = []
    for q, att, scare in attribute(ctx, speakers):
        sp = att.speaker
        first = ctx.sents[ctx.sent_at(q.open_mark)] if ctx.sents else None
        last = ctx.sents[ctx.sent_at(max(q.end - 1, q.start))] if ctx.sents else None
        out.append(
            Quote(
                source_id=ctx.source_id,
                text=ctx.text[q.start : q.end],
                start=q.start,
                end=q.end,
                speaker=sp.name if sp else None,
                speaker_role=sp.role if sp else None,
                speaker_text=sp.text if sp else None,
                scare=scare,
                sentence_start=first.start if first else q.start,
                sentence_end=max(last.end, q.end) if last else q.end,
            )
        )
    return out
