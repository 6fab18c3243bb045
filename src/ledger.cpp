// The year-end ledger: the corridor of bands, reserve release, entitlement and payment.
#include "medbudget/ledger.hpp"

#include <algorithm>  // min

namespace medbudget {

namespace {

using L = corridor_band::limit_kind;
using S = corridor_band::share_kind;
using C = corridor_band::cap_kind;

resolved_band resolve_band(const policy& pol, const corridor_band& b, const fund_input& fund,
                           const alliance_input& al, const alliance_budget& budget, const std::string& ap) {
  const std::string fp = ap.substr(0, ap.rfind(".alliances[")) + ".fund_situation";  // the fund's path
  resolved_band r;
  switch (b.limit) {
    case L::unbounded: break;
    case L::share_of_final_budget:
      r.limit = mul(budget.final_budget, pol.get<rate>(b.limit_parameter), pol.rounding_mode());
      break;
    case L::case_amount: {
      const alliance_actuals& act = *al.actuals;
      if (b.case_amount_field == "force_majeure_overspend") {
        r.limit = act.force_majeure_overspend;
      } else if (act.reasonable_overspend) {
        r.limit = *act.reasonable_overspend;
      } else if (!b.case_amount_absent_unbounded) {
        r.limit = fen{};
      }
      if (r.limit && *r.limit < fen{})
        throw input_error(ap + ".actuals." + b.case_amount_field, "must not be negative");
      break;
    }
  }
  switch (b.share) {
    case S::fixed:
      r.share = b.share_parameter.empty() ? b.fixed_share : pol.get<rate>(b.share_parameter);
      break;
    case S::score_table:
      if (al.perf.score) {
        r.share = pol.get<threshold_table>(b.share_parameter).lookup(*al.perf.score);
      } else {
        r.missing_path = ap + ".performance.score";
        r.missing_what = "missing: the performance score sets the share of this band";
      }
      break;
    case S::case_ratio: {
      const auto& ratio = fund.situation.overspend_share_ratio;
      if (ratio) {
        if (*ratio < rate{} || *ratio > rate::from_integer(1))
          throw input_error(fp + ".overspend_share_ratio", "expected a rate from 0 to 1");
        r.share = *ratio;
      } else if (!b.share_parameter.empty()) {
        r.share = pol.get<rate>(b.share_parameter);
      } else {
        r.missing_what = "missing: the fund's share ratio of the overspend (视基金结余情况), required when there is one";
        r.missing_path = fp + ".overspend_share_ratio";
      }
      break;
    }
  }
  switch (b.cap) {
    case C::none: break;
    case C::growth_of_final_budget:
      if (fund.situation.city_avg_growth_rate) {
        if (*fund.situation.city_avg_growth_rate < rate{})
          throw input_error(fp + ".city_avg_growth_rate", "must not be negative");
        r.cap = mul(budget.final_budget, *fund.situation.city_avg_growth_rate, pol.rounding_mode());
      } else {
        r.cap_required = true;
        r.cap_missing_path = fp + ".city_avg_growth_rate";
      }
      break;
    case C::alliance_deduction:
      for (const auto& [key, amount] : budget.deduction_shares)
        if (key == b.cap_deduction) r.cap = amount;
      break;
  }
  return r;
}

// Walks one side of the corridor; returns the sum of the bands' results.
fen walk(const alliance_terms& t, const std::array<resolved_band, max_corridor_bands>& bands, std::size_t n,
         fen magnitude, std::array<band_outcome, max_corridor_bands>& out) {
  fen total;
  fen lower;
  for (std::size_t i = 0; i < n; ++i) {
    const resolved_band& b = bands[i];
    const fen upper = b.limit ? std::max(lower, std::min(magnitude, *b.limit)) : magnitude;
    band_outcome& o = out[i];
    o.in_band = std::max(fen{}, upper - lower);
    lower = std::max(lower, upper);
    if (!t.gate_passed || o.in_band == fen{}) continue;
    if (!b.share) throw input_error(b.missing_path, b.missing_what);
    o.shared = mul(o.in_band, *b.share, t.mode);
    o.result = o.shared;
    if (b.cap_required && o.shared > fen{})
      throw input_error(b.cap_missing_path, "missing: the city's recognised average growth rate caps the fund's share");
    if (b.cap) o.result = std::min(o.shared, *b.cap);
    total += o.result;
  }
  return total;
}

}  // namespace

alliance_terms resolve_terms(const policy& pol, const fund_input& fund, std::size_t a, const alliance_budget& budget,
                             fen out_of_alliance, fen in_alliance, const std::string& ap) {
  const alliance_input& al = fund.alliances[a];
  ensure(al.actuals.has_value(), "resolve_terms needs the alliance's actuals");
  alliance_terms t;
  t.mode = pol.rounding_mode();
  t.final_budget = budget.final_budget;
  t.out_of_alliance = out_of_alliance;
  t.in_alliance = in_alliance;
  t.claims_paid = pol.family == settlement_family::claims_paid;
  t.paid_in_advance = t.claims_paid ? budget.advance : budget.installment_total;
  if (pol.performance_gate) {
    if (!al.perf.indicators_met)
      throw input_error(ap + ".performance.indicators_met",
                        "missing: this policy pays retention and shares overspend only when every indicator is met");
    t.gate_passed = *al.perf.indicators_met;
  }
  if (pol.bands.surplus.size() > max_corridor_bands || pol.bands.overspend.size() > max_corridor_bands)
    throw input_error("policy.corridor", "at most " + std::to_string(max_corridor_bands) + " bands a side");
  t.surplus_bands = pol.bands.surplus.size();
  t.overspend_bands = pol.bands.overspend.size();
  for (std::size_t i = 0; i < t.surplus_bands; ++i)
    t.surplus[i] = resolve_band(pol, pol.bands.surplus[i], fund, al, budget, ap);
  for (std::size_t i = 0; i < t.overspend_bands; ++i)
    t.overspend[i] = resolve_band(pol, pol.bands.overspend[i], fund, al, budget, ap);
  if (pol.reserve_release) {
    for (const auto& [key, amount] : budget.deduction_shares)
      if (key == "risk_reserve") t.reserve_base = amount;
    if (al.perf.score) t.release_share = pol.get<threshold_table>("reserve_release_table").lookup(*al.perf.score);
    else t.release_missing_path = ap + ".performance.score";
  }
  return t;
}

ledger_figures settle_ledger(const alliance_terms& t) {
  ledger_figures y;
  y.balance = t.final_budget - t.out_of_alliance - t.in_alliance;
  if (y.balance >= fen{}) {
    y.retained_surplus = walk(t, t.surplus, t.surplus_bands, y.balance, y.bands);
    y.returned_surplus = y.balance - y.retained_surplus;
    ensure(y.retained_surplus >= fen{} && y.returned_surplus >= fen{}, "retained surplus within the balance");
  } else {
    const fen overspend = -y.balance;
    y.fund_overspend_share = walk(t, t.overspend, t.overspend_bands, overspend, y.bands);
    y.alliance_overspend_burden = overspend - y.fund_overspend_share;
    ensure(y.fund_overspend_share >= fen{} && y.alliance_overspend_burden >= fen{}, "fund share within the overspend");
  }
  if (t.reserve_base != fen{}) {
    if (!t.release_share)
      throw input_error(t.release_missing_path, "missing: the performance score sets the risk reserve's release");
    y.reserve_release = mul(t.reserve_base, *t.release_share, t.mode);
  }
  y.entitlement = t.final_budget - t.out_of_alliance - y.returned_surplus + y.fund_overspend_share + y.reserve_release;
  y.paid_during_year = t.claims_paid ? t.in_alliance + t.paid_in_advance : t.paid_in_advance;
  y.year_end_payment = y.entitlement - y.paid_during_year;
  ensure(y.year_end_payment + y.paid_during_year == y.entitlement, "ledger identity");
  return y;
}

}  // namespace medbudget
