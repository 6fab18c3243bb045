// Year-end ledger tests (docs/rules.md: each province's year-end rule), worked by hand: every
// expected figure was worked out from the rules by hand and re-checked with Python's
// fractions.Fraction (exact products, "round half away from zero" to fen, an independent
// largest-remainder split); the derivation is in the comment above each assertion. The properties
// over random cases are in ledger_property_test.cpp.
#include <gtest/gtest.h>

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

namespace mb = medbudget;
using mb::cpp_int;
using mb::cpp_rational;
using mb::fen;
using mb::rate;
using budget_fixtures::alliance;
using budget_fixtures::error_where;
using budget_fixtures::make_case;
using budget_fixtures::R;
using budget_fixtures::Y;

namespace {

// ---- small builders -------------------------------------------------------------------------------

mb::alliance_actuals actuals(std::string_view out_of_alliance, std::string_view in_alliance) {
  mb::alliance_actuals act;
  act.out_of_alliance_local = Y(out_of_alliance);  // O
  act.in_alliance_local = Y(in_alliance);          // I
  return act;
}

mb::alliance_statement settle_first(const mb::case_input& c) { return mb::settle_year(c).funds.at(0).alliances.at(0); }


std::vector<mb::member_unit> members(std::initializer_list<std::pair<const char*, const char*>> id_weight) {
  std::vector<mb::member_unit> out;
  for (const auto& [id, w] : id_weight) out.push_back({id, id, R(w)});
  return out;
}

using distribution = std::vector<std::pair<std::string, fen>>;

// ================================================================================================
// Harbin: B' = 950000.09 for every case below
// ================================================================================================
//
// Last-year base, one band: E_2023 = 1000000.10 in 0-17 (1000 insured), 0 elsewhere (0 insured).
//   X = 1000000.10; K = round(50000.005) = 50000.01; R = 950000.09
//   B = std × N = R = 950000.09 (one alliance, county counts, k = 1); B' = B
//   advance = round(95000009 fen / 12) = round(7916667.42) = 7916667 fen = 79166.67
//   15% band = round(0.15 × 95000009) = round(14250001.35) = 14250001 fen = 142500.01
//   growth cap (g = 6%) = round(0.06 × 95000009) = round(5700000.54) = 5700001 fen = 57000.01
mb::case_input harbin_case(std::string_view O, std::string_view I, std::optional<const char*> ratio,
                           std::optional<bool> indicators_met = true) {
  mb::fund_input f;
  f.insutype = "390";
  f.inputs.first_year = false;
  f.inputs.history = {{2023, {Y("1000000.10"), fen{}, fen{}, fen{}, fen{}}}};
  f.inputs.insured_budget_by_band = mb::band_counts{1000, 0, 0, 0, 0};
  if (ratio) f.situation.overspend_share_ratio = R(*ratio);
  f.situation.city_avg_growth_rate = R("0.06");
  mb::alliance_input a = alliance("YL01");
  a.actuals = actuals(O, I);
  a.perf.indicators_met = indicators_met;
  f.alliances.push_back(a);
  return make_case(mb::preset("harbin"), f);
}

TEST(LedgerHarbin, FixtureBudget) {
  const mb::alliance_statement a = settle_first(harbin_case("0", "0", "0.5"));
  EXPECT_EQ(a.final_budget, Y("950000.09"));
  EXPECT_EQ(a.advance, Y("79166.67"));
}

TEST(LedgerHarbin, SurplusBelowCapAndNegativeYearEndPayment) {
  // S = 950000.09 − 300000.00 − 600000.00 = 50000.09 ≤ 142500.01: all retained
  const mb::alliance_statement a = settle_first(harbin_case("300000.00", "600000.00", std::nullopt));
  EXPECT_EQ(a.balance, Y("50000.09"));
  EXPECT_EQ(a.retained_surplus, Y("50000.09"));
  EXPECT_EQ(a.returned_surplus, Y("0.00"));
  EXPECT_EQ(a.fund_overspend_share, Y("0.00"));
  EXPECT_EQ(a.alliance_overspend_burden, Y("0.00"));
  // entitlement = B' − O − returned + 0 + 0 = 950000.09 − 300000 = 650000.09
  EXPECT_EQ(a.entitlement, Y("650000.09"));
  // paid = I + advance = 600000.00 + 79166.67 = 679166.67
  EXPECT_EQ(a.paid_during_year, Y("679166.67"));
  // year-end payment = 650000.09 − 679166.67 = −29166.58: the alliance pays back
  EXPECT_EQ(a.year_end_payment, Y("-29166.58"));
}

TEST(LedgerHarbin, SurplusAboveCap) {
  // S = 950000.09 − 200000 − 500000 = 250000.09 > 142500.01
  const mb::alliance_statement a = settle_first(harbin_case("200000.00", "500000.00", std::nullopt));
  EXPECT_EQ(a.balance, Y("250000.09"));
  // retained = min(S, 142500.01); returned = 250000.09 − 142500.01 = 107500.08
  EXPECT_EQ(a.retained_surplus, Y("142500.01"));
  EXPECT_EQ(a.returned_surplus, Y("107500.08"));
  // entitlement = 950000.09 − 200000 − 107500.08 = 642500.01; paid = 500000 + 79166.67 = 579166.67
  EXPECT_EQ(a.entitlement, Y("642500.01"));
  EXPECT_EQ(a.paid_during_year, Y("579166.67"));
  // 642500.01 − 579166.67 = 63333.34
  EXPECT_EQ(a.year_end_payment, Y("63333.34"));
}

TEST(LedgerHarbin, SurplusExactlyAtCap) {
  // I = 950000.09 − 200000 − 142500.01 = 607500.08 → S = 142500.01 = the cap: all retained
  const mb::alliance_statement a = settle_first(harbin_case("200000.00", "607500.08", std::nullopt));
  EXPECT_EQ(a.retained_surplus, Y("142500.01"));
  EXPECT_EQ(a.returned_surplus, Y("0.00"));
}

TEST(LedgerHarbin, OverspendInsideBandGrowthCapNotBinding) {
  // S = 950000.09 − 350000 − 700000.12 = −100000.03, D = 100000.03 ≤ 142500.01
  const mb::alliance_statement a = settle_first(harbin_case("350000.00", "700000.12", "0.5"));
  EXPECT_EQ(a.balance, Y("-100000.03"));
  // share = round(0.5 × 10000003 fen) = round(5000001.5) = 5000002 (half away) ≤ cap 57000.01
  EXPECT_EQ(a.fund_overspend_share, Y("50000.02"));
  // burden = 100000.03 − 50000.02
  EXPECT_EQ(a.alliance_overspend_burden, Y("50000.01"));
  EXPECT_EQ(a.retained_surplus, Y("0.00"));
  EXPECT_EQ(a.returned_surplus, Y("0.00"));
  // entitlement = 950000.09 − 350000 − 0 + 50000.02 = 650000.11
  EXPECT_EQ(a.entitlement, Y("650000.11"));
  // paid = 700000.12 + 79166.67 = 779166.79; payment = 650000.11 − 779166.79 = −129166.68
  EXPECT_EQ(a.paid_during_year, Y("779166.79"));
  EXPECT_EQ(a.year_end_payment, Y("-129166.68"));
}

TEST(LedgerHarbin, OverspendInsideBandGrowthCapBinding) {
  // D = 950000.09 − 350000 − 700000.09 → S = −100000.00; ratio 1: share = 100000.00 > cap 57000.01
  const mb::alliance_statement a = settle_first(harbin_case("350000.00", "700000.09", "1"));
  EXPECT_EQ(a.fund_overspend_share, Y("57000.01"));
  // burden = 100000.00 − 57000.01
  EXPECT_EQ(a.alliance_overspend_burden, Y("42999.99"));
}

TEST(LedgerHarbin, OverspendBeyondBandGrowthCapBinding) {
  // S = 950000.09 − 350000 − 800000.09 = −200000.00; reasonable = min(200000, 142500.01) = 142500.01
  // share = round(0.5 × 14250001 fen) = round(7125000.5) = 7125001 = 71250.01 > cap 57000.01
  const mb::alliance_statement a = settle_first(harbin_case("350000.00", "800000.09", "0.5"));
  EXPECT_EQ(a.balance, Y("-200000.00"));
  EXPECT_EQ(a.fund_overspend_share, Y("57000.01"));
  // burden = 200000.00 − 57000.01
  EXPECT_EQ(a.alliance_overspend_burden, Y("142999.99"));
  // entitlement = 950000.09 − 350000 + 57000.01 = 657000.10; paid = 800000.09 + 79166.67 = 879166.76
  EXPECT_EQ(a.entitlement, Y("657000.10"));
  EXPECT_EQ(a.year_end_payment, Y("-222166.66"));
}

TEST(LedgerHarbin, OverspendBeyondBandGrowthCapNotBinding) {
  // reasonable = 142500.01; share = round(0.3 × 14250001) = round(4275000.3) = 4275000 = 42750.00 < 57000.01
  const mb::alliance_statement a = settle_first(harbin_case("350000.00", "800000.09", "0.3"));
  EXPECT_EQ(a.fund_overspend_share, Y("42750.00"));
  // burden = 200000.00 − 42750.00
  EXPECT_EQ(a.alliance_overspend_burden, Y("157250.00"));
  // entitlement = 950000.09 − 350000 + 42750 = 642750.09; − 879166.76 = −236416.67
  EXPECT_EQ(a.year_end_payment, Y("-236416.67"));
}

TEST(LedgerHarbin, MissingRatioOrGrowthIsAnErrorOnlyOnOverspend) {
  // Surplus without a ratio: fine (SurplusBelowCap… above gives none either).
  mb::case_input surplus = harbin_case("300000.00", "600000.00", std::nullopt);
  surplus.funds[0].situation.city_avg_growth_rate.reset();
  EXPECT_EQ(settle_first(surplus).retained_surplus, Y("50000.09"));
  // Overspend without the ratio: an input_error naming overspend_share_ratio.
  const std::string no_ratio = error_where([] { (void)mb::settle_year(harbin_case("350000.00", "800000.09", std::nullopt)); });
  EXPECT_TRUE(no_ratio.ends_with("fund_situation.overspend_share_ratio")) << no_ratio;
  // Overspend without the growth rate: an input_error naming city_avg_growth_rate.
  mb::case_input no_growth = harbin_case("350000.00", "800000.09", "0.5");
  no_growth.funds[0].situation.city_avg_growth_rate.reset();
  const std::string where = error_where([&] { (void)mb::settle_year(no_growth); });
  EXPECT_TRUE(where.ends_with("fund_situation.city_avg_growth_rate")) << where;
}

// docs/formats.md: errors name the field path from the case's root, e.g.
// funds[0].alliances[1].actuals.in_alliance_local; the fund situation is under funds[i].
TEST(LedgerHarbin, MissingRatioErrorNamesTheFullPath) {
  const std::string no_ratio = error_where([] { (void)mb::settle_year(harbin_case("350000.00", "800000.09", std::nullopt)); });
  mb::case_input no_growth = harbin_case("350000.00", "800000.09", "0.5");
  no_growth.funds[0].situation.city_avg_growth_rate.reset();
  const std::string no_g = error_where([&] { (void)mb::settle_year(no_growth); });
  if (no_ratio == "fund_situation.overspend_share_ratio" || no_g == "fund_situation.city_avg_growth_rate") {
    FAIL() << "paths are \"" << no_ratio << "\" and \"" << no_g << "\"";
  }
  EXPECT_EQ(no_ratio, "funds[0].fund_situation.overspend_share_ratio");
  EXPECT_EQ(no_g, "funds[0].fund_situation.city_avg_growth_rate");
}

TEST(LedgerHarbin, PerformanceGateFailedOnSurplus) {
  // S = 50000.09, indicators not met: nothing retained, all returned
  mb::case_input c = harbin_case("300000.00", "600000.00", "0.5", false);
  c.funds[0].alliances[0].members = members({{"M1", "1"}, {"M2", "1"}});
  const mb::alliance_statement a = settle_first(c);
  EXPECT_EQ(a.retained_surplus, Y("0.00"));
  EXPECT_EQ(a.returned_surplus, Y("50000.09"));
  // entitlement = 950000.09 − 300000 − 50000.09 = 600000.00 (= I); payment = −advance
  EXPECT_EQ(a.entitlement, Y("600000.00"));
  EXPECT_EQ(a.year_end_payment, Y("-79166.67"));
  // Nothing retained: no member distribution
  EXPECT_TRUE(a.member_distribution.empty());
}

TEST(LedgerHarbin, PerformanceGateFailedOnOverspend) {
  // D = 200000.00; indicators not met: the fund shares nothing
  const mb::alliance_statement a = settle_first(harbin_case("350000.00", "800000.09", "0.5", false));
  EXPECT_EQ(a.fund_overspend_share, Y("0.00"));
  EXPECT_EQ(a.alliance_overspend_burden, Y("200000.00"));
  // entitlement = 950000.09 − 350000 = 600000.09; − 879166.76 = −279166.67
  EXPECT_EQ(a.entitlement, Y("600000.09"));
  EXPECT_EQ(a.year_end_payment, Y("-279166.67"));
}

TEST(LedgerHarbin, IndicatorsMetMissingIsAnError) {
  EXPECT_EQ(error_where([] { (void)mb::settle_year(harbin_case("300000.00", "600000.00", "0.5", std::nullopt)); }),
            "funds[0].alliances[0].performance.indicators_met");
}

TEST(LedgerHarbin, MemberDistributionOfRetainedSurplus) {
  mb::case_input c = harbin_case("200000.00", "500000.00", std::nullopt);  // retained 142500.01
  c.funds[0].alliances[0].members = members({{"M1", "0.5"}, {"M2", "0.25"}, {"M3", "0.25"}});
  // 14250001 fen × 0.5 = 7125000.5, × 0.25 = 3562500.25 twice; floors Σ 14250000, 1 fen → M1 (.5)
  const distribution want = {{"M1", Y("71250.01")}, {"M2", Y("35625.00")}, {"M3", Y("35625.00")}};
  EXPECT_EQ(settle_first(c).member_distribution, want);
}

// ================================================================================================
// Guangdong / Yangxi
// ================================================================================================
//
// V = 12345678.91: A = 246913.58, K = 987654.31, T = B = 11111111.02 (see budget_test);
// installments total round(0.8 × 1111111102 fen) = 888888882 fen = 8888888.82
mb::case_input guangdong_case(std::string_view O, std::string_view I, std::optional<const char*> score) {
  mb::fund_input f;
  f.insutype = "390";
  f.inputs.fund_revenue = Y("12345678.91");
  mb::alliance_input a = alliance("G1");
  a.share = R("1");
  a.actuals = actuals(O, I);
  if (score) a.perf.score = R(*score);
  f.alliances.push_back(a);
  return make_case(mb::preset("guangdong_yangxi"), f);
}

TEST(LedgerGuangdong, ReserveReleasePerScoreBand) {
  // Surplus S = 11111111.02 − 1000000 − 9000000 = 1111111.02, retained in full.
  // release = round(rate(score) × 98765431 fen):
  //   ≥ 90 → 100%: 987654.31;  ≥ 80 → 80%: round(79012344.8) = 79012345 → 790123.45
  //   ≥ 70 → 50%: round(49382715.5) = 49382716 (half away) → 493827.16;  else 0
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"100", "987654.31"}, {"90", "987654.31"},  {"89.99", "790123.45"}, {"80", "790123.45"},
      {"79.99", "493827.16"}, {"70", "493827.16"}, {"69.99", "0.00"},     {"0", "0.00"}};
  for (const auto& [score, release] : cases) {
    const mb::alliance_statement a = settle_first(guangdong_case("1000000.00", "9000000.00", score));
    EXPECT_EQ(a.reserve_release, Y(release)) << "score " << score;
    EXPECT_EQ(a.retained_surplus, Y("1111111.02")) << "score " << score;
    EXPECT_EQ(a.returned_surplus, Y("0.00")) << "score " << score;
    // entitlement = B − O − 0 + 0 + release = 10111111.02 + release
    EXPECT_EQ(a.entitlement, Y("10111111.02") + Y(release)) << "score " << score;
  }
  // At 90: entitlement = 11098765.33; paid = installments 8888888.82; payment = 2209876.51
  const mb::alliance_statement a = settle_first(guangdong_case("1000000.00", "9000000.00", "90"));
  EXPECT_EQ(a.paid_during_year, Y("8888888.82"));
  EXPECT_EQ(a.advance, Y("0.00"));
  EXPECT_EQ(a.year_end_payment, Y("2209876.51"));
}

