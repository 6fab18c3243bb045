// medbudget/policy.hpp — a province's payment policy as an immutable, validated value.
//
// A policy is composed of rule parts (budget base, deductions, caps, allocation, payment, the
// surplus/overspend corridor, performance gate, reserve release) whose numbers are named parameters
// (`surplus_cap_rate`, `retention_table`, … — docs/policy-model.md). Each parameter carries its provenance: the
// clause of the notice it implements, or `local default` where the notice leaves the number to the
// agency. A province is data (policies/*.json), not a class: a fifth policy is a new file.
//
//   const medbudget::policy& p = medbudget::preset("harbin");            // medbudget/io/policy_json.hpp
//   medbudget::rate cap = p.get<medbudget::rate>("surplus_cap_rate");    // 0.15
//   medbudget::policy q = with_overrides(p, {{"surplus_cap_rate", medbudget::rate::parse("0.10")}});
#pragma once

#include <cstdint>   // int64_t
#include <map>       // map
#include <optional>  // optional
#include <string>    // string
#include <utility>   // pair
#include <variant>   // variant
#include <vector>    // vector

#include "medbudget/money.hpp"

namespace medbudget {

// An age band, half-open: `18-44` is 18 ≤ age < 45; `75+` has no upper end.
struct age_band {
  std::string name;
  int lower_years = 0;
  std::optional<int> upper_years;  // exclusive
  [[nodiscard]] bool contains(int age_years) const noexcept {
    return age_years >= lower_years && (!upper_years || age_years < *upper_years);
  }
  friend bool operator==(const age_band&, const age_band&) = default;
};
// Parses "0-17" (→ [0, 18)) or "75+" (→ [75, ∞)); input_error otherwise.
[[nodiscard]] age_band parse_age_band(const std::string& name);

// A step table: rows of (threshold, value), highest threshold first; a key takes the value of the
// first row whose threshold it reaches (key ≥ threshold); none reached → zero.
struct threshold_table {
  std::vector<std::pair<rate, rate>> rows;
  [[nodiscard]] rate lookup(rate key) const noexcept {
    for (const auto& [threshold, value] : rows)
      if (key >= threshold) return value;
    return rate{};
  }
  friend bool operator==(const threshold_table&, const threshold_table&) = default;
};

// Hunan's weights of an alliance's insured, service and fund shares.
struct share_weights {
  rate insured, service, fund;
  friend bool operator==(const share_weights&, const share_weights&) = default;
};

// An enumeration parameter's value, e.g. "product" of `coefficient_combination`. The values
// each enumeration allows are listed by `allowed_choices`.
struct choice {
  std::string value;
  friend bool operator==(const choice&, const choice&) = default;
};

using parameter_value = std::variant<rate, std::int64_t, std::vector<rate>, threshold_table, share_weights,
                                     rounding, std::vector<age_band>, choice>;

// The values an enumeration parameter allows ("product", "sum"); empty for other names.
[[nodiscard]] const std::vector<std::string>& allowed_choices(const std::string& name);

// Human name of a parameter_value alternative ("rate", "integer", …), for error messages.
[[nodiscard]] const char* type_name(const parameter_value& v) noexcept;

struct parameter {
  parameter_value value;
  std::string clause;  // e.g. "哈医保规〔2022〕2号 五(一)3(3)" or "local default: …"
};

enum class settlement_family {
  claims_paid,   // 按月据实: advance + monthly actual claims (Harbin, Hunan)
  package_paid,  // 打包预拨: monthly installments of the budget (Guangdong/Yangxi, Sanming)
};

enum class budget_base {
  weighted_history,    // X from pooled spend by age band: weighted years, or last year (Harbin)
  fund_revenue,        // V, the county's fund revenue of the year (Guangdong)
  expenditure_budget,  // Z, the county's fund expenditure budget (Hunan)
  per_capita_package,  // per-capita package × insured, per alliance (Sanming)
};

enum class allocation_rule {
  age_band_capitation,  // Σ_b std_b × N_ab × k_a (Harbin)
  explicit_shares,      // the alliance's `share` of the pot and of each deduction (Guangdong)
  weighted_shares,      // share_weights · (insured, service, fund) × (1 + TCM tilt) (Hunan)
  per_capita,           // package × insured (Sanming)
};

// A deduction from the budget base (risk reserve, adjustment fund): round(rate × base).
struct deduction {
  std::string key;           // statement field and line key: "risk_reserve", "adjustment_fund"
  std::string label_zh;      // 风险金
  std::string label_en;      // risk reserve
  std::string rate_parameter;  // name of a rate parameter
};

// One band of the corridor around the budget. The bands of a side are stacked outward from the
// budget: the first band covers |S| from 0 to its limit, the next from there to its own, …
// On the surplus side the share is what the alliance keeps (the rest returns to the fund); on the
// overspend side it is what the fund bears (the rest is the alliance's).
struct corridor_band {
  enum class limit_kind {
    unbounded,              // to infinity
    share_of_final_budget,  // round(limit_parameter × B')
    case_amount,            // an amount the case states for the alliance (case_amount_field)
  };
  enum class share_kind {
    fixed,        // share_parameter (a rate), or fixed_share when no parameter is named
    score_table,  // share_parameter (a threshold table) looked up with performance.score
    case_ratio,   // fund_situation.<case_ratio_field>; else share_parameter when set; else required
  };
  enum class cap_kind {
    none,
    growth_of_final_budget,  // fund_situation.city_avg_growth_rate on the basis growth_cap_basis (round(B' × g))
    alliance_deduction,      // the alliance's part of a deduction (cap_deduction, e.g. adjustment_fund)
  };
  limit_kind limit = limit_kind::unbounded;
  std::string limit_parameter;   // share_of_final_budget
  std::string case_amount_field; // case_amount: "force_majeure_overspend" | "reasonable_overspend"
  bool case_amount_absent_unbounded = false;  // reasonable_overspend not stated → all of D
  // share_of_final_budget only: a case amount that, when the case states it, lowers the limit
  // further (Harbin: min(round(15% × B'), reasonable_overspend)); empty: none.
  std::string at_most_case_amount;
  share_kind share = share_kind::fixed;
  std::string share_parameter;              // empty with `fixed`: fixed_share
  rate fixed_share = rate::from_integer(1);
  std::string case_ratio_field = "overspend_share_ratio";
  cap_kind cap = cap_kind::none;
  std::string cap_deduction;
  std::string clause;
};

struct corridor {
  std::vector<corridor_band> surplus;    // alliance keeps
  std::vector<corridor_band> overspend;  // fund bears
};

// How a referral inside the alliance changes the deductible (起付线) of the stay it leads to.
struct referral_rule {
  enum class kind {
    none,              // the notice says nothing: every stay pays its own deductible
    level_difference,  // Harbin 五(二): down → waived; up → the two levels' difference
    once_per_episode,  // Guangdong 附件1 二.5: up and down referrals are one stay, one deductible
  };
  kind rule = kind::none;
  std::string clause;
};

// Performance indicators a policy scores (docs/indicators.md). Thresholds are percentages (or
// percentage points for a change), compared exactly with the indicator × 100.
enum class indicator_comparison { lt, le, gt, ge };
enum class indicator_scoring {
  none,       // the policy declares no indicators
  pass_fail,  // performance.indicators_met = every requirement met (Harbin)
  score,      // performance.score = the sum of the points of the requirements met (Guangdong, Hunan)
};
struct indicator_requirement {
  std::string indicator;  // an id of indicator_ids(); empty for a case fact
  std::string case_fact;  // a name of case_fact_names(), compared in its own unit; empty for an indicator
  indicator_comparison comparison = indicator_comparison::le;
  rate threshold;         // percent (a case fact: its own unit)
  rate points;            // added to the score when met
  std::string clause;
};
struct indicator_rules {
  indicator_scoring scoring = indicator_scoring::none;
  std::int64_t readmission_days = 15;  // a stay within this many days of the previous discharge
  int decimals = 2;                    // places of the percentages shown
  std::vector<indicator_requirement> requirements;
  std::string clause;
};

// An immutable, validated policy. Build one with `make_policy` (validates) or load a preset.
struct policy {
  std::string id;        // "harbin"
  std::string name_zh;   // 哈尔滨市紧密型县域医共体医保支付方式改革试点
  std::string name_en;
  std::string notice;    // 哈医保规〔2022〕2号
  settlement_family family = settlement_family::claims_paid;

