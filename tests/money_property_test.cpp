// Property tests of medbudget/money.hpp, checked against an exact oracle written here.
//
// The oracle computes every exact value as a boost::multiprecision::cpp_rational and rounds it with
// `oracle_round` below, written from the definitions of the five modes; it deliberately does not call
// medbudget's detail::round_rational or detail::round_div. Apportionment is checked against
// `oracle_apportion`, a separate largest-remainder implementation over rationals.
//
// Case counts: rapidcheck runs 100 cases per property by default (RC_PARAMS="max_success=N" changes
// it). Each case of a rounding property checks kBatch generated inputs in all five modes, so about
// 1000 inputs × 5 modes per property; apportionment checks kApportionBatch inputs per case.
//
// Generators mix: amounts of every order of magnitude up to the full int64 range (and its edges),
// typical amounts within ±10^12, rates with random mantissa (any magnitude, everyday, near ±1, with
// trailing zeros) and scale 0..18 of both signs, and constructed ties whose exact value is k + 1/2 fen.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>  // after gtest: it uses ::testing

#include <algorithm>  // sort, swap, min
#include <array>      // array
#include <cstddef>    // size_t
#include <cstdint>    // int64_t
#include <exception>  // exception
#include <limits>     // numeric_limits
#include <optional>   // optional
#include <ostream>    // ostream
#include <span>       // span
#include <string>     // string, to_string
#include <utility>    // pair
#include <vector>     // vector

#include "medbudget/money.hpp"

namespace mb = medbudget;
namespace bmp = boost::multiprecision;
using mb::cpp_int;
using mb::cpp_rational;
using mb::fen;
using mb::rate;
using mb::rounding;

namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr int kBatch = 10;           // inputs per case of a rounding or round-trip property
constexpr int kApportionBatch = 5;   // inputs per case of an apportionment property
constexpr std::array kModes{rounding::half_away_from_zero, rounding::half_even, rounding::floor,
                            rounding::ceiling, rounding::toward_zero};

// ================================================================================================
// The oracle
// ================================================================================================

cpp_int pow10(int e) {
  cpp_int p = 1;
  for (int i = 0; i < e; ++i) p *= 10;
  return p;
}

// A rate as (mantissa, scale): the generated form, shown in counterexamples as "mantissa e-scale".
struct rate_parts {
  std::int64_t mantissa = 0;
  int scale = 0;
  [[nodiscard]] rate get() const { return rate::from_parts(mantissa, scale); }
};
std::ostream& operator<<(std::ostream& os, const rate_parts& r) {
  return os << r.mantissa << "e-" << r.scale;
}

// n/d exactly (Boost 1.74's two-argument constructor refuses a negative denominator).
cpp_rational ratio(const cpp_int& n, const cpp_int& d) {
  return d < 0 ? cpp_rational(cpp_int(-n), cpp_int(-d)) : cpp_rational(n, d);
}

cpp_rational value_of(std::int64_t mantissa, int scale) { return ratio(mantissa, pow10(scale)); }
cpp_rational value_of(const rate_parts& r) { return value_of(r.mantissa, r.scale); }
cpp_rational value_of(const rate& r) { return value_of(r.mantissa(), r.scale()); }

// ⌊q⌋: the truncated quotient, one lower for a negative non-integer.
cpp_int floor_of(const cpp_rational& q) {
  const cpp_int n = bmp::numerator(q);
  const cpp_int d = bmp::denominator(q);  // > 0
  cpp_int f = n / d;                      // truncates toward zero
  if (f * d > n) f -= 1;
  return f;
}

// q rounded to an integer by `mode`, from the definitions: q lies in [lo, lo + 1) with lo = ⌊q⌋ and
// the fractional part decides; only an exact half (a tie) looks at the sign or the parity.
cpp_int oracle_round(const cpp_rational& q, rounding mode) {
  const cpp_int lo = floor_of(q);
  const cpp_rational frac = q - cpp_rational(lo);  // in [0, 1)
  if (frac == 0) return lo;
  const cpp_int hi = lo + 1;
  const cpp_rational half = ratio(1, 2);
  switch (mode) {
    case rounding::floor:
      return lo;
    case rounding::ceiling:
      return hi;
    case rounding::toward_zero:
      return q > 0 ? lo : hi;
    case rounding::half_away_from_zero:
      if (frac != half) return frac < half ? lo : hi;
      return q > 0 ? hi : lo;
    case rounding::half_even:
      if (frac != half) return frac < half ? lo : hi;
      return lo % 2 == 0 ? lo : hi;
  }
  RC_FAIL("oracle_round: unknown rounding mode");
}

bool fits_int64(const cpp_int& v) { return v >= kMin && v <= kMax; }

// The shortest rate equal to q as (mantissa, scale), or nothing when q is no rate (its denominator is
// not a divisor of 10^18, or its mantissa does not fit in int64).
std::optional<std::pair<cpp_int, int>> as_rate(const cpp_rational& q) {
  for (int s = 0; s <= rate::max_scale; ++s) {
    const cpp_rational scaled = q * cpp_rational(pow10(s));
    if (bmp::denominator(scaled) != 1) continue;
    if (!fits_int64(bmp::numerator(scaled))) return std::nullopt;
    return std::pair{bmp::numerator(scaled), s};
  }
  return std::nullopt;
}

