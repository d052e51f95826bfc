"""Row decoding of SQ_TUPLE payloads (pure Python; PROTOCOL.md §4.2, §6).

Every column is decoded by its type's codec (``informix_db.types.codecs``), the one Python
home of each type's wire format; the compiled module follows the same codecs' plan.
"""

from __future__ import annotations

import codecs
import struct

from ..exceptions import DatabaseError, ProtocolError
from ..types.codecs import codec_for

# Errors a Python-level column decoder may raise on malformed bytes; reported as ProtocolError.
FALLBACK_ERRORS = (ValueError, IndexError, KeyError, TypeError, ArithmeticError, struct.error, DatabaseError)


class RowDecoder:
    """Decodes SQ_TUPLE payloads of one column list into plain tuples.

    One codec per column is chosen here, once; ``decode`` only calls the chosen ones.
    """

    def __init__(self, columns, encoding: str) -> None:
        if encoding is None:
            raise TypeError("RowDecoder needs an encoding")
        codecs.lookup(encoding)  # an unknown encoding fails here, not at the first row
        self.columns = tuple(columns)
        self.encoding = encoding
        self._decoders = tuple(codec_for(column, encoding).decode for column in self.columns)

    def decode(self, payload) -> tuple:
        """One SQ_TUPLE payload (bytes-like, without tag/warn/size/pad) -> tuple."""
        data = payload if type(payload) is bytes else bytes(payload)
        pos = 0
        values: list[object] = []
        append = values.append
        try:
            for decode in self._decoders:
                value, pos = decode(data, pos)
                append(value)
        except FALLBACK_ERRORS as exc:
            index = len(values)
            raise ProtocolError(f"column {index} ({self.columns[index].name}): {exc}") from exc
        if pos != len(data):
            raise ProtocolError(f"tuple payload has {len(data) - pos} bytes beyond its {len(values)} columns")
        return tuple(values)
