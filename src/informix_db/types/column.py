"""The description of one result column as SQ_DESCRIBE carries it (PROTOCOL.md §4.1)."""

from __future__ import annotations

from dataclasses import dataclass

from . import typecodes as tc


@dataclass(frozen=True, slots=True)
class ColumnDesc:
    """One column: wire type short (with flags), encoded length and UDT identification.

    ``type_short`` keeps the flag bits (``FLAG_NOT_NULL`` ...); ``encoded_length``
    is the byte length, or the packed (precision << 8 | scale/qualifier) of
    DECIMAL, MONEY, DATETIME and INTERVAL columns.
    """

    name: str
    type_short: int
    encoded_length: int
    extended_id: int = 0
    extended_name: str = ""
    owner_name: str = ""

    @property
    def type_code(self) -> int:
        return self.type_short & 0xFF

    @property
    def nullable(self) -> bool:
        return not (self.type_short & tc.FLAG_NOT_NULL)

    @property
    def precision(self) -> int:
        """High byte of the packed length for packed types, else 0."""
        if self.type_code in (tc.DECIMAL, tc.MONEY, tc.DATETIME, tc.INTERVAL):
            return (self.encoded_length >> 8) & 0xFF
        return 0

    @property
    def scale(self) -> int:
        """Low byte of the packed length (scale, or the DATETIME/INTERVAL qualifier bits)."""
        if self.type_code in (tc.DECIMAL, tc.MONEY, tc.DATETIME, tc.INTERVAL):
            return self.encoded_length & 0xFF
        return 0
