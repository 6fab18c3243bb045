// Year-end ledger properties: rapidcheck over random cases (a random preset among the four, random
// budget inputs, actuals, scores and members within sane ranges): the ledger identity, the surplus
// and overspend splits, the member distribution, the installments and advances, the alliances'
// budgets summing to the regional total, an independent year-end oracle per province, reordering
// members of equal weight, and determinism. rapidcheck runs 100 cases per property by default
// (RC_PARAMS="max_success=N" changes it).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>  // after gtest

#include <algorithm>         // min, max, shuffle
#include <array>             // array
#include <cstdint>           // int64_t, uint64_t
#include <functional>        // function
#include <initializer_list>  // initializer_list
#include <map>               // map
#include <optional>          // optional
#include <random>            // mt19937_64
#include <set>               // multiset
#include <string>            // string
#include <string_view>       // string_view
#include <utility>           // pair
#include <vector>            // vector

#include "medbudget/budget.hpp"
#include "medbudget/case.hpp"
#include "medbudget/error.hpp"
#include "medbudget/io/calendar_json.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/io/render.hpp"
#include "medbudget/ledger.hpp"
#include "medbudget/monitor.hpp"
#include "medbudget/schedule.hpp"
#include "medbudget/money.hpp"
#include "medbudget/policy.hpp"
#include "medbudget/settle.hpp"
#include "medbudget/statement.hpp"

#include "budget_fixtures.hpp"
#include "ledger_generators.hpp"

using namespace ledger_generators;  // mb, fen, rate, R, the oracle and the generators

namespace {

// ---- comparing statements -------------------------------------------------------------------------

bool same_line(const mb::line& a, const mb::line& b) {
  return a.key == b.key && a.label_zh == b.label_zh && a.label_en == b.label_en && a.amount == b.amount &&
         a.formula == b.formula && a.figures == b.figures && a.clause == b.clause;
}
bool same_lines(const std::vector<mb::line>& a, const std::vector<mb::line>& b, bool skip_members = false) {
  std::vector<const mb::line*> x, y;
  for (const auto& l : a)
    if (!skip_members || l.key != "member_distribution") x.push_back(&l);
  for (const auto& l : b)
    if (!skip_members || l.key != "member_distribution") y.push_back(&l);
  if (x.size() != y.size()) return false;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!same_line(*x[i], *y[i])) return false;
  return true;
}
// Every figure of an alliance but its member distribution.
bool same_alliance_figures(const mb::alliance_statement& a, const mb::alliance_statement& b) {
  return a.id == b.id && a.name == b.name && a.budget == b.budget && a.final_budget == b.final_budget &&
         a.advance == b.advance && a.in_alliance_nonlocal == b.in_alliance_nonlocal && a.balance == b.balance &&
         a.retained_surplus == b.retained_surplus && a.returned_surplus == b.returned_surplus &&
         a.fund_overspend_share == b.fund_overspend_share &&
         a.alliance_overspend_burden == b.alliance_overspend_burden && a.reserve_release == b.reserve_release &&
         a.entitlement == b.entitlement && a.paid_during_year == b.paid_during_year &&
         a.year_end_payment == b.year_end_payment && a.installments == b.installments &&
         a.bundled_public_health == b.bundled_public_health && a.bundled_fiscal == b.bundled_fiscal &&
         a.package_total == b.package_total;
}
bool same_fund_figures(const mb::fund_statement& a, const mb::fund_statement& b) {
  return a.insutype == b.insutype && a.base_expenditure == b.base_expenditure &&
         a.regional_budget == b.regional_budget && a.deductions == b.deductions && a.cap_bound == b.cap_bound &&
         a.band_standards == b.band_standards && same_lines(a.lines, b.lines) && a.alliances.size() == b.alliances.size();
}
bool same_statement(const mb::statement& a, const mb::statement& b) {
  if (a.policy_id != b.policy_id || a.year != b.year || a.county_admdvs != b.county_admdvs ||
      a.county_name != b.county_name || a.funds.size() != b.funds.size() || a.parameters.size() != b.parameters.size())
    return false;
  for (auto i = a.parameters.begin(), j = b.parameters.begin(); i != a.parameters.end(); ++i, ++j)
    if (i->first != j->first || !(i->second.value == j->second.value) || i->second.clause != j->second.clause)
      return false;
  for (std::size_t f = 0; f < a.funds.size(); ++f) {
    if (!same_fund_figures(a.funds[f], b.funds[f])) return false;
    for (std::size_t k = 0; k < a.funds[f].alliances.size(); ++k) {
      const auto& x = a.funds[f].alliances[k];
      const auto& y = b.funds[f].alliances[k];
      if (!same_alliance_figures(x, y) || x.member_distribution != y.member_distribution || !same_lines(x.lines, y.lines))
        return false;
    }
  }
  return true;
}

