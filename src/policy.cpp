// Policy validation and overrides.
#include "medbudget/policy.hpp"

#include <algorithm>  // find
#include <map>        // map
#include <set>        // set

namespace medbudget {

namespace {

const rate zero{};
const rate one = rate::from_integer(1);

std::string param_path(const std::string& where, const std::string& name) { return where + "." + name; }

void check_unit_interval(rate r, const std::string& path) {
  if (r < zero || r > one) throw input_error(path, "expected a rate from 0 to 1, got " + r.str());
}

void check_table(const std::string& name, const threshold_table& t, const std::string& path) {
  // An empty tcm_tiers is the preset "no tilt" (docs/rules.md, Hunan); every other table needs a row.
  if (t.rows.empty() && name != "tcm_tiers") throw input_error(path, "expected at least one [threshold, value] row");
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const std::string rp = path + "[" + std::to_string(i) + "]";
    if (i > 0 && !(t.rows[i].first < t.rows[i - 1].first))
      throw input_error(rp, "thresholds must strictly decrease (highest first)");
    check_unit_interval(t.rows[i].second, rp + "[1]");
  }
}

// Range checks of one parameter value, by its name where the name fixes a meaning.
void check_parameter(const std::string& name, const parameter_value& v, const std::string& path) {
  if (const auto* r = std::get_if<rate>(&v)) {
    check_unit_interval(*r, path);
    if (name == "installment_rate" && *r == zero) throw input_error(path, "expected a rate above 0");
  } else if (const auto* n = std::get_if<std::int64_t>(&v)) {
    if (*n < 0) throw input_error(path, "must not be negative");
    if (name == "advance_months" && *n > 12) throw input_error(path, "expected 0 to 12 months");
    if (name == "declaration_day" && (*n < 1 || *n > 28)) throw input_error(path, "expected a day from 1 to 28");
    if (name == "due_workdays" && (*n < 1 || *n > 250)) throw input_error(path, "expected 1 to 250 working days");
  } else if (const auto* w = std::get_if<std::vector<rate>>(&v)) {
    if (w->empty()) throw input_error(path, "expected at least one weight");
    rate sum;
    for (std::size_t i = 0; i < w->size(); ++i) {
      check_unit_interval((*w)[i], path + "[" + std::to_string(i) + "]");
      sum = sum + (*w)[i];
    }
    if (name == "history_weights" && sum != one)
      throw input_error(path, "weights must sum to 1 (a weighted average), they sum to " + sum.str());
  } else if (const auto* t = std::get_if<threshold_table>(&v)) {
    check_table(name, *t, path);
  } else if (const auto* s = std::get_if<share_weights>(&v)) {
    check_unit_interval(s->insured, path + ".insured");
    check_unit_interval(s->service, path + ".service");
    check_unit_interval(s->fund, path + ".fund");
    if (s->insured + s->service + s->fund == zero) throw input_error(path, "weights sum to zero");
  } else if (const auto* c = std::get_if<choice>(&v)) {
    const auto& allowed = allowed_choices(name);
    if (std::find(allowed.begin(), allowed.end(), c->value) == allowed.end()) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      if (allowed.empty()) throw input_error(path, "not an enumerated parameter: a text value is not accepted");
      throw input_error(path, "unknown value \"" + c->value + "\" (expected one of: " + list + ")");
    }
  } else if (const auto* bands = std::get_if<std::vector<age_band>>(&v)) {
    if (bands->empty()) throw input_error(path, "expected at least one age band");
    std::set<std::string> names;
    int next = 0;
    for (std::size_t i = 0; i < bands->size(); ++i) {
      const age_band& b = (*bands)[i];
      const std::string bp = path + "[" + std::to_string(i) + "]";
      if (!names.insert(b.name).second) throw input_error(bp, "band \"" + b.name + "\" appears twice");
      if (b.lower_years != next)
        throw input_error(bp, "bands must be contiguous from age 0: expected a band starting at " + std::to_string(next));
      const bool last = i + 1 == bands->size();
      if (last != !b.upper_years.has_value())
        throw input_error(bp, last ? "the last band must be open (\"N+\")" : "only the last band may be open");
      if (b.upper_years) next = *b.upper_years;
    }
  }
}

