"""What a long ``notices build`` is doing: bars on a terminal, one line per finished stage elsewhere (CI logs).

A stage is counted work (languages built, PDFs made) or a single step (merge,
search index). On a terminal rich draws one bar per counted stage; without one
each stage prints a single line when it ends, so a CI log shows where the
time went without a line per page. ``quiet`` prints nothing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any


class Stage:
    """One stage's counter: ``advance`` after each unit of work; ``note`` adds to the line said at the end."""

    def __init__(self, progress: Progress, name: str, total: int) -> None:
        self.progress, self.name, self.total, self.done = progress, name, total, 0
        self.counted = total > 0
        self.started = time.perf_counter()
        self.notes: list[str] = []
        self.task: Any = None

    def start(self, total: int) -> None:
        """The total, once it is known (the PDFs to make are known only after the pages)."""
        self.total, self.counted = total, True
        if self.task is not None:
            self.progress.bars.update(self.task, total=total, refresh=True)

    def advance(self, note: str = "") -> None:
        self.done += 1
        if note:
            self.notes.append(note)
        if self.task is not None:
            self.progress.bars.update(self.task, completed=self.done, description=self._label(), refresh=True)

    def _label(self) -> str:
        return f"{self.name} {self.notes[-1]}" if self.notes else self.name


class Progress:
    """Reports the stages of one build to ``stream`` (stderr by default)."""

    def __init__(self, quiet: bool = False, stream: IO[str] | None = None, terminal: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.terminal = self.stream.isatty() if terminal is None else terminal
        self.bars: Any = None

    @contextmanager
    def stage(self, name: str, total: int = 0) -> Iterator[Stage]:
        """Count a stage; its line (or its finished bar) when the block ends without an error."""
        stage = Stage(self, name, total)
        if self.quiet:
            yield stage
            return
        if self.terminal:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as Bars

            console = Console(file=self.stream, highlight=False)
            with Bars(
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                auto_refresh=False,  # no drawing thread: the PDF pool forks from this process
            ) as bars:
                self.bars = bars
                stage.task = bars.add_task(name, total=total or None)
                try:
                    yield stage
                finally:
                    self.bars = None
            return
        yield stage
        seconds = time.perf_counter() - stage.started
        count = f" {stage.done}/{stage.total}" if stage.counted else ""
        notes = f" ({', '.join(stage.notes)})" if stage.notes else ""
        print(f"notices build: {name}{count} in {seconds:.1f} s{notes}", file=self.stream, flush=True)