// ---- the year-end oracle: each province's year end (docs/rules.md) -------------------------------------

struct year_end {
  fen retained, returned, fund_share, burden, release;
};

year_end oracle_year_end(const mb::case_input& c, std::size_t a, fen final_budget, fen adjustment_part, fen reserve_part) {
  const mb::fund_input& f = c.funds[0];
  const mb::alliance_input& al = f.alliances[a];
  const mb::alliance_actuals& act = *al.actuals;
  const fen S = final_budget - act.out_of_alliance_local - act.in_alliance_local;
  year_end y{};
  const std::string& id = c.pol.id;
  if (S >= fen{}) {
    if (id == "harbin") {
      y.retained = *al.perf.indicators_met ? std::min(S, oracle_mul(final_budget, R("0.15"))) : fen{};
    } else if (id == "hunan") {
      const rate s = *al.perf.score;
      const rate share = s >= R("90") ? R("1") : s >= R("80") ? R("0.8") : s >= R("70") ? R("0.6") : R("0");
      y.retained = oracle_mul(S, share);
    } else {
      y.retained = S;  // Guangdong, Sanming: retained in full
    }
    y.returned = S - y.retained;
  } else {
    const fen D = -S;
    if (id == "harbin") {
      if (*al.perf.indicators_met) {
        const fen reasonable = std::min(D, oracle_mul(final_budget, R("0.15")));
        y.fund_share = std::min(oracle_mul(reasonable, *f.situation.overspend_share_ratio),
                                oracle_mul(final_budget, *f.situation.city_avg_growth_rate));
      }
    } else if (id == "guangdong_yangxi") {
      const fen reasonable = act.reasonable_overspend ? std::min(D, *act.reasonable_overspend) : D;
      const rate ratio = f.situation.overspend_share_ratio.value_or(R("0.5"));
      y.fund_share = std::min(oracle_mul(reasonable, ratio), adjustment_part);
    } else if (id == "hunan") {
      y.fund_share = oracle_mul(std::min(D, act.force_majeure_overspend), *f.situation.overspend_share_ratio);
    }
    y.burden = D - y.fund_share;
  }
  if (id == "guangdong_yangxi") {
    const rate s = *al.perf.score;
    const rate share = s >= R("90") ? R("1") : s >= R("80") ? R("0.8") : s >= R("70") ? R("0.5") : R("0");
    y.release = oracle_mul(reserve_part, share);
  }
  return y;
}

// ---- the properties -------------------------------------------------------------------------------