// The parameter `name` exists with type T; `ref` is the field of a rule that names it, for the message.
template <class T>
void require(const policy& p, const std::string& where, const std::string& name, const char* why,
             const std::string& ref = "") {
  const auto it = p.parameters.find(name);
  if (it == p.parameters.end())
    throw input_error(param_path(where + ".parameters", name),
                      std::string("missing: ") + why + (ref.empty() ? "" : " (named by " + ref + ")"));
  if (!std::holds_alternative<T>(it->second.value))
    throw input_error(param_path(where + ".parameters", name),
                      std::string("expected a ") + type_name(parameter_value(T{})) + ", got a " +
                          type_name(it->second.value));
}

void check_band(const policy& p, const std::string& where, const corridor_band& b, const std::string& bp, bool overspend) {
  using L = corridor_band::limit_kind;
  using S = corridor_band::share_kind;
  using C = corridor_band::cap_kind;
  if (b.limit == L::share_of_final_budget)
    require<rate>(p, where, b.limit_parameter, "the band's limit rate", bp + ".limit.share_of_final_budget");
  if (b.limit == L::case_amount && b.case_amount_field != "force_majeure_overspend" &&
      b.case_amount_field != "reasonable_overspend")
    throw input_error(bp + ".limit", "case amount must be force_majeure_overspend or reasonable_overspend");
  if (b.share == S::fixed && !b.share_parameter.empty())
    require<rate>(p, where, b.share_parameter, "the band's share", bp + ".share.parameter");
  if (b.share == S::score_table)
    require<threshold_table>(p, where, b.share_parameter, "the band's score table", bp + ".share.score_table");
  if (b.share == S::case_ratio) {
    if (!overspend) throw input_error(bp + ".share", "a case ratio applies to the overspend side only");
    if (!b.share_parameter.empty()) require<rate>(p, where, b.share_parameter, "the default ratio", bp + ".share.default");
  }
  if (b.cap == C::alliance_deduction) {
    bool found = false;
    for (const auto& d : p.deductions) found = found || d.key == b.cap_deduction;
    if (!found) throw input_error(bp + ".cap", "names no deduction of the policy: \"" + b.cap_deduction + "\"");
    if (p.allocation != allocation_rule::explicit_shares)
      throw input_error(bp + ".cap", "an alliance's part of a deduction needs explicit_shares allocation");
  }
  if (b.cap == C::growth_of_final_budget && !overspend)
    throw input_error(bp + ".cap", "a growth cap applies to the overspend side only");
}

}  // namespace

age_band parse_age_band(const std::string& name) {
  auto parse_int = [&](std::string_view digits) {
    if (digits.empty() || digits.size() > 3) throw input_error("", "age band \"" + name + "\" is not \"A-B\" or \"A+\"");
    int v = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') throw input_error("", "age band \"" + name + "\" is not \"A-B\" or \"A+\"");
      v = v * 10 + (c - '0');
    }
    return v;
  };
  const std::string_view s(name);
  if (!s.empty() && s.back() == '+') return {name, parse_int(s.substr(0, s.size() - 1)), std::nullopt};
  const auto dash = s.find('-');
  if (dash == std::string_view::npos) throw input_error("", "age band \"" + name + "\" is not \"A-B\" or \"A+\"");
  const int lo = parse_int(s.substr(0, dash));
  const int hi = parse_int(s.substr(dash + 1));
  if (hi < lo) throw input_error("", "age band \"" + name + "\" ends before it starts");
  return {name, lo, hi + 1};
}

const char* type_name(const parameter_value& v) noexcept {
  switch (v.index()) {
    case 0: return "rate (decimal string)";
    case 1: return "whole number";
    case 2: return "list of rates";
    case 3: return "table of [threshold, value] pairs";
    case 4: return "object {insured, service, fund}";
    case 5: return "rounding mode";
    case 6: return "list of age bands";
    case 7: return "choice (string)";
  }
  return "value";
}

