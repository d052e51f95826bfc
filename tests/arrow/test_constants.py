"""The protocol numbers and decoder kinds compiled into _cwire and _cserver are the ones of the
Python definitions."""

from __future__ import annotations

import pytest

from informix_db.protocol import constants
from informix_db.types import typecodes

cwire = pytest.importorskip("informix_db._cwire")


@pytest.mark.parametrize("module", ["_cwire", "_cserver"])
def test_compiled_constants_match_their_python_definitions(module):
    compiled = pytest.importorskip(f"informix_db.{module}").c_constants()
    assert compiled, "no constants exported"
    for name, value in compiled.items():
        source = constants if name.startswith("SQ_") else typecodes
        assert getattr(source, name) == value, name


def test_every_codec_plan_names_a_compiled_decoder():
    from informix_db.types import codecs
    from informix_db.types.column import ColumnDesc

    assert all(cwire.c_has_decoder(kind) for kind in codecs.DECODER_KINDS)
    assert not cwire.c_has_decoder("no-such-kind")
    columns = [ColumnDesc("c", code, length) for code in typecodes.NAMES for length in (1, 4, 0x0A02, 0x0E0A)]
    assert {codecs.plan_column(column)[0] for column in columns} <= codecs.DECODER_KINDS
