"""Bind parameter encoding for SQ_BIND (pure Python; PROTOCOL.md §3.7)."""

from __future__ import annotations

from ..types import typecodes as tc


def encode_params(wbuf, params, encoding: str) -> list[bytes]:
    """Writes ``i16 nparams`` and each parameter; returns the BYTE/TEXT payloads for SQ_BBIND.

    Each parameter is ``i16 type, i16 indicator, i16 prec, padded data`` as produced by
    ``informix_db.types.encode_bind_value``.
    """
    from ..types import encode_bind_value

    params = list(params)
    wbuf.write_i16(len(params))
    blobs = []
    for value in params:
        type_code, indicator, prec, data = encode_bind_value(value, encoding)
        wbuf.write_i16(type_code)
        wbuf.write_i16(indicator)
        wbuf.write_i16(prec)
        wbuf.write_padded(data)
        if indicator == 0 and type_code in (tc.BYTE, tc.TEXT):
            blobs.append(_blob_payload(value, encoding))
    return blobs


def _blob_payload(value, encoding: str) -> bytes:
    """The content a BYTE/TEXT parameter streams in the SQ_BBIND section."""
    return value.encode(encoding) if isinstance(value, str) else bytes(value)
