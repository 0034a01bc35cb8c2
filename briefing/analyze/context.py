"""One parsed document as the analyzers see it: text, paragraphs, sentences, tokens.

Built once per document in linear time; lookups from a character offset to a
token or sentence use bisection, so no analyzer loops over all tokens per item.
The tokens are listed once (`tokens`, with their lower-case forms in `lowers`):
iterating a spaCy Doc makes new Token objects on every pass, which cost about
half of the analysis on top of the parse before.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from briefing.analyze.quotes import QuoteSpan, find_quotes, paragraphs
from briefing.model import Document


@dataclass
class Sent:
    """A sentence clipped to its paragraph (the parser may run over a line break)."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    para: int


@dataclass
class Context:
    document: Document
    sdoc: object  # spacy.tokens.Doc
    paras: list[tuple[int, int]]
    para_kinds: list[str]
    sents: list[Sent]
    quotes: list[QuoteSpan]
    tok_starts: list[int] = field(default_factory=list)
    sent_starts: list[int] = field(default_factory=list)
    para_starts: list[int] = field(default_factory=list)
    quote_starts: list[int] = field(default_factory=list)
    tokens: list = field(default_factory=list)  # spacy Tokens of sdoc, made once
    lowers: list[str] = field(default_factory=list)  # tokens[i].lower_, for cheap filtering
    ents: list = field(default_factory=list)  # sdoc.ents, made once (spaCy rebuilds the Spans on every access)

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def source_id(self) -> str:
        return self.document.source.id

    def token_at(self, char: int):
        """The token covering (or the last one starting before) `char`."""
        i = bisect_right(self.tok_starts, char) - 1
        return self.tokens[max(i, 0)] if self.tokens else None

    def token_index(self, char: int) -> int:
        return max(bisect_right(self.tok_starts, char) - 1, 0)

    def sent_at(self, char: int) -> int:
        return max(bisect_right(self.sent_starts, char) - 1, 0)

    def para_at(self, char: int) -> int:
        return max(bisect_right(self.para_starts, char) - 1, 0)

    def in_quote(self, char: int) -> bool:
        """True when `char` lies inside quoted words."""
        k = bisect_right(self.quote_starts, char) - 1
        return k >= 0 and self.quotes[k].start <= char < self.quotes[k].end

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]


def _blocks(document: Document) -> tuple[list[tuple[int, int]], list[str]]:
    if document.blocks:
        spans = [(b.start, b.end) for b in document.blocks if document.text[b.start : b.end].strip()]
        kinds = [b.kind for b in document.blocks if document.text[b.start : b.end].strip()]
        return spans, kinds
    spans = paragraphs(document.text)
    return spans, ["paragraph"] * len(spans)


def _sentences(sdoc, text: str, tokens: list, paras: list[tuple[int, int]]) -> list[Sent]:
    """spaCy sentences split at paragraph ends, whitespace trimmed (`text`: sdoc's, `tokens`: list(sdoc))."""
    out: list[Sent] = []
    para_starts = [s for s, _ in paras]
    for sent in sdoc.sents:
        tok = sent.start
        while tok < sent.end:
            start_char = tokens[tok].idx
            p = bisect_right(para_starts, start_char) - 1
            if p < 0 or start_char >= paras[p][1] or tokens[tok].is_space:
                # Whitespace between paragraphs, or leading a paragraph (" She «A"):
                # skip it, never the words after it.
                tok += 1
                continue
            para_end = paras[p][1]
            last = tok
            while last + 1 < sent.end and tokens[last + 1].idx < para_end:
                last += 1
            end_char = min(tokens[last].idx + len(tokens[last].text), para_end)
            while end_char > start_char and text[end_char - 1].isspace():
                end_char -= 1
            if end_char > start_char and not tokens[tok].is_space:
                out.append(Sent(start_char, end_char, tok, last + 1, p))
            tok = last + 1
    return out


def build(document: Document, sdoc) -> Context:
    """The Context of `document` parsed as `sdoc`; ValueError if `sdoc` is the parse of another text."""
    tokens = list(sdoc)
    # Checked on the token list: sdoc.text would make every Token object again.
    if "".join([t.text_with_ws for t in tokens]) != document.text:
        raise ValueError(f"{document.source.id}: the parse is not of this document's text")
    paras, kinds = _blocks(document)
    quotes = find_quotes(document.text, paras)
    ctx = Context(document, sdoc, paras, kinds, _sentences(sdoc, document.text, tokens, paras), quotes)
    ctx.tokens = tokens
    ctx.lowers = [t.lower_ for t in tokens]
    ctx.ents = list(sdoc.ents)
    ctx.tok_starts = [t.idx for t in tokens]
    ctx.sent_starts = [s.start for s in ctx.sents]
    ctx.para_starts = [s for s, _ in paras]
    ctx.quote_starts = [q.start for q in quotes]
    return ctx
