"""Floating-point DECIMAL(p): p significant digits at any magnitude.

Informix Guide to SQL: Reference, "DECIMAL(p) floating point": a DECIMAL declared without a
scale keeps p significant digits with an exponent from -130 to 124, so 1.234E-20 is kept as
given. A value the engine's storage cannot keep to 15 significant digits is refused with
-1226 (decimal value exceeds maximum precision), never stored rounded to zero.
"""

from __future__ import annotations

from decimal import Decimal

import pytest


@pytest.fixture
def numbers(db):
    return db.script("CREATE TABLE numbers (small DECIMAL(10), plain DECIMAL, wide DECIMAL(32))")


@pytest.mark.parametrize("value", ["1.234E-20", "1.234E+100", "-7.5E-90", "0.1"])
def test_small_and_large_magnitudes_survive(numbers, value):
    numbers.run("INSERT INTO numbers (small) VALUES (?)", value)
    assert numbers.query("SELECT small FROM numbers") == [(Decimal(value),)]


def test_precision_rounds_to_p_significant_digits(numbers):
    numbers.run("INSERT INTO numbers VALUES (?, ?, ?)", "123456789012345", "0.30000000000000004", "1.5")
    assert numbers.query("SELECT small, plain, wide FROM numbers") == [
        (Decimal("123456789000000"), Decimal("0.3"), Decimal("1.5")),
    ]


def test_wide_decimal_keeps_its_integer_digits(numbers):
    numbers.run("INSERT INTO numbers (wide) VALUES (?)", "12345678901234567890123456789012")
    assert numbers.query("SELECT wide FROM numbers") == [(Decimal("12345678901234567890123456789012"),)]


def test_wide_decimal_refuses_what_it_cannot_keep(numbers):
    assert numbers.error("INSERT INTO numbers (wide) VALUES (?)", "1.234E-20").sqlcode == -1226
    assert numbers.query("SELECT COUNT(*) FROM numbers") == [(0,)]


def test_arithmetic_on_floating_decimal_is_decimal(numbers):
    numbers.run("INSERT INTO numbers (small) VALUES (2.5)")
    assert numbers.describe("SELECT small * 2 FROM numbers")[0][1] == 5  # DECIMAL
    assert numbers.query("SELECT small * 2 FROM numbers") == [(Decimal(5),)]
