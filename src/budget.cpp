// Budgets of rules.md §3–§6: base, deductions, caps, allocation among alliances, payments.
#include "medbudget/budget.hpp"

#include <algorithm>  // find_if
#include <set>        // set

#include "explain.hpp"

namespace medbudget {

namespace {

constexpr int months_per_year = 12;

const std::string& band_name(const policy& pol, std::size_t b) { return pol.age_bands()[b].name; }

void require_bands(const policy& pol, const band_counts& counts, const std::string& path) {
  if (counts.size() != pol.age_bands().size())
    throw input_error(path, "expected one count per age band of the policy");
  for (std::size_t b = 0; b < counts.size(); ++b)
    if (counts[b] < 0) throw input_error(path + "." + band_name(pol, b), "insured count must not be negative");
}

template <class T>
const T& need(const std::optional<T>& v, const std::string& path, const std::string& why) {
  if (!v) throw input_error(path, "missing: " + why);
  return *v;
}

void non_negative(fen v, const std::string& path) {
  if (v < fen{}) throw input_error(path, "must not be negative");
}

// k_a = Π(1 + rate) over the alliance's factors.
rate coefficient_of(const alliance_input& a, const std::string& path) {
  rate k = rate::from_integer(1);
  for (std::size_t i = 0; i < a.adjustment_factors.size(); ++i) {
    const rate f = rate::from_integer(1) + a.adjustment_factors[i].value;
    if (f <= rate{})
      throw input_error(path + ".adjustment_factors[" + std::to_string(i) + "].rate",
                        "1 + rate must be positive");
    k = k * f;
  }
  return k;
}

// ---- the county pot -------------------------------------------------------------------------------

struct pot {
  cpp_rational exact_base;           // X or V or Z
  fen base;                          // rounded
  std::vector<cpp_rational> by_band; // X_b (weighted history only)
  fen after_deductions;              // R or T or Z
  std::vector<std::pair<std::string, fen>> deductions;
};

pot weighted_history_pot(const policy& pol, int year, const fund_input& f, const std::string& path,
                         std::vector<line>& lines) {
  const std::string in = path + ".budget_inputs";
  const bool first_year = need(f.inputs.first_year, in + ".first_year",
                               "true for the scheme's first year (weighted three-year base), false after");
  const auto& weights = pol.get<std::vector<rate>>("history_weights");
  std::vector<int> years;
  std::vector<rate> used_weights;
  if (first_year) {
    for (std::size_t i = 0; i < weights.size(); ++i)
      years.push_back(year - static_cast<int>(weights.size() - i));
    used_weights = weights;
  } else {
    years.push_back(year - 1);
    used_weights.push_back(rate::from_integer(1));
  }
  const std::size_t nb = pol.age_bands().size();
  pot p;
  p.by_band.assign(nb, cpp_rational(0));
  std::set<int> seen;
  for (std::size_t h = 0; h < f.inputs.history.size(); ++h) {
    const history_year& hy = f.inputs.history[h];
    const std::string hp = in + ".history[" + std::to_string(h) + "]";
    if (!seen.insert(hy.year).second) throw input_error(hp + ".year", "year " + std::to_string(hy.year) + " appears twice");
    const auto it = std::find(years.begin(), years.end(), hy.year);
    if (it == years.end())
      throw input_error(hp + ".year", "year " + std::to_string(hy.year) + " is not used by this base (" +
                                          (first_year ? "first year: " : "later year: ") + "needs " +
                                          explain::join_years(years) + ")");
    if (hy.pooled_expenditure_by_band.size() != nb)
      throw input_error(hp + ".pooled_expenditure_by_band", "expected one amount per age band of the policy");
    const rate w = used_weights[static_cast<std::size_t>(it - years.begin())];
    for (std::size_t b = 0; b < nb; ++b) {
      non_negative(hy.pooled_expenditure_by_band[b], hp + ".pooled_expenditure_by_band." + band_name(pol, b));
      p.by_band[b] += exact(hy.pooled_expenditure_by_band[b]) * w.to_rational();
    }
  }
  for (int y : years)
    if (!seen.count(y)) throw input_error(in + ".history", "a year missing from the history: " + std::to_string(y));
  for (const auto& x : p.by_band) p.exact_base += x;
  p.base = round_to_fen(p.exact_base, pol.rounding_mode(), "base expenditure X");
  std::string formula = first_year ? "X = Σ_b Σ_i w_i · E_{y−i,b}" : "X = Σ_b E_{y−1,b}";
  std::string figures = first_year ? "weights " + explain::join_rates(weights) + " over " + explain::join_years(years)
                                   : "spend of " + std::to_string(year - 1);
  lines.push_back(explain::make(pol, "base_expenditure", "统筹金支出基数", "base expenditure X", p.base.str(),
                                formula, figures + " = " + p.base.str()));
  return p;
}

pot given_base_pot(const policy& pol, const std::optional<fen>& given, const std::string& field_path,
                   const std::string& why, const char* key, const char* zh, const char* en, const char* symbol,
                   std::vector<line>& lines) {
  pot p;
  p.base = need(given, field_path, why);
  non_negative(p.base, field_path);
  p.exact_base = exact(p.base);
  lines.push_back(explain::make(pol, key, zh, en, p.base.str(), symbol, std::string(symbol) + " = " + p.base.str()));
  return p;
}

void apply_deductions(const policy& pol, pot& p, const char* base_symbol, std::vector<line>& lines) {
  p.after_deductions = p.base;
  for (const deduction& d : pol.deductions) {
    const rate r = pol.get<rate>(d.rate_parameter);
    const fen amount = mul(p.base, r, pol.rounding_mode());
    p.deductions.emplace_back(d.key, amount);
    p.after_deductions -= amount;
    lines.push_back(explain::make(pol, d.key, d.label_zh, d.label_en, amount.str(),
                                  std::string(base_symbol) + " × " + r.percent(),
                                  p.base.str() + " × " + r.percent() + " = " + amount.str()));
  }
}

// ---- allocation among alliances -------------------------------------------------------------------

// Rounds the alliances' exact budgets together: the exact sum is rounded, then split in proportion.
std::vector<fen> round_together(const policy& pol, const std::vector<cpp_rational>& exact_budgets, const char* what) {
  cpp_rational sum = 0;
  for (const auto& e : exact_budgets) sum += e;
  const fen total = round_to_fen(sum, pol.rounding_mode(), what);
  if (sum == 0) return std::vector<fen>(exact_budgets.size());
  return apportion(total, exact_budgets);
}

void allocate_capitation(const policy& pol, const fund_input& f, const pot& p, const std::string& path,
                         fund_budget& out) {
  const std::string in = path + ".budget_inputs";
  const std::size_t nb = pol.age_bands().size();
  const band_counts& county = need(f.inputs.insured_budget_by_band, in + ".insured_budget_by_band",
                                   "the budget insured count per age band (上一年度缴费人数)");
  require_bands(pol, county, in + ".insured_budget_by_band");
  const fen R = p.after_deductions;
  // std_b = (X_b / X × R) / N_b
  out.standards.assign(nb, cpp_rational(0));
  for (std::size_t b = 0; b < nb; ++b) {
    if (county[b] == 0) {
      if (p.by_band[b] > 0)
        throw input_error(in + ".insured_budget_by_band." + band_name(pol, b),
                          "insured count 0 for a band with pooled spend above 0");
      continue;
    }
    if (p.exact_base == 0) continue;
    out.standards[b] = p.by_band[b] / p.exact_base * exact(R) / cpp_rational(county[b]);
  }
  // N_ab, k_a
  const bool several = f.alliances.size() > 1;
  std::vector<std::vector<cpp_rational>> counts(f.alliances.size());
  std::vector<rate> ks(f.alliances.size());
  for (std::size_t a = 0; a < f.alliances.size(); ++a) {
    const alliance_input& al = f.alliances[a];
    const std::string ap = path + ".alliances[" + std::to_string(a) + "]";
    if (al.insured_budget_by_band && al.service_volume_share)
      throw input_error(ap + ".service_volume_share",
                        "give either insured_budget_by_band or service_volume_share, not both");
    counts[a].assign(nb, cpp_rational(0));
    if (al.insured_budget_by_band) {
      require_bands(pol, *al.insured_budget_by_band, ap + ".insured_budget_by_band");
      for (std::size_t b = 0; b < nb; ++b) counts[a][b] = cpp_rational((*al.insured_budget_by_band)[b]);
    } else if (al.service_volume_share) {
      if (*al.service_volume_share <= rate{}) throw input_error(ap + ".service_volume_share", "must be positive");
      for (std::size_t b = 0; b < nb; ++b)
        counts[a][b] = cpp_rational(county[b]) * al.service_volume_share->to_rational();
    } else if (several) {
      throw input_error(ap + ".insured_budget_by_band",
                        "missing: several alliances need each alliance's attributed counts or service_volume_share");
    } else {
      for (std::size_t b = 0; b < nb; ++b) counts[a][b] = cpp_rational(county[b]);
    }
    ks[a] = pol.adjustment_coefficient ? coefficient_of(al, ap) : rate::from_integer(1);
  }
  std::vector<cpp_rational> exact_budgets(f.alliances.size());
  for (std::size_t a = 0; a < f.alliances.size(); ++a) {
    cpp_rational s = 0;
    for (std::size_t b = 0; b < nb; ++b) s += out.standards[b] * counts[a][b];
    exact_budgets[a] = s * ks[a].to_rational();
  }
  std::vector<fen> budgets = round_together(pol, exact_budgets, "alliance budgets");
  fen sum_budgets;
  for (fen b : budgets) sum_budgets += b;
  cpp_rational exact_sum = 0;
  for (const auto& e : exact_budgets) exact_sum += e;

  // Fundraising cap: the alliances' total at most F; the standards scale by F / Σ exact.
  if (pol.fundraising_cap) {
    out.cap_bound = false;
    if (f.inputs.fundraising_total) {
      const fen F = *f.inputs.fundraising_total;
      non_negative(F, in + ".fundraising_total");
      if (sum_budgets > F) {
        out.cap_bound = true;
        budgets = exact_sum == 0 ? std::vector<fen>(budgets.size()) : apportion(F, exact_budgets);
        const cpp_rational c = exact(F) / exact_sum;
        for (auto& s : out.standards) s *= c;
        out.lines.push_back(explain::make(pol, "fundraising_cap", "筹资总额封顶", "fundraising cap", F.str(),
                                          "Σ B_a ≤ F; std_b × F / Σ exact B_a",
                                          sum_budgets.str() + " > " + F.str() + ": alliances' total capped at " + F.str()));
      } else {
        out.lines.push_back(explain::make(pol, "fundraising_cap", "筹资总额封顶", "fundraising cap", F.str(),
                                          "Σ B_a ≤ F", sum_budgets.str() + " ≤ " + F.str() + ": not binding"));
      }
    }
  }
  // Band standard lines (in use).
  for (std::size_t b = 0; b < nb; ++b) {
    const fen shown = round_to_fen(out.standards[b], pol.rounding_mode(), "band standard");
    out.lines.push_back(explain::make(
        pol, "band_standard", "年龄段人头付费标准 " + band_name(pol, b), "per-capita standard " + band_name(pol, b),
        shown.str(), out.cap_bound.value_or(false) ? "std_b = X_b / X × R / N_b × F / Σ B_a" : "std_b = X_b / X × R / N_b",
        explain::rational_text(p.by_band[b]) + " / " + explain::rational_text(p.exact_base) + " × " + R.str() +
            " / " + std::to_string(county[b]) + " = " + shown.str() + " (exact value carried)"));
  }

  // Year-end recount: the standards in use times actual counts times k_a, rounded together.
  std::vector<cpp_rational> final_exact(f.alliances.size());
  for (std::size_t a = 0; a < f.alliances.size(); ++a) {
    const alliance_input& al = f.alliances[a];
    const std::string ap = path + ".alliances[" + std::to_string(a) + "]";
    std::vector<cpp_rational> actual = counts[a];
    if (pol.year_end_recount && al.insured_actual_by_band) {
      require_bands(pol, *al.insured_actual_by_band, ap + ".insured_actual_by_band");
      for (std::size_t b = 0; b < nb; ++b) actual[b] = cpp_rational((*al.insured_actual_by_band)[b]);
    }
    cpp_rational s = 0;
    for (std::size_t b = 0; b < nb; ++b) s += out.standards[b] * actual[b];
    final_exact[a] = s * ks[a].to_rational();
  }
  const std::vector<fen> finals = pol.year_end_recount ? round_together(pol, final_exact, "year-end budgets") : budgets;

  for (std::size_t a = 0; a < f.alliances.size(); ++a) {
    const alliance_input& al = f.alliances[a];
    alliance_budget ab;
    ab.id = al.id;
    ab.exact_budget = exact_budgets[a];
    ab.budget = budgets[a];
    ab.coefficient = ks[a];
    if (pol.adjustment_coefficient)
      ab.lines.push_back(explain::make(pol, "adjustment_coefficient", "调节系数", "adjustment coefficient k",
                                       ks[a].str(), "k = Π(1 + r)", explain::factors_text(al.adjustment_factors, ks[a])));
    ab.lines.push_back(explain::make(pol, "budget", "医共体总额预算", "alliance budget B", ab.budget.str(),
                                     several ? "B = Σ_b std_b × N_ab × k, rounded together across alliances"
                                             : "B = Σ_b std_b × N_b × k",
                                     "Σ_b std_b × N_b = " + explain::rational_text(exact_budgets[a] / ks[a].to_rational()) +
                                         " × " + ks[a].str() + " = " + ab.budget.str()));
    ab.final_budget = finals[a];
    if (pol.year_end_recount)
      ab.lines.push_back(explain::make(pol, "recount_budget", "清算重新核定预算", "recounted budget",
                                       finals[a].str(), "Σ_b std_b × N_actual_ab × k",
                                       explain::rational_text(final_exact[a]) + " → " + finals[a].str()));
    out.alliances.push_back(std::move(ab));
  }
}

void allocate_explicit_shares(const policy& pol, const fund_input& f, const pot& p, const std::string& path,
                              fund_budget& out) {
  std::vector<rate> shares;
  for (std::size_t a = 0; a < f.alliances.size(); ++a) {
    const std::string ap = path + ".alliances[" + std::to_string(a) + "].share";
    const rate s = need(f.alliances[a].share, ap, "the alliance's share of the pot");
    if (s <= rate{}) throw input_error(ap, "share must be positive");
    shares.push_back(s);
  }
  const std::vector<fen> budgets = apportion(p.after_deductions, shares);
  std::vector<std::vector<fen>> ded_parts;
  for (const auto& [key, amount] : p.deductions) ded_parts.push_back(apportion(amount, shares));
  for (std::size_t a = 0; a < f.alliances.size(); ++a) {
    alliance_budget ab;
    ab.id = f.alliances[a].id;
    ab.exact_budget = exact(budgets[a]);
    ab.budget = ab.final_budget = budgets[a];
    for (std::size_t d = 0; d < p.deductions.size(); ++d) {
      ab.deduction_shares.emplace_back(p.deductions[d].first, ded_parts[d][a]);
      const deduction& rule = pol.deductions[d];
      ab.lines.push_back(explain::make(pol, rule.key, rule.label_zh + "（本医共体）", rule.label_en + " (this alliance)",
                                       ded_parts[d][a].str(), "share × " + rule.key,
                                       p.deductions[d].second.str() + " × " + shares[a].str() + " / Σ shares = " +
                                           ded_parts[d][a].str() + " (largest remainder)"));
    }
    ab.lines.push_back(explain::make(pol, "budget", "医共体总额付费金额", "alliance budget B", ab.budget.str(),
                                     f.alliances.size() > 1 ? "B = T × share / Σ shares" : "B = T",
                                     p.after_deductions.str() + " × " + shares[a].str() + " / Σ shares = " +
                                         ab.budget.str()));
    out.alliances.push_back(std::move(ab));
  }
}

void allocate_weighted_shares(const policy& pol, const fund_input& f, const pot& p, const std::string& path,
                              fund_budget& out) {
  const std::size_t n = f.alliances.size();
  if (n == 1) {
    alliance_budget ab;
    ab.id = f.alliances[0].id;
    ab.exact_budget = exact(p.after_deductions);
    ab.budget = ab.final_budget = p.after_deductions;
    ab.lines.push_back(explain::make(pol, "budget", "医共体预算总额", "alliance budget B", ab.budget.str(), "B = Z",
                                     "one alliance: B = " + ab.budget.str()));
    out.alliances.push_back(std::move(ab));
    return;
  }
  const share_weights& sw = pol.get<share_weights>("share_weights");
  std::vector<rate> weights;
  std::vector<std::string> weight_text;
  for (std::size_t a = 0; a < n; ++a) {
    const alliance_input& al = f.alliances[a];
    const std::string ap = path + ".alliances[" + std::to_string(a) + "]";
    const allocation_shares& s = need(al.shares, ap + ".allocation_shares",
                                      "the alliance's insured, service and fund shares (several alliances)");
    for (const auto& [v, name] : {std::pair{s.insured, "insured"}, {s.service, "service"}, {s.fund, "fund"}})
      if (v < rate{}) throw input_error(ap + ".allocation_shares." + name, "must not be negative");
    rate w = sw.insured * s.insured + sw.service * s.service + sw.fund * s.fund;
    rate tilt;
    if (pol.tcm_tilt) {
      const rate tcm = need(al.tcm_share, ap + ".tcm_share", "the alliance's TCM service share (TCM tilt)");
      if (tcm < rate{}) throw input_error(ap + ".tcm_share", "must not be negative");
      tilt = pol.get<threshold_table>("tcm_tiers").lookup(tcm);
      w = w * (rate::from_integer(1) + tilt);
    }
    if (w <= rate{}) throw input_error(ap + ".allocation_shares", "the alliance's weight must be positive");
    weights.push_back(w);
    weight_text.push_back("(" + sw.insured.str() + "×" + s.insured.str() + " + " + sw.service.str() + "×" +
                          s.service.str() + " + " + sw.fund.str() + "×" + s.fund.str() + ")" +
                          (pol.tcm_tilt ? " × (1 + " + tilt.percent() + ")" : std::string()) + " = " + w.str());
  }
  const std::vector<fen> budgets = apportion(p.after_deductions, weights);
  for (std::size_t a = 0; a < n; ++a) {
    alliance_budget ab;
    ab.id = f.alliances[a].id;
    ab.exact_budget = exact(budgets[a]);
    ab.budget = ab.final_budget = budgets[a];
    ab.lines.push_back(explain::make(pol, "allocation_weight", "分配权重", "allocation weight", weights[a].str(),
                                     "w = (" + sw.insured.str() + "·insured + " + sw.service.str() + "·service + " + sw.fund.str() +
                                         "·fund)" + (pol.tcm_tilt ? " × (1 + TCM tilt)" : ""), weight_text[a]));
    ab.lines.push_back(explain::make(pol, "budget", "医共体预算总额", "alliance budget B", ab.budget.str(),
                                     "B = Z × w / Σ w (largest remainder)",
                                     p.after_deductions.str() + " × " + weights[a].str() + " / Σ w = " + ab.budget.str()));
    out.alliances.push_back(std::move(ab));
  }
}

void allocate_per_capita(const policy& pol, const fund_input& f, const std::string& path, fund_budget& out) {
  const std::string in = path + ".budget_inputs";
  const fen pkg = need(f.inputs.per_capita_package, in + ".per_capita_package", "the per-capita annual package");
  non_negative(pkg, in + ".per_capita_package");
  fen total;
  for (std::size_t a = 0; a < f.alliances.size(); ++a) {
    const std::string ap = path + ".alliances[" + std::to_string(a) + "].insured";
    const std::int64_t n = need(f.alliances[a].insured, ap, "the insured covered by the package");
    if (n < 0) throw input_error(ap, "must not be negative");
    alliance_budget ab;
    ab.id = f.alliances[a].id;
    ab.budget = ab.final_budget = pkg * n;
    ab.exact_budget = exact(ab.budget);
    total += ab.budget;
    ab.lines.push_back(explain::make(pol, "budget", "医保基金打包金额", "package budget B", ab.budget.str(),
                                     "B = per-capita package × insured",
                                     pkg.str() + " × " + std::to_string(n) + " = " + ab.budget.str()));
    out.alliances.push_back(std::move(ab));
  }
  out.regional_budget = total;
  out.lines.push_back(explain::make(pol, "regional_budget", "打包总额", "regional budget Σ B", total.str(), "Σ_a B_a",
                                    "Σ B_a = " + total.str()));
}

void add_supplementary_and_payments(const policy& pol, const fund_input& f, const std::string& path,
                                    fund_budget& out) {
  for (std::size_t a = 0; a < out.alliances.size(); ++a) {
    alliance_budget& ab = out.alliances[a];
    const alliance_input& al = f.alliances[a];
    const std::string ap = path + ".alliances[" + std::to_string(a) + "]";
    if (pol.supplementary_budget && al.supplementary_budget != fen{}) {
      non_negative(al.supplementary_budget, ap + ".supplementary_budget");
      const fen before = ab.final_budget;
      ab.final_budget += al.supplementary_budget;
      ab.lines.push_back(explain::make(pol, "supplementary_budget", "追加总额", "supplementary budget",
                                       al.supplementary_budget.str(), "granted for force majeure",
                                       "追加 " + al.supplementary_budget.str()));
      ab.lines.push_back(explain::make(pol, "final_budget", "清算预算总额", "final budget B'", ab.final_budget.str(),
                                       "B' = recounted budget + supplementary",
                                       before.str() + " + " + al.supplementary_budget.str() + " = " +
                                           ab.final_budget.str()));
    } else if (pol.year_end_recount || pol.supplementary_budget) {
      ab.lines.push_back(explain::make(pol, "final_budget", "清算预算总额", "final budget B'", ab.final_budget.str(),
                                       pol.year_end_recount ? "B' = Σ_b std_b × N_actual_ab × k" : "B' = B",
                                       "B' = " + ab.final_budget.str()));
    }
    if (pol.family == settlement_family::claims_paid) {
      const std::int64_t m = pol.get<std::int64_t>("advance_months");
      ab.advance = muldiv(ab.budget, m, months_per_year, pol.rounding_mode());
      ab.lines.push_back(explain::make(pol, "advance", "预付周转金", "advance", ab.advance.str(), "round(m × B / 12)",
                                       std::to_string(m) + " × " + ab.budget.str() + " / 12 = " + ab.advance.str()));
    } else {
      const rate r = pol.get<rate>("installment_rate");
      ab.installment_total = mul(ab.budget, r, pol.rounding_mode());
      const std::vector<std::int64_t> equal(months_per_year, 1);
      ab.installments = apportion(ab.installment_total, equal);
      ab.lines.push_back(explain::make(pol, "installments", "按月预拨合计", "installments total", ab.installment_total.str(),
                                       "round(rate × B), over 12 months by largest remainder",
                                       ab.budget.str() + " × " + r.percent() + " = " + ab.installment_total.str() +
                                           "; months " + ab.installments.front().str() + " … " +
                                           ab.installments.back().str()));
    }
  }
}

}  // namespace

fund_budget compute_budget(const policy& pol, int year, const fund_input& f, const std::string& path) {
  if (f.alliances.empty()) throw input_error(path + ".alliances", "at least one alliance is required");
  std::set<std::string> ids;
  for (std::size_t a = 0; a < f.alliances.size(); ++a)
    if (!ids.insert(f.alliances[a].id).second)
      throw input_error(path + ".alliances[" + std::to_string(a) + "].id", "alliance id \"" + f.alliances[a].id +
                                                                              "\" appears twice in this fund");
  fund_budget out;
  out.insutype = f.insutype;
  const std::string in = path + ".budget_inputs";
  pot p;
  switch (pol.base) {
    case budget_base::weighted_history:
      p = weighted_history_pot(pol, year, f, path, out.lines);
      out.base_expenditure = p.base;
      apply_deductions(pol, p, "X", out.lines);
      break;
    case budget_base::fund_revenue:
      p = given_base_pot(pol, f.inputs.fund_revenue, in + ".fund_revenue", "the county's fund revenue of the year",
                         "fund_revenue", "当年基金收入", "fund revenue V", "V", out.lines);
      apply_deductions(pol, p, "V", out.lines);
      break;
    case budget_base::expenditure_budget: {
      p = given_base_pot(pol, f.inputs.expenditure_budget, in + ".expenditure_budget",
                         "the county's annual fund expenditure budget", "base_expenditure", "年度基金支出预算",
                         "expenditure budget Z", "Z", out.lines);
      out.base_expenditure = p.base;
      apply_deductions(pol, p, "Z", out.lines);
      if (pol.revenue_growth_cap) {
        out.cap_bound = false;
        const auto& prior = f.inputs.prior_year_budget;
        const auto& growth = f.inputs.revenue_growth_rate;
        if (prior.has_value() != growth.has_value())
          throw input_error(in + (prior ? ".revenue_growth_rate" : ".prior_year_budget"),
                            "missing: prior_year_budget and revenue_growth_rate go together");
        if (prior) {
          non_negative(*prior, in + ".prior_year_budget");
          const fen bound = mul(*prior, rate::from_integer(1) + *growth, pol.rounding_mode());
          const bool binds = p.after_deductions > bound;
          out.cap_bound = binds;
          const fen before = p.after_deductions;
          if (binds) p.after_deductions = bound;
          out.lines.push_back(explain::make(
              pol, "revenue_growth_cap", "与基金收入变化幅度相适应", "revenue growth bound", bound.str(),
              "Z ≤ round(prior × (1 + g))",
              prior->str() + " × (1 + " + growth->percent() + ") = " + bound.str() + "; Z " + before.str() +
                  (binds ? " > bound: capped" : " ≤ bound: not binding")));
        }
      }
      break;
    }
    case budget_base::per_capita_package:
      break;
  }
  if (pol.base != budget_base::per_capita_package) {
    out.regional_budget = p.after_deductions;
    out.deductions = p.deductions;
    if (!p.deductions.empty() || pol.revenue_growth_cap)
      out.lines.push_back(explain::make(pol, "regional_budget", "区域预算总额", "regional budget",
                                        p.after_deductions.str(),
                                        pol.revenue_growth_cap ? "min(Z, bound)" : "base − deductions",
                                        p.base.str() + explain::deductions_text(p.deductions) +
                                            (p.after_deductions != p.base && p.deductions.empty()
                                                 ? " → " : " = ") + p.after_deductions.str()));
  }
  switch (pol.allocation) {
    case allocation_rule::age_band_capitation: allocate_capitation(pol, f, p, path, out); break;
    case allocation_rule::explicit_shares: allocate_explicit_shares(pol, f, p, path, out); break;
    case allocation_rule::weighted_shares: allocate_weighted_shares(pol, f, p, path, out); break;
    case allocation_rule::per_capita: allocate_per_capita(pol, f, path, out); break;
  }
  add_supplementary_and_payments(pol, f, path, out);
  return out;
}

std::vector<std::pair<std::string, fen>> displayed_standards(const policy& pol, const fund_budget& b) {
  std::vector<std::pair<std::string, fen>> out;
  for (std::size_t i = 0; i < b.standards.size(); ++i)
    out.emplace_back(band_name(pol, i), round_to_fen(b.standards[i], pol.rounding_mode(), "band standard"));
  return out;
}

}  // namespace medbudget
