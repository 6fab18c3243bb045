// medbudget/statement.hpp — the year-end statement (年度清算单): figures and their audit trail.
//
// Every named amount is a `line`: key, labels, the amount, the formula in symbols, the formula with
// the figures put in, and the clause of the notice it implements. Rendering to JSON, text and CSV
// lives in medbudget/io/render.hpp.
#pragma once

#include <cstdint>   // int64_t
#include <optional>  // optional
#include <string>    // string
#include <map>       // map
#include <utility>   // pair
#include <vector>    // vector

#include "medbudget/money.hpp"
#include "medbudget/policy.hpp"

namespace medbudget {

struct line {
  std::string key;       // "risk_reserve"
  std::string label_zh;  // 风险金
  std::string label_en;  // risk reserve
  std::string amount;    // "7272514.48" (amounts), or a rate/coefficient as exact decimal text
  std::string formula;   // "X × 5%"
  std::string figures;   // "145450289.54 × 5% = 7272514.48"
  std::string clause;    // "哈医保规〔2022〕2号 五(一)1"
  // A ratio line (adjustment_coefficient, allocation_weight) carries its exact decimal here and no
  // amount; JSON shows it as "value" (text and CSV show it in the amount column).
  std::string value{};   // "0.99274"
};

// Fund fields of the budget rules of revision 3, each present only where its rule applies.
struct fund_budget_fields {
  std::optional<bool> final_cap_bound;            // Harbin: the recount capped at F_final
  std::optional<fen> supplementary_above_cap;     // Harbin: Σ B' − F_final, when positive (memo)
  std::optional<fen> scope_deduction;             // Hunan: Σ scope deductions ("0.00" when none)
  std::optional<fen> revenue_growth_check;        // Hunan: round(P × (1 + g)), report / cap
  std::optional<bool> growth_check_exceeded;      // Hunan: Z > round(P × (1 + g))
  std::optional<fen> fund_revenue_budget;         // Guangdong V_b
  std::optional<fen> installment_regional_budget; // Guangdong T_b
  friend bool operator==(const fund_budget_fields&, const fund_budget_fields&) = default;
};

struct alliance_statement {
  std::string id;
  std::string name;
  fen budget;             // B
  fen final_budget;       // B'
  fen advance;            // claims-paid
  fen in_alliance_nonlocal;
  fen balance;            // S = B' − O − I
  fen retained_surplus;
  fen returned_surplus;
  fen fund_overspend_share;
  fen alliance_overspend_burden;
  fen reserve_release;
  fen entitlement;
  fen paid_during_year;
  fen year_end_payment;   // budget_clearing + nonlocal_clearing + unattributed_clearing
  // The year end in two parts: the budget, and the pass-through money beside it.
  fen budget_clearing;                               // entitlement − paid_during_year
  std::optional<fen> paid_vs_schedule_difference;    // with payments_made: paid − scheduled
  fen nonlocal_paid_during_year, nonlocal_clearing;  // NL_paid; NL − NL_paid
  fen unattributed_local, unattributed_clearing;     // U; U − U_paid under pass_through, else 0
  // Guangdong: the total payment not pre-paid, released by the score (absent elsewhere).
  std::optional<fen> unpaid_total_payment, total_payment_release, performance_withhold;
  // Package-paid under out_of_alliance_netting monthly: installment − O, month by month; Σ O netted.
  std::vector<fen> net_installments;
  std::optional<fen> out_of_alliance_netted;
  std::vector<fen> installments;  // package-paid: 12 months
  std::optional<fen> installment_base;  // Guangdong B^inst, with fund_revenue_budget
  std::optional<fen> bundled_public_health, bundled_fiscal, package_total;  // Sanming
  std::vector<std::pair<std::string, fen>> member_distribution;  // when retained > 0
  std::vector<line> lines;
};

struct fund_statement {
  std::string insutype;
  std::optional<fen> base_expenditure;  // Harbin X, Hunan Z as given
  std::optional<fen> regional_budget;   // R, T, capped Z, Σ B
  std::vector<std::pair<std::string, fen>> deductions;  // risk_reserve, adjustment_fund (fund totals)
  std::optional<bool> cap_bound;
  std::vector<std::pair<std::string, fen>> band_standards;  // in use, rounded for display
  fund_budget_fields budget_fields;
  std::vector<line> lines;
  std::vector<alliance_statement> alliances;
};

struct statement {
  std::string policy_id;
  int year = 0;
  std::string county_admdvs;
  std::string county_name;
  std::map<std::string, parameter> parameters;  // the effective policy parameters
  std::vector<fund_statement> funds;
};

}  // namespace medbudget
