// medbudget/indicators.hpp — performance indicators from settlement records, and their score under a
// policy (docs/indicators.md).
//
// The counts of an alliance and fund are integers (stays, visits, fen); every indicator is an exact
// ratio of two of them (cpp_rational), shown as a percentage rounded once, and compared with its
// requirement exactly. A ratio whose denominator is zero or negative is "not computable" and never
// meets its requirement. Requirements of kind case_fact compare a fact the case states.
//
//   medbudget::indicator_tally now = medbudget::tally_indicators("claims.csv", reg, nullptr, opt);
//   medbudget::indicator_report r = medbudget::evaluate_indicators(pol, now, &before, &facts);
//   r.funds[0].alliances[0].perf  // the performance the policy's scoring gives
#pragma once

#include <cstdint>   // int64_t
#include <map>       // map
#include <optional>  // optional
#include <string>    // string
#include <vector>    // vector

#include "medbudget/calendar.hpp"  // day_number
#include "medbudget/case.hpp"
#include "medbudget/money.hpp"
#include "medbudget/policy.hpp"

namespace medbudget {

// The counts of one alliance and fund, net of reversals (a reversal row counts −1 stay or visit and
// its own, zero or negative, amounts). Amounts in fen.
struct indicator_counts {
  // The alliance's local insured (wherever treated):
  std::int64_t stays = 0;            // inpatient stays (med_type 21–28, 52), a transfer chain once
  std::int64_t stays_in_county = 0;  //   of which at registered institutions whose admdvs is the county
  std::int64_t transfers = 0;        // stays merged into the one before them (taken off both above)
  std::int64_t medfee = 0;           // medfee_sumamt, every counted record
  std::int64_t hifp = 0;             // hifp_pay, every counted record
  std::int64_t hifp_in_county = 0;   //   of which at in-county institutions
  std::int64_t hifp_primary = 0;     //   of which at in-county primary institutions
  std::int64_t scope_hifp = 0;       // hifp_pay outside county non-members (Hunan's budget scope)
  std::int64_t scope_medfee = 0;     // medfee_sumamt outside county non-members
  std::int64_t visits = 0;           // outpatient and inpatient records (11–16, 21–28, 51, 52)
  std::int64_t primary_visits = 0;   //   of which at in-county primary institutions
  std::int64_t readmit_stays = 0;    // stays left once every reversed stay is removed, transfers merged
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

// A requirement of kind case_fact: the fact as the case states it (its own unit, no × 100).
struct fact_value {
  std::string name;                   // fraud_events, signing_rate_change, …
  std::optional<rate> value;          // absent: "fact not given"
  std::string why_not;
  indicator_requirement requirement;
  bool met = false;
};

struct alliance_indicators {
  std::string id;
  std::vector<indicator_value> values;  // every indicator of the policy's region, in a fixed order
  std::vector<fact_value> facts;        // the policy's case_fact requirements, in its order
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

// Every fact name a case_fact requirement may name (signing_rate_change is derived from two).
[[nodiscard]] const std::vector<std::string>& case_fact_names();

// The case's facts per fund and alliance: {insutype, alliance id} → performance.facts.
using alliance_facts = std::map<std::pair<std::string, std::string>, std::map<std::string, rate>>;

// The indicators of `now` (and `before`, the previous year, for growth and change; may be null),
// scored under `pol` with the case's facts (may be null: every case_fact requirement is then
// "fact not given", not met). The two tallies must name the same alliances (else input_error).
[[nodiscard]] indicator_report evaluate_indicators(const policy& pol, const indicator_tally& now,
                                                   const indicator_tally* before,
                                                   const alliance_facts* facts = nullptr);

// Whether `fraction` × 100 <comparison> threshold holds, exactly.
[[nodiscard]] bool meets_requirement(const cpp_rational& fraction, const indicator_requirement& q);

// `fraction` × 100 rounded half away from zero to `decimals` places: "12.35", "-3.00".
[[nodiscard]] std::string percent_text(const cpp_rational& fraction, int decimals);

// The percentage shown next to requirement `q`: `decimals` places, or as many more as it takes for
// the shown figure to compare with the threshold as the exact one does ("59.996" against >= 60, not
// "60.00"). Without a requirement, percent_text.
[[nodiscard]] std::string percent_beside(const cpp_rational& fraction, int decimals,
                                         const std::optional<indicator_requirement>& q);

}  // namespace medbudget