TEST(LedgerGuangdong, MissingScoreIsAnError) {
  EXPECT_EQ(error_where([] { (void)mb::settle_year(guangdong_case("1000000.00", "9000000.00", std::nullopt)); }),
            "funds[0].alliances[0].performance.score");
}

TEST(LedgerGuangdong, OverspendSharedFromAdjustmentFundCapBinding) {
  // S = 11111111.02 − 2000000 − 9611111.02 = −500000.00; reasonable not stated → all of D
  // share = round(0.5 (default ratio) × 500000) = 250000.00 > A_a = 246913.58 → 246913.58
  const mb::alliance_statement a = settle_first(guangdong_case("2000000.00", "9611111.02", "95"));
  EXPECT_EQ(a.balance, Y("-500000.00"));
  EXPECT_EQ(a.fund_overspend_share, Y("246913.58"));
  // burden = 500000 − 246913.58
  EXPECT_EQ(a.alliance_overspend_burden, Y("253086.42"));
  // The reserve is released on overspend too: score 95 → 987654.31
  EXPECT_EQ(a.reserve_release, Y("987654.31"));
  // entitlement = 11111111.02 − 2000000 + 246913.58 + 987654.31 = 10345678.91
  EXPECT_EQ(a.entitlement, Y("10345678.91"));
  // payment = 10345678.91 − 8888888.82 = 1456790.09
  EXPECT_EQ(a.year_end_payment, Y("1456790.09"));
}

