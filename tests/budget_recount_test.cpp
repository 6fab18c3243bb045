// Harbin's budget rules of revision 3, worked by hand: the combination of the
// adjustment factors, one count source per fund, the year-end recount from the unscaled standards
// capped again at the period's fundraising, the supplementary budget above the cap, the recount of
// alliances budgeted by share, and history years the base does not use.
//
// Every figure was worked from the formulas with exact fractions (Python's fractions.Fraction, an
// independent largest-remainder split); the working is in the comment above each assertion. The
// fixture (Σ_b std⁰_b × N_ab: A 97442292.28162798 fen, B 57597708.71837201 fen; R = 155040001 fen) is
// in budget_fixtures.hpp. B'ex_B = 57597708.71837201 × 1.0001 = 57603468.48924385 fen throughout.
#include <gtest/gtest.h>

#include <optional>  // optional
#include <string>    // string

#include "budget_fixtures.hpp"
#include "medbudget/budget.hpp"
#include "medbudget/settle.hpp"

namespace {

using namespace budget_fixtures;
using mb::fen;

// A's actual counts at the year end (0-17 +100, 18-44 +100, 60-74 −100):
// B'ex_A = Σ std⁰_b × N^actual_A,b × 0.99274 = 97141379.7854 × 0.99274 = 96436133.36811732 fen;
// with B: Σ B'ex = 154039601.85736117 → round 154039602 fen.
mb::fund_input harbin_recounted() {
  mb::fund_input f = harbin_two_alliances();
  f.alliances[0].insured_actual_by_band = mb::band_counts{6100, 12100, 9000, 4900, 2000};
  return f;
}

TEST(BudgetRecount, CoefficientSumVersusProduct) {
  // product (preset): k_A = 0.98 × 1.013 = 0.99274; sum: k_A = 1 − 0.02 + 0.013 = 0.993.
  const mb::fund_budget prod = mb::compute_budget(harbin(), 2024, harbin_two_alliances(), "funds[0]");
  EXPECT_EQ(prod.alliances[0].coefficient, R("0.99274"));
  const mb::policy sum = mb::with_overrides(harbin(), {{"coefficient_combination", mb::choice{"sum"}}});
  const mb::fund_budget b = mb::compute_budget(sum, 2024, harbin_two_alliances(), "funds[0]");
  EXPECT_EQ(b.alliances[0].coefficient, R("0.993"));
  EXPECT_EQ(b.alliances[1].coefficient, R("1.0001"));  // one factor: both readings agree
  // Bex_A = 97442292.28162798 × 0.993 = 96760196.23565659; Bex_B = 57603468.48924385;
  // Σ = 154363664.72490044 → 154363665; floors 96760196 + 57603468, 1 fen left → B (.489 > .236)
  EXPECT_EQ(b.alliances[0].budget, Y("967601.96"));
  EXPECT_EQ(b.alliances[1].budget, Y("576034.69"));
  // The ratio line carries the exact coefficient as its value, no amount, and the chosen formula.
  const mb::line* k = find_line(b.alliances[0].lines, "adjustment_coefficient");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->value, "0.993");
  EXPECT_EQ(k->amount, "");
  EXPECT_EQ(k->formula, "k = 1 + Σ r");
  EXPECT_EQ(find_line(prod.alliances[0].lines, "adjustment_coefficient")->formula, "k = Π(1 + r)");
  // Under sum, 1 + Σ r must stay positive: −0.6 − 0.5 gives −0.1.
  mb::fund_input bad = harbin_fund();
  bad.alliances[0].adjustment_factors = {{"a", R("-0.6")}, {"b", R("-0.5")}};
  EXPECT_EQ(error_of([&] { (void)mb::compute_budget(sum, 2024, bad, "funds[0]"); }),
            "funds[0].alliances[0].adjustment_factors: 1 + Σ rate must be positive, got -0.1");
}

