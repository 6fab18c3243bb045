// Amounts in Chinese capital numerals (medbudget/capital_amount.hpp): integer arithmetic on the
// magnitude in uint64, so INT64_MIN needs no special case.
#include "medbudget/capital_amount.hpp"

#include <array>        // array
#include <cstddef>      // size_t
#include <cstdint>      // int64_t, uint64_t
#include <string_view>  // string_view

namespace medbudget {

namespace {

constexpr std::array<std::string_view, 10> digit_names{"零", "壹", "贰", "叁", "肆",
                                                       "伍", "陆", "柒", "捌", "玖"};
constexpr std::array<std::string_view, 4> place_names{"", "拾", "佰", "仟"};

struct large_unit {
  std::uint64_t size;
  std::string_view name;
};
// Largest first; the count in front of each is read with the units after it.
constexpr std::array<large_unit, 3> large_units{{
    {.size = 10'000'000'000'000'000, .name = "亿亿"},
    {.size = 100'000'000, .name = "亿"},
    {.size = 10'000, .name = "万"},
}};

// One group, 1 ≤ n ≤ 9999: trailing zeros unwritten, one 零 for a run of zeros inside.
void append_group(std::string& out, std::uint64_t n) {
  bool started = false;
  bool zero_pending = false;
  std::uint64_t place_value = 1000;
  for (std::size_t place = 4; place-- > 0; place_value /= 10) {
    const std::uint64_t d = n / place_value % 10;
    if (d == 0) {
      zero_pending = started;
      continue;
    }
    if (zero_pending) out += digit_names[0];
    zero_pending = false;
    out += digit_names[d];
    out += place_names[place];
    started = true;
  }
}

// n ≥ 1, read with large_units[first..] and the group places.
void append_count(std::string& out, std::uint64_t n, std::size_t first) {
  for (std::size_t k = first; k < large_units.size(); ++k) {
    const large_unit& u = large_units[k];
    if (n < u.size) continue;
    append_count(out, n / u.size, k + 1);
    out += u.name;
    n %= u.size;
    if (n == 0) return;
    if (n < u.size / 10) out += digit_names[0];  // the part below the unit starts with a zero
  }
  append_group(out, n);
}

}  // namespace

std::string capital_amount(fen amount) {
  const std::int64_t v = amount.value();
  const bool negative = v < 0;
  // Two's complement negation in uint64: exact for every int64, INT64_MIN included.
  const auto bits = static_cast<std::uint64_t>(v);
  const std::uint64_t magnitude = negative ? std::uint64_t{0} - bits : bits;
  if (magnitude == 0) return "零元整";

  const std::uint64_t yuan = magnitude / 100;
  const std::uint64_t jiao = magnitude / 10 % 10;
  const std::uint64_t fen_digit = magnitude % 10;

  std::string out;
  out.reserve(128);  // at most 40 characters (负, 17 yuan digits with units, 元, 角, 分), 3 bytes each
  if (negative) out += "负";
  if (yuan != 0) {
    append_count(out, yuan, 0);
    out += "元";
  }
  if (jiao == 0 && fen_digit == 0) {
    out += "整";
    return out;
  }
  if (jiao != 0) {
    out += digit_names[jiao];
    out += "角";
  } else if (yuan != 0) {
    out += digit_names[0];
  }
  if (fen_digit != 0) {
    out += digit_names[fen_digit];
    out += "分";
  }
  return out;
}

}  // namespace medbudget