RC_GTEST_PROP(LedgerProperty, IdentitiesSplitsAndOracle, ()) {
  const mb::case_input c = gen_case();
  const mb::statement s = mb::settle_year(c);
  const mb::fund_budget b = mb::compute_budget(c.pol, c.year, c.funds[0], "funds[0]");
  const mb::fund_statement& fs = s.funds.at(0);
  const mb::fund_input& f = c.funds[0];
  const bool claims = c.pol.family == mb::settlement_family::claims_paid;
  RC_TAG(c.pol.id);
  RC_CLASSIFY(fs.alliances.at(0).balance >= fen{}, "surplus");
  RC_CLASSIFY(fs.alliances.at(0).balance < fen{}, "overspend");
  RC_CLASSIFY(fs.cap_bound.value_or(false), "cap bound");
  RC_ASSERT(fs.alliances.size() == f.alliances.size());

  // Guangdong: the alliances' parts of A and K, split independently.
  std::vector<fen> a_parts(f.alliances.size()), k_parts(f.alliances.size());
  if (c.pol.id == "guangdong_yangxi") {
    const fen V = *f.inputs.fund_revenue;
    const fen A = oracle_mul(V, R("0.02")), K = oracle_mul(V, R("0.08"));
    std::vector<rate> shares;
    for (const auto& al : f.alliances) shares.push_back(*al.share);
    a_parts = oracle_split(A, shares);
    k_parts = oracle_split(K, shares);
  }

  for (std::size_t a = 0; a < fs.alliances.size(); ++a) {
    const mb::alliance_statement& as = fs.alliances[a];
    const mb::alliance_actuals& act = *f.alliances[a].actuals;
    const fen O = act.out_of_alliance_local, I = act.in_alliance_local;
    // S = B' − O − I
    RC_ASSERT(as.balance == as.final_budget - O - I);
    // The ledger identity.
    RC_ASSERT(as.entitlement ==
              as.final_budget - O - as.returned_surplus + as.fund_overspend_share + as.reserve_release);
    // Revision 3: the year end in two parts.
    RC_ASSERT(as.budget_clearing == as.entitlement - as.paid_during_year);
    const fen nl_paid = act.in_alliance_nonlocal_paid.value_or(act.in_alliance_nonlocal);
    RC_ASSERT(as.nonlocal_paid_during_year == nl_paid);
    RC_ASSERT(as.nonlocal_clearing == act.in_alliance_nonlocal - nl_paid);
    RC_ASSERT(as.year_end_payment == as.budget_clearing + as.nonlocal_clearing);
    RC_ASSERT(as.unattributed_local == fen{} && as.unattributed_clearing == fen{});
    fen made;
    if (act.payments_made) {
      made = act.payments_made->advance;
      for (fen m : act.payments_made->monthly) made += m;
      RC_ASSERT(as.paid_during_year == made);
    }
    const fen scheduled = claims ? I + as.advance : oracle_mul(as.budget, c.pol.id == "sanming" ? R("1") : R("0.8"));
    RC_ASSERT(as.paid_vs_schedule_difference.has_value() == act.payments_made.has_value());
    if (act.payments_made) RC_ASSERT(*as.paid_vs_schedule_difference == made - scheduled);
    if (as.balance >= fen{}) {
      RC_ASSERT(as.retained_surplus + as.returned_surplus == as.balance);
      RC_ASSERT(as.retained_surplus >= fen{} && as.returned_surplus >= fen{});
      RC_ASSERT(as.fund_overspend_share == fen{} && as.alliance_overspend_burden == fen{});
    } else {
      RC_ASSERT(as.fund_overspend_share + as.alliance_overspend_burden == -as.balance);
      RC_ASSERT(as.fund_overspend_share >= fen{} && as.alliance_overspend_burden >= fen{});
      RC_ASSERT(as.retained_surplus == fen{} && as.returned_surplus == fen{});
    }
    // Paid during the year, advance, installments.
    if (claims) {
      // advance = round(1 × B / 12)
      RC_ASSERT(as.advance == fen::from_fen(oracle_round(cpp_rational(as.budget.value()) / 12)));
      if (!act.payments_made) RC_ASSERT(as.paid_during_year == I + as.advance);
      RC_ASSERT(as.installments.empty());
    } else {
      const rate r = c.pol.id == "sanming" ? R("1") : R("0.8");
      const fen total = oracle_mul(as.budget, r);
      RC_ASSERT(as.installments.size() == 12u);
      fen sum;
      for (fen m : as.installments) sum += m;
      RC_ASSERT(sum == total);
      // Equal months within a fen, the left-over fen in the earliest months.
      for (std::size_t m = 1; m < 12; ++m) RC_ASSERT(as.installments[m] <= as.installments[m - 1]);
      RC_ASSERT(as.installments.front() - as.installments.back() <= fen::from_fen(1));
      if (!act.payments_made) RC_ASSERT(as.paid_during_year == total);
      RC_ASSERT(as.advance == fen{});
    }
    if (c.pol.id != "guangdong_yangxi") RC_ASSERT(as.reserve_release == fen{});
    // The year end against the oracle.
    const year_end y = oracle_year_end(c, a, as.final_budget, a_parts[a], k_parts[a]);
    RC_ASSERT(as.retained_surplus == y.retained);
    RC_ASSERT(as.returned_surplus == y.returned);
    RC_ASSERT(as.fund_overspend_share == y.fund_share);
    RC_ASSERT(as.alliance_overspend_burden == y.burden);
    RC_ASSERT(as.reserve_release == y.release);
    // Members: present only when something is retained; they sum to it; each within a fen of its share.
    const auto& ms = f.alliances[a].members;
    if (as.retained_surplus > fen{} && !ms.empty()) {
      RC_ASSERT(as.member_distribution.size() == ms.size());
      std::vector<rate> w;
      for (const auto& m : ms) w.push_back(m.weight);
      const std::vector<fen> want = oracle_split(as.retained_surplus, w);
      fen sum;
      for (std::size_t m = 0; m < ms.size(); ++m) {
        RC_ASSERT(as.member_distribution[m].first == ms[m].id);
        RC_ASSERT(as.member_distribution[m].second == want[m]);
        sum += as.member_distribution[m].second;
      }
      RC_ASSERT(sum == as.retained_surplus);
    } else {
      RC_ASSERT(as.member_distribution.empty());
    }
    // Sanming: the bundled money is shown, not paid.
    if (c.pol.id == "sanming") {
      RC_ASSERT(as.package_total ==
                std::optional<fen>(as.budget + f.alliances[a].bundled_public_health + f.alliances[a].bundled_fiscal));
      // installment rate 1, nothing returned, nothing shared: the year end takes O back
      if (!act.payments_made) RC_ASSERT(as.budget_clearing == -O);
    }
  }

  // The alliances' budgets against the regional total.
  fen sum_b;
  for (const auto& as : fs.alliances) sum_b += as.budget;
  if (c.pol.id == "guangdong_yangxi") {
    const fen V = *f.inputs.fund_revenue;
    const fen T = V - oracle_mul(V, R("0.02")) - oracle_mul(V, R("0.08"));
    RC_ASSERT(fs.regional_budget == std::optional<fen>(T));
    RC_ASSERT(sum_b == T);
  } else if (c.pol.id == "hunan") {
    // The preset reports the growth check (revenue_growth_bound: report): Z is not bounded.
    const fen Z = *f.inputs.expenditure_budget;
    if (f.inputs.prior_year_budget)
      RC_ASSERT(fs.budget_fields.revenue_growth_check ==
                std::optional<fen>(oracle_mul(*f.inputs.prior_year_budget, R("1") + *f.inputs.revenue_growth_rate)));
    RC_ASSERT(fs.regional_budget == std::optional<fen>(Z));
    RC_ASSERT(sum_b == Z);
  } else if (c.pol.id == "sanming") {
    for (std::size_t a = 0; a < fs.alliances.size(); ++a)
      RC_ASSERT(fs.alliances[a].budget == *f.inputs.per_capita_package * *f.alliances[a].insured);
    RC_ASSERT(fs.regional_budget == std::optional<fen>(sum_b));
  } else {  // harbin
    // X from the history, independently: Σ_b Σ_i w_i E_{y−i,b}
    const std::vector<rate> w = *f.inputs.first_year ? std::vector<rate>{R("0.2"), R("0.3"), R("0.5")}
                                                     : std::vector<rate>{R("1")};
    cpp_rational X = 0;
    for (std::size_t i = 0; i < f.inputs.history.size(); ++i)
      for (fen e : f.inputs.history[i].pooled_expenditure_by_band) X += cpp_rational(e.value()) * w[i].to_rational();
    const fen Xr = fen::from_fen(oracle_round(X));
    RC_ASSERT(fs.base_expenditure == std::optional<fen>(Xr));
    RC_ASSERT(fs.regional_budget == std::optional<fen>(Xr - oracle_mul(Xr, R("0.05"))));
    cpp_rational exact_sum = 0;
    for (const auto& ab : b.alliances) exact_sum += ab.exact_budget;
    const fen rounded = fen::from_fen(oracle_round(exact_sum));
    const bool capped = f.inputs.fundraising_total && rounded > *f.inputs.fundraising_total;
    RC_ASSERT(fs.cap_bound == std::optional<bool>(capped));
    RC_ASSERT(sum_b == (capped ? *f.inputs.fundraising_total : rounded));
  }
}

