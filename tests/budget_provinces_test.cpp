// Hand-worked tests of the budget rules (docs/rules.md) of Guangdong, Hunan and Sanming. Every
// expected figure below was worked out
// from the formulas of rules.md by hand and re-checked with Python's fractions.Fraction (exact
// rationals, then "round half away from zero" to fen, and an independent largest-remainder split). The
// derivation is in the comment above each assertion; no figure was copied from the program's output.
//
// Notation: amounts in yuan; "fen" where the rounding step is shown. LR = largest remainder (floor each
// exact share, left-over fen one each to the largest fractional parts, ties to the earlier part).
#include <gtest/gtest.h>

#include <cstdint>           // int64_t
#include <functional>        // function
#include <initializer_list>  // initializer_list
#include <map>               // map
#include <optional>          // optional
#include <string>            // string
#include <string_view>       // string_view
#include <utility>           // pair
#include <vector>            // vector

#include "medbudget/budget.hpp"
#include "medbudget/case.hpp"
#include "medbudget/error.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/money.hpp"
#include "medbudget/policy.hpp"
#include "medbudget/settle.hpp"
#include "medbudget/statement.hpp"

#include "budget_fixtures.hpp"

namespace mb = medbudget;
using mb::fen;
using mb::rate;
using namespace budget_fixtures;

