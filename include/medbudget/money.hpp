// medbudget/money.hpp — exact money: whole fen, exact decimal rates, named rounding, apportionment.
//
// Money is `fen`: a whole number of fen (0.01 yuan) in a signed 64-bit integer. Rates are `rate`: an
// exact decimal (mantissa × 10^-scale), never a binary floating-point number. Every product is computed
// exactly (128-bit or multiprecision intermediates) and rounded once, by a rounding mode named at the
// call. Overflow at any step is an `overflow_error` naming the operation, never a wrapped value.
//
//   using namespace medbudget;
//   fen x = fen::parse("145450289.54");
//   fen k = mul(x, rate::parse("0.05"), rounding::half_away_from_zero);   // 7272514.48
//   std::vector<fen> months = apportion(fen::parse("296888888.82"), std::vector<std::int64_t>(12, 1));
//
// `fen + rate` does not compile: money and rates only meet through the named functions below.
#pragma once

#include <array>        // array
#include <compare>      // strong_ordering
#include <cstdint>      // int64_t
#include <span>         // span
#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include <boost/multiprecision/cpp_int.hpp>  // cpp_int, cpp_rational

#include "medbudget/error.hpp"

namespace medbudget {

__extension__ typedef __int128 int128;  // GCC and Clang; exact 128-bit intermediates
using boost::multiprecision::cpp_int;
using boost::multiprecision::cpp_rational;

// How an exact quotient becomes whole fen.
enum class rounding {
  half_away_from_zero,  // 四舍五入: x.5 goes away from zero (the default of every notice)
  half_even,            // GB/T 8170 四舍六入五成双: x.5 goes to the even neighbour
  floor,                // toward −∞
  ceiling,              // toward +∞
  toward_zero,          // truncation
};

[[nodiscard]] std::string_view to_string(rounding mode) noexcept;
// Parses `half_away_from_zero`, `half_even`, `floor`, `ceiling`, `toward_zero`; else input_error.
[[nodiscard]] rounding parse_rounding(std::string_view text);

namespace detail {

[[noreturn]] void throw_overflow(const char* operation);

// n / d rounded by `mode`, for d > 0 and I a signed integer type (int128 or cpp_int). Exact: the
// remainder is compared with d through 2|r|, which for int128 cannot overflow as long as d < 2^126
// (no caller divides by more than 10^36).
template <class I>
[[nodiscard]] constexpr I round_quotient(const I& n, const I& d, rounding mode) {
  const I q = n / d;  // toward zero
  const I r = n - q * d;
  if (r == 0) return q;
  const I sign = n < 0 ? I(-1) : I(1);
  const I twice_r = (r < 0 ? I(-r) : r) * 2;
  switch (mode) {
    case rounding::toward_zero: return q;
    case rounding::floor: return n < 0 ? I(q - 1) : q;
    case rounding::ceiling: return n > 0 ? I(q + 1) : q;
    case rounding::half_away_from_zero: return twice_r >= d ? I(q + sign) : q;
    case rounding::half_even: return (twice_r > d || (twice_r == d && q % 2 != 0)) ? I(q + sign) : q;
  }
  return q;
}

// n / d rounded by `mode`; d != 0.
[[nodiscard]] constexpr int128 round_div(int128 n, int128 d, rounding mode) {
  return d < 0 ? round_quotient<int128>(-n, -d, mode) : round_quotient<int128>(n, d, mode);
}

inline constexpr std::array<int128, 37> pow10 = [] {
  std::array<int128, 37> p{};
  p[0] = 1;
  for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}();

[[nodiscard]] std::int64_t narrow_checked(int128 v, const char* operation);
// Rounds an exact rational to an integer by `mode`.
[[nodiscard]] cpp_int round_rational(const cpp_rational& q, rounding mode);

}  // namespace detail

// A whole number of fen. Built only through named factories; arithmetic is checked.
class fen {
 public:
  constexpr fen() noexcept = default;  // zero
  [[nodiscard]] static constexpr fen from_fen(std::int64_t count) noexcept { return fen(count); }
  // Exact parse of yuan text: "1234.5", "-0.05", "12". Throws input_error saying what is wrong
  // (empty, a stray character, more than two decimals, out of range).
  [[nodiscard]] static fen parse(std::string_view yuan_text);
  [[nodiscard]] constexpr std::int64_t value() const noexcept { return v_; }
  // Exactly two decimals, leading '-' for negatives: "1234.50", "-0.05".
  [[nodiscard]] std::string str() const;

