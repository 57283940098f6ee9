"""A progress bar for long exports: drawn on a terminal, silent everywhere else.

Exports run interactively (a researcher waiting for 100,000 records) and from cron or
pipes (where a bar would be noise in a mail or a log). So the bar is drawn on stderr only
when stderr is a terminal, and the caller code is the same either way: it counts items
through :class:`Progress` and never asks where it is running.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO, TypeVar

T = TypeVar("T")


class Progress:
    """Counts items of one task; draws them when a rich bar is attached."""

    def __init__(self, bar: Any = None, task: Any = None) -> None:
        self._bar = bar
        self._task = task
        self.count = 0

    def advance(self, n: int = 1) -> None:
        self.count += n
        if self._bar is not None:
            self._bar.advance(self._task, n)

    def track(self, items: Iterable[T]) -> Iterator[T]:
        """``items`` unchanged, each counted as it passes."""
        for item in items:
            yield item
            self.advance()


@contextmanager
def progress(description: str, total: int | None, stream: TextIO | None = None) -> Iterator[Progress]:
    """A :class:`Progress` drawn on ``stream`` (stderr) if it is a terminal, else quiet."""
    stream = sys.stderr if stream is None else stream
    if not _is_terminal(stream):
        yield Progress()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as RichProgress

    bar = RichProgress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(file=stream),
        transient=True,
    )
    with bar:
        yield Progress(bar, bar.add_task(description, total=total))


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