RC_GTEST_PROP(LedgerProperty, ReorderingEqualWeightMembersPermutesTheirAmounts, ()) {
  const mb::case_input c = gen_case();
  const std::size_t a = static_cast<std::size_t>(gen_int(0, static_cast<std::int64_t>(c.funds[0].alliances.size()) - 1));
  // Shuffle the members among the positions of their own weight only.
  mb::case_input d = c;
  auto& ms = d.funds[0].alliances[a].members;
  std::mt19937_64 rng(*rc::gen::arbitrary<std::uint64_t>());
  std::map<std::string, std::vector<std::size_t>> by_weight;
  for (std::size_t m = 0; m < ms.size(); ++m) by_weight[ms[m].weight.str()].push_back(m);
  const auto original = ms;
  for (const auto& [w, pos] : by_weight) {
    std::vector<std::size_t> perm = pos;
    std::shuffle(perm.begin(), perm.end(), rng);
    for (std::size_t k = 0; k < pos.size(); ++k) ms[pos[k]] = original[perm[k]];
  }
  const mb::statement s = mb::settle_year(c), t = mb::settle_year(d);
  // Nothing but the member distribution changes.
  RC_ASSERT(s.funds.size() == t.funds.size());
  RC_ASSERT(same_fund_figures(s.funds[0], t.funds[0]));
  for (std::size_t k = 0; k < s.funds[0].alliances.size(); ++k) {
    const auto& x = s.funds[0].alliances[k];
    const auto& y = t.funds[0].alliances[k];
    RC_ASSERT(same_alliance_figures(x, y));
    RC_ASSERT(same_lines(x.lines, y.lines, /*skip_members=*/true));
    if (k != a) RC_ASSERT(x.member_distribution == y.member_distribution);
  }
  // The amounts by position are the same (same weights by position); the members at those positions
  // are the reordered ones, so each member of a weight class gets one of its class's amounts.
  const auto& x = s.funds[0].alliances[a].member_distribution;
  const auto& y = t.funds[0].alliances[a].member_distribution;
  RC_ASSERT(x.size() == y.size());
  for (std::size_t m = 0; m < x.size(); ++m) {
    RC_ASSERT(x[m].second == y[m].second);
    RC_ASSERT(y[m].first == ms[m].id);
  }
  std::map<std::string, std::multiset<std::int64_t>> before, after;
  for (std::size_t m = 0; m < x.size(); ++m) {
    before[original[m].weight.str()].insert(x[m].second.value());
    after[ms[m].weight.str()].insert(y[m].second.value());
  }
  RC_ASSERT(before == after);
}

