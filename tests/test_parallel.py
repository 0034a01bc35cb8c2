"""Helpers for running work in worker processes."""

from __future__ import annotations

from briefing.parallel import batched


def test_batches_cover_every_item_in_order():
    assert batched(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert batched([], 4) == []


def test_worker_count_honours_jobs_and_never_exceeds_the_work(monkeypatch):
    from briefing import parallel

    monkeypatch.setattr(parallel, "usable_cores", lambda: 8)
    assert parallel.worker_count(10, 0, threshold=24) == 1  # too little work for workers
    assert parallel.worker_count(100, 0, threshold=24) == 8  # every core
    assert parallel.worker_count(100, 0, threshold=24, most=3) == 3  # one per batch at most
    assert parallel.worker_count(5, 4, threshold=24) == 4 and parallel.worker_count(2, 4, threshold=24) == 2
