// Cases from JSON (case-format.md): every field typed and placed, unknown fields rejected, fields the
// policy does not use reported once as warnings.
#include <filesystem>    // path, exists
#include <set>           // set
#include <system_error>  // error_code

#include "json_tree.hpp"
#include "medbudget/io/json.hpp"
#include "policy_json.hpp"
#include "reader.hpp"

namespace medbudget {

namespace io {
namespace {

inline constexpr std::size_t max_alliances = 1000;
inline constexpr std::size_t max_members = 10000;
inline constexpr std::size_t max_list = 1000;  // history years, factors, months

// Whether a case field is used by the policy (for the "accepted, not used" warning).
bool uses(const policy& p, std::string_view field) {
  using B = budget_base;
  using A = allocation_rule;
  auto band_with = [&](auto pred) {
    for (const auto* side : {&p.bands.surplus, &p.bands.overspend})
      for (const auto& b : *side)
        if (pred(b)) return true;
    return false;
  };
  if (field == "first_year" || field == "history") return p.base == B::weighted_history;
  if (field == "fundraising_total") return p.fundraising_cap;
  if (field == "insured_budget_by_band" || field == "service_volume_share") return p.allocation == A::age_band_capitation;
  if (field == "insured_actual_by_band") return p.year_end_recount;
  if (field == "adjustment_factors") return p.adjustment_coefficient;
  if (field == "supplementary_budget") return p.supplementary_budget;
  if (field == "fund_revenue") return p.base == B::fund_revenue;
  if (field == "expenditure_budget") return p.base == B::expenditure_budget;
  if (field == "prior_year_budget" || field == "revenue_growth_rate") return p.revenue_growth_cap;
  if (field == "per_capita_package" || field == "insured" || field == "bundled_public_health" ||
      field == "bundled_fiscal")
    return p.base == B::per_capita_package;
  if (field == "share") return p.allocation == A::explicit_shares;
  if (field == "allocation_shares") return p.allocation == A::weighted_shares;
  if (field == "tcm_share") return p.tcm_tilt;
  if (field == "overspend_share_ratio")
    return band_with([](const corridor_band& b) { return b.share == corridor_band::share_kind::case_ratio; });
  if (field == "city_avg_growth_rate")
    return band_with([](const corridor_band& b) { return b.cap == corridor_band::cap_kind::growth_of_final_budget; });
  if (field == "force_majeure_overspend" || field == "reasonable_overspend")
    return band_with([&](const corridor_band& b) { return b.case_amount_field == field; });
  if (field == "score")
    return p.reserve_release ||
           band_with([](const corridor_band& b) { return b.share == corridor_band::share_kind::score_table; });
  if (field == "indicators_met") return p.performance_gate;
  return true;
}

class case_reader {
 public:
  case_reader(const policy& p, std::vector<std::string>& warnings) : pol_(p), warnings_(warnings) {}

  // Marks a field present; warns once per field name the policy does not use.
  const jnode* field(const jnode& obj, std::string_view key, const std::string& path) {
    const jnode* n = obj.find(key);
    if (n != nullptr && !uses(pol_, key) && warned_.insert(std::string(key)).second)
      warnings_.push_back(child(path, key) + ": accepted but not used by policy " + pol_.id +
                          " (reported once)");
    return n;
  }

  band_counts counts(const jnode& n, const std::string& path) {
    return by_band<std::int64_t>(n, path, [](const jnode& v, const std::string& p) { return integer_of(v, p, 0); });
  }
  band_amounts amounts(const jnode& n, const std::string& path) {
    return by_band<fen>(n, path, [](const jnode& v, const std::string& p) { return amount_of(v, p); });
  }

