// Internal: the pieces budget.cpp and budget_capitation.cpp share (docs/rules.md).
#pragma once

#include <optional>  // optional
#include <string>    // string
#include <utility>   // pair
#include <vector>    // vector

#include "medbudget/budget.hpp"

namespace medbudget::budget_detail {

inline const std::string& band_name(const policy& pol, std::size_t b) { return pol.age_bands()[b].name; }

void require_bands(const policy& pol, const band_counts& counts, const std::string& path);

template <class T>
const T& need(const std::optional<T>& v, const std::string& path, const std::string& why) {
  if (!v) throw input_error(path, "missing: " + why);
  return *v;
}

inline void non_negative(fen v, const std::string& path) {
  if (v < fen{}) throw input_error(path, "must not be negative");
}

// The county pot: the base and what comes off it before the split.
struct pot {
  cpp_rational exact_base;           // X or V or Z
  fen base;                          // rounded
  std::vector<cpp_rational> by_band; // X_b (weighted history only)
  fen after_deductions;              // R or T or Z_net
  std::vector<std::pair<std::string, fen>> deductions;
};

// Rounds the alliances' exact budgets together: the exact sum is rounded, then split in proportion.
std::vector<fen> round_together(const policy& pol, const std::vector<cpp_rational>& exact_budgets, const char* what);

// A ratio line: the exact decimal in `value`, no amount.
line ratio_line(const policy& pol, const std::string& key, std::string zh, std::string en, rate value,
                std::string formula, std::string figures);

// Harbin: standards, alliance budgets, the budget-stage cap, the year-end recount, the
// supplementary budget and the memo above the cap.
void allocate_capitation(const policy& pol, const fund_input& f, const pot& p, const std::string& path,
                         fund_budget& out);

}  // namespace medbudget::budget_detail
