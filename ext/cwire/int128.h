/* Unsigned 128-bit arithmetic for the Arrow decimal128 codec (arrow_builder.pxi, arrow_binds.pxi).
 *
 * Only the operations the codec needs, behind one interface with two implementations (the
 * layout of libsecp256k1's int128.h): `unsigned __int128` where the compiler has it, and a
 * pair of 64-bit halves worked in 32-bit limbs everywhere else (MSVC has no 128-bit type; its
 * x64 and ARM64 targets both run this plain C, so the code Windows wheels run is the code
 * tested on Linux). The pair form is always compiled, as ifx_pair_*, so one build can check
 * the two against each other; IFX_PORTABLE_INT128 makes the codec use it on any compiler.
 *
 * Signed decimal128 values are the same 128 bits read as two's complement: negation and the
 * sign bit are all the codec needs of them.
 */
#ifndef IFX_INT128_H
#define IFX_INT128_H

#include <stdint.h>
#include <string.h>

typedef struct { uint64_t lo, hi; } ifx_pair;

static inline ifx_pair ifx_pair_from_halves(uint64_t hi, uint64_t lo) {
    ifx_pair v;
    v.lo = lo;
    v.hi = hi;
    return v;
}
static inline uint64_t ifx_pair_high(ifx_pair v) { return v.hi; }
static inline uint64_t ifx_pair_low(ifx_pair v) { return v.lo; }
static inline int ifx_pair_is_zero(ifx_pair v) { return (v.lo | v.hi) == 0; }
static inline int ifx_pair_less(ifx_pair a, ifx_pair b) { return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo); }

/* Two's complement negation: ~v + 1. */
static inline ifx_pair ifx_pair_negate(ifx_pair v) {
    v.lo = ~v.lo + 1;
    v.hi = ~v.hi + (v.lo == 0);
    return v;
}

/* The full product a * b, from four 32 x 32 -> 64-bit products. */
static inline ifx_pair ifx_pair_mul_u64(uint64_t a, uint64_t b) {
    uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t middle = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;     /* < 3 * 2**32 */
    ifx_pair v;
    v.lo = (middle << 32) | (uint32_t)p00;
    v.hi = p11 + (p01 >> 32) + (p10 >> 32) + (middle >> 32);
    return v;
}

/* One 64-bit half times a 32-bit factor plus a carry: the low 64 bits, the carry out in *carry. */
static inline uint64_t ifx_half_mul_add(uint64_t half, uint32_t factor, uint64_t* carry) {
    uint64_t low = (uint64_t)(uint32_t)half * factor + *carry;          /* < 2**64 */
    uint64_t high = (half >> 32) * factor + (low >> 32);                /* < 2**64 */
    *carry = high >> 32;
    return (high << 32) | (uint32_t)low;
}

/* *v = *v * factor + addend; nonzero when the result does not fit 128 bits (*v then wrapped). */
static inline int ifx_pair_mul_add(ifx_pair* v, uint32_t factor, uint32_t addend) {
    uint64_t carry = addend;
    v->lo = ifx_half_mul_add(v->lo, factor, &carry);
    v->hi = ifx_half_mul_add(v->hi, factor, &carry);
    return carry != 0;
}

/* *v = *v / divisor (divisor > 0), the remainder returned: long division by 32-bit limbs. */
static inline uint32_t ifx_pair_divmod(ifx_pair* v, uint32_t divisor) {
    uint64_t limbs[4] = {v->hi >> 32, (uint32_t)v->hi, v->lo >> 32, (uint32_t)v->lo};
    uint64_t rest = 0, part;
    int i;
    for (i = 0; i < 4; i++) {
        part = (rest << 32) | limbs[i];                                 /* rest < divisor < 2**32 */
        limbs[i] = part / divisor;
        rest = part % divisor;
    }
    v->hi = (limbs[0] << 32) | limbs[1];
    v->lo = (limbs[2] << 32) | limbs[3];
    return (uint32_t)rest;
}

/* Arrow's layout: 16 bytes in the platform's byte order (little-endian on every wheel target). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define IFX_PAIR_FIRST hi
#define IFX_PAIR_SECOND lo
#else
#define IFX_PAIR_FIRST lo
#define IFX_PAIR_SECOND hi
#endif
static inline void ifx_pair_store(void* out, ifx_pair v) {
    memcpy(out, &v.IFX_PAIR_FIRST, 8);
    memcpy((char*)out + 8, &v.IFX_PAIR_SECOND, 8);
}
static inline ifx_pair ifx_pair_load(const void* in) {
    ifx_pair v;
    memcpy(&v.IFX_PAIR_FIRST, in, 8);
    memcpy(&v.IFX_PAIR_SECOND, (const char*)in + 8, 8);
    return v;
}


#if defined(__SIZEOF_INT128__) && !defined(IFX_PORTABLE_INT128)
#define IFX_INT128_NATIVE 1
__extension__ typedef unsigned __int128 ifx_u128;   /* __extension__: no -pedantic warning */

static inline ifx_u128 ifx_u128_from_halves(uint64_t hi, uint64_t lo) { return ((ifx_u128)hi << 64) | lo; }
static inline uint64_t ifx_u128_high(ifx_u128 v) { return (uint64_t)(v >> 64); }
static inline uint64_t ifx_u128_low(ifx_u128 v) { return (uint64_t)v; }
static inline int ifx_u128_is_zero(ifx_u128 v) { return v == 0; }
static inline int ifx_u128_less(ifx_u128 a, ifx_u128 b) { return a < b; }
static inline ifx_u128 ifx_u128_negate(ifx_u128 v) { return -v; }
static inline ifx_u128 ifx_u128_mul_u64(uint64_t a, uint64_t b) { return (ifx_u128)a * b; }
static inline int ifx_u128_mul_add(ifx_u128* v, uint32_t factor, uint32_t addend) {
    ifx_u128 low = (ifx_u128)(uint64_t)*v * factor + addend;
    ifx_u128 high = (ifx_u128)(uint64_t)(*v >> 64) * factor + (uint64_t)(low >> 64);
    *v = (high << 64) | (uint64_t)low;
    return (high >> 64) != 0;
}
static inline uint32_t ifx_u128_divmod(ifx_u128* v, uint32_t divisor) {
    uint32_t rest = (uint32_t)(*v % divisor);
    *v /= divisor;
    return rest;
}
static inline void ifx_u128_store(void* out, ifx_u128 v) { memcpy(out, &v, 16); }
static inline ifx_u128 ifx_u128_load(const void* in) {
    ifx_u128 v;
    memcpy(&v, in, 16);
    return v;
}

#else
#define IFX_INT128_NATIVE 0
typedef ifx_pair ifx_u128;
#define ifx_u128_from_halves ifx_pair_from_halves
#define ifx_u128_high ifx_pair_high
#define ifx_u128_low ifx_pair_low
#define ifx_u128_is_zero ifx_pair_is_zero
#define ifx_u128_less ifx_pair_less
#define ifx_u128_negate ifx_pair_negate
#define ifx_u128_mul_u64 ifx_pair_mul_u64
#define ifx_u128_mul_add ifx_pair_mul_add
#define ifx_u128_divmod ifx_pair_divmod
#define ifx_u128_store ifx_pair_store
#define ifx_u128_load ifx_pair_load
#endif

#endif /* IFX_INT128_H */
