// Budgets (docs/rules.md): base, deductions, caps, allocation among alliances, payments.
#include "medbudget/budget.hpp"

#include <algorithm>  // find_if
#include <set>        // set

#include "budget_parts.hpp"
#include "explain.hpp"

namespace medbudget {

namespace budget_detail {

void require_bands(const policy& pol, const band_counts& counts, const std::string& path) {
  if (counts.size() != pol.age_bands().size())
    throw input_error(path, "expected one count per age band of the policy");
  for (std::size_t b = 0; b < counts.size(); ++b)
    if (counts[b] < 0) throw input_error(path + "." + band_name(pol, b), "insured count must not be negative");
}

std::vector<fen> round_together(const policy& pol, const std::vector<cpp_rational>& exact_budgets, const char* what) {
  cpp_rational sum = 0;
  for (const auto& e : exact_budgets) sum += e;
  const fen total = round_to_fen(sum, pol.rounding_mode(), what);
  if (sum == 0) return std::vector<fen>(exact_budgets.size());
  return apportion(total, exact_budgets);
}

line ratio_line(const policy& pol, const std::string& key, std::string zh, std::string en, rate value,
                std::string formula, std::string figures) {
  line l = explain::make(pol, key, std::move(zh), std::move(en), "", std::move(formula), std::move(figures));
  l.value = value.str();
  return l;
}

}  // namespace budget_detail

namespace {

using namespace budget_detail;

constexpr int months_per_year = 12;

// ---- the county pot -------------------------------------------------------------------------------

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
    if (hy.pooled_expenditure_by_band.size() != nb)
      throw input_error(hp + ".pooled_expenditure_by_band", "expected one amount per age band of the policy");
    for (std::size_t b = 0; b < nb; ++b)
      non_negative(hy.pooled_expenditure_by_band[b], hp + ".pooled_expenditure_by_band." + band_name(pol, b));
    // A year the base does not use is accepted (the case reader warns of it once).
    const auto it = std::find(years.begin(), years.end(), hy.year);
    if (it == years.end()) continue;
    const rate w = used_weights[static_cast<std::size_t>(it - years.begin())];
    for (std::size_t b = 0; b < nb; ++b) p.by_band[b] += exact(hy.pooled_expenditure_by_band[b]) * w.to_rational();
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

// ---- Hunan: the revenue growth check and the scope deductions ----------------------------------------

// `Z / P − 1` as a percentage with 2 decimals, rounded with the policy's mode: "4.95%".
std::string growth_percent(const policy& pol, fen z, fen prior) {
  const cpp_rational hundredths = (exact(z) - exact(prior)) * 10000 / exact(prior);
  return round_to_fen(hundredths, pol.rounding_mode(), "growth percentage").str() + "%";
}

void revenue_growth_check(const policy& pol, const fund_input& f, const std::string& in, pot& p, fund_budget& out) {
  out.cap_bound = false;
  const std::string& mode = pol.get<choice>("revenue_growth_bound").value;
  if (mode == "off") return;
  const auto& prior = f.inputs.prior_year_budget;
  const auto& growth = f.inputs.revenue_growth_rate;
  if (prior.has_value() != growth.has_value())
    throw input_error(in + (prior ? ".revenue_growth_rate" : ".prior_year_budget"),
                      "missing: prior_year_budget and revenue_growth_rate go together");
  if (!prior) return;
  if (*prior <= fen{})
    throw input_error(in + ".prior_year_budget", "must be positive (the growth check divides by it)");
  const fen bound = mul(*prior, rate::from_integer(1) + *growth, pol.rounding_mode());
  const fen z = p.after_deductions;
  const bool exceeded = z > bound;
  const bool capped = exceeded && mode == "cap";
  out.fields.revenue_growth_check = bound;
  out.fields.growth_check_exceeded = exceeded;
  out.cap_bound = capped;
  if (capped) p.after_deductions = bound;
  out.lines.push_back(explain::make(
      pol, "revenue_growth_check", "与基金收入变化幅度相适应（核对）", "revenue growth check", bound.str(),
      mode == "cap" ? "round(P × (1 + g)); Z / P − 1 against g; Z above it is capped"
                    : "round(P × (1 + g)); Z / P − 1 against g (report only, no effect on money)",
      prior->str() + " × (1 + " + growth->percent() + ") = " + bound.str() + "; Z / P − 1 = " + z.str() + " / " +
          prior->str() + " − 1 = " + growth_percent(pol, z, *prior) + (exceeded ? " > " : " ≤ ") + growth->percent() +
          (capped ? ": exceeded, Z capped" : exceeded ? ": exceeded (reported)" : ": within")));
}

void apply_scope_deductions(const policy& pol, const fund_input& f, const std::string& in, pot& p, fund_budget& out) {
  const std::string dp = in + ".scope_deductions";
  fen total;
  for (std::size_t i = 0; i < f.inputs.scope_deductions.size(); ++i) {
    const scope_deduction& d = f.inputs.scope_deductions[i];
    const std::string ip = dp + "[" + std::to_string(i) + "]";
    if (d.reason.empty()) throw input_error(ip + ".reason", "must not be empty");
    non_negative(d.amount, ip + ".amount");
    total += d.amount;
  }
  if (total > p.after_deductions)
    throw input_error(dp, "the deductions sum to " + total.str() + ", more than Z after the growth bound (" +
                              p.after_deductions.str() + ")");
  for (const scope_deduction& d : f.inputs.scope_deductions)
    out.lines.push_back(explain::make(pol, "scope_deduction", "支付范围扣除：" + d.reason, "scope deduction: " + d.reason,
                                      d.amount.str(), "off Z before the split", d.reason + " " + d.amount.str()));
  p.after_deductions -= total;
  out.fields.scope_deduction = total;
}

// ---- Guangdong: the installments' pot T_b from the revenue forecast V_b ----------------------------

std::optional<fen> installment_regional_budget(const policy& pol, const fund_input& f, const std::string& in,
                                               fund_budget& out) {
  if (!f.inputs.fund_revenue_budget) return std::nullopt;
  const fen vb = *f.inputs.fund_revenue_budget;
  non_negative(vb, in + ".fund_revenue_budget");
  fen tb = vb;
  std::string figures = vb.str();
  for (const deduction& d : pol.deductions) {
    const fen part = mul(vb, pol.get<rate>(d.rate_parameter), pol.rounding_mode());
    tb -= part;
    figures += " − " + part.str();
  }
  out.fields.fund_revenue_budget = vb;
  out.fields.installment_regional_budget = tb;
  out.lines.push_back(explain::make(pol, "fund_revenue_budget", "预算基金收入", "budgeted fund revenue V_b", vb.str(),
                                    "V_b", "V_b = " + vb.str() + " (the installments only)"));
  out.lines.push_back(explain::make(pol, "installment_regional_budget", "预拨总额付费金额",
                                    "total payment for installments T_b", tb.str(),
                                    "T_b = V_b − Σ round(rate × V_b)", figures + " = " + tb.str()));
  return tb;
}

// ---- allocation among alliances -------------------------------------------------------------------

void allocate_explicit_shares(const policy& pol, const fund_input& f, const pot& p, const std::optional<fen>& tb,
                              const std::string& path, fund_budget& out) {
  std::vector<rate> shares;
  for (std::size_t a = 0; a < f.alliances.size(); ++a) {
    const std::string ap = path + ".alliances[" + std::to_string(a) + "].share";
    // One alliance: share 1 unless given; several: each gives its share.
    const rate s = f.alliances.size() == 1 && !f.alliances[a].share
                       ? rate::from_integer(1)
                       : need(f.alliances[a].share, ap, "the alliance's share of the pot");
    if (s <= rate{}) throw input_error(ap, "share must be positive");
    shares.push_back(s);
  }
  const std::vector<fen> budgets = apportion(p.after_deductions, shares);
  std::vector<fen> bases;
  if (tb) bases = apportion(*tb, shares);
  std::vector<std::vector<fen>> ded_parts;
  for (const auto& [key, amount] : p.deductions) ded_parts.push_back(apportion(amount, shares));
  for (std::size_t a = 0; a < f.alliances.size(); ++a) {
    alliance_budget ab;
    ab.id = f.alliances[a].id;
    ab.exact_budget = exact(budgets[a]);
    ab.budget = ab.final_budget = ab.recount = budgets[a];
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
    if (tb) {
      ab.installment_base = bases[a];
      ab.lines.push_back(explain::make(pol, "installment_base", "预拨基数", "installment base B^inst", bases[a].str(),
                                       f.alliances.size() > 1 ? "B^inst = T_b × share / Σ shares" : "B^inst = T_b",
                                       tb->str() + " × " + shares[a].str() + " / Σ shares = " + bases[a].str()));
    }
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
    ab.budget = ab.final_budget = ab.recount = p.after_deductions;
    ab.lines.push_back(explain::make(pol, "budget", "医共体预算总额", "alliance budget B", ab.budget.str(), "B = Z_net",
                                     "one alliance: B = " + ab.budget.str()));
    out.alliances.push_back(std::move(ab));
    return;
  }
  const share_weights& sw = pol.get<share_weights>("share_weights");
  // The TCM tilt is on only with a table: the preset's tcm_tiers [] is no tilt, tcm_share not needed.
  const bool tilted = pol.tcm_tilt && !pol.get<threshold_table>("tcm_tiers").rows.empty();
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
    if (tilted) {
      const rate tcm = need(al.tcm_share, ap + ".tcm_share", "the alliance's TCM service share (TCM tilt)");
      if (tcm < rate{}) throw input_error(ap + ".tcm_share", "must not be negative");
      tilt = pol.get<threshold_table>("tcm_tiers").lookup(tcm);
      w = w * (rate::from_integer(1) + tilt);
    }
    if (w <= rate{}) throw input_error(ap + ".allocation_shares", "the alliance's weight must be positive");
    weights.push_back(w);
    weight_text.push_back("(" + sw.insured.str() + "×" + s.insured.str() + " + " + sw.service.str() + "×" +
                          s.service.str() + " + " + sw.fund.str() + "×" + s.fund.str() + ")" +
                          (tilted ? " × (1 + " + tilt.percent() + ")" : std::string()) + " = " + w.str());
  }
  const std::vector<fen> budgets = apportion(p.after_deductions, weights);
  for (std::size_t a = 0; a < n; ++a) {
    alliance_budget ab;
    ab.id = f.alliances[a].id;
    ab.exact_budget = exact(budgets[a]);
    ab.budget = ab.final_budget = ab.recount = budgets[a];
    ab.lines.push_back(ratio_line(pol, "allocation_weight", "分配权重", "allocation weight", weights[a],
                                  "w = (" + sw.insured.str() + "·insured + " + sw.service.str() + "·service + " + sw.fund.str() +
                                      "·fund)" + (tilted ? " × (1 + TCM tilt)" : ""), weight_text[a]));
    ab.lines.push_back(explain::make(pol, "budget", "医共体预算总额", "alliance budget B", ab.budget.str(),
                                     "B = Z_net × w / Σ w (largest remainder)",
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
    ab.budget = ab.final_budget = ab.recount = pkg * n;
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
    if (pol.allocation == allocation_rule::age_band_capitation) {
      // recount and supplementary budget already in B' (budget_capitation.cpp)
    } else if (pol.supplementary_budget && al.supplementary_budget != fen{}) {
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
      const fen base = ab.installment_base.value_or(ab.budget);  // B^inst
      ab.installment_total = mul(base, r, pol.rounding_mode());
      const std::vector<std::int64_t> equal(months_per_year, 1);
      ab.installments = apportion(ab.installment_total, equal);
      ab.lines.push_back(explain::make(pol, "installments", "按月预拨合计", "installments total", ab.installment_total.str(),
                                       ab.installment_base ? "round(rate × B^inst), over 12 months by largest remainder"
                                                           : "round(rate × B), over 12 months by largest remainder",
                                       base.str() + " × " + r.percent() + " = " + ab.installment_total.str() +
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
  std::optional<fen> installment_pot;  // Guangdong T_b
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
      installment_pot = installment_regional_budget(pol, f, in, out);
      break;
    case budget_base::expenditure_budget: {
      p = given_base_pot(pol, f.inputs.expenditure_budget, in + ".expenditure_budget",
                         "the county's annual fund expenditure budget", "base_expenditure", "年度基金支出预算",
                         "expenditure budget Z", "Z", out.lines);
      out.base_expenditure = p.base;
      apply_deductions(pol, p, "Z", out.lines);
      if (pol.revenue_growth_cap) revenue_growth_check(pol, f, in, p, out);
      apply_scope_deductions(pol, f, in, p, out);
      break;
    }
    case budget_base::per_capita_package:
      break;
  }
  if (pol.base != budget_base::per_capita_package) {
    out.regional_budget = p.after_deductions;
    out.deductions = p.deductions;
    if (pol.base == budget_base::expenditure_budget)
      out.lines.push_back(explain::make(pol, "regional_budget", "区域预算总额", "regional budget Z_net",
                                        p.after_deductions.str(),
                                        std::string(out.cap_bound.value_or(false) ? "Z_net = round(P × (1 + g))" : "Z_net = Z") +
                                            " − Σ scope deductions",
                                        p.base.str() + (out.cap_bound.value_or(false) ? " → " + out.fields.revenue_growth_check->str() : "") +
                                            " − " + out.fields.scope_deduction->str() + " = " + p.after_deductions.str()));
    else if (!p.deductions.empty())
      out.lines.push_back(explain::make(pol, "regional_budget", "区域预算总额", "regional budget",
                                        p.after_deductions.str(), "base − deductions",
                                        p.base.str() + explain::deductions_text(p.deductions) + " = " +
                                            p.after_deductions.str()));
  }
  switch (pol.allocation) {
    case allocation_rule::age_band_capitation: allocate_capitation(pol, f, p, path, out); break;
    case allocation_rule::explicit_shares: allocate_explicit_shares(pol, f, p, installment_pot, path, out); break;
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
