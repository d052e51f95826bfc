"""Values that travel in the UDT envelope and stay opaque to the driver (PROTOCOL.md §6.15-6.16)."""

from __future__ import annotations

from dataclasses import dataclass

from . import typecodes as tc

LOCATOR_SIZE = 72

# Collection type code -> the ``kind`` reported by CollectionValue.
COLLECTION_KINDS = {
    tc.SET: "set",
    tc.MULTISET: "multiset",
    tc.LIST: "list",
    tc.COLLECTION: "collection",
}


def _check_locator(raw: bytes, kind: str) -> None:
    """A wrong-sized locator is a bad constructor argument, hence ValueError (as the peer)."""
    if len(raw) != LOCATOR_SIZE:
        raise ValueError(f"a {kind} locator is {LOCATOR_SIZE} bytes, not {len(raw)}")


@dataclass(frozen=True, slots=True)
class BlobLocator:
    """Server-side reference to a BLOB in an sbspace; the content needs SQL functions to read."""

    raw: bytes

    def __post_init__(self) -> None:
        _check_locator(self.raw, "BLOB")

    def __repr__(self) -> str:
        return f"BlobLocator({self.raw[:8].hex()}...)"


@dataclass(frozen=True, slots=True)
class ClobLocator:
    """Server-side reference to a CLOB in an sbspace."""

    raw: bytes

    def __post_init__(self) -> None:
        _check_locator(self.raw, "CLOB")

    def __repr__(self) -> str:
        return f"ClobLocator({self.raw[:8].hex()}...)"


@dataclass(frozen=True, slots=True)
class RowValue:
    """A ROW value: the undecoded body plus the row type text from the column description."""

    raw: bytes
    schema: str

    def __repr__(self) -> str:
        return f"RowValue({len(self.raw)} bytes, schema={self.schema!r})"


@dataclass(frozen=True, slots=True)
class CollectionValue:
    """A SET, MULTISET or LIST value: the undecoded body, its kind and the element type text."""

    raw: bytes
    kind: str
    element_schema: str

    def __repr__(self) -> str:
        return (
            f"CollectionValue({len(self.raw)} bytes, kind={self.kind!r}, "
            f"element_schema={self.element_schema!r})"
        )
