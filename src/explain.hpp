// Internal: building statement lines (labels, formulas with figures, clauses).
#pragma once

#include <string>   // string
#include <utility>  // pair
#include <vector>   // vector

#include "medbudget/case.hpp"
#include "medbudget/money.hpp"
#include "medbudget/policy.hpp"
#include "medbudget/statement.hpp"

namespace medbudget::explain {

// A line whose clause is the policy's clause for `key`.
[[nodiscard]] line make(const policy& pol, const std::string& key, std::string label_zh, std::string label_en,
                        std::string amount, std::string formula, std::string figures);

// An exact rational (in fen) as yuan with two decimals, marked "≈" when not exact: "≈ 157.76".
[[nodiscard]] std::string rational_text(const cpp_rational& fen_value);
[[nodiscard]] std::string join_years(const std::vector<int>& years);
[[nodiscard]] std::string join_rates(const std::vector<rate>& rates);
// "(1 − 2%)(1 + 1.3%) = 0.99274" with the reasons.
[[nodiscard]] std::string factors_text(const std::vector<adjustment_factor>& factors, rate product);
// " − 8246913.58 − 32987654.31"
[[nodiscard]] std::string deductions_text(const std::vector<std::pair<std::string, fen>>& deductions);

}  // namespace medbudget::explain
