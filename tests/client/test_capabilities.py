"""server_capabilities: the SQ_PROTOCOLS bits the server granted."""

from __future__ import annotations

import informix_db as ifx
from informix_db.capabilities import ServerCapabilities, mask_bits
from informix_db.protocol import constants as c


def test_mask_bits_are_numbered_msb_first():
    assert mask_bits(b"\x80\x01") == {0, 15}


def test_embedded_server_grants_the_framing_the_driver_relies_on(conn):
    caps = conn.server_capabilities
    assert isinstance(caps, ifx.ServerCapabilities)
    assert caps.raw_mask == c.SERVER_PROTOCOL_MASK
    assert caps.four_byte_offset and caps.varchar_var_len and caps.remove_64k_limit
    assert caps.violated_assumptions() == []
    assert caps.enhanced_protocol and caps.usver
    assert conn.server_version_internal and caps.server_version == conn.server_version_internal


def test_missing_framing_bits_are_named():
    caps = ServerCapabilities.from_wire(b"\xff" * 6 + b"\x00\x00")  # bits 48-63 absent
    problems = caps.violated_assumptions()
    assert len(problems) == 2 and "50" in problems[0] and "62" in problems[1]
    assert ServerCapabilities.from_wire(b"", cap_1=316).has(2)  # implied by Cap_1
