"""Property tests: whatever a client binds comes back as Informix would store it."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from informix_db.types import IntervalYM

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

_ROW = st.tuples(
    st.integers(min_value=-(2**63) + 1, max_value=2**63 - 1),
    st.decimals(min_value=Decimal("-999999999999.9999"), max_value=Decimal("999999999999.9999"), places=4),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.timedeltas(min_value=dt.timedelta(days=-99), max_value=dt.timedelta(days=99)),
    st.integers(min_value=-9999 * 12, max_value=9999 * 12).map(IntervalYM),
)


@SETTINGS
@given(rows=st.lists(_ROW, min_size=1, max_size=5))
def test_bound_values_round_trip(db, rows):
    db.run(
        "CREATE TEMP TABLE prop (n BIGINT, d DECIMAL(16,4), s VARCHAR(40), ts DATETIME YEAR TO FRACTION(5),"
        " span INTERVAL DAY(3) TO FRACTION(5), age INTERVAL YEAR(5) TO MONTH, k SERIAL)"
    )
    try:
        for row in rows:
            db.run("INSERT INTO prop (n, d, s, ts, span, age) VALUES (?, ?, ?, ?, ?, ?)", *row)
        expected = [
            (n, d, s, ts.replace(microsecond=ts.microsecond - ts.microsecond % 10), _tens(span), age)
            for n, d, s, ts, span, age in rows
        ]
        assert db.query("SELECT n, d, s, ts, span, age FROM prop ORDER BY k") == expected
    finally:
        db.run("DROP TABLE prop")


def _tens(span: dt.timedelta) -> dt.timedelta:
    """FRACTION(5) keeps tens of microseconds, truncating toward zero."""
    micro = (span.days * 86400 + span.seconds) * 1_000_000 + span.microseconds
    sign = -1 if micro < 0 else 1
    return dt.timedelta(microseconds=sign * (abs(micro) - abs(micro) % 10))


@SETTINGS
@given(number=st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**20), max_value=10**20))
def test_decimal_parameters_in_where(db, number):
    db.run("CREATE TEMP TABLE dec_where (d DECIMAL(32,10))")
    try:
        db.run("INSERT INTO dec_where VALUES (?)", number)
        with localcontext(Context(prec=80)):
            stored = number.quantize(Decimal("1e-10"), ROUND_HALF_UP)
        assert db.query("SELECT d FROM dec_where WHERE d = ?", number) == [(stored,)]
    finally:
        db.run("DROP TABLE dec_where")
