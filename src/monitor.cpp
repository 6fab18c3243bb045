// In-year monitoring: observed months, pro-rata budget, run-rate projection settled by the ledger,
// warning level from the corridor.
#include "medbudget/monitor.hpp"

#include <algorithm>  // min

#include "medbudget/budget.hpp"
#include "medbudget/error.hpp"
#include "medbudget/ledger.hpp"
#include "medbudget/settle.hpp"

namespace medbudget {

namespace {

constexpr int months_per_year = 12;

std::string alliance_path(std::size_t f, std::size_t a) {
  return "funds[" + std::to_string(f) + "].alliances[" + std::to_string(a) + "]";
}

fen sum_of(const std::vector<fen>& v, int n) {
  fen s;
  for (int i = 0; i < n; ++i) s += v[static_cast<std::size_t>(i)];
  return s;
}

// The case as observed through month m: every alliance's months cut to m, its annual I and O their
// sums (a year in progress).
case_input observed_case(const case_input& c, int m) {
  case_input o = c;
  for (std::size_t f = 0; f < o.funds.size(); ++f)
    for (std::size_t a = 0; a < o.funds[f].alliances.size(); ++a) {
      auto& al = o.funds[f].alliances[a];
      const std::string ap = alliance_path(f, a) + ".actuals.monthly";
      if (!al.actuals || !al.actuals->monthly)
        throw input_error(ap, "missing: monitoring needs the months observed so far (or --claims)");
      auto& mo = *al.actuals->monthly;
      for (auto* v : {&mo.in_alliance_local, &mo.out_of_alliance_local})
        if (v->size() < static_cast<std::size_t>(m))
          throw input_error(ap, std::to_string(v->size()) + " months given; monitoring through month " +
                                    std::to_string(m) + " needs " + std::to_string(m));
      mo.in_alliance_local.resize(static_cast<std::size_t>(m));
      mo.out_of_alliance_local.resize(static_cast<std::size_t>(m));
      al.actuals->in_alliance_local = sum_of(mo.in_alliance_local, m);
      al.actuals->out_of_alliance_local = sum_of(mo.out_of_alliance_local, m);
    }
  return o;
}

// The level of a projected balance S against the alliance's resolved overspend bands, in words.
void judge(fen balance, const alliance_terms& t, alliance_monitor& am) {
  if (balance >= fen{}) {
    am.level = warning_level::none;
    am.warning_zh = "预计结余 " + balance.str() + " 元";
    am.warning_en = "projected surplus of " + balance.str() + " yuan";
    return;
  }
  const fen d = -balance;
  // The outer edge of the last band in which the fund shares (a share not yet known counts as shared).
  std::optional<fen> shared_edge = fen{};
  bool any_shared = false;
  for (std::size_t i = 0; i < t.overspend_bands; ++i) {
    const resolved_band& b = t.overspend[i];
    if (!b.share || *b.share != rate{}) {
      any_shared = true;
      shared_edge = b.limit;  // absent: unbounded
    }
  }
  if (!any_shared || (shared_edge && *shared_edge == fen{})) {
    am.level = warning_level::alert;
    am.warning_zh = "预计超支 " + d.str() + " 元，政策不分担此超支，全部由医共体承担";
    am.warning_en = "projected overspend of " + d.str() + " yuan, which the policy does not share: all the alliance's";
  } else if (!shared_edge || d <= *shared_edge) {
    am.level = warning_level::watch;
    am.warning_zh = "预计超支 " + d.str() + " 元，在基金按比例分担的合理超支范围内" +
                    (shared_edge ? "（至 " + shared_edge->str() + " 元）" : std::string());
    am.warning_en = "projected overspend of " + d.str() + " yuan, inside the band the fund shares" +
                    (shared_edge ? " (up to " + shared_edge->str() + " yuan)" : std::string());
  } else {
    am.level = warning_level::alert;
    am.warning_zh = "预计超支 " + d.str() + " 元，超出合理超支范围 " + shared_edge->str() + " 元，超出部分 " +
                    (d - *shared_edge).str() + " 元由医共体自行承担";
    am.warning_en = "projected overspend of " + d.str() + " yuan, beyond the shared band of " + shared_edge->str() +
                    " yuan: the alliance alone bears " + (d - *shared_edge).str() + " yuan";
  }
}

}  // namespace

const char* to_string(warning_level w) noexcept {
  switch (w) {
    case warning_level::none: return "none";
    case warning_level::watch: return "watch";
    case warning_level::alert: return "alert";
  }
  return "?";
}

int months_observed(const case_input& c) {
  std::size_t n = months_per_year;
  for (const auto& f : c.funds)
    for (const auto& al : f.alliances) {
      if (!al.actuals || !al.actuals->monthly) return 0;
      n = std::min({n, al.actuals->monthly->in_alliance_local.size(), al.actuals->monthly->out_of_alliance_local.size()});
    }
  return static_cast<int>(n);
}

monitor_report monitor_year(const case_input& c, const calendar& cal, int through) {
  if (through < 1 || through > months_per_year) throw input_error("through", "expected a month from 1 to 12");
  const policy& pol = c.pol;
  const rounding mode = pol.rounding_mode();
  const case_input observed = observed_case(c, through);

  schedule_options so;
  so.dated_through_month = through;
  const payment_schedule sched = schedule_year(observed, cal, so);

  // The projected case: each alliance's run-rate year, settled by the ledger.
  case_input projected = observed;
  std::vector<std::vector<bool>> assumed(projected.funds.size());
  for (std::size_t f = 0; f < projected.funds.size(); ++f)
    for (auto& al : projected.funds[f].alliances) {
      auto& act = *al.actuals;
      const fen observed_out = act.out_of_alliance_local;
      if (through < months_per_year) {
        act.in_alliance_local = muldiv(act.in_alliance_local, months_per_year, through, mode);
        act.out_of_alliance_local = muldiv(act.out_of_alliance_local, months_per_year, through, mode);
      }
      // O netted monthly: the projected year keeps its months of O, the observed ones and
      // the run-rate remainder spread evenly over the months still to come.
      std::vector<fen> out_months;
      if (pol.family == settlement_family::package_paid && out_of_alliance_netting_rule(pol) == netting_rule::monthly) {
        out_months.assign(act.monthly->out_of_alliance_local.begin(),
                          act.monthly->out_of_alliance_local.begin() + through);
        if (through < months_per_year) {
          const auto rest = apportion(act.out_of_alliance_local - observed_out,
                                      std::vector<std::int64_t>(static_cast<std::size_t>(months_per_year - through), 1));
          out_months.insert(out_months.end(), rest.begin(), rest.end());
        }
      }
      act.monthly.reset();
      if (!out_months.empty()) {
        act.monthly = monthly_actuals{};
        act.monthly->out_of_alliance_local = std::move(out_months);
        act.monthly->in_alliance_local.assign(months_per_year, fen{});  // not read: the annual I stands
      }
      // Performance is assessed after the year: until then, project as if it were met.
      bool assume = false;
      if (pol.performance_gate && !al.perf.indicators_met) {
        al.perf.indicators_met = true;
        assume = true;
      }
      if (!al.perf.score && (pol.has("retention_table") || pol.has("reserve_release_table"))) {
        al.perf.score = rate::from_integer(100);
        assume = true;
      }
      assumed[f].push_back(assume);
    }
  std::optional<statement> projected_statement;
  std::string projection_error;
  try {
    projected_statement = settle_year(projected);
  } catch (const input_error& e) {
    projection_error = e.what();
  }

  monitor_report r;
  r.policy_id = pol.id;
  r.year = c.year;
  r.through_month = through;
  r.county_admdvs = c.county.admdvs;
  r.county_name = c.county.name;
  r.claims_paid = pol.family == settlement_family::claims_paid;
  for (std::size_t f = 0; f < observed.funds.size(); ++f) {
    const fund_input& fund = observed.funds[f];
    const fund_budget b = compute_budget(pol, c.year, fund, "funds[" + std::to_string(f) + "]");
    fund_monitor fm;
    fm.insutype = fund.insutype;
    for (std::size_t a = 0; a < fund.alliances.size(); ++a) {
      const alliance_input& al = fund.alliances[a];
      const monthly_actuals& mo = *al.actuals->monthly;
      alliance_monitor am;
      am.id = al.id;
      am.name = al.name;
      am.months = through;
      am.budget = b.alliances[a].budget;
      am.final_budget = b.alliances[a].final_budget;
      const std::vector<fen> budget_months = apportion(am.final_budget, std::vector<std::int64_t>(months_per_year, 1));
      fen spend, pro_rata;
      for (int m = 1; m <= through; ++m) {
        const auto k = static_cast<std::size_t>(m - 1);
        month_figures mf;
        mf.month = m;
        mf.in_alliance = mo.in_alliance_local[k];
        mf.out_of_alliance = mo.out_of_alliance_local[k];
        spend += mf.in_alliance + mf.out_of_alliance;
        pro_rata += budget_months[k];
        mf.cumulative_spend = spend;
        mf.cumulative_budget = pro_rata;
        mf.variance = pro_rata - spend;
        for (const auto& p : sched.funds[f].alliances[a].payments)
          if (p.month == m && (p.kind == payment_kind::monthly_claims || p.kind == payment_kind::installment)) mf.payment = p;
        am.by_month.push_back(mf);
      }
      am.in_alliance_to_date = al.actuals->in_alliance_local;
      am.out_of_alliance_to_date = al.actuals->out_of_alliance_local;
      const alliance_actuals& pa = *projected.funds[f].alliances[a].actuals;
      am.projected_in_alliance = pa.in_alliance_local;
      am.projected_out_of_alliance = pa.out_of_alliance_local;
      am.projected_spend = am.projected_in_alliance + am.projected_out_of_alliance;
      am.projected_balance = am.final_budget - am.projected_spend;
      am.performance_assumed = assumed[f][a];

      // The corridor, resolved for the projected year (the same terms the ledger settles with).
      const std::string ap = alliance_path(f, a);
      const alliance_terms t = resolve_terms(pol, c.year, projected.funds[f], a, b.alliances[a], am.projected_out_of_alliance,
                                             am.projected_in_alliance, ap);
      judge(am.projected_balance, t, am);
      for (int side = 0; side < 2; ++side) {
        const bool over = side == 1;
        const auto& rb = over ? t.overspend : t.surplus;
        const auto& pb = over ? pol.bands.overspend : pol.bands.surplus;
        const std::size_t n = over ? t.overspend_bands : t.surplus_bands;
        for (std::size_t i = 0; i < n; ++i) {
          if (!rb[i].limit) continue;
          corridor_edge e;
          e.overspend = over;
          e.limit = *rb[i].limit;
          e.spend = over ? am.final_budget + e.limit : am.final_budget - e.limit;
          e.fund_shares = !rb[i].share || *rb[i].share != rate{};
          e.clause = pb[i].clause;
          am.edges.push_back(e);
        }
      }
      if (projected_statement) am.projected = projected_statement->funds[f].alliances[a];
      else am.projection_error = projection_error;

      // Projection lines carry the clause of the ledger line they anticipate.
      auto add = [&](const char* key, const char* clause_key, const char* zh, const char* en, fen amount,
                     std::string formula, std::string figures) {
        am.lines.push_back(line{key, zh, en, amount.str(), std::move(formula), std::move(figures), pol.clause(clause_key)});
      };
      const std::string m_text = std::to_string(through);
      add("in_alliance_local_to_date", "in_alliance_local", "医共体内属地统筹支出（累计）", "in-alliance local spend to date", am.in_alliance_to_date,
          "I_cum = Σ months 1–" + m_text, am.in_alliance_to_date.str());
      add("out_of_alliance_local_to_date", "out_of_alliance_local", "医共体外属地统筹支出（累计）", "out-of-alliance local spend to date",
          am.out_of_alliance_to_date, "O_cum = Σ months 1–" + m_text, am.out_of_alliance_to_date.str());
      add("final_budget", "final_budget", "清算预算总额", "final budget B'", am.final_budget, "B'", am.final_budget.str());
      add("pro_rata_budget", "budget", "序时预算（累计）", "pro-rata budget to date", pro_rata,
          "Σ months 1–" + m_text + " of B' over 12 (largest remainder)", am.final_budget.str() + " × " + m_text + "/12 → " + pro_rata.str());
      add("projected_in_alliance_local", "in_alliance_local", "预计全年医共体内支出", "projected I", am.projected_in_alliance,
          "round(I_cum × 12 / " + m_text + ")", am.in_alliance_to_date.str() + " × 12 / " + m_text + " = " + am.projected_in_alliance.str());
      add("projected_out_of_alliance_local", "out_of_alliance_local", "预计全年医共体外支出", "projected O", am.projected_out_of_alliance,
          "round(O_cum × 12 / " + m_text + ")", am.out_of_alliance_to_date.str() + " × 12 / " + m_text + " = " + am.projected_out_of_alliance.str());
      add("projected_balance", "balance", "预计结余（超支）", "projected balance S", am.projected_balance, "S = B' − O − I (projected)",
          am.final_budget.str() + " − " + am.projected_out_of_alliance.str() + " − " + am.projected_in_alliance.str() +
              " = " + am.projected_balance.str());
      if (am.projected)
        add("projected_year_end_payment", "year_end_payment", "预计年终清算", "projected year-end payment", am.projected->year_end_payment,
            "entitlement − paid during the year (projected case, settled by the ledger)",
            am.projected->entitlement.str() + " − " + am.projected->paid_during_year.str() + " = " +
                am.projected->year_end_payment.str());
      fm.alliances.push_back(std::move(am));
    }
    r.funds.push_back(std::move(fm));
  }
  return r;
}

}  // namespace medbudget
