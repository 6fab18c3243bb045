// medbudget/case.hpp — one county, one year, one policy: the typed input of budget and settlement.
//
// Mirrors the case file of docs/formats.md; band maps are vectors in the policy's band order. Optional
// fields are those a policy may not need; the engine reports a missing one with its path
// (`funds[0].budget_inputs.fund_revenue`). Build it in C++ or load it with medbudget/io/case_json.hpp.
#pragma once

#include <cstdint>   // int64_t
#include <map>       // map
#include <optional>  // optional
#include <string>    // string
#include <vector>    // vector

#include "medbudget/money.hpp"
#include "medbudget/policy.hpp"

namespace medbudget {

using band_counts = std::vector<std::int64_t>;  // insured persons per age band
using band_amounts = std::vector<fen>;          // an amount per age band

struct history_year {
  int year = 0;
  band_amounts pooled_expenditure_by_band;
};

// A part of Hunan's expenditure budget outside the payment scope, e.g. 大病保险保费.
struct scope_deduction {
  std::string reason;  // non-empty
  fen amount;          // ≥ 0
};

struct budget_inputs {
  std::optional<bool> first_year;                    // Harbin: weighted three-year base
  std::vector<history_year> history;                 // Harbin
  std::optional<fen> fundraising_total;              // Harbin cap F
  std::optional<band_counts> insured_budget_by_band; // Harbin N_b
  std::optional<fen> fund_revenue;                   // Guangdong V
  std::optional<fen> expenditure_budget;             // Hunan Z
  std::optional<fen> prior_year_budget;              // Hunan
  std::optional<rate> revenue_growth_rate;           // Hunan
  std::optional<fen> per_capita_package;             // Sanming
  // Revision 3 budget inputs (all optional)
  std::optional<fen> fundraising_actual;             // Harbin: F_final of the recount (else fundraising_total)
  std::optional<band_counts> insured_actual_by_band; // Harbin: county's actual counts (share-budgeted recount)
  std::vector<scope_deduction> scope_deductions;     // Hunan: off Z before the split
  std::optional<fen> fund_revenue_budget;            // Guangdong V_b: the installments only
};

struct fund_situation {
  std::optional<rate> overspend_share_ratio;
  std::optional<rate> city_avg_growth_rate;
};

struct adjustment_factor {
  std::string reason;
  rate value;  // "-0.02": k_a = Π(1 + value) or 1 + Σ value (coefficient_combination)
};

struct member_unit {
  std::string id;
  std::string name;
  rate weight;
};

struct allocation_shares {  // Hunan
  rate insured, service, fund;
};

struct monthly_actuals {  // January first; 12 months for a settled year
  std::vector<fen> in_alliance_local;
  std::vector<fen> out_of_alliance_local;
};

// The budget money actually paid to the lead unit during the year, when the case gives it.
struct payments_made {
  fen advance;                // ≥ 0
  std::vector<fen> monthly;   // exactly 12, January first; a month may be negative (a recovery)
};

struct alliance_actuals {
  fen in_alliance_local;      // I
  fen out_of_alliance_local;  // O
  fen in_alliance_nonlocal;   // NL: paid at actuals, outside the balance
  fen force_majeure_overspend;             // Hunan
  std::optional<fen> reasonable_overspend; // Guangdong, Harbin
  std::optional<monthly_actuals> monthly;
  fen unattributed_local;                  // U: local insured of no alliance, at this alliance's members
  bool unattributed_from_records = false;  // U came from settlement records (named so in errors)
  std::optional<fen> in_alliance_nonlocal_paid;  // NL paid during the year; default NL
  std::optional<fen> unattributed_local_paid;    // U paid during the year (pass_through); default U
  std::optional<medbudget::payments_made> payments_made;
};

struct performance {
  std::optional<rate> score;           // "92.5"
  std::optional<bool> indicators_met;  // Harbin's gate
  // Facts the records cannot show, for requirements of kind case_fact: fraud_events,
  // shirking_complaints (counts), signing_rate, signing_rate_prev (shares), satisfaction.
  std::map<std::string, rate> facts;
};

struct alliance_input {
  std::string id;
  std::string name;
  std::optional<band_counts> insured_budget_by_band;  // Harbin: attributed counts
  std::optional<rate> service_volume_share;           // Harbin: N_b × share instead of counts
  std::optional<band_counts> insured_actual_by_band;  // Harbin: year-end recount
  std::vector<adjustment_factor> adjustment_factors;  // Harbin
  std::optional<std::vector<adjustment_factor>> adjustment_factors_final;  // Harbin: k' at the recount
  fen supplementary_budget;                           // Harbin 追加总额
  std::optional<fen> prior_year_spend;                // Harbin P_a: growth_cap_basis prior_spend_growth
  std::optional<rate> share;                          // Guangdong
  std::optional<allocation_shares> shares;            // Hunan
  std::optional<rate> tcm_share;                      // Hunan
  std::optional<std::int64_t> insured;                // Sanming
  fen bundled_public_health;                          // Sanming
  fen bundled_fiscal;                                 // Sanming
  std::optional<alliance_actuals> actuals;            // absent when records supply them
  performance perf;
  std::vector<member_unit> members;
};

struct fund_input {
  std::string insutype;  // "310" employee, "390" resident
  budget_inputs inputs;
  fund_situation situation;
  std::vector<alliance_input> alliances;
};

struct county_info {
  std::string admdvs;  // 6 digits
  std::string name;
};

struct case_input {
  policy pol;  // effective policy, overrides applied
  int year = 0;
  county_info county;
  std::vector<fund_input> funds;
};

}  // namespace medbudget
