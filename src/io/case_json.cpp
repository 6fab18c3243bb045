// Cases from JSON (docs/formats.md): every field typed and placed, unknown fields rejected, fields the
// policy does not use reported once as warnings.
#include <algorithm>     // find
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
  // budget inputs of revision 3
  if (field == "fundraising_actual") return p.fundraising_cap && p.year_end_recount;
  if (field == "adjustment_factors_final") return p.adjustment_coefficient && p.year_end_recount;
  if (field == "scope_deductions") return p.base == B::expenditure_budget;
  if (field == "fund_revenue_budget") return p.base == B::fund_revenue;
  if (field == "prior_year_budget" || field == "revenue_growth_rate")
    return p.revenue_growth_cap && p.get<choice>("revenue_growth_bound").value != "off";
  if (field == "per_capita_package" || field == "insured" || field == "bundled_public_health" ||
      field == "bundled_fiscal")
    return p.base == B::per_capita_package;
  if (field == "share") return p.allocation == A::explicit_shares;
  if (field == "allocation_shares") return p.allocation == A::weighted_shares;
  if (field == "tcm_share") return p.tcm_tilt && !p.get<threshold_table>("tcm_tiers").rows.empty();
  if (field == "overspend_share_ratio")
    return band_with([](const corridor_band& b) { return b.share == corridor_band::share_kind::case_ratio; });
  if (field == "city_avg_growth_rate")
    return band_with([](const corridor_band& b) { return b.cap == corridor_band::cap_kind::growth_of_final_budget; });
  if (field == "force_majeure_overspend" || field == "reasonable_overspend")
    return band_with([&](const corridor_band& b) { return b.case_amount_field == field || b.at_most_case_amount == field; });
  if (field == "unattributed_local_paid") return unattributed_local_rule(p) == unattributed_rule::pass_through;
  if (field == "prior_year_spend")
    return growth_cap_basis_rule(p) == growth_cap_rule::prior_spend_growth &&
           band_with([](const corridor_band& b) { return b.cap == corridor_band::cap_kind::growth_of_final_budget; });
  if (field == "score")
    return p.reserve_release ||
           band_with([](const corridor_band& b) { return b.share == corridor_band::share_kind::score_table; });
  if (field == "indicators_met") return p.performance_gate;
  return true;
}

class case_reader {
 public:
  case_reader(const policy& p, int year, std::vector<std::string>& warnings) : pol_(p), year_(year), warnings_(warnings) {}

  // Marks a field present; warns once per field name the policy does not use.
  const jnode* field(const jnode& obj, std::string_view key, const std::string& path) {
    const jnode* n = obj.find(key);
    if (n != nullptr && !uses(pol_, key) && warned_.insert(std::string(key)).second)
      warnings_.push_back(child(path, key) + ": accepted but not used by policy " + pol_.id +
                          " (reported once)");
    return n;
  }

  // A warning about a field this case gives but the rules do not use, once per field name.
  void warn(const std::string& key, const std::string& path, const std::string& what) {
    if (warned_.insert(key).second) warnings_.push_back(path + ": " + what + " (reported once)");
  }

  band_counts counts(const jnode& n, const std::string& path) {
    return by_band<std::int64_t>(n, path, [](const jnode& v, const std::string& p) { return integer_of(v, p, 0); });
  }
  band_amounts amounts(const jnode& n, const std::string& path) {
    return by_band<fen>(n, path, [](const jnode& v, const std::string& p) { return amount_of(v, p); });
  }

