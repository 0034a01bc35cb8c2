"""The prepared-corpus cache: a rebuild for another audience skips read, analyze and prepare,
gives exactly what a build without any cache gives, and never decodes an entry it did not sign."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing import corpus_cache, ingest, pipeline, signing
from briefing.cli import app
from briefing.corpus_cache import MAGIC, CorpusCache
from briefing.pipeline import BuildOptions, make_briefing

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "sources"
    shutil.copytree(SEEDS, folder)
    return folder


def options(corpus: Path, cache: Path, audience: str = "analyst", **more) -> BuildOptions:
    return BuildOptions(sources=[str(corpus)], audience=audience, cache_dir=cache, n_process=1, **more)


class Forbidden(AssertionError):
    pass


@pytest.fixture
def no_reading(monkeypatch):
    """Make reading, parsing and preparing fail: only a corpus-cache hit can build now."""
    def refuse(*args, **kwargs):
        raise Forbidden("the build read, parsed or prepared again")

    def forbid() -> None:
        monkeypatch.setattr(ingest, "load_sources", refuse)
        monkeypatch.setattr(pipeline, "analyze_documents", refuse)
        monkeypatch.setattr(pipeline.select, "prepare", refuse)
    return forbid


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob(f"corpus-v*/*{corpus_cache.SUFFIX}"))


@pytest.mark.parametrize("audience", ["executive", "press", "analyst"])
def test_another_audience_is_served_from_the_corpus_and_matches_an_uncached_build(
        tmp_path, corpus, no_reading, audience):
    cache = tmp_path / "cache"
    first, _ = make_briefing(options(corpus, cache, "analyst"))
    assert len(entries(cache)) == 1
    uncached, _ = make_briefing(options(corpus, tmp_path / "unused", audience, use_cache=False))
    no_reading()
    warm, loaded = make_briefing(options(corpus, cache, audience))
    assert warm.to_json() == uncached.to_json()
    assert warm.audience == audience and [s.number for s in warm.sources] == [s.number for s in first.sources]
    assert len(loaded.documents) == len(first.sources)


def test_a_rebuild_reports_the_skipped_sources_and_duplicates_again(tmp_path, corpus, no_reading):
    (corpus / "broken.txt").write_bytes(b"")
    shutil.copy(sorted(corpus.glob("*.txt"))[0], corpus / "zz-copy.txt")
    cache = tmp_path / "cache"
    cold, cold_loaded = make_briefing(options(corpus, cache))
    no_reading()
    warm, warm_loaded = make_briefing(options(corpus, cache, "executive"))
    assert warm_loaded.problems == cold_loaded.problems and "broken.txt" in str(warm_loaded.problems)
    assert warm_loaded.duplicates == cold_loaded.duplicates and warm.skipped == cold.skipped
    assert [s.duplicates for s in warm.sources] == [s.duplicates for s in cold.sources]


@pytest.mark.parametrize("change", ["edit a source", "add a source", "manifest", "topics", "title", "until"])
def test_anything_that_changes_the_corpus_is_a_miss(tmp_path, corpus, change):
    cache = tmp_path / "cache"
    make_briefing(options(corpus, cache))
    more: dict = {}
    if change == "edit a source":
        path = sorted(corpus.glob("*.txt"))[1]
        path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence was added here today, officials said.\n",
                        encoding="utf-8")
    elif change == "add a source":
        (corpus / "new.txt").write_text("Ministers met again on Friday and agreed a new plan, officials said.\n",
                                        encoding="utf-8")
    elif change == "manifest":
        manifest = corpus / "sources.toml"
        manifest.write_text(manifest.read_text(encoding="utf-8").replace("2025-10-15", "2025-10-14", 1),
                            encoding="utf-8")
    elif change == "topics":
        topics = tmp_path / "topics.toml"
        topics.write_text((SEEDS.parent / "briefing" / "templates" / "topics.toml").read_text(encoding="utf-8")
                          .replace("\"Drones, counter", "\"Unmanned systems, counter"), encoding="utf-8")
        more["topics"] = topics
    elif change == "title":
        more["title"] = "Another title"
    else:
        more["until"] = "2025-12-31"
    make_briefing(options(corpus, cache, **more))
    assert len(entries(cache)) == 2


def _tamper(path: Path, how: str, cache: Path) -> None:
    raw = path.read_bytes()
    if how == "flip a payload byte":
        k = len(raw) - 100
        path.write_bytes(raw[:k] + bytes([raw[k] ^ 1]) + raw[k + 1:])
    elif how == "truncate":
        path.write_bytes(raw[: len(raw) // 2])
    elif how == "wrong magic":
        path.write_bytes(b"X" + raw[1:])
    elif how == "new secret":
        signing.key_path().write_bytes(os.urandom(signing.KEY_BYTES))


@pytest.mark.parametrize("how", ["flip a payload byte", "truncate", "wrong magic", "new secret"])
def test_a_damaged_or_foreign_entry_is_rebuilt_never_trusted(tmp_path, corpus, how, monkeypatch):
    monkeypatch.setenv("BRIEFING_KEY_FILE", str(tmp_path / "key"))
    cache = tmp_path / "cache"
    cold, _ = make_briefing(options(corpus, cache, "executive"))
    (path,) = entries(cache)
    _tamper(path, how, cache)
    store = CorpusCache(cache)
    key = path.stem
    assert store.load(key) is None and store.stats.rejected == 1
    again, _ = make_briefing(options(corpus, cache, "executive"))
    assert again.to_json() == cold.to_json()
    assert CorpusCache(cache).load(key) is not None  # rewritten and signed


class _Planted:
    """Unpickling this would create a file: proof that an unsigned entry was loaded."""

    def __init__(self, target: Path):
        self.target = target

    def __reduce__(self):
        return (Path.touch, (self.target,))


def test_an_entry_under_another_key_is_refused(tmp_path, corpus):
    cache = tmp_path / "cache"
    make_briefing(options(corpus, cache))
    (path,) = entries(cache)
    other = "0" * 64
    shutil.copy(path, path.with_name(f"{other}{corpus_cache.SUFFIX}"))
    store = CorpusCache(cache)
    assert store.load(other) is None and store.load(path.stem) is not None


def test_an_entry_signed_by_someone_else_is_never_decoded(tmp_path, corpus):
    cache = tmp_path / "cache"
    make_briefing(options(corpus, cache))
    (path,) = entries(cache)
    planted = tmp_path / "planted"
    for payload in (pickle.dumps(_Planted(planted)), path.read_bytes()[len(MAGIC) + signing.DIGEST:]):
        path.write_bytes(signing.seal(os.urandom(32), path.stem, MAGIC, payload))
        assert CorpusCache(cache).load(path.stem) is None
    assert not planted.exists()


def test_a_pickle_signed_with_our_own_key_is_still_never_unpickled(tmp_path, corpus):
    """Even a valid signature over a pickle (an entry of the old format) is refused: entries are data only."""
    cache = tmp_path / "cache"
    make_briefing(options(corpus, cache))
    (path,) = entries(cache)
    planted = tmp_path / "planted"
    payload = pickle.dumps(_Planted(planted))
    path.write_bytes(signing.seal(signing.secret(create=False), path.stem, MAGIC, payload))
    store = CorpusCache(cache)
    assert store.load(path.stem) is None and store.stats.rejected == 1
    assert not planted.exists()


def test_a_secret_others_could_read_or_write_is_not_used(tmp_path, corpus, monkeypatch):
    monkeypatch.setenv("BRIEFING_KEY_FILE", str(tmp_path / "key"))
    cache = tmp_path / "cache"
    make_briefing(options(corpus, cache))
    (path,) = entries(cache)
    secret = signing.key_path()
    assert secret.stat().st_mode & 0o777 == 0o600
    entry = CorpusCache(cache).load(path.stem)
    assert entry is not None
    secret.chmod(0o644)
    store = CorpusCache(cache)
    assert store.load(path.stem) is None
    store.store("1" * 64, entry)  # refused, not written
    assert store.stats.write_errors == 1 and not store.path("1" * 64).exists()


def test_stdin_and_no_cache_builds_keep_no_corpus(tmp_path, corpus, monkeypatch):
    import io
    import sys

    cache = tmp_path / "cache"
    make_briefing(options(corpus, cache, use_cache=False))
    text = (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_bytes()
    monkeypatch.setattr(sys, "stdin", type("In", (), {"buffer": io.BytesIO(text)})())
    make_briefing(BuildOptions(sources=["-"], cache_dir=cache, n_process=1))
    assert entries(cache) == []


def test_only_the_most_recently_used_corpora_are_kept(tmp_path, corpus, monkeypatch):
    monkeypatch.setattr(corpus_cache, "KEEP", 2)
    cache = tmp_path / "cache"
    make_briefing(options(corpus, cache))
    store = CorpusCache(cache)
    (first,) = entries(cache)
    entry = store.load(first.stem)
    first.unlink()
    for n, key in enumerate(("a" * 64, "b" * 64, "c" * 64)):
        store.store(key, entry)
        os.utime(store.path(key), (1_000_000 + n, 1_000_000 + n))
    store.prune(keep=2)
    assert sorted(p.stem[0] for p in entries(cache)) == ["b", "c"]


def test_cache_info_and_clear_show_and_drop_prepared_corpora(tmp_path, corpus):
    runner = CliRunner()
    cache = tmp_path / "cache"
    make_briefing(options(corpus, cache))
    old = cache / "corpus-v1-000000000000" / ("d" * 64 + corpus_cache.SUFFIX)
    old.parent.mkdir(parents=True)
    old.write_bytes(b"old")
    shown = runner.invoke(app, ["cache", "info", "--cache", str(cache)]).output
    assert "prepared corpora: 2" in shown and "(stale)" in shown
    stale = runner.invoke(app, ["cache", "clear", "--stale", "--cache", str(cache)])
    assert "and 1 prepared corpus" in stale.output and not old.exists() and len(entries(cache)) == 1
    cleared = runner.invoke(app, ["cache", "clear", "--cache", str(cache)])
    assert "and 1 prepared corpus" in cleared.output and entries(cache) == []


def test_the_wire_format_names_every_field_of_what_it_carries():
    """A field added to Prepared (or its Context, Similarity, Group) must be added to briefing/wire.py too,
    or every entry would be refused as it is read back and each rebuild would start from scratch."""
    from dataclasses import fields

    from briefing import wire
    from briefing.select import Prepared
    from briefing.select.merge import Group
    from briefing.select.rank import Context
    from briefing.select.similar import Similarity

    def names(cls) -> list[str]:
        return [f.name for f in fields(cls) if f.init and not f.name.startswith("_")]

    pairs = [(wire.WirePrepared, Prepared), (wire.WireContext, Context), (wire.WireSimilarity, Similarity),
             (wire.WireGroup, Group), (wire.WireEntry, corpus_cache.Entry)]
    for ours, theirs in pairs:
        assert sorted(names(ours)) == sorted(names(theirs)), theirs.__name__