TEST(LedgerGuangdong, CaseRatioReplacesTheDefault) {
  mb::case_input c = guangdong_case("2000000.00", "9611111.02", "0");
  c.funds[0].situation.overspend_share_ratio = R("0.3");
  const mb::alliance_statement a = settle_first(c);
  // share = round(0.3 × 500000) = 150000.00 < 246913.58 (cap not binding)
  EXPECT_EQ(a.fund_overspend_share, Y("150000.00"));
  EXPECT_EQ(a.alliance_overspend_burden, Y("350000.00"));
  EXPECT_EQ(a.reserve_release, Y("0.00"));  // score 0
  // entitlement = 11111111.02 − 2000000 + 150000 = 9261111.02; − 8888888.82 = 372222.20
  EXPECT_EQ(a.year_end_payment, Y("372222.20"));
}

TEST(LedgerGuangdong, ReasonableOverspendStated) {
  mb::case_input c = guangdong_case("2000000.00", "9611111.02", "0");
  c.funds[0].alliances[0].actuals->reasonable_overspend = Y("300000.00");
  const mb::alliance_statement a = settle_first(c);
  // share = round(0.5 × min(500000, 300000)) = 150000.00
  EXPECT_EQ(a.fund_overspend_share, Y("150000.00"));
  EXPECT_EQ(a.alliance_overspend_burden, Y("350000.00"));
  // Stated as 0: nothing shared
  c.funds[0].alliances[0].actuals->reasonable_overspend = Y("0.00");
  const mb::alliance_statement z = settle_first(c);
  EXPECT_EQ(z.fund_overspend_share, Y("0.00"));
  EXPECT_EQ(z.alliance_overspend_burden, Y("500000.00"));
  // Stated above D: at most D → round(0.5 × 500000) = 250000 → capped at 246913.58
  c.funds[0].alliances[0].actuals->reasonable_overspend = Y("600000.00");
  EXPECT_EQ(settle_first(c).fund_overspend_share, Y("246913.58"));
}

