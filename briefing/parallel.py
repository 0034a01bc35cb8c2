"""Work spread over worker processes, results in order, for stages that are per-document.

Workers are forked where the platform allows, so what the parent already
holds (our modules, the documents read) is shared, not loaded again;
elsewhere each worker starts fresh. `initializer` runs in every worker (the
parse workers load the spaCy model there). A worker that dies (killed for
memory, say) stops the build with one clear error instead of a hang.

Workers die with their parent: on Linux the kernel sends them SIGKILL when it
goes (even by kill -9), and the pool is terminated, not waited for, when the
build stops on an error or a signal (`stopped_by_signals` turns SIGTERM into
an exception, so the cleanup runs at all).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import itertools
import multiprocessing
import os
import signal
import sys
import threading
from contextlib import contextmanager
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


def worker_count(items: int, jobs: int, threshold: int, most: int | None = None) -> int:
    """Processes for `items` pieces of work: `jobs` if set, else every core from `threshold` items on.

    Never more than `most` (default: `items`), so no worker waits for work that is not there.
    """
    wanted = jobs if jobs > 0 else (usable_cores() if items >= threshold else 1)
    return max(1, min(wanted, items if most is None else most))


PR_SET_PDEATHSIG = 1


class Stopped(KeyboardInterrupt):
    """The build was told to stop (SIGTERM, SIGHUP): unwinds as Ctrl-C does, so every cleanup runs."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextmanager
def stopped_by_signals():
    """While inside, SIGTERM and SIGHUP raise `Stopped` in the main thread instead of killing us outright.

    A plain kill would skip every `finally`: the parse workers would be left
    running, blocked on a pipe, and staging folders left behind.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        raise Stopped(signum)

    wanted = [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None]
    previous = {s: signal.signal(s, stop) for s in wanted}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def die_with_parent(parent: int) -> None:
    """In a worker: ask the kernel for SIGKILL when the parent exits (Linux), and exit now if it already has."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _start(parent: int, initializer: Callable[..., object] | None, initargs: tuple) -> None:
    die_with_parent(parent)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker must not inherit the parent's handler
    if initializer is not None:
        initializer(*initargs)


def terminate(pool: ProcessPoolExecutor) -> None:
    """Kill a pool's workers now: a build that stops does not wait for batches nobody will read."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            process.kill()
        except (OSError, AttributeError, ValueError):
            pass


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
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start,
                               initargs=(os.getpid(), initializer, initargs))
    try:
        yield from pool.map(fn, batches, *(itertools.repeat(a) for a in args))
    except BrokenProcessPool:
        raise BriefingError(
            f"a worker process died (out of memory?): try fewer workers with --jobs 1 (was {workers})"
        ) from None
    except BaseException:
        terminate(pool)  # an error, --strict, Ctrl-C or SIGTERM: no batch still running is wanted
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()



class Beside:
    """`fn(*args)` worked out in a forked process while the caller does other work.

    Select's single thread leaves a core idle; this puts it to use for work
    whose inputs are already in memory. The inputs are the parent's pages,
    shared copy-on-write (nothing is pickled going in); only the result comes
    back, taken in by a thread as soon as it is sent, so the process exits
    and frees its memory without waiting for the caller to ask. If no process
    can be forked, or it fails or dies, `result()` runs `fn(*args)` here: the
    answer is the same, only later. Use it as a context manager, so a process
    still running when the caller fails is stopped.
    """

    def __init__(self, fn: Callable[..., Any], *args: Any, enabled: bool = True):
        self.fn, self.args = fn, args
        self._proc: multiprocessing.process.BaseProcess | None = None
        self._taker: threading.Thread | None = None
        self._outcome: tuple[bool, Any] = (False, None)
        if enabled and "fork" in multiprocessing.get_all_start_methods():
            self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        gc.freeze()  # the child's collector then walks none of the parent's objects (copying their pages)
        try:
            proc = context.Process(target=_send_result, args=(send, self.fn, self.args, os.getpid()),
                                   daemon=True)
            proc.start()
        except OSError:
            receive.close()
            return
        finally:
            gc.unfreeze()
            send.close()  # the child's end only: its exit is the end of the pipe
        self._proc = proc
        self._taker = threading.Thread(target=self._take, args=(receive,), daemon=True)
        self._taker.start()

    def _take(self, conn: Any) -> None:
        try:
            self._outcome = conn.recv()
        except (EOFError, OSError):
            self._outcome = (False, None)  # the process died: result() computes it here
        finally:
            conn.close()

    def result(self) -> Any:
        """The value of `fn(*args)`, from the process if it delivered, else computed now."""
        started = self._taker is not None
        if started:
            self._taker.join()  # type: ignore[union-attr]
            self.close()
        delivered, value = self._outcome
        return value if started and delivered else self.fn(*self.args)

    def close(self) -> None:
        if self._proc is not None:
            if self._proc.is_alive() and self._taker is not None and self._taker.is_alive():
                self._proc.terminate()  # the caller gave up waiting (an error): stop the work
            self._proc.join()
            self._proc = None
        if self._taker is not None:
            self._taker.join()
            self._taker = None

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _send_result(conn: Any, fn: Callable[..., Any], args: tuple, parent: int) -> None:
    """In the forked process: send (True, value), or (False, None) if fn fails (the parent computes it)."""
    die_with_parent(parent)
    try:
        outcome = (True, fn(*args))
    except Exception:  # noqa: BLE001 - any failure: the parent recomputes and reports it itself
        outcome = (False, None)
    try:
        conn.send(outcome)
    except Exception:  # noqa: BLE001 - an unpicklable result: the parent recomputes
        conn.send((False, None))
    conn.close()
