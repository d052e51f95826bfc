"""PEP 249 type objects and constructors, comparing equal to Informix base type codes."""

from __future__ import annotations

import datetime
import time

from ..types import typecodes as tc


class DBAPITypeObject:
    """Compares equal to every type code of one PEP 249 category."""

    def __init__(self, name: str, *codes: int) -> None:
        self.name = name
        self.codes = frozenset(codes)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, int):
            return (other & 0xFF) in self.codes
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.codes)

    def __repr__(self) -> str:
        return f"<DBAPITypeObject {self.name}>"


STRING = DBAPITypeObject("STRING", tc.CHAR, tc.VARCHAR, tc.NCHAR, tc.NVARCHAR, tc.LVARCHAR,
                         tc.UDTVAR, tc.TEXT)
BINARY = DBAPITypeObject("BINARY", tc.BYTE)
NUMBER = DBAPITypeObject("NUMBER", tc.SMALLINT, tc.INTEGER, tc.FLOAT, tc.SMALLFLOAT, tc.DECIMAL,
                         tc.SERIAL, tc.MONEY, tc.INT8, tc.SERIAL8, tc.BIGINT, tc.BIGSERIAL)
DATETIME = DBAPITypeObject("DATETIME", tc.DATE, tc.DATETIME, tc.INTERVAL)
ROWID = DBAPITypeObject("ROWID", tc.SERIAL, tc.SERIAL8, tc.BIGSERIAL)

Date = datetime.date
Time = datetime.time
Timestamp = datetime.datetime
Binary = bytes


def DateFromTicks(ticks: float) -> datetime.date:
    return Date(*time.localtime(ticks)[:3])


def TimeFromTicks(ticks: float) -> datetime.time:
    return Time(*time.localtime(ticks)[3:6])


def TimestampFromTicks(ticks: float) -> datetime.datetime:
    return Timestamp(*time.localtime(ticks)[:6])
