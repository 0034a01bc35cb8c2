"""Batch analysis: settings, parallel parsing, streaming, progress and stage timings."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from briefing import ingest, parallel
from briefing.analyze import nlp as nlp_loader
from briefing.analyze import run
from briefing.analyze.run import AnalyzeOptions, analyze_documents, pipe_settings
from briefing.pipeline import BuildOptions, build
from briefing.progress import Bars

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def documents():
    return ingest.load_sources([SEEDS]).documents


def test_auto_jobs_stay_in_process_for_a_few_documents():
    assert pipe_settings(5, AnalyzeOptions()) == (1, 16)


def test_auto_jobs_use_every_core_on_a_large_corpus(monkeypatch):
    monkeypatch.setattr(parallel, "usable_cores", lambda: 4)
    assert pipe_settings(1000, AnalyzeOptions()) == (4, 16)
    # small batches so each of the 4 workers gets several and none idles at the end
    assert pipe_settings(40, AnalyzeOptions()) == (4, 3)


def test_explicit_jobs_are_honoured_but_never_exceed_the_documents():
    assert pipe_settings(5, AnalyzeOptions(n_process=2)) == (2, 1)
    assert pipe_settings(1, AnalyzeOptions(n_process=8)) == (1, 16)
    assert pipe_settings(500, AnalyzeOptions(n_process=1, batch_size=8)) == (1, 8)


def test_usable_cores_counts_this_process_affinity():
    assert 1 <= parallel.usable_cores() <= 1024


def test_two_processes_give_the_same_analyses_in_the_same_order(documents):
    docs = documents[:4]
    serial = analyze_documents(docs, AnalyzeOptions(n_process=1, use_cache=False))
    parallel = analyze_documents(docs, AnalyzeOptions(n_process=2, use_cache=False))
    assert [a.source_id for a in parallel] == [d.source.id for d in docs]
    assert parallel == serial


def test_parsed_docs_are_converted_as_they_stream_out(documents, monkeypatch):
    """At most one parsed Doc is alive on our side: none is collected before conversion."""
    real = nlp_loader.load()
    outstanding = []
    peak = []

    class Watching:
        def pipe(self, texts, **kwargs):
            for sdoc in real.pipe(texts, batch_size=kwargs.get("batch_size", 32)):
                outstanding.append(sdoc)
                peak.append(len(outstanding))
                yield sdoc

    def convert(document, sdoc):
        outstanding.remove(sdoc)
        return real_from_spacy(document, sdoc)

    real_from_spacy = run.from_spacy
    monkeypatch.setattr(run.nlp_loader, "load", lambda model=None: Watching())
    monkeypatch.setattr(run, "from_spacy", convert)
    results = analyze_documents(documents, AnalyzeOptions(n_process=1, use_cache=False))
    assert len(results) == len(documents) and not outstanding
    assert max(peak) == 1


def test_mixed_hits_and_misses_keep_document_order(tmp_path, documents):
    opts = AnalyzeOptions(n_process=1, cache_dir=tmp_path)
    analyze_documents(documents[1::2], opts)  # fill the cache with every other document
    mixed = analyze_documents(documents, opts)
    fresh = analyze_documents(documents, AnalyzeOptions(n_process=1, use_cache=False))
    assert mixed == fresh


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bars_draw_on_a_terminal_and_stay_silent_otherwise():
    for stream, expect in ((FakeTerminal(), True), (io.StringIO(), False)):
        with Bars(enabled=True, stream=stream) as bars:
            task = bars.task("Analyzing", total=3)
            for _ in range(3):
                task.advance()
            task.done()
        assert ("Analyzing" in stream.getvalue()) is expect
    quiet = FakeTerminal()
    with Bars(enabled=False, stream=quiet) as bars:
        bars.task("Analyzing", total=1).advance()
    assert quiet.getvalue() == ""


def test_build_reports_time_per_stage(tmp_path):
    result = build(BuildOptions(sources=[str(SEEDS)], formats=["json"], out=tmp_path / "out",
                                cache_dir=tmp_path / "cache", n_process=1))
    assert set(result.timings) == {"read", "analyze", "select", "render"}
    assert all(t >= 0 for t in result.timings.values())


def _die(documents, model):  # a worker killed mid-batch (the OOM killer, say)
    import os

    os._exit(1)


def test_a_dead_worker_is_one_clear_error_not_a_hang(documents, monkeypatch):
    from briefing.errors import BriefingError

    monkeypatch.setattr(run, "_analyze_batch", _die)
    with pytest.raises(BriefingError, match="worker process died.*--jobs 1"):
        analyze_documents(documents, AnalyzeOptions(n_process=2, use_cache=False))


def test_reading_progress_counts_every_file_good_or_bad(tmp_path):
    class Counting:
        def __init__(self):
            self.total_files, self.advanced = None, 0

        def total(self, n):
            self.total_files = n

        def advance(self, steps=1):
            self.advanced += steps

    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "empty.txt").write_bytes(b"")
    counting = Counting()
    ingest.load_sources([folder], progress=counting)
    files = len([p for p in folder.iterdir() if p.suffix == ".txt"])
    assert counting.total_files == files and counting.advanced == files


def test_each_analysis_is_reported_once_cached_or_parsed(tmp_path, documents):
    opts = AnalyzeOptions(n_process=2, cache_dir=tmp_path)
    analyze_documents(documents[::2], opts)  # some cached, some not
    seen = []
    results = analyze_documents(documents, opts, on_result=lambda i, a: seen.append((i, a)))
    assert sorted(i for i, _ in seen) == list(range(len(documents)))
    assert all(results[i] is a for i, a in seen)


def test_select_features_added_while_parsing_give_the_same_briefing(documents):
    from briefing import select
    from briefing.config import load_profile, load_topics

    topics, profile, chosen = load_topics(), load_profile("analyst"), select.SelectOptions(generated="2025-10-16")
    features = select.SourceFeatures(documents)
    slim = analyze_documents(documents, AnalyzeOptions(n_process=2, use_cache=False), on_result=features.add)
    # only what select still reads was kept: entities, and the quotes whose speaker is named
    assert all(not a.sentences and not a.figures and all(q.speaker and not q.scare for q in a.quotes) for a in slim)
    assert any(a.quotes for a in slim)
    streamed = select.finish(select.prepare(documents, features.complete(slim), topics, chosen, features),
                             profile, chosen)
    full = analyze_documents(documents, AnalyzeOptions(n_process=1, use_cache=False))
    plain = select.select(documents, full, topics, profile, chosen)
    assert streamed.to_json() == plain.to_json()


def test_the_collector_waits_while_results_arrive_and_resumes_after(documents):
    """Results stream in without collector walks, and a failing caller does not leave it off."""
    import gc

    seen = []
    analyze_documents(documents[:2], AnalyzeOptions(n_process=1, use_cache=False),
                      on_result=lambda i, a: seen.append(gc.isenabled()))
    assert seen == [False, False] and gc.isenabled()

    def fail(i, analysis):
        raise RuntimeError("caller failed")

    with pytest.raises(RuntimeError):
        analyze_documents(documents[:1], AnalyzeOptions(n_process=1, use_cache=False), on_result=fail)
    assert gc.isenabled()


def test_collector_paused_keeps_a_collector_the_caller_turned_off_off():
    import gc

    from briefing import collector

    gc.disable()
    try:
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ValueError), collector.paused():
        raise ValueError
    assert gc.isenabled()


def test_the_parse_ends_on_small_batches_so_no_core_waits_long():
    indices = list(range(100))
    batches = run.tapered(indices, 16, 2)
    assert [i for b in batches for i in b] == indices  # every document once, in order
    assert [len(b) for b in batches[-run.TAPER * 2:]] == [4] * (run.TAPER * 2)
    assert max(len(b) for b in batches) == 16
    assert run.tapered(list(range(3)), 16, 2) == [[0, 1, 2]]  # fewer than the taper: one small batch
    assert run.tapered([], 16, 2) == []


def test_workers_share_the_model_the_parent_loads_then_lets_go(documents, monkeypatch, tmp_path):
    """spaCy's pipeline is loaded once, by the parent, before the workers fork; the parent drops it after."""
    import os

    import spacy

    real_load = spacy.load
    log = tmp_path / "loads"

    def logged(*args, **kwargs):
        with open(log, "a") as handle:
            handle.write(f"{os.getpid()}\n")
        return real_load(*args, **kwargs)

    monkeypatch.setattr(spacy, "load", logged)
    monkeypatch.setattr(nlp_loader, "_cache", {})
    shared = analyze_documents(documents, AnalyzeOptions(n_process=2, use_cache=False))
    assert log.read_text().split() == [str(os.getpid())]  # no worker loaded its own
    assert nlp_loader.loaded() is None  # the parent let it go
    kept = nlp_loader.load()
    assert analyze_documents(documents, AnalyzeOptions(n_process=2, use_cache=False)) == shared
    assert nlp_loader.loaded() is kept  # a caller's own pipeline stays loaded
