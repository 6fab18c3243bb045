// Policies from JSON: the rule parts, the parameters with their clauses, and the embedded presets.
#include <algorithm> // find
#include <map>       // map
#include <mutex>     // once_flag

#include "json_tree.hpp"
#include "medbudget/indicators.hpp"
#include "medbudget/io/json.hpp"
#include "policy_json.hpp"
#include "reader.hpp"

namespace medbudget {

// Generated from policies/*.json (cmake/embed_presets.cmake).
namespace presets_data {
struct entry {
  const char* id;
  const char* json;
};
extern const entry entries[];
extern const std::size_t count;
}  // namespace presets_data

namespace io {

namespace {

// In the order of parameter_value's alternatives (type_of_value casts the index).
enum class ptype { rate_t, integer_t, rates_t, table_t, weights_t, rounding_t, bands_t, choice_t };

// Named limits of a policy file (docs/limits.md).
constexpr std::size_t max_parameter_list = 1000;  // entries of a list or table parameter
constexpr std::size_t max_corridor_bands = 4;     // bands on each side of the corridor
constexpr std::size_t max_deductions = 16;        // budget deductions

void list_limit(const jnode& n, const std::string& path) {
  if (n.items.size() > max_parameter_list)
    throw input_error(path, "more than " + std::to_string(max_parameter_list) + " entries");
}

// The parameter names fix their type; a preset's own extra parameters take the type their JSON shape says.
const std::map<std::string, ptype, std::less<>>& known_types() {
  static const std::map<std::string, ptype, std::less<>> m = {
      {"history_weights", ptype::rates_t},       {"risk_reserve_rate", ptype::rate_t},
      {"adjustment_fund_rate", ptype::rate_t},   {"share_weights", ptype::weights_t},
      {"tcm_tiers", ptype::table_t},             {"advance_months", ptype::integer_t},
      {"installment_rate", ptype::rate_t},       {"surplus_cap_rate", ptype::rate_t},
      {"retention_table", ptype::table_t},       {"overspend_band_rate", ptype::rate_t},
      {"overspend_share_ratio", ptype::rate_t},  {"reserve_release_table", ptype::table_t},
      {"due_workdays", ptype::integer_t},        {"declaration_day", ptype::integer_t},
      {"rounding", ptype::rounding_t},           {"age_bands", ptype::bands_t},
      // The year-end ledger (revision 3).
      {"unattributed_local", ptype::choice_t},   {"out_of_alliance_netting", ptype::choice_t},
      {"growth_cap_basis", ptype::choice_t},     {"total_payment_release_table", ptype::table_t},
      // budget rule parts of revision 3
      {"coefficient_combination", ptype::choice_t}, {"revenue_growth_bound", ptype::choice_t},
  };
  return m;
}

ptype type_of_value(const parameter_value& v) { return static_cast<ptype>(v.index()); }

ptype infer_type(const std::string& name, const jnode& n, const std::string& path) {
  const auto it = known_types().find(name);
  if (it != known_types().end()) return it->second;
  switch (n.k) {
    case jnode::kind::number: return n.integer ? ptype::integer_t : ptype::rate_t;
    case jnode::kind::string: return ptype::rate_t;
    case jnode::kind::object: return ptype::weights_t;
    case jnode::kind::array:
      if (!n.items.empty() && n.items[0].k == jnode::kind::array) return ptype::table_t;
      return ptype::rates_t;
    default: throw input_error(path, "cannot tell this parameter's type from " + a_kind(n.k));
  }
}

}  // namespace

parameter_value parameter_from_json(const std::string& name, const jnode& n, const std::string& path,
                                    const parameter_value* like) {
  const ptype t = like ? type_of_value(*like) : infer_type(name, n, path);
  switch (t) {
    case ptype::rate_t: return rate_of(n, path);
    case ptype::integer_t: return integer_of(n, path);
    case ptype::rates_t: {
      expect(n, jnode::kind::array, path);
      list_limit(n, path);
      std::vector<rate> v;
      for (std::size_t i = 0; i < n.items.size(); ++i) v.push_back(rate_of(n.items[i], index(path, i)));
      return v;
    }
    case ptype::table_t: {
      expect(n, jnode::kind::array, path);
      list_limit(n, path);
      threshold_table t2;
      for (std::size_t i = 0; i < n.items.size(); ++i) {
        const std::string rp = index(path, i);
        expect(n.items[i], jnode::kind::array, rp);
        if (n.items[i].items.size() != 2) throw input_error(rp, "expected a [threshold, value] pair");
        t2.rows.emplace_back(rate_of(n.items[i].items[0], index(rp, 0)), rate_of(n.items[i].items[1], index(rp, 1)));
      }
      return t2;
    }
    case ptype::weights_t: {
      check_keys(n, path, {"insured", "service", "fund"});
      return share_weights{rate_of(required(n, path, "insured", "the insured weight"), child(path, "insured")),
                           rate_of(required(n, path, "service", "the service weight"), child(path, "service")),
                           rate_of(required(n, path, "fund", "the fund weight"), child(path, "fund"))};
    }
    case ptype::rounding_t: {
      try {
        return parse_rounding(text_of(n, path));
      } catch (const input_error& e) {
        if (!e.where().empty()) throw;
        throw input_error(path, e.message());
      }
    }
    case ptype::bands_t: {
      expect(n, jnode::kind::array, path);
      list_limit(n, path);
      std::vector<age_band> bands;
      for (std::size_t i = 0; i < n.items.size(); ++i) {
        try {
          bands.push_back(parse_age_band(text_of(n.items[i], index(path, i), 16)));
        } catch (const input_error& e) {
          if (!e.where().empty()) throw;
          throw input_error(index(path, i), e.message());
        }
      }
      return bands;
    }
    case ptype::choice_t: {
      // A string; its value is checked against allowed_choices when the policy is validated.
      return choice{text_of(n, path, 64)};
    }
  }
  throw input_error(path, "unknown parameter type");
}

namespace {

template <class E>
E enum_of(const jnode& n, const std::string& path, std::initializer_list<std::pair<std::string_view, E>> options) {
  const std::string s = text_of(n, path, 64);
  std::string list;
  for (const auto& [name, value] : options) {
    if (name == s) return value;
    list += (list.empty() ? "" : ", ") + std::string(name);
  }
  throw input_error(path, "unknown value \"" + s + "\" (expected one of: " + list + ")");
}

corridor_band band_from_json(const jnode& n, const std::string& path) {
  using L = corridor_band::limit_kind;
  using S = corridor_band::share_kind;
  using C = corridor_band::cap_kind;
  check_keys(n, path, {"limit", "share", "cap", "clause"});
  corridor_band b;
  b.clause = text_of(required(n, path, "clause", "the clause this band implements"), child(path, "clause"), 512);
  const jnode& limit = required(n, path, "limit", "\"unbounded\", {\"share_of_final_budget\": PARAM} or {\"case_amount\": FIELD}");
  const std::string lp = child(path, "limit");
  if (limit.k == jnode::kind::string) {
    if (limit.text != "unbounded") throw input_error(lp, "expected \"unbounded\" or an object");
  } else {
    check_keys(limit, lp, {"share_of_final_budget", "case_amount", "when_absent", "at_most_case_amount"});
    if (const jnode* p = limit.find("share_of_final_budget")) {
      b.limit = L::share_of_final_budget;
      b.limit_parameter = text_of(*p, child(lp, "share_of_final_budget"), 64);
      if (const jnode* m = limit.find("at_most_case_amount")) {
        b.at_most_case_amount = text_of(*m, child(lp, "at_most_case_amount"), 64);
        if (b.at_most_case_amount != "reasonable_overspend")
          throw input_error(child(lp, "at_most_case_amount"), "expected \"reasonable_overspend\"");
      }
    } else if (const jnode* c = limit.find("case_amount")) {
      if (limit.find("at_most_case_amount") != nullptr)
        throw input_error(child(lp, "at_most_case_amount"), "goes with share_of_final_budget only");
      b.limit = L::case_amount;
      b.case_amount_field = text_of(*c, child(lp, "case_amount"), 64);
      if (const jnode* w = limit.find("when_absent"))
        b.case_amount_absent_unbounded =
            enum_of<bool>(*w, child(lp, "when_absent"), {{"zero", false}, {"unbounded", true}});
    } else {
      throw input_error(lp, "expected share_of_final_budget or case_amount");
    }
  }
  const jnode& share = required(n, path, "share", "{\"fixed\": RATE}, {\"parameter\": PARAM}, {\"score_table\": PARAM} or {\"case_ratio\": …}");
  const std::string sp = child(path, "share");
  check_keys(share, sp, {"fixed", "parameter", "score_table", "case_ratio", "default"});
  if (const jnode* f = share.find("fixed")) {
    b.share = S::fixed;
    b.fixed_share = rate_of(*f, child(sp, "fixed"));
  } else if (const jnode* p = share.find("parameter")) {
    b.share = S::fixed;
    b.share_parameter = text_of(*p, child(sp, "parameter"), 64);
  } else if (const jnode* t = share.find("score_table")) {
    b.share = S::score_table;
    b.share_parameter = text_of(*t, child(sp, "score_table"), 64);
  } else if (const jnode* c = share.find("case_ratio")) {
    b.share = S::case_ratio;
    b.case_ratio_field = text_of(*c, child(sp, "case_ratio"), 64);
    if (b.case_ratio_field != "overspend_share_ratio")
      throw input_error(child(sp, "case_ratio"), "expected \"overspend_share_ratio\"");
    if (const jnode* d = share.find("default")) b.share_parameter = text_of(*d, child(sp, "default"), 64);
  } else {
    throw input_error(sp, "expected fixed, parameter, score_table or case_ratio");
  }
  if (const jnode* cap = n.find("cap")) {
    const std::string cp = child(path, "cap");
    if (cap->k == jnode::kind::string) {
      b.cap = enum_of<C>(*cap, cp, {{"none", C::none}, {"growth_of_final_budget", C::growth_of_final_budget}});
    } else {
      check_keys(*cap, cp, {"alliance_deduction"});
      b.cap = C::alliance_deduction;
      b.cap_deduction = text_of(required(*cap, cp, "alliance_deduction", "a deduction key"), child(cp, "alliance_deduction"), 64);
    }
  }
  return b;
}

// The optional "indicators" section (docs/indicators.md).
indicator_rules indicators_from_json(const jnode& n, const std::string& path) {
  check_keys(n, path, {"scoring", "readmission_days", "decimals", "clause", "requirements"});
  indicator_rules r;
  r.scoring = enum_of<indicator_scoring>(required(n, path, "scoring", "pass_fail or score"), child(path, "scoring"),
                                         {{"pass_fail", indicator_scoring::pass_fail}, {"score", indicator_scoring::score}});
  if (const jnode* d = n.find("readmission_days")) {
    r.readmission_days = integer_of(*d, child(path, "readmission_days"), 1);
    if (r.readmission_days > 366) throw input_error(child(path, "readmission_days"), "expected 1 to 366 days");
  }
  if (const jnode* d = n.find("decimals")) {
    const std::int64_t v = integer_of(*d, child(path, "decimals"), 0);
    if (v > 6) throw input_error(child(path, "decimals"), "expected 0 to 6 decimal places");
    r.decimals = static_cast<int>(v);
  }
  r.clause = text_of(required(n, path, "clause", "the clause, or \"local default\""), child(path, "clause"), 512);
  const std::string rp = child(path, "requirements");
  const jnode& reqs = required(n, path, "requirements", "the indicators' requirements");
  expect(reqs, jnode::kind::array, rp);
  if (reqs.items.empty() || reqs.items.size() > 32) throw input_error(rp, "expected 1 to 32 requirements");
  rate total;
  for (std::size_t i = 0; i < reqs.items.size(); ++i) {
    const std::string ip = index(rp, i);
    const jnode& q = reqs.items[i];
    check_keys(q, ip, {"indicator", "case_fact", "comparison", "threshold", "points", "clause"});
    indicator_requirement x;
    // An indicator of the records, or a fact the case states (kind case_fact): exactly one.
    const bool is_fact = q.find("case_fact") != nullptr;
    if (is_fact && q.find("indicator") != nullptr)
      throw input_error(ip, "expected one of indicator and case_fact, not both");
    const char* key = is_fact ? "case_fact" : "indicator";
    std::string& name = is_fact ? x.case_fact : x.indicator;
    name = text_of(required(q, ip, key, is_fact ? "a case fact's name" : "an indicator id"), child(ip, key), 64);
    const auto& ids = is_fact ? case_fact_names() : indicator_ids();
    if (std::find(ids.begin(), ids.end(), name) == ids.end()) {
      std::string known;
      for (const auto& k : ids) known += (known.empty() ? "" : ", ") + k;
      throw input_error(child(ip, key), std::string(is_fact ? "unknown case fact \"" : "unknown indicator \"") + name +
                                            "\" (known: " + known + ")");
    }
    for (std::size_t j = 0; j < r.requirements.size(); ++j)
      if ((is_fact ? r.requirements[j].case_fact : r.requirements[j].indicator) == name)
        throw input_error(child(ip, key), std::string(is_fact ? "case fact " : "indicator ") + name + " is required twice");
    x.comparison = enum_of<indicator_comparison>(
        required(q, ip, "comparison", "<, <=, > or >="), child(ip, "comparison"),
        {{"<", indicator_comparison::lt}, {"<=", indicator_comparison::le}, {">", indicator_comparison::gt}, {">=", indicator_comparison::ge}});
    x.threshold = rate_of(required(q, ip, "threshold", is_fact ? "a figure in the fact's unit" : "a percentage"),
                          child(ip, "threshold"));
    if (const jnode* pts = q.find("points")) {
      x.points = rate_of(*pts, child(ip, "points"));
      if (x.points < rate{}) throw input_error(child(ip, "points"), "expected points of at least 0");
      total = total + x.points;
    }
    x.clause = text_of(required(q, ip, "clause", "the clause, or \"local default\""), child(ip, "clause"), 512);
    r.requirements.push_back(std::move(x));
  }
  if (r.scoring == indicator_scoring::score && total != rate::from_integer(100))
    throw input_error(rp, "the points of a score must add up to 100, they add up to " + total.str());
  return r;
}

}  // namespace

policy policy_from_json(const jnode& root, const std::string& where) {
  check_keys(root, where, {"id", "name_zh", "name_en", "notice", "family", "budget", "corridor", "performance_gate",
                           "reserve_release", "referral_deductible", "parameters", "clauses", "description",
                           "indicators"});
  policy p;
  p.id = text_of(required(root, where, "id", "the policy's id"), child(where, "id"), 64);
  if (const jnode* n = root.find("name_zh")) p.name_zh = text_of(*n, child(where, "name_zh"));
  if (const jnode* n = root.find("name_en")) p.name_en = text_of(*n, child(where, "name_en"));
  p.notice = text_of(required(root, where, "notice", "the notice implemented"), child(where, "notice"));
  p.family = enum_of<settlement_family>(required(root, where, "family", "claims_paid or package_paid"),
                                        child(where, "family"),
                                        {{"claims_paid", settlement_family::claims_paid},
                                         {"package_paid", settlement_family::package_paid}});
  const std::string bp = child(where, "budget");
  const jnode& budget = required(root, where, "budget", "the budget rule parts");
  check_keys(budget, bp, {"base", "deductions", "fundraising_cap", "revenue_growth_cap", "allocation",
                          "adjustment_coefficient", "tcm_tilt", "year_end_recount", "supplementary_budget",
                          "scope_excludes_county_nonmembers"});
  p.base = enum_of<budget_base>(required(budget, bp, "base", "the budget base"), child(bp, "base"),
                                {{"weighted_history", budget_base::weighted_history},
                                 {"fund_revenue", budget_base::fund_revenue},
                                 {"expenditure_budget", budget_base::expenditure_budget},
                                 {"per_capita_package", budget_base::per_capita_package}});
  p.allocation = enum_of<allocation_rule>(required(budget, bp, "allocation", "the allocation among alliances"),
                                          child(bp, "allocation"),
                                          {{"age_band_capitation", allocation_rule::age_band_capitation},
                                           {"explicit_shares", allocation_rule::explicit_shares},
                                           {"weighted_shares", allocation_rule::weighted_shares},
                                           {"per_capita", allocation_rule::per_capita}});
  if (const jnode* d = budget.find("deductions")) {
    const std::string dp = child(bp, "deductions");
    expect(*d, jnode::kind::array, dp);
    if (d->items.size() > max_deductions)
      throw input_error(dp, "more than " + std::to_string(max_deductions) + " deductions");
    for (std::size_t i = 0; i < d->items.size(); ++i) {
      const std::string ip = index(dp, i);
      check_keys(d->items[i], ip, {"key", "label_zh", "label_en", "rate"});
      deduction x;
      x.key = text_of(required(d->items[i], ip, "key", "the deduction's key"), child(ip, "key"), 64);
      x.label_zh = text_of(required(d->items[i], ip, "label_zh", "the Chinese label"), child(ip, "label_zh"));
      x.label_en = text_of(required(d->items[i], ip, "label_en", "the English label"), child(ip, "label_en"));
      x.rate_parameter = text_of(required(d->items[i], ip, "rate", "the rate parameter's name"), child(ip, "rate"), 64);
      p.deductions.push_back(std::move(x));
    }
  }
  auto flag = [&](const char* key, bool& out) {
    if (const jnode* n = budget.find(key)) out = bool_of(*n, child(bp, key));
  };
  flag("fundraising_cap", p.fundraising_cap);
  flag("revenue_growth_cap", p.revenue_growth_cap);
  flag("adjustment_coefficient", p.adjustment_coefficient);
  flag("tcm_tilt", p.tcm_tilt);
  flag("year_end_recount", p.year_end_recount);
  flag("supplementary_budget", p.supplementary_budget);
  flag("scope_excludes_county_nonmembers", p.scope_excludes_county_nonmembers);

  const std::string cp = child(where, "corridor");
  const jnode& corr = required(root, where, "corridor", "the surplus and overspend bands");
  check_keys(corr, cp, {"surplus", "overspend"});
  for (const char* side : {"surplus", "overspend"}) {
    const jnode* s = corr.find(side);
    if (s == nullptr) continue;
    const std::string sp = child(cp, side);
    expect(*s, jnode::kind::array, sp);
    if (s->items.size() > max_corridor_bands)
      throw input_error(sp, "more than " + std::to_string(max_corridor_bands) + " bands");
    for (std::size_t i = 0; i < s->items.size(); ++i)
      (std::string_view(side) == "surplus" ? p.bands.surplus : p.bands.overspend)
          .push_back(band_from_json(s->items[i], index(sp, i)));
  }
  if (const jnode* n = root.find("performance_gate")) p.performance_gate = bool_of(*n, child(where, "performance_gate"));
  if (const jnode* n = root.find("reserve_release")) p.reserve_release = bool_of(*n, child(where, "reserve_release"));
  if (const jnode* n = root.find("referral_deductible")) {
    const std::string rp = child(where, "referral_deductible");
    check_keys(*n, rp, {"rule", "clause"});
    const std::string rule = text_of(required(*n, rp, "rule", "none, level_difference or once_per_episode"), child(rp, "rule"));
    using K = referral_rule::kind;
    if (rule == "none") p.referral.rule = K::none;
    else if (rule == "level_difference") p.referral.rule = K::level_difference;
    else if (rule == "once_per_episode") p.referral.rule = K::once_per_episode;
    else throw input_error(child(rp, "rule"), "expected none, level_difference or once_per_episode, got \"" + rule + "\"");
    p.referral.clause = text_of(required(*n, rp, "clause", "the clause the rule implements"), child(rp, "clause"), 1024);
  }

  if (const jnode* n = root.find("indicators")) p.indicators = indicators_from_json(*n, child(where, "indicators"));

  const std::string pp = child(where, "parameters");
  const jnode& params = required(root, where, "parameters", "the policy parameters");
  expect(params, jnode::kind::object, pp);
  for (const auto& [name, node] : params.members) {
    const std::string np = child(pp, name);
    check_keys(node, np, {"value", "clause"});
    parameter param;
    param.value = parameter_from_json(name, required(node, np, "value", "the parameter's value"), child(np, "value"), nullptr);
    param.clause = text_of(required(node, np, "clause", "the clause, or \"local default\""), child(np, "clause"), 512);
    p.parameters.emplace(name, std::move(param));
  }
  if (const jnode* c = root.find("clauses")) {
    const std::string clp = child(where, "clauses");
    expect(*c, jnode::kind::object, clp);
    for (const auto& [key, node] : c->members) p.clauses.emplace(key, text_of(node, child(clp, key), 512));
  }
  return make_policy(std::move(p), where);
}

}  // namespace io

std::vector<std::string> preset_ids() {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < presets_data::count; ++i) ids.emplace_back(presets_data::entries[i].id);
  return ids;
}