// Checks one rounded operation: `call` must return the exact value rounded by `mode` when that fits
// in int64, and throw overflow_error when it does not. Fails with the inputs, expected and got.
template <class Call>
void check_rounded(const std::string& what, const cpp_rational& exact, rounding mode, Call&& call) {
  const cpp_int want = oracle_round(exact, mode);
  const bool fits = fits_int64(want);
  std::string got;
  try {
    const fen result = call();
    if (fits && cpp_int(result.value()) == want) return;
    got = std::to_string(result.value());
  } catch (const mb::overflow_error& e) {
    if (!fits) return;
    got = std::string("overflow_error (") + e.what() + ")";
  } catch (const std::exception& e) {
    got = std::string("exception (") + e.what() + ")";
  }
  RC_FAIL(what + " [" + std::string(mb::to_string(mode)) + "]: exact " + exact.str() + " fen, expected " +
          (fits ? want.str() : std::string("overflow_error")) + ", got " + got);
}

// Largest remainder, from its definition: each part gets the floor of its exact share of |total|;
// the `left` fen still missing go one at a time to the part with the largest remainder that has not
// had one yet, the earliest such part on a tie; for a negative total the amounts are negated.
struct oracle_split {
  std::vector<cpp_int> amount;          // the oracle's answer, signed like the total
  std::vector<cpp_rational> remainder;  // share of |total| minus its floor, per part
  cpp_int left;                         // fen handed out by remainder
};
oracle_split oracle_apportion(std::int64_t total, const std::vector<cpp_rational>& weights) {
  const cpp_int magnitude = total < 0 ? cpp_int(-cpp_int(total)) : cpp_int(total);
  cpp_rational sum = 0;
  for (const cpp_rational& w : weights) sum += w;
  oracle_split o;
  o.left = magnitude;
  for (const cpp_rational& w : weights) {
    const cpp_rational share = cpp_rational(magnitude) * w / sum;
    const cpp_int f = floor_of(share);
    o.amount.push_back(f);
    o.remainder.push_back(share - cpp_rational(f));
    o.left -= f;
  }
  std::vector<bool> topped(weights.size(), false);
  for (cpp_int k = 0; k < o.left; ++k) {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < weights.size(); ++i)
      if (!topped[i] && o.remainder[i] > 0 && (!best || o.remainder[i] > o.remainder[*best])) best = i;
    if (!best) RC_FAIL("oracle_apportion: more fen left over than parts with a remainder");
    topped[*best] = true;
    o.amount[*best] += 1;
  }
  if (total < 0)
    for (cpp_int& a : o.amount) a = -a;
  return o;
}

// ================================================================================================
// Generators
// ================================================================================================

// Uniform in [lo, hi] whatever rapidcheck's current size (hi below the type's maximum).
template <class T>
rc::Gen<T> uniform(T lo, T hi) {
  return rc::gen::resize(rc::kNominalSize, rc::gen::inRange<T>(lo, static_cast<T>(hi + 1)));
}

// An int64 whose bit width is uniform in [lo_bits, hi_bits]: every order of magnitude equally often.
rc::Gen<std::int64_t> int64_bits(int lo_bits, int hi_bits) {
  return rc::gen::mapcat(uniform(lo_bits, hi_bits), [](int bits) {
    return rc::gen::resize(bits * rc::kNominalSize / 64, rc::gen::arbitrary<std::int64_t>());
  });
}

// Any int64: every bit width up to the full range, and the edges of the range.
rc::Gen<std::int64_t> int64_any() {
  return rc::gen::weightedOneOf<std::int64_t>(
      {{6, int64_bits(0, 64)},
       {1, rc::gen::element(kMin, kMin + 1, std::int64_t{-1}, std::int64_t{0}, std::int64_t{1},
                            kMax - 1, kMax)}});
}

rc::Gen<std::int64_t> nonneg_int64() {
  return rc::gen::map(int64_any(), [](std::int64_t x) { return x >= 0 ? x : (x == kMin ? kMax : -x); });
}

// Uniform in [−bound, bound], shrinking toward zero.
rc::Gen<std::int64_t> symmetric(std::int64_t bound) {
  return rc::gen::exec([bound] {
    const std::int64_t m = *uniform<std::int64_t>(0, bound);
    return *rc::gen::arbitrary<bool>() ? -m : m;
  });
}

// Amounts in fen: typical budgets (±10^12 fen = ±10^10 yuan), anything in int64, a few fen.
rc::Gen<std::int64_t> amounts() {
  return rc::gen::weightedOneOf<std::int64_t>(
      {{3, symmetric(1'000'000'000'000)}, {3, int64_any()}, {1, symmetric(1000)}});
}

std::int64_t pow10_i64(int e) { return pow10(e).convert_to<std::int64_t>(); }

// Rates of scale 0..18 and either sign: any mantissa, everyday rates (0.05, 1.013, -0.02), rates
// near ±1, and mantissas with trailing zeros (several spellings of one value).
rc::Gen<rate_parts> rates() {
  return rc::gen::exec([] {
    const int scale = *uniform(0, rate::max_scale);
    std::int64_t m = 0;
    switch (*uniform(0, 3)) {
      case 0: m = *int64_any(); break;
      case 1: m = *symmetric(1'000'000); break;
      case 2: m = (*rc::gen::arbitrary<bool>() ? -1 : 1) * pow10_i64(scale) + *symmetric(1000); break;
      default: m = *symmetric(999) * pow10_i64(*uniform(0, 15)); break;
    }
    return rate_parts{m, scale};
  });
}

// 1 .. 2^63, as a cpp_int.
cpp_int pick_positive() {
  cpp_int d = *nonneg_int64();
  d += 1;
  return d;
}