  budget_inputs inputs(const jnode& n, const std::string& path) {
    check_keys(n, path, {"first_year", "history", "fundraising_total", "insured_budget_by_band", "fund_revenue",
                         "expenditure_budget", "prior_year_budget", "revenue_growth_rate", "per_capita_package"});
    budget_inputs b;
    if (const jnode* v = field(n, "first_year", path)) b.first_year = bool_of(*v, child(path, "first_year"));
    if (const jnode* v = field(n, "history", path)) {
      const std::string hp = child(path, "history");
      expect(*v, jnode::kind::array, hp);
      limit(v->items.size(), max_list, hp);
      for (std::size_t i = 0; i < v->items.size(); ++i) {
        const std::string ip = index(hp, i);
        check_keys(v->items[i], ip, {"year", "pooled_expenditure_by_band"});
        history_year h;
        h.year = static_cast<int>(year_of(required(v->items[i], ip, "year", "the history year"), child(ip, "year")));
        h.pooled_expenditure_by_band =
            amounts(required(v->items[i], ip, "pooled_expenditure_by_band", "pooled spend per age band"),
                    child(ip, "pooled_expenditure_by_band"));
        b.history.push_back(std::move(h));
      }
    }
    opt_amount(n, "fundraising_total", path, b.fundraising_total);
    if (const jnode* v = field(n, "insured_budget_by_band", path))
      b.insured_budget_by_band = counts(*v, child(path, "insured_budget_by_band"));
    opt_amount(n, "fund_revenue", path, b.fund_revenue);
    opt_amount(n, "expenditure_budget", path, b.expenditure_budget);
    opt_amount(n, "prior_year_budget", path, b.prior_year_budget);
    if (const jnode* v = field(n, "revenue_growth_rate", path))
      b.revenue_growth_rate = rate_of(*v, child(path, "revenue_growth_rate"));
    opt_amount(n, "per_capita_package", path, b.per_capita_package);
    return b;
  }

  fund_situation situation(const jnode& n, const std::string& path) {
    check_keys(n, path, {"overspend_share_ratio", "city_avg_growth_rate"});
    fund_situation s;
    if (const jnode* v = field(n, "overspend_share_ratio", path)) {
      s.overspend_share_ratio = rate_of(*v, child(path, "overspend_share_ratio"));
      if (*s.overspend_share_ratio < rate{} || *s.overspend_share_ratio > rate::from_integer(1))
        throw input_error(child(path, "overspend_share_ratio"), "expected a rate from 0 to 1");
    }
    if (const jnode* v = field(n, "city_avg_growth_rate", path)) {
      s.city_avg_growth_rate = rate_of(*v, child(path, "city_avg_growth_rate"));
      if (*s.city_avg_growth_rate < rate{}) throw input_error(child(path, "city_avg_growth_rate"), "must not be negative");
    }
    return s;
  }

  alliance_actuals actuals(const jnode& n, const std::string& path) {
    check_keys(n, path, {"in_alliance_local", "out_of_alliance_local", "in_alliance_nonlocal",
                         "force_majeure_overspend", "reasonable_overspend", "monthly"});
    alliance_actuals a;
    if (const jnode* m = n.find("monthly")) {
      const std::string mp = child(path, "monthly");
      check_keys(*m, mp, {"in_alliance_local", "out_of_alliance_local"});
      monthly_actuals months;
      months.in_alliance_local = month_list(required(*m, mp, "in_alliance_local", "the months' I"), child(mp, "in_alliance_local"));
      months.out_of_alliance_local =
          month_list(required(*m, mp, "out_of_alliance_local", "the months' O"), child(mp, "out_of_alliance_local"));
      if (months.in_alliance_local.size() != months.out_of_alliance_local.size())
        throw input_error(mp, "in_alliance_local and out_of_alliance_local give different numbers of months");
      a.monthly = std::move(months);
    }
    annual(n, path, "in_alliance_local", a.monthly ? &a.monthly->in_alliance_local : nullptr, a.in_alliance_local);
    annual(n, path, "out_of_alliance_local", a.monthly ? &a.monthly->out_of_alliance_local : nullptr,
           a.out_of_alliance_local);
    a.in_alliance_nonlocal = amount_of(required(n, path, "in_alliance_nonlocal", "the in-alliance non-local spend NL"),
                                       child(path, "in_alliance_nonlocal"));
    if (const jnode* v = field(n, "force_majeure_overspend", path))
      a.force_majeure_overspend = amount_of(*v, child(path, "force_majeure_overspend"));
    if (const jnode* v = field(n, "reasonable_overspend", path))
      a.reasonable_overspend = amount_of(*v, child(path, "reasonable_overspend"));
    for (const auto& [v, name] : {std::pair{a.in_alliance_local, "in_alliance_local"},
                                  {a.out_of_alliance_local, "out_of_alliance_local"},
                                  {a.in_alliance_nonlocal, "in_alliance_nonlocal"},
                                  {a.force_majeure_overspend, "force_majeure_overspend"},
                                  {a.reasonable_overspend.value_or(fen{}), "reasonable_overspend"}})
      if (v < fen{}) throw input_error(child(path, name), "must not be negative");
    return a;
  }

