"""The server's SQ_PROTOCOLS feature bitmap, decoded (PROTOCOL.md §8.1).

Some bits change the wire framing this driver hard-wires (4-byte DESCRIBE offsets,
variable-length VARCHAR, 4-byte length prefixes); ``violated_assumptions`` names the ones
a server did not grant so a misparse can be explained instead of guessed at.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ENHANCED_PROTOCOL_CAP = 316  # Cap_1 echoed by a server speaking the enhanced protocol
# JDBC sets these bits whenever Cap_1 is non-zero, whatever the mask says.
_IMPLIED_BY_CAP1 = frozenset({0, 2, 3, 4, 49, 51})

BIT_USVER = 2
BIT_LONG_ID_A = 10
BIT_VARCHAR_VAR_LEN = 13
BIT_LONG_ID_B = 18
BIT_DESCRIBE_INPUT = 34
BIT_LVARCHAR_GT_2K = 37
BIT_GLS = 51
BIT_FOUR_BYTE_OFFSET = 50
BIT_NAMED_PARAMETERS = 52
BIT_BIGINT = 54
BIT_SAVEPOINT = 56
BIT_REMOVE_64K_LIMIT = 62
BIT_TWO_GB_FETCH_BUFFER = 63


def mask_bits(mask: bytes) -> frozenset[int]:
    """Bit numbers set in ``mask``, MSB first: byte 0 ``0x80`` is bit 0."""
    return frozenset(i * 8 + b for i, byte in enumerate(mask) for b in range(8) if byte & (0x80 >> b))


@dataclass(frozen=True)
class ServerCapabilities:
    """What the server granted in SQ_PROTOCOLS plus the login response's capability words."""

    bits: frozenset[int] = field(default_factory=frozenset)
    raw_mask: bytes = b""
    cap_1: int = 0
    cap_2: int = 0
    cap_3: int = 0
    server_version: str = ""
    serial_number: str = ""
    applid_name: str = ""

    @classmethod
    def from_wire(cls, mask: bytes, *, cap_1: int = 0, cap_2: int = 0, cap_3: int = 0,
                  server_version: str = "", serial_number: str = "",
                  applid_name: str = "") -> ServerCapabilities:
        bits = mask_bits(mask)
        if cap_1:
            bits |= _IMPLIED_BY_CAP1
        return cls(bits, bytes(mask), cap_1, cap_2, cap_3, server_version, serial_number, applid_name)

    def has(self, bit: int) -> bool:
        return bit in self.bits

    usver = property(lambda self: self.has(BIT_USVER))
    long_id = property(lambda self: self.has(BIT_LONG_ID_A) or self.has(BIT_LONG_ID_B))
    varchar_var_len = property(lambda self: self.has(BIT_VARCHAR_VAR_LEN),
                               doc="VARCHAR travels with a 1-byte length, not padded.")
    four_byte_offset = property(lambda self: self.has(BIT_FOUR_BYTE_OFFSET),
                                doc="DESCRIBE string-table size and offsets are 4 bytes.")
    remove_64k_limit = property(lambda self: self.has(BIT_REMOVE_64K_LIMIT),
                                doc="4-byte length prefixes (SQL text, fast-path signatures).")
    describe_input = property(lambda self: self.has(BIT_DESCRIBE_INPUT))
    lvarchar_gt_2k = property(lambda self: self.has(BIT_LVARCHAR_GT_2K))
    gls = property(lambda self: self.has(BIT_GLS))
    named_parameters = property(lambda self: self.has(BIT_NAMED_PARAMETERS))
    bigint = property(lambda self: self.has(BIT_BIGINT))
    savepoint = property(lambda self: self.has(BIT_SAVEPOINT))
    two_gb_fetch_buffer = property(lambda self: self.has(BIT_TWO_GB_FETCH_BUFFER))

    @property
    def enhanced_protocol(self) -> bool:
        return self.cap_1 == ENHANCED_PROTOCOL_CAP

    def violated_assumptions(self) -> list[str]:
        """One sentence per framing bit the driver relies on but the server did not grant."""
        problems = []
        if not self.four_byte_offset:
            problems.append(f"bit {BIT_FOUR_BYTE_OFFSET} (4-byte DESCRIBE offsets) is missing: "
                            "column descriptions would be misread")
        if not self.varchar_var_len:
            problems.append(f"bit {BIT_VARCHAR_VAR_LEN} (variable-length VARCHAR) is missing: "
                            "VARCHAR values would arrive padded and be misread")
        if not self.remove_64k_limit:
            problems.append(f"bit {BIT_REMOVE_64K_LIMIT} (64K limit removed) is missing: "
                            "4-byte length prefixes would be misread by the server")
        return problems

    def __repr__(self) -> str:
        return (f"ServerCapabilities(cap_1={self.cap_1}, mask={self.raw_mask.hex()}, "
                f"version={self.server_version!r})")
