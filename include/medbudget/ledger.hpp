// medbudget/ledger.hpp — the year-end ledger of one alliance and fund (docs/rules.md).
//
// The surplus and overspend rules of every policy are one mechanism: a corridor of bands around the
// final budget B' (policy.hpp `corridor`). `resolve_terms` turns the policy, the budget and the case
// into plain figures; `settle_ledger` is then a few dozen integer operations, with no allocation on
// the way, so that scenarios can settle millions of years:
//
//   alliance_terms t = resolve_terms(pol, 2024, fund, a, budget.alliances[a], O, I, "funds[0].alliances[0]");
//   ledger_figures y = settle_ledger(t);   // y.budget_clearing == y.entitlement − y.paid_during_year
//   // y.year_end_payment == y.budget_clearing + y.nonlocal_clearing + y.unattributed_clearing
#pragma once

#include <array>     // array
#include <cstddef>   // size_t
#include <optional>  // optional
#include <string>    // string

#include "medbudget/budget.hpp"
#include "medbudget/case.hpp"
#include "medbudget/money.hpp"
#include "medbudget/policy.hpp"

namespace medbudget {

// A corridor band with its figures known. A share or cap that needs an input the case did not give is
// absent, with the path and reason to report if the band turns out to hold money.
struct resolved_band {
  std::optional<fen> limit;  // the band's outer edge, |S| measured from the budget; absent: unbounded
  std::optional<rate> share;
  std::optional<fen> cap;
  bool cap_required = false;  // a cap applies but its input is missing (cap_missing_path)
  std::string cap_missing_path;
  const char* missing_what = nullptr;
  std::string missing_path;
  std::string cap_missing_what;        // the message for cap_missing_path
  std::optional<fen> stated;           // the case amount of at_most_case_amount, when stated
  std::string cap_formula, cap_figures;  // the growth cap's line (growth_of_final_budget)
};

inline constexpr std::size_t max_corridor_bands = 4;

struct alliance_terms {
  fen final_budget;        // B'
  fen out_of_alliance;     // O (in the budget's scope)
  fen in_alliance;         // I
  fen paid_in_advance;     // claims-paid: the advance; package-paid: the installments' total
  bool claims_paid = true; // paid during the year = I + advance; else the installments
  bool gate_passed = true; // performance gate (false: nothing retained, nothing shared)
  fen reserve_base;        // the alliance's risk reserve K_a (reserve release), else 0
  std::optional<rate> release_share;
  std::string release_missing_path;
  std::size_t surplus_bands = 0, overspend_bands = 0;
  std::array<resolved_band, max_corridor_bands> surplus{}, overspend{};
  rounding mode = rounding::half_away_from_zero;
  // The scheduled payments and the pass-through money, Guangdong's total payment.
  bool net_monthly = false;              // package-paid, O netted monthly: scheduled = Q − O
  std::optional<fen> payments_made;      // advance + Σ monthly actually paid, when the case gives them
  fen unattributed_in_alliance;          // U counted in I (by_institution), else 0
  fen nonlocal, nonlocal_paid;           // NL, NL_paid
  fen unattributed, unattributed_paid;   // U, U_paid under pass_through, else 0
  bool releases_total_payment = false;   // Guangdong
  fen unpaid_total_payment;              // U_a = max(0, B − Q)
  std::optional<rate> total_release_share;
  std::string total_release_missing_path;
};

struct band_outcome {
  fen in_band;  // the part of |S| that falls in the band
  fen shared;   // round(share × in_band), before the cap
  fen result;   // after the cap
};

struct ledger_figures {
  fen balance;                    // S = B' − O − I
  fen retained_surplus;
  fen returned_surplus;
  fen fund_overspend_share;
  fen alliance_overspend_burden;
  fen reserve_release;
  fen total_payment_release;      // Guangdong: round(table_T(score) × U_a)
  fen performance_withhold;       // Guangdong: U_a − release
  fen entitlement;                // B' − O − returned + fund share + release − withhold
  fen scheduled_paid;             // claims-paid I + advance; package-paid Q, or Q − O netted monthly
  fen paid_during_year;           // the scheduled payments, or those the case says were made
  std::optional<fen> paid_vs_schedule_difference;  // with payments_made: paid − scheduled
  fen budget_clearing;            // entitlement − paid
  fen nonlocal_clearing;          // NL − NL_paid
  fen unattributed_clearing;      // U − U_paid (pass_through), else 0
  fen year_end_payment;           // budget clearing + pass-through clearings
  std::array<band_outcome, max_corridor_bands> bands{};  // of the side S falls on
};

// Resolves the year-end terms of alliance `a` of `fund` in settlement year `year`: O and I are the
// actuals in the budget's scope (I attributed; U is added by the policy's unattributed_local rule).
[[nodiscard]] alliance_terms resolve_terms(const policy& pol, int year, const fund_input& fund, std::size_t a,
                                           const alliance_budget& budget, fen out_of_alliance, fen in_alliance,
                                           const std::string& alliance_path);

// The year end. Checks the ledger identities (invariant_error if one is broken).
[[nodiscard]] ledger_figures settle_ledger(const alliance_terms& t);

}  // namespace medbudget