  friend constexpr auto operator<=>(fen, fen) noexcept = default;
  friend fen operator+(fen a, fen b) {
    std::int64_t r = 0;
    if (__builtin_add_overflow(a.v_, b.v_, &r)) detail::throw_overflow("fen + fen");
    return fen(r);
  }
  friend fen operator-(fen a, fen b) {
    std::int64_t r = 0;
    if (__builtin_sub_overflow(a.v_, b.v_, &r)) detail::throw_overflow("fen - fen");
    return fen(r);
  }
  friend fen operator-(fen a) { return fen{} - a; }
  fen& operator+=(fen b) { return *this = *this + b; }
  fen& operator-=(fen b) { return *this = *this - b; }
  // fen × count: exact, no rounding needed.
  friend fen operator*(fen a, std::int64_t count) {
    std::int64_t r = 0;
    if (__builtin_mul_overflow(a.v_, count, &r)) detail::throw_overflow("fen × count");
    return fen(r);
  }

 private:
  constexpr explicit fen(std::int64_t v) noexcept : v_(v) {}
  std::int64_t v_ = 0;
};

// An exact decimal: mantissa × 10^-scale, scale 0..18, mantissa a signed 64-bit integer.
// "0.05", "-0.02", "1.013", "92.5", "1". Comparison is by value ("0.50" == "0.5").
class rate {
 public:
  static constexpr int max_scale = 18;
  constexpr rate() noexcept = default;  // zero
  [[nodiscard]] static rate parse(std::string_view text);
  [[nodiscard]] static constexpr rate from_integer(std::int64_t v) noexcept { return rate(v, 0); }
  // mantissa × 10^-scale; scale must be 0..18.
  [[nodiscard]] static rate from_parts(std::int64_t mantissa, int scale);
  [[nodiscard]] constexpr std::int64_t mantissa() const noexcept { return m_; }
  [[nodiscard]] constexpr int scale() const noexcept { return s_; }
  // Shortest exact decimal text: "0.05", "-0.02", "1", "92.5".
  [[nodiscard]] std::string str() const;
  // As a percentage, exact: "5%", "1.3%", "-2%".
  [[nodiscard]] std::string percent() const;
  [[nodiscard]] cpp_rational to_rational() const;

  friend bool operator==(rate a, rate b) noexcept { return compare(a, b) == 0; }
  friend std::strong_ordering operator<=>(rate a, rate b) noexcept { return compare(a, b) <=> 0; }
  // Exact sums and products; throw overflow_error when the exact result is not representable.
  friend rate operator+(rate a, rate b);
  friend rate operator-(rate a, rate b);
  friend rate operator*(rate a, rate b);