namespace {

std::vector<fen> months_of(std::initializer_list<std::int64_t> fen_values) {
  std::vector<fen> out;
  for (std::int64_t v : fen_values) out.push_back(fen::from_fen(v));
  return out;
}

// Hunan with its local options: the growth bound caps Z; the TCM table of revision 2.
const mb::policy& hunan_cap() {
  static const mb::policy p = mb::with_overrides(hunan(), {{"revenue_growth_bound", mb::choice{"cap"}}});
  return p;
}
const mb::policy& hunan_tilted() {
  static const mb::policy p = mb::with_overrides(
      hunan(), {{"tcm_tiers", mb::threshold_table{{{R("0.30"), R("0.02")}, {R("0.20"), R("0.01")}}}}});
  return p;
}

// ================================================================================================
// Guangdong / Yangxi
// ================================================================================================

// V = 12345678.91 (1234567891 fen).
mb::fund_input guangdong_fund(std::vector<std::string> shares) {
  mb::fund_input f;
  f.insutype = "390";
  f.inputs.fund_revenue = Y("12345678.91");
  for (std::size_t i = 0; i < shares.size(); ++i) {
    mb::alliance_input a = alliance("G" + std::to_string(i + 1));
    a.share = R(shares[i]);
    f.alliances.push_back(a);
  }
  return f;
}

TEST(BudgetGuangdong, AdjustmentFundRiskReserveAndTotalPayment) {
  const mb::statement s = mb::budget_year(make_case(guangdong(), guangdong_fund({"1"})));
  const mb::fund_statement& fs = s.funds.at(0);
  // A = round(2% × 1234567891 fen) = round(24691357.82) = 24691358 fen = 246913.58
  EXPECT_EQ(deduction(fs, "adjustment_fund"), Y("246913.58"));
  // K = round(8% × 1234567891) = round(98765431.28) = 98765431 fen = 987654.31
  EXPECT_EQ(deduction(fs, "risk_reserve"), Y("987654.31"));
  // T = V − A − K = 12345678.91 − 246913.58 − 987654.31 = 11111111.02
  EXPECT_EQ(fs.regional_budget, Y("11111111.02"));
  const mb::alliance_statement& a = fs.alliances.at(0);
  EXPECT_EQ(a.budget, Y("11111111.02"));
  EXPECT_EQ(a.final_budget, Y("11111111.02"));
  // Package-paid: no advance.
  EXPECT_EQ(a.advance, fen{});
}

TEST(BudgetGuangdong, InstallmentsEightyPercentOverTwelveMonths) {
  const mb::statement s = mb::budget_year(make_case(guangdong(), guangdong_fund({"1"})));
  const mb::alliance_statement& a = s.funds.at(0).alliances.at(0);
  // round(0.8 × 1111111102 fen) = round(888888881.6) = 888888882 fen
  // / 12 = 74074073.5: floors 74074073 × 12 = 888888876, 6 fen left, all fractions equal (.5)
  // → ties to the earliest: months 1–6 get 74074074, months 7–12 get 74074073
  EXPECT_EQ(a.installments, months_of({74074074, 74074074, 74074074, 74074074, 74074074, 74074074, 74074073,
                                       74074073, 74074073, 74074073, 74074073, 74074073}));
}

TEST(BudgetGuangdong, TwoAlliancesSplitTAAndKByShares) {
  // Shares 0.4 and 0.2 (sum 0.6, ratio 2 : 1; they need not sum to 1).
  const mb::fund_budget b = mb::compute_budget(guangdong(), 2024, guangdong_fund({"0.4", "0.2"}), "funds[0]");
  ASSERT_EQ(b.alliances.size(), 2u);
  // T = 1111111102 fen: 2/3 = 740740734.667, 1/3 = 370370367.333 → 1 fen left → G1
  EXPECT_EQ(b.alliances[0].budget, Y("7407407.35"));
  EXPECT_EQ(b.alliances[1].budget, Y("3703703.67"));
  // A = 24691358 fen: 16460905.333 / 8230452.667 → 1 fen left → G2 (.667)
  EXPECT_EQ(deduction(b.alliances[0], "adjustment_fund"), Y("164609.05"));
  EXPECT_EQ(deduction(b.alliances[1], "adjustment_fund"), Y("82304.53"));
  // K = 98765431 fen: 65843620.667 / 32921810.333 → 1 fen left → G1
  EXPECT_EQ(deduction(b.alliances[0], "risk_reserve"), Y("658436.21"));
  EXPECT_EQ(deduction(b.alliances[1], "risk_reserve"), Y("329218.10"));
  // Installments: G1 round(0.8 × 740740735) = round(592592588) = 592592588; /12 = 49382715.667:
  //   floors × 12 = 592592580, 8 fen left → months 1–8 get 49382716, months 9–12 49382715
  EXPECT_EQ(b.alliances[0].installment_total, Y("5925925.88"));
  EXPECT_EQ(b.alliances[0].installments,
            months_of({49382716, 49382716, 49382716, 49382716, 49382716, 49382716, 49382716, 49382716, 49382715,
                       49382715, 49382715, 49382715}));
  // G2 round(0.8 × 370370367) = round(296296293.6) = 296296294; /12 = 24691357.833:
  //   floors × 12 = 296296284, 10 fen left → months 1–10 get 24691358, months 11–12 24691357
  EXPECT_EQ(b.alliances[1].installment_total, Y("2962962.94"));
  EXPECT_EQ(b.alliances[1].installments,
            months_of({24691358, 24691358, 24691358, 24691358, 24691358, 24691358, 24691358, 24691358, 24691358,
                       24691358, 24691357, 24691357}));
}

TEST(BudgetGuangdong, NonPositiveShareIsAnError) {
  EXPECT_EQ(error_where([] { (void)mb::budget_year(make_case(guangdong(), guangdong_fund({"1", "0"}))); }),
            "funds[0].alliances[1].share");
  EXPECT_EQ(error_where([] { (void)mb::budget_year(make_case(guangdong(), guangdong_fund({"-0.1", "1"}))); }),
            "funds[0].alliances[0].share");
}

TEST(BudgetGuangdong, MissingShareAndRevenueNameTheirPaths) {
  mb::fund_input f = guangdong_fund({"1", "1"});
  f.alliances[1].share.reset();
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(guangdong(), f)); }), "funds[0].alliances[1].share");
  mb::fund_input g = guangdong_fund({"1"});
  g.inputs.fund_revenue.reset();
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(guangdong(), g)); }),
            "funds[0].budget_inputs.fund_revenue");
  g.inputs.fund_revenue = Y("-0.01");
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(guangdong(), g)); }),
            "funds[0].budget_inputs.fund_revenue");
}

// ================================================================================================
// Hunan
// ================================================================================================

mb::fund_input hunan_fund(const char* z) {
  mb::fund_input f;
  f.insutype = "310";
  f.inputs.expenditure_budget = Y(z);
  f.alliances.push_back(alliance("H1"));
  return f;
}