TEST(BudgetRecount, CapExactlyBindingIsNotCappedAndOneFenBelowCaps) {
  // F_final = fundraising_actual = round(Σ B'ex) = 1540396.02: not capped,
  // recount = apportion(154039602, B'ex): floors 96436133 + 57603468 = 154039601, 1 fen → B (.489 > .368)
  mb::fund_input f = harbin_recounted();
  f.inputs.fundraising_actual = Y("1540396.02");
  mb::fund_budget b = mb::compute_budget(harbin(), 2024, f, "funds[0]");
  EXPECT_EQ(b.fields.final_cap_bound, std::optional<bool>(false));
  EXPECT_EQ(b.alliances[0].final_budget, Y("964361.33"));
  EXPECT_EQ(b.alliances[1].final_budget, Y("576034.69"));
  const mb::line* cap = find_line(b.lines, "fundraising_cap_final");
  ASSERT_NE(cap, nullptr);
  EXPECT_EQ(cap->amount, "1540396.02");
  EXPECT_EQ(cap->figures, "round(Σ B'ex) = 1540396.02 ≤ 1540396.02 (fundraising_actual): not binding");
  // One fen less, F_final = 1540396.01 < 1540396.02: capped, apportion(154039601, B'ex):
  //   A 154039601 × 96436133.3681 / 154039601.8574 = 96436132.8314, B 57603468.1686;
  //   floors 96436132 + 57603468 = 154039600, 1 fen → A (.831 > .169): A 96436133, B 57603468
  f.inputs.fundraising_actual = Y("1540396.01");
  b = mb::compute_budget(harbin(), 2024, f, "funds[0]");
  EXPECT_EQ(b.fields.final_cap_bound, std::optional<bool>(true));
  EXPECT_EQ(b.alliances[0].final_budget, Y("964361.33"));
  EXPECT_EQ(b.alliances[1].final_budget, Y("576034.68"));
  EXPECT_EQ(b.alliances[0].final_budget + b.alliances[1].final_budget, Y("1540396.01"));  // sums to F_final
}

TEST(BudgetRecount, BudgetCappedOnTheForecastRisesAgainWithTheActualFundraising) {
  // Forecast F = 1500000.00 caps B (budget_test FundraisingCapBindingScalesStandards: 940157.20 /
  // 559842.80); the recount starts from the unscaled std⁰, and F_final = fundraising_actual
  // 1540396.02 ≥ round(Σ B'ex): not capped, B' = 964361.33 / 576034.69 (as in the test above).
  mb::fund_input f = harbin_recounted();
  f.inputs.fundraising_total = Y("1500000.00");
  f.inputs.fundraising_actual = Y("1540396.02");
  const mb::statement s = mb::budget_year(make_case(harbin(), f));
  const mb::fund_statement& fs = s.funds.at(0);
  EXPECT_EQ(fs.cap_bound, std::optional<bool>(true));
  EXPECT_EQ(fs.alliances[0].budget, Y("940157.20"));
  EXPECT_EQ(fs.alliances[0].final_budget, Y("964361.33"));
  EXPECT_EQ(fs.alliances[1].final_budget, Y("576034.69"));
  EXPECT_EQ(fs.budget_fields.final_cap_bound, std::optional<bool>(false));
  // The advance stays on B: round(94015720 / 12) = 7834643.33 → 78346.43
  EXPECT_EQ(fs.alliances[0].advance, Y("78346.43"));
}

TEST(BudgetRecount, SupplementaryBudgetAboveTheCapIsAMemo) {
  // One alliance on the county counts, F = 1550400.01 = R: B = R, not capped. The recount gives
  // B'ex = R exactly = F_final: not capped, recount 1550400.01; + 追加 10000.50 = B' 1560400.51,
  // above F_final by 10000.50: the memo (no money effect), B' itself not capped.
  mb::fund_input f = harbin_fund();
  f.inputs.fundraising_total = Y("1550400.01");
  f.alliances[0].supplementary_budget = Y("10000.50");
  mb::fund_budget b = mb::compute_budget(harbin(), 2024, f, "funds[0]");
  EXPECT_EQ(b.alliances[0].recount, Y("1550400.01"));
  EXPECT_EQ(b.alliances[0].final_budget, Y("1560400.51"));
  EXPECT_EQ(b.fields.supplementary_above_cap, std::optional<fen>(Y("10000.50")));
  const mb::line* memo = find_line(b.lines, "supplementary_above_cap");
  ASSERT_NE(memo, nullptr);
  EXPECT_EQ(memo->figures, "1560400.51 − 1550400.01 = 10000.50");
  ASSERT_NE(find_line(b.alliances[0].lines, "supplementary_budget"), nullptr);
  // With fundraising_actual one fen below R the recount is capped to 1550400.00 and the supplement
  // still comes on top: B' = 1560400.50, memo 10000.50.
  f.inputs.fundraising_actual = Y("1550400.00");
  b = mb::compute_budget(harbin(), 2024, f, "funds[0]");
  EXPECT_EQ(b.fields.final_cap_bound, std::optional<bool>(true));
  EXPECT_EQ(b.alliances[0].final_budget, Y("1560400.50"));
  EXPECT_EQ(b.fields.supplementary_above_cap, std::optional<fen>(Y("10000.50")));
  // No supplement: no memo field, no supplementary_budget line.
  f.alliances[0].supplementary_budget = fen{};
  b = mb::compute_budget(harbin(), 2024, f, "funds[0]");
  EXPECT_FALSE(b.fields.supplementary_above_cap.has_value());
  EXPECT_EQ(find_line(b.alliances[0].lines, "supplementary_budget"), nullptr);
  // A negative supplement is an error.
  f.alliances[0].supplementary_budget = Y("-0.01");
  EXPECT_EQ(error_of([&] { (void)mb::compute_budget(harbin(), 2024, f, "funds[0]"); }),
            "funds[0].alliances[0].supplementary_budget: must not be negative");
}