std::string_view preset_json(std::string_view id) {
  for (std::size_t i = 0; i < presets_data::count; ++i)
    if (id == presets_data::entries[i].id) return presets_data::entries[i].json;
  std::string known;
  for (const auto& k : preset_ids()) known += (known.empty() ? "" : ", ") + k;
  throw input_error("policy", "unknown preset \"" + std::string(id) + "\" (presets: " + known +
                                  "; or give a path to a policy JSON file)");
}

const policy& preset(std::string_view id) {
  static const std::map<std::string, policy, std::less<>> loaded = [] {
    std::map<std::string, policy, std::less<>> m;
    for (std::size_t i = 0; i < presets_data::count; ++i) {
      const std::string source = std::string("policies/") + presets_data::entries[i].id + ".json";
      m.emplace(presets_data::entries[i].id, load_policy(presets_data::entries[i].json, source));
    }
    return m;
  }();
  const auto it = loaded.find(id);
  if (it == loaded.end()) (void)preset_json(id);  // throws the unknown-preset error
  return it->second;
}

policy load_policy(std::string_view json, const std::string& source) {
  const io::jnode root = io::parse_json(json, source);
  try {
    return io::policy_from_json(root, "policy");
  } catch (const invariant_error&) {
    throw;
  } catch (const input_error& e) {
    throw input_error(source + (e.where().empty() ? "" : ": " + e.where()), e.message());
  }
}

}  // namespace medbudget