  alliance_input alliance(const jnode& n, const std::string& path) {
    check_keys(n, path, {"id", "name", "insured_budget_by_band", "service_volume_share", "insured_actual_by_band",
                         "adjustment_factors", "supplementary_budget", "share", "allocation_shares", "tcm_share",
                         "insured", "bundled_public_health", "bundled_fiscal", "actuals", "performance", "members"});
    alliance_input a;
    a.id = id_of(required(n, path, "id", "the alliance's id"), child(path, "id"));
    if (const jnode* v = n.find("name")) a.name = text_of(*v, child(path, "name"));
    if (const jnode* v = field(n, "insured_budget_by_band", path))
      a.insured_budget_by_band = counts(*v, child(path, "insured_budget_by_band"));
    if (const jnode* v = field(n, "service_volume_share", path))
      a.service_volume_share = rate_of(*v, child(path, "service_volume_share"));
    if (const jnode* v = field(n, "insured_actual_by_band", path))
      a.insured_actual_by_band = counts(*v, child(path, "insured_actual_by_band"));
    if (const jnode* v = field(n, "adjustment_factors", path)) {
      const std::string fp = child(path, "adjustment_factors");
      expect(*v, jnode::kind::array, fp);
      limit(v->items.size(), max_list, fp);
      for (std::size_t i = 0; i < v->items.size(); ++i) {
        const std::string ip = index(fp, i);
        check_keys(v->items[i], ip, {"reason", "rate"});
        adjustment_factor f;
        if (const jnode* r = v->items[i].find("reason")) f.reason = text_of(*r, child(ip, "reason"));
        f.value = rate_of(required(v->items[i], ip, "rate", "the factor's rate"), child(ip, "rate"));
        a.adjustment_factors.push_back(std::move(f));
      }
    }
    if (const jnode* v = field(n, "supplementary_budget", path))
      a.supplementary_budget = amount_of(*v, child(path, "supplementary_budget"));
    if (const jnode* v = field(n, "share", path)) a.share = rate_of(*v, child(path, "share"));
    if (const jnode* v = field(n, "allocation_shares", path)) {
      const std::string sp = child(path, "allocation_shares");
      check_keys(*v, sp, {"insured", "service", "fund"});
      a.shares = allocation_shares{rate_of(required(*v, sp, "insured", "the insured share"), child(sp, "insured")),
                                   rate_of(required(*v, sp, "service", "the service share"), child(sp, "service")),
                                   rate_of(required(*v, sp, "fund", "the fund share"), child(sp, "fund"))};
    }
    if (const jnode* v = field(n, "tcm_share", path)) a.tcm_share = rate_of(*v, child(path, "tcm_share"));
    if (const jnode* v = field(n, "insured", path)) a.insured = integer_of(*v, child(path, "insured"));
    if (const jnode* v = field(n, "bundled_public_health", path))
      a.bundled_public_health = amount_of(*v, child(path, "bundled_public_health"));
    if (const jnode* v = field(n, "bundled_fiscal", path)) a.bundled_fiscal = amount_of(*v, child(path, "bundled_fiscal"));
    if (const jnode* v = n.find("actuals")) a.actuals = actuals(*v, child(path, "actuals"));
    if (const jnode* v = n.find("performance")) {
      const std::string pp = child(path, "performance");
      check_keys(*v, pp, {"score", "indicators_met"});
      if (const jnode* s = field(*v, "score", pp)) {
        a.perf.score = rate_of(*s, child(pp, "score"));
        if (*a.perf.score < rate{} || *a.perf.score > rate::from_integer(100))
          throw input_error(child(pp, "score"), "expected a score from 0 to 100");
      }
      if (const jnode* m = field(*v, "indicators_met", pp)) a.perf.indicators_met = bool_of(*m, child(pp, "indicators_met"));
    }
    if (const jnode* v = n.find("members")) {
      const std::string mp = child(path, "members");
      expect(*v, jnode::kind::array, mp);
      limit(v->items.size(), max_members, mp);
      std::set<std::string> ids;
      for (std::size_t i = 0; i < v->items.size(); ++i) {
        const std::string ip = index(mp, i);
        check_keys(v->items[i], ip, {"id", "name", "weight"});
        member_unit m;
        m.id = id_of(required(v->items[i], ip, "id", "the member's id"), child(ip, "id"));
        if (!ids.insert(m.id).second) throw input_error(child(ip, "id"), "member id \"" + m.id + "\" appears twice");
        if (const jnode* nm = v->items[i].find("name")) m.name = text_of(*nm, child(ip, "name"));
        m.weight = rate_of(required(v->items[i], ip, "weight", "the member's weight"), child(ip, "weight"));
        if (m.weight < rate{}) throw input_error(child(ip, "weight"), "must not be negative");
        a.members.push_back(std::move(m));
      }
    }
    return a;
  }