TEST(BudgetHunan, GrowthCapBinding) {
  mb::fund_input f = hunan_fund("100000000.00");
  f.inputs.prior_year_budget = Y("95123456.78");
  f.inputs.revenue_growth_rate = R("0.05");
  const mb::statement s = mb::budget_year(make_case(hunan_cap(), f));
  const mb::fund_statement& fs = s.funds.at(0);
  // bound = round(9512345678 fen × 1.05) = round(9987962961.9) = 9987962962 fen = 99879629.62 < Z
  EXPECT_EQ(fs.cap_bound, std::optional<bool>(true));
  EXPECT_EQ(fs.base_expenditure, Y("100000000.00"));  // Z as given
  EXPECT_EQ(fs.regional_budget, Y("99879629.62"));
  // One alliance gets the capped Z; advance round(9987962962/12) = round(832330246.83) = 832330247
  EXPECT_EQ(fs.alliances.at(0).budget, Y("99879629.62"));
  EXPECT_EQ(fs.alliances.at(0).advance, Y("8323302.47"));
}

TEST(BudgetHunan, GrowthCapNotBinding) {
  mb::fund_input f = hunan_fund("100000000.00");
  f.inputs.prior_year_budget = Y("95123456.78");
  f.inputs.revenue_growth_rate = R("0.06");
  const mb::statement s = mb::budget_year(make_case(hunan_cap(), f));
  // bound = round(9512345678 × 1.06) = round(10083086418.68) = 100830864.19 ≥ Z: Z stays
  EXPECT_EQ(s.funds.at(0).cap_bound, std::optional<bool>(false));
  EXPECT_EQ(s.funds.at(0).regional_budget, Y("100000000.00"));
}

TEST(BudgetHunan, GrowthCapEqualToZIsNotBinding) {
  mb::fund_input f = hunan_fund("99750000.00");
  f.inputs.prior_year_budget = Y("95000000.00");
  f.inputs.revenue_growth_rate = R("0.05");
  const mb::statement s = mb::budget_year(make_case(hunan_cap(), f));
  // bound = 95000000 × 1.05 = 99750000.00 = Z: "at most" holds, nothing is capped
  EXPECT_EQ(s.funds.at(0).cap_bound, std::optional<bool>(false));
  EXPECT_EQ(s.funds.at(0).regional_budget, Y("99750000.00"));
}

TEST(BudgetHunan, GrowthCapAbsent) {
  const mb::statement s = mb::budget_year(make_case(hunan(), hunan_fund("100000000.00")));
  // Neither prior_year_budget nor revenue_growth_rate: Z unbounded, cap_bound false.
  EXPECT_EQ(s.funds.at(0).cap_bound, std::optional<bool>(false));
  EXPECT_EQ(s.funds.at(0).regional_budget, Y("100000000.00"));
  // advance round(10000000000 fen / 12) = round(833333333.33) = 8333333.33
  EXPECT_EQ(s.funds.at(0).alliances.at(0).advance, Y("8333333.33"));
}

TEST(BudgetHunan, GrowthCapWithOnlyOneOfItsInputsIsAnError) {
  mb::fund_input f = hunan_fund("100000000.00");
  f.inputs.prior_year_budget = Y("95000000.00");
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(hunan_cap(), f)); }),
            "funds[0].budget_inputs.revenue_growth_rate");
  f.inputs.prior_year_budget.reset();
  f.inputs.revenue_growth_rate = R("0.05");
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(hunan_cap(), f)); }),
            "funds[0].budget_inputs.prior_year_budget");
}

// Alliances with allocation shares (insured, service, fund) and a TCM share.
mb::alliance_input hunan_alliance(std::string id, const char* ins, const char* svc, const char* fund, const char* tcm) {
  mb::alliance_input a = alliance(std::move(id));
  a.shares = mb::allocation_shares{R(ins), R(svc), R(fund)};
  a.tcm_share = R(tcm);
  return a;
}