TEST(LedgerGuangdong, CapIsTheAlliancesOwnShareOfA) {
  // Two alliances, shares 0.4 / 0.2: G1 has B = 7407407.35, A_1 = 164609.05, K_1 = 658436.21,
  // installments total 5925925.88 (budget_test TwoAlliancesSplitTAAndKByShares).
  mb::fund_input f;
  f.insutype = "390";
  f.inputs.fund_revenue = Y("12345678.91");
  mb::alliance_input g1 = alliance("G1"), g2 = alliance("G2");
  g1.share = R("0.4");
  g2.share = R("0.2");
  g1.perf.score = R("85");
  g2.perf.score = R("85");
  g1.actuals = actuals("1000000.00", "6807407.35");  // S = 7407407.35 − 1000000 − 6807407.35 = −400000
  g2.actuals = actuals("0.00", "0.00");
  f.alliances = {g1, g2};
  const mb::alliance_statement a = settle_first(make_case(mb::preset("guangdong_yangxi"), f));
  // share = round(0.5 × 400000) = 200000 > A_1 = 164609.05 (though < the county's A 246913.58)
  EXPECT_EQ(a.fund_overspend_share, Y("164609.05"));
  EXPECT_EQ(a.alliance_overspend_burden, Y("235390.95"));
  // release = round(0.8 × 65843621 fen) = round(52674896.8) = 52674897 → 526748.97
  EXPECT_EQ(a.reserve_release, Y("526748.97"));
  // entitlement = 7407407.35 − 1000000 + 164609.05 + 526748.97 = 7098765.37; − 5925925.88 = 1172839.49
  EXPECT_EQ(a.entitlement, Y("7098765.37"));
  EXPECT_EQ(a.year_end_payment, Y("1172839.49"));
}

