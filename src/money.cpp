// Exact money arithmetic: parsing, formatting, checked products and largest-remainder apportionment.
#include "medbudget/money.hpp"

#include <algorithm>  // sort, stable_sort
#include <limits>     // numeric_limits
#include <numeric>    // iota

namespace medbudget {

namespace {

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

// Digits "d+" with optional "." and up to `max_decimals` digits, optional leading '-'. Returns the
// mantissa (scaled to `scale_out` decimals as written) or throws input_error naming the fault.
struct decimal_text {
  bool negative = false;
  std::string_view int_digits;
  std::string_view frac_digits;
};

decimal_text split_decimal(std::string_view text, const char* what) {
  if (text.empty()) throw input_error("", std::string("empty text where ") + what + " was expected");
  decimal_text d;
  std::size_t i = 0;
  if (text[0] == '-') {
    d.negative = true;
    i = 1;
  }
  const std::size_t int_start = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  d.int_digits = text.substr(int_start, i - int_start);
  if (i < text.size() && text[i] == '.') {
    const std::size_t frac_start = ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    d.frac_digits = text.substr(frac_start, i - frac_start);
    if (d.frac_digits.empty())
      throw input_error("", std::string("\"") + std::string(text) + "\" is not " + what +
                                ": no digit after the decimal point");
  }
  if (i < text.size()) {
    const bool exponent = text[i] == 'e' || text[i] == 'E';
    throw input_error("", std::string("\"") + std::string(text) + "\" is not " + what + ": " +
                              (exponent ? std::string("exponent notation is not accepted")
                                        : "unexpected character at position " + std::to_string(i + 1)));
  }
  if (d.int_digits.empty())
    throw input_error("", std::string("\"") + std::string(text) + "\" is not " + what +
                              ": no digit before the decimal point");
  return d;
}

// Accumulates decimal digits into an int128, failing once past int64 range.
bool accumulate(int128& acc, std::string_view digits) {
  for (char c : digits) {
    acc = acc * 10 + (c - '0');
    if (acc > static_cast<int128>(int64_max) + 1) return false;
  }
  return true;
}

std::string digits_of(int128 v) {
  if (v == 0) return "0";
  std::string s;
  while (v > 0) {
    s.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  return {s.rbegin(), s.rend()};
}

// Largest remainder over non-negative integer weights of type I (int128 or cpp_int).
template <class I>
std::vector<fen> apportion_integers(fen total, const std::vector<I>& weights) {
  I sum = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] < 0)
      throw input_error("", "apportionment weight " + std::to_string(i + 1) + " is negative");
    sum += weights[i];
  }
  if (sum <= 0) throw input_error("", "apportionment weights sum to zero");
  const bool negative = total.value() < 0;
  const I magnitude = negative ? -I(total.value()) : I(total.value());
  std::vector<I> parts(weights.size());
  std::vector<I> remainders(weights.size());
  I given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const I n = magnitude * weights[i];
    const I q = n / sum;  // non-negative: floor
    remainders[i] = n - q * sum;
    parts[i] = q;
    given += q;
  }
  I left = magnitude - given;  // < number of parts with a non-zero remainder
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return remainders[a] > remainders[b];  // stable: ties keep input order (earlier first)
  });
  for (std::size_t k = 0; left > 0; ++k, --left) {
    ensure(k < order.size() && remainders[order[k]] > 0, "apportionment left-over exceeds parts");
    ++parts[order[k]];
  }
  std::vector<fen> out;
  out.reserve(parts.size());
  I check = 0;
  for (const I& p : parts) {
    const I signed_part = negative ? I(-p) : p;  // |part| ≤ |total|: fits in 64 bits
    out.push_back(fen::from_fen(static_cast<std::int64_t>(signed_part)));
    check += signed_part;
  }
  ensure(check == I(total.value()), "apportionment does not sum to its total");
  return out;
}

}  // namespace

namespace detail {

void throw_overflow(const char* operation) { throw overflow_error(operation); }

std::int64_t narrow_checked(int128 v, const char* operation) {
  if (v > int64_max || v < std::numeric_limits<std::int64_t>::min()) throw_overflow(operation);
  return static_cast<std::int64_t>(v);
}

cpp_int round_rational(const cpp_rational& q, rounding mode) {
  return round_quotient<cpp_int>(boost::multiprecision::numerator(q), boost::multiprecision::denominator(q), mode);
}

}  // namespace detail

