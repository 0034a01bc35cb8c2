"""Statements: every body sentence, with reported speech attributed.

"Rutte said allies would ..." is a reported statement of Rutte's: in news
copy indirect speech carries as much as direct quotes. A sentence counts as
reported when a speech verb outside any quote takes a clause ("said (that)
...") or the sentence says "according to X"; other sentences are narration.
"""

from __future__ import annotations

from briefing.analyze import lexicon as lx
from briefing.analyze.context import Context
from briefing.analyze.speakers import Speakers
from briefing.model import Statement

_REPORTING = lx.SPEECH_VERBS - {"call", "describe", "praise", "thank", "welcome", "cite", "ask", "question"}
MIN_WORDS = 5


def statements(ctx: Context, speakers: Speakers) -> list[Statement]:
    out = []
    sdoc = ctx.sdoc
    for i, s in enumerate(ctx.sents):
        if ctx.para_kinds[s.para] in ("headline", "subheading"):
            continue
        toks = sdoc[s.tok_start : s.tok_end]
        if sum(t.is_alpha for t in toks) < MIN_WORDS:
            continue
        speaker = _reporter(ctx, speakers, toks) or speakers.according_to(i)
        out.append(
            Statement(
                ctx.source_id,
                ctx.text[s.start : s.end],
                s.start,
                s.end,
                speaker.name if speaker else None,
                speaker.role if speaker else None,
                reported=speaker is not None and speaker.name is not None,
            )
        )
    return out


def _reporter(ctx: Context, speakers: Speakers, toks):
    """The speaker of a speech verb that takes a clause outside quotes."""
    for t in toks:
        if t.lemma_.lower() not in _REPORTING or t.pos_ != "VERB" or ctx.in_quote(t.idx):
            continue
        clause = next((c for c in t.children if c.dep_ in ("ccomp", "xcomp", "parataxis")), None)
        if clause is None or ctx.in_quote(clause.idx):
            continue
        found = speakers.resolve(speakers.subject_of(t))
        if found is not None and found.name:
            return found
    return None
