// Sanming (明医保函〔2024〕13号): a per-capita annual package with bundled public-health and fiscal
// money; 总额包干、超支不补、结余留用. Built through the library's API.
#include "example_util.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/settle.hpp"

int main() {
  using namespace medbudget;
  using example::dec;
  using example::yuan;
  case_input c;
  c.pol = preset("sanming");
  c.year = 2024;
  c.county = {"350481", "永安市"};
  fund_input f;
  f.insutype = "310";
  f.inputs.per_capita_package = yuan("1830.55");
  alliance_input a;
  a.id = "YA01";
  a.name = "永安市总医院";
  a.insured = 98765;
  a.bundled_public_health = yuan("3500000.00");
  a.bundled_fiscal = yuan("12000000.00");
  a.actuals.emplace();  // every other actual is zero or absent
  a.actuals->in_alliance_local = yuan("121000000.00");
  a.actuals->out_of_alliance_local = yuan("58000000.00");
  a.actuals->in_alliance_nonlocal = yuan("900000.00");
  a.members = {{"ZY", "总医院", dec("0.7")}, {"JC", "基层", dec("0.3")}};
  f.alliances.push_back(a);
  c.funds.push_back(f);

  const statement s = settle_year(c);
  const alliance_statement& r = s.funds[0].alliances[0];
  example::checker check;
  // Figures of the spec example sanming-package, worked out independently of this program.
  check.expect("package budget B", r.budget, "180794270.75");
  check.expect("package total", *r.package_total, "196294270.75");
  check.expect("December installment", r.installments.back(), "15066189.22");
  check.expect("year-end payment (−O)", r.year_end_payment, "-58000000.00");
  check.expect("member JC", r.member_distribution[1].second, "538281.22");
  return check.finish(s);
}
