"""pandas through an engine: to_sql and read_sql keep Decimal and datetime64, without warnings."""

from __future__ import annotations

import datetime as dt
import decimal
import warnings

import pandas as pd
import pytest
import sqlalchemy as sa


@pytest.fixture
def frame():
    return pd.DataFrame({
        "id": [1, 2, 3],
        "name": ["ann", "bob", None],
        "amount": [decimal.Decimal("10.25"), decimal.Decimal("-0.01"), None],
        "ratio": [0.5, 1.5, float("nan")],
        "seen": pd.to_datetime([dt.datetime(2024, 1, 2, 3, 4, 5, 123000), dt.datetime(2025, 12, 31), None]),
        "ok": [True, False, True],
    })


def test_to_sql_and_read_sql_round_trip(engine, frame):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            written = frame.to_sql("pd_frame", engine, index=False, if_exists="replace",
                                   dtype={"amount": sa.Numeric(12, 2), "name": sa.String(20)})
            assert written == 3
            back = pd.read_sql("SELECT * FROM pd_frame ORDER BY id", engine, coerce_float=False)
            again = frame.to_sql("pd_frame", engine, index=False, if_exists="append",
                                 dtype={"amount": sa.Numeric(12, 2)})
            assert again == 3
            assert pd.read_sql(sa.text("SELECT COUNT(*) AS n FROM pd_frame"), engine)["n"][0] == 6
            table = pd.read_sql_table("pd_frame", engine)
        finally:
            with engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE pd_frame")
    assert list(back.columns) == list(frame.columns)
    assert back["amount"].tolist()[:2] == [decimal.Decimal("10.25"), decimal.Decimal("-0.01")]
    assert all(isinstance(v, decimal.Decimal) for v in back["amount"][:2])
    assert back["amount"].isna().tolist() == [False, False, True]
    assert str(back["seen"].dtype).startswith("datetime64")
    assert back["seen"][0] == pd.Timestamp(dt.datetime(2024, 1, 2, 3, 4, 5, 123000))
    assert pd.isna(back["seen"][2])
    assert back["name"].tolist()[:2] == ["ann", "bob"]
    assert back["ok"].tolist() == [True, False, True]
    assert back["ratio"].tolist()[:2] == [0.5, 1.5]
    assert len(table) == 6 and str(table["seen"].dtype).startswith("datetime64")
