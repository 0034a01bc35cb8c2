"""Properties, over generated input: no bidi control survives normalizing and offsets stay exact;
the caches load only entries they wrote themselves, whatever bytes or folder they are handed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import cache as analysis_cache
from briefing import corpus_cache, ingest, signing
from briefing.analyze.run import AnalyzeOptions, analyze_documents
from briefing.ingest import readers
from briefing.ingest.normalize import BIDI_CONTROLS, OTHER_FORMAT, normalize_text
from briefing.pipeline import BuildOptions, make_briefing

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CONTROLS = BIDI_CONTROLS + OTHER_FORMAT
SEED_TEXT = (SEEDS / "001_bdf6cf2efbc724a3.txt").read_text(encoding="utf-8")

controls = st.sampled_from(list(BIDI_CONTROLS) + ["\u061c", "\u206a", "\ufff9", "\U000e0041"])


def sprinkle(text: str, positions: list[int], marks: list[str]) -> str:
    """`text` with each mark inserted at its position (positions taken modulo the length)."""
    chars = list(text)
    for position, mark in sorted(zip(positions, marks), reverse=True):
        at = position % (len(chars) + 1)
        chars[at:at] = [mark]
    return "".join(chars)


# ------------------------------------------------------------------ normalizer


@settings(max_examples=400)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)) | controls, max_size=200))
def test_no_bidi_or_format_control_survives(text):
    assert not set(CONTROLS) & set(normalize_text(text))


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120),
       st.lists(st.integers(min_value=0, max_value=10_000), max_size=12), st.data())
def test_controls_anywhere_change_nothing_else(text, positions, data):
    """Removing the controls is all the normalizer does with them: the rest, and so every offset, is unchanged."""
    marks = [data.draw(controls) for _ in positions]
    assert normalize_text(sprinkle(text, positions, marks)) == normalize_text(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=0, max_value=len(SEED_TEXT)), min_size=1, max_size=30), st.data())
def test_a_real_article_with_controls_cleans_to_the_same_text_and_blocks(positions, data):
    marks = [data.draw(controls) for _ in positions]
    clean = readers._text_source("a.txt", SEED_TEXT.encode("utf-8"), 10**7)
    dirty = readers._text_source("a.txt", sprinkle(SEED_TEXT, positions, marks).encode("utf-8"), 10**7)
    a, b = ingest._build(clean, "a", frozenset(), {}), ingest._build(dirty, "a", frozenset(), {})
    assert b.text == a.text and b.blocks == a.blocks
    assert all(b.text[k.start:k.end] == a.text[k.start:k.end] for k in b.blocks)


def test_offsets_of_an_analysis_point_at_their_words_after_controls_are_removed():
    """The analysis reads the cleaned text, so every span it reports is exact there."""
    marked = sprinkle(SEED_TEXT, list(range(0, len(SEED_TEXT), 97)), [BIDI_CONTROLS[i % 9] for i in range(10**4)])
    raw = readers._text_source("a.txt", marked.encode("utf-8"), 10**7)
    document = ingest._build(raw, "a", frozenset(), {})
    (analysis,) = analyze_documents([document], AnalyzeOptions(n_process=1, use_cache=False))
    assert analysis.quotes and analysis_cache.consistent(analysis, document.text)
    assert not set(BIDI_CONTROLS) & set(document.text)


# ---------------------------------------------------------------------- caches


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """A cache folder holding one prepared corpus and the analyses of the seeds, written by a real build."""
    root = tmp_path_factory.mktemp("filled")
    make_briefing(BuildOptions(sources=[str(SEEDS)], cache_dir=root / "cache", n_process=1))
    (entry,) = (root / "cache").glob(f"corpus-v*/*{corpus_cache.SUFFIX}")
    analyses = sorted((root / "cache").glob("analysis-v*/*/*/*.json"))
    documents = ingest.load_sources([SEEDS]).documents
    return root / "cache", entry, analyses, documents


def _analysis_store(cache: Path) -> analysis_cache.AnalysisCache:
    from briefing.analyze.run import open_cache

    return open_cache(AnalyzeOptions(cache_dir=cache, n_process=1))


tamper = st.one_of(
    st.tuples(st.just("flip"), st.integers(min_value=0), st.integers(min_value=1, max_value=255)),
    st.tuples(st.just("truncate"), st.integers(min_value=0), st.just(0)),
    st.tuples(st.just("append"), st.integers(min_value=1, max_value=64), st.integers(min_value=0, max_value=255)),
    st.tuples(st.just("reseal"), st.integers(min_value=0), st.just(0)),
)


def apply(raw: bytes, how: tuple[str, int, int], label: str, magic: bytes) -> bytes:
    kind, n, value = how
    if kind == "flip":
        k = n % len(raw)
        return raw[:k] + bytes([raw[k] ^ value]) + raw[k + 1:]
    if kind == "truncate":
        return raw[: n % len(raw)]
    if kind == "append":
        return raw + bytes([value]) * n
    payload = raw[len(magic) + signing.DIGEST:]  # the same payload, signed with a key that is not ours
    return signing.seal(os.urandom(signing.KEY_BYTES), label, magic, payload)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(tamper)
def test_the_corpus_cache_never_loads_a_tampered_entry(filled, tmp_path_factory, how):
    cache, entry, _, _ = filled
    copy = tmp_path_factory.mktemp("corpus") / "cache"
    shutil.copytree(cache, copy)
    path = copy / entry.relative_to(cache)
    path.write_bytes(apply(path.read_bytes(), how, path.stem, corpus_cache.MAGIC))
    store = corpus_cache.CorpusCache(copy)
    assert store.load(path.stem) is None and store.stats.rejected == 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tamper, st.integers(min_value=0))
def test_the_analysis_cache_never_loads_a_tampered_entry(filled, how, which):
    cache, _, analyses, documents = filled
    store = _analysis_store(cache)
    by_key = {analysis_cache.document_key(d): d for d in documents}
    path = analyses[which % len(analyses)]
    original = path.read_bytes()
    try:
        path.write_bytes(apply(original, how, path.stem, analysis_cache.MAGIC))
        assert store.load(by_key[path.stem]) is None
    finally:
        path.write_bytes(original)
    assert _analysis_store(cache).load(by_key[path.stem]) is not None  # the untouched entry still loads


def test_a_folder_written_by_another_key_loads_nothing(filled, tmp_path, monkeypatch):
    """A whole cache folder from elsewhere (another user, another machine, an archive) is all misses."""
    cache, entry, analyses, documents = filled
    assert corpus_cache.CorpusCache(cache).load(entry.stem) is not None
    monkeypatch.setenv(signing.ENV_KEY, str(tmp_path / "my-key"))  # this user's key is not the one that signed
    assert corpus_cache.CorpusCache(cache).load(entry.stem) is None
    store = _analysis_store(cache)
    assert all(store.load(d) is None for d in documents) and store.stats.hits == 0


def test_mojibake_repaired_into_a_bidi_mark_is_removed_too():
    from briefing.ingest.normalize import normalize_text

    assert "\u061c" not in normalize_text("Ø\x9c") and "\u061c" not in normalize_text("tax Ø\x9c rises")