std::string_view to_string(rounding mode) noexcept {
  switch (mode) {
    case rounding::half_away_from_zero: return "half_away_from_zero";
    case rounding::half_even: return "half_even";
    case rounding::floor: return "floor";
    case rounding::ceiling: return "ceiling";
    case rounding::toward_zero: return "toward_zero";
  }
  return "half_away_from_zero";
}

rounding parse_rounding(std::string_view text) {
  for (rounding m : {rounding::half_away_from_zero, rounding::half_even, rounding::floor,
                     rounding::ceiling, rounding::toward_zero})
    if (to_string(m) == text) return m;
  throw input_error("", "unknown rounding mode \"" + std::string(text) +
                            "\" (expected half_away_from_zero, half_even, floor, ceiling or toward_zero)");
}

// ---- fen ----------------------------------------------------------------------------------------

fen fen::parse(std::string_view text) {
  const decimal_text d = split_decimal(text, "an amount in yuan");
  if (d.frac_digits.size() > 2)
    throw input_error("", "\"" + std::string(text) + "\" has more than two decimals (amounts are whole fen)");
  int128 acc = 0;
  std::string frac(d.frac_digits);
  frac.resize(2, '0');
  if (!accumulate(acc, d.int_digits) || !accumulate(acc, frac))
    throw input_error("", "\"" + std::string(text) + "\" is out of range for an amount");
  if (d.negative) acc = -acc;
  if (acc > int64_max || acc < std::numeric_limits<std::int64_t>::min())
    throw input_error("", "\"" + std::string(text) + "\" is out of range for an amount");
  return fen(static_cast<std::int64_t>(acc));
}

std::string fen::str() const {
  int128 v = v_;
  const bool negative = v < 0;
  if (negative) v = -v;
  std::string s = digits_of(v / 100);
  const int cents = static_cast<int>(v % 100);
  s.push_back('.');
  s.push_back(static_cast<char>('0' + cents / 10));
  s.push_back(static_cast<char>('0' + cents % 10));
  if (negative) s.insert(s.begin(), '-');
  return s;
}

// ---- rate ---------------------------------------------------------------------------------------

rate rate::parse(std::string_view text) {
  const decimal_text d = split_decimal(text, "a decimal rate");
  if (d.frac_digits.size() > static_cast<std::size_t>(max_scale))
    throw input_error("", "\"" + std::string(text) + "\" has more than " + std::to_string(max_scale) +
                              " decimals");
  int128 acc = 0;
  const int128 limit = static_cast<int128>(int64_max) + (d.negative ? 1 : 0);
  if (!accumulate(acc, d.int_digits) || !accumulate(acc, d.frac_digits) || acc > limit)
    throw input_error("", "\"" + std::string(text) + "\" is out of range for a rate");
  return {static_cast<std::int64_t>(d.negative ? -acc : acc), static_cast<int>(d.frac_digits.size())};
}

rate rate::from_parts(std::int64_t mantissa, int scale) {
  if (scale < 0 || scale > max_scale) throw overflow_error("rate scale");
  return {mantissa, scale};
}

std::string rate::str() const {
  int128 m = m_;
  int s = s_;
  while (s > 0 && m % 10 == 0) {
    m /= 10;
    --s;
  }
  const bool negative = m < 0;
  if (negative) m = -m;
  std::string digits = digits_of(m);
  const auto scale = static_cast<std::size_t>(s);
  if (digits.size() <= scale) digits = std::string(scale + 1 - digits.size(), '0').append(digits);
  std::string out(negative ? "-" : "");
  out.append(digits, 0, digits.size() - scale);
  if (scale > 0) out.append(".").append(digits, digits.size() - scale, scale);
  return out;
}

std::string rate::percent() const {
  // ×100 exactly: shift the scale by two.
  if (s_ >= 2) return rate(m_, s_ - 2).str() + "%";
  return rate(static_cast<std::int64_t>(detail::narrow_checked(
                  static_cast<int128>(m_) * static_cast<int128>(detail::pow10[2 - s_]), "rate × 100")),
              0)
             .str() +
         "%";
}

cpp_rational rate::to_rational() const {
  return cpp_rational(cpp_int(m_), cpp_int(static_cast<std::int64_t>(detail::pow10[s_])));
}

int rate::compare(rate a, rate b) noexcept {
  // Bring both to the larger scale: |m| < 2^63, 10^18 < 2^60, product < 2^123.
  const int s = std::max(a.s_, b.s_);
  const int128 x = static_cast<int128>(a.m_) * detail::pow10[s - a.s_];
  const int128 y = static_cast<int128>(b.m_) * detail::pow10[s - b.s_];
  return x < y ? -1 : (x > y ? 1 : 0);
}

