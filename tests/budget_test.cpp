// Hand-worked tests of the budget rules (docs/rules.md), Harbin; Guangdong, Hunan and Sanming are in
// budget_provinces_test.cpp. Every expected figure below was worked out
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

// ---- small builders -------------------------------------------------------------------------------

// ---- Harbin fixture -------------------------------------------------------------------------------
//
// First year 2024, history 2021..2023 (weights 0.2, 0.3, 0.5, oldest first):
//   band    2021        2022        2023        X_b = 0.2·E21 + 0.3·E22 + 0.5·E23
//   0-17    100000.00   110000.00   120000.01   20000 + 33000 + 60000.005 = 113000.005
//   18-44   200000.00   210000.00   230000.00   40000 + 63000 + 115000    = 218000
//   45-59   300000.00   330000.00   350000.00   60000 + 99000 + 175000    = 334000
//   60-74   400000.00   420000.00   450000.00   80000 + 126000 + 225000   = 431000
//   75+     500000.00   520000.00   560000.00   100000 + 156000 + 280000  = 536000
//   X (exact) = 1632000.005  →  X = 1632000.01 (half away from zero)
//   K = round(1632000.01 × 5%) = round(81600.0005) = 81600.00
//   R = 1632000.01 − 81600.00 = 1550400.01
// Budget counts N_b = 10000, 20000, 15000, 8000, 3000. (harbin_fund: budget_fixtures.hpp.)

// Two alliances by given counts (they add up to the county's):
//   A: N_A = 6000, 12000, 9000, 5000, 2000; factors −2% (集采) and +1.3% (quality):
//      k_A = 0.98 × 1.013 = 0.99274
//   B: N_B = 4000, 8000, 6000, 3000, 1000; factor +0.01% (volume): k_B = 1.0001
// (harbin_two_alliances and the presets: budget_fixtures.hpp.)

// ================================================================================================
// Harbin
// ================================================================================================

TEST(BudgetHarbin, WeightedThreeYearBaseReserveAndRegionalBudget) {
  const mb::statement s = mb::budget_year(make_case(harbin(), harbin_fund()));
  const mb::fund_statement& fs = s.funds.at(0);
  // X exact 1632000.005 rounds half away from zero to 1632000.01 (see the fixture).
  EXPECT_EQ(fs.base_expenditure, Y("1632000.01"));
  // K = round(5% × 1632000.01) = round(81600.0005) = 81600.00
  EXPECT_EQ(deduction(fs, "risk_reserve"), Y("81600.00"));
  // R = round(X) − K = 1632000.01 − 81600.00
  EXPECT_EQ(fs.regional_budget, Y("1550400.01"));
  // No fundraising total given: the cap is not bound.
  EXPECT_EQ(fs.cap_bound, std::optional<bool>(false));
}

TEST(BudgetHarbin, BandStandardsOneAllianceAndAdvance) {
  const mb::statement s = mb::budget_year(make_case(harbin(), harbin_fund()));
  const mb::fund_statement& fs = s.funds.at(0);
  // std_b = X_b / X × R / N_b with X = 1632000.005 (exact), R = 1550400.01:
  //   0-17 : 113000.005 / 1632000.005 × 1550400.01 / 10000 = 10.73500051… → 10.74
  //   18-44: 218000     / 1632000.005 × 1550400.01 / 20000 = 10.35500004… → 10.36
  //   45-59: 334000     / …                        / 15000 = 21.15333340… → 21.15
  //   60-74: 431000     / …                        /  8000 = 51.18125017… → 51.18
  //   75+  : 536000     / …                        /  3000 = 169.7333339… → 169.73
  const std::vector<std::pair<std::string, fen>> want = {
      {"0-17", Y("10.74")}, {"18-44", Y("10.36")}, {"45-59", Y("21.15")}, {"60-74", Y("51.18")}, {"75+", Y("169.73")}};
  EXPECT_EQ(fs.band_standards, want);
  ASSERT_EQ(fs.alliances.size(), 1u);
  const mb::alliance_statement& a = fs.alliances[0];
  // One alliance, the county's counts, k = 1: B = Σ_b X_b/X × R = R exactly = 1550400.01.
  EXPECT_EQ(a.budget, Y("1550400.01"));
  // No recount, no supplementary budget: B' = B.
  EXPECT_EQ(a.final_budget, Y("1550400.01"));
  // Advance round(1 × 155040001 fen / 12) = round(12920000.083) = 12920000 fen = 129200.00
  EXPECT_EQ(a.advance, Y("129200.00"));
  // Claims-paid: no installments.
  EXPECT_TRUE(a.installments.empty());
}