  budget_base base = budget_base::weighted_history;
  std::vector<deduction> deductions;    // in statement order
  bool fundraising_cap = false;         // Harbin: alliances' total ≤ fundraising_total
  bool revenue_growth_cap = false;      // Hunan: the revenue growth check of Z, by revenue_growth_bound
                                        // (report / cap / off)
  allocation_rule allocation = allocation_rule::age_band_capitation;
  bool adjustment_coefficient = false;  // k_a from the factors, by coefficient_combination (product / sum)
  bool tcm_tilt = false;                // weighted_shares × (1 + tilt from tcm_tiers; [] = no tilt)
  bool year_end_recount = false;        // B' recounted from the unscaled standards, actual counts and k',
                                        // capped again at the actual fundraising
  bool supplementary_budget = false;    // B' += 追加总额
  bool scope_excludes_county_nonmembers = false;  // Hunan: O from records leaves out county non-members

  corridor bands;
  bool performance_gate = false;        // nothing retained or shared unless indicators_met
  bool reserve_release = false;         // release round(table(score) × K_a) (reserve_release_table)
  referral_rule referral;               // deductibles of referred stays (deductible.hpp)
  indicator_rules indicators;           // performance computed from records (medbudget indicators)

  std::map<std::string, parameter> parameters;  // by parameter name
  std::map<std::string, std::string> clauses;   // statement line key → clause

