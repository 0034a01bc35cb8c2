"""Helpers for running work in other processes: results come back, failures are one clear error."""

from __future__ import annotations

import os
import signal

import pytest

from briefing.errors import BriefingError
from briefing.parallel import batched, run_forked


def test_forked_work_sees_our_data_and_returns_its_result():
    data = {"words": [f"w{n}" for n in range(10_000)]}  # not pickled over: the child reads our copy
    pending = run_forked(lambda: (len(data["words"]), os.getpid()))
    count, pid = pending()
    assert count == 10_000 and pid != os.getpid()


def test_a_result_bigger_than_a_pipe_buffer_comes_back_whole():
    pending = run_forked(lambda: "x" * 1_000_000)
    assert pending() == "x" * 1_000_000


def test_an_error_in_forked_work_is_raised_here_as_one_line():
    def fail():
        raise ValueError("no such topic")

    with pytest.raises(BriefingError, match="helper process failed: ValueError: no such topic"):
        run_forked(fail)()


def test_a_killed_helper_is_an_error_not_a_hang():
    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    with pytest.raises(BriefingError, match="helper process died"):
        run_forked(die)()


def test_batches_cover_every_item_in_order():
    assert batched(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert batched([], 4) == []
