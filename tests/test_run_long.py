"""Texts longer than spaCy's nlp.max_length: parsed in pieces, offsets exact."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from briefing import ingest
from briefing.analyze import nlp as nlp_loader
from briefing.analyze import run
from briefing.analyze.run import AnalyzeOptions, analyze_documents, split_text
from briefing.model import Block, Document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seed():
    """The seed with the most quotes, a statement and figures."""
    docs = ingest.load_sources([SEEDS]).documents
    return next(d for d in docs if d.source.id.startswith("001_"))


def repeated(document: Document, copies: int) -> Document:
    """`copies` copies of `document`, one after another, its blocks shifted with them."""
    step = len(document.text) + 1
    text = "\n".join([document.text] * copies)
    blocks = [Block(b.kind if k == 0 or b.kind == "paragraph" else "paragraph", b.start + k * step, b.end + k * step)
              for k in range(copies) for b in document.blocks]
    source = dataclasses.replace(document.source, id="long")
    return Document(source=source, text=text, blocks=blocks)


def test_pieces_join_back_and_cut_after_a_line_break():
    text = "one two three\nfour five six seven\n" * 50
    pieces = split_text(text, 100)
    assert "".join(pieces) == text
    assert all(len(p) <= 100 for p in pieces) and all(p.endswith("\n") for p in pieces)
    assert split_text("short", 100) == ["short"]


def test_a_paragraph_longer_than_a_piece_is_cut_at_a_space_then_anywhere():
    words = "word " * 100
    pieces = split_text(words, 42)
    assert "".join(pieces) == words and all(len(p) <= 42 and p.endswith(" ") for p in pieces[:-1])
    blob = "x" * 250
    assert split_text(blob, 100) == ["x" * 100, "x" * 100, "x" * 50]


def test_text_over_max_length_gives_verbatim_quotes_at_exact_offsets(seed, monkeypatch):
    """spaCy raises E088 for any text over max_length: lowered here, so a 40 kB text must go in pieces."""
    nlp = nlp_loader.load()
    monkeypatch.setattr(nlp, "max_length", 5_000)
    copies = 8
    long = repeated(seed, copies)
    assert len(long.text) > 6 * nlp.max_length
    with pytest.raises(ValueError, match="E088"):
        nlp(long.text)
    single, analysis = analyze_documents([seed, long], AnalyzeOptions(n_process=1, use_cache=False))
    for item in analysis.quotes + analysis.statements:
        assert long.text[item.start:item.end] == item.text
    for figure in analysis.figures:
        assert long.text[figure.start:figure.end] == figure.surface
    for sentence in analysis.sentences:
        assert long.text[sentence.start:sentence.end] == sentence.text
    # every copy is found again, at its own offset: cuts fall between paragraphs
    step = len(seed.text) + 1
    assert len(analysis.quotes) == copies * len(single.quotes) > 0
    for k in range(copies):
        shifted = {(q.text, q.start + k * step, q.speaker) for q in single.quotes}
        assert shifted <= {(q.text, q.start, q.speaker) for q in analysis.quotes}


def test_long_texts_and_short_ones_keep_their_order(seed, monkeypatch):
    monkeypatch.setattr(run, "CHUNK_CHARS", 2_000)
    long = repeated(seed, 3)
    docs = [long, seed, dataclasses.replace(long, source=dataclasses.replace(long.source, id="long-2"))]
    results = analyze_documents(docs, AnalyzeOptions(n_process=1, use_cache=False))
    assert [a.source_id for a in results] == ["long", seed.source.id, "long-2"]
    assert results[0].quotes == [dataclasses.replace(q, source_id="long") for q in results[2].quotes]
