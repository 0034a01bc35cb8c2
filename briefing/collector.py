"""Pausing Python's cyclic garbage collector over stages that make many objects and no cycles.

Every ~700 new container objects the collector walks the youngest ones, and
every so often all of them: while select, the corpus cache or the parse
loop builds hundreds of thousands of small objects (words, pairs,
analyses) beside a corpus already in memory, those walks found no garbage
and cost a second or more at 1,000 articles. Memory is still freed as
objects go out of use (reference counting); anything cyclic waits until
the collector resumes.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No automatic collection inside; the collector's previous state is restored after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
