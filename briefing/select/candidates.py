"""Candidate items: the sentences (and multi-sentence quotes) a briefing may use.

A candidate is verbatim text from one source: one sentence, or the run of
sentences a direct quote spans. It carries what ranking needs: speaker,
figures, tone cues and folded words. Headlines and sub-headings are not
candidates: they are labels, not statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing.model import Analysis, Block, Clause, Document, Entity, Figure, Quote, Statement
from briefing.select.figures import find_figures
from briefing.select.text import Folder, hype_hits, is_clause, is_question, word_count

BODY_KINDS = ("paragraph", "standfirst")
CLOSING = "”\"’»"
ENDS_SENTENCE = re.compile(r"[.!?…][”\"’»)\]]*$")
_CLOSERS = "”\"’»)]"  # the marks ENDS_SENTENCE allows after the full stop
MIN_WORDS = 6
# A wire dateline ("WASHINGTON (AP) — ", "BARI, Italy — ", "Brussels – "), a site's name
# ("Investing.com– ") or an inline byline ("By Jane Doe, Reuters — ") opening a paragraph: where
# the story was filed or first ran, not what happened.
_PLACE = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
DATELINE = re.compile(
    rf"(?:(?P<caps>[A-Z][A-Z.'’-]{{2,}}(?:\s+[A-Z][A-Z.'’-]+){{0,3}})(?:,\s*{_PLACE})?"
    rf"(?:,?\s+[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}})?(?:\s*\((?P<agency>[A-Za-z. ]{{1,25}})\))?"
    rf"|(?P<place>[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*)?)"
    rf"|(?P<site>[A-Z][\w-]*\.(?:com|org|net|io|news|co\.uk|co))"  # "Investing.com– The Reserve Bank ..."
    rf"|By\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w.'’-]+){{1,3}}(?:,\s*[A-Z][\w .&]{{1,30}})?)"
    r"\s*(?:[–—―]|-{1,2})\s+(?=[A-Z“\"‘'])")
# Verbs of saying: a sentence using one reports what somebody said.
SAYING = re.compile(
    r"\b(?:said|says|told|stated|stating|added|adding|stressed|noted|noting|argued|arguing|"
    r"warned|warning|announced|insisted|emphasi[sz]ed|highlighted|underscored|reiterated|"
    r"affirmed|reaffirmed|explained|declared|asserted|praised|praising|according to|"
    r"described|describing|called|calling|urged|urging|points? out|pointed out|recalled|recalls|"
    r"assured|assures|believes|rejected|defended|acknowledged|cited|citing|vowed|pledged|"
    r"promised|confirmed|denied|claimed|suggested|told reporters|remarked)\b",
    re.I,
)


@dataclass
class Candidate:
    id: str  # "<source id>#<n>"
    source_id: str
    doc: int  # index of the document
    start: int
    end: int
    text: str  # verbatim
    order: int  # 0 for the source's first body sentence (its lead), 1 for the next...
    quote: Quote | None = None  # the main direct quote inside, if any
    speaker: str | None = None
    role: str | None = None
    reported: bool = False  # attributed reported speech or quote
    figures: list[Figure] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # folded content words
    all_words: list[str] = field(default_factory=list)  # folded words, in order
    lemmas: list[str] = field(default_factory=list)  # analyze's lemmas
    clauses: list[Clause] = field(default_factory=list)  # who did what, per clause (analyze)
    hype: list[str] = field(default_factory=list)
    question: bool = False
    event: str | None = None
    says: bool = False  # uses a verb of saying (read once: ranking asks often)

    @property
    def attributed(self) -> bool:
        return self.speaker is not None or self.reported or self.says

    def quote_dominates(self) -> bool:
        """A whole utterance by a known speaker that is most of the unit: show it as a quote.

        A fragment ("... “reiterated that they are increasing ...” support") stays
        in its sentence, which names who said it.
        """
        q = self.quote
        if q is None or not q.speaker or not q.text[:1].isupper():
            return False
        return len(q.text) >= 0.6 * len(self.text) and word_count(q.text) >= 5

    def display(self, as_quote: bool) -> tuple[str, str]:
        """(kind, text) as shown in the briefing: a quote's words, or the whole sentence."""
        if as_quote and self.quote is not None:
            return "quote", self.quote.text.rstrip(",;: ")
        return "statement", self.text


def build_candidates(documents: list[Document], analyses: list[Analysis]) -> list[Candidate]:
    out: list[Candidate] = []
    folder = Folder()
    for n, (doc, analysis) in enumerate(zip(documents, analyses)):
        out.extend(candidates_of(n, doc, analysis, folder))
    return out


def candidates_of(n: int, doc: Document, analysis: Analysis, folder: Folder) -> list[Candidate]:
    """The candidates of one source, the `n`th (`folder` caches word folding across sources)."""
    spans = _body_sentence_spans(doc, analysis)
    quotes = [q for q in analysis.quotes if not q.scare and word_count(q.text) >= 4]
    units = _join_quoted(spans, quotes)
    figures = analysis.figures or find_figures(doc.source.id, doc.text)
    lemmas_by_start = {s.start: s.lemmas for s in analysis.sentences}
    clauses_by_start = {s.start: s.clauses for s in analysis.sentences}
    kept = []
    for i, (start, end, starts) in enumerate(units):
        start += dateline_length(doc.text[start:end])
        text = doc.text[start:end]
        if word_count(text) < MIN_WORDS or not _ends_sentence(text):
            continue  # too short, or a label (caption, heading, date line) rather than a sentence
        kept.append((i, start, end, starts, text))
    near_quotes = overlapping([(k[1], k[2] + 1) for k in kept], quotes)
    near_statements = overlapping([(k[1], k[2]) for k in kept], analysis.statements)
    near_figures = overlapping([(k[1], k[2]) for k in kept], figures)
    found = []
    for (i, start, end, starts, text), q, st, fig in zip(kept, near_quotes, near_statements, near_figures):
        folded, content = folder.fold_text(text)
        cand = Candidate(
            id=f"{doc.source.id}#{i + 1}", source_id=doc.source.id, doc=n, start=start, end=end,
            text=text, order=len(found),
            figures=[f for f in fig if start <= f.start and f.end <= end],
            words=content, all_words=folded,
            lemmas=" ".join(lemmas_by_start.get(s, "") for s in starts).split(),
            clauses=[c for s in starts for c in clauses_by_start.get(s, [])],
            hype=hype_hits(text), question=is_question(text), says=bool(SAYING.search(text)),
        )
        _attribute(cand, q, st)
        found.append(cand)
    return found


