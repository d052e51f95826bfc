"""A progress bar on stderr (tqdm, from the ``[cli]`` extra) for unload and load.

Rows, rows/s and bytes always; a bar and an ETA when the total (a file's size) is known.
Silent when stderr is not a terminal, with ``--quiet``, or without tqdm.
"""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, description: str, total_bytes: int | None = None, quiet: bool = False):
        self._bar = None
        self._shown = 0
        self._by_bytes = total_bytes is not None
        self.started = time.monotonic()
        if quiet or not sys.stderr.isatty():
            return
        try:
            from tqdm import tqdm
        except ImportError:
            return
        if self._by_bytes:
            self._bar = tqdm(total=total_bytes, desc=description, unit="B", unit_scale=True,
                             unit_divisor=1024, file=sys.stderr, dynamic_ncols=True)
        else:
            self._bar = tqdm(desc=description, unit=" rows", unit_scale=True, file=sys.stderr, dynamic_ncols=True)

    def update(self, rows: int, nbytes: int) -> None:
        if self._bar is None:
            return
        done = nbytes if self._by_bytes else rows
        self._bar.update(done - self._shown)
        self._shown = done
        elapsed = max(time.monotonic() - self.started, 1e-9)
        if self._by_bytes:
            self._bar.set_postfix_str(f"{rows:,} rows, {rows / elapsed:,.0f} rows/s", refresh=False)
        else:
            self._bar.set_postfix_str(f"{_size(nbytes)}", refresh=False)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def summary(self, verb: str, rows: int, nbytes: int) -> str:
        elapsed = time.monotonic() - self.started
        rate = rows / elapsed if elapsed > 0 else 0.0
        return f"{verb} {rows:,} rows ({_size(nbytes)}) in {elapsed:.2f} s, {rate:,.0f} rows/s"


def _size(nbytes: int) -> str:
    size = float(nbytes)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{nbytes} B"
