// medbudget/monitor.hpp — in-year monitoring: the months observed so far against the pro-rata
// budget, a run-rate projection of the year end settled by the same ledger as `settle`, and a warning
// level from the policy's corridor bands (e.g. Harbin: overspend beyond 15% of B' is the alliance's
// alone).
//
//   medbudget::monitor_report r = medbudget::monitor_year(c, medbudget::national_calendar(), 9);  // Jan–Sep
//
// Definitions (docs/monitoring.md):
//   pro-rata budget through month m = Σ_{k≤m} B'_k, B' split over 12 months by largest remainder
//   projected I = round(I_cum × 12 / m), projected O = round(O_cum × 12 / m)   (half away from zero,
//   or the policy's rounding), then the year end of the projected case by settle_year.
#pragma once

#include <optional>  // optional
#include <string>    // string
#include <vector>    // vector

#include "medbudget/calendar.hpp"
#include "medbudget/case.hpp"
#include "medbudget/money.hpp"
#include "medbudget/schedule.hpp"
#include "medbudget/statement.hpp"

namespace medbudget {

enum class warning_level {
  none,   // projected surplus or break-even
  watch,  // projected overspend inside the bands the fund shares (合理超支)
  alert,  // projected overspend beyond them: the excess is the alliance's alone (or nothing is shared)
};
[[nodiscard]] const char* to_string(warning_level w) noexcept;

struct month_figures {
  int month = 0;
  fen in_alliance, out_of_alliance;  // the month's I and O
  fen cumulative_spend;              // Σ (I + O) through the month
  fen cumulative_budget;             // pro-rata B' through the month
  fen variance;                      // cumulative budget − cumulative spend (negative: ahead of budget)
  std::optional<scheduled_payment> payment;  // the month's claims payment or installment
};

// An edge of the corridor at the year end, as total spend (O + I): B' + limit (overspend side) or
// B' − limit (surplus side). Used by the chart and the text.
struct corridor_edge {
  bool overspend = true;
  fen spend;         // the total spend at which the band ends
  fen limit;         // |S| at the edge
  bool fund_shares;  // overspend: the fund shares inside this band; surplus: the alliance keeps some of it
  std::string clause;
};

struct alliance_monitor {
  std::string id, name;
  int months = 0;                   // observed
  fen budget, final_budget;         // B, B'
  std::vector<month_figures> by_month;
  fen in_alliance_to_date, out_of_alliance_to_date;
  fen projected_in_alliance, projected_out_of_alliance, projected_spend;
  fen projected_balance;            // B' − projected O − projected I
  std::vector<corridor_edge> edges;
  // The projected year end by the ledger (absent when the projected case cannot be settled: then
  // projection_error says why, e.g. an overspend share ratio the case does not give yet).
  std::optional<alliance_statement> projected;
  std::string projection_error;
  bool performance_assumed = false;  // performance not stated: projected as if met (score 100)
  warning_level level = warning_level::none;
  std::string warning_zh, warning_en;  // the level in words, with the amounts
  std::vector<line> lines;           // the projection's audit trail: formula, figures, clause
};

struct fund_monitor {
  std::string insutype;
  std::vector<alliance_monitor> alliances;
};

struct monitor_report {
  std::string policy_id;
  int year = 0, through_month = 0;
  std::string county_admdvs, county_name;
  bool claims_paid = true;
  std::vector<fund_monitor> funds;
};

// The months every alliance of the case has observed (the fewest; 0 when one has none).
[[nodiscard]] int months_observed(const case_input& c);

// Every alliance needs `actuals.monthly` with at least `through_month` months (from the case or from
// records); input_error naming the path otherwise. through_month is 1–12.
[[nodiscard]] monitor_report monitor_year(const case_input& c, const calendar& cal, int through_month);

}  // namespace medbudget
