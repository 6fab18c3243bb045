// medbudget/budget.hpp — a fund's budget under a policy: the county pot, its deductions and caps, and
// each alliance's budget B, year-end budget B', advance or installments (docs/rules.md).
//
//   medbudget::fund_budget b = medbudget::compute_budget(c.pol, c.year, c.funds[0], "funds[0]");
//   b.alliances[0].budget;  // B, rounded; the alliances' budgets sum to their rounded exact total
//
// Inputs the policy needs are checked here; a missing or inconsistent one is an input_error naming
// its path below `path` (e.g. "funds[0].budget_inputs.history[2].pooled_expenditure_by_band.75+").
#pragma once

#include <optional>  // optional
#include <string>    // string
#include <utility>   // pair
#include <vector>    // vector

#include "medbudget/case.hpp"
#include "medbudget/money.hpp"
#include "medbudget/policy.hpp"
#include "medbudget/statement.hpp"

namespace medbudget {

struct alliance_budget {
  std::string id;
  cpp_rational exact_budget;  // before rounding (and before the cap)
  fen budget;                 // B
  fen final_budget;           // B' (recount, supplementary budget)
  fen recount;                // Harbin recount_a (B' before the supplementary budget); else B
  rate coefficient = rate::from_integer(1);  // k_a
  std::optional<rate> coefficient_final;     // Harbin k'_a, when adjustment_factors_final are given
  std::optional<fen> installment_base;       // Guangdong B^inst, when fund_revenue_budget is given
  std::vector<std::pair<std::string, fen>> deduction_shares;  // the alliance's part of each deduction
  fen advance;                     // claims-paid: round(m × B / 12)
  std::vector<fen> installments;   // package-paid: round(rate × B^inst) over 12 months
  fen installment_total;
  std::vector<line> lines;  // budget lines, in computation order
};

struct fund_budget {
  std::string insutype;
  std::optional<fen> base_expenditure;
  std::optional<fen> regional_budget;
  std::vector<std::pair<std::string, fen>> deductions;
  std::optional<bool> cap_bound;
  std::vector<cpp_rational> standards;  // exact per-band standards in use (Harbin)
  fund_budget_fields fields;            // final_cap_bound, scope_deduction, revenue_growth_check, …
  std::vector<line> lines;
  std::vector<alliance_budget> alliances;
};

// The budget of one fund. `path` is the fund's JSON path, for error messages.
[[nodiscard]] fund_budget compute_budget(const policy& pol, int year, const fund_input& fund,
                                         const std::string& path);

// The band standards of a fund, rounded to fen for display, by band name.
[[nodiscard]] std::vector<std::pair<std::string, fen>> displayed_standards(const policy& pol,
                                                                           const fund_budget& b);

}  // namespace medbudget