  fund_input fund(const jnode& n, const std::string& path) {
    check_keys(n, path, {"insutype", "budget_inputs", "fund_situation", "alliances"});
    fund_input f;
    const jnode& t = required(n, path, "insutype", "the fund: \"310\" employee or \"390\" resident");
    f.insutype = t.k == jnode::kind::number ? t.text : text_of(t, child(path, "insutype"), 8);
    if (f.insutype != "310" && f.insutype != "390")
      throw input_error(child(path, "insutype"), "expected \"310\" (employee) or \"390\" (resident), got \"" + f.insutype + "\"");
    f.inputs = inputs(required(n, path, "budget_inputs", "the budget inputs"), child(path, "budget_inputs"));
    if (const jnode* v = n.find("fund_situation")) f.situation = situation(*v, child(path, "fund_situation"));
    const std::string ap = child(path, "alliances");
    const jnode& al = required(n, path, "alliances", "the fund's alliances");
    expect(al, jnode::kind::array, ap);
    if (al.items.empty()) throw input_error(ap, "at least one alliance is required");
    limit(al.items.size(), max_alliances, ap);
    for (std::size_t i = 0; i < al.items.size(); ++i) f.alliances.push_back(alliance(al.items[i], index(ap, i)));
    return f;
  }

 private:
  template <class T, class F>
  std::vector<T> by_band(const jnode& n, const std::string& path, F read) {
    expect(n, jnode::kind::object, path);
    const auto& bands = pol_.age_bands();
    std::vector<T> out;
    for (const age_band& b : bands) {
      const jnode* v = n.find(b.name);
      if (v == nullptr) throw input_error(child(path, b.name), "missing: every band map names exactly the policy's bands");
      out.push_back(read(*v, child(path, b.name)));
    }
    for (const auto& [key, v] : n.members) {
      bool known = false;
      for (const age_band& b : bands) known = known || b.name == key;
      if (!known) {
        std::string list;
        for (const age_band& b : bands) list += (list.empty() ? "" : ", ") + b.name;
        throw input_error(child(path, key), "unknown age band (the policy's bands: " + list + ")");
      }
    }
    return out;
  }
  void opt_amount(const jnode& n, std::string_view key, const std::string& path, std::optional<fen>& out) {
    if (const jnode* v = field(n, key, path)) out = amount_of(*v, child(path, key));
  }
  std::vector<fen> month_list(const jnode& n, const std::string& path) {
    expect(n, jnode::kind::array, path);
    if (n.items.empty() || n.items.size() > 12) throw input_error(path, "expected 1 to 12 months, January first");
    std::vector<fen> out;
    for (std::size_t i = 0; i < n.items.size(); ++i) {
      out.push_back(amount_of(n.items[i], index(path, i)));
      if (out.back() < fen{}) throw input_error(index(path, i), "must not be negative");
    }
    return out;
  }
  // An annual figure: given, the months' sum, or both (then they must agree).
  void annual(const jnode& n, const std::string& path, const char* key, const std::vector<fen>* months, fen& out) {
    const jnode* v = n.find(key);
    fen sum;
    if (months) {
      try {
        for (fen m : *months) sum += m;
      } catch (const overflow_error&) {
        throw input_error(child(path, "monthly." + std::string(key)), "the months' sum is out of range for an amount");
      }
    }
    if (v == nullptr) {
      if (months == nullptr) throw input_error(child(path, key), "missing: the year's figure (or actuals.monthly)");
      out = sum;
      return;
    }
    out = amount_of(*v, child(path, key));
    if (months && sum != out)
      throw input_error(child(path, key), "the " + std::to_string(months->size()) + " months sum to " +
                                              sum.str() + ", not " + out.str());
  }
  static std::string id_of(const jnode& n, const std::string& path) {
    std::string s = text_of(n, path, 64);
    if (s.empty()) throw input_error(path, "must not be empty");
    return s;
  }
  static void limit(std::size_t n, std::size_t max, const std::string& path) {
    if (n > max) throw input_error(path, "more than " + std::to_string(max) + " entries");
  }

