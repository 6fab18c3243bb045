// Hunan's and Guangdong's budget rules of revision 3, worked by hand: the revenue growth check
// under report / cap / off at its boundary, the scope deductions at theirs, the TCM tilt off in the
// preset, and Guangdong's installments on the revenue forecast.
// The working is in the comment above each assertion; no figure is read back from the program.
#include <gtest/gtest.h>

#include <optional>  // optional
#include <string>    // string

#include "budget_fixtures.hpp"
#include "medbudget/budget.hpp"
#include "medbudget/settle.hpp"

namespace {

using namespace budget_fixtures;
using mb::fen;

mb::policy hunan_mode(const char* mode) {
  return mb::with_overrides(hunan(), {{"revenue_growth_bound", mb::choice{mode}}});
}

// Z = 99750000.00 + extra, P = 95000000.00, g = 5%: round(P × 1.05) = 99750000.00 exactly.
mb::fund_input hunan_fund(const char* z) {
  mb::fund_input f;
  f.insutype = "390";
  f.inputs.expenditure_budget = Y(z);
  f.inputs.prior_year_budget = Y("95000000.00");
  f.inputs.revenue_growth_rate = R("0.05");
  f.alliances.push_back(alliance("H1"));
  return f;
}

TEST(BudgetHunanRevision3, ReportAtTheBoundAndOneFenAbove) {
  // Z = round(P(1 + g)) = 99750000.00: not exceeded; Z / P − 1 = 4750000 / 95000000 = 5.00%.
  mb::fund_budget b = mb::compute_budget(hunan(), 2024, hunan_fund("99750000.00"), "funds[0]");
  EXPECT_EQ(b.fields.revenue_growth_check, std::optional<fen>(Y("99750000.00")));
  EXPECT_EQ(b.fields.growth_check_exceeded, std::optional<bool>(false));
  EXPECT_EQ(b.cap_bound, std::optional<bool>(false));
  const mb::line* check = find_line(b.lines, "revenue_growth_check");
  ASSERT_NE(check, nullptr);
  EXPECT_EQ(check->amount, "99750000.00");
  EXPECT_EQ(check->figures,
            "95000000.00 × (1 + 5%) = 99750000.00; Z / P − 1 = 99750000.00 / 95000000.00 − 1 = 5.00% ≤ 5%: within");
  // One fen above: exceeded, reported only — Z stays the regional budget (no effect on money).
  // Z / P − 1 = 4750000.01 / 95000000 = 5.0000000105% → 5.00%.
  b = mb::compute_budget(hunan(), 2024, hunan_fund("99750000.01"), "funds[0]");
  EXPECT_EQ(b.fields.growth_check_exceeded, std::optional<bool>(true));
  EXPECT_EQ(b.cap_bound, std::optional<bool>(false));
  EXPECT_EQ(b.regional_budget, Y("99750000.01"));
  EXPECT_EQ(b.alliances[0].budget, Y("99750000.01"));
}

TEST(BudgetHunanRevision3, CapAtTheBoundAndOneFenAbove) {
  const mb::policy cap = hunan_mode("cap");
  mb::fund_budget b = mb::compute_budget(cap, 2024, hunan_fund("99750000.00"), "funds[0]");
  EXPECT_EQ(b.cap_bound, std::optional<bool>(false));
  EXPECT_EQ(b.regional_budget, Y("99750000.00"));
  // One fen above: Z becomes round(P(1 + g)) = 99750000.00, cap_bound true.
  b = mb::compute_budget(cap, 2024, hunan_fund("99750000.01"), "funds[0]");
  EXPECT_EQ(b.cap_bound, std::optional<bool>(true));
  EXPECT_EQ(b.fields.growth_check_exceeded, std::optional<bool>(true));
  EXPECT_EQ(b.regional_budget, Y("99750000.00"));
  EXPECT_EQ(b.alliances[0].budget, Y("99750000.00"));
}

TEST(BudgetHunanRevision3, OffHasNoCheckLineOrFlag) {
  const mb::fund_budget b = mb::compute_budget(hunan_mode("off"), 2024, hunan_fund("99750000.01"), "funds[0]");
  EXPECT_FALSE(b.fields.revenue_growth_check.has_value());
  EXPECT_FALSE(b.fields.growth_check_exceeded.has_value());
  EXPECT_EQ(find_line(b.lines, "revenue_growth_check"), nullptr);
  EXPECT_EQ(b.regional_budget, Y("99750000.01"));
  EXPECT_EQ(b.cap_bound, std::optional<bool>(false));
}

TEST(BudgetHunanRevision3, GrowthPercentageIsRoundedWithThePolicysMode) {
  // P = 100000.00, Z = 100005.00: Z / P − 1 = 0.005% exactly, half a hundredth of a percent:
  // half away from zero → 0.01%, half even → 0.00%.
  mb::fund_input f = hunan_fund("100005.00");
  f.inputs.prior_year_budget = Y("100000.00");
  f.inputs.revenue_growth_rate = R("0");
  mb::fund_budget b = mb::compute_budget(hunan(), 2024, f, "funds[0]");
  EXPECT_NE(find_line(b.lines, "revenue_growth_check")->figures.find("= 0.01% > 0%"), std::string::npos);
  const mb::policy even = mb::with_overrides(hunan(), {{"rounding", mb::rounding::half_even}});
  b = mb::compute_budget(even, 2024, f, "funds[0]");
  EXPECT_NE(find_line(b.lines, "revenue_growth_check")->figures.find("= 0.00% > 0%"), std::string::npos);
  // A prior budget of 0 cannot be divided by.
  f.inputs.prior_year_budget = fen{};
  EXPECT_EQ(error_of([&] { (void)mb::compute_budget(hunan(), 2024, f, "funds[0]"); }),
            "funds[0].budget_inputs.prior_year_budget: must be positive (the growth check divides by it)");
}

TEST(BudgetHunanRevision3, ScopeDeductionsSummingExactlyToZAndOneFenOver) {
  // Z = 1000.00, deductions 600.00 + 400.00 = Z: Z_net = 0, the alliance's budget 0.
  mb::fund_input f = hunan_fund("1000.00");
  f.inputs.prior_year_budget.reset();
  f.inputs.revenue_growth_rate.reset();
  f.inputs.scope_deductions = {{"大病保险保费", Y("600.00")}, {"县域内非医共体成员单位", Y("400.00")}};
  mb::fund_budget b = mb::compute_budget(hunan(), 2024, f, "funds[0]");
  EXPECT_EQ(b.fields.scope_deduction, std::optional<fen>(Y("1000.00")));
  EXPECT_EQ(b.regional_budget, fen{});
  EXPECT_EQ(b.alliances[0].budget, fen{});
  const mb::line* d = find_line(b.lines, "scope_deduction");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->label_zh, "支付范围扣除：大病保险保费");
  EXPECT_EQ(d->label_en, "scope deduction: 大病保险保费");
  EXPECT_EQ(d->amount, "600.00");
  // One fen over Z.
  f.inputs.scope_deductions[1].amount = Y("400.01");
  EXPECT_EQ(error_of([&] { (void)mb::compute_budget(hunan(), 2024, f, "funds[0]"); }),
            "funds[0].budget_inputs.scope_deductions: the deductions sum to 1000.01, more than Z after the growth "
            "bound (1000.00)");
  // Negative amount, empty reason.
  f.inputs.scope_deductions[1].amount = Y("-0.01");
  EXPECT_EQ(error_of([&] { (void)mb::compute_budget(hunan(), 2024, f, "funds[0]"); }),
            "funds[0].budget_inputs.scope_deductions[1].amount: must not be negative");
  f.inputs.scope_deductions[1] = {"", Y("1.00")};
  EXPECT_EQ(error_of([&] { (void)mb::compute_budget(hunan(), 2024, f, "funds[0]"); }),
            "funds[0].budget_inputs.scope_deductions[1].reason: must not be empty");
  // None: the field is "0.00" and Z_net = Z.
  f.inputs.scope_deductions.clear();
  b = mb::compute_budget(hunan(), 2024, f, "funds[0]");
  EXPECT_EQ(b.fields.scope_deduction, std::optional<fen>(fen{}));
  EXPECT_EQ(b.regional_budget, Y("1000.00"));
}