TEST(BudgetHarbin, AdvanceMonthsOverride) {
  const mb::policy p = mb::with_overrides(harbin(), {{"advance_months", std::int64_t{2}}});
  const mb::statement s = mb::budget_year(make_case(p, harbin_fund()));
  // round(2 × 155040001 fen / 12) = round(25840000.17) = 25840000 fen = 258400.00
  EXPECT_EQ(s.funds.at(0).alliances.at(0).advance, Y("258400.00"));
}

TEST(BudgetHarbin, LastYearBase) {
  mb::fund_input f = harbin_fund();
  f.inputs.first_year = false;
  f.inputs.history = {{2023, bands({"120000.01", "230000.00", "350000.00", "450000.00", "560000.00"})}};
  const mb::statement s = mb::budget_year(make_case(harbin(), f));
  const mb::fund_statement& fs = s.funds.at(0);
  // X_b = E_{2023,b}; X = 120000.01 + 230000 + 350000 + 450000 + 560000 = 1710000.01 (no weights)
  EXPECT_EQ(fs.base_expenditure, Y("1710000.01"));
  // K = round(85500.0005) = 85500.00; R = 1710000.01 − 85500.00 = 1624500.01
  EXPECT_EQ(deduction(fs, "risk_reserve"), Y("85500.00"));
  EXPECT_EQ(fs.regional_budget, Y("1624500.01"));
  // std_b = E_b / 1710000.01 × 1624500.01 / N_b:
  //   120000.01/…/10000 = 11.40000… → 11.40;  230000/…/20000 = 10.92500000336… → 10.93
  //   350000/…/15000 = 22.1666… → 22.17;  450000/…/8000 = 53.4375… → 53.44;  560000/…/3000 = 177.333… → 177.33
  const std::vector<std::pair<std::string, fen>> want = {
      {"0-17", Y("11.40")}, {"18-44", Y("10.93")}, {"45-59", Y("22.17")}, {"60-74", Y("53.44")}, {"75+", Y("177.33")}};
  EXPECT_EQ(fs.band_standards, want);
  // B = R (one alliance, county counts, k = 1)
  EXPECT_EQ(fs.alliances.at(0).budget, Y("1624500.01"));
}

TEST(BudgetHarbin, HistoryWeightsOverrideChangeTheBase) {
  const mb::policy p = mb::with_overrides(harbin(), {{"history_weights", std::vector<rate>{R("0"), R("0"), R("1")}}});
  const mb::statement s = mb::budget_year(make_case(p, harbin_fund()));
  // Weights 0, 0, 1: X = Σ E_2023 = 1710000.01 (as the last-year base)
  EXPECT_EQ(s.funds.at(0).base_expenditure, Y("1710000.01"));
}

TEST(BudgetHarbin, BandWithNoInsuredAndNoSpendHasStandardZero) {
  mb::fund_input f = harbin_fund();
  for (auto& h : f.inputs.history) h.pooled_expenditure_by_band[4] = fen{};
  (*f.inputs.insured_budget_by_band)[4] = 0;
  const mb::statement s = mb::budget_year(make_case(harbin(), f));
  const mb::fund_statement& fs = s.funds.at(0);
  // Without the 75+ band: X exact = 1632000.005 − 536000 = 1096000.005 → 1096000.01
  // K = round(54800.0005) = 54800.00; R = 1041200.01
  EXPECT_EQ(fs.base_expenditure, Y("1096000.01"));
  EXPECT_EQ(fs.regional_budget, Y("1041200.01"));
  // std_0-17 = 113000.005 / 1096000.005 × 1041200.01 / 10000 = 10.7350005… → 10.74 (the same
  // shares as before, since X_b/X × R scales alike); 75+: N = 0 and X_b = 0 → exactly 0.
  ASSERT_EQ(fs.band_standards.size(), 5u);
  EXPECT_EQ(fs.band_standards[0].second, Y("10.74"));
  EXPECT_EQ(fs.band_standards[4], (std::pair<std::string, fen>{"75+", fen{}}));
  // B = Σ X_b/X × R over the bands with insured = R = 1041200.01
  EXPECT_EQ(fs.alliances.at(0).budget, Y("1041200.01"));
}

