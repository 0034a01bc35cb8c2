"""The analysis cache: hits by content, misses on any change, never trusting a bad entry."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing import cache as analysis_cache
from briefing import ingest, signing
from briefing.analyze import nlp as nlp_loader
from briefing.analyze import run
from briefing.analyze.run import AnalyzeOptions, analyze_documents
from briefing.cli import app

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def documents():
    """Two real seed articles, cleaned by ingest."""
    docs = ingest.load_sources([SEEDS]).documents
    return sorted(docs, key=lambda d: len(d.text))[:2]


@pytest.fixture
def parses(monkeypatch):
    """Count the texts that reach spaCy (anything not served from the cache)."""
    seen: list[str] = []
    real_load = nlp_loader.load

    class Counting:
        def __init__(self, nlp):
            self.nlp = nlp

        def pipe(self, texts, **kwargs):
            for text in texts:
                seen.append(text)
                yield self.nlp(text)

    monkeypatch.setattr(run.nlp_loader, "load", lambda model=None: Counting(real_load(model)))
    return seen


def options(tmp_path: Path, **kw) -> AnalyzeOptions:
    return AnalyzeOptions(cache_dir=tmp_path / "cache", n_process=1, **kw)


def entry_paths(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("analysis-v*/*/*/*.json"))


def test_second_run_is_served_from_cache_with_equal_results(tmp_path, documents, parses):
    first = analyze_documents(documents, options(tmp_path))
    assert len(parses) == 2 and len(entry_paths(tmp_path)) == 2
    second = analyze_documents(documents, options(tmp_path))
    assert len(parses) == 2  # nothing parsed again
    assert second == first
    assert [a.source_id for a in second] == [d.source.id for d in documents]


def test_key_is_the_content_not_the_file_name(tmp_path, documents, parses):
    analyze_documents(documents[:1], options(tmp_path))
    source = dataclasses.replace(documents[0].source, id="renamed-copy", path=str(tmp_path / "renamed-copy.txt"),
                                 outlet="Another Outlet", title="Another title")
    renamed = [dataclasses.replace(documents[0], source=source)]
    (analysis,) = analyze_documents(renamed, options(tmp_path))
    assert len(parses) == 1  # a hit although path and id differ
    assert analysis.source_id == renamed[0].source.id
    assert all(q.source_id == renamed[0].source.id for q in analysis.quotes)


def test_changed_text_misses(tmp_path, documents, parses):
    analyze_documents(documents[:1], options(tmp_path))
    text = documents[0].text
    word = next(w for w in text.split() if w.isalpha() and len(w) >= 6)
    swapped = word[::-1]  # same length: the block offsets stay valid
    edited = dataclasses.replace(documents[0], text=text.replace(word, swapped, 1))
    assert analysis_cache.document_key(edited) != analysis_cache.document_key(documents[0])
    (analysis,) = analyze_documents([edited], options(tmp_path))
    assert len(parses) == 2
    assert any(swapped in s.text for s in analysis.sentences)


def test_new_model_version_misses(tmp_path, documents, parses, monkeypatch):
    analyze_documents(documents[:1], options(tmp_path))
    name, version = analysis_cache.model_identity(nlp_loader.model_name())
    monkeypatch.setattr(analysis_cache, "model_identity", lambda model: (name, version + ".post1"))
    analyze_documents(documents[:1], options(tmp_path))
    assert len(parses) == 2
    folders = {p.parent.parent.name for p in entry_paths(tmp_path)}
    assert folders == {f"{name}-{version}", f"{name}-{version}.post1"}


def test_model_identity_matches_loaded_meta():
    nlp = nlp_loader.load()
    name, version = analysis_cache.model_identity(nlp_loader.model_name())
    assert nlp_loader.model_version(nlp) == f"{name}-{version}"


def test_new_analysis_version_misses(tmp_path, documents, parses, monkeypatch):
    analyze_documents(documents[:1], options(tmp_path))
    monkeypatch.setattr(analysis_cache, "ANALYSIS_VERSION", analysis_cache.ANALYSIS_VERSION + 1)
    analyze_documents(documents[:1], options(tmp_path))
    assert len(parses) == 2


def test_edited_analysis_code_misses(tmp_path, documents, parses, monkeypatch):
    """Nobody has to remember the version bump: the code's own hash is part of the key."""
    analyze_documents(documents[:1], options(tmp_path))
    fingerprint = analysis_cache.code_fingerprint()
    monkeypatch.setattr(analysis_cache, "code_fingerprint", lambda: "f" * 12)
    analyze_documents(documents[:1], options(tmp_path))
    assert len(parses) == 2
    assert {p.parts[-4] for p in entry_paths(tmp_path)} == {
        f"analysis-v{analysis_cache.ANALYSIS_VERSION}-{fingerprint}",
        f"analysis-v{analysis_cache.ANALYSIS_VERSION}-{'f' * 12}"}