// ================================================================================================
// Hunan: Z = B = 12000000.00, advance round(1200000000 fen / 12) = 1000000.00
// ================================================================================================
mb::case_input hunan_case(std::string_view O, std::string_view I, std::optional<const char*> score,
                          std::string_view force_majeure = "0", std::optional<const char*> ratio = std::nullopt) {
  mb::fund_input f;
  f.insutype = "310";
  f.inputs.expenditure_budget = Y("12000000.00");
  if (ratio) f.situation.overspend_share_ratio = R(*ratio);
  mb::alliance_input a = alliance("H1");
  a.actuals = actuals(O, I);
  a.actuals->force_majeure_overspend = Y(force_majeure);
  if (score) a.perf.score = R(*score);
  f.alliances.push_back(a);
  return make_case(mb::preset("hunan"), f);
}

TEST(LedgerHunan, RetentionPerScoreBand) {
  // S = 12000000 − 1000000 − 10876543.21 = 123456.79 (12345679 fen); retained = round(share × S):
  //   ≥ 90 → 1: 123456.79;  ≥ 80 → 0.8: round(9876543.2) = 98765.43
  //   ≥ 70 → 0.6: round(7407407.4) = 74074.07;  else 0
  struct row {
    const char* score;
    const char* retained;
    const char* returned;
  };
  const std::vector<row> rows = {{"100", "123456.79", "0.00"},      {"90", "123456.79", "0.00"},
                                 {"89.99", "98765.43", "24691.36"}, {"80", "98765.43", "24691.36"},
                                 {"79.99", "74074.07", "49382.72"}, {"70", "74074.07", "49382.72"},
                                 {"69.99", "0.00", "123456.79"},    {"0", "0.00", "123456.79"}};
  for (const row& r : rows) {
    const mb::alliance_statement a = settle_first(hunan_case("1000000.00", "10876543.21", r.score));
    EXPECT_EQ(a.balance, Y("123456.79"));
    EXPECT_EQ(a.retained_surplus, Y(r.retained)) << "score " << r.score;
    EXPECT_EQ(a.returned_surplus, Y(r.returned)) << "score " << r.score;
  }
  // Score 85: entitlement = 12000000 − 1000000 − 24691.36 = 10975308.64;
  // paid = 10876543.21 + 1000000 = 11876543.21; payment = −901234.57
  const mb::alliance_statement a = settle_first(hunan_case("1000000.00", "10876543.21", "85"));
  EXPECT_EQ(a.advance, Y("1000000.00"));
  EXPECT_EQ(a.entitlement, Y("10975308.64"));
  EXPECT_EQ(a.paid_during_year, Y("11876543.21"));
  EXPECT_EQ(a.year_end_payment, Y("-901234.57"));
}