TEST(BudgetHarbin, BandWithNoInsuredButSpendIsAnError) {
  mb::fund_input f = harbin_fund();
  (*f.inputs.insured_budget_by_band)[4] = 0;  // 75+ had 536000 of weighted spend
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(harbin(), f)); }),
            "funds[0].budget_inputs.insured_budget_by_band.75+");
}

TEST(BudgetHarbin, SeveralAlliancesByGivenCountsRoundedTogether) {
  const mb::statement s = mb::budget_year(make_case(harbin(), harbin_two_alliances()));
  const mb::fund_statement& fs = s.funds.at(0);
  ASSERT_EQ(fs.alliances.size(), 2u);
  // Exact budgets (fen), std_b exact as in BandStandardsOneAllianceAndAdvance:
  //   A: Σ std_b × N_A,b = 97442292.2816…; × k_A 0.99274 = 96734861.2397 fen
  //   B: Σ std_b × N_B,b = 57597708.7184…; × k_B 1.0001  = 57603468.4892 fen
  //   Σ = 154338329.7289 → 154338330 fen; floors 96734861 + 57603468 = 154338329, 1 fen left
  //   → to the larger fraction (B: .489 > A: .240): A 96734861, B 57603469.
  // (Rounding each alone would give B 57603468: the alliances are rounded together.)
  EXPECT_EQ(fs.alliances[0].budget, Y("967348.61"));
  EXPECT_EQ(fs.alliances[1].budget, Y("576034.69"));
  EXPECT_EQ(fs.alliances[0].budget + fs.alliances[1].budget, Y("1543383.30"));
  // Advances: round(96734861/12) = round(8061238.42) = 80612.38; round(57603469/12) = round(4800289.08) = 48002.89
  EXPECT_EQ(fs.alliances[0].advance, Y("80612.38"));
  EXPECT_EQ(fs.alliances[1].advance, Y("48002.89"));
  // The standards are those of the county (no cap): unchanged by the split.
  EXPECT_EQ(fs.band_standards.at(4).second, Y("169.73"));
}

TEST(BudgetHarbin, AdjustmentCoefficientIsTheProductOfOnePlusRates) {
  const mb::fund_budget b = mb::compute_budget(harbin(), 2024, harbin_two_alliances(), "funds[0]");
  ASSERT_EQ(b.alliances.size(), 2u);
  // k_A = (1 − 0.02)(1 + 0.013) = 0.99274; k_B = 1 + 0.0001 = 1.0001
  EXPECT_EQ(b.alliances[0].coefficient, R("0.99274"));
  EXPECT_EQ(b.alliances[1].coefficient, R("1.0001"));
  // One alliance with a single −2% factor on the county counts: B = round(0.98 × R exact)
  //   = round(0.98 × 155040001 fen) = round(151939200.98) = 151939201 fen
  mb::fund_input f = harbin_fund();
  f.alliances[0].adjustment_factors = {{"集采降价", R("-0.02")}};
  const mb::statement s = mb::budget_year(make_case(harbin(), f));
  EXPECT_EQ(s.funds.at(0).alliances.at(0).budget, Y("1519392.01"));
}

TEST(BudgetHarbin, SeveralAlliancesByServiceVolumeShare) {
  mb::fund_input f = harbin_fund();
  mb::alliance_input a = alliance("A"), b = alliance("B");
  a.service_volume_share = R("0.6");
  b.service_volume_share = R("0.5");  // shares need not sum to 1
  f.alliances = {a, b};
  const mb::statement s = mb::budget_year(make_case(harbin(), f));
  const mb::fund_statement& fs = s.funds.at(0);
  // N_a,b = N_b × share, so Σ_b std_b × N_b × share = R × share (exact R = 155040001 fen):
  //   A: 0.6 × 155040001 = 93024000.6 fen;  B: 0.5 × 155040001 = 77520000.5 fen
  //   Σ = 170544001.1 → 170544001; floors 93024000 + 77520000 = 170544000; 1 fen left → A (.6 > .5)
  //   A 93024001 = 930240.01, B 77520000 = 775200.00 (rounding each alone: B 775200.01, sum off by 1)
  EXPECT_EQ(fs.alliances.at(0).budget, Y("930240.01"));
  EXPECT_EQ(fs.alliances.at(1).budget, Y("775200.00"));
}