def test_code_fingerprint_follows_the_analysis_sources(tmp_path, monkeypatch):
    (tmp_path / "analyze").mkdir()
    (tmp_path / "analyze" / "rules.py").write_text("RULE = 1\n")
    (tmp_path / "model.py").write_text("")
    monkeypatch.setattr(analysis_cache, "PACKAGE", tmp_path)
    analysis_cache.code_fingerprint.cache_clear()
    try:
        before = analysis_cache.code_fingerprint()
        (tmp_path / "analyze" / "rules.py").write_text("RULE = 2\n")
        analysis_cache.code_fingerprint.cache_clear()
        assert analysis_cache.code_fingerprint() != before
    finally:
        analysis_cache.code_fingerprint.cache_clear()


def _rewrite(path: Path, change) -> None:
    """Change an entry and sign it again with our key: what the checks behind the signature must still refuse."""
    key = signing.secret(create=False)
    payload = signing.unseal(key, path.stem, analysis_cache.MAGIC, path.read_bytes())
    entry = json.loads(payload)
    change(entry)
    path.write_bytes(signing.seal(key, path.stem, analysis_cache.MAGIC, json.dumps(entry).encode("utf-8")))


def _resign(path: Path, payload: bytes) -> None:
    path.write_bytes(signing.seal(signing.secret(create=False), path.stem, analysis_cache.MAGIC, payload))


def _shift_first_sentence(entry):
    entry["analysis"]["sentences"][0]["start"] += 1


BAD_ENTRIES = {
    "not json": lambda p: p.write_bytes(b"\x00\xffnot json at all"),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
    "empty": lambda p: p.write_bytes(b""),
    "a list": lambda p: p.write_text("[1, 2, 3]"),
    "signed not json": lambda p: _resign(p, b"\x00\xffnot json at all"),
    "signed a list": lambda p: _resign(p, b"[1, 2, 3]"),
    "signed by another key": lambda p: p.write_bytes(signing.seal(b"k" * 32, p.stem, analysis_cache.MAGIC,
                                                                  signing.unseal(signing.secret(False), p.stem,
                                                                                 analysis_cache.MAGIC,
                                                                                 p.read_bytes()))),
    "old analysis version": lambda p: _rewrite(p, lambda e: e.update(version="analysis-v0-000000000000")),
    "other model": lambda p: _rewrite(p, lambda e: e.update(model="xx_other")),
    "other key": lambda p: _rewrite(p, lambda e: e.update(key="0" * 64)),
    "no analysis": lambda p: _rewrite(p, lambda e: e.pop("analysis")),
    "sentences not a list": lambda p: _rewrite(p, lambda e: e["analysis"].update(sentences="x")),
    "offset a string": lambda p: _rewrite(p, lambda e: e["analysis"]["sentences"][0].update(start="0")),
    "offset a bool": lambda p: _rewrite(p, lambda e: e["analysis"]["sentences"][0].update(start=True)),
    "missing field": lambda p: _rewrite(p, lambda e: e["analysis"]["sentences"][0].pop("end")),
    "offsets off by one": lambda p: _rewrite(p, _shift_first_sentence),
    "quote text edited": lambda p: _rewrite(p, lambda e: e["analysis"]["quotes"][0].update(text="made up")),
}