// The value of r spelled with more or fewer trailing zeros (0.5 as 5e-1, 50e-2, ...) where that fits.
rc::Gen<rate_parts> respelled(rate_parts r) {
  return rc::gen::exec([r] {
    rate_parts s = r;
    while (s.scale > 0 && s.mantissa % 10 == 0) {
      s.mantissa /= 10;
      --s.scale;
    }
    for (int pad = *uniform(0, rate::max_scale - s.scale); pad > 0 && s.mantissa > kMin / 10 && s.mantissa < kMax / 10;
         --pad) {
      s.mantissa *= 10;
      ++s.scale;
    }
    return s;
  });
}

std::int64_t pick_sign() { return *rc::gen::arbitrary<bool>() ? -1 : 1; }

// An odd number in [1, limit] (limit >= 1): as often small as anywhere in the range.
std::int64_t pick_odd(std::int64_t limit) {
  const std::int64_t top = (limit - 1) / 2;
  const std::int64_t x = *rc::gen::weightedOneOf<std::int64_t>(
      {{1, uniform<std::int64_t>(0, std::min<std::int64_t>(top, 50))}, {1, uniform<std::int64_t>(0, top)}});
  return 2 * x + 1;
}

constexpr std::int64_t kFactorCap = std::int64_t{1} << 62;

// k factors, each of magnitude at most 2^62, whose product is ±w · 2^twos · 5^fives with w odd: the
// powers of 5 and 2 are dealt to random factors, then each gets a random odd cofactor and a sign.
// With twos = S − 1 and fives = S the product ÷ 10^S is ±w/2: an exact tie k + 1/2.
// Callers keep the total below k × 60 bits, so a factor with room for the next prime always exists.
std::vector<std::int64_t> pick_tie_factors(std::size_t k, int twos, int fives) {
  std::vector<std::int64_t> f(k, 1);
  const auto deal = [&](std::int64_t prime, int count) {
    for (int c = 0; c < count; ++c) {
      std::size_t i = *uniform<std::size_t>(0, k - 1);
      while (f[i] > kFactorCap / prime) i = (i + 1) % k;
      f[i] *= prime;
    }
  };
  deal(5, fives);
  deal(2, twos);
  for (std::int64_t& x : f) x = pick_sign() * x * pick_odd(kFactorCap / x);
  return f;
}

// ---- cases of the rounded operations (`tie` marks a constructed exact half) --------------------

struct mul_case {
  std::int64_t amount;
  rate_parts r;
  bool tie;
};
std::ostream& operator<<(std::ostream& os, const mul_case& c) {
  return os << "mul(" << c.amount << ", " << c.r << ")" << (c.tie ? " tie" : "");
}
rc::Gen<mul_case> mul_cases() {
  return rc::gen::weightedOneOf<mul_case>(
      {{2, rc::gen::exec([] { return mul_case{*amounts(), *rates(), false}; })},
       {1, rc::gen::exec([] {
          const int s = *uniform(1, rate::max_scale);
          const std::vector<std::int64_t> f = pick_tie_factors(2, s - 1, s);  // ≤ 59 bits
          return mul_case{f[0], rate_parts{f[1], s}, true};
        })},
       // |amount × mantissa| within a few units of 2^63, either side: the edge of 64-bit arithmetic.
       {1, rc::gen::exec([] {
          const std::int64_t m = *rc::gen::suchThat(int64_any(), [](std::int64_t x) { return x != 0; });
          cpp_int a = (cpp_int(1) << 63) / (m < 0 ? cpp_int(-cpp_int(m)) : cpp_int(m));
          a += *uniform(-2, 2);
          if (a > kMax) a = kMax;
          return mul_case{pick_sign() * a.convert_to<std::int64_t>(), rate_parts{m, *uniform(0, rate::max_scale)},
                          false};
        })}});
}

struct mul2_case {
  std::int64_t amount;
  rate_parts r1, r2;
  bool tie;
};
std::ostream& operator<<(std::ostream& os, const mul2_case& c) {
  return os << "mul(" << c.amount << ", " << c.r1 << ", " << c.r2 << ")" << (c.tie ? " tie" : "");
}
rc::Gen<mul2_case> mul2_cases() {
  return rc::gen::weightedOneOf<mul2_case>(
      {{2, rc::gen::exec([] { return mul2_case{*amounts(), *rates(), *rates(), false}; })},
       // Wide operands: the product of the three mantissas passes 2^127 (the multiprecision path).
       {1, rc::gen::exec([] {
          const auto wide = [] { return *int64_bits(48, 64); };
          return mul2_case{wide(), rate_parts{wide(), *uniform(0, rate::max_scale)},
                           rate_parts{wide(), *uniform(0, rate::max_scale)}, false};
        })},
       {1, rc::gen::exec([] {
          int s1 = *uniform(1, rate::max_scale);
          int s2 = *uniform(0, rate::max_scale);
          if (*rc::gen::arbitrary<bool>()) std::swap(s1, s2);
          const std::vector<std::int64_t> f = pick_tie_factors(3, s1 + s2 - 1, s1 + s2);  // ≤ 119 bits
          return mul2_case{f[0], rate_parts{f[1], s1}, rate_parts{f[2], s2}, true};
        })}});
}