_DATE_PREFIX = re.compile(r"(?:[Dd]ate:?\s+)?\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?Z?)?\s+(?=[A-Z“\"])")


def dateline_length(text: str) -> int:
    """Characters of a dateline or byline opening `text` (0 if none): the item starts after it.

    The item stays a verbatim span of the source, only shorter. A spaced dash
    after one or two title-case words ("Brussels – NATO will ...") counts as a
    dateline; a hyphen there does not (it joins words).
    """
    stamp = _DATE_PREFIX.match(text)  # a machine date left at the start ("date 2024-07-04 Labour will ...")
    if stamp:
        return stamp.end() + dateline_length(text[stamp.end():])
    match = DATELINE.match(text)
    if not match:
        return 0
    if match.group("place") and text[match.end("place"):match.end()].strip() == "-":
        return 0
    return match.end()


def _ends_sentence(text: str) -> bool:
    """Whether ENDS_SENTENCE matches, read from the end instead of tried at every position."""
    body = text[:-1] if text.endswith("\n") else text  # `$` also matches before a final newline
    return body.rstrip(_CLOSERS)[-1:] in (".", "!", "?", "…")


def _body_sentence_spans(doc: Document, analysis: Analysis) -> list[tuple[int, int]]:
    """Sentence spans inside body blocks, clipped to the block (never across two)."""
    blocks = [b for b in doc.blocks if b.kind in BODY_KINDS] or [Block("paragraph", 0, len(doc.text))]
    sentences = sorted(analysis.sentences, key=lambda s: (s.start, s.end))
    spans = []
    for s, inside in zip(sentences, overlapping([(s.start, s.end) for s in sentences], blocks)):
        for b in inside:
            start, end = _trim(doc.text, max(s.start, b.start), min(s.end, b.end))
            if start < end:
                while end < b.end and doc.text[end] in CLOSING:
                    end += 1  # a closing quote mark the sentence splitter left outside
                spans.append((start, end))
    return sorted(set(spans))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding white space."""
    piece = text[start:end]
    return start + len(piece) - len(piece.lstrip()), end - (len(piece) - len(piece.rstrip()))


def _join_quoted(spans: list[tuple[int, int]], quotes: list[Quote]) -> list[tuple[int, int, list[int]]]:
    """Merge consecutive sentences that one quote runs across into one unit."""
    units: list[tuple[int, int, list[int]]] = []
    for start, end in spans:
        if units and any(q.start < units[-1][1] and q.end > start and q.start < end for q in quotes):
            u_start, _, starts = units[-1]
            units[-1] = (u_start, end, starts + [start])
        else:
            units.append((start, end, [start]))
    return units


def _attribute(cand: Candidate, quotes: list[Quote], statements: list[Statement]) -> None:
    """Speaker, role and the main quote from the analysis, where it knows them.

    `quotes` and `statements` are those overlapping the candidate (see `overlapping`).
    """
    inside = [q for q in quotes if cand.start <= q.start and q.end <= cand.end + 1]
    if inside:
        cand.quote = max(inside, key=lambda q: (is_clause(q.text), len(q.text)))  # a full clause over a longer fragment
        if cand.quote.speaker:
            cand.speaker, cand.role, cand.reported = cand.quote.speaker, cand.quote.speaker_role, True
    best = 0
    for st in statements:
        overlap = min(st.end, cand.end) - max(st.start, cand.start)
        if overlap > best and st.speaker:
            best = overlap
            cand.speaker = cand.speaker or st.speaker
            cand.role = cand.role or st.speaker_role
            cand.reported = cand.reported or st.reported


def overlapping(spans: list[tuple[int, int]], items: list) -> list[list]:
    """For each span, the items (anything with .start and .end) overlapping it, in the items' order.

    Spans must come in document order (starts and ends never decreasing), as
    a document's sentences do: one sweep keeps the items still open, instead
    of checking every item for every span.
    """
    order = sorted(range(len(items)), key=lambda k: items[k].start)
    out: list[list] = []
    active: list[int] = []
    added = 0
    for start, end in spans:
        while added < len(order) and items[order[added]].start < end:
            active.append(order[added])
            added += 1
        active = [k for k in active if items[k].end > start]
        out.append([items[k] for k in sorted(active)])
    return out


def entity_mentions(entities: list[Entity], text: str, kinds: tuple[str, ...]) -> list[Entity]:
    """Entities of the given kinds named (by any variant) in a text."""
    hits = []
    for e in entities:
        if e.kind not in kinds:
            continue
        names = {e.name, *e.variants}
        if any(v in text and re.search(r"(?<!\w)" + re.escape(v) + r"(?!\w)", text) for v in names if v):
            hits.append(e)
    return hits
