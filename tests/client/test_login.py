"""Login PDU layout and login response parsing (PROTOCOL.md §2)."""

import struct

import pytest

from informix_db import OperationalError, ProtocolError
from informix_db.protocol.login import (
    DEFAULT_ENV,
    build_login_pdu,
    encoding_for_locale,
    parse_login_response,
)

# Bytes 2..0x118 of the JDBC-identical login for informix/in4mix/informix (§2.2).
JDBC_PREFIX = bytes.fromhex(
    "013c0000 0064 0065 0000003d 0006 494545454d00 006c 73716c6578656300000000 00"
    "0006 392e32383000 000c 524453235230303030303000 0005 73716c6900"
    "0000013c 00000000 00000000 0001 0009 696e666f726d697800 0007 696e346d697800"
    "6f6c000000000000 0000003d 746c697463700000 00000001 0068 000b 00000003"
    "0009 696e666f726d697800 0000 0000000000000000 006a 0006".replace(" ", "")
)


def test_login_pdu_matches_the_jdbc_layout():
    pdu = build_login_pdu("informix", "in4mix", "informix", DEFAULT_ENV)
    assert struct.unpack("!H", pdu[:2])[0] == len(pdu)
    assert pdu[2:2 + len(JDBC_PREFIX)] == JDBC_PREFIX
    assert pdu[0x112:0x118] == b"\x00\x6b\x00\x00\x00\x00"
    assert pdu.endswith(b"\x00\x7f")


def test_env_list_carries_locale_and_extra_variables():
    env = {**DEFAULT_ENV, "CLIENT_LOCALE": "en_US.utf8", "DB_LOCALE": "en_US.utf8"}
    pdu = build_login_pdu("u", "p", "srv", env)
    assert b"\x00\x0ben_US.utf8\x00" in pdu
    assert b"\x00\x0aDB_LOCALE\x00" in pdu
    count = pdu.index(b"\x00\x6a\x00") + 2
    assert struct.unpack("!h", pdu[count:count + 2])[0] == 7


def test_missing_password_is_an_empty_string_slot():
    pdu = build_login_pdu("informix", None, "informix", DEFAULT_ENV)
    assert b"\x00\x09informix\x00\x00\x00ol" in pdu


def _conacc(version: bytes = b"15.0.1.0.3 Informix") -> bytes:
    def zstr(s: bytes) -> bytes:
        return struct.pack("!h", len(s) + 1) + s + b"\x00"
    body = (b"\x02\x3c\x00\x00\x00\x64\x00\x65\x00\x00\x00\x3d\x00\x06IEEEI\x00\x00\x6c" + b"\x00" * 12
            + zstr(version) + zstr(b"SER123") + zstr(b"sqli") + struct.pack("!iii", 316, 0, 0))
    return body


def test_conacc_metadata_is_decoded():
    info = parse_login_response(_conacc())
    assert info.version == "15.0.1.0.3 Informix"
    assert info.serial == "SER123"
    assert info.capabilities == (316, 0, 0)


def test_short_conacc_degrades_to_empty_metadata():
    assert parse_login_response(b"\x02\x3c\x00\x00").version == ""


def test_conrej_quotes_the_server_text_without_the_password():
    body = b"\x03\x3c\x00\x00\x00\x00\x00\x1c-951 Incorrect password or user\x00\x00"
    with pytest.raises(OperationalError) as info:
        parse_login_response(body)
    assert "Incorrect password" in str(info.value)
    assert info.value.sqlcode == -951


def test_redirect_and_garbage_are_rejected():
    with pytest.raises(OperationalError):
        parse_login_response(b"\x0d\x3c\x00\x00")
    with pytest.raises(ProtocolError):
        parse_login_response(b"\x07\x3c\x00\x00")


@pytest.mark.parametrize("locale, encoding", [
    ("en_US.8859-1", "iso-8859-1"), ("en_US.819", "iso-8859-1"), ("de_DE.8859-15", "iso-8859-15"),
    ("en_US.utf8", "utf-8"), ("en_US.UTF-8", "utf-8"), ("en_US", "iso-8859-1"), ("xx.weird", "iso-8859-1"),
])
def test_client_locale_selects_the_codec(locale, encoding):
    assert encoding_for_locale(locale) == encoding
