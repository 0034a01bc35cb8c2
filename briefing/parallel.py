"""Work spread over worker processes, results in order, for stages that are per-document.

Workers are forked where the platform allows, so what the parent already
loaded (the spaCy model, our modules) is shared, not loaded again; elsewhere
each worker starts fresh and runs `initializer`. A worker that dies (killed
for memory, say) stops the build with one clear error instead of a hang.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from briefing.errors import BriefingError

T = TypeVar("T")
R = TypeVar("R")


def usable_cores() -> int:
    """Cores this process may run on (respects taskset/cgroup affinity)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def batched(items: list[T], size: int) -> list[list[T]]:
    return [items[k:k + size] for k in range(0, len(items), max(1, size))]


def map_batches(fn: Callable[..., list[R]], batches: Iterable[list[T]], workers: int, *args: Any,
                initializer: Callable[..., object] | None = None, initargs: tuple = ()) -> Iterator[list[R]]:
    """`fn(batch, *args)` for each batch in `workers` processes, yielded in order as they finish.

    Close the iterator when stopping early (an error, --strict; `contextlib.closing`):
    that cancels the batches not started and waits for the workers to exit.
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    # Forked workers share the parent's memory until they write to it, and the
    # cyclic collector writes to every object it walks: frozen objects are not
    # walked, so the model and the corpus stay shared instead of being copied
    # into every worker (Python's gc.freeze documentation recommends this).
    gc.freeze()
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=initializer, initargs=initargs)
    try:
        yield from pool.map(fn, batches, *(itertools.repeat(a) for a in args))
    except BrokenProcessPool:
        raise BriefingError(
            f"a worker process died (out of memory?): try fewer workers with --jobs 1 (was {workers})"
        ) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


def run_forked(fn: Callable[[], R]) -> Callable[[], R]:
    """Start `fn()` in a forked process now and return a function that waits for its result.

    For work that reads what this process already holds (nothing is pickled
    over) and returns something small, to run beside the work that follows.
    A bare os.fork: the child runs `fn`, writes its pickled result to a pipe
    and leaves with os._exit, touching nothing else of ours. Where fork is not
    available, `fn` runs when its result is asked for.
    """
    if not hasattr(os, "fork") or "fork" not in multiprocessing.get_all_start_methods():
        return fn
    read_end, write_end = os.pipe()
    gc.freeze()  # the child's collector leaves our objects (and so their pages) alone
    pid = os.fork()
    if pid == 0:  # the child
        code = 0
        try:
            os.close(read_end)
            try:
                payload = pickle.dumps((True, fn()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # noqa: BLE001 - reported by the parent, which raises
                payload = pickle.dumps((False, f"{type(exc).__name__}: {exc}"))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        except BaseException:  # noqa: BLE001 - nothing may escape a forked child
            code = 1
        finally:
            os._exit(code)
    gc.unfreeze()
    os.close(write_end)

    def result() -> R:
        try:
            with os.fdopen(read_end, "rb") as pipe:
                payload = pipe.read()
        finally:
            os.waitpid(pid, 0)
        try:
            ok, value = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - an empty or cut pipe: the child died
            raise BriefingError("a helper process died (out of memory?)") from None
        if not ok:
            raise BriefingError(f"a helper process failed: {value}")
        return value

    return result
