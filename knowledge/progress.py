"""Progress output for long commands: a bar on a terminal, sparse lines in logs."""

import sys
import time


class Progress:
    def __init__(self, stream, total, label=""):
        self.stream = stream
        self.total = max(total, 0)
        self.label = label
        self.started = time.monotonic()
        self.is_tty = getattr(stream, "isatty", lambda: False)()
        self.last_tenth = -1

    def update(self, done, note=""):
        if not self.total:
            return
        fraction = done / self.total
        if self.is_tty:
            width = 30
            filled = int(width * fraction)
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r{self.label} [{bar}] {done}/{self.total} {note[:40]:<40}")
            if done == self.total:
                self.stream.write("\n")
            self.stream.flush()
            return
        tenth = int(fraction * 10)
        if tenth != self.last_tenth or done == self.total:
            self.last_tenth = tenth
            self.stream.write(f"{self.label} {done}/{self.total} ({fraction:.0%})\n")

    @property
    def elapsed(self):
        return time.monotonic() - self.started


def stream_of(command):
    """The real stream behind a management command's output wrapper."""
    return getattr(command.stdout, "_out", sys.stdout)