RC_GTEST_PROP(LedgerProperty, SettlingTwiceGivesEqualStatements, ()) {
  const mb::case_input c = gen_case();
  const mb::statement s = mb::settle_year(c);
  const mb::statement t = mb::settle_year(c);
  RC_ASSERT(same_statement(s, t));
}

RC_GTEST_PROP(LedgerProperty, RenderingIsTheSameBytesEveryTime, ()) {
  const mb::case_input c = gen_case();
  for (const auto format : {mb::output_format::json, mb::output_format::text, mb::output_format::csv}) {
    mb::render_options o;
    o.format = format;
    RC_ASSERT(mb::render(mb::settle_year(c), o) == mb::render(mb::settle_year(c), o));
  }
}

// The payment schedule pays exactly the entitlement, from the statement's own figures: advance + I +
// year end (claims-paid), Σ installments + year end (package-paid).
RC_GTEST_PROP(LedgerProperty, ScheduleSumsToTheEntitlement, ()) {
  const mb::case_input c = gen_case();
  const mb::statement s = mb::settle_year(c);
  const mb::payment_schedule p = mb::schedule_year(c, mb::national_calendar());
  for (std::size_t a = 0; a < s.funds.at(0).alliances.size(); ++a) {
    const mb::alliance_statement& as = s.funds[0].alliances[a];
    const mb::alliance_schedule& ps = p.funds.at(0).alliances.at(a);
    fen listed;
    for (const auto& x : ps.payments)
      if (x.amount) listed += *x.amount;
    const fen claims = ps.claims_total.value_or(fen{});
    // The year-end payment also clears the pass-through money and the difference of the payments made.
    RC_ASSERT(listed + claims - as.nonlocal_clearing - as.unattributed_clearing +
                  as.paid_vs_schedule_difference.value_or(fen{}) ==
              as.entitlement);
    RC_ASSERT(*ps.year_end_payment == as.year_end_payment);
  }
}

