// medbudget/indicators.hpp — performance indicators from settlement records, and their score under a
// policy (docs/indicators.md).
//
// The counts of an alliance and fund are integers (stays, visits, fen); every indicator is an exact
// ratio of two of them (cpp_rational), shown as a percentage rounded once, and compared with its
// requirement exactly. A ratio whose denominator is zero is "not computable" and never meets its
// requirement.
//
//   medbudget::indicator_tally now = medbudget::tally_indicators("claims.csv", reg, nullptr, opt);
//   medbudget::indicator_report r = medbudget::evaluate_indicators(pol.indicators, now, &before);
//   r.funds[0].alliances[0].perf  // the performance the policy's scoring gives
#pragma once

#include <cstdint>   // int64_t
#include <optional>  // optional
#include <string>    // string
#include <vector>    // vector

#include "medbudget/case.hpp"
#include "medbudget/money.hpp"
#include "medbudget/policy.hpp"

namespace medbudget {

// The counts of one alliance and fund, net of reversals (a reversal row counts −1 stay or visit and
// its own, zero or negative, amounts). Amounts in fen.
struct indicator_counts {
  // The alliance's local insured (wherever treated):
  std::int64_t stays = 0;            // inpatient stays (med_type 21–28, 52)
  std::int64_t stays_in_county = 0;  //   of which at registered institutions whose admdvs is the county
  std::int64_t medfee = 0;           // medfee_sumamt, every counted record
  std::int64_t hifp = 0;             // hifp_pay, every counted record
  std::int64_t hifp_in_county = 0;   //   of which at in-county institutions
  std::int64_t hifp_primary = 0;     //   of which at primary institutions
  std::int64_t scope_hifp = 0;       // hifp_pay outside county non-members (Hunan's budget scope)
  std::int64_t scope_medfee = 0;     // medfee_sumamt outside county non-members
  std::int64_t visits = 0;           // outpatient and inpatient records (11–16, 21–28, 51, 52)
  std::int64_t primary_visits = 0;   //   of which at primary institutions
  std::int64_t readmit_stays = 0;    // inpatient stays left once every reversed stay is removed
  std::int64_t readmissions = 0;     //   of which admitted 0..N days after the person's previous discharge
  // Records at the alliance's member institutions (any insured):
  std::int64_t member_medfee = 0;    // medfee_sumamt
  std::int64_t member_ownpay = 0;    // fulamt_ownpay_amt
  friend bool operator==(const indicator_counts&, const indicator_counts&) = default;
};

// The counts of a year: per fund (0: 310, 1: 390), per alliance in registry order.
struct indicator_tally {
  std::string county;
  int year = 0;
  std::int64_t readmission_days = 0;
  std::vector<std::string> alliances;
  std::vector<std::vector<indicator_counts>> funds;  // [2][alliances]
  bool has_medfee = false;       // the medfee_sumamt column is present
  bool has_ownpay = false;       // fulamt_ownpay_amt
  bool has_stay_times = false;   // adm_time and dscg_time
};

// One indicator's value: num/den exactly (a share or a growth, as a fraction; a change is the
// difference of two shares), or not computable with the reason.
struct indicator_value {
  std::string id;
  std::optional<cpp_rational> value;  // the fraction; × 100 is the percentage (or percentage points)
  std::string numerator, denominator; // as integers (fen for amounts), for the record; empty for a change
  std::string why_not;                // when not computable
  // The requirement when the policy declares one.
  std::optional<indicator_requirement> requirement;
  bool met = false;
};

struct alliance_indicators {
  std::string id;
  std::vector<indicator_value> values;  // every indicator of the policy's region, in a fixed order
  rate score;                           // sum of the points of the requirements met
  bool indicators_met = false;          // every requirement met
  performance perf;                     // what the policy's scoring gives (score or indicators_met)
};

struct fund_indicators {
  std::string insutype;
  std::vector<alliance_indicators> alliances;
};

struct indicator_report {
  std::string county;
  int year = 0;
  std::string policy_id;
  indicator_scoring scoring = indicator_scoring::none;
  int decimals = 2;
  std::int64_t readmission_days = 0;
  bool previous_year = false;
  std::vector<fund_indicators> funds;
};

// Every indicator id, in report order.
[[nodiscard]] const std::vector<std::string>& indicator_ids();

// The indicators of `now` (and `before`, the previous year, for growth and change; may be null),
// scored under `rules`. The two tallies must name the same alliances (else input_error).
[[nodiscard]] indicator_report evaluate_indicators(const policy& pol, const indicator_tally& now,
                                                   const indicator_tally* before);

// `fraction` × 100 rounded half away from zero to `decimals` places: "12.35", "-3.00".
[[nodiscard]] std::string percent_text(const cpp_rational& fraction, int decimals);

// Days since 1970-01-01 of a civil date.
[[nodiscard]] std::int64_t day_number(int y, int m, int d) noexcept;

}  // namespace medbudget
