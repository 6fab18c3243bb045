// Guangdong / Yangxi (粤医保发〔2019〕25号 附件1): revenue less 2% and 8%, 80% monthly installments,
// surplus retained, the risk reserve released by performance score. Built through the library's API.
#include "example_util.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/settle.hpp"

int main() {
  using namespace medbudget;
  using example::dec;
  using example::yuan;
  case_input c;
  c.pol = preset("guangdong_yangxi");
  c.year = 2024;
  c.county = {"441721", "阳西县"};
  fund_input f;
  f.insutype = "390";
  f.inputs.fund_revenue = yuan("412345678.91");
  f.situation.overspend_share_ratio = dec("0.5");
  alliance_input a;
  a.id = "YX01";
  a.name = "阳西县总医院";
  a.share = dec("1");
  a.actuals.emplace();  // every other actual is zero or absent
  a.actuals->in_alliance_local = yuan("250123456.78");
  a.actuals->out_of_alliance_local = yuan("101234567.89");
  a.actuals->in_alliance_nonlocal = yuan("3456789.01");
  a.perf.score = dec("86.5");
  a.members = {{"ZYY", "总医院本部", dec("6")}, {"ZX", "镇卫生院合计", dec("3")}, {"CW", "村卫生站合计", dec("1")}};
  f.alliances.push_back(a);
  c.funds.push_back(f);

  const statement s = settle_year(c);
  const alliance_statement& r = s.funds[0].alliances[0];
  example::checker check;
  // Figures of the spec example guangdong-surplus, worked out independently of this program.
  check.expect("total payment T", *s.funds[0].regional_budget, "371111111.02");
  check.expect("reserve release (80% of K)", r.reserve_release, "26390123.45");
  check.expect("first installment", r.installments.front(), "24740740.74");
  check.expect("last installment", r.installments.back(), "24740740.73");
  check.expect("year-end payment", r.year_end_payment, "-622222.24");
  check.expect("member ZYY", r.member_distribution[0].second, "11851851.81");
  return check.finish(s);
}
