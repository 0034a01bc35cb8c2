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
    for i, s in enumerate(ctx.sents):
        if ctx.para_kinds[s.para] in ("headline", "subheading"):
            continue
        toks = ctx.tokens[s.tok_start : s.tok_end]  # the Tokens made once, not a Span making new ones
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
    """The speaker of a speech verb that takes a clause outside quotes, or of an aside.

    Asides report the sentence around them: "Germany, he added, is on track",
    "the awakening, as Rutte put it, is a beacon".
    """
    for t in toks:
        if t.pos_ != "VERB" or ctx.in_quote(t.idx):
            continue
        lemma = t.lemma_.lower()
        aside = t.dep_ == "parataxis" or any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children)
        if aside and (lemma in _REPORTING or lemma == "put" and any(c.lower_ == "it" for c in t.children)):
            pass
        elif lemma in _REPORTING:
            clause = next((c for c in t.children if _clause(c)), None)
            if clause is None or ctx.in_quote(clause.idx):
                continue
        else:
            continue
        found = speakers.resolve(speakers.subject_of(t))
        if found is not None and found.name:
            return found
    return None


def _clause(tok) -> bool:
    """A clause a speech verb reports. The parser reads some "argued X inevitably
    produces Y" as an adverbial clause: a finite one with no conjunction counts too."""
    if tok.dep_ in ("ccomp", "xcomp", "parataxis"):
        return True
    kids = list(tok.children)
    finite = tok.tag_ in ("VBZ", "VBD", "VBP") or any(c.dep_ == "aux" and c.tag_ == "MD" for c in kids)
    edge = tok.left_edge.i
    set_off = edge > 0 and tok.doc[edge - 1].text == ","  # ", launched a year ago": a modifier
    return tok.dep_ == "advcl" and finite and not set_off and not any(c.dep_ == "mark" for c in kids)