TEST(LedgerHunan, MissingScoreOnSurplusIsAnError) {
  EXPECT_EQ(error_where([] { (void)mb::settle_year(hunan_case("1000000.00", "10876543.21", std::nullopt)); }),
            "funds[0].alliances[0].performance.score");
}

TEST(LedgerHunan, ForceMajeureLargerThanOverspend) {
  // S = 12000000 − 1000000 − 11300000 = −300000.00; fm 500000 > D: shared = round(0.5 × 300000)
  const mb::alliance_statement a = settle_first(hunan_case("1000000.00", "11300000.00", "95", "500000.00", "0.5"));
  EXPECT_EQ(a.balance, Y("-300000.00"));
  EXPECT_EQ(a.fund_overspend_share, Y("150000.00"));
  EXPECT_EQ(a.alliance_overspend_burden, Y("150000.00"));
  // entitlement = 12000000 − 1000000 + 150000 = 11150000; paid = 11300000 + 1000000; payment −1150000
  EXPECT_EQ(a.entitlement, Y("11150000.00"));
  EXPECT_EQ(a.year_end_payment, Y("-1150000.00"));
}

TEST(LedgerHunan, ForceMajeureSmallerThanOverspend) {
  // fm 100000.01 < D 300000: shared = round(0.5 × 10000001 fen) = round(5000000.5) = 5000001 = 50000.01
  const mb::alliance_statement a = settle_first(hunan_case("1000000.00", "11300000.00", "95", "100000.01", "0.5"));
  EXPECT_EQ(a.fund_overspend_share, Y("50000.01"));
  // burden = 300000 − 50000.01
  EXPECT_EQ(a.alliance_overspend_burden, Y("249999.99"));
  // entitlement = 11000000 + 50000.01; payment = 11050000.01 − 12300000 = −1249999.99
  EXPECT_EQ(a.year_end_payment, Y("-1249999.99"));
}

