"""Sentence records with the lemmas topic matching looks at and the clauses claims compare."""

from __future__ import annotations

from briefing.analyze.clauses import clauses
from briefing.analyze.context import Context
from briefing.model import Sentence


def sentences(ctx: Context) -> list[Sentence]:
    """One Sentence per parsed sentence, clipped to its paragraph."""
    out = []
    tokens = ctx.tokens
    for s in ctx.sents:
        lemmas = " ".join(
            t.lemma_.lower() for t in tokens[s.tok_start : s.tok_end] if t.is_alpha and not t.is_stop
        )
        out.append(Sentence(s.start, s.end, ctx.text[s.start : s.end], lemmas,
                            clauses(ctx, s.tok_start, s.tok_end)))
    return out