namespace {
rate normalized(int128 m, int s, const char* operation) {
  while (s > rate::max_scale || m > int64_max || m < std::numeric_limits<std::int64_t>::min()) {
    if (s == 0 || m % 10 != 0) throw overflow_error(operation);
    m /= 10;
    --s;
  }
  return rate::from_parts(static_cast<std::int64_t>(m), s);
}
}  // namespace

rate operator+(rate a, rate b) {
  const int s = std::max(a.s_, b.s_);
  return normalized(static_cast<int128>(a.m_) * detail::pow10[s - a.s_] +
                        static_cast<int128>(b.m_) * detail::pow10[s - b.s_],
                    s, "rate + rate");
}

rate operator-(rate a, rate b) {
  const int s = std::max(a.s_, b.s_);
  return normalized(static_cast<int128>(a.m_) * detail::pow10[s - a.s_] -
                        static_cast<int128>(b.m_) * detail::pow10[s - b.s_],
                    s, "rate - rate");
}

rate operator*(rate a, rate b) {
  return normalized(static_cast<int128>(a.m_) * b.m_, a.s_ + b.s_, "rate × rate");
}

// ---- products -----------------------------------------------------------------------------------

fen detail::mul_wide(fen amount, rate r, rounding mode) {
  const int128 n = static_cast<int128>(amount.value()) * r.mantissa();  // |n| < 2^126: no overflow
  return fen::from_fen(narrow_checked(round_div(n, pow10[r.scale()], mode), "fen × rate"));
}

fen mul(fen amount, rate r1, rate r2, rounding mode) {
  int128 n = 0;
  const int128 m12 = static_cast<int128>(r1.mantissa()) * r2.mantissa();  // < 2^126
  if (!__builtin_mul_overflow(static_cast<int128>(amount.value()), m12, &n))
    return fen::from_fen(detail::narrow_checked(
        detail::round_div(n, detail::pow10[r1.scale() + r2.scale()], mode), "fen × rate × rate"));
  return round_to_fen(exact(amount) * r1.to_rational() * r2.to_rational(), mode, "fen × rate × rate");
}

fen div(fen amount, std::int64_t count, rounding mode) {
  if (count == 0) throw input_error("", "division of an amount by a count of zero");
  return fen::from_fen(detail::narrow_checked(detail::round_div(amount.value(), count, mode), "fen ÷ count"));
}

fen muldiv(fen amount, std::int64_t num, std::int64_t den, rounding mode) {
  if (den == 0) throw input_error("", "division of an amount by zero");
  return fen::from_fen(detail::narrow_checked(
      detail::round_div(static_cast<int128>(amount.value()) * num, den, mode), "fen × a ÷ b"));
}

fen round_to_fen(const cpp_rational& exact_fen, rounding mode, const char* what) {
  const cpp_int v = detail::round_rational(exact_fen, mode);
  if (v > int64_max || v < std::numeric_limits<std::int64_t>::min()) throw overflow_error(what);
  return fen::from_fen(static_cast<std::int64_t>(v));
}

// ---- apportionment ------------------------------------------------------------------------------

std::vector<fen> apportion(fen total, std::span<const std::int64_t> weights) {
  // |total| × w < 2^126, and the weights' sum cannot reach 2^127.
  return apportion_integers<int128>(total, std::vector<int128>(weights.begin(), weights.end()));
}

std::vector<fen> apportion(fen total, std::span<const rate> weights) {
  int scale = 0;
  for (rate r : weights) scale = std::max(scale, r.scale());
  std::vector<cpp_int> w;
  w.reserve(weights.size());
  for (rate r : weights)
    w.push_back(cpp_int(r.mantissa()) * cpp_int(static_cast<std::int64_t>(detail::pow10[scale - r.scale()])));
  return apportion_integers<cpp_int>(total, w);
}

std::vector<fen> apportion(fen total, std::span<const cpp_rational> weights) {
  // Common denominator: the weights become integers with the same ratios.
  cpp_int lcm = 1;
  for (const cpp_rational& q : weights) lcm = boost::multiprecision::lcm(lcm, boost::multiprecision::denominator(q));
  std::vector<cpp_int> w;
  w.reserve(weights.size());
  for (const cpp_rational& q : weights)
    w.push_back(boost::multiprecision::numerator(q) * (lcm / boost::multiprecision::denominator(q)));
  return apportion_integers<cpp_int>(total, w);
}

}  // namespace medbudget
