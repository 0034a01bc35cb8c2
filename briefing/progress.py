"""Progress bars on stderr for long builds (reading, analysis, rendering).

Silent unless asked for and stderr is a terminal, so pipes, logs and `--quiet`
stay clean. Bars are transient: they vanish when the build finishes and only
the paths written remain on screen.

Rich's automatic refresh runs a thread; spaCy forks worker processes for
`n_process > 1`, and forking while another thread holds the stderr lock can
hang a child. So bars refresh from the calling thread instead, at most ten
times a second.
"""

from __future__ import annotations

import sys
import time
from typing import Any

REFRESH_SECONDS = 0.1


class Task:
    """One bar; `advance` is cheap enough to call once per document."""

    def __init__(self, bars: Bars | None = None, task_id: Any = None):
        self._bars = bars
        self._id = task_id

    def advance(self, steps: int = 1) -> None:
        if self._bars is not None:
            self._bars._update(self._id, advance=steps)

    def total(self, total: int | None) -> None:
        if self._bars is not None:
            self._bars._update(self._id, total=total)

    def done(self) -> None:
        if self._bars is not None:
            self._bars._finish(self._id)


class Bars:
    """A group of progress bars; use as a context manager.

    >>> with Bars(enabled=False) as bars:
    ...     task = bars.task("Analyzing", total=3)
    ...     task.advance()
    """

    def __init__(self, enabled: bool = True, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = bool(enabled) and _is_terminal(self.stream)
        self._progress = None
        self._last = 0.0

    def __enter__(self) -> Bars:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)

            self._progress = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), TimeRemainingColumn(),
                console=Console(file=self.stream), transient=True, auto_refresh=False,
            )
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def task(self, description: str, total: int | None = None) -> Task:
        if self._progress is None:
            return Task()
        task = Task(self, self._progress.add_task(description, total=total))
        self._refresh(force=True)
        return task

    def _update(self, task_id: Any, **changes: Any) -> None:
        if self._progress is not None:
            self._progress.update(task_id, **changes)
            self._refresh()

    def _finish(self, task_id: Any) -> None:
        if self._progress is not None:
            task = self._progress.tasks[self._progress.task_ids.index(task_id)]
            self._progress.update(task_id, completed=task.total or task.completed, visible=False)
            self._refresh(force=True)

    def _refresh(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last >= REFRESH_SECONDS:
            self._last = now
            self._progress.refresh()


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def quiet() -> Bars:
    """Bars that show nothing: the default for library callers."""
    return Bars(enabled=False)
