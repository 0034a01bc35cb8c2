"""Line cleaning: the seeds' traps, general chrome, content that must survive."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.ingest.clean import assemble, classify, line_rule
from briefing.ingest.normalize import normalize_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def judge(name: str):
    text = normalize_text((SEEDS / name).read_text(encoding="utf-8"))
    return {line.number: line for line in classify(text.split("\n"))}


def test_seed_labels_are_met_line_by_line():
    labels = tomllib.loads((ROOT / "tests/data/cleaning/seeds.toml").read_text(encoding="utf-8"))["seeds"]
    for name, dropped in labels.items():
        for number, line in judge(name).items():
            if line.text.strip():
                assert line.kept == (number not in dropped), f"{name}:{number} {line.kind} {line.text[:60]}"


def test_seed_000_caption_and_translator_dropped_subheadings_kept():
    lines = judge("000_458bd57e68a7d5e1.txt")
    assert lines[3].kind == "caption"
    assert lines[11].kind == "translator credit"
    assert (lines[5].kind, lines[8].kind) == ("subheading", "subheading")
    assert all(lines[n].kind == "blank" for n in range(12, 22))


def test_seed_001_bio_comments_and_reply_form():
    lines = judge("001_bdf6cf2efbc724a3.txt")
    assert lines[23].kind == "byline" and lines[24].kind == "author bio"
    assert lines[26].kind == "comment header"
    assert {lines[n].kind for n in (28, 30, 32, 34, 36, 38, 39, 40)} == {"comment"}
    assert lines[44].kind == lines[45].kind == "reply form"
    assert lines[21].kept


def test_seed_003_account_chrome_dropped_and_004_header_lines():
    lines = judge("003_1ea854193d2ce124.txt")
    assert [lines[n].kept for n in range(1, 11)] == [False] * 6 + [True] * 4
    lines = judge("004_292ca219b9857f86.txt")
    assert lines[1].kind == "headline"
    assert [lines[n].kind for n in (3, 4, 5, 9)] == ["dateline", "separator", "dateline", "caption"]


def test_content_that_shares_chrome_vocabulary_is_kept():
    page = [
        "Hospital hit by cyber attack",
        "Patients were advised to change any password they had reused on the portal, officials said.",
        "The ministry said 40,000 people had signed up to the newsletter scheme since March.",
        "“Subscribe to nothing you do not understand,” the regulator told reporters on Monday.",
        "Officials called for 300 more inspectors to be hired by 2026.",
        "The hotline received 1,200 calls in its first week, the agency said.",
        "Spending could rise and/or fall with growth, the minister said.",
        "The EU/NATO summit ended on Friday with a joint statement.",
        "A joint statement was agreed by the EU/NATO.",
    ]
    judged = classify(page)
    assert judged[0].kind == "headline"
    assert all(line.kept for line in judged), [(l.kind, l.text) for l in judged if not l.kept]


def test_agency_photo_credits_are_dropped():
    page = ["Ministers meet on energy prices",
            "Energy ministers met in Luxembourg on Tuesday to discuss a cap on gas prices.",
            "Ministers arrive for the meeting in Luxembourg. REUTERS/Yves Herman",
            "The ministers at the table (AFP/Getty Images)",
            "They agreed to meet again next month, the presidency said."]
    assert [(l.kept, l.kind) for l in classify(page)][2:4] == [(False, "photo credit")] * 2


def test_press_contact_lines_are_dropped():
    lines = ["Media enquiries: the ministry's press office", "Contacts for the media",
             "Press office: +32 2 707 50 41", "Write to press@example.org for interviews"]
    assert [line_rule(s)[0] if line_rule(s) else None for s in lines] == ["contact"] * 4


def test_comment_count_above_the_article_does_not_swallow_it():
    page = ["Ministers meet on energy prices", "12 comments", "",
            "Energy ministers met in Luxembourg on Tuesday to discuss a cap on gas prices.",
            "They agreed to meet again next month, the presidency said."]
    judged = classify(page)
    assert [l.kept for l in judged if l.text] == [True, False, True, True]


def test_related_links_run_and_trailing_tags_are_dropped():
    page = ["The central bank kept rates on hold on Thursday, its governor said.",
            "Read more:", "Inflation slows for a third month", "Banks tighten lending standards",
            "The next meeting is due in six weeks, according to the bank's calendar.",
            "Markets", "Interest rates"]
    kinds = [l.kind for l in classify(page)]
    assert kinds == ["paragraph", "related links", "related links", "related links", "paragraph",
                     "page footer", "page footer"]


def test_repeated_short_lines_across_sources_are_chrome():
    page = ["A long enough opening sentence about the summit talks in Paris today.", "Sign of the times",
            "The talks ended without agreement, diplomats said on Friday evening."]
    judged = classify(page, repeated={"sign of the times"})
    assert judged[1].kind == "repeated"


def test_assemble_offsets_index_the_text():
    judged = classify(["# Title of the piece", "First paragraph of the article text, which says things.",
                       "Share", "Second paragraph, also real content for the reader."],
                      hints={0: "headline"})
    text, blocks = assemble(judged)
    assert text.split("\n") == ["Title of the piece", "First paragraph of the article text, which says things.",
                                "Second paragraph, also real content for the reader."]
    assert [text[b.start:b.end] for b in blocks] == text.split("\n")
    assert blocks[0].kind == "headline"


lines_strategy = st.lists(st.text(max_size=120), max_size=25)


@settings(max_examples=120, deadline=None)
@given(lines_strategy)
def test_cleaning_never_raises_and_never_invents_text(raw_lines):
    text = normalize_text("\n".join(raw_lines))
    lines = text.split("\n")
    judged = classify(lines)
    assert [l.text for l in judged] == lines  # every input line is reported, unchanged
    out, blocks = assemble(judged)
    for block in blocks:
        piece = out[block.start:block.end]
        assert piece and any(piece in line for line in lines)  # kept text comes from the input


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    "Share", "4 COMMENTS", "Please enter your comment!", "By Jane Doe", "18 Oct. 2024",
    "Read more:", "The minister said the plan would cost €2bn over four years.", "",
    "Background", "Photo: Agency", "We use cookies to improve your experience.",
    "“It is a good day,” she said after the vote in parliament on Tuesday.",
]), max_size=30))
def test_cleaning_chrome_mixtures_never_raise(lines):
    judged = classify(lines)
    out, blocks = assemble(judged)
    assert len(blocks) == sum(1 for l in judged if l.kept and l.text.strip())


def test_benchmark_meets_the_targets():
    spec = importlib.util.spec_from_file_location("cleaning_bench", ROOT / "benchmarks" / "cleaning.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    from briefing.ingest import clean_corpus

    pages = bench.load_labelled() + bench.load_labelled(bench.DATA / "heldout")
    assert len(pages) >= 19
    judged = clean_corpus([(name, lines, {}) for name, lines, _ in pages])
    pairs = [(gold, not result[i].kept) for (_, _, labels), result in zip(pages, judged) for i, gold in labels.items()]
    precision, recall, *_ = bench.score(pairs)
    assert precision >= 0.97 and recall >= 0.97


def test_a_caption_above_a_photo_credit_is_dropped_and_does_not_date_the_article(tmp_path):
    from briefing.ingest import load_sources
    page = ["Elon Musk, chief executive of Tesla, speaks at a conference in Beverly Hills, California, on May 6, 2024.",
            "Apu Gomez | Getty Images",
            "Tesla reported on Tuesday that its adjusted operating margin fell to 14.4% from 18.7% a year ago.",
            "Sales rose 2% to $25.5 billion in the quarter, the company said in its investor presentation."]
    assert [(l.kept, l.kind) for l in classify(page)][:2] == [(False, "picture caption"), (False, "photo credit")]
    lead = ["The company reported on Tuesday that its margin fell to 14.4% from 18.7% a year ago, its lowest in years.",
            "Apu Gomez | Getty Images",
            "Sales rose 2% to $25.5 billion in the quarter, the company said in its investor presentation."]
    assert classify(lead)[0].kept  # a report's sentence above a credit stays
    (tmp_path / "a.txt").write_text("\n".join(page) + "\n", encoding="utf-8")
    (doc,) = load_sources([tmp_path]).documents
    assert doc.source.date is None and "Beverly Hills" not in doc.text
