// Performance indicators from their counts, and the policy's score (docs/indicators.md).
#include "medbudget/indicators.hpp"

#include "medbudget/error.hpp"

namespace medbudget {

namespace {

const std::string no_previous = "no previous year's records (--previous-claims)";
const std::string why_no_records = "no records";
const std::string why_negative = "net count or amount is negative";
const std::string previous_year = "the previous year: ";
const std::string fact_not_given = "fact not given";

// num / den: not computable when den is 0 (nothing counted) or negative (reversals of stays or
// payments of another file outweigh this file's records).
indicator_value ratio(std::string id, std::int64_t num, std::int64_t den) {
  indicator_value v;
  v.id = std::move(id);
  v.numerator = std::to_string(num);
  v.denominator = std::to_string(den);
  if (den == 0) v.why_not = why_no_records;
  else if (den < 0) v.why_not = why_negative;
  else v.value = cpp_rational(num, den);
  return v;
}

indicator_value missing(std::string id, std::string why) {
  indicator_value v;
  v.id = std::move(id);
  v.why_not = std::move(why);
  return v;
}

// (now − before) / before.
indicator_value growth(std::string id, std::int64_t now, const std::int64_t* before) {
  if (before == nullptr) return missing(std::move(id), no_previous);
  std::int64_t diff = 0;
  if (__builtin_sub_overflow(now, *before, &diff)) throw overflow_error("the growth of medfee_sumamt");
  indicator_value v = ratio(std::move(id), diff, *before);
  if (!v.value) v.why_not = previous_year + v.why_not;
  return v;
}

bool compare(const cpp_rational& value, indicator_comparison c, const cpp_rational& t) {
  switch (c) {
    case indicator_comparison::lt: return value < t;
    case indicator_comparison::le: return value <= t;
    case indicator_comparison::gt: return value > t;
    case indicator_comparison::ge: return value >= t;
  }
  return false;
}

std::vector<indicator_value> values_of(const indicator_tally& now, const indicator_tally* before, std::size_t f,
                                       std::size_t a) {
  const indicator_counts& c = now.funds[f][a];
  const indicator_counts* b = before != nullptr ? &before->funds[f][a] : nullptr;
  std::vector<indicator_value> out;
  out.push_back(ratio("in_county_inpatient_share", c.stays_in_county, c.stays));
  {
    indicator_value v;
    v.id = "in_county_inpatient_share_change";
    const indicator_value share = out.back();
    if (b == nullptr) {
      v.why_not = no_previous;
    } else if (!share.value) {
      v.why_not = "this year: " + share.why_not;
    } else {
      const indicator_value was = ratio("", b->stays_in_county, b->stays);
      if (!was.value) v.why_not = previous_year + was.why_not;
      else v.value = *share.value - *was.value;
    }
    out.push_back(std::move(v));
  }
  if (!now.has_medfee || (before != nullptr && !before->has_medfee))
    out.push_back(missing("cost_growth", "no medfee_sumamt column"));
  else
    out.push_back(growth("cost_growth", c.medfee, b != nullptr ? &b->medfee : nullptr));
  if (!now.has_medfee || !now.has_ownpay)
    out.push_back(missing("self_pay_rate", "no medfee_sumamt or fulamt_ownpay_amt column"));
  else
    out.push_back(ratio("self_pay_rate", c.member_ownpay, c.member_medfee));
  if (!now.has_stay_times)
    out.push_back(missing("readmission_rate", "no adm_time or dscg_time column"));
  else
    out.push_back(ratio("readmission_rate", c.readmissions, c.readmit_stays));
  if (!now.has_medfee)
    out.push_back(missing("reimbursement_ratio", "no medfee_sumamt column"));
  else
    out.push_back(ratio("reimbursement_ratio", c.scope_hifp, c.scope_medfee));
  out.push_back(ratio("primary_visit_share", c.primary_visits, c.visits));
  out.push_back(ratio("in_county_fund_share", c.hifp_in_county, c.hifp));
  out.push_back(ratio("primary_fund_share", c.hifp_primary, c.hifp));
  return out;
}

// The case fact a requirement names, from the alliance's facts (may be null).
fact_value fact_of(const indicator_requirement& q, const std::map<std::string, rate>* facts) {
  fact_value v;
  v.name = q.case_fact;
  v.requirement = q;
  auto given = [&](const std::string& name) -> std::optional<rate> {
    if (facts == nullptr) return std::nullopt;
    const auto it = facts->find(name);
    return it == facts->end() ? std::nullopt : std::optional<rate>(it->second);
  };
  if (q.case_fact == "signing_rate_change") {
    const auto now = given("signing_rate");
    const auto was = given("signing_rate_prev");
    if (now && was) v.value = *now - *was;
  } else {
    v.value = given(q.case_fact);
  }
  if (!v.value) v.why_not = fact_not_given;
  v.met = v.value && compare(v.value->to_rational(), q.comparison, q.threshold.to_rational());
  return v;
}

}  // namespace

const std::vector<std::string>& indicator_ids() {
  static const std::vector<std::string> ids = {
      "in_county_inpatient_share", "in_county_inpatient_share_change", "cost_growth",
      "self_pay_rate",             "readmission_rate",                 "reimbursement_ratio",
      "primary_visit_share",       "in_county_fund_share",             "primary_fund_share"};
  return ids;
}

const std::vector<std::string>& case_fact_names() {
  static const std::vector<std::string> names = {"fraud_events", "shirking_complaints", "signing_rate",
                                                 "signing_rate_prev", "signing_rate_change", "satisfaction"};
  return names;
}

bool meets_requirement(const cpp_rational& fraction, const indicator_requirement& q) {
  return compare(fraction * 100, q.comparison, q.threshold.to_rational());
}

std::string percent_text(const cpp_rational& fraction, int decimals) {
  cpp_int scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  const cpp_int n = detail::round_rational(fraction * 100 * scale, rounding::half_away_from_zero);
  const bool negative = n < 0;
  std::string digits = (negative ? cpp_int(-n) : n).str();
  if (decimals > 0) {
    const auto d = static_cast<std::size_t>(decimals);
    if (digits.size() <= d) digits.insert(0, d + 1 - digits.size(), '0');
    digits.insert(digits.size() - d, ".");
  }
  return negative ? "-" + digits : digits;
}

std::string percent_beside(const cpp_rational& fraction, int decimals, const std::optional<indicator_requirement>& q) {
  if (!q || q->indicator.empty()) return percent_text(fraction, decimals);
  // The shown figure rounded to d places is compared with the threshold as a reader would; more
  // places until it agrees with the exact comparison. It always does once 10^-d is below the
  // distance to the threshold and d covers the threshold's own places: within 60 more for any
  // fraction of 64-bit integers and a threshold of at most 18 places.
  const bool met = meets_requirement(fraction, *q);
  const cpp_rational t = q->threshold.to_rational();
  cpp_int scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  for (int d = decimals; d <= decimals + 60; ++d, scale *= 10) {
    const cpp_rational shown(detail::round_rational(fraction * 100 * scale, rounding::half_away_from_zero), scale);
    if (compare(shown, q->comparison, t) == met) return percent_text(fraction, d);
  }
  throw invariant_error("a percentage that no number of places shows on the right side of its threshold");
}

indicator_report evaluate_indicators(const policy& pol, const indicator_tally& now, const indicator_tally* before,
                                     const alliance_facts* facts) {
  if (before != nullptr && before->alliances != now.alliances)
    throw input_error("previous_claims", "the previous year's records are read with another registry's alliances");
  indicator_report r;
  r.county = now.county;
  r.year = now.year;
  r.policy_id = pol.id;
  r.scoring = pol.indicators.scoring;
  r.decimals = pol.indicators.decimals;
  r.readmission_days = now.readmission_days;
  r.previous_year = before != nullptr;
  static const char* const insutypes[] = {"310", "390"};
  for (std::size_t f = 0; f < now.funds.size(); ++f) {
    fund_indicators fi;
    fi.insutype = insutypes[f];
    for (std::size_t a = 0; a < now.alliances.size(); ++a) {
      alliance_indicators ai;
      ai.id = now.alliances[a];
      ai.values = values_of(now, before, f, a);
      const std::map<std::string, rate>* given = nullptr;
      if (facts != nullptr)
        if (const auto it = facts->find({fi.insutype, ai.id}); it != facts->end()) given = &it->second;
      ai.indicators_met = true;
      for (const indicator_requirement& q : pol.indicators.requirements) {
        bool met = false;
        if (!q.case_fact.empty()) {
          ai.facts.push_back(fact_of(q, given));
          met = ai.facts.back().met;
        } else {
          for (indicator_value& v : ai.values)
            if (v.id == q.indicator) {
              v.requirement = q;
              v.met = v.value && meets_requirement(*v.value, q);
              met = v.met;
            }
        }
        if (met) ai.score = ai.score + q.points;
        ai.indicators_met = ai.indicators_met && met;
      }
      if (pol.indicators.scoring == indicator_scoring::pass_fail) ai.perf.indicators_met = ai.indicators_met;
      if (pol.indicators.scoring == indicator_scoring::score) ai.perf.score = ai.score;
      fi.alliances.push_back(std::move(ai));
    }
    r.funds.push_back(std::move(fi));
  }
  return r;
}

}  // namespace medbudget