// Monitoring the whole year, its twelve months the year's actuals split by largest remainder,
// projects exactly the settlement.
RC_GTEST_PROP(LedgerProperty, MonitoringTheWholeYearProjectsTheSettlement, ()) {
  mb::case_input c = gen_case();
  for (auto& al : c.funds[0].alliances) {
    mb::monthly_actuals m;
    const std::vector<std::int64_t> equal(12, 1);
    m.in_alliance_local = mb::apportion(al.actuals->in_alliance_local, equal);
    m.out_of_alliance_local = mb::apportion(al.actuals->out_of_alliance_local, equal);
    al.actuals->monthly = m;
  }
  const mb::statement s = mb::settle_year(c);
  const mb::monitor_report r = mb::monitor_year(c, mb::national_calendar(), 12);
  for (std::size_t a = 0; a < s.funds.at(0).alliances.size(); ++a) {
    const auto& am = r.funds.at(0).alliances.at(a);
    RC_ASSERT(am.projected.has_value());
    RC_ASSERT(am.projected->year_end_payment == s.funds[0].alliances[a].year_end_payment);
    RC_ASSERT(am.projected_balance == s.funds[0].alliances[a].balance);
  }
}

RC_GTEST_PROP(LedgerProperty, SettleLedgerIdentityOnRandomTerms, ()) {
  // The bare ledger on random terms: a claims-paid or package-paid alliance with one surplus band
  // (keep all) and one overspend band (share a random ratio), random B', O, I and payments.
  mb::alliance_terms t;
  t.final_budget = gen_fen(0, 1'000'000'000'000);
  t.out_of_alliance = gen_fen(0, 1'000'000'000'000);
  t.in_alliance = gen_fen(0, 1'000'000'000'000);
  t.paid_in_advance = gen_fen(0, 100'000'000'000);
  t.claims_paid = gen_chance(50);
  t.gate_passed = gen_chance(80);
  t.surplus_bands = 1;
  t.overspend_bands = 1;
  t.surplus[0].limit = gen_chance(50) ? std::optional<fen>(gen_fen(0, 100'000'000'000)) : std::nullopt;
  t.surplus[0].share = R("1");
  t.overspend[0].share = gen_rate(0, 100, 2);
  if (gen_chance(50)) t.overspend[0].cap = gen_fen(0, 100'000'000'000);
  t.reserve_base = gen_fen(0, 1'000'000);
  t.release_share = gen_rate(0, 100, 2);
  t.nonlocal = gen_fen(0, 1'000'000'000);
  t.nonlocal_paid = gen_fen(0, 1'000'000'000);
  const mb::ledger_figures y = mb::settle_ledger(t);
  RC_ASSERT(y.balance == t.final_budget - t.out_of_alliance - t.in_alliance);
  RC_ASSERT(y.entitlement ==
            t.final_budget - t.out_of_alliance - y.returned_surplus + y.fund_overspend_share + y.reserve_release);
  RC_ASSERT(y.paid_during_year == (t.claims_paid ? t.in_alliance + t.paid_in_advance : t.paid_in_advance));
  RC_ASSERT(y.budget_clearing == y.entitlement - y.paid_during_year);
  RC_ASSERT(y.year_end_payment == y.budget_clearing + t.nonlocal - t.nonlocal_paid);
  RC_ASSERT(y.reserve_release == oracle_mul(t.reserve_base, *t.release_share));
  if (y.balance >= fen{}) {
    const fen keep = t.gate_passed ? (t.surplus[0].limit ? std::min(y.balance, *t.surplus[0].limit) : y.balance) : fen{};
    RC_ASSERT(y.retained_surplus == keep);
    RC_ASSERT(y.retained_surplus + y.returned_surplus == y.balance);
  } else {
    const fen D = -y.balance;
    fen share = t.gate_passed ? oracle_mul(D, *t.overspend[0].share) : fen{};
    if (t.gate_passed && t.overspend[0].cap) share = std::min(share, *t.overspend[0].cap);
    RC_ASSERT(y.fund_overspend_share == share);
    RC_ASSERT(y.fund_overspend_share + y.alliance_overspend_burden == D);
  }
}

}  // namespace