TEST(BudgetHarbin, ServiceVolumeSharesSummingToOneSplitR) {
  mb::fund_input f = harbin_fund();
  mb::alliance_input a = alliance("A"), b = alliance("B");
  a.service_volume_share = R("0.62");
  b.service_volume_share = R("0.38");
  f.alliances = {a, b};
  const mb::statement s = mb::budget_year(make_case(harbin(), f));
  // 0.62 × 155040001 = 96124800.62; 0.38 × 155040001 = 58915200.38; Σ = 155040001 exactly (= R);
  // floors 96124800 + 58915200, 1 fen left → A (.62): A 961248.01, B 589152.00; sum = R.
  EXPECT_EQ(s.funds.at(0).alliances.at(0).budget, Y("961248.01"));
  EXPECT_EQ(s.funds.at(0).alliances.at(1).budget, Y("589152.00"));
  EXPECT_EQ(s.funds.at(0).alliances.at(0).budget + s.funds.at(0).alliances.at(1).budget, Y("1550400.01"));
}

TEST(BudgetHarbin, FundraisingCapBindingScalesStandards) {
  mb::fund_input f = harbin_two_alliances();
  f.inputs.fundraising_total = Y("1500000.00");  // < 1543383.30, the rounded sum
  const mb::statement s = mb::budget_year(make_case(harbin(), f));
  const mb::fund_statement& fs = s.funds.at(0);
  EXPECT_EQ(fs.cap_bound, std::optional<bool>(true));
  // The sum becomes F = 150000000 fen, split in proportion to the exact budgets
  // 96734861.2397 : 57603468.4892 (Σ 154338329.7289):
  //   A 150000000 × 96734861.2397 / 154338329.7289 = 94015719.954 → floor 94015719 (.954)
  //   B                                             = 55984280.046 → floor 55984280 (.046)
  //   1 fen left → A: A 94015720, B 55984280
  EXPECT_EQ(fs.alliances.at(0).budget, Y("940157.20"));
  EXPECT_EQ(fs.alliances.at(1).budget, Y("559842.80"));
  // R itself is never capped.
  EXPECT_EQ(fs.regional_budget, Y("1550400.01"));
  // Standards scaled by c = F / Σ exact = 150000000 / 154338329.7289 = 0.971890782…:
  //   0-17 1073.50005 × c = 1043.3248 fen → 10.43;  18-44 1035.50000 × c = 1006.3929 → 10.06
  //   45-59 2115.33334 × c = 2055.8730 → 20.56;     60-74 5118.12502 × c = 4974.2585 → 49.74
  //   75+ 16973.33339 × c = 16496.2263 → 164.96
  const std::vector<std::pair<std::string, fen>> want = {
      {"0-17", Y("10.43")}, {"18-44", Y("10.06")}, {"45-59", Y("20.56")}, {"60-74", Y("49.74")}, {"75+", Y("164.96")}};
  EXPECT_EQ(fs.band_standards, want);
  // Advances are on the capped budgets: round(94015720/12) = 7834643.33 → 78346.43;
  // round(55984280/12) = 4665356.67 → 46653.57
  EXPECT_EQ(fs.alliances.at(0).advance, Y("78346.43"));
  EXPECT_EQ(fs.alliances.at(1).advance, Y("46653.57"));
}