  // The value of a parameter of type T; invariant_error when absent or of another type (a
  // validated policy has every parameter its rules name).
  template <class T>
  [[nodiscard]] const T& get(const std::string& name) const {
    const auto it = parameters.find(name);
    ensure(it != parameters.end() && std::holds_alternative<T>(it->second.value), "policy parameter lookup");
    return std::get<T>(it->second.value);
  }
  [[nodiscard]] bool has(const std::string& name) const { return parameters.count(name) != 0; }
  [[nodiscard]] const std::string& clause(const std::string& line_key) const;
  [[nodiscard]] rounding rounding_mode() const { return get<rounding>("rounding"); }
  [[nodiscard]] const std::vector<age_band>& age_bands() const { return get<std::vector<age_band>>("age_bands"); }
};

// Validates a policy (every parameter its rules name exists with the right type and a sane value,
// bands are contiguous from 0, tables descend) and returns it; input_error naming the field path,
// relative to `where` (e.g. "policy"), otherwise.
[[nodiscard]] policy make_policy(policy p, const std::string& where = "policy");

// A copy of `p` with the named parameters replaced. Unknown names and values of another type than
// the parameter's are input_errors naming `policy_overrides.<name>`. The clause becomes
// "case override (was: <clause>)".
[[nodiscard]] policy with_overrides(const policy& p, const std::map<std::string, parameter_value>& overrides);

// ---- The year-end ledger's enumerated parameters (revision 3) ------------------------------------
// Their values are listed by `allowed_choices`.

// unattributed_local: spend of local insured of no alliance at an alliance's members (U).
enum class unattributed_rule {
  error,           // a non-zero U is an input error (every preset)
  by_institution,  // U counts in the treating alliance's I
  pass_through,    // U is paid at actuals beside the budget and cleared at the year end
};
// out_of_alliance_netting (package-paid): when O comes off the payments.
enum class netting_rule {
  year_end,  // installments in full; O deducted once, in the entitlement
  monthly,   // each month's installment less that month's O
};
// growth_cap_basis: what the city's average growth rate applies to (Harbin's overspend cap).
enum class growth_cap_rule {
  final_budget,        // round(B' × g)
  prior_spend_growth,  // max(0, round(P × (1 + g)) − B')
};
// The policy's choice; the first value (error, year_end, final_budget) when it names none.
[[nodiscard]] unattributed_rule unattributed_local_rule(const policy& p);
[[nodiscard]] netting_rule out_of_alliance_netting_rule(const policy& p);
[[nodiscard]] growth_cap_rule growth_cap_basis_rule(const policy& p);
// Guangdong: the unpaid part of the total payment is released by the score (total_payment_release_table).
[[nodiscard]] inline bool releases_total_payment(const policy& p) { return p.has("total_payment_release_table"); }

}  // namespace medbudget
