// Performance indicators from their counts, and the policy's score (docs/indicators.md).
#include "medbudget/indicators.hpp"

#include "medbudget/error.hpp"

namespace medbudget {

namespace {

const std::string no_previous = "no previous year's records (--previous-claims)";

indicator_value ratio(std::string id, std::int64_t num, std::int64_t den, const std::string& zero_why) {
  indicator_value v;
  v.id = std::move(id);
  v.numerator = std::to_string(num);
  v.denominator = std::to_string(den);
  if (den == 0) v.why_not = zero_why;
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
  indicator_value v = ratio(std::move(id), now - *before, *before, "the previous year's medfee_sumamt is zero");
  return v;
}

bool meets(const cpp_rational& fraction, const indicator_requirement& q) {
  const cpp_rational pct = fraction * 100;
  const cpp_rational t = q.threshold.to_rational();
  switch (q.comparison) {
    case indicator_comparison::lt: return pct < t;
    case indicator_comparison::le: return pct <= t;
    case indicator_comparison::gt: return pct > t;
    case indicator_comparison::ge: return pct >= t;
  }
  return false;
}

std::vector<indicator_value> values_of(const indicator_tally& now, const indicator_tally* before, std::size_t f,
                                       std::size_t a) {
  const indicator_counts& c = now.funds[f][a];
  const indicator_counts* b = before != nullptr ? &before->funds[f][a] : nullptr;
  std::vector<indicator_value> out;
  const std::string no_stays = "no inpatient stays of the alliance's local insured";
  out.push_back(ratio("in_county_inpatient_share", c.stays_in_county, c.stays, no_stays));
  {
    indicator_value v;
    v.id = "in_county_inpatient_share_change";
    if (b == nullptr) v.why_not = no_previous;
    else if (c.stays == 0) v.why_not = no_stays;
    else if (b->stays == 0) v.why_not = "no inpatient stays of the alliance's local insured in the previous year";
    else v.value = cpp_rational(c.stays_in_county, c.stays) - cpp_rational(b->stays_in_county, b->stays);
    out.push_back(std::move(v));
  }
  if (!now.has_medfee || (before != nullptr && !before->has_medfee))
    out.push_back(missing("cost_growth", "no medfee_sumamt column"));
  else
    out.push_back(growth("cost_growth", c.medfee, b != nullptr ? &b->medfee : nullptr));
  if (!now.has_medfee || !now.has_ownpay)
    out.push_back(missing("self_pay_rate", "no medfee_sumamt or fulamt_ownpay_amt column"));
  else
    out.push_back(ratio("self_pay_rate", c.member_ownpay, c.member_medfee, "no medfee_sumamt at the alliance's members"));
  if (!now.has_stay_times)
    out.push_back(missing("readmission_rate", "no adm_time or dscg_time column"));
  else
    out.push_back(ratio("readmission_rate", c.readmissions, c.readmit_stays, no_stays));
  if (!now.has_medfee)
    out.push_back(missing("reimbursement_ratio", "no medfee_sumamt column"));
  else
    out.push_back(ratio("reimbursement_ratio", c.scope_hifp, c.scope_medfee, "no medfee_sumamt within the budget scope"));
  out.push_back(ratio("primary_visit_share", c.primary_visits, c.visits, "no visits of the alliance's local insured"));
  const std::string no_spend = "no fund spend of the alliance's local insured";
  out.push_back(ratio("in_county_fund_share", c.hifp_in_county, c.hifp, no_spend));
  out.push_back(ratio("primary_fund_share", c.hifp_primary, c.hifp, no_spend));
  return out;
}

}  // namespace

const std::vector<std::string>& indicator_ids() {
  static const std::vector<std::string> ids = {
      "in_county_inpatient_share", "in_county_inpatient_share_change", "cost_growth",
      "self_pay_rate",             "readmission_rate",                 "reimbursement_ratio",
      "primary_visit_share",       "in_county_fund_share",             "primary_fund_share"};
  return ids;
}

std::int64_t day_number(int y, int m, int d) noexcept {
  // Days from civil (proleptic Gregorian), 1970-01-01 = 0.
  const int yy = m <= 2 ? y - 1 : y;
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
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

indicator_report evaluate_indicators(const policy& pol, const indicator_tally& now, const indicator_tally* before) {
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
      ai.indicators_met = true;
      for (const indicator_requirement& q : pol.indicators.requirements)
        for (indicator_value& v : ai.values)
          if (v.id == q.indicator) {
            v.requirement = q;
            v.met = v.value && meets(*v.value, q);
            if (v.met) ai.score = ai.score + q.points;
            ai.indicators_met = ai.indicators_met && v.met;
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
