// Hunan (湖南实施意见（试行）): the county's expenditure budget, its growth against revenue reported (not
// bounded: the preset's revenue_growth_bound is report), split between two alliances by weighted shares
// (no TCM tilt in the preset); retention by score, force-majeure overspend shared.
#include "example_util.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/settle.hpp"

int main() {
  using namespace medbudget;
  using example::dec;
  using example::yuan;
  case_input c;
  c.pol = preset("hunan");
  c.year = 2024;
  c.county = {"430281", "醴陵市"};
  fund_input f;
  f.insutype = "390";
  f.inputs.expenditure_budget = yuan("530000000.00");
  f.inputs.prior_year_budget = yuan("505000000.00");
  f.inputs.revenue_growth_rate = dec("0.041");
  f.situation.overspend_share_ratio = dec("0.6");
  alliance_input a1;
  a1.id = "LL01";
  a1.name = "醴陵市中医院医共体";
  a1.shares = allocation_shares{dec("0.45"), dec("0.42"), dec("0.40")};
  a1.actuals.emplace();  // every other actual is zero or absent
  a1.actuals->in_alliance_local = yuan("150000000.00");
  a1.actuals->out_of_alliance_local = yuan("62000000.00");
  a1.actuals->in_alliance_nonlocal = yuan("2100000.00");
  a1.perf.score = dec("88");
  a1.members = {{"A", "醴陵市中医院", dec("7")}, {"B", "成员卫生院", dec("3")}};
  alliance_input a2;
  a2.id = "LL02";
  a2.name = "醴陵市人民医院医共体";
  a2.shares = allocation_shares{dec("0.55"), dec("0.58"), dec("0.60")};
  a2.actuals.emplace();  // every other actual is zero or absent
  a2.actuals->in_alliance_local = yuan("228000000.00");
  a2.actuals->out_of_alliance_local = yuan("95000000.00");
  a2.actuals->in_alliance_nonlocal = yuan("3300000.00");
  a2.actuals->force_majeure_overspend = yuan("9000000.00");
  a2.perf.score = dec("93");
  a2.members = {{"C", "醴陵市人民医院", dec("1")}};
  f.alliances = {a1, a2};
  c.funds.push_back(f);

  const statement s = settle_year(c);
  example::checker check;
  // Figures of the spec example hunan-two-alliances, worked out independently of this program.
  check.expect("growth check round(P × 1.041)", *s.funds[0].budget_fields.revenue_growth_check, "525705000.00");
  check.expect("Z_net (reported, not bounded)", *s.funds[0].regional_budget, "530000000.00");
  check.expect("LL01 budget", s.funds[0].alliances[0].budget, "228430000.00");
  check.expect("LL01 retained (80%)", s.funds[0].alliances[0].retained_surplus, "13144000.00");
  check.expect("LL02 budget", s.funds[0].alliances[1].budget, "301570000.00");
  check.expect("LL02 fund share of force majeure", s.funds[0].alliances[1].fund_overspend_share, "5400000.00");
  check.expect("LL02 year-end payment", s.funds[0].alliances[1].year_end_payment, "-41160833.33");
  return check.finish(s);
}