// Non-zero divisors: any magnitude, small, and the edges (−1 and int64 min among them).
rc::Gen<std::int64_t> divisors() {
  return rc::gen::map(
      rc::gen::weightedOneOf<std::int64_t>(
          {{3, int64_any()},
           {2, symmetric(1000)},
           {1, rc::gen::element(std::int64_t{-1}, std::int64_t{1}, std::int64_t{2}, std::int64_t{-2},
                                kMin, kMax)}}),
      [](std::int64_t d) { return d == 0 ? std::int64_t{1} : d; });
}

struct div_case {
  std::int64_t amount, count;
  bool tie;
};
std::ostream& operator<<(std::ostream& os, const div_case& c) {
  return os << "div(" << c.amount << ", " << c.count << ")" << (c.tie ? " tie" : "");
}
rc::Gen<div_case> div_cases() {
  return rc::gen::weightedOneOf<div_case>(
      {{2, rc::gen::exec([] { return div_case{*amounts(), *divisors(), false}; })},
       // count = 2^e·d, amount = 2^(e−1)·d·c with d, c odd: amount ÷ count = ±c/2.
       {1, rc::gen::exec([] {
          const int e = *uniform(1, 40);
          const std::int64_t half = (std::int64_t{1} << (e - 1)) * pick_odd(std::int64_t{1} << 20);
          return div_case{pick_sign() * half * pick_odd(kFactorCap / half), pick_sign() * 2 * half, true};
        })}});
}

struct muldiv_case {
  std::int64_t amount, num, den;
  bool tie;
};
std::ostream& operator<<(std::ostream& os, const muldiv_case& c) {
  return os << "muldiv(" << c.amount << ", " << c.num << ", " << c.den << ")" << (c.tie ? " tie" : "");
}
rc::Gen<muldiv_case> muldiv_cases() {
  return rc::gen::weightedOneOf<muldiv_case>(
      {{2, rc::gen::exec([] {
          const std::int64_t num = *rc::gen::weightedOneOf<std::int64_t>({{1, int64_any()}, {1, symmetric(1000)}});
          return muldiv_case{*amounts(), num, *divisors(), false};
        })},
       // den = 2^e·d1·d2, amount = 2^i·d1·c1, num = 2^(e−1−i)·d2·c2 (odd d, c): the result is ±c1·c2/2.
       {1, rc::gen::exec([] {
          const int e = *uniform(1, 40);
          const int i = *uniform(0, e - 1);
          const std::int64_t d1 = pick_odd(1 << 10);
          const std::int64_t d2 = pick_odd(1 << 10);
          const std::int64_t a = (std::int64_t{1} << i) * d1;
          const std::int64_t n = (std::int64_t{1} << (e - 1 - i)) * d2;
          return muldiv_case{pick_sign() * a * pick_odd(kFactorCap / a), pick_sign() * n * pick_odd(kFactorCap / n),
                             pick_sign() * (std::int64_t{1} << e) * d1 * d2, true};
        })}});
}

struct rational_case {
  cpp_rational q;
  bool tie;
};
std::ostream& operator<<(std::ostream& os, const rational_case& c) {
  return os << "round_to_fen(" << c.q << ")" << (c.tie ? " tie" : "");
}
rc::Gen<rational_case> rational_cases() {
  return rc::gen::weightedOneOf<rational_case>(
      {// n/d with n up to 2^126 in magnitude, d up to 2^63.
       {2, rc::gen::exec([] {
          cpp_int n = *int64_any();
          if (*rc::gen::arbitrary<bool>()) n *= *int64_any();
          return rational_case{ratio(n, pick_positive()), false};
        })},
       // k + 1/2 for k across int64 and one beyond each end.
       {1, rc::gen::exec([] {
          const cpp_int k = cpp_int(*int64_any()) + *uniform(-1, 1);
          return rational_case{ratio(2 * k + 1, 2), true};
        })},
       // Within two fen of either end of int64.
       {1, rc::gen::exec([] {
          const std::int64_t d = *uniform<std::int64_t>(1, 1000);
          const std::int64_t p = *uniform<std::int64_t>(-2 * d, 2 * d);
          const std::int64_t end = *rc::gen::arbitrary<bool>() ? kMax : kMin;
          return rational_case{cpp_rational(end) + ratio(p, d), false};
        })}});
}

// ---- apportionment: the three weight types behind one interface ------------------------------

// K::weight, K::exact (its value), K::split (medbudget's apportion), and weight pickers: small
// (0..3 in several spellings: equal weights, zeros, remainder ties), large, zero, negative, one.
struct int64_weights {
  using weight = std::int64_t;
  static cpp_rational exact(weight w) { return cpp_rational(w); }
  static std::vector<fen> split(fen total, const std::vector<weight>& w) {
    return mb::apportion(total, std::span<const std::int64_t>(w));
  }
  static weight small() { return *uniform<std::int64_t>(0, 3); }
  static weight large() { return *nonneg_int64(); }
  static weight zero() { return 0; }
  static weight one() { return 1; }
  static weight negative() { return kMin + *nonneg_int64(); }
};

struct rate_weights {
  using weight = rate_parts;
  static cpp_rational exact(const weight& w) { return value_of(w); }
  static std::vector<fen> split(fen total, const std::vector<weight>& w) {
    std::vector<rate> r;
    for (const rate_parts& p : w) r.push_back(p.get());
    return mb::apportion(total, std::span<const rate>(r));
  }
  static weight small() {  // m × 10^-s padded with p zeros: 0.5 as 5e-1, 50e-2, 500e-3
    const int pad = *uniform(0, 2);
    return {*uniform<std::int64_t>(0, 3) * pow10_i64(pad), *uniform(0, 2) + pad};
  }
  static weight large() { return {*nonneg_int64(), *uniform(0, rate::max_scale)}; }
  static weight zero() { return {0, *uniform(0, rate::max_scale)}; }
  static weight one() { return {1, 0}; }
  static weight negative() { return {kMin + *nonneg_int64(), *uniform(0, rate::max_scale)}; }
};