TEST(BudgetHunanRevision3, ScopeDeductionsComeOffZAfterTheGrowthBound) {
  // cap: Z 99750000.01 → 99750000.00; less 750000.00 = Z_net 99000000.00. The deductions may
  // reach Z after the bound (99750000.00) but not Z as given: 99750000.01 is one fen over.
  mb::fund_input f = hunan_fund("99750000.01");
  f.inputs.scope_deductions = {{"大病保险保费", Y("750000.00")}};
  const mb::policy cap = hunan_mode("cap");
  const mb::fund_budget b = mb::compute_budget(cap, 2024, f, "funds[0]");
  EXPECT_EQ(b.base_expenditure, Y("99750000.01"));
  EXPECT_EQ(b.regional_budget, Y("99000000.00"));
  f.inputs.scope_deductions = {{"大病保险保费", Y("99750000.01")}};
  EXPECT_EQ(error_of([&] { (void)mb::compute_budget(cap, 2024, f, "funds[0]"); }),
            "funds[0].budget_inputs.scope_deductions: the deductions sum to 99750000.01, more than Z after the "
            "growth bound (99750000.00)");
}

TEST(BudgetHunanRevision3, TcmTiltOffInThePreset) {
  // Two alliances of equal weight 0.25, TCM shares 0.30 and 0: no tilt, an even split of Z = 100.01:
  // 5000.5 fen each, 1 fen left → the earlier: 50.01 / 50.00. The weight is a ratio line.
  mb::fund_input f = hunan_fund("100.01");
  f.inputs.prior_year_budget.reset();
  f.inputs.revenue_growth_rate.reset();
  f.alliances.clear();
  for (const char* id : {"A", "B"}) {
    mb::alliance_input a = alliance(id);
    a.shares = mb::allocation_shares{R("0.25"), R("0.25"), R("0.25")};
    f.alliances.push_back(a);
  }
  f.alliances[0].tcm_share = R("0.30");
  const mb::fund_budget b = mb::compute_budget(hunan(), 2024, f, "funds[0]");
  EXPECT_EQ(b.alliances[0].budget, Y("50.01"));
  EXPECT_EQ(b.alliances[1].budget, Y("50.00"));
  EXPECT_EQ(find_line(b.alliances[0].lines, "allocation_weight")->value, "0.25");
}

