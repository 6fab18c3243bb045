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
  if (act.monthly) {
    const std::size_t n = std::max(act.monthly->in_alliance_local.size(), act.monthly->out_of_alliance_local.size());
    if (n < months_per_year)
      throw input_error(ap + ".actuals.monthly", "the year is not over: " + std::to_string(n) +
                                                     " months given, settlement needs 12");
  }
}

// Year-end lines, built from the figures.
void explain_year_end(const policy& pol, const alliance_terms& t, const ledger_figures& y, alliance_statement& as) {
  auto add = [&](const char* key, const char* zh, const char* en, fen amount, std::string formula, std::string figures) {
    as.lines.push_back(explain::make(pol, key, zh, en, amount.str(), std::move(formula), std::move(figures)));
  };
  const std::string bp = t.final_budget.str();
  add("out_of_alliance_local", "医共体外属地统筹支出", "out-of-alliance local spend O", t.out_of_alliance, "O",
      "paid by the agency directly, deducted at the year end");
  add("in_alliance_local", "医共体内属地统筹支出", "in-alliance local spend I", t.in_alliance, "I",
      "paid monthly at actuals");
  add("in_alliance_nonlocal", "非属地参保人员医共体内费用", "in-alliance non-local spend NL", as.in_alliance_nonlocal,
      "NL", "paid at actuals, outside the budget and the balance");
  add("balance", "结余（超支）", "balance S", y.balance, "S = B' − O − I",
      bp + " − " + t.out_of_alliance.str() + " − " + t.in_alliance.str() + " = " + y.balance.str());
  if (!t.gate_passed)
    as.lines.push_back(explain::make(pol, "performance_gate", "绩效考核未达标", "performance gate failed", "0.00",
                                     "indicators not met: nothing retained, nothing shared", "indicators_met = false"));
  const bool surplus = y.balance >= fen{};
  const auto& bands = surplus ? pol.bands.surplus : pol.bands.overspend;
  const auto& resolved = surplus ? t.surplus : t.overspend;
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
  add("entitlement", "年度应得", "entitlement", y.entitlement, "B' − O − returned + fund share + release",
      bp + " − " + t.out_of_alliance.str() + " − " + y.returned_surplus.str() + " + " + y.fund_overspend_share.str() +
          " + " + y.reserve_release.str() + " = " + y.entitlement.str());
  add("paid_during_year", "年内已拨付", "paid during the year", y.paid_during_year,
      t.claims_paid ? "I + advance" : "Σ installments",
      t.claims_paid ? t.in_alliance.str() + " + " + t.paid_in_advance.str() + " = " + y.paid_during_year.str()
                    : y.paid_during_year.str());
  add("year_end_payment", y.year_end_payment >= fen{} ? "年终应拨付医共体" : "年终医共体应返还",
      "year-end payment", y.year_end_payment, "entitlement − paid during the year",
      y.entitlement.str() + " − " + y.paid_during_year.str() + " = " + y.year_end_payment.str());
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
      const alliance_terms t = resolve_terms(c.pol, fund, a, b.alliances[a], al.actuals->out_of_alliance_local,
                                             al.actuals->in_alliance_local, ap);
      const ledger_figures y = settle_ledger(t);
      as.balance = y.balance;
      as.retained_surplus = y.retained_surplus;
      as.returned_surplus = y.returned_surplus;
      as.fund_overspend_share = y.fund_overspend_share;
      as.alliance_overspend_burden = y.alliance_overspend_burden;
      as.reserve_release = y.reserve_release;
      as.entitlement = y.entitlement;
      as.paid_during_year = y.paid_during_year;
      as.year_end_payment = y.year_end_payment;
      explain_year_end(c.pol, t, y, as);
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
      fs.alliances.push_back(std::move(as));
    }
    s.funds.push_back(std::move(fs));
  }
  return s;
}

}  // namespace medbudget