struct rational_weights {
  using weight = cpp_rational;
  static cpp_rational exact(const weight& w) { return w; }
  static std::vector<fen> split(fen total, const std::vector<weight>& w) {
    return mb::apportion(total, std::span<const cpp_rational>(w));
  }
  static weight small() {
    return ratio(*uniform<std::int64_t>(0, 3), *uniform<std::int64_t>(1, 4));
  }
  static weight large() {  // numerator up to 2^126, denominator up to 2^63
    cpp_int n = *nonneg_int64();
    if (*rc::gen::arbitrary<bool>()) n *= *nonneg_int64();
    return ratio(n, pick_positive());
  }
  static weight zero() { return 0; }
  static weight one() { return 1; }
  static weight negative() {
    return ratio(kMin + *nonneg_int64(), pick_positive());
  }
};

template <class K>
std::vector<cpp_rational> exact_weights(const std::vector<typename K::weight>& w) {
  std::vector<cpp_rational> out;
  for (const auto& x : w) out.push_back(K::exact(x));
  return out;
}

// 1..16 weights summing to more than zero. Profiles: all small, all large, one non-zero among
// zeros, mixed small and large.
template <class K>
rc::Gen<std::vector<typename K::weight>> weight_vectors() {
  return rc::gen::exec([] {
    const std::size_t n = *uniform<std::size_t>(1, 16);
    const int profile = *uniform(0, 3);
    std::vector<typename K::weight> w;
    for (std::size_t i = 0; i < n; ++i) {
      switch (profile) {
        case 0: w.push_back(K::small()); break;
        case 1: w.push_back(K::large()); break;
        case 2: w.push_back(K::zero()); break;
        default: w.push_back(*rc::gen::arbitrary<bool>() ? K::small() : K::large()); break;
      }
    }
    if (profile == 2) w[*uniform<std::size_t>(0, n - 1)] = K::large();
    cpp_rational sum = 0;
    for (const auto& x : w) sum += K::exact(x);
    if (sum == 0) w[*uniform<std::size_t>(0, n - 1)] = K::one();
    return w;
  });
}

rc::Gen<std::int64_t> totals() {
  return rc::gen::weightedOneOf<std::int64_t>(
      {{1, symmetric(100)}, {2, symmetric(1'000'000'000'000)}, {2, int64_any()}});
}

// A uniformly random permutation of 0..n−1 (Fisher–Yates).
rc::Gen<std::vector<std::size_t>> permutations(std::size_t n) {
  return rc::gen::exec([n] {
    std::vector<std::size_t> p(n);
    for (std::size_t i = 0; i < n; ++i) p[i] = i;
    for (std::size_t i = n; i > 1; --i) std::swap(p[i - 1], p[*uniform<std::size_t>(0, i - 1)]);
    return p;
  });
}

template <class K>
std::string describe(std::int64_t total, const std::vector<typename K::weight>& w) {
  return "apportion(" + std::to_string(total) + ", " + rc::toString(w) + ")";
}

// ---- apportionment checks ----------------------------------------------------------------------

// K::split, failing with the inputs if it throws.
template <class K>
std::vector<fen> split(std::int64_t total, const std::vector<typename K::weight>& w) {
  try {
    return K::split(fen::from_fen(total), w);
  } catch (const std::exception& e) {
    RC_FAIL(describe<K>(total, w) + " threw: " + e.what());
  }
}

// Parts sum exactly to the total; each is within one fen of its exact share total·w/W; a zero weight
// gets zero; and the whole split equals the oracle's largest remainder (which fixes the sign handling
// and the earlier-part tie rule).
template <class K>
void check_apportion(std::int64_t total, const std::vector<typename K::weight>& w) {
  const std::string where = describe<K>(total, w);
  const std::vector<cpp_rational> exact = exact_weights<K>(w);
  cpp_rational sum = 0;
  for (const cpp_rational& x : exact) sum += x;
  const std::vector<fen> got = split<K>(total, w);
  if (got.size() != w.size()) RC_FAIL(where + ": " + std::to_string(got.size()) + " parts");
  cpp_int got_sum = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const cpp_int part = got[i].value();
    got_sum += part;
    const cpp_rational share = cpp_rational(total) * exact[i] / sum;
    const cpp_rational off = cpp_rational(part) - share;
    if (off >= 1 || off <= -1)
      RC_FAIL(where + ": part " + std::to_string(i) + " = " + part.str() +
              " is a fen or more from its exact share " + share.str());
    if (exact[i] == 0 && part != 0)
      RC_FAIL(where + ": part " + std::to_string(i) + " has weight zero but gets " + part.str());
  }
  if (got_sum != total) RC_FAIL(where + ": parts sum to " + got_sum.str());
  const oracle_split want = oracle_apportion(total, exact);
  for (std::size_t i = 0; i < got.size(); ++i)
    if (cpp_int(got[i].value()) != want.amount[i])
      RC_FAIL(where + ": part " + std::to_string(i) + " = " + std::to_string(got[i].value()) +
              ", largest remainder gives " + want.amount[i].str());
}

