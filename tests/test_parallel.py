"""Helpers for running work in worker processes."""

from __future__ import annotations

from briefing.parallel import batched


def test_batches_cover_every_item_in_order():
    assert batched(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert batched([], 4) == []