  budget_inputs inputs(const jnode& n, const std::string& path) {
    check_keys(n, path, {"first_year", "history", "fundraising_total", "insured_budget_by_band", "fund_revenue",
                         "expenditure_budget", "prior_year_budget", "revenue_growth_rate", "per_capita_package",
                         "fundraising_actual", "insured_actual_by_band", "scope_deductions", "fund_revenue_budget"});
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
    // revision 3
    opt_amount(n, "fundraising_actual", path, b.fundraising_actual);
    if (const jnode* v = field(n, "insured_actual_by_band", path))
      b.insured_actual_by_band = counts(*v, child(path, "insured_actual_by_band"));
    if (const jnode* v = field(n, "scope_deductions", path)) {
      const std::string dp = child(path, "scope_deductions");
      expect(*v, jnode::kind::array, dp);
      limit(v->items.size(), max_list, dp);
      for (std::size_t i = 0; i < v->items.size(); ++i) {
        const std::string ip = index(dp, i);
        check_keys(v->items[i], ip, {"reason", "amount"});
        scope_deduction d;
        d.reason = text_of(required(v->items[i], ip, "reason", "why the amount is outside the payment scope"),
                           child(ip, "reason"));
        d.amount = amount_of(required(v->items[i], ip, "amount", "the amount deducted"), child(ip, "amount"));
        b.scope_deductions.push_back(std::move(d));
      }
    }
    opt_amount(n, "fund_revenue_budget", path, b.fund_revenue_budget);
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
                         "force_majeure_overspend", "reasonable_overspend", "monthly", "in_alliance_nonlocal_paid",
                         "unattributed_local", "unattributed_local_paid", "payments_made"});
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
    pass_through_money(n, path, a);
    return a;
  }

  // Revision 3: pass-through money paid during the year, U, and the budget money actually paid.
  void pass_through_money(const jnode& n, const std::string& path, alliance_actuals& a) {
    auto non_negative = [&](const char* key) -> std::optional<fen> {
      const jnode* v = field(n, key, path);
      if (v == nullptr) return std::nullopt;
      const fen x = amount_of(*v, child(path, key));
      if (x < fen{}) throw input_error(child(path, key), "must not be negative");
      return x;
    };
    a.in_alliance_nonlocal_paid = non_negative("in_alliance_nonlocal_paid");
    a.unattributed_local = non_negative("unattributed_local").value_or(fen{});
    a.unattributed_local_paid = non_negative("unattributed_local_paid");
    if (const jnode* v = field(n, "payments_made", path)) {
      const std::string pp = child(path, "payments_made");
      check_keys(*v, pp, {"advance", "monthly"});
      medbudget::payments_made made;
      if (const jnode* adv = v->find("advance")) {
        made.advance = amount_of(*adv, child(pp, "advance"));
        if (made.advance < fen{}) throw input_error(child(pp, "advance"), "must not be negative");
      }
      const std::string mp = child(pp, "monthly");
      const jnode& months = required(*v, pp, "monthly", "the 12 months' payments, January first");
      expect(months, jnode::kind::array, mp);
      if (months.items.size() != 12)
        throw input_error(mp, "expected exactly 12 months, January first, got " + std::to_string(months.items.size()));
      for (std::size_t i = 0; i < months.items.size(); ++i) made.monthly.push_back(amount_of(months.items[i], index(mp, i)));
      a.payments_made = std::move(made);
    }
  }

  // performance.facts: the facts of case_fact requirements (counts, shares, the satisfaction score).
  std::map<std::string, rate> facts(const jnode& n, const std::string& path) {
    check_keys(n, path, {"fraud_events", "shirking_complaints", "signing_rate", "signing_rate_prev", "satisfaction"});
    std::map<std::string, rate> out;
    for (const char* key : {"fraud_events", "shirking_complaints"})
      if (const jnode* v = n.find(key)) out.emplace(key, rate::from_integer(integer_of(*v, child(path, key), 0)));
    for (const char* key : {"signing_rate", "signing_rate_prev"})
      if (const jnode* v = n.find(key)) {
        const rate r = rate_of(*v, child(path, key));
        if (r < rate{} || r > rate::from_integer(1)) throw input_error(child(path, key), "expected a share from 0 to 1");
        out.emplace(key, r);
      }
    if (const jnode* v = n.find("satisfaction")) out.emplace("satisfaction", rate_of(*v, child(path, "satisfaction")));
    return out;
  }

  alliance_input alliance(const jnode& n, const std::string& path) {
    check_keys(n, path, {"id", "name", "insured_budget_by_band", "service_volume_share", "insured_actual_by_band",
                         "adjustment_factors", "adjustment_factors_final", "supplementary_budget", "share",
                         "allocation_shares", "tcm_share", "insured", "bundled_public_health", "bundled_fiscal",
                         "actuals", "performance", "members", "prior_year_spend"});
    alliance_input a;
    a.id = id_of(required(n, path, "id", "the alliance's id"), child(path, "id"));
    if (const jnode* v = n.find("name")) a.name = text_of(*v, child(path, "name"));
    if (const jnode* v = field(n, "insured_budget_by_band", path))
      a.insured_budget_by_band = counts(*v, child(path, "insured_budget_by_band"));
    if (const jnode* v = field(n, "service_volume_share", path))
      a.service_volume_share = rate_of(*v, child(path, "service_volume_share"));
    if (const jnode* v = field(n, "insured_actual_by_band", path))
      a.insured_actual_by_band = counts(*v, child(path, "insured_actual_by_band"));
    if (const jnode* v = field(n, "adjustment_factors", path))
      a.adjustment_factors = factors(*v, child(path, "adjustment_factors"));
    if (const jnode* v = field(n, "adjustment_factors_final", path))
      a.adjustment_factors_final = factors(*v, child(path, "adjustment_factors_final"));
    if (const jnode* v = field(n, "supplementary_budget", path)) {
      a.supplementary_budget = amount_of(*v, child(path, "supplementary_budget"));
      if (a.supplementary_budget < fen{}) throw input_error(child(path, "supplementary_budget"), "must not be negative");
    }
    if (const jnode* v = field(n, "prior_year_spend", path)) {
      a.prior_year_spend = amount_of(*v, child(path, "prior_year_spend"));
      if (*a.prior_year_spend < fen{}) throw input_error(child(path, "prior_year_spend"), "must not be negative");
    }
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
      check_keys(*v, pp, {"score", "indicators_met", "facts"});
      if (const jnode* s = field(*v, "score", pp)) {
        a.perf.score = rate_of(*s, child(pp, "score"));
        if (*a.perf.score < rate{} || *a.perf.score > rate::from_integer(100))
          throw input_error(child(pp, "score"), "expected a score from 0 to 100");
      }
      if (const jnode* m = field(*v, "indicators_met", pp)) a.perf.indicators_met = bool_of(*m, child(pp, "indicators_met"));
      if (const jnode* f = v->find("facts")) a.perf.facts = facts(*f, child(pp, "facts"));
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
    warn_unused_budget_inputs(f, path);
    return f;
  }

  // Budget inputs this case gives that its own data leaves unused: history years the
  // base does not use; the recount's inputs when nothing is recounted; the county's actual counts when
  // no alliance is budgeted by share.
  void warn_unused_budget_inputs(const fund_input& f, const std::string& path) {
    const std::string in = child(path, "budget_inputs");
    if (pol_.base == budget_base::weighted_history && f.inputs.first_year) {
      std::vector<int> used;
      if (*f.inputs.first_year) {
        const std::size_t n = pol_.get<std::vector<rate>>("history_weights").size();
        for (std::size_t i = 0; i < n; ++i) used.push_back(year_ - static_cast<int>(n - i));
      } else {
        used.push_back(year_ - 1);
      }
      std::string extra, uses;
      std::set<int> seen;
      for (const history_year& h : f.inputs.history)
        if (std::find(used.begin(), used.end(), h.year) == used.end() && seen.insert(h.year).second)
          extra += (extra.empty() ? "" : ", ") + std::to_string(h.year);
      for (int y : used) uses += (uses.empty() ? "" : ", ") + std::to_string(y);
      if (!extra.empty())
        warn("history", child(in, "history"),
             "years " + extra + " accepted but not used by the base (" +
                 (*f.inputs.first_year ? "first year: it uses " : "later year: it uses ") + uses + ")");
    }
    if (!pol_.year_end_recount || pol_.allocation != allocation_rule::age_band_capitation) return;
    bool by_share = false;
    for (const alliance_input& a : f.alliances) by_share = by_share || (a.service_volume_share && !a.insured_budget_by_band);
    if (by_share && !f.inputs.insured_actual_by_band) {
      const std::string why = "accepted but not used: nothing is recounted (alliances budgeted by service_volume_share, "
                              "no budget_inputs.insured_actual_by_band)";
      if (f.inputs.fundraising_actual && pol_.fundraising_cap) warn("fundraising_actual", child(in, "fundraising_actual"), why);
      for (std::size_t i = 0; i < f.alliances.size(); ++i)
        if (f.alliances[i].adjustment_factors_final && pol_.adjustment_coefficient)
          warn("adjustment_factors_final", child(index(child(path, "alliances"), i), "adjustment_factors_final"), why);
    }
    if (!by_share && f.inputs.insured_actual_by_band)
      warn("insured_actual_by_band", child(in, "insured_actual_by_band"),
           "accepted but not used: the county's actual counts recount only alliances budgeted by service_volume_share");
  }

 private:
  std::vector<adjustment_factor> factors(const jnode& v, const std::string& fp) {
    expect(v, jnode::kind::array, fp);
    limit(v.items.size(), max_list, fp);
    std::vector<adjustment_factor> out;
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      const std::string ip = index(fp, i);
      check_keys(v.items[i], ip, {"reason", "rate"});
      adjustment_factor f;
      if (const jnode* r = v.items[i].find("reason")) f.reason = text_of(*r, child(ip, "reason"));
      f.value = rate_of(required(v.items[i], ip, "rate", "the factor's rate"), child(ip, "rate"));
      out.push_back(std::move(f));
    }
    return out;
  }

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
  int year_ = 0;
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
    case_reader reader(out.value.pol, out.value.year, out.warnings);
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