// ---- enumeration parameters (docs/policy-model.md), in the order their errors list them ----
const std::vector<std::string>& allowed_choices(const std::string& name) {
  static const std::map<std::string, std::vector<std::string>> m = {
      {"coefficient_combination", {"product", "sum"}},   // Harbin
      {"revenue_growth_bound", {"report", "cap", "off"}},  // Hunan
      {"unattributed_local", {"error", "by_institution", "pass_through"}},
      {"out_of_alliance_netting", {"year_end", "monthly"}},
      {"growth_cap_basis", {"final_budget", "prior_spend_growth"}},
  };
  static const std::vector<std::string> none;
  const auto it = m.find(name);
  return it == m.end() ? none : it->second;
}

const std::string& policy::clause(const std::string& line_key) const {
  const auto it = clauses.find(line_key);
  if (it != clauses.end()) return it->second;
  return notice;
}

policy make_policy(policy p, const std::string& where) {
  using B = budget_base;
  using A = allocation_rule;
  if (p.id.empty()) throw input_error(where + ".id", "missing: the policy's id");
  for (const auto& [name, param] : p.parameters) {
    check_parameter(name, param.value, param_path(where + ".parameters", name));
    if (param.clause.empty())
      throw input_error(param_path(where + ".parameters", name) + ".clause",
                        "missing: every parameter names its clause or says \"local default\"");
  }
  require<rounding>(p, where, "rounding", "the rounding mode");
  require<std::vector<age_band>>(p, where, "age_bands", "the age bands");
  if (p.base == B::weighted_history)
    require<std::vector<rate>>(p, where, "history_weights", "history weights", where + ".budget.base");
  rate deducted;
  for (std::size_t i = 0; i < p.deductions.size(); ++i) {
    const deduction& d = p.deductions[i];
    const std::string dp = where + ".budget.deductions[" + std::to_string(i) + "]";
    if (d.key.empty()) throw input_error(dp + ".key", "missing: the deduction's key");
    if (p.base == B::per_capita_package) throw input_error(dp, "a per-capita package has no base to deduct from");
    require<rate>(p, where, d.rate_parameter, "the deduction's rate", dp + ".rate");
    deducted = deducted + p.get<rate>(d.rate_parameter);
  }
  if (deducted >= one) throw input_error(where + ".budget.deductions", "deductions take the whole base or more");
  if ((p.allocation == A::age_band_capitation) != (p.base == B::weighted_history))
    throw input_error(where + ".budget.allocation", "age_band_capitation goes with the weighted_history base, and only it");
  if ((p.allocation == A::per_capita) != (p.base == B::per_capita_package))
    throw input_error(where + ".budget.allocation", "per_capita allocation goes with the per_capita_package base, and only it");
  if (p.allocation == A::weighted_shares)
    require<share_weights>(p, where, "share_weights", "the share weights", where + ".budget.allocation");
  if (p.tcm_tilt) {
    if (p.allocation != A::weighted_shares) throw input_error(where + ".budget.tcm_tilt", "needs weighted_shares allocation");
    require<threshold_table>(p, where, "tcm_tiers", "the TCM tiers", where + ".budget.tcm_tilt");
  }
  if (p.fundraising_cap && p.allocation != A::age_band_capitation)
    throw input_error(where + ".budget.fundraising_cap", "needs age_band_capitation allocation");
  if (p.revenue_growth_cap && p.base != B::expenditure_budget)
    throw input_error(where + ".budget.revenue_growth_cap", "needs the expenditure_budget base");
  if ((p.adjustment_coefficient || p.year_end_recount) && p.allocation != A::age_band_capitation)
    throw input_error(where + ".budget.year_end_recount", "needs age_band_capitation allocation");
  if (p.family == settlement_family::claims_paid)
    require<std::int64_t>(p, where, "advance_months", "the advance of a claims-paid policy", where + ".family");
  else
    require<rate>(p, where, "installment_rate", "the installments of a package-paid policy", where + ".family");
  for (const char* name : {"due_workdays", "declaration_day"})
    if (p.has(name)) require<std::int64_t>(p, where, name, "");
  for (std::size_t i = 0; i < p.bands.surplus.size(); ++i)
    check_band(p, where, p.bands.surplus[i], where + ".corridor.surplus[" + std::to_string(i) + "]", false);
  for (std::size_t i = 0; i < p.bands.overspend.size(); ++i)
    check_band(p, where, p.bands.overspend[i], where + ".corridor.overspend[" + std::to_string(i) + "]", true);
  // The year-end ledger's options (revision 3): optional, typed when named.
  for (const char* name : {"unattributed_local", "out_of_alliance_netting", "growth_cap_basis"})
    if (p.has(name)) require<choice>(p, where, name, "");
  if (p.has("out_of_alliance_netting") && p.family != settlement_family::package_paid)
    throw input_error(param_path(where + ".parameters", "out_of_alliance_netting"),
                      "applies to package-paid policies only (claims-paid policies pay I monthly, O at the year end)");
  if (releases_total_payment(p)) {
    require<threshold_table>(p, where, "total_payment_release_table", "");
    if (p.family != settlement_family::package_paid)
      throw input_error(param_path(where + ".parameters", "total_payment_release_table"),
                        "applies to package-paid policies only (the total payment not pre-paid)");
  }
  if (p.reserve_release) {
    require<threshold_table>(p, where, "reserve_release_table", "the reserve release table", where + ".reserve_release");
    bool has_reserve = false;
    for (const auto& d : p.deductions) has_reserve = has_reserve || d.key == "risk_reserve";
    if (!has_reserve || p.allocation != A::explicit_shares)
      throw input_error(where + ".reserve_release", "needs a risk_reserve deduction split by explicit shares");
  }
  // ---- budget rule parts of revision 3: their enumeration parameters ----
  if (p.adjustment_coefficient)
    require<choice>(p, where, "coefficient_combination", "how the adjustment factors combine (product or sum)",
                    where + ".budget.adjustment_coefficient");
  if (p.revenue_growth_cap)
    require<choice>(p, where, "revenue_growth_bound", "the revenue growth check (report, cap or off)",
                    where + ".budget.revenue_growth_cap");
  return p;
}