@pytest.mark.parametrize("damage", BAD_ENTRIES, ids=list(BAD_ENTRIES))
def test_bad_entry_is_ignored_and_rebuilt(tmp_path, documents, damage):
    document = max(documents, key=lambda d: len(d.text))
    (good,) = analyze_documents([document], options(tmp_path))
    assert good.quotes, "the damage cases need a document with quotes"
    (path,) = entry_paths(tmp_path)
    store = run.open_cache(options(tmp_path))
    BAD_ENTRIES[damage](path)
    assert store.load(document) is None
    assert store.stats.rejected == 1
    (rebuilt,) = analyze_documents([document], options(tmp_path))
    assert rebuilt == good
    assert run.open_cache(options(tmp_path)).load(document) == good  # the entry was rewritten


def test_no_cache_neither_reads_nor_writes(tmp_path, documents, parses):
    analyze_documents(documents, options(tmp_path))
    analyze_documents(documents, options(tmp_path, use_cache=False))
    assert len(parses) == 4
    before = [p.stat().st_mtime_ns for p in entry_paths(tmp_path)]
    other = AnalyzeOptions(cache_dir=tmp_path / "unused", n_process=1, use_cache=False)
    analyze_documents(documents, other)
    assert not (tmp_path / "unused").exists()
    assert [p.stat().st_mtime_ns for p in entry_paths(tmp_path)] == before


def test_unwritable_cache_does_not_fail_the_analysis(tmp_path, documents):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    results = analyze_documents(documents[:1], options(tmp_path))
    assert results[0].sentences


def test_fresh_analyses_of_every_seed_pass_the_consistency_check():
    """Otherwise the cache would refuse every entry it wrote."""
    nlp = nlp_loader.load()
    for document in ingest.load_sources([SEEDS]).documents:
        analysis = run.from_spacy(document, nlp(document.text))
        assert analysis_cache.consistent(analysis, document.text), document.source.id


# ------------------------------------------------------------------- CLI

runner = CliRunner()


def test_cli_build_fills_cache_then_info_and_clear(tmp_path):
    cache = tmp_path / "c"
    built = runner.invoke(app, ["build", str(SEEDS), "-f", "json", "-o", str(tmp_path / "out"),
                                "--cache", str(cache), "-q"])
    assert built.exit_code == 0, built.output
    count = len(list(SEEDS.glob("*.txt")))
    shown = runner.invoke(app, ["cache", "info", "--cache", str(cache)])
    assert shown.exit_code == 0
    assert f"entries:  {count} " in shown.output and "(current)" in shown.output
    # an entry of an older analysis version is stale; --stale drops only that
    old = cache / "analysis-v1-000000000000" / "xx_model-1.0" / "ab" / ("ab" + "0" * 62 + ".json")
    old.parent.mkdir(parents=True)
    old.write_text("{}")
    assert "(stale)" in runner.invoke(app, ["cache", "info", "--cache", str(cache)]).output
    stale = runner.invoke(app, ["cache", "clear", "--stale", "--cache", str(cache)])
    assert stale.exit_code == 0 and "removed 1 cached analysis" in stale.output
    assert not old.exists() and len(list(cache.glob("analysis-v*/*/*/*.json"))) == count
    cleared = runner.invoke(app, ["cache", "clear", "--cache", str(cache)])
    assert cleared.exit_code == 0 and f"removed {count} cached analyses" in cleared.output
    assert "entries:  0 " in runner.invoke(app, ["cache", "info", "--cache", str(cache)]).output


def test_cli_clear_leaves_other_files_alone(tmp_path):
    mine = tmp_path / "notes.txt"
    mine.write_text("not ours")
    result = runner.invoke(app, ["cache", "clear", "--cache", str(tmp_path)])
    assert result.exit_code == 0 and "removed 0" in result.output
    assert mine.read_text() == "not ours"


def test_cli_clear_refuses_a_file(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    result = runner.invoke(app, ["cache", "clear", "--cache", str(target)])
    assert result.exit_code == 3
    assert "not a cache folder" in result.output


def test_cli_no_cache_writes_nothing(tmp_path):
    cache = tmp_path / "c"
    built = runner.invoke(app, ["build", str(SEEDS), "-f", "json", "-o", str(tmp_path / "out"),
                                "--cache", str(cache), "--no-cache", "-q"])
    assert built.exit_code == 0, built.output
    assert not list(cache.glob("**/*.json"))
