// The driver: budget, actuals, ledger, member distribution and lines, in that order.
#include "medbudget/settle.hpp"

#include "explain.hpp"
#include "medbudget/budget.hpp"
#include "medbudget/ledger.hpp"

namespace medbudget {

namespace {

constexpr std::size_t months_per_year = 12;

std::string fund_path(std::size_t f) { return "funds[" + std::to_string(f) + "]"; }

fund_statement fund_part(const case_input& c, const fund_budget& b) {
  fund_statement fs;
  fs.insutype = b.insutype;
  fs.base_expenditure = b.base_expenditure;
  fs.regional_budget = b.regional_budget;
  fs.deductions = b.deductions;
  fs.cap_bound = b.cap_bound;
  fs.budget_fields = b.fields;
  if (c.pol.allocation == allocation_rule::age_band_capitation) fs.band_standards = displayed_standards(c.pol, b);
  fs.lines = b.lines;
  return fs;
}

alliance_statement alliance_part(const alliance_input& al, const alliance_budget& ab) {
  alliance_statement as;
  as.id = al.id;
  as.name = al.name;
  as.budget = ab.budget;
  as.final_budget = ab.final_budget;
  as.advance = ab.advance;
  as.installments = ab.installments;
  as.installment_base = ab.installment_base;
  as.lines = ab.lines;
  return as;
}

void check_actuals(const alliance_actuals& act, const std::string& ap) {
  const std::pair<fen, const char*> fields[] = {{act.in_alliance_local, "in_alliance_local"},
                                                {act.out_of_alliance_local, "out_of_alliance_local"},
                                                {act.in_alliance_nonlocal, "in_alliance_nonlocal"},
                                                {act.force_majeure_overspend, "force_majeure_overspend"}};
  for (const auto& [v, name] : fields)
    if (v < fen{}) throw input_error(ap + ".actuals." + name, "must not be negative");
  const std::pair<std::optional<fen>, const char*> optional_fields[] = {
      {act.in_alliance_nonlocal_paid, "in_alliance_nonlocal_paid"},
      {act.unattributed_local, "unattributed_local"},
      {act.unattributed_local_paid, "unattributed_local_paid"},
      {act.payments_made ? std::optional<fen>(act.payments_made->advance) : std::nullopt, "payments_made.advance"}};
  for (const auto& [v, name] : optional_fields)
    if (v && *v < fen{}) throw input_error(ap + ".actuals." + name, "must not be negative");
  if (act.payments_made && act.payments_made->monthly.size() != months_per_year)
    throw input_error(ap + ".actuals.payments_made.monthly",
                      "expected exactly 12 months, January first, got " + std::to_string(act.payments_made->monthly.size()));
  if (act.monthly) {
    const std::size_t n = std::max(act.monthly->in_alliance_local.size(), act.monthly->out_of_alliance_local.size());
    if (n < months_per_year)
      throw input_error(ap + ".actuals.monthly", "the year is not over: " + std::to_string(n) +
                                                     " months given, settlement needs 12");
  }
}

// Package-paid, O netted monthly: each month's installment less that month's O.
void net_months(const alliance_actuals& act, const alliance_budget& ab, const std::string& ap,
                alliance_statement& as) {
  if (!act.monthly || act.monthly->out_of_alliance_local.size() != months_per_year)
    throw input_error(ap + ".actuals.monthly.out_of_alliance_local",
                      "missing: the 12 months of O, required under out_of_alliance_netting monthly");
  ensure(ab.installments.size() == months_per_year, "12 installments");
  fen o;
  for (std::size_t m = 0; m < months_per_year; ++m) {
    const fen om = act.monthly->out_of_alliance_local[m];
    as.net_installments.push_back(ab.installments[m] - om);
    o += om;
  }
  as.out_of_alliance_netted = o;
}

// The lines of monthly netting, from the statement's months.
void explain_netting(const policy& pol, alliance_statement& as) {
  std::string months;
  fen net;
  for (std::size_t m = 0; m < as.net_installments.size(); ++m) {
    const fen om = as.installments[m] - as.net_installments[m];
    net += as.net_installments[m];
    months += (m == 0 ? "" : ", ") + std::to_string(m + 1) + ": " + as.installments[m].str() + " − " + om.str() +
              " = " + as.net_installments[m].str();
  }
  as.lines.push_back(explain::make(pol, "out_of_alliance_netted", "按月抵扣医共体外费用",
                                   "out-of-alliance spend netted monthly", as.out_of_alliance_netted->str(), "Σ_m O_m",
                                   "the 12 months of O sum to " + as.out_of_alliance_netted->str()));
  as.lines.push_back(explain::make(pol, "net_installments", "按月净预拨合计", "net installments total", net.str(),
                                   "Σ_m (installment_m − O_m)", months + "; total " + net.str()));
}

// Guangdong: the total payment not pre-paid, released by the score after the corridor.
void explain_total_payment(const policy& pol, const alliance_terms& t, const ledger_figures& y, alliance_statement& as) {
  auto add = [&](const char* key, const char* zh, const char* en, fen amount, std::string formula, std::string figures) {
    as.lines.push_back(explain::make(pol, key, zh, en, amount.str(), std::move(formula), std::move(figures)));
  };
  const fen q = t.paid_in_advance;
  add("unpaid_total_payment", "未预拨总额付费金额", "total payment not pre-paid U", t.unpaid_total_payment,
      "max(0, B − Q)", "max(0, " + as.budget.str() + " − " + q.str() + ") = " + t.unpaid_total_payment.str());
  const std::string share = t.total_release_share ? t.total_release_share->percent() : std::string("—");
  add("total_payment_release", "结清总额付费金额（绩效）", "total payment released by performance",
      y.total_payment_release, "round(table_T(score) × U)",
      t.unpaid_total_payment.str() + " × " + share + " = " + y.total_payment_release.str());
  add("performance_withhold", "绩效扣减总额付费金额", "performance withhold", y.performance_withhold, "U − release",
      t.unpaid_total_payment.str() + " − " + y.total_payment_release.str() + " = " + y.performance_withhold.str() +
          " (deducted after the corridor, not shared)");
  as.unpaid_total_payment = t.unpaid_total_payment;
  as.total_payment_release = y.total_payment_release;
  as.performance_withhold = y.performance_withhold;
}

// Paid during the year, the budget clearing, the pass-through clearings and the year-end payment.
void explain_payments(const policy& pol, const alliance_terms& t, const ledger_figures& y, const alliance_actuals& act,
                      alliance_statement& as) {
  auto add = [&](const char* key, const char* zh, const char* en, fen amount, std::string formula, std::string figures) {
    as.lines.push_back(explain::make(pol, key, zh, en, amount.str(), std::move(formula), std::move(figures)));
  };
  const fen in_alliance = t.in_alliance + t.unattributed_in_alliance;
  if (t.net_monthly) explain_netting(pol, as);
  std::string scheduled_formula, scheduled_figures;
  if (t.claims_paid) {
    scheduled_formula = "I + advance";
    scheduled_figures = in_alliance.str() + " + " + t.paid_in_advance.str() + " = " + y.scheduled_paid.str();
  } else if (t.net_monthly) {
    scheduled_formula = "Σ installments − O (netted monthly)";
    scheduled_figures = t.paid_in_advance.str() + " − " + t.out_of_alliance.str() + " = " + y.scheduled_paid.str();
  } else {
    scheduled_formula = "Σ installments";
    scheduled_figures = y.scheduled_paid.str();
  }
  if (!y.paid_vs_schedule_difference) {
    add("paid_during_year", "年内已拨付", "paid during the year", y.paid_during_year, scheduled_formula,
        scheduled_figures);
  } else {
    add("paid_during_year", "年内已拨付", "paid during the year", y.paid_during_year,
        "advance + Σ monthly (payments made)",
        "payments made " + y.paid_during_year.str() + "; scheduled " + scheduled_formula + ": " + scheduled_figures);
    add("paid_vs_schedule_difference", "实际拨付与应拨付差额", "paid vs schedule difference",
        *y.paid_vs_schedule_difference, "paid during the year − scheduled",
        y.paid_during_year.str() + " − " + y.scheduled_paid.str() + " = " + y.paid_vs_schedule_difference->str());
    as.paid_vs_schedule_difference = y.paid_vs_schedule_difference;
  }
  add("budget_clearing", "预算清算", "budget clearing", y.budget_clearing, "entitlement − paid during the year",
      y.entitlement.str() + " − " + y.paid_during_year.str() + " = " + y.budget_clearing.str());
  add("nonlocal_paid_during_year", "非属地参保人员费用年内已拨付", "non-local spend paid during the year", t.nonlocal_paid,
      "NL_paid", act.in_alliance_nonlocal_paid ? "as stated (actuals.in_alliance_nonlocal_paid)" : "NL paid in full during the year");
  add("nonlocal_clearing", "清算拨付非属地参保人员费用", "non-local clearing", y.nonlocal_clearing, "NL − NL_paid",
      t.nonlocal.str() + " − " + t.nonlocal_paid.str() + " = " + y.nonlocal_clearing.str());
  if (unattributed_local_rule(pol) == unattributed_rule::pass_through) {
    add("unattributed_local", "未归属参保人员医共体内费用", "unattributed local spend U", t.unattributed, "U",
        "paid at actuals, outside the budget and the balance");
    add("unattributed_paid_during_year", "未归属参保人员费用年内已拨付", "unattributed spend paid during the year",
        t.unattributed_paid, "U_paid",
        act.unattributed_local_paid ? "as stated (actuals.unattributed_local_paid)" : "U paid in full during the year");
    add("unattributed_clearing", "清算拨付未归属参保人员费用", "unattributed clearing", y.unattributed_clearing,
        "U − U_paid", t.unattributed.str() + " − " + t.unattributed_paid.str() + " = " + y.unattributed_clearing.str());
  }
  add("year_end_payment", y.year_end_payment >= fen{} ? "年终应拨付医共体" : "年终医共体应返还",
      "year-end payment", y.year_end_payment, "budget clearing + pass-through clearings",
      y.budget_clearing.str() + " + " + y.nonlocal_clearing.str() + " + " + y.unattributed_clearing.str() + " = " +
          y.year_end_payment.str());
}

// Year-end lines, built from the figures.
void explain_year_end(const policy& pol, const alliance_terms& t, const ledger_figures& y, const alliance_actuals& act,
                      alliance_statement& as) {
  auto add = [&](const char* key, const char* zh, const char* en, fen amount, std::string formula, std::string figures) {
    as.lines.push_back(explain::make(pol, key, zh, en, amount.str(), std::move(formula), std::move(figures)));
  };
  const std::string bp = t.final_budget.str();
  const fen in_alliance = t.in_alliance + t.unattributed_in_alliance;
  add("out_of_alliance_local", "医共体外属地统筹支出", "out-of-alliance local spend O", t.out_of_alliance, "O",
      t.net_monthly ? "paid by the agency directly, netted from the monthly installments"
                    : "paid by the agency directly, deducted at the year end");
  if (unattributed_local_rule(pol) == unattributed_rule::by_institution)
    add("in_alliance_local", "医共体内属地统筹支出", "in-alliance local spend I", in_alliance, "I_attributed + U",
        t.in_alliance.str() + " + " + t.unattributed_in_alliance.str() + " = " + in_alliance.str() +
            " (U: local insured of no alliance, counted by the treating alliance)");
  else
    add("in_alliance_local", "医共体内属地统筹支出", "in-alliance local spend I", t.in_alliance, "I",
        "paid monthly at actuals");
  add("in_alliance_nonlocal", "非属地参保人员医共体内费用", "in-alliance non-local spend NL", as.in_alliance_nonlocal,
      "NL", "paid at actuals, outside the budget and the balance");
  add("balance", "结余（超支）", "balance S", y.balance, "S = B' − O − I",
      bp + " − " + t.out_of_alliance.str() + " − " + in_alliance.str() + " = " + y.balance.str());
  if (!t.gate_passed)
    as.lines.push_back(explain::make(pol, "performance_gate", "绩效考核未达标", "performance gate failed", "0.00",
                                     "indicators not met: nothing retained, nothing shared", "indicators_met = false"));
  const bool surplus = y.balance >= fen{};
  const auto& bands = surplus ? pol.bands.surplus : pol.bands.overspend;
  const auto& resolved = surplus ? t.surplus : t.overspend;
  if (!surplus)
    for (std::size_t i = 0; i < bands.size(); ++i) {
      const resolved_band& r = resolved[i];
      if (r.stated && !bands[i].at_most_case_amount.empty()) {
        const fen by_rate = mul(t.final_budget, pol.get<rate>(bands[i].limit_parameter), t.mode);
        add("reasonable_overspend", "认定合理超支", "stated reasonable overspend", *r.stated,
            "band " + std::to_string(i + 1) + " = min(D, round(" + pol.get<rate>(bands[i].limit_parameter).percent() +
                " × B'), stated)",
            "min(" + (-y.balance).str() + ", " + by_rate.str() + ", " + r.stated->str() + ") = " +
                std::min(-y.balance, *r.limit).str());
      } else if (r.stated && bands[i].limit == corridor_band::limit_kind::case_amount &&
                 bands[i].case_amount_field == "reasonable_overspend") {
        add("reasonable_overspend", "认定合理超支", "stated reasonable overspend", *r.stated,
            "band " + std::to_string(i + 1) + " = min(D, stated)",
            "min(" + (-y.balance).str() + ", " + r.stated->str() + ") = " + std::min(-y.balance, *r.stated).str());
      }
      if (t.gate_passed && r.cap && !r.cap_formula.empty())
        add("growth_cap", "平均增长率确定的补偿额上限", "growth-rate compensation cap", *r.cap, r.cap_formula,
            r.cap_figures);
    }
  for (std::size_t i = 0; i < bands.size(); ++i) {
    const resolved_band& r = resolved[i];
    const band_outcome& o = y.bands[i];
    std::string limit = r.limit ? r.limit->str() : "∞";
    std::string f = "band " + std::to_string(i + 1) + ": in band " + o.in_band.str() +
                    " of |S| " + (surplus ? y.balance : -y.balance).str() + " (limit " + limit + ")";
    if (r.share) f += "; × " + r.share->percent() + " = " + o.shared.str();
    if (r.cap) f += "; cap " + r.cap->str() + " → " + o.result.str();
    as.lines.push_back(explain::make(pol, surplus ? "surplus_band" : "overspend_band",
                                     surplus ? "结余分段" : "超支分段", surplus ? "surplus band" : "overspend band",
                                     o.result.str(),
                                     surplus ? "retained = round(share × min(S, limit))"
                                             : "fund share = min(round(ratio × min(D, limit)), cap)",
                                     f));
  }
  if (surplus) {
    add("retained_surplus", "结余留用", "retained surplus", y.retained_surplus, "Σ bands (alliance keeps)",
        "retained " + y.retained_surplus.str() + " of S " + y.balance.str());
    add("returned_surplus", "结余返还基金", "returned surplus", y.returned_surplus, "S − retained",
        y.balance.str() + " − " + y.retained_surplus.str() + " = " + y.returned_surplus.str());
  } else {
    add("fund_overspend_share", "基金分担超支", "fund overspend share", y.fund_overspend_share, "Σ bands (fund bears)",
        "fund bears " + y.fund_overspend_share.str() + " of D " + (-y.balance).str());
    add("alliance_overspend_burden", "医共体承担超支", "alliance overspend burden", y.alliance_overspend_burden,
        "D − fund share",
        (-y.balance).str() + " − " + y.fund_overspend_share.str() + " = " + y.alliance_overspend_burden.str());
  }
  if (pol.reserve_release)
    add("reserve_release", "风险金结清", "risk reserve release", y.reserve_release, "round(release rate(score) × K_a)",
        t.reserve_base.str() + " × " + (t.release_share ? t.release_share->percent() : std::string("?")) + " = " +
            y.reserve_release.str());
  std::string entitlement_formula = "B' − O − returned + fund share + release";
  std::string entitlement_figures = bp + " − " + t.out_of_alliance.str() + " − " + y.returned_surplus.str() + " + " +
                                    y.fund_overspend_share.str() + " + " + y.reserve_release.str();
  if (t.releases_total_payment) {
    explain_total_payment(pol, t, y, as);
    entitlement_formula += " − performance withhold";
    entitlement_figures += " − " + y.performance_withhold.str();
  }
  add("entitlement", "年度应得", "entitlement", y.entitlement, entitlement_formula,
      entitlement_figures + " = " + y.entitlement.str());
  explain_payments(pol, t, y, act, as);
}

void distribute_to_members(const policy& pol, const alliance_input& al, const std::string& ap, alliance_statement& as) {
  if (as.retained_surplus <= fen{} || al.members.empty()) return;
  std::vector<rate> weights;
  for (std::size_t m = 0; m < al.members.size(); ++m) {
    if (al.members[m].weight < rate{})
      throw input_error(ap + ".members[" + std::to_string(m) + "].weight", "must not be negative");
    weights.push_back(al.members[m].weight);
  }
  rate sum;
  for (rate w : weights) sum = sum + w;
  if (sum == rate{}) throw input_error(ap + ".members", "members' weights sum to zero");
  const std::vector<fen> parts = apportion(as.retained_surplus, weights);
  fen check;
  for (std::size_t m = 0; m < parts.size(); ++m) {
    as.member_distribution.emplace_back(al.members[m].id, parts[m]);
    check += parts[m];
    as.lines.push_back(explain::make(pol, "member_distribution", "成员单位分配 " + al.members[m].id,
                                     "member share " + al.members[m].id, parts[m].str(),
                                     "retained × weight / Σ weights (largest remainder)",
                                     as.retained_surplus.str() + " × " + weights[m].str() + " / " + sum.str() + " = " +
                                         parts[m].str()));
  }
  ensure(check == as.retained_surplus, "member distribution sums to the retained surplus");
}

statement header(const case_input& c) {
  statement s;
  s.policy_id = c.pol.id;
  s.year = c.year;
  s.county_admdvs = c.county.admdvs;
  s.county_name = c.county.name;
  s.parameters = c.pol.parameters;
  if (c.funds.empty()) throw input_error("funds", "at least one fund is required");
  return s;
}

}  // namespace

statement budget_year(const case_input& c) {
  statement s = header(c);
  for (std::size_t f = 0; f < c.funds.size(); ++f) {
    const fund_budget b = compute_budget(c.pol, c.year, c.funds[f], fund_path(f));
    fund_statement fs = fund_part(c, b);
    for (std::size_t a = 0; a < b.alliances.size(); ++a) fs.alliances.push_back(alliance_part(c.funds[f].alliances[a], b.alliances[a]));
    s.funds.push_back(std::move(fs));
  }
  return s;
}

statement settle_year(const case_input& c) {
  statement s = header(c);
  for (std::size_t f = 0; f < c.funds.size(); ++f) {
    const fund_input& fund = c.funds[f];
    const fund_budget b = compute_budget(c.pol, c.year, fund, fund_path(f));
    fund_statement fs = fund_part(c, b);
    for (std::size_t a = 0; a < b.alliances.size(); ++a) {
      const alliance_input& al = fund.alliances[a];
      const std::string ap = fund_path(f) + ".alliances[" + std::to_string(a) + "]";
      if (!al.actuals) throw input_error(ap + ".actuals", "missing: the year's actuals (or settle with --claims)");
      check_actuals(*al.actuals, ap);
      alliance_statement as = alliance_part(al, b.alliances[a]);
      as.in_alliance_nonlocal = al.actuals->in_alliance_nonlocal;
      const alliance_terms t = resolve_terms(c.pol, c.year, fund, a, b.alliances[a], al.actuals->out_of_alliance_local,
                                             al.actuals->in_alliance_local, ap);
      const ledger_figures y = settle_ledger(t);
      if (t.net_monthly) net_months(*al.actuals, b.alliances[a], ap, as);
      as.balance = y.balance;
      as.retained_surplus = y.retained_surplus;
      as.returned_surplus = y.returned_surplus;
      as.fund_overspend_share = y.fund_overspend_share;
      as.alliance_overspend_burden = y.alliance_overspend_burden;
      as.reserve_release = y.reserve_release;
      as.entitlement = y.entitlement;
      as.paid_during_year = y.paid_during_year;
      as.year_end_payment = y.year_end_payment;
      as.budget_clearing = y.budget_clearing;
      as.nonlocal_paid_during_year = t.nonlocal_paid;
      as.nonlocal_clearing = y.nonlocal_clearing;
      as.unattributed_local = al.actuals->unattributed_local;
      as.unattributed_clearing = y.unattributed_clearing;
      explain_year_end(c.pol, t, y, *al.actuals, as);
      if (c.pol.base == budget_base::per_capita_package) {
        as.bundled_public_health = al.bundled_public_health;
        as.bundled_fiscal = al.bundled_fiscal;
        if (al.bundled_public_health < fen{}) throw input_error(ap + ".bundled_public_health", "must not be negative");
        if (al.bundled_fiscal < fen{}) throw input_error(ap + ".bundled_fiscal", "must not be negative");
        as.package_total = as.budget + al.bundled_public_health + al.bundled_fiscal;
        as.lines.push_back(explain::make(c.pol, "package_total", "打包总额（含公卫、财政）", "package total",
                                         as.package_total->str(), "B + public health + fiscal (not the fund's)",
                                         as.budget.str() + " + " + al.bundled_public_health.str() + " + " +
                                             al.bundled_fiscal.str() + " = " + as.package_total->str()));
      }
      distribute_to_members(c.pol, al, ap, as);
      fen months;
      for (fen m : as.installments) months += m;
      ensure(as.installments.empty() || months == b.alliances[a].installment_total, "installments sum to their total");
      if (t.net_monthly) {
        fen net;
        for (fen m : as.net_installments) net += m;
        ensure(net == y.scheduled_paid && net == b.alliances[a].installment_total - t.out_of_alliance,
               "net installments sum to Q − O");
      }
      fs.alliances.push_back(std::move(as));
    }
    s.funds.push_back(std::move(fs));
  }
  return s;
}

}  // namespace medbudget
