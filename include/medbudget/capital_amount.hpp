// medbudget/capital_amount.hpp — an amount in Chinese capital numerals (大写金额), as printed
// statements write it beside the figures (docs/formats.md, "大写金额 (capital amounts)").
//
//   medbudget::capital_amount(medbudget::fen::parse("1680.32"))    // "壹仟陆佰捌拾元叁角贰分"
//   medbudget::capital_amount(medbudget::fen::parse("100.05"))     // "壹佰元零伍分"
//   medbudget::capital_amount(medbudget::fen::parse("-12.30"))     // "负壹拾贰元叁角"
//   medbudget::capital_amount(medbudget::fen::parse("1000000000000"))  // "壹万亿元整"
//
// The rules:
// - Digits 零壹贰叁肆伍陆柒捌玖; 拾佰仟 within a group of four digits; ten is 壹拾, never bare 拾.
// - Above a group, the units are 万 (10^4), 亿 (10^8) and 亿亿 (10^16). The count in front of 亿 is
//   read as a number of its own with 万 (so 10^12 yuan is 壹万亿, 1,2345,0000,0000 yuan is
//   壹万贰仟叁佰肆拾伍亿); the count in front of 亿亿 likewise with 亿 and 万 (at most 9 in int64).
//   亿 never follows 亿 inside one count, so every unit covers exactly what stands before it back
//   to the previous larger unit: the reading has one value.
// - Zeros: a zero at the end of a group or of the whole yuan part is not written; one 零 stands for
//   each run of zeros that has non-zero digits on both sides, inside a group (壹仟零壹拾) or at the
//   start of the part below a unit (10,0100 is 壹拾万零壹佰, 1,0000,0001 is 壹亿零壹). Zeros at the
//   end of a group followed by a part with a non-zero leading digit get none (1000,1000 is
//   壹仟万壹仟).
// - 元 follows a non-zero yuan part; 整 ends an amount without 角 and 分 (壹佰元整, 零元整). After 角
//   there is no 整 (壹拾元壹角). When the yuan part is non-zero, 角 is zero and 分 is not, 零 stands
//   between 元 and 分 (壹元零伍分). A zero yuan part is not written (伍分, 伍角伍分).
// - A negative amount is its magnitude prefixed with 负; every int64 value is read, INT64_MIN too.
#pragma once

#include <string>  // string

#include "medbudget/money.hpp"  // fen

namespace medbudget {

// The amount in Chinese capital numerals, UTF-8, by the rules above.
[[nodiscard]] std::string capital_amount(fen amount);

}  // namespace medbudget
