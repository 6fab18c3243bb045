// Test helper: the small builders of the budget tests (preset policies, Harbin's hand-worked
// fixture, an error's place and message). Figures of the fixture are worked out in budget_test.cpp.
#pragma once

#include <cstdint>           // int64_t
#include <functional>        // function
#include <initializer_list>  // initializer_list
#include <optional>          // optional
#include <string>            // string
#include <string_view>       // string_view
#include <utility>           // pair

#include "medbudget/budget.hpp"
#include "medbudget/case.hpp"
#include "medbudget/error.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/money.hpp"
#include "medbudget/policy.hpp"
#include "medbudget/statement.hpp"

namespace budget_fixtures {

namespace mb = medbudget;

inline mb::fen Y(std::string_view yuan) { return mb::fen::parse(yuan); }
inline mb::rate R(std::string_view text) { return mb::rate::parse(text); }

inline mb::band_amounts bands(std::initializer_list<std::string_view> yuan) {
  mb::band_amounts out;
  for (std::string_view y : yuan) out.push_back(Y(y));
  return out;
}

inline mb::alliance_input alliance(std::string id) {
  mb::alliance_input a;
  a.id = std::move(id);
  a.name = a.id;
  return a;
}

inline mb::case_input make_case(const mb::policy& pol, mb::fund_input fund) {
  mb::case_input c;
  c.pol = pol;
  c.year = 2024;
  c.county = {"230123", "依兰县"};
  c.funds.push_back(std::move(fund));
  return c;
}

// `where: message` of the input_error `f` throws, or a marker when it throws none.
inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const mb::input_error& e) {
    return e.where() + ": " + e.message();
  }
  return "<no input_error>";
}

// The full text (`where: message`, or the message alone without a place) of the input_error `f`
// throws, or a marker when it throws none.
inline std::string error_text(const std::function<void()>& f) {
  try {
    f();
  } catch (const mb::input_error& e) {
    return e.what();
  }
  return "<no input_error>";
}

// The fund-level amount of a deduction ("risk_reserve", "adjustment_fund"); absent → nullopt.
inline std::optional<mb::fen> deduction(const mb::fund_statement& fs, const std::string& key) {
  for (const auto& [k, v] : fs.deductions)
    if (k == key) return v;
  return std::nullopt;
}
inline std::optional<mb::fen> deduction(const mb::alliance_budget& ab, const std::string& key) {
  for (const auto& [k, v] : ab.deduction_shares)
    if (k == key) return v;
  return std::nullopt;
}

// The `where()` of the input_error `f` throws, or a marker when it throws none.
inline std::string error_where(const std::function<void()>& f) {
  try {
    f();
  } catch (const mb::input_error& e) {
    return e.where();
  }
  return "<no input_error>";
}

// The fund or alliance line with `key` (the first), or nullptr.
inline const mb::line* find_line(const std::vector<mb::line>& lines, const std::string& key) {
  for (const auto& l : lines)
    if (l.key == key) return &l;
  return nullptr;
}

// Harbin's fixture (budget_test.cpp): first year 2024, history 2021–2023, R = 1550400.01, budget
// counts 10000, 20000, 15000, 8000, 3000; exact unscaled standards std⁰ (fen) 1073.50005114,
// 1035.50000351, 2115.33334050, 5118.12501733, 16973.33339081.
inline mb::fund_input harbin_fund() {
  mb::fund_input f;
  f.insutype = "390";
  f.inputs.first_year = true;
  f.inputs.history = {
      {2021, bands({"100000.00", "200000.00", "300000.00", "400000.00", "500000.00"})},
      {2022, bands({"110000.00", "210000.00", "330000.00", "420000.00", "520000.00"})},
      {2023, bands({"120000.01", "230000.00", "350000.00", "450000.00", "560000.00"})},
  };
  f.inputs.insured_budget_by_band = mb::band_counts{10000, 20000, 15000, 8000, 3000};
  f.alliances.push_back(alliance("YL01"));
  return f;
}

// Two alliances by attributed counts: A (−2% 集采, +1.3% 质量: k 0.99274), B (+0.01%: k 1.0001).
// Σ_b std⁰_b × N_ab: A 97442292.28162798 fen, B 57597708.71837202 fen.
inline mb::fund_input harbin_two_alliances() {
  mb::fund_input f = harbin_fund();
  f.alliances.clear();
  mb::alliance_input a = alliance("A");
  a.insured_budget_by_band = mb::band_counts{6000, 12000, 9000, 5000, 2000};
  a.adjustment_factors = {{"集采降价", R("-0.02")}, {"质量", R("0.013")}};
  mb::alliance_input b = alliance("B");
  b.insured_budget_by_band = mb::band_counts{4000, 8000, 6000, 3000, 1000};
  b.adjustment_factors = {{"服务量", R("0.0001")}};
  f.alliances = {a, b};
  return f;
}

inline const mb::policy& harbin() { return mb::preset("harbin"); }
inline const mb::policy& guangdong() { return mb::preset("guangdong_yangxi"); }
inline const mb::policy& hunan() { return mb::preset("hunan"); }
inline const mb::policy& sanming() { return mb::preset("sanming"); }

}  // namespace budget_fixtures