// Two alliances budgeted by service_volume_share 0.6 / 0.5 on the county counts:
// B = apportion(round(1.1 × R), …) = 930240.01 / 775200.00 (budget_test SeveralAlliancesByServiceVolumeShare).
mb::fund_input harbin_by_share() {
  mb::fund_input f = harbin_fund();
  mb::alliance_input a = alliance("A"), b = alliance("B");
  a.service_volume_share = R("0.6");
  b.service_volume_share = R("0.5");
  f.alliances = {a, b};
  return f;
}

TEST(BudgetRecount, ShareBudgetedAlliancesWithoutCountyActualsAreNotRecounted) {
  mb::fund_input f = harbin_by_share();
  f.inputs.fundraising_total = Y("2000000.00");
  f.inputs.fundraising_actual = Y("1.00");  // unused: nothing is recounted
  f.alliances[1].supplementary_budget = Y("1.00");
  const mb::fund_budget b = mb::compute_budget(harbin(), 2024, f, "funds[0]");
  // recount_a = B_a; B'_B = 775200.00 + 1.00
  EXPECT_EQ(b.alliances[0].final_budget, Y("930240.01"));
  EXPECT_EQ(b.alliances[1].final_budget, Y("775201.00"));
  EXPECT_EQ(b.fields.final_cap_bound, std::optional<bool>(false));
  EXPECT_EQ(find_line(b.lines, "fundraising_cap_final"), nullptr);
  // The memo compares Σ B' = 1705441.01 with F = 2000000.00: below, no memo.
  EXPECT_FALSE(b.fields.supplementary_above_cap.has_value());
}

TEST(BudgetRecount, ShareBudgetedAlliancesRecountOnTheCountysActualCounts) {
  // County actual counts: 0-17 10100 (+100). B'ex_a = Σ std⁰_b × N^actual_b × share
  //   = (155040001 + 100 × 1073.50005114) × share = 155147351.00511 × share:
  //   A × 0.6 = 93088410.6031, B × 0.5 = 77573675.5026; Σ 170662086.1056 → 170662086;
  //   floors 93088410 + 77573675 = 170662085, 1 fen → A (.603 > .503)
  mb::fund_input f = harbin_by_share();
  f.inputs.insured_actual_by_band = mb::band_counts{10100, 20000, 15000, 8000, 3000};
  const mb::fund_budget b = mb::compute_budget(harbin(), 2024, f, "funds[0]");
  EXPECT_EQ(b.alliances[0].final_budget, Y("930884.11"));
  EXPECT_EQ(b.alliances[1].final_budget, Y("775736.75"));
  // Such an alliance gives no actual counts of its own.
  f.alliances[1].insured_actual_by_band = mb::band_counts{1, 1, 1, 1, 1};
  EXPECT_EQ(error_of([&] { (void)mb::compute_budget(harbin(), 2024, f, "funds[0]"); }),
            "funds[0].alliances[1].insured_actual_by_band: an alliance budgeted by service_volume_share is "
            "recounted on the county's budget_inputs.insured_actual_by_band × share, not on counts of its own");
}

