// The year-end ledger: the corridor of bands, reserve release, entitlement and payment.
#include "medbudget/ledger.hpp"

#include <algorithm>  // min

namespace medbudget {

namespace {

using L = corridor_band::limit_kind;
using S = corridor_band::share_kind;
using C = corridor_band::cap_kind;

// Last year's pooled spend of the county's local insured, Σ_b E_{y−1,b} of the history; none when the
// history lacks the year.
std::optional<fen> last_year_spend(const fund_input& fund, int year) {
  for (const history_year& h : fund.inputs.history)
    if (h.year == year - 1) {
      fen sum;
      for (fen e : h.pooled_expenditure_by_band) sum += e;
      return sum;
    }
  return std::nullopt;
}

// The growth cap of the overspend's fund share (Harbin 五(一)3(3)), on the policy's growth_cap_basis.
void resolve_growth_cap(const policy& pol, int year, const fund_input& fund, const alliance_input& al,
                        const alliance_budget& budget, const std::string& ap, const std::string& fp,
                        resolved_band& r) {
  if (!fund.situation.city_avg_growth_rate) {
    r.cap_required = true;
    r.cap_missing_path = fp + ".city_avg_growth_rate";
    r.cap_missing_what = "missing: the city's recognised average growth rate caps the fund's share";
    return;
  }
  const rate g = *fund.situation.city_avg_growth_rate;
  if (g < rate{}) throw input_error(fp + ".city_avg_growth_rate", "must not be negative");
  const fen bp = budget.final_budget;
  if (growth_cap_basis_rule(pol) == growth_cap_rule::final_budget) {
    r.cap = mul(bp, g, pol.rounding_mode());
    r.cap_formula = "round(B' × g)";
    r.cap_figures = "round(" + bp.str() + " × " + g.percent() + ") = " + r.cap->str();
    return;
  }
  std::optional<fen> p = al.prior_year_spend;
  std::string source = "P = prior_year_spend " + (p ? p->str() : std::string());
  if (!p && fund.alliances.size() == 1) {
    p = last_year_spend(fund, year);
    if (p) source = "P = Σ_b E_" + std::to_string(year - 1) + ",b of the history " + p->str();
  }
  if (!p) {
    r.cap_required = true;
    r.cap_missing_path = ap + ".prior_year_spend";
    r.cap_missing_what = fund.alliances.size() == 1
                             ? "missing: last year's pooled spend of the alliance's local insured (growth_cap_basis "
                               "prior_spend_growth; the history has no year " + std::to_string(year - 1) + ")"
                             : "missing: last year's pooled spend of the alliance's local insured (growth_cap_basis "
                               "prior_spend_growth, required with several alliances)";
    return;
  }
  const fen grown = mul(*p, rate::from_integer(1) + g, pol.rounding_mode());
  r.cap = std::max(fen{}, grown - bp);
  r.cap_formula = "max(0, round(P × (1 + g)) − B')";
  r.cap_figures = source + "; max(0, round(" + p->str() + " × (1 + " + g.percent() + ")) − " + bp.str() +
                  ") = max(0, " + grown.str() + " − " + bp.str() + ") = " + r.cap->str();
}

resolved_band resolve_band(const policy& pol, int year, const corridor_band& b, const fund_input& fund,
                           const alliance_input& al, const alliance_budget& budget, const std::string& ap) {
  const std::string fp = ap.substr(0, ap.rfind(".alliances[")) + ".fund_situation";  // the fund's path
  resolved_band r;
  switch (b.limit) {
    case L::unbounded: break;
    case L::share_of_final_budget:
      r.limit = mul(budget.final_budget, pol.get<rate>(b.limit_parameter), pol.rounding_mode());
      if (b.at_most_case_amount == "reasonable_overspend" && al.actuals->reasonable_overspend) {
        r.stated = *al.actuals->reasonable_overspend;
        if (*r.stated < fen{}) throw input_error(ap + ".actuals.reasonable_overspend", "must not be negative");
        r.limit = std::min(*r.limit, *r.stated);
      }
      break;
    case L::case_amount: {
      const alliance_actuals& act = *al.actuals;
      if (b.case_amount_field == "force_majeure_overspend") {
        r.limit = act.force_majeure_overspend;
      } else if (act.reasonable_overspend) {
        r.limit = *act.reasonable_overspend;
        r.stated = r.limit;
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
    case C::growth_of_final_budget: resolve_growth_cap(pol, year, fund, al, budget, ap, fp, r); break;
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
    if (b.cap_required && o.shared > fen{}) throw input_error(b.cap_missing_path, b.cap_missing_what);
    if (b.cap) o.result = std::min(o.shared, *b.cap);
    total += o.result;
  }
  return total;
}

// The scheduled payments and the pass-through money of the terms.
void resolve_payments(const policy& pol, const alliance_input& al, const alliance_budget& budget,
                      const std::string& ap, alliance_terms& t) {
  const alliance_actuals& act = *al.actuals;
  t.net_monthly = !t.claims_paid && out_of_alliance_netting_rule(pol) == netting_rule::monthly;
  if (act.payments_made) {
    fen made = act.payments_made->advance;
    try {
      for (fen m : act.payments_made->monthly) made += m;
    } catch (const overflow_error&) {
      throw input_error(ap + ".actuals.payments_made.monthly", "the payments' sum is out of range for an amount");
    }
    t.payments_made = made;
  }
  t.nonlocal = act.in_alliance_nonlocal;
  t.nonlocal_paid = act.in_alliance_nonlocal_paid.value_or(act.in_alliance_nonlocal);
  const fen u = act.unattributed_local;
  switch (unattributed_local_rule(pol)) {
    case unattributed_rule::error:
      if (u != fen{})
        throw input_error(ap, u.str() + " of spend by local insured of no alliance at " + al.id + "'s members (" +
                                  (act.unattributed_from_records ? "records" : "actuals.unattributed_local") +
                                  "); set policy_overrides.unattributed_local to by_institution or pass_through");
      break;
    case unattributed_rule::by_institution: t.unattributed_in_alliance = u; break;
    case unattributed_rule::pass_through:
      t.unattributed = u;
      t.unattributed_paid = act.unattributed_local_paid.value_or(u);
      break;
  }
  if (releases_total_payment(pol)) {
    t.releases_total_payment = true;
    t.unpaid_total_payment = std::max(fen{}, budget.budget - budget.installment_total);
    if (al.perf.score) t.total_release_share = pol.get<threshold_table>("total_payment_release_table").lookup(*al.perf.score);
    else t.total_release_missing_path = ap + ".performance.score";
  }
}

}  // namespace

alliance_terms resolve_terms(const policy& pol, int year, const fund_input& fund, std::size_t a,
                             const alliance_budget& budget, fen out_of_alliance, fen in_alliance,
                             const std::string& ap) {
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
    t.surplus[i] = resolve_band(pol, year, pol.bands.surplus[i], fund, al, budget, ap);
  for (std::size_t i = 0; i < t.overspend_bands; ++i)
    t.overspend[i] = resolve_band(pol, year, pol.bands.overspend[i], fund, al, budget, ap);
  if (pol.reserve_release) {
    for (const auto& [key, amount] : budget.deduction_shares)
      if (key == "risk_reserve") t.reserve_base = amount;
    if (al.perf.score) t.release_share = pol.get<threshold_table>("reserve_release_table").lookup(*al.perf.score);
    else t.release_missing_path = ap + ".performance.score";
  }
  resolve_payments(pol, al, budget, ap, t);
  return t;
}

ledger_figures settle_ledger(const alliance_terms& t) {
  ledger_figures y;
  const fen in_alliance = t.in_alliance + t.unattributed_in_alliance;  // I (+ U by institution)
  y.balance = t.final_budget - t.out_of_alliance - in_alliance;
  if (y.balance >= fen{}) {
    // Break-even is a surplus (S ≥ 0): a first band whose share needs an input the case lacks (Hunan's
    // score) is an error at S = 0 too, though the band holds no money.
    if (y.balance == fen{} && t.gate_passed && t.surplus_bands > 0 && !t.surplus[0].share &&
        !t.surplus[0].missing_path.empty())
      throw input_error(t.surplus[0].missing_path, t.surplus[0].missing_what);
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
  if (t.releases_total_payment && t.unpaid_total_payment != fen{}) {  // after the corridor, not shared
    if (!t.total_release_share)
      throw input_error(t.total_release_missing_path,
                        "missing: the performance score sets the release of the total payment not pre-paid");
    y.total_payment_release = mul(t.unpaid_total_payment, *t.total_release_share, t.mode);
    y.performance_withhold = t.unpaid_total_payment - y.total_payment_release;
    ensure(y.performance_withhold >= fen{}, "the release within the total payment not pre-paid");
  }
  y.entitlement = t.final_budget - t.out_of_alliance - y.returned_surplus + y.fund_overspend_share + y.reserve_release -
                  y.performance_withhold;
  if (t.claims_paid) y.scheduled_paid = in_alliance + t.paid_in_advance;
  else y.scheduled_paid = t.net_monthly ? t.paid_in_advance - t.out_of_alliance : t.paid_in_advance;
  y.paid_during_year = t.payments_made ? *t.payments_made : y.scheduled_paid;
  if (t.payments_made) y.paid_vs_schedule_difference = y.paid_during_year - y.scheduled_paid;
  y.budget_clearing = y.entitlement - y.paid_during_year;
  y.nonlocal_clearing = t.nonlocal - t.nonlocal_paid;
  y.unattributed_clearing = t.unattributed - t.unattributed_paid;
  y.year_end_payment = y.budget_clearing + y.nonlocal_clearing + y.unattributed_clearing;
  // The identities of the ledger, in release builds too.
  ensure(y.year_end_payment == y.budget_clearing + y.nonlocal_clearing + y.unattributed_clearing &&
             y.budget_clearing + y.paid_during_year == y.entitlement,
         "ledger identity");
  ensure(t.nonlocal_paid + y.nonlocal_clearing == t.nonlocal && t.unattributed_paid + y.unattributed_clearing == t.unattributed,
         "pass-through identity: paid during the year + clearing = amount");
  ensure(y.entitlement == t.final_budget - t.out_of_alliance - y.returned_surplus + y.fund_overspend_share +
                              y.reserve_release - y.performance_withhold,
         "entitlement formula");
  ensure(y.balance >= fen{} ? y.retained_surplus + y.returned_surplus == y.balance
                            : y.fund_overspend_share + y.alliance_overspend_burden == -y.balance,
         "the balance split in full");
  ensure(!t.releases_total_payment || t.unpaid_total_payment == fen{} ||
             y.total_payment_release + y.performance_withhold == t.unpaid_total_payment,
         "total payment release + withhold = the total payment not pre-paid");
  ensure(!y.paid_vs_schedule_difference || y.paid_during_year - *y.paid_vs_schedule_difference == y.scheduled_paid,
         "payments made − difference = the scheduled payments");
  return y;
}

}  // namespace medbudget
