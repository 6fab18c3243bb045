// Harbin (哈医保规〔2022〕2号): a county's first year under the scheme, built through the library's API.
// Weighted three-year base, 5% risk reserve, age-band standards, adjustment factors, year-end recount.
#include "example_util.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/settle.hpp"

int main() {
  using namespace medbudget;
  using example::dec;
  using example::yuan;
  case_input c;
  c.pol = preset("harbin");
  c.year = 2024;
  c.county = {"230123", "依兰县"};

  fund_input f;
  f.insutype = "390";
  f.inputs.first_year = true;
  f.inputs.history = {
      {2021, {yuan("8123456.78"), yuan("21004567.10"), yuan("30555123.45"), yuan("52123987.66"), yuan("23400111.01")}},
      {2022, {yuan("8523456.12"), yuan("21804567.33"), yuan("31955123.47"), yuan("55123987.61"), yuan("25400111.09")}},
      {2023, {yuan("8911111.11"), yuan("22222222.22"), yuan("33333333.33"), yuan("58888888.88"), yuan("27777777.77")}}};
  f.inputs.fundraising_total = yuan("180000000.00");
  f.inputs.insured_budget_by_band = band_counts{52011, 88123, 61234, 40123, 12007};
  f.situation.overspend_share_ratio = dec("0.5");
  f.situation.city_avg_growth_rate = dec("0.06");

  alliance_input a;
  a.id = "YL01";
  a.name = "依兰县人民医院医共体";
  a.insured_actual_by_band = band_counts{51800, 87950, 61500, 40400, 12100};
  a.adjustment_factors = {{"集采降价", dec("-0.02")}, {"服务量增长", dec("0.013")}};
  a.actuals.emplace();  // every other actual is zero or absent
  a.actuals->in_alliance_local = yuan("98765432.10");
  a.actuals->out_of_alliance_local = yuan("36543210.98");
  a.actuals->in_alliance_nonlocal = yuan("1234567.89");
  a.perf.indicators_met = true;
  a.members = {{"LEAD", "依兰县人民医院", dec("0.55")},
               {"DL", "达连河镇卫生院", dec("0.15")},
               {"HY", "宏克力镇卫生院", dec("0.15")},
               {"TH", "团山子乡卫生院", dec("0.15")}};
  f.alliances.push_back(a);
  c.funds.push_back(f);

  const statement s = settle_year(c);
  const alliance_statement& r = s.funds[0].alliances[0];
  example::checker check;
  // Figures of the spec example harbin-surplus, worked out independently of this program.
  check.expect("risk reserve", s.funds[0].deductions[0].second, "7272514.48");
  check.expect("regional budget R", *s.funds[0].regional_budget, "138177775.06");
  check.expect("budget B", r.budget, "137174604.41");
  check.expect("final budget B'", r.final_budget, "137792253.15");
  check.expect("advance", r.advance, "11431217.03");
  check.expect("retained surplus", r.retained_surplus, "2483610.07");
  check.expect("year-end payment", r.year_end_payment, "-8947606.96");
  check.expect("member LEAD", r.member_distribution[0].second, "1365985.54");
  return check.finish(s);
}