// Permuting the input permutes the output, up to the left-over fen. Equal weights have equal shares
// and remainders, so reordering can only move left-over fen among equal-weight parts: each class of
// equal weights receives the same multiset of amounts, and every other part keeps its amount. The
// exception is inherent to "ties to the earlier part": when parts of *different* weights tie on the
// smallest winning remainder (e.g. 2 fen over weights 1 and 3: shares 0.5 and 1.5), position decides
// which of them gets the fen. So: parts outside that boundary tie keep their amounts always, and the
// per-class multisets are compared whenever the boundary tie (if any) lies within one weight class.
template <class K>
void check_reorder(std::int64_t total, const std::vector<typename K::weight>& w,
                   const std::vector<std::size_t>& perm) {
  const std::size_t n = w.size();
  std::vector<typename K::weight> moved;
  for (std::size_t j = 0; j < n; ++j) moved.push_back(w[perm[j]]);  // moved[j] is part perm[j]
  const std::vector<fen> before = split<K>(total, w);
  const std::vector<fen> after = split<K>(total, moved);
  const std::vector<cpp_rational> exact = exact_weights<K>(w);
  const oracle_split o = oracle_apportion(total, exact);
  const std::string where = describe<K>(total, w) + " reordered as " + rc::toString(perm);

  std::vector<bool> in_tie(n, false);
  bool cross_weight_tie = false;
  if (o.left > 0 && o.left < n) {
    std::vector<cpp_rational> sorted = o.remainder;
    std::sort(sorted.begin(), sorted.end(), [](const cpp_rational& a, const cpp_rational& b) { return a > b; });
    const auto last = o.left.convert_to<std::size_t>();  // the winners are sorted[0 .. last)
    if (sorted[last] == sorted[last - 1]) {
      for (std::size_t i = 0; i < n; ++i) in_tie[i] = o.remainder[i] == sorted[last - 1];
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < n; ++k) cross_weight_tie |= in_tie[i] && in_tie[k] && exact[i] != exact[k];
    }
  }
  for (std::size_t j = 0; j < n; ++j)
    if (!in_tie[perm[j]] && after[j] != before[perm[j]])
      RC_FAIL(where + ": part " + std::to_string(perm[j]) + " got " + std::to_string(before[perm[j]].value()) +
              " in place, " + std::to_string(after[j].value()) + " when moved to " + std::to_string(j));
  if (cross_weight_tie) return;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::int64_t> a, b;  // amounts of the parts weighing exact[i], before and after
    for (std::size_t k = 0; k < n; ++k)
      if (exact[k] == exact[i]) a.push_back(before[k].value());
    for (std::size_t j = 0; j < n; ++j)
      if (exact[perm[j]] == exact[i]) b.push_back(after[j].value());
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    if (a != b)
      RC_FAIL(where + ": parts of weight " + exact[i].str() + " get " + rc::toString(a) + " in place, " +
              rc::toString(b) + " reordered");
  }
}

// Splitting −total gives the negated parts of splitting total.
template <class K>
void check_negation(std::int64_t total, const std::vector<typename K::weight>& w) {
  if (total == kMin) total = kMin + 1;
  const std::vector<fen> plus = split<K>(total, w);
  const std::vector<fen> minus = split<K>(-total, w);
  for (std::size_t i = 0; i < plus.size(); ++i)
    if (minus[i].value() != -plus[i].value())
      RC_FAIL(describe<K>(total, w) + ": part " + std::to_string(i) + " = " + std::to_string(plus[i].value()) +
              " but " + std::to_string(minus[i].value()) + " for the negated total");
}

// Weights summing to zero (all zero, or none) and negative weights are input errors.
template <class K>
void check_bad_weights(std::int64_t total) {
  std::vector<typename K::weight> zeros(*uniform<std::size_t>(0, 8));
  for (auto& x : zeros) x = K::zero();
  RC_ASSERT_THROWS_AS((void)K::split(fen::from_fen(total), zeros), mb::input_error);
  std::vector<typename K::weight> w = *weight_vectors<K>();
  w.insert(w.begin() + static_cast<std::ptrdiff_t>(*uniform<std::size_t>(0, w.size())), K::negative());
  RC_ASSERT_THROWS_AS((void)K::split(fen::from_fen(total), w), mb::input_error);
}

// ---- text --------------------------------------------------------------------------------------

// The text "[-]yuan.ff" of v fen, built digit by digit from the exact integer.
std::string yuan_text(std::int64_t v) {
  const cpp_int magnitude = v < 0 ? cpp_int(-cpp_int(v)) : cpp_int(v);
  std::string digits = magnitude.str();
  if (digits.size() < 3) digits.insert(0, 3 - digits.size(), '0');
  digits.insert(digits.size() - 2, ".");
  return (v < 0 ? "-" : "") + digits;
}

// Exact value of decimal text "[-]d+[.d+]"; nothing if the text is not of that shape.
std::optional<cpp_rational> decimal_value(const std::string& text) {
  std::size_t i = text.empty() || text[0] != '-' ? 0 : 1;
  cpp_int mantissa = 0;
  int scale = 0;
  bool digits = false, point = false;
  for (; i < text.size(); ++i) {
    if (text[i] == '.' && !point && digits) {
      point = true;
      digits = false;
    } else if (text[i] >= '0' && text[i] <= '9') {
      mantissa = mantissa * 10 + (text[i] - '0');
      scale += point ? 1 : 0;
      digits = true;
    } else {
      return std::nullopt;
    }
  }
  if (!digits) return std::nullopt;
  return cpp_rational(text[0] == '-' ? cpp_int(-mantissa) : mantissa, pow10(scale));
}