 private:
  constexpr rate(std::int64_t m, int s) noexcept : m_(m), s_(s) {}
  static int compare(rate a, rate b) noexcept;
  std::int64_t m_ = 0;
  int s_ = 0;
};

// ---- products, each rounded once by a named mode ------------------------------------------------

namespace detail {

__extension__ typedef unsigned __int128 uint128;

// Division of a dividend below 2^63 by 10^k (k = 0..18) as one multiply by a reciprocal: with
// l = ⌈log2 10^k⌉ and m = ⌈2^(63+l) / 10^k⌉ (< 2^64), ⌊n·m / 2^(63+l)⌋ = ⌊n / 10^k⌋ for every
// n < 2^63 (Granlund & Montgomery, "Division by invariant integers using multiplication", 1994).
struct reciprocal {
  std::uint64_t divisor;
  std::uint64_t multiplier;
  int shift;
};

inline constexpr std::array<reciprocal, 19> pow10_reciprocals = [] {
  std::array<reciprocal, 19> t{};
  for (std::size_t k = 0; k < t.size(); ++k) {
    const auto d = static_cast<std::uint64_t>(pow10[k]);
    int l = 0;
    while ((std::uint64_t{1} << l) < d) ++l;
    const uint128 num = uint128{1} << (63 + l);
    t[k] = {d, static_cast<std::uint64_t>((num + d - 1) / d), 63 + l};
  }
  return t;
}();

// Rounds the magnitude q + rem/d of a quotient whose sign is `negative`, by `mode`.
[[nodiscard]] constexpr std::uint64_t round_magnitude(std::uint64_t q, std::uint64_t rem, std::uint64_t d,
                                                      bool negative, rounding mode) {
  if (rem == 0) return q;
  switch (mode) {
    case rounding::toward_zero: return q;
    case rounding::floor: return negative ? q + 1 : q;
    case rounding::ceiling: return negative ? q : q + 1;
    case rounding::half_away_from_zero: return rem >= d - rem ? q + 1 : q;
    case rounding::half_even: return (rem > d - rem || (rem == d - rem && (q & 1) != 0)) ? q + 1 : q;
  }
  return q;
}

[[nodiscard]] fen mul_wide(fen amount, rate r, rounding mode);

}  // namespace detail

// amount × r, rounded once. When |amount × mantissa| < 2^63 (every realistic amount and rate), the
// quotient is one multiply by a tabulated reciprocal; otherwise 128-bit division.
[[nodiscard]] inline fen mul(fen amount, rate r, rounding mode) {
  const std::int64_t x = amount.value();
  const std::int64_t y = r.mantissa();
  const auto sx = static_cast<std::uint64_t>(x >> 63);  // all ones when negative
  const auto sy = static_cast<std::uint64_t>(y >> 63);
  const detail::uint128 magnitude = static_cast<detail::uint128>((static_cast<std::uint64_t>(x) ^ sx) - sx) *
                                    ((static_cast<std::uint64_t>(y) ^ sy) - sy);
  if ((magnitude >> 63) != 0) [[unlikely]]
    return detail::mul_wide(amount, r, mode);
  const detail::reciprocal& rc = detail::pow10_reciprocals[static_cast<std::size_t>(r.scale())];
  const auto n = static_cast<std::uint64_t>(magnitude);
  const auto q = static_cast<std::uint64_t>((static_cast<detail::uint128>(n) * rc.multiplier) >> rc.shift);
  const std::uint64_t negative = sx ^ sy;
  const std::uint64_t m = detail::round_magnitude(q, n - q * rc.divisor, rc.divisor, negative != 0, mode);
  return fen::from_fen(static_cast<std::int64_t>((m ^ negative) - negative));  // m < 2^63: fits
}
// amount × r1 × r2, rounded once (the product of the rates is not rounded).
[[nodiscard]] fen mul(fen amount, rate r1, rate r2, rounding mode);
// amount ÷ count, rounded once; count != 0.
[[nodiscard]] fen div(fen amount, std::int64_t count, rounding mode);
// amount × num ÷ den, rounded once; den != 0.
[[nodiscard]] fen muldiv(fen amount, std::int64_t num, std::int64_t den, rounding mode);
// An exact quantity of fen (a rational) rounded once; `what` names it in an overflow error.
[[nodiscard]] fen round_to_fen(const cpp_rational& exact_fen, rounding mode, const char* what);
// Exact value of an amount, in fen, as a rational.
[[nodiscard]] inline cpp_rational exact(fen amount) { return cpp_rational(amount.value()); }

// ---- apportionment (largest remainder) ----------------------------------------------------------
// Splits `total` among parts in proportion to `weights`: each part is within one fen of its exact
// share, the parts sum exactly to `total`, the left-over fen go one each to the largest fractional
// parts (ties to the earlier part), a zero weight gets zero. A negative total is split as its
// magnitude and negated. Negative weights, or weights summing to zero or less, are an input_error.
[[nodiscard]] std::vector<fen> apportion(fen total, std::span<const std::int64_t> weights);
[[nodiscard]] std::vector<fen> apportion(fen total, std::span<const rate> weights);
[[nodiscard]] std::vector<fen> apportion(fen total, std::span<const cpp_rational> weights);

}  // namespace medbudget
