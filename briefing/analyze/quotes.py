"""Pairing quote marks into quote spans, paragraph by paragraph, without spaCy.

Real copy mixes “ ” " ‘ ’ ' « » and gets them wrong: a quote closed with an
opening mark (“Ukraine needs more,“ he said), a quote never closed, a quote
that runs over paragraphs (each paragraph opens, only the last closes). A mark's
role is read from its neighbours (space before: opens; space after: closes)
rather than from its shape, so mismatched marks still pair. Single marks are
paired on their own first: one that opens and never closes in its paragraph is
an apostrophe or a stray mark ('AMANDA, you stabbed me," ...), so it cannot
hold the double quotes after it inside it; a mark after a plural s followed by
a lower-case word (the horses' carrots) closes nothing while a later mark can.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE = "“”\"„‟«»"
SINGLE = "‘’'‚‛‹›"
OPENING_SHAPES = "“„‟«‘‚‛‹"
MARKS = DOUBLE + SINGLE
_LEFT_BOUNDARY = "([{—–-/" + MARKS
_RIGHT_BOUNDARY = ".,;:!?)]}—–-…" + MARKS
# End of a sentence inside an unclosed quote: ". " then a capital (or a mark).
_SENTENCE_END = re.compile(r"[.!?…](?=\s+[\"“‘'«]?[A-Z])")


@dataclass
class QuoteSpan:
    """Quoted words (marks excluded) inside one paragraph."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int | None = None  # None when the quote was never closed
    continues: bool = False  # the quote goes on in the next paragraph
    continued: bool = False  # this part goes on from the previous paragraph
    chain: int = -1  # parts of one multi-paragraph quote share a chain id


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line: one block per line."""
    spans, pos = [], 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            spans.append((pos, end))
        pos = end + 1
    return spans


def _family(ch: str) -> str:
    return "double" if ch in DOUBLE else "single"


def _role(text: str, i: int, start: int, end: int) -> str | None:
    """open, close, either, or None for an apostrophe."""
    left = text[i - 1] if i > start else " "
    right = text[i + 1] if i + 1 < end else " "
    if text[i] in SINGLE and left.isalnum() and right.isalnum():
        return None  # don't, NATO’s
    left_open = left.isspace() or left in _LEFT_BOUNDARY
    right_open = right.isspace() or right in _RIGHT_BOUNDARY
    if left_open and not right_open:
        return "open"
    if right_open and not left_open:
        return "close"
    if text[i] in "\"'":
        return "either"
    return "open" if text[i] in OPENING_SHAPES else "close"


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _plural_apostrophe(text: str, i: int, end: int) -> bool:
    """’ after a plural s with a lower-case word after it: "the horses' carrots"."""
    return (
        i > 0 and text[i - 1] in "sS" and i + 2 < end and text[i + 1] == " " and text[i + 2].islower()
    )


def _stray_singles(text: str, start: int, end: int) -> set[int]:
    """Single marks that pair with nothing in the paragraph: apostrophes, stray marks.

    Pairs single marks alone, innermost first; an opener left open at the end, and
    a plural apostrophe that a later closing mark can stand in for, are stray.
    """
    marks = [(i, _role(text, i, start, end)) for i in range(start, end) if text[i] in SINGLE]
    marks = [(i, r) for i, r in marks if r is not None]
    stray: set[int] = set()
    opened: list[int] = []
    for k, (i, role) in enumerate(marks):
        if role == "either":
            role = "close" if opened else "open"
        if role == "open":
            opened.append(i)
        elif opened:
            later = any(r in ("close", "either") for _, r in marks[k + 1 :])
            if _plural_apostrophe(text, i, end) and later:
                stray.add(i)
                continue
            opened.pop()
        else:
            stray.add(i)
    return stray | set(opened)


def _paragraph_quotes(text: str, start: int, end: int) -> list[QuoteSpan]:
    found: list[QuoteSpan] = []
    stack: list[tuple[str, int]] = []  # (family, offset of opening mark)
    stray = _stray_singles(text, start, end)

    def record(open_at: int, close_at: int | None, stop: int) -> None:
        s, e = _strip(text, open_at + 1, stop)
        if any(ch.isalnum() for ch in text[s:e]):
            found.append(QuoteSpan(s, e, open_at, close_at))

    for i in range(start, end):
        ch = text[i]
        if ch not in MARKS:
            continue
        role = _role(text, i, start, end)
        if role is None or i in stray:
            continue
        family = _family(ch)
        pending = [k for k, (fam, _) in enumerate(stack) if fam == family]
        if role == "either":
            role = "close" if pending else "open"
        if role == "open":
            if pending and family == "double":
                # A second opening mark of the same kind: the first quote was
                # probably never closed. End it at the last sentence end before.
                k = pending[-1]
                ends = list(_SENTENCE_END.finditer(text, stack[k][1] + 1, i))
                if ends:
                    if k == 0:
                        record(stack[k][1], None, ends[-1].end())
                    del stack[k:]
            stack.append((family, i))
        elif pending:
            k = pending[-1]
            if k == 0:  # outermost quote; nested ones stay inside it
                record(stack[k][1], i, i)
            del stack[k:]
    # An unclosed outermost double quote runs to the paragraph's end.
    if stack and stack[0][0] == "double":
        record(stack[0][1], None, end)
    return found


def find_quotes(text: str, spans: list[tuple[int, int]] | None = None) -> list[QuoteSpan]:
    """All quote spans of `text`, in order; `spans` are the paragraphs (default: lines)."""
    spans = paragraphs(text) if spans is None else spans
    quotes: list[QuoteSpan] = []
    per_para = [_paragraph_quotes(text, s, e) for s, e in spans]
    chain = 0
    for k, found in enumerate(per_para):
        for q in found:
            quotes.append(q)
        if not found:
            continue
        last = found[-1]
        nxt = per_para[k + 1] if k + 1 < len(per_para) else []
        if (
            last.close_mark is None
            and nxt
            and text[nxt[0].open_mark] in DOUBLE
            and not text[spans[k + 1][0] : nxt[0].open_mark].strip()
        ):
            last.continues = True
            nxt[0].continued = True
            if last.chain < 0:
                last.chain = chain
                chain += 1
            nxt[0].chain = last.chain
    return quotes
