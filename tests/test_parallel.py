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


def _pid_and_sum(values: list[int]) -> tuple[int, int]:
    import os

    return os.getpid(), sum(values)


def _fails_in_a_child(parent: int) -> int:
    import os

    if os.getpid() != parent:
        raise RuntimeError("only in the forked process")
    return 42


def _dies_in_a_child(parent: int) -> int:
    import os

    if os.getpid() != parent:
        os._exit(3)  # killed, say, for memory: nothing is sent back
    return 7


def test_beside_computes_in_another_process_with_the_parents_memory():
    import os

    from briefing.parallel import Beside

    big = list(range(100_000))  # inherited, not sent
    with Beside(_pid_and_sum, big) as later:
        pid, total = later.result()
    assert pid != os.getpid() and total == sum(big)
    with Beside(_pid_and_sum, big, enabled=False) as here:
        assert here.result() == (os.getpid(), sum(big))


def test_beside_computes_here_when_the_process_fails_or_dies():
    import os

    from briefing.parallel import Beside

    with Beside(_fails_in_a_child, os.getpid()) as later:
        assert later.result() == 42
    with Beside(_dies_in_a_child, os.getpid()) as later:
        assert later.result() == 7


def test_beside_stops_its_process_when_the_caller_fails():
    import time

    import pytest

    from briefing.parallel import Beside

    with pytest.raises(KeyError):
        with Beside(time.sleep, 30) as later:
            raise KeyError("the caller failed")
    assert later._proc is None  # stopped and reaped, not left running for 30 s