TEST(BudgetHunan, WeightedSplitWithoutTilt) {
  mb::fund_input f = hunan_fund("12345678.91");
  f.alliances = {hunan_alliance("A", "0.5", "0.4", "0.45", "0.05"), hunan_alliance("B", "0.3", "0.35", "0.3", "0.1"),
                 hunan_alliance("C", "0.2", "0.25", "0.25", "0")};
  const mb::statement s = mb::budget_year(make_case(hunan(), f));
  const auto& al = s.funds.at(0).alliances;
  ASSERT_EQ(al.size(), 3u);
  // w_A = 0.5×0.5 + 0.3×0.4 + 0.2×0.45 = 0.46; w_B = 0.15 + 0.105 + 0.06 = 0.315;
  // w_C = 0.1 + 0.075 + 0.05 = 0.225 (all TCM shares < 0.20: no tilt); Σ w = 1
  // Z = 1234567891 fen: A 567901229.86, B 388888885.665, C 277777775.475
  //   floors Σ = 1234567889, 2 fen left → A (.86), B (.665)
  EXPECT_EQ(al[0].budget, Y("5679012.30"));
  EXPECT_EQ(al[1].budget, Y("3888888.86"));
  EXPECT_EQ(al[2].budget, Y("2777777.75"));
  // Advances round(B/12): 567901230/12 = 47325102.5 → 47325103 (half away); 388888886/12 = 32407407.17;
  // 277777775/12 = 23148147.92 → 23148148
  EXPECT_EQ(al[0].advance, Y("473251.03"));
  EXPECT_EQ(al[1].advance, Y("324074.07"));
  EXPECT_EQ(al[2].advance, Y("231481.48"));
}

TEST(BudgetHunan, TcmTiltTiersAtEachBoundary) {
  // Equal allocation shares (base weight 0.5×0.25 + 0.3×0.25 + 0.2×0.25 = 0.25 each), so the budgets
  // show the tilt alone. TCM shares 0.30 (≥ 30% → +2%), 0.20 (≥ 20% → +1%), 0.1999 (→ 0),
  // 0.2999 (→ +1%): weights 0.255, 0.2525, 0.25, 0.2525; Σ = 1.01.
  mb::fund_input f = hunan_fund("10100000.00");
  f.alliances = {hunan_alliance("T30", "0.25", "0.25", "0.25", "0.30"),
                 hunan_alliance("T20", "0.25", "0.25", "0.25", "0.20"),
                 hunan_alliance("T1999", "0.25", "0.25", "0.25", "0.1999"),
                 hunan_alliance("T2999", "0.25", "0.25", "0.25", "0.2999")};
  const mb::statement s = mb::budget_year(make_case(hunan_tilted(), f));
  const auto& al = s.funds.at(0).alliances;
  ASSERT_EQ(al.size(), 4u);
  // Z × w / Σ w = 10100000 × 0.255 / 1.01 = 2550000.00; × 0.2525 / 1.01 = 2525000.00;
  // × 0.25 / 1.01 = 2500000.00 (all exact)
  EXPECT_EQ(al[0].budget, Y("2550000.00"));
  EXPECT_EQ(al[1].budget, Y("2525000.00"));
  EXPECT_EQ(al[2].budget, Y("2500000.00"));
  EXPECT_EQ(al[3].budget, Y("2525000.00"));
}

TEST(BudgetHunan, TiltMovesBudgetInsideZ) {
  mb::fund_input f = hunan_fund("12345678.91");
  f.alliances = {hunan_alliance("A", "0.5", "0.4", "0.45", "0.05"), hunan_alliance("B", "0.3", "0.35", "0.3", "0.1"),
                 hunan_alliance("C", "0.2", "0.25", "0.25", "0.35")};
  const mb::statement s = mb::budget_year(make_case(hunan_tilted(), f));
  const auto& al = s.funds.at(0).alliances;
  // w = 0.46, 0.315, 0.225 × 1.02 = 0.2295; Σ = 1.0045
  //   A 1234567891 × 0.46 / 1.0045 = 565357122.807; B × 0.315 / 1.0045 = 387146725.401;
  //   C × 0.2295 / 1.0045 = 282064042.792; floors Σ = 1234567889, 2 left → A (.807), C (.792)
  EXPECT_EQ(al[0].budget, Y("5653571.23"));
  EXPECT_EQ(al[1].budget, Y("3871467.25"));
  EXPECT_EQ(al[2].budget, Y("2820640.43"));
  EXPECT_EQ(al[0].budget + al[1].budget + al[2].budget, Y("12345678.91"));
}