  const policy& pol_;
  std::vector<std::string>& warnings_;
  std::set<std::string> warned_;
};

}  // namespace

}  // namespace io

policy policy_by_reference(const std::string& ref, const std::string& base_dir, bool allow_path) {
  std::string known;
  for (const auto& id : preset_ids()) {
    if (id == ref) return preset(ref);
    known += (known.empty() ? "" : ", ") + id;
  }
  if (!allow_path)
    throw input_error("policy", "\"" + ref.substr(0, 64) + "\" is not a preset; only the presets are accepted here (" +
                                    known + "): a policy file is read only when the caller allows policy paths");
  const std::filesystem::path p = base_dir.empty() ? std::filesystem::path(ref) : std::filesystem::path(base_dir) / ref;
  // error_code forms: a path that cannot be examined (a denied directory, a name too long) is an
  // unknown preset too, never a filesystem_error escaping.
  std::error_code ec;
  if (ref.empty() || !std::filesystem::is_regular_file(p, ec)) (void)preset_json(ref);  // the unknown-preset error
  // A policy file is JSON, so no larger than a JSON file may be (checked while reading).
  return load_policy(read_file(p.string(), max_json_file_bytes), p.string());
}

loaded_case load_case(std::string_view json, const std::string& source, const std::string& base_dir,
                      bool allow_policy_path) {
  using namespace io;
  const jnode root = parse_json(json, source);
  loaded_case out;
  {
    check_keys(root, "", {"policy", "policy_overrides", "year", "county", "funds"});
    const jnode& pref = required(root, "", "policy", "a preset id (harbin, guangdong_yangxi, hunan, sanming) or a path");
    const std::string ref = text_of(pref, "policy", 4096);
    policy pol = policy_by_reference(ref, base_dir, allow_policy_path);
    if (const jnode* o = root.find("policy_overrides")) {
      expect(*o, jnode::kind::object, "policy_overrides");
      std::map<std::string, parameter_value> overrides;
      for (const auto& [name, value] : o->members) {
        const std::string op = child("policy_overrides", name);
        const auto it = pol.parameters.find(name);
        if (it == pol.parameters.end()) {
          std::string known;
          for (const auto& [n, v] : pol.parameters) known += (known.empty() ? "" : ", ") + n;
          throw input_error(op, "unknown parameter for policy " + pol.id + " (it has: " + known + ")");
        }
        overrides.emplace(name, parameter_from_json(name, value, op, &it->second.value));
      }
      pol = with_overrides(pol, overrides);
    }
    out.value.pol = std::move(pol);
    out.value.year = static_cast<int>(year_of(required(root, "", "year", "the settlement year"), "year"));
    const jnode& county = required(root, "", "county", "the county {admdvs, name}");
    check_keys(county, "county", {"admdvs", "name"});
    out.value.county.admdvs = text_of(required(county, "county", "admdvs", "the 6-digit 医保区划 code"), "county.admdvs", 6);
    if (out.value.county.admdvs.size() != 6 ||
        out.value.county.admdvs.find_first_not_of("0123456789") != std::string::npos)
      throw input_error("county.admdvs", "expected 6 digits");
    if (const jnode* n = county.find("name")) out.value.county.name = text_of(*n, "county.name");
    const jnode& funds = required(root, "", "funds", "the funds (310, 390)");
    expect(funds, jnode::kind::array, "funds");
    if (funds.items.empty()) throw input_error("funds", "at least one fund is required");
    if (funds.items.size() > 2) throw input_error("funds", "at most two funds (310 and 390)");
    case_reader reader(out.value.pol, out.warnings);
    std::set<std::string> types;
    for (std::size_t i = 0; i < funds.items.size(); ++i) {
      out.value.funds.push_back(reader.fund(funds.items[i], index("funds", i)));
      if (!types.insert(out.value.funds.back().insutype).second)
        throw input_error(index("funds", i) + ".insutype", "fund " + out.value.funds.back().insutype + " appears twice");
    }
  }
  return out;
}

}  // namespace medbudget