// Shortest spelling: no leading zero but "0" itself, no trailing zero or lone point after the
// decimals, no "-0".
bool is_shortest_decimal(const std::string& text) {
  const std::string body = !text.empty() && text[0] == '-' ? text.substr(1) : text;
  const std::size_t point = body.find('.');
  const std::string whole = body.substr(0, point);
  if (whole.size() > 1 && whole[0] == '0') return false;
  if (point != std::string::npos && (point + 1 == body.size() || body.back() == '0')) return false;
  return body != "0" || text == "0";
}

}  // namespace

// ================================================================================================
// 1. mul(fen, rate, mode): the exact product amount × mantissa / 10^scale, rounded by the oracle in
//    every mode (constructed ties included), or overflow_error exactly when that does not fit.
// ================================================================================================
RC_GTEST_PROP(MoneyProperty, MulByRateMatchesOracle, ()) {
  for (int b = 0; b < kBatch; ++b) {
    const mul_case c = *mul_cases();
    const cpp_rational exact = cpp_rational(c.amount) * value_of(c.r);
    if (c.tie) RC_ASSERT(bmp::denominator(exact) == 2);  // the generator's promise
    for (rounding mode : kModes)
      check_rounded(rc::toString(c), exact, mode, [&] { return mb::mul(fen::from_fen(c.amount), c.r.get(), mode); });
  }
}

// ================================================================================================
// 2. mul(fen, rate, rate, mode), div, muldiv and round_to_fen: the same contract. The two-rate
//    product is rounded once; wide operands reach the multiprecision path.
// ================================================================================================
RC_GTEST_PROP(MoneyProperty, MulByTwoRatesMatchesOracle, ()) {
  for (int b = 0; b < kBatch; ++b) {
    const mul2_case c = *mul2_cases();
    const cpp_rational exact = cpp_rational(c.amount) * value_of(c.r1) * value_of(c.r2);
    if (c.tie) RC_ASSERT(bmp::denominator(exact) == 2);
    for (rounding mode : kModes)
      check_rounded(rc::toString(c), exact, mode,
                    [&] { return mb::mul(fen::from_fen(c.amount), c.r1.get(), c.r2.get(), mode); });
  }
}

// div also refuses a zero count as an input error.
RC_GTEST_PROP(MoneyProperty, DivMatchesOracle, ()) {
  for (int b = 0; b < kBatch; ++b) {
    const div_case c = *div_cases();
    const cpp_rational exact = ratio(c.amount, c.count);
    if (c.tie) RC_ASSERT(bmp::denominator(exact) == 2);
    for (rounding mode : kModes)
      check_rounded(rc::toString(c), exact, mode, [&] { return mb::div(fen::from_fen(c.amount), c.count, mode); });
    RC_ASSERT_THROWS_AS((void)mb::div(fen::from_fen(c.amount), 0, rounding::floor), mb::input_error);
  }
}

// muldiv also refuses a zero denominator as an input error.
RC_GTEST_PROP(MoneyProperty, MulDivMatchesOracle, ()) {
  for (int b = 0; b < kBatch; ++b) {
    const muldiv_case c = *muldiv_cases();
    const cpp_rational exact = ratio(cpp_int(c.amount) * c.num, c.den);
    if (c.tie) RC_ASSERT(bmp::denominator(exact) == 2);
    for (rounding mode : kModes)
      check_rounded(rc::toString(c), exact, mode,
                    [&] { return mb::muldiv(fen::from_fen(c.amount), c.num, c.den, mode); });
    RC_ASSERT_THROWS_AS((void)mb::muldiv(fen::from_fen(c.amount), c.num, 0, rounding::floor), mb::input_error);
  }
}

RC_GTEST_PROP(MoneyProperty, RoundToFenMatchesOracle, ()) {
  for (int b = 0; b < kBatch; ++b) {
    const rational_case c = *rational_cases();
    if (c.tie) RC_ASSERT(bmp::denominator(c.q) == 2);
    for (rounding mode : kModes)
      check_rounded(rc::toString(c), c.q, mode, [&] { return mb::round_to_fen(c.q, mode, "property"); });
  }
}

// ================================================================================================
// 3. apportion over int64, rate and cpp_rational weights. Every generated weight vector is split
//    for a random total and for both ends of int64.
// ================================================================================================
template <class K>
void apportion_matches_oracle() {
  for (int b = 0; b < kApportionBatch; ++b) {
    const std::vector<typename K::weight> w = *weight_vectors<K>();
    check_apportion<K>(*totals(), w);
    check_apportion<K>(kMin, w);
    check_apportion<K>(kMax, w);
  }
}
RC_GTEST_PROP(MoneyProperty, ApportionInt64WeightsMatchesOracle, ()) { apportion_matches_oracle<int64_weights>(); }
RC_GTEST_PROP(MoneyProperty, ApportionRateWeightsMatchesOracle, ()) { apportion_matches_oracle<rate_weights>(); }
RC_GTEST_PROP(MoneyProperty, ApportionRationalWeightsMatchesOracle, ()) {
  apportion_matches_oracle<rational_weights>();
}