TEST(BudgetHarbin, FundraisingCapOneAlliance) {
  mb::fund_input f = harbin_fund();
  f.inputs.fundraising_total = Y("1500000.00");
  const mb::statement s = mb::budget_year(make_case(harbin(), f));
  const mb::fund_statement& fs = s.funds.at(0);
  // B = R = 1550400.01 > F: B becomes F, c = 150000000 / 155040001
  EXPECT_EQ(fs.cap_bound, std::optional<bool>(true));
  EXPECT_EQ(fs.alliances.at(0).budget, Y("1500000.00"));
  // std_b × c = X_b / X × F / N_b: 0-17 1038.603 fen → 10.39; 18-44 1001.838 → 10.02;
  // 45-59 2046.569 → 20.47; 60-74 4951.746 → 49.52; 75+ 16421.569 → 164.22
  const std::vector<std::pair<std::string, fen>> want = {
      {"0-17", Y("10.39")}, {"18-44", Y("10.02")}, {"45-59", Y("20.47")}, {"60-74", Y("49.52")}, {"75+", Y("164.22")}};
  EXPECT_EQ(fs.band_standards, want);
}

TEST(BudgetHarbin, FundraisingCapNotBindingAtEquality) {
  mb::fund_input f = harbin_two_alliances();
  f.inputs.fundraising_total = Y("1543383.30");  // exactly the rounded sum: "exceeds" is false
  const mb::statement s = mb::budget_year(make_case(harbin(), f));
  const mb::fund_statement& fs = s.funds.at(0);
  EXPECT_EQ(fs.cap_bound, std::optional<bool>(false));
  // Budgets as without the cap (SeveralAlliancesByGivenCountsRoundedTogether)
  EXPECT_EQ(fs.alliances.at(0).budget, Y("967348.61"));
  EXPECT_EQ(fs.alliances.at(1).budget, Y("576034.69"));
  // Standards unscaled
  EXPECT_EQ(fs.band_standards.at(0).second, Y("10.74"));
}

TEST(BudgetHarbin, YearEndRecountWithActualCounts) {
  mb::fund_input f = harbin_two_alliances();
  f.alliances[0].insured_actual_by_band = mb::band_counts{6100, 12100, 9000, 4900, 2000};
  const mb::statement s = mb::budget_year(make_case(harbin(), f));
  const mb::fund_statement& fs = s.funds.at(0);
  // B (budget counts) unchanged: 967348.61 / 576034.69
  EXPECT_EQ(fs.alliances.at(0).budget, Y("967348.61"));
  // A recounted: Σ std_b × N_actual = 1073.50005×6100 + 1035.50000×12100 + 2115.33334×9000
  //   + 5118.12502×4900 + 16973.33339×2000 = 97141379.7854 fen; × 0.99274 = 96436133.3681 fen
  // B keeps its budget counts: 57603468.4892 fen
  // Σ = 154039601.8574 → 154039602; floors 96436133 + 57603468; 1 fen → B (.489 > .368)
  EXPECT_EQ(fs.alliances.at(0).final_budget, Y("964361.33"));
  EXPECT_EQ(fs.alliances.at(1).final_budget, Y("576034.69"));
  // The advance stays on B, not B': round(96734861/12) = 80612.38
  EXPECT_EQ(fs.alliances.at(0).advance, Y("80612.38"));
}

TEST(BudgetHarbin, YearEndRecountStartsFromTheUnscaledStandardsAndIsCappedAgain) {
  mb::fund_input f = harbin_two_alliances();
  f.inputs.fundraising_total = Y("1500000.00");
  f.alliances[0].insured_actual_by_band = mb::band_counts{6100, 12100, 9000, 4900, 2000};
  const mb::statement s = mb::budget_year(make_case(harbin(), f));
  const mb::fund_statement& fs = s.funds.at(0);
  // Revision 3: the recount starts from the unscaled std⁰ (YearEndRecountWithActualCounts):
  //   B'ex_A = 96436133.3681 fen, B'ex_B = 57603468.4892 fen, round(Σ) = 154039602 > F_final = F
  //   (no fundraising_actual) = 150000000: capped, apportion(150000000, B'ex):
  //   A 150000000 × 96436133.3681 / 154039601.8574 = 93907150.0497 → floor 93907150 (.0497)
  //   B                                             = 56092849.9503 → floor 56092849 (.9503)
  //   1 fen left → B: A 93907150, B 56092850
  EXPECT_EQ(fs.alliances.at(0).final_budget, Y("939071.50"));
  EXPECT_EQ(fs.alliances.at(1).final_budget, Y("560928.50"));
  EXPECT_EQ(fs.budget_fields.final_cap_bound, std::optional<bool>(true));
}