TEST(LedgerHunan, NoForceMajeureNothingSharedAndNoRatioNeeded) {
  // fm = 0 and no ratio: no error; the alliance bears all of D = 300000
  const mb::alliance_statement a = settle_first(hunan_case("1000000.00", "11300000.00", "95"));
  EXPECT_EQ(a.fund_overspend_share, Y("0.00"));
  EXPECT_EQ(a.alliance_overspend_burden, Y("300000.00"));
  // 11000000 − 12300000
  EXPECT_EQ(a.year_end_payment, Y("-1300000.00"));
}

TEST(LedgerHunan, ForceMajeureWithoutRatioIsAnError) {
  const std::string where =
      error_where([] { (void)mb::settle_year(hunan_case("1000000.00", "11300000.00", "95", "100000.00")); });
  EXPECT_TRUE(where.ends_with("fund_situation.overspend_share_ratio")) << where;
}

TEST(LedgerHunan, MemberDistributionLargestRemainder) {
  mb::case_input c = hunan_case("1000000.00", "10876543.21", "85");  // retained 98765.43
  c.funds[0].alliances[0].members = members({{"M1", "0.5"}, {"M2", "0.3"}, {"M3", "0.2"}});
  // 9876543 fen × 0.5 = 4938271.5, × 0.3 = 2962962.9, × 0.2 = 1975308.6; floors Σ 9876541,
  // 2 fen left → the largest fractions .9 (M2) and .6 (M3), not the earliest
  const distribution want = {{"M1", Y("49382.71")}, {"M2", Y("29629.63")}, {"M3", Y("19753.09")}};
  EXPECT_EQ(settle_first(c).member_distribution, want);
}

TEST(LedgerHunan, NoMemberDistributionWhenNothingRetained) {
  mb::case_input c = hunan_case("1000000.00", "10876543.21", "60");  // surplus, but share 0
  c.funds[0].alliances[0].members = members({{"M1", "1"}});
  EXPECT_EQ(settle_first(c).retained_surplus, Y("0.00"));
  EXPECT_TRUE(settle_first(c).member_distribution.empty());
  mb::case_input o = hunan_case("1000000.00", "11300000.00", "95");  // overspend
  o.funds[0].alliances[0].members = members({{"M1", "1"}});
  EXPECT_TRUE(settle_first(o).member_distribution.empty());
}

// ================================================================================================
// Sanming: B = 1234.57 × 10000 = 12345700.00, installments total = B (rate 1)
// ================================================================================================
mb::case_input sanming_case(std::string_view O, std::string_view I) {
  mb::fund_input f;
  f.insutype = "390";
  f.inputs.per_capita_package = Y("1234.57");
  f.situation.overspend_share_ratio = R("0.5");  // never used: 超支不补
  mb::alliance_input a = alliance("S1");
  a.insured = 10000;
  a.actuals = actuals(O, I);
  f.alliances.push_back(a);
  return make_case(mb::preset("sanming"), f);
}

TEST(LedgerSanming, SurplusRetainedInFullPaymentIsMinusO) {
  // S = 12345700 − 1000000 − 10000000 = 1345700.00, all retained
  const mb::alliance_statement a = settle_first(sanming_case("1000000.00", "10000000.00"));
  EXPECT_EQ(a.retained_surplus, Y("1345700.00"));
  EXPECT_EQ(a.returned_surplus, Y("0.00"));
  // entitlement = B − O = 11345700; paid = Σ installments = 12345700; payment = −O
  EXPECT_EQ(a.entitlement, Y("11345700.00"));
  EXPECT_EQ(a.paid_during_year, Y("12345700.00"));
  EXPECT_EQ(a.year_end_payment, Y("-1000000.00"));
}

