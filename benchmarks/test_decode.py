"""Row decode throughput from an in-memory fetch stream, both implementations and the peer.

The stream has the shape /work/shared/tools/peer_decode_bench.py builds: 100,000 x SQ_TUPLE
of (INTEGER, INTEGER, VARCHAR(20) of 10-14 chars, FLOAT, DECIMAL(12,2)), then SQ_DONE,
SQ_COST, SQ_EOT; Latin-1, no NULLs. It is fed in 64 KiB pieces and drained with
``read_tuples``, as a fetch loop does. The peer's figure comes from that tool (its
``cursor`` mode) run by the peer venv's Python.
"""

from __future__ import annotations

import decimal
import re
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from informix_db.types import ColumnDesc, pack_decimal
from informix_db.types import typecodes as tc

from peer import peer_python

ROWS = 100_000
ENCODING = "iso-8859-1"
REPO = Path(__file__).resolve().parent.parent
# The shared tools live beside the checkout (/work/shared), which may be nested (a worktree).
PEER_TOOL = next(
    (parent / "shared" / "tools" / "peer_decode_bench.py" for parent in REPO.parents
     if (parent / "shared" / "tools" / "peer_decode_bench.py").exists()),
    REPO.parent / "shared" / "tools" / "peer_decode_bench.py",
)

COLUMNS = (
    ColumnDesc("id", tc.INTEGER, 4),
    ColumnDesc("qty", tc.INTEGER, 4),
    ColumnDesc("name", tc.VARCHAR, 20),
    ColumnDesc("price", tc.FLOAT, 8),
    ColumnDesc("amount", tc.DECIMAL, (12 << 8) | 2),
)
DECIMAL_WIDTH = 7


def row_values(i: int) -> tuple:
    name = f"cust{i:06d}" + "abcd"[: i % 5]
    amount = decimal.Decimal(f"{1 + (i * 7_654_321) % 9_999_999_999}.{i % 100:02d}")
    return (i, (i * 7919) % 1_000_003, name, i * 1.5 + 0.25, amount)


def build_stream(nrows: int) -> tuple[bytes, list[tuple]]:
    """The fetch-response bytes and the rows they must decode to."""
    out = bytearray()
    expected = []
    head = struct.Struct("!hhi").pack
    ints = struct.Struct("!ii").pack
    double = struct.Struct("!d").pack
    for i in range(nrows):
        values = row_values(i)
        ident, qty, name, price, amount = values
        raw_name = name.encode(ENCODING)
        payload = (
            ints(ident, qty) + bytes((len(raw_name),)) + raw_name + double(price)
            + pack_decimal(amount, DECIMAL_WIDTH)
        )
        out += head(14, 0, len(payload)) + payload + (b"\x00" if len(payload) & 1 else b"")
        expected.append(values)
    out += struct.pack("!hhiii", 15, 0, nrows, 0, 0) + struct.pack("!hii", 55, 0, 0) + struct.pack("!h", 12)
    return bytes(out), expected


def decode_all(wire, stream: bytes) -> list[tuple]:
    buf = wire.ReadBuffer()
    decoder = wire.RowDecoder(COLUMNS, ENCODING)
    rows: list[tuple] = []
    view = memoryview(stream)
    for start in range(0, len(view), 65536):
        buf.feed(view[start : start + 65536])
        buf.read_tuples(decoder, rows)
    return rows


@pytest.fixture(scope="module")
def stream():
    return build_stream(ROWS)


def _implementation(name):
    if name == "python":
        from informix_db import wire
    else:
        from informix_db import _cwire as wire
    return wire


def _best_seconds(benchmark, fn, rounds):
    """Best wall time of ``fn``: pytest-benchmark's minimum, or our own when it is disabled."""
    benchmark.pedantic(fn, rounds=rounds, iterations=1, warmup_rounds=1)
    stats = getattr(benchmark, "stats", None)
    if stats is not None and getattr(stats, "stats", None) is not None:
        return stats.stats.min
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


@pytest.mark.parametrize("impl_name", ["compiled", "python"])
def test_decode_100k_rows(benchmark, stream, decode_results, impl_name):
    wire = _implementation(impl_name)
    data, expected = stream
    assert decode_all(wire, data) == expected
    best = _best_seconds(benchmark, lambda: decode_all(wire, data), rounds=5 if impl_name == "compiled" else 2)
    decode_results[impl_name] = best / ROWS * 1e9
    benchmark.extra_info["ns_per_row"] = round(decode_results[impl_name])


def decode_into_arrow(wire, stream: bytes) -> list:
    """The same stream and read loop, rows decoded into Arrow columns instead of tuples."""
    buf = wire.ReadBuffer()
    builder = wire.ArrowBatchBuilder(COLUMNS, ENCODING)
    view = memoryview(stream)
    for start in range(0, len(view), 65536):
        buf.feed(view[start : start + 65536])
        buf.read_tuples(builder, None)
    return builder.finish()


def test_decode_100k_rows_into_arrow(benchmark, stream, decode_results):
    pa = pytest.importorskip("pyarrow")
    from informix_db import _cwire as wire

    data, expected = stream
    table = pa.Table.from_batches([pa.record_batch(b) for b in decode_into_arrow(wire, data)])
    assert list(zip(*(column.to_pylist() for column in table.columns))) == expected
    best = _best_seconds(benchmark, lambda: decode_into_arrow(wire, data), rounds=7)
    decode_results["arrow"] = best / ROWS * 1e9
    benchmark.extra_info["ns_per_row"] = round(decode_results["arrow"])


@pytest.mark.skipif(not PEER_TOOL.exists(), reason=f"peer decode tool not found at {PEER_TOOL}")
def test_peer_decode_100k_rows(benchmark, decode_results):
    def run_tool():
        done = subprocess.run(
            [str(peer_python()), str(PEER_TOOL), "--rows", str(ROWS), "--modes", "cursor", "--repeat", "3"],
            capture_output=True, text=True, check=True, cwd=sys.prefix,  # away from our informix_db
        )
        return float(re.search(r"RESULT cursor: (\d+) ns/row", done.stdout).group(1))

    peer_ns = benchmark.pedantic(run_tool, rounds=1, iterations=1)
    decode_results["peer"] = peer_ns
    benchmark.extra_info["peer_ns_per_row"] = peer_ns
    for name in ("compiled", "python"):
        if name in decode_results:
            benchmark.extra_info[f"{name}_ns_per_row"] = round(decode_results[name])
            benchmark.extra_info[f"peer_over_{name}"] = round(peer_ns / decode_results[name], 2)