TEST(BudgetHarbin, SupplementaryBudgetAddsToFinalBudget) {
  mb::fund_input f = harbin_fund();
  f.alliances[0].supplementary_budget = Y("10000.50");
  const mb::statement s = mb::budget_year(make_case(harbin(), f));
  const mb::alliance_statement& a = s.funds.at(0).alliances.at(0);
  // B' = recounted budget (= B, no actual counts) + 追加 = 1550400.01 + 10000.50
  EXPECT_EQ(a.final_budget, Y("1560400.51"));
  // B and its advance are not changed by the supplementary budget.
  EXPECT_EQ(a.budget, Y("1550400.01"));
  EXPECT_EQ(a.advance, Y("129200.00"));
}

TEST(BudgetHarbin, SupplementaryBudgetOnTopOfRecount) {
  mb::fund_input f = harbin_two_alliances();
  f.alliances[0].insured_actual_by_band = mb::band_counts{6100, 12100, 9000, 4900, 2000};
  f.alliances[0].supplementary_budget = Y("0.01");
  const mb::statement s = mb::budget_year(make_case(harbin(), f));
  // B' = 964361.33 (recount, YearEndRecountWithActualCounts) + 0.01
  EXPECT_EQ(s.funds.at(0).alliances.at(0).final_budget, Y("964361.34"));
}

// ================================================================================================
// Harbin input errors
// ================================================================================================

TEST(BudgetErrors, HarbinMissingInputsNameTheirPaths) {
  mb::fund_input f = harbin_fund();
  f.inputs.first_year.reset();
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(harbin(), f)); }), "funds[0].budget_inputs.first_year");
  f = harbin_fund();
  f.inputs.insured_budget_by_band.reset();
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(harbin(), f)); }),
            "funds[0].budget_inputs.insured_budget_by_band");
  f = harbin_fund();
  f.inputs.history.pop_back();  // 2023 missing from a first-year base
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(harbin(), f)); }), "funds[0].budget_inputs.history");
  // Several alliances, one without counts or service share.
  f = harbin_two_alliances();
  f.alliances[1].insured_budget_by_band.reset();
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(harbin(), f)); }),
            "funds[0].alliances[1].insured_budget_by_band");
}

TEST(BudgetErrors, HarbinNegativeAmountsNameTheirPaths) {
  mb::fund_input f = harbin_fund();
  f.inputs.history[1].pooled_expenditure_by_band[2] = Y("-0.01");
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(harbin(), f)); }),
            "funds[0].budget_inputs.history[1].pooled_expenditure_by_band.45-59");
  f = harbin_fund();
  (*f.inputs.insured_budget_by_band)[1] = -1;
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(harbin(), f)); }),
            "funds[0].budget_inputs.insured_budget_by_band.18-44");
  f = harbin_fund();
  f.inputs.fundraising_total = Y("-1.00");
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(harbin(), f)); }),
            "funds[0].budget_inputs.fundraising_total");
  f = harbin_fund();
  f.alliances[0].supplementary_budget = Y("-1.00");
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(harbin(), f)); }),
            "funds[0].alliances[0].supplementary_budget");
  f = harbin_fund();
  mb::alliance_input a = alliance("A"), b = alliance("B");
  a.service_volume_share = R("0.5");
  b.service_volume_share = R("-0.5");
  f.alliances = {a, b};
  EXPECT_EQ(error_where([&] { (void)mb::budget_year(make_case(harbin(), f)); }),
            "funds[0].alliances[1].service_volume_share");
}

// docs/formats.md: "shares that are not positive" are rejected, naming the field. A service volume
// share of 0 is not positive.
TEST(BudgetErrors, HarbinZeroServiceVolumeShareIsAnError) {
  mb::fund_input f = harbin_fund();
  mb::alliance_input a = alliance("A"), b = alliance("B");
  a.service_volume_share = R("1");
  b.service_volume_share = R("0");
  f.alliances = {a, b};
  const std::string where = error_where([&] { (void)mb::budget_year(make_case(harbin(), f)); });
  if (where == "<no input_error>") {
    FAIL() << "service_volume_share 0 accepted; expected input_error at "
                    "funds[0].alliances[1].service_volume_share";
  }
  EXPECT_EQ(where, "funds[0].alliances[1].service_volume_share");
}

}  // namespace