TEST(LedgerSanming, OverspendNeverShared) {
  // S = 12345700 − 3000000 − 10000000 = −654300.00; the fund bears nothing even with a ratio given
  const mb::alliance_statement a = settle_first(sanming_case("3000000.00", "10000000.00"));
  EXPECT_EQ(a.balance, Y("-654300.00"));
  EXPECT_EQ(a.fund_overspend_share, Y("0.00"));
  EXPECT_EQ(a.alliance_overspend_burden, Y("654300.00"));
  // entitlement = 12345700 − 3000000 = 9345700; payment = 9345700 − 12345700 = −3000000 (= −O)
  EXPECT_EQ(a.entitlement, Y("9345700.00"));
  EXPECT_EQ(a.year_end_payment, Y("-3000000.00"));
}

TEST(LedgerSanming, BundledMoneyIsShownButNotPaid) {
  mb::case_input c = sanming_case("1000000.00", "10000000.00");
  c.funds[0].alliances[0].bundled_public_health = Y("100000.00");
  c.funds[0].alliances[0].bundled_fiscal = Y("50000.00");
  const mb::alliance_statement a = settle_first(c);
  // package_total = 12345700 + 100000 + 50000
  EXPECT_EQ(a.package_total, Y("12495700.00"));
  EXPECT_EQ(a.bundled_public_health, Y("100000.00"));
  EXPECT_EQ(a.bundled_fiscal, Y("50000.00"));
  // It enters no payment: still −O
  EXPECT_EQ(a.year_end_payment, Y("-1000000.00"));
}

TEST(LedgerSanming, MemberDistributionTiesToEarlierAndZeroWeight) {
  mb::case_input c = sanming_case("1000000.00", "10000000.00");  // retained 1345700.00
  c.funds[0].alliances[0].members = members({{"M1", "1"}, {"M2", "1"}, {"M3", "1"}});
  // 134570000 / 3 = 44856666.67 each; floors Σ 134569998, 2 fen left, equal fractions → M1, M2
  const distribution equal = {{"M1", Y("448566.67")}, {"M2", Y("448566.67")}, {"M3", Y("448566.66")}};
  EXPECT_EQ(settle_first(c).member_distribution, equal);
  // Weights 1, 0, 1: the zero weight gets 0; the others 134570000 / 2 = 67285000 each
  c.funds[0].alliances[0].members = members({{"M1", "1"}, {"M2", "0"}, {"M3", "1"}});
  const distribution zero = {{"M1", Y("672850.00")}, {"M2", Y("0.00")}, {"M3", Y("672850.00")}};
  EXPECT_EQ(settle_first(c).member_distribution, zero);
}

TEST(LedgerSanming, NoMemberDistributionOnOverspend) {
  mb::case_input c = sanming_case("3000000.00", "10000000.00");
  c.funds[0].alliances[0].members = members({{"M1", "1"}});
  EXPECT_TRUE(settle_first(c).member_distribution.empty());
}

// ================================================================================================
// The ledger functions directly: resolve_terms / settle_ledger
// ================================================================================================

TEST(LedgerDirect, SettleLedgerMatchesSettleYear) {
  // Harbin surplus above cap (SurplusAboveCap): B' 950000.09, O 200000, I 500000
  const mb::case_input c = harbin_case("200000.00", "500000.00", std::nullopt);
  const mb::fund_budget b = mb::compute_budget(c.pol, c.year, c.funds[0], "funds[0]");
  const mb::alliance_terms t =
      mb::resolve_terms(c.pol, c.year, c.funds[0], 0, b.alliances[0], Y("200000.00"), Y("500000.00"), "funds[0].alliances[0]");
  const mb::ledger_figures y = mb::settle_ledger(t);
  EXPECT_EQ(y.balance, Y("250000.09"));
  EXPECT_EQ(y.retained_surplus, Y("142500.01"));
  EXPECT_EQ(y.returned_surplus, Y("107500.08"));
  EXPECT_EQ(y.year_end_payment, Y("63333.34"));
  // The first surplus band holds min(S, 142500.01) = 142500.01
  EXPECT_EQ(y.bands[0].in_band, Y("142500.01"));
}

}  // namespace