namespace {
// The index of the policy's value among the parameter's choices; 0 when the policy names none.
std::size_t choice_index(const policy& p, const std::string& name) {
  if (!p.has(name)) return 0;
  const auto& choices = allowed_choices(name);
  const std::string& v = p.get<choice>(name).value;
  for (std::size_t i = 0; i < choices.size(); ++i)
    if (choices[i] == v) return i;
  ensure(false, "a validated policy holds one of the parameter's choices");
  return 0;
}
}  // namespace

unattributed_rule unattributed_local_rule(const policy& p) {
  return static_cast<unattributed_rule>(choice_index(p, "unattributed_local"));
}
netting_rule out_of_alliance_netting_rule(const policy& p) {
  return static_cast<netting_rule>(choice_index(p, "out_of_alliance_netting"));
}
growth_cap_rule growth_cap_basis_rule(const policy& p) {
  return static_cast<growth_cap_rule>(choice_index(p, "growth_cap_basis"));
}

policy with_overrides(const policy& p, const std::map<std::string, parameter_value>& overrides) {
  policy q = p;
  for (const auto& [name, value] : overrides) {
    const std::string path = "policy_overrides." + name;
    const auto it = q.parameters.find(name);
    if (it == q.parameters.end()) {
      std::string known;
      for (const auto& [n, v] : q.parameters) known += (known.empty() ? "" : ", ") + n;
      throw input_error(path, "unknown parameter for policy " + p.id + " (it has: " + known + ")");
    }
    if (it->second.value.index() != value.index())
      throw input_error(path, std::string("expected a ") + type_name(it->second.value) + ", got a " + type_name(value));
    check_parameter(name, value, path);
    it->second.value = value;
    it->second.clause = "case override (was: " + it->second.clause + ")";
  }
  return make_policy(std::move(q), "policy");
}

}  // namespace medbudget