// Guangdong: V = 12345678.91 → T = 11111111.02 (budget_test AdjustmentFundRiskReserveAndTotalPayment).
mb::fund_input guangdong_fund() {
  mb::fund_input f;
  f.insutype = "390";
  f.inputs.fund_revenue = Y("12345678.91");
  f.alliances.push_back(alliance("G1"));
  return f;
}

TEST(BudgetGuangdongRevision3, InstallmentsOnTheRevenueForecast) {
  // V_b = 12000000.00: round(2% V_b) = 240000.00, round(8% V_b) = 960000.00, T_b = 10800000.00.
  // One alliance without a share: share 1, B^inst = T_b; Q = round(0.8 × 10800000.00) = 8640000.00,
  // 720000.00 a month. B stays T of the actual V: 11111111.02.
  mb::fund_input f = guangdong_fund();
  f.inputs.fund_revenue_budget = Y("12000000.00");
  const mb::fund_budget b = mb::compute_budget(guangdong(), 2024, f, "funds[0]");
  EXPECT_EQ(b.fields.fund_revenue_budget, std::optional<fen>(Y("12000000.00")));
  EXPECT_EQ(b.fields.installment_regional_budget, std::optional<fen>(Y("10800000.00")));
  EXPECT_EQ(b.regional_budget, Y("11111111.02"));
  EXPECT_EQ(b.alliances[0].budget, Y("11111111.02"));
  EXPECT_EQ(b.alliances[0].installment_base, std::optional<fen>(Y("10800000.00")));
  EXPECT_EQ(b.alliances[0].installment_total, Y("8640000.00"));
  EXPECT_EQ(b.alliances[0].installments, std::vector<fen>(12, Y("720000.00")));
  ASSERT_NE(find_line(b.alliances[0].lines, "installment_base"), nullptr);
}

TEST(BudgetGuangdongRevision3, WithoutTheForecastTheInstallmentsRunOnB) {
  // Q = round(0.8 × 11111111.02) = round(8888888.816) = 8888888.82; no V_b fields or lines.
  const mb::fund_budget b = mb::compute_budget(guangdong(), 2024, guangdong_fund(), "funds[0]");
  EXPECT_FALSE(b.fields.installment_regional_budget.has_value());
  EXPECT_FALSE(b.alliances[0].installment_base.has_value());
  EXPECT_EQ(b.alliances[0].installment_total, Y("8888888.82"));
  EXPECT_EQ(find_line(b.lines, "fund_revenue_budget"), nullptr);
}

TEST(BudgetGuangdongRevision3, TwoAlliancesSplitTheForecastByShare) {
  // Shares 0.4 / 0.2: T_b = 1080000000 fen splits 720000000 / 360000000 exactly.
  mb::fund_input f = guangdong_fund();
  f.inputs.fund_revenue_budget = Y("12000000.00");
  f.alliances[0].share = R("0.4");
  mb::alliance_input g2 = alliance("G2");
  g2.share = R("0.2");
  f.alliances.push_back(g2);
  const mb::fund_budget b = mb::compute_budget(guangdong(), 2024, f, "funds[0]");
  EXPECT_EQ(b.alliances[0].installment_base, std::optional<fen>(Y("7200000.00")));
  EXPECT_EQ(b.alliances[1].installment_base, std::optional<fen>(Y("3600000.00")));
  // Several alliances: each gives its share.
  f.alliances[1].share.reset();
  EXPECT_EQ(error_of([&] { (void)mb::compute_budget(guangdong(), 2024, f, "funds[0]"); }),
            "funds[0].alliances[1].share: missing: the alliance's share of the pot");
}

}  // namespace