template <class K>
void apportion_reorders() {
  for (int b = 0; b < kApportionBatch; ++b) {
    const std::vector<typename K::weight> w = *weight_vectors<K>();
    check_reorder<K>(*totals(), w, *permutations(w.size()));
  }
}
RC_GTEST_PROP(MoneyProperty, ApportionInt64WeightsStableUnderReordering, ()) { apportion_reorders<int64_weights>(); }
RC_GTEST_PROP(MoneyProperty, ApportionRateWeightsStableUnderReordering, ()) { apportion_reorders<rate_weights>(); }
RC_GTEST_PROP(MoneyProperty, ApportionRationalWeightsStableUnderReordering, ()) {
  apportion_reorders<rational_weights>();
}

template <class K>
void apportion_negates() {
  for (int b = 0; b < kApportionBatch; ++b) check_negation<K>(*totals(), *weight_vectors<K>());
}
RC_GTEST_PROP(MoneyProperty, ApportionInt64WeightsNegatedTotal, ()) { apportion_negates<int64_weights>(); }
RC_GTEST_PROP(MoneyProperty, ApportionRateWeightsNegatedTotal, ()) { apportion_negates<rate_weights>(); }
RC_GTEST_PROP(MoneyProperty, ApportionRationalWeightsNegatedTotal, ()) { apportion_negates<rational_weights>(); }

RC_GTEST_PROP(MoneyProperty, ApportionInt64WeightsRejectsZeroSumAndNegative, ()) {
  check_bad_weights<int64_weights>(*totals());
}
RC_GTEST_PROP(MoneyProperty, ApportionRateWeightsRejectsZeroSumAndNegative, ()) {
  check_bad_weights<rate_weights>(*totals());
}
RC_GTEST_PROP(MoneyProperty, ApportionRationalWeightsRejectsZeroSumAndNegative, ()) {
  check_bad_weights<rational_weights>(*totals());
}

// ================================================================================================
// 4. Text round trips and exact rate arithmetic.
// ================================================================================================

// fen::str is "[-]yuan.ff" digit for digit, and fen::parse reads it (and other spellings of the same
// amount: leading zeros, trailing decimal zeros dropped) back to the same int64, for every int64.
RC_GTEST_PROP(MoneyProperty, FenTextRoundTrips, ()) {
  for (int b = 0; b < kBatch; ++b) {
    const std::int64_t v = *int64_any();
    const std::string text = fen::from_fen(v).str();
    RC_ASSERT(text == yuan_text(v));
    RC_ASSERT(fen::parse(text).value() == v);
    std::string other = text;
    other.insert(v < 0 ? 1 : 0, std::string(*uniform<std::size_t>(0, 2), '0'));
    for (int drop = *uniform(0, 2); drop > 0 && other.back() == '0'; --drop) other.pop_back();
    if (other.back() == '.') other.pop_back();
    RC_ASSERT(fen::parse(other).value() == v);
  }
}

// rate::str is the shortest decimal spelling of exactly the rate's value, and rate::parse reads it
// back to an equal rate.
RC_GTEST_PROP(MoneyProperty, RateTextRoundTrips, ()) {
  for (int b = 0; b < kBatch; ++b) {
    const rate_parts p = *rates();
    const rate r = p.get();
    const std::string text = r.str();
    RC_ASSERT(is_shortest_decimal(text));
    RC_ASSERT(decimal_value(text) == std::optional<cpp_rational>(value_of(p)));
    rate back;
    try {
      back = rate::parse(text);
    } catch (const std::exception& e) {
      RC_FAIL("rate::parse(\"" + text + "\") of " + rc::toString(p) + " threw: " + e.what());
    }
    RC_ASSERT(value_of(back) == value_of(p));
    RC_ASSERT(back == r);
  }
}

// rate + − × equal the exact rational result whenever it is a rate (a mantissa in int64 at scale
// ≤ 18 after dropping trailing zeros), and throw overflow_error exactly when it is not. Comparison
// agrees with the rational order.
template <class Op>
void check_rate_op(const char* name, const rate_parts& a, const rate_parts& b, const cpp_rational& exact, Op op) {
  const auto want = as_rate(exact);
  std::string got;
  try {
    const rate r = op(a.get(), b.get());
    if (want && value_of(r) == exact) return;
    got = std::to_string(r.mantissa()) + "e-" + std::to_string(r.scale());
  } catch (const mb::overflow_error& e) {
    if (!want) return;
    got = std::string("overflow_error (") + e.what() + ")";
  } catch (const std::exception& e) {
    got = std::string("exception (") + e.what() + ")";
  }
  RC_FAIL(rc::toString(a) + " " + name + " " + rc::toString(b) + ": exact " + exact.str() + ", expected " +
          (want ? want->first.str() + "e-" + std::to_string(want->second) : std::string("overflow_error")) +
          ", got " + got);
}

RC_GTEST_PROP(MoneyProperty, RateArithmeticMatchesOracle, ()) {
  for (int b = 0; b < kBatch; ++b) {
    const rate_parts x = *rates();
    const rate_parts y = *rc::gen::weightedOneOf<rate_parts>({{3, rates()}, {1, respelled(x)}});  // equal values too
    const cpp_rational vx = value_of(x);
    const cpp_rational vy = value_of(y);
    check_rate_op("+", x, y, vx + vy, [](rate l, rate r) { return l + r; });
    check_rate_op("-", x, y, vx - vy, [](rate l, rate r) { return l - r; });
    check_rate_op("×", x, y, vx * vy, [](rate l, rate r) { return l * r; });
    RC_ASSERT((x.get() == y.get()) == (vx == vy));
    RC_ASSERT((x.get() < y.get()) == (vx < vy));
    RC_ASSERT((x.get() > y.get()) == (vx > vy));
  }
}
