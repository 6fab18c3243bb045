// Hand-worked figures for medbudget/capital_amount.hpp. Every expected string was written from the
// rules in the header, not from the function's output; the grouping is shown where it is not obvious
// (yuan digits in fours from the right, "|" between groups).
#include "medbudget/capital_amount.hpp"

#include <gtest/gtest.h>

#include <cstddef>      // size_t
#include <cstdint>      // int64_t, uint64_t
#include <limits>       // numeric_limits
#include <optional>     // optional, nullopt
#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

namespace mb = medbudget;
using mb::fen;

namespace {

std::string C(const char* yuan) { return mb::capital_amount(fen::parse(yuan)); }

TEST(CapitalAmount, BelowOneYuan) {
  EXPECT_EQ(C("0"), "零元整");
  EXPECT_EQ(C("0.05"), "伍分");  // no 零元, no 元
  EXPECT_EQ(C("0.50"), "伍角");  // no 整 after 角
  EXPECT_EQ(C("0.55"), "伍角伍分");
  EXPECT_EQ(C("0.01"), "壹分");
}

TEST(CapitalAmount, JiaoAndFen) {
  EXPECT_EQ(C("1.00"), "壹元整");
  EXPECT_EQ(C("1.05"), "壹元零伍分");  // 角 zero, yuan non-zero: 零 between 元 and 分
  EXPECT_EQ(C("10.00"), "壹拾元整");   // ten is 壹拾
  EXPECT_EQ(C("10.10"), "壹拾元壹角");
  EXPECT_EQ(C("10.01"), "壹拾元零壹分");
  EXPECT_EQ(C("100.05"), "壹佰元零伍分");
  EXPECT_EQ(C("100.50"), "壹佰元伍角");
  // 1680: 1 仟, 6 佰, 8 拾, trailing 0 unwritten; 角 non-zero so no 零 after 元.
  EXPECT_EQ(C("1680.32"), "壹仟陆佰捌拾元叁角贰分");
}

TEST(CapitalAmount, ZerosInsideAGroup) {
  EXPECT_EQ(C("1010.00"), "壹仟零壹拾元整");  // 1 0 1 0: one 零 for the 佰 zero, trailing zero unwritten
  EXPECT_EQ(C("1001"), "壹仟零壹元整");       // two zeros, one 零
  EXPECT_EQ(C("110"), "壹佰壹拾元整");
}

TEST(CapitalAmount, ZerosAcrossWan) {
  EXPECT_EQ(C("10001.00"), "壹万零壹元整");     // 1|0001
  EXPECT_EQ(C("10100"), "壹万零壹佰元整");      // 1|0100: the lower group's 仟 is zero
  EXPECT_EQ(C("100100.00"), "壹拾万零壹佰元整");  // 10|0100
  EXPECT_EQ(C("107000.53"), "壹拾万柒仟元伍角叁分");  // 10|7000: the lower group starts non-zero
  EXPECT_EQ(C("110000"), "壹拾壹万元整");       // 11|0000
  EXPECT_EQ(C("1000000.00"), "壹佰万元整");     // 100|0000
  EXPECT_EQ(C("1000100.00"), "壹佰万零壹佰元整");  // 100|0100
  EXPECT_EQ(C("10001000"), "壹仟万壹仟元整");   // 1000|1000: zeros ending a group get no 零
  EXPECT_EQ(C("10100000"), "壹仟零壹拾万元整");  // 1010|0000
}

TEST(CapitalAmount, ZerosAcrossYi) {
  EXPECT_EQ(C("100000000.01"), "壹亿元零壹分");       // 1|0000|0000
  EXPECT_EQ(C("100000001"), "壹亿零壹元整");          // 1|0000|0001: one 零 for the whole run
  EXPECT_EQ(C("101000000.00"), "壹亿零壹佰万元整");   // 1|0100|0000
  EXPECT_EQ(C("100001000"), "壹亿零壹仟元整");        // 1|0000|1000: the 万 group is all zero
  EXPECT_EQ(C("110000000"), "壹亿壹仟万元整");        // 1|1000|0000
  EXPECT_EQ(C("1000000000"), "壹拾亿元整");           // 10|0000|0000
  // 1|2345|6789
  EXPECT_EQ(C("123456789.00"), "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整");
}

TEST(CapitalAmount, CountOfYiReadWithWan) {
  // 1|0000|0000|0000: 10000 亿, the count 10000 read as 壹万.
  EXPECT_EQ(C("1000000000000.00"), "壹万亿元整");
  // 1234|5678|9012 .34: 1234 亿, 5678 万, 9012 (9 仟, 0 佰 → 零, 1 拾, 2).
  EXPECT_EQ(C("123456789012.34"), "壹仟贰佰叁拾肆亿伍仟陆佰柒拾捌万玖仟零壹拾贰元叁角肆分");
  // 1|2345|0000|0000: the count 1,2345 of 亿 is 壹万贰仟叁佰肆拾伍.
  EXPECT_EQ(C("1234500000000"), "壹万贰仟叁佰肆拾伍亿元整");
  // 1|0001|0000|0000: the count 1,0001 is 壹万零壹.
  EXPECT_EQ(C("1000100000000"), "壹万零壹亿元整");
  // 1|0000|0000|0001: 壹万亿, then a part below 亿 of 1 (starts with zeros: 零).
  EXPECT_EQ(C("1000000000001"), "壹万亿零壹元整");
}

TEST(CapitalAmount, YiYi) {
  // 1|0000|0000|0000|0000 yuan = 10^18 fen, within int64.
  EXPECT_EQ(C("10000000000000000"), "壹亿亿元整");
  // 10^16 + 10^8: 1 亿亿, then the part 0000|0001|0000|0000 starting with zeros: 零壹亿.
  EXPECT_EQ(C("10000000100000000"), "壹亿亿零壹亿元整");
  // 10^16 + 10^12: 1 亿亿, then 0001|0000|0000|0000 = 壹万亿 after 零.
  EXPECT_EQ(C("10001000000000000"), "壹亿亿零壹万亿元整");
  // 2×10^16 + 3×10^8: 贰亿亿零叁亿 — not 贰亿零叁亿, which would read as 5亿.
  EXPECT_EQ(C("20000000300000000"), "贰亿亿零叁亿元整");
}

TEST(CapitalAmount, Negative) {
  EXPECT_EQ(C("-12.30"), "负壹拾贰元叁角");
  EXPECT_EQ(C("-0.01"), "负壹分");
  EXPECT_EQ(C("-100.05"), "负壹佰元零伍分");
}

// INT64_MAX fen = 9223372036854775807 fen = 92233720368547758.07 yuan.
// Yuan 9|2233|7203|6854|7758:
//   92233720368547758 = 9 × 10^16 + 2233720368547758     → 玖亿亿; the rest ≥ 10^15, so no 零
//   2233720368547758  = 22337203 × 10^8 + 68547758       → the count 2233|7203 of 亿:
//     2233 → 贰仟贰佰叁拾叁 万; 7203 → 柒仟贰佰 (0 拾: 零) 叁        → 贰仟贰佰叁拾叁万柒仟贰佰零叁亿
//   68547758 ≥ 10^7, so no 零: 6854 万 7758                → 陆仟捌佰伍拾肆万柒仟柒佰伍拾捌
//   元; .07: 角 zero, 分 7, yuan non-zero                  → 元零柒分
TEST(CapitalAmount, Int64Max) {
  EXPECT_EQ(mb::capital_amount(fen::from_fen(std::numeric_limits<std::int64_t>::max())),
            "玖亿亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分");
}

// INT64_MIN fen = −9223372036854775808 fen: the magnitude is one more fen than INT64_MAX, so the
// same yuan and .08.
TEST(CapitalAmount, Int64Min) {
  EXPECT_EQ(mb::capital_amount(fen::from_fen(std::numeric_limits<std::int64_t>::min())),
            "负玖亿亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零捌分");
  EXPECT_EQ(mb::capital_amount(fen::from_fen(std::numeric_limits<std::int64_t>::min() + 1)),
            "负玖亿亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分");
}

// ---- the reading has one value: a reader written here from the rules gives the amount back ------
//
// Each unit covers what stands before it back to the previous larger unit (拾佰仟 a digit each; 万,
// 亿, 亿亿 everything smaller before them); 零 and 整 carry no value. nullopt for a character that is
// none of these.

struct term {
  std::uint64_t value;
  std::uint64_t unit;
};

std::optional<std::int64_t> read_back(std::string_view s) {
  // Every character here is 3 bytes in UTF-8.
  std::vector<std::string_view> t;
  for (std::size_t i = 0; i + 3 <= s.size(); i += 3) t.push_back(s.substr(i, 3));
  if (t.size() * 3 != s.size()) return std::nullopt;
  constexpr std::string_view digits[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
  bool negative = false;
  std::uint64_t digit = 0;
  std::uint64_t yuan = 0;
  std::uint64_t small = 0;  // 角 and 分, in fen
  std::vector<term> terms;
  const auto sum_below = [&](std::uint64_t unit) {
    std::uint64_t s2 = digit;
    digit = 0;
    while (!terms.empty() && terms.back().unit < unit) {
      s2 += terms.back().value;
      terms.pop_back();
    }
    return s2;
  };
  for (std::size_t i = 0; i < t.size(); ++i) {
    bool is_digit = false;
    for (std::uint64_t d = 1; d < 10; ++d)
      if (t[i] == digits[d]) {
        digit = d;
        is_digit = true;
      }
    if (is_digit || t[i] == "零" || t[i] == "整") continue;
    if (t[i] == "负") negative = true;
    else if (t[i] == "拾") terms.push_back({digit * 10, 10}), digit = 0;
    else if (t[i] == "佰") terms.push_back({digit * 100, 100}), digit = 0;
    else if (t[i] == "仟") terms.push_back({digit * 1000, 1000}), digit = 0;
    else if (t[i] == "万") terms.push_back({sum_below(10'000) * 10'000, 10'000});
    else if (t[i] == "亿" && i + 1 < t.size() && t[i + 1] == "亿") {
      ++i;
      terms.push_back({sum_below(10'000'000'000'000'000) * 10'000'000'000'000'000, 10'000'000'000'000'000});
    } else if (t[i] == "亿") terms.push_back({sum_below(100'000'000) * 100'000'000, 100'000'000});
    else if (t[i] == "元") yuan = sum_below(std::numeric_limits<std::uint64_t>::max());
    else if (t[i] == "角") small += digit * 10, digit = 0;
    else if (t[i] == "分") small += digit, digit = 0;
    else return std::nullopt;
  }
  const std::uint64_t magnitude = yuan * 100 + small;
  return negative ? static_cast<std::int64_t>(std::uint64_t{0} - magnitude) : static_cast<std::int64_t>(magnitude);
}

void expect_reads_back(std::int64_t v) {
  const std::string s = mb::capital_amount(fen::from_fen(v));
  ASSERT_EQ(read_back(s), std::optional<std::int64_t>(v)) << s;
  ASSERT_EQ(s.find("零零"), std::string::npos) << s;
  if (v != 0) {  // 零元整 is zero's alone
    ASSERT_EQ(s.find("零元"), std::string::npos) << s;
  }
  ASSERT_EQ(s.find("零万"), std::string::npos) << s;
  ASSERT_EQ(s.find("零亿"), std::string::npos) << s;
}

TEST(CapitalAmount, ReadsBack) {
  for (std::int64_t v = 1; v <= 2'000'000; ++v) expect_reads_back(v);
  // Powers of ten and their neighbours, both signs, every magnitude.
  for (std::int64_t p = 1; p <= std::numeric_limits<std::int64_t>::max() / 10; p *= 10)
    for (const std::int64_t v : {p - 1, p, p + 1, p * 10 - 1, p * 9 + p / 10, -p, -(p + 1)}) expect_reads_back(v);
  // Spread over the whole range (a fixed linear congruential sequence).
  std::uint64_t x = 0x9E3779B97F4A7C15u;
  for (int i = 0; i < 200'000; ++i) {
    x = x * 6364136223846793005u + 1442695040888963407u;
    const auto v = static_cast<std::int64_t>(x >> (x % 60));  // every order of magnitude
    if (v != 0) expect_reads_back(v);
  }
  expect_reads_back(std::numeric_limits<std::int64_t>::max());
  expect_reads_back(std::numeric_limits<std::int64_t>::min());
}

}  // namespace
