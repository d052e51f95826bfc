"""Smart large objects (BLOB, CLOB) and the LOB functions that reach into the client.

The engine keeps a smart LOB's content in a DuckDB BLOB column and shows clients only a
72-byte locator derived from it, as Informix does (PROTOCOL.md §6.15). ``lotofile`` and
``filetoblob``/``filetoclob`` with the ``'client'`` target and ``ifx_lo_open`` need the
server session (an SQ_FILE exchange, a LOB descriptor table), so the engine hands the
session small request objects instead of final values:

- a query column from ``lotofile(col, name, 'client')`` yields :class:`ClientFileWrite`
  values, which the session turns into the generated client file name;
- a column from ``ifx_lo_open(col, mode)`` yields :class:`SmartLobOpen` values, which
  the session turns into a LOB descriptor;
- ``filetoblob(name, 'client')`` in INSERT/UPDATE becomes a hidden trailing parameter;
  the statement lists it in ``client_file_reads`` and the session appends the content
  it reads from the client to the bound values.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass

from sqlglot import exp

from informix_db.types import BlobLocator, ClobLocator
from informix_db.types import typecodes as tc
from informix_db.types.column import ColumnDesc

from . import ifxtypes
from .errors import SqlError
from .ifxtypes import INTEGER, IfxType
from .nodemeta import IFX_META, IFX_NAME

LOCATOR_SIZE = 72
LVARCHAR_RESULT_LENGTH = 2048
E_LOB_FUNCTION_ARGS = -201
_LOCATOR_TAIL = struct.Struct("!iq")  # extended id, content size


class ClientBytes(bytes):
    """BYTE/TEXT content a client bound, with the client's codec for a TEXT target."""

    encoding: str = "utf-8"

    def __new__(cls, data: bytes, encoding: str):
        value = super().__new__(cls, data)
        value.encoding = encoding
        return value


@dataclass(frozen=True)
class ClientFileWrite:
    """``lotofile(..., 'client')``: send ``data`` to the client file ``name`` (+ a suffix)."""

    name: str
    data: bytes


@dataclass(frozen=True)
class ClientFileRead:
    """``filetoblob/filetoclob(name, 'client')``: read the client file ``name``."""

    name: str
    extended_id: int


@dataclass(frozen=True)
class SmartLobOpen:
    """``ifx_lo_open(lob, mode)`` of a non-NULL LOB: the session returns a new LOB descriptor."""

    mode: int


def locator_for(content: bytes, extended_id: int) -> bytes:
    """A 72-byte locator that differs for different contents (real ones are opaque too)."""
    digest = hashlib.blake2b(content, digest_size=48).digest()
    return (digest + _LOCATOR_TAIL.pack(extended_id, len(content))).ljust(LOCATOR_SIZE, b"\x00")


@dataclass(frozen=True)
class SmartLobType(IfxType):
    """BLOB or CLOB: stored as the content, described as UDTFIXED with a 72-byte locator."""

    extended_id: int = tc.XID_BLOB

    @property
    def type_name(self) -> str:
        return "clob" if self.extended_id == tc.XID_CLOB else "blob"

    def sql(self) -> str:
        return self.type_name.upper()

    def duck(self) -> str:
        return "BLOB"

    def describe(self, name: str, nullable: bool = True) -> ColumnDesc:
        flags = 0 if nullable else tc.FLAG_NOT_NULL
        return ColumnDesc(name, tc.UDTFIXED | flags, LOCATOR_SIZE, self.extended_id, self.type_name)

    def converter(self, duck_type: str):
        return self.to_python

    def to_python(self, value):
        if value is None:
            return None
        locator_class = ClobLocator if self.extended_id == tc.XID_CLOB else BlobLocator
        return locator_class(locator_for(bytes(value), self.extended_id))

    def coerce(self, value):
        if value is None:
            return None
        if isinstance(value, (bytes, bytearray, memoryview)):
            return bytes(value)
        if isinstance(value, str):
            return value.encode("utf-8")
        raise SqlError(-1213)