TEST(BudgetRecount, FinalAdjustmentFactorsGiveKPrime) {
  // A's factors measured after the fact: −3.1% → k'_A = 0.969 (B keeps k_B = 1.0001).
  // B'ex_A = 97442292.28162798 × 0.969 = 94421581.2209; Σ with B = 152025049.7101 → 152025050;
  // floors 94421581 + 57603468 = 152025049, 1 fen → B (.489 > .221)
  mb::fund_input f = harbin_two_alliances();
  f.alliances[0].adjustment_factors_final = std::vector<mb::adjustment_factor>{{"集采降价", R("-0.031")}};
  const mb::fund_budget b = mb::compute_budget(harbin(), 2024, f, "funds[0]");
  EXPECT_EQ(b.alliances[0].coefficient_final, std::optional<mb::rate>(R("0.969")));
  EXPECT_EQ(b.alliances[0].final_budget, Y("944215.81"));
  EXPECT_EQ(b.alliances[1].final_budget, Y("576034.69"));
  const mb::line* k = find_line(b.alliances[0].lines, "adjustment_coefficient_final");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->value, "0.969");
  EXPECT_EQ(find_line(b.alliances[1].lines, "adjustment_coefficient_final"), nullptr);
}

TEST(BudgetRecount, SameInputsRecountToTheBudget) {
  // No actual counts, no final factors, no fundraising_actual: recount_a = B_a, even when capped.
  mb::fund_input f = harbin_two_alliances();
  f.inputs.fundraising_total = Y("1500000.00");
  const mb::fund_budget b = mb::compute_budget(harbin(), 2024, f, "funds[0]");
  EXPECT_EQ(b.alliances[0].final_budget, b.alliances[0].budget);
  EXPECT_EQ(b.alliances[1].final_budget, b.alliances[1].budget);
  EXPECT_EQ(b.alliances[0].budget, Y("940157.20"));
  EXPECT_EQ(b.fields.final_cap_bound, std::optional<bool>(true));
}

TEST(BudgetRecount, OneCountSourcePerFund) {
  // Mixing attributed counts and a share is an error naming the alliance.
  mb::fund_input f = harbin_two_alliances();
  f.alliances[1].insured_budget_by_band.reset();
  f.alliances[1].service_volume_share = R("0.4");
  EXPECT_EQ(error_of([&] { (void)mb::compute_budget(harbin(), 2024, f, "funds[0]"); }),
            "funds[0].alliances[1]: gives service_volume_share while funds[0].alliances[0] gives "
            "insured_budget_by_band: all alliances of a fund use the same one");
  // Both, and neither with several alliances.
  f.alliances[1].insured_budget_by_band = mb::band_counts{4000, 8000, 6000, 3000, 1000};
  EXPECT_EQ(error_of([&] { (void)mb::compute_budget(harbin(), 2024, f, "funds[0]"); }),
            "funds[0].alliances[1].service_volume_share: give either insured_budget_by_band or "
            "service_volume_share, not both");
  f.alliances[1].insured_budget_by_band.reset();
  f.alliances[1].service_volume_share.reset();
  EXPECT_EQ(error_of([&] { (void)mb::compute_budget(harbin(), 2024, f, "funds[0]"); }),
            "funds[0].alliances[1].insured_budget_by_band: missing: several alliances need each alliance's "
            "attributed counts or service_volume_share");
}

TEST(BudgetRecount, HistoryYearsBeyondTheBaseAreUnused) {
  // Later year with the three years given: the base uses 2023 only, X = 1710000.01 (budget_test
  // LastYearBase); 2021 and 2022 are accepted.
  mb::fund_input f = harbin_fund();
  f.inputs.first_year = false;
  const mb::fund_budget b = mb::compute_budget(harbin(), 2024, f, "funds[0]");
  EXPECT_EQ(b.alliances[0].budget, Y("1624500.01"));
  // history_weights must sum to 1.
  EXPECT_EQ(error_of([] {
              (void)mb::with_overrides(harbin(), {{"history_weights", std::vector<mb::rate>{R("0.2"), R("0.3"), R("0.4")}}});
            }),
            "policy_overrides.history_weights: weights must sum to 1 (a weighted average), they sum to 0.9");
}

}  // namespace