TEST(BudgetHunan, OneAllianceGetsZ) {
  mb::fund_input f = hunan_fund("12345678.91");
  f.alliances[0].tcm_share = R("0.5");  // a tilt changes nothing with one alliance
  const mb::statement s = mb::budget_year(make_case(hunan(), f));
  EXPECT_EQ(s.funds.at(0).alliances.at(0).budget, Y("12345678.91"));
  // No installments for a claims-paid policy
  EXPECT_TRUE(s.funds.at(0).alliances.at(0).installments.empty());
}

TEST(BudgetHunan, MissingAndNonPositiveInputsNameTheirPaths) {
  mb::fund_input f = hunan_fund("1.00");
  f.inputs.expenditure_budget.reset();
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(hunan(), f)); }),
            "funds[0].budget_inputs.expenditure_budget");
  f.inputs.expenditure_budget = Y("-1.00");
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(hunan(), f)); }),
            "funds[0].budget_inputs.expenditure_budget");
  mb::fund_input g = hunan_fund("100.00");
  g.alliances = {hunan_alliance("A", "0.5", "0.5", "0.5", "0"), alliance("B")};
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(hunan(), g)); }),
            "funds[0].alliances[1].allocation_shares");
  // A weight of zero (all three shares 0) is not positive.
  g.alliances[1] = hunan_alliance("B", "0", "0", "0", "0");
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(hunan(), g)); }),
            "funds[0].alliances[1].allocation_shares");
  g.alliances[1] = hunan_alliance("B", "0.5", "0.5", "0.5", "0");
  g.alliances[1].tcm_share.reset();
  // With a TCM table every alliance of a several-alliance fund gives its TCM share …
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(hunan_tilted(), g)); }), "funds[0].alliances[1].tcm_share");
  // … and under the preset (tcm_tiers []) it is not needed.
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(hunan(), g)); }), "<no input_error>");
}

// ================================================================================================
// Sanming
// ================================================================================================

TEST(BudgetSanming, PackageTimesInsuredAndRegionalSum) {
  mb::fund_input f;
  f.insutype = "390";
  f.inputs.per_capita_package = Y("1234.57");
  mb::alliance_input a = alliance("S1"), b = alliance("S2");
  a.insured = 10000;
  b.insured = 2347;
  f.alliances = {a, b};
  const mb::statement s = mb::budget_year(make_case(sanming(), f));
  const mb::fund_statement& fs = s.funds.at(0);
  // B_1 = 1234.57 × 10000 = 12345700.00; B_2 = 1234.57 × 2347 = 2897535.79
  EXPECT_EQ(fs.alliances.at(0).budget, Y("12345700.00"));
  EXPECT_EQ(fs.alliances.at(1).budget, Y("2897535.79"));
  // regional = Σ B = 15243235.79
  EXPECT_EQ(fs.regional_budget, Y("15243235.79"));
  // Installments, rate 100%: 1234570000 / 12 = 102880833.33: 4 fen left → months 1–4
  EXPECT_EQ(fs.alliances.at(0).installments,
            months_of({102880834, 102880834, 102880834, 102880834, 102880833, 102880833, 102880833, 102880833,
                       102880833, 102880833, 102880833, 102880833}));
  // 289753579 / 12 = 24146131.58: floors × 12 = 289753572, 7 left → months 1–7
  EXPECT_EQ(fs.alliances.at(1).installments,
            months_of({24146132, 24146132, 24146132, 24146132, 24146132, 24146132, 24146132, 24146131, 24146131,
                       24146131, 24146131, 24146131}));
  EXPECT_EQ(fs.alliances.at(1).advance, fen{});
}

TEST(BudgetSanming, MissingAndNegativeInputsNameTheirPaths) {
  mb::fund_input f;
  f.insutype = "390";
  mb::alliance_input a = alliance("S1");
  a.insured = 10;
  f.alliances = {a};
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(sanming(), f)); }),
            "funds[0].budget_inputs.per_capita_package");
  f.inputs.per_capita_package = Y("-5.00");
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(sanming(), f)); }),
            "funds[0].budget_inputs.per_capita_package");
  f.inputs.per_capita_package = Y("5.00");
  f.alliances[0].insured.reset();
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(sanming(), f)); }), "funds[0].alliances[0].insured");
  f.alliances[0].insured = -1;
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(sanming(), f)); }), "funds[0].alliances[0].insured");
}

}  // namespace
