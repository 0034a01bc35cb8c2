"""Faithfulness on the seeds: every word shown comes from the source it cites.

These checks run on the Briefing model the renderers consume, for every audience:
- an item's text is verbatim in the cleaned text of its first cited source;
- each variant's text is verbatim in the source it names;
- a figure shown in a figures table appears, as written, in every source it cites;
- a conflict version's figure appears in every source it cites;
- a quote's text contains no chrome (comments, bios, captions, credits).
"""

from __future__ import annotations

import pytest

from briefing.pipeline import BuildOptions, make_briefing
from briefing.ingest import load_sources
from conftest import SEEDS

CHROME = ["LEAVE A REPLY", "Please enter your", "COMMENTS", "Translation Service", "password",
          "newsletter", "Official photo", "founder and editor", "MARCOM", "Twitter:"]


@pytest.fixture(scope="module")
def texts() -> dict[int, str]:
    documents = load_sources([SEEDS]).documents
    return {n: d.text for n, d in enumerate(documents, 1)}


@pytest.fixture(scope="module", params=["analyst", "executive", "press"])
def briefing(request):
    built, _ = make_briefing(BuildOptions(sources=[str(SEEDS)], audience=request.param))
    return built


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_sources_are_numbered_in_file_order(briefing, texts):
    assert [s.number for s in briefing.sources] == list(range(1, len(texts) + 1))
    assert [s.file.rsplit("/", 1)[-1] for s in briefing.sources] == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_item_text_is_verbatim_in_its_first_source(briefing, texts):
    items = briefing.all_items() + briefing.key_points
    assert items
    for item in items:
        assert item.sources, item.text
        assert _norm(item.text) in _norm(texts[item.sources[0]]), (item.sources, item.text)
        for variant in item.variants:
            assert _norm(variant.text) in _norm(texts[variant.source]), (variant.source, variant.text)


def test_figures_appear_in_every_source_cited_for_them(briefing, texts):
    for section in briefing.sections:
        for row in section.figures:
            for number in row.sources:
                assert _norm(row.surface) in _norm(texts[number]), (row.surface, number)


def test_conflict_versions_appear_in_their_sources(briefing, texts):
    for conflict in briefing.conflicts:
        assert len(conflict.versions) >= 2
        for version in conflict.versions:
            for number in version.sources:
                assert _norm(version.text) in _norm(texts[number]), (version.text, number)


def test_no_chrome_reaches_the_briefing(briefing):
    shown = [i.text for i in briefing.all_items() + briefing.key_points]
    shown += [v.text for c in briefing.conflicts for v in c.versions]
    for text in shown:
        for marker in CHROME:
            assert marker not in text, (marker, text)


def test_quotes_have_named_speakers_or_unknown(briefing, texts):
    for item in briefing.all_items():
        if item.kind == "quote" and item.speaker:
            assert item.speaker.lower() not in {"he", "she", "they", "it", "we", "i"}, item.speaker
            surname = item.speaker.split()[-1].lower()
            assert surname in texts[item.sources[0]].lower(), (item.speaker, item.sources)


def _unquoted(text: str) -> str:
    return _norm(text).strip("\"“”‘’'« » ,.")


def test_a_quote_cites_only_sources_that_contain_it_verbatim(briefing, texts):
    """A paraphrase may corroborate a fact, but a quote is only ever credited to a
    source that printed those words."""
    for item in briefing.all_items() + briefing.key_points:
        if item.kind != "quote":
            continue
        for number in item.sources:
            assert _unquoted(item.text) in _norm(texts[number]), (number, item.text)