BLOB = SmartLobType(tc.UDTFIXED, LOCATOR_SIZE, extended_id=tc.XID_BLOB)
CLOB = SmartLobType(tc.UDTFIXED, LOCATOR_SIZE, extended_id=tc.XID_CLOB)
SMART_LOB_TYPES = {"BLOB": BLOB, "CLOB": CLOB}
ifxtypes.NAMED_TYPES.update(SMART_LOB_TYPES)  # so that parse_type knows them


@dataclass(frozen=True)
class ClientFileType(IfxType):
    """The LVARCHAR result of ``lotofile(lob, name, 'client')``."""

    file_name: str = ""

    def describe(self, name: str, nullable: bool = True) -> ColumnDesc:
        return ColumnDesc(name, tc.UDTVAR, self.length, 0, "lvarchar")

    def converter(self, duck_type: str):
        name = self.file_name
        return lambda value: None if value is None else ClientFileWrite(name, bytes(value))


@dataclass(frozen=True)
class LobOpenType(IfxType):
    """The INTEGER result of ``ifx_lo_open(lob, mode)``."""

    mode: int = 0

    def describe(self, name: str, nullable: bool = True) -> ColumnDesc:
        return INTEGER.describe(name, nullable)

    def converter(self, duck_type: str):
        mode = self.mode
        return lambda value: None if value is None else SmartLobOpen(mode)


def is_deferred(ifx: IfxType) -> bool:
    """Whether values of this result type are requests the server session completes."""
    return isinstance(ifx, (ClientFileType, LobOpenType))


# ---- SQL functions ---------------------------------------------------------------------------------------
def _string(node: exp.Expr) -> str:
    if not isinstance(node, exp.Literal) or not node.is_string:
        raise SqlError(E_LOB_FUNCTION_ARGS)
    return node.this


def _client_target(args: list[exp.Expr], position: int) -> None:
    """Only the client-side form is supported: files on the server host are not the test
    server's business."""
    if len(args) <= position or _string(args[position]).lower() != "client":
        raise SqlError(-9810)


def translate_function(name: str, node: exp.Anonymous) -> exp.Expr | None:
    """The DuckDB form of ``lotofile``/``ifx_lo_open``; None for other functions."""
    args = node.expressions
    if name == "lotofile" and len(args) == 3:
        _client_target(args, 2)
        result: exp.Expr = exp.Paren(this=args[0])
        result.meta[IFX_META] = ClientFileType(
            tc.LVARCHAR, LVARCHAR_RESULT_LENGTH, file_name=_string(args[1])
        )
        result.meta[IFX_NAME] = "(expression)"
        return result
    if name == "ifx_lo_open" and len(args) == 2:
        mode = args[1]
        if not isinstance(mode, exp.Literal) or mode.is_string:
            raise SqlError(E_LOB_FUNCTION_ARGS)
        result = exp.Paren(this=args[0])
        result.meta[IFX_META] = LobOpenType(tc.INTEGER, 4, mode=int(mode.this))
        result.meta[IFX_NAME] = "(expression)"
        return result
    return None


_FILE_READERS = {"filetoblob": tc.XID_BLOB, "filetoclob": tc.XID_CLOB}


def extract_client_file_reads(tree: exp.Expr, nparams: int) -> list[ClientFileRead]:
    """Replace each ``filetoblob/filetoclob(name, 'client')`` in ``tree`` by a placeholder
    numbered after the client's ``nparams``; the reads, in placeholder order."""
    reads: list[ClientFileRead] = []
    for node in list(tree.find_all(exp.Anonymous)):
        extended_id = _FILE_READERS.get(node.name.lower())
        if extended_id is None:
            continue
        args = node.expressions
        if len(args) < 2:
            raise SqlError(E_LOB_FUNCTION_ARGS)
        _client_target(args, 1)
        reads.append(ClientFileRead(_string(args[0]), extended_id))
        node.replace(exp.Placeholder(this=str(nparams + len(reads))))
    return reads
