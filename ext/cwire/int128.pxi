# Unsigned 128-bit arithmetic of the decimal128 codec (int128.h: unsigned __int128 where the
# compiler has it, a portable pair of 64-bit halves elsewhere). The types are opaque here, so
# the codec can do nothing with them but call int128.h.

cdef extern from "cwire/int128.h":
    ctypedef struct ifx_u128:
        pass
    ctypedef struct ifx_pair:
        pass
    const bint INT128_NATIVE "IFX_INT128_NATIVE"
    ifx_u128 ifx_u128_from_halves(uint64_t high, uint64_t low) noexcept nogil
    uint64_t ifx_u128_high(ifx_u128 value) noexcept nogil
    uint64_t ifx_u128_low(ifx_u128 value) noexcept nogil
    bint ifx_u128_is_zero(ifx_u128 value) noexcept nogil
    bint ifx_u128_less(ifx_u128 a, ifx_u128 b) noexcept nogil
    ifx_u128 ifx_u128_negate(ifx_u128 value) noexcept nogil
    ifx_u128 ifx_u128_mul_u64(uint64_t a, uint64_t b) noexcept nogil
    bint ifx_u128_mul_add(ifx_u128* value, uint32_t factor, uint32_t addend) noexcept nogil
    uint32_t ifx_u128_divmod(ifx_u128* value, uint32_t divisor) noexcept nogil
    void ifx_u128_store(void* out, ifx_u128 value) noexcept nogil
    ifx_u128 ifx_u128_load(const void* source) noexcept nogil
    # The portable form under its own names, always compiled (int128_arithmetic checks it).
    ifx_pair ifx_pair_from_halves(uint64_t high, uint64_t low) noexcept nogil
    uint64_t ifx_pair_high(ifx_pair value) noexcept nogil
    uint64_t ifx_pair_low(ifx_pair value) noexcept nogil
    bint ifx_pair_is_zero(ifx_pair value) noexcept nogil
    bint ifx_pair_less(ifx_pair a, ifx_pair b) noexcept nogil
    ifx_pair ifx_pair_negate(ifx_pair value) noexcept nogil
    ifx_pair ifx_pair_mul_u64(uint64_t a, uint64_t b) noexcept nogil
    bint ifx_pair_mul_add(ifx_pair* value, uint32_t factor, uint32_t addend) noexcept nogil
    uint32_t ifx_pair_divmod(ifx_pair* value, uint32_t divisor) noexcept nogil
    void ifx_pair_store(void* out, ifx_pair value) noexcept nogil
    ifx_pair ifx_pair_load(const void* source) noexcept nogil

INT128_ARITHMETIC = "native" if INT128_NATIVE else "portable"

cdef object MASK64 = 0xFFFFFFFFFFFFFFFF


cdef inline ifx_u128 u128_from_int(object value) except *:
    """A Python int in [-2**127, 2**128) as its 128 bits (two's complement when negative)."""
    return ifx_u128_from_halves(<uint64_t>((value >> 64) & MASK64), <uint64_t>(value & MASK64))


cdef inline ifx_pair pair_from_int(object value) except *:
    return ifx_pair_from_halves(<uint64_t>((value >> 64) & MASK64), <uint64_t>(value & MASK64))


cdef inline object int_from_u128(ifx_u128 value):
    return (<object>ifx_u128_high(value) << 64) | ifx_u128_low(value)


cdef inline object int_from_pair(ifx_pair value):
    return (<object>ifx_pair_high(value) << 64) | ifx_pair_low(value)


def int128_arithmetic(a, b, uint32_t factor, uint32_t addend, uint32_t divisor, bint portable):
    """Every operation of int128.h on unsigned 128-bit ``a`` and ``b`` (Python ints) as Python
    ints, by the codec's implementation or (``portable``) the portable one, so that one build
    checks the two against each other and against Python (tests/arrow/test_int128.py)."""
    cdef ifx_u128 x, y, x_negated, x_product, x_loaded
    cdef ifx_pair p, q, p_negated, p_product, p_loaded
    cdef bint less, zero, overflow
    cdef uint32_t rest
    cdef char stored[16]
    if divisor == 0:
        raise ZeroDivisionError("divisor must be positive")
    if portable:
        p, q = pair_from_int(a), pair_from_int(b)
        less, zero = ifx_pair_less(p, q), ifx_pair_is_zero(p)
        p_negated, p_product = ifx_pair_negate(p), ifx_pair_mul_u64(ifx_pair_low(p), ifx_pair_low(q))
        ifx_pair_store(stored, p)
        p_loaded = ifx_pair_load(stored)
        overflow, rest = ifx_pair_mul_add(&p, factor, addend), ifx_pair_divmod(&q, divisor)
        values = [int_from_pair(p_negated), int_from_pair(p_product), int_from_pair(p_loaded), int_from_pair(p),
                  int_from_pair(q)]
    else:
        x, y = u128_from_int(a), u128_from_int(b)
        less, zero = ifx_u128_less(x, y), ifx_u128_is_zero(x)
        x_negated, x_product = ifx_u128_negate(x), ifx_u128_mul_u64(ifx_u128_low(x), ifx_u128_low(y))
        ifx_u128_store(stored, x)
        x_loaded = ifx_u128_load(stored)
        overflow, rest = ifx_u128_mul_add(&x, factor, addend), ifx_u128_divmod(&y, divisor)
        values = [int_from_u128(x_negated), int_from_u128(x_product), int_from_u128(x_loaded), int_from_u128(x),
                  int_from_u128(y)]
    negated, product, loaded, scaled, quotient = values
    return {"less": less, "is_zero": zero, "negate": negated, "mul_u64": product,
            "stored": PyBytes_FromStringAndSize(stored, 16), "loaded": loaded,
            "mul_add": (scaled, overflow), "divmod": (quotient, rest)}
