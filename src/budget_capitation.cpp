// Harbin's age-band capitation (docs/rules.md, Harbin): the unscaled band standards, each alliance's
// budget with its adjustment coefficient, the budget-stage fundraising cap, the year-end recount from
// the unscaled standards capped again at the period's fundraising, and the supplementary budget.
#include "budget_parts.hpp"
#include "explain.hpp"

namespace medbudget::budget_detail {

namespace {

// Where an alliance's insured counts N_ab come from.
enum class count_source {
  attributed,     // its insured_budget_by_band
  service_share,  // N_b × service_volume_share
  county,         // one alliance giving neither: the county's N_b
};

const char* source_field(count_source s) {
  return s == count_source::service_share ? "service_volume_share" : "insured_budget_by_band";
}

bool sum_combination(const policy& pol) { return pol.get<choice>("coefficient_combination").value == "sum"; }

// k = Π(1 + r) (`product`) or 1 + Σ r (`sum`), by coefficient_combination; no factors: 1.
rate combine(const policy& pol, const std::vector<adjustment_factor>& factors, const std::string& path) {
  const rate one = rate::from_integer(1);
  const bool sum = sum_combination(pol);
  rate k = one;
  for (std::size_t i = 0; i < factors.size(); ++i) {
    if (sum) {
      k = k + factors[i].value;
      continue;
    }
    const rate f = one + factors[i].value;
    if (f <= rate{}) throw input_error(path + "[" + std::to_string(i) + "].rate", "1 + rate must be positive");
    k = k * f;
  }
  if (sum && k <= rate{}) throw input_error(path, "1 + Σ rate must be positive, got " + k.str());
  return k;
}

std::string combination_formula(const policy& pol, const char* symbol) {
  return std::string(symbol) + (sum_combination(pol) ? " = 1 + Σ r" : " = Π(1 + r)");
}

// "(1 − 2% 集采)(1 + 1.3% 质量) = 0.99274" or "1 − 2% 集采 + 1.3% 质量 = 0.993".
std::string factors_figures(const policy& pol, const std::vector<adjustment_factor>& factors, rate k) {
  if (!sum_combination(pol) || factors.empty()) return explain::factors_text(factors, k);
  std::string s = "1";
  for (const auto& f : factors) {
    const bool negative = f.value < rate{};
    s += std::string(negative ? " − " : " + ") + (negative ? (rate{} - f.value).percent() : f.value.percent()) + " " +
         f.reason;
  }
  return s + " = " + k.str();
}

cpp_rational sum_of(const std::vector<cpp_rational>& v) {
  cpp_rational s = 0;
  for (const auto& x : v) s += x;
  return s;
}

}  // namespace

void allocate_capitation(const policy& pol, const fund_input& f, const pot& p, const std::string& path,
                         fund_budget& out) {
  const std::string in = path + ".budget_inputs";
  const std::size_t nb = pol.age_bands().size();
  const std::size_t n = f.alliances.size();
  const band_counts& county = need(f.inputs.insured_budget_by_band, in + ".insured_budget_by_band",
                                   "the budget insured count per age band (上一年度缴费人数)");
  require_bands(pol, county, in + ".insured_budget_by_band");
  const fen R = p.after_deductions;
  // Unscaled standards std⁰_b = (X_b / X × R) / N_b, exact.
  std::vector<cpp_rational> std0(nb, cpp_rational(0));
  for (std::size_t b = 0; b < nb; ++b) {
    if (county[b] == 0) {
      if (p.by_band[b] > 0)
        throw input_error(in + ".insured_budget_by_band." + band_name(pol, b),
                          "insured count 0 for a band with pooled spend above 0");
      continue;
    }
    if (p.exact_base == 0) continue;
    std0[b] = p.by_band[b] / p.exact_base * exact(R) / cpp_rational(county[b]);
  }
  out.standards = std0;

  // N_ab (one source for all alliances of a fund when there are several), k_a.
  const bool several = n > 1;
  std::vector<count_source> source(n);
  std::vector<std::vector<cpp_rational>> counts(n, std::vector<cpp_rational>(nb, cpp_rational(0)));
  std::vector<rate> ks(n, rate::from_integer(1));
  for (std::size_t a = 0; a < n; ++a) {
    const alliance_input& al = f.alliances[a];
    const std::string ap = path + ".alliances[" + std::to_string(a) + "]";
    if (al.insured_budget_by_band && al.service_volume_share)
      throw input_error(ap + ".service_volume_share",
                        "give either insured_budget_by_band or service_volume_share, not both");
    if (al.insured_budget_by_band) {
      source[a] = count_source::attributed;
      require_bands(pol, *al.insured_budget_by_band, ap + ".insured_budget_by_band");
      for (std::size_t b = 0; b < nb; ++b) counts[a][b] = cpp_rational((*al.insured_budget_by_band)[b]);
    } else if (al.service_volume_share) {
      source[a] = count_source::service_share;
      if (*al.service_volume_share <= rate{}) throw input_error(ap + ".service_volume_share", "must be positive");
      for (std::size_t b = 0; b < nb; ++b)
        counts[a][b] = cpp_rational(county[b]) * al.service_volume_share->to_rational();
    } else if (several) {
      throw input_error(ap + ".insured_budget_by_band",
                        "missing: several alliances need each alliance's attributed counts or service_volume_share");
    } else {
      source[a] = count_source::county;
      for (std::size_t b = 0; b < nb; ++b) counts[a][b] = cpp_rational(county[b]);
    }
    if (several && source[a] != source[0])
      throw input_error(ap, std::string("gives ") + source_field(source[a]) + " while " + path + ".alliances[0] gives " +
                                source_field(source[0]) + ": all alliances of a fund use the same one");
    if (pol.adjustment_coefficient) ks[a] = combine(pol, al.adjustment_factors, ap + ".adjustment_factors");
  }
  std::vector<cpp_rational> exact_budgets(n);
  for (std::size_t a = 0; a < n; ++a) {
    cpp_rational s = 0;
    for (std::size_t b = 0; b < nb; ++b) s += std0[b] * counts[a][b];
    exact_budgets[a] = s * ks[a].to_rational();
  }
  std::vector<fen> budgets = round_together(pol, exact_budgets, "alliance budgets");
  fen sum_budgets;
  for (fen b : budgets) sum_budgets += b;
  const cpp_rational exact_sum = sum_of(exact_budgets);

  // Budget-stage cap: the alliances' total at most F; the standards in use scale by F / Σ Bex.
  bool capped = false;
  if (pol.fundraising_cap) {
    out.cap_bound = false;
    if (f.inputs.fundraising_total) {
      const fen F = *f.inputs.fundraising_total;
      non_negative(F, in + ".fundraising_total");
      if (sum_budgets > F) {
        capped = true;
        out.cap_bound = true;
        budgets = apportion(F, exact_budgets);
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
  for (std::size_t b = 0; b < nb; ++b) {
    const fen shown = round_to_fen(out.standards[b], pol.rounding_mode(), "band standard");
    out.lines.push_back(explain::make(
        pol, "band_standard", "年龄段人头付费标准 " + band_name(pol, b), "per-capita standard " + band_name(pol, b),
        shown.str(), capped ? "std_b = X_b / X × R / N_b × F / Σ B_a" : "std_b = X_b / X × R / N_b",
        explain::rational_text(p.by_band[b]) + " / " + explain::rational_text(p.exact_base) + " × " + R.str() +
            " / " + std::to_string(county[b]) + " = " + shown.str() + " (exact value carried)"));
  }

  // Year-end recount, from the unscaled standards std⁰. Alliances budgeted by share are
  // recounted only on the county's actual counts; without them nothing is recounted.
  const bool by_share = source[0] == count_source::service_share;
  const auto& county_actual = f.inputs.insured_actual_by_band;
  if (county_actual) require_bands(pol, *county_actual, in + ".insured_actual_by_band");
  const bool recounted = pol.year_end_recount && !(by_share && !county_actual);
  std::vector<cpp_rational> final_exact(n);
  std::vector<rate> kf = ks;
  std::vector<fen> recounts = budgets;
  std::optional<fen> f_final;
  if (pol.fundraising_cap) {
    if (f.inputs.fundraising_actual) non_negative(*f.inputs.fundraising_actual, in + ".fundraising_actual");
    f_final = f.inputs.fundraising_actual ? f.inputs.fundraising_actual : f.inputs.fundraising_total;
  }
  if (pol.year_end_recount) out.fields.final_cap_bound = false;
  for (std::size_t a = 0; a < n; ++a)
    if (pol.year_end_recount && source[a] == count_source::service_share && f.alliances[a].insured_actual_by_band)
      throw input_error(path + ".alliances[" + std::to_string(a) + "].insured_actual_by_band",
                        "an alliance budgeted by service_volume_share is recounted on the county's "
                        "budget_inputs.insured_actual_by_band × share, not on counts of its own");
  if (recounted) {
    for (std::size_t a = 0; a < n; ++a) {
      const alliance_input& al = f.alliances[a];
      const std::string ap = path + ".alliances[" + std::to_string(a) + "]";
      std::vector<cpp_rational> actual = counts[a];
      if (source[a] == count_source::service_share) {
        for (std::size_t b = 0; b < nb; ++b)
          actual[b] = cpp_rational((*county_actual)[b]) * al.service_volume_share->to_rational();
      } else if (al.insured_actual_by_band) {
        require_bands(pol, *al.insured_actual_by_band, ap + ".insured_actual_by_band");
        for (std::size_t b = 0; b < nb; ++b) actual[b] = cpp_rational((*al.insured_actual_by_band)[b]);
      }
      if (pol.adjustment_coefficient && al.adjustment_factors_final)
        kf[a] = combine(pol, *al.adjustment_factors_final, ap + ".adjustment_factors_final");
      cpp_rational s = 0;
      for (std::size_t b = 0; b < nb; ++b) s += std0[b] * actual[b];
      final_exact[a] = s * kf[a].to_rational();
    }
    const fen rounded_sum = round_to_fen(sum_of(final_exact), pol.rounding_mode(), "year-end budgets");
    const bool final_capped = f_final && rounded_sum > *f_final;
    recounts = final_capped ? apportion(*f_final, final_exact) : round_together(pol, final_exact, "year-end budgets");
    out.fields.final_cap_bound = final_capped;
    if (f_final)
      out.lines.push_back(explain::make(
          pol, "fundraising_cap_final", "清算筹资总额封顶", "year-end fundraising cap", f_final->str(),
          "Σ_a B'ex_a ≤ F_final",
          "round(Σ B'ex) = " + rounded_sum.str() + (final_capped ? " > " : " ≤ ") + f_final->str() +
              (f.inputs.fundraising_actual ? " (fundraising_actual)" : " (fundraising_total)") +
              (final_capped ? ": capped" : ": not binding")));
  }

  // B' = recount + supplementary (not capped); the memo when Σ B' passes the cap.
  fen sum_final;
  for (std::size_t a = 0; a < n; ++a) {
    const alliance_input& al = f.alliances[a];
    const std::string ap = path + ".alliances[" + std::to_string(a) + "]";
    alliance_budget ab;
    ab.id = al.id;
    ab.exact_budget = exact_budgets[a];
    ab.budget = budgets[a];
    ab.coefficient = ks[a];
    if (pol.adjustment_coefficient)
      ab.lines.push_back(ratio_line(pol, "adjustment_coefficient", "调节系数", "adjustment coefficient k", ks[a],
                                    combination_formula(pol, "k"), factors_figures(pol, al.adjustment_factors, ks[a])));
    const std::string unrounded = explain::rational_text(exact_budgets[a] / ks[a].to_rational());
    ab.lines.push_back(explain::make(
        pol, "budget", "医共体总额预算", "alliance budget B", ab.budget.str(),
        capped ? "B = apportion(F, Bex), Bex = Σ_b std⁰_b × N_ab × k"
               : (several ? "B = Σ_b std⁰_b × N_ab × k, rounded together across alliances" : "B = Σ_b std⁰_b × N_b × k"),
        "Σ_b std⁰_b × N_b = " + unrounded + " × " + ks[a].str() + " = " + explain::rational_text(exact_budgets[a]) +
            " → " + ab.budget.str()));
    ab.recount = recounts[a];
    if (recounted && pol.adjustment_coefficient && al.adjustment_factors_final) {
      ab.coefficient_final = kf[a];
      ab.lines.push_back(ratio_line(pol, "adjustment_coefficient_final", "清算调节系数",
                                    "year-end adjustment coefficient k'", kf[a], combination_formula(pol, "k'"),
                                    factors_figures(pol, *al.adjustment_factors_final, kf[a])));
    }
    if (pol.year_end_recount) {
      if (recounted)
        ab.lines.push_back(explain::make(
            pol, "recount_budget", "清算重新核定预算", "recounted budget", recounts[a].str(),
            f_final ? "apportion(min(round(Σ B'ex), F_final), B'ex), B'ex = Σ_b std⁰_b × N^actual_ab × k'"
                    : "apportion(round(Σ B'ex), B'ex), B'ex = Σ_b std⁰_b × N^actual_ab × k'",
            "B'ex = " + explain::rational_text(final_exact[a]) + " → " + recounts[a].str()));
      else
        ab.lines.push_back(explain::make(
            pol, "recount_budget", "清算重新核定预算", "recounted budget", recounts[a].str(), "recount = B",
            "budgeted by service_volume_share without the county's insured_actual_by_band: nothing recounted, " +
                recounts[a].str()));
    }
    ab.final_budget = recounts[a];
    fen supplementary;
    if (pol.supplementary_budget) {
      supplementary = al.supplementary_budget;
      non_negative(supplementary, ap + ".supplementary_budget");
    }
    if (supplementary != fen{}) {
      ab.final_budget += supplementary;
      ab.lines.push_back(explain::make(pol, "supplementary_budget", "追加总额", "supplementary budget",
                                       supplementary.str(), "granted for force majeure (not capped)",
                                       "追加 " + supplementary.str()));
    }
    if (pol.year_end_recount || pol.supplementary_budget)
      ab.lines.push_back(explain::make(pol, "final_budget", "清算预算总额", "final budget B'", ab.final_budget.str(),
                                       pol.year_end_recount ? "B' = recount + supplementary" : "B' = B + supplementary",
                                       recounts[a].str() + " + " + supplementary.str() + " = " + ab.final_budget.str()));
    sum_final += ab.final_budget;
    out.alliances.push_back(std::move(ab));
  }
  // Nothing recounted: k' and F_final do not apply, the memo compares Σ B' with F.
  const std::optional<fen> memo_cap = recounted ? f_final : (pol.fundraising_cap ? f.inputs.fundraising_total : std::nullopt);
  if (pol.supplementary_budget && memo_cap && sum_final > *memo_cap) {
    const fen above = sum_final - *memo_cap;
    out.fields.supplementary_above_cap = above;
    out.lines.push_back(explain::make(pol, "supplementary_above_cap", "追加总额超出筹资总额部分（备注）",
                                      "supplementary budget above the cap (memo)", above.str(),
                                      "Σ_a B'_a − F_final (no money effect)",
                                      sum_final.str() + " − " + memo_cap->str() + " = " + above.str()));
  }
}

}  // namespace medbudget::budget_detail
