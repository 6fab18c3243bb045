// Year-end ledger tests (docs/rules.md: each province's year-end rule).
//
// Part 1, hand-worked cases: every expected figure was worked out from rules.md by hand and re-checked
// with Python's fractions.Fraction (exact products, "round half away from zero" to fen, an independent
// largest-remainder split); the derivation is in the comment above each assertion.
//
// Part 2, rapidcheck properties over random cases (a random preset among the four, random budget
// inputs, actuals, scores and members within sane ranges): the ledger identity, the surplus and
// overspend splits, the member distribution, the installments and advances, the alliances' budgets
// summing to the regional total, an independent year-end oracle per province, reordering members of
// equal weight, and determinism. rapidcheck runs 100 cases per property by default
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

namespace mb = medbudget;
using mb::cpp_int;
using mb::cpp_rational;
using mb::fen;
using mb::rate;

namespace {

// ---- small builders -------------------------------------------------------------------------------

fen Y(std::string_view yuan) { return fen::parse(yuan); }
rate R(std::string_view text) { return rate::parse(text); }

mb::alliance_input alliance(std::string id) {
  mb::alliance_input a;
  a.id = std::move(id);
  a.name = a.id;
  return a;
}

mb::alliance_actuals actuals(std::string_view out_of_alliance, std::string_view in_alliance) {
  mb::alliance_actuals act;
  act.out_of_alliance_local = Y(out_of_alliance);  // O
  act.in_alliance_local = Y(in_alliance);          // I
  return act;
}

mb::case_input make_case(const mb::policy& pol, mb::fund_input fund) {
  mb::case_input c;
  c.pol = pol;
  c.year = 2024;
  c.county = {"230123", "依兰县"};
  c.funds.push_back(std::move(fund));
  return c;
}

mb::alliance_statement settle_first(const mb::case_input& c) { return mb::settle_year(c).funds.at(0).alliances.at(0); }

std::string error_where(const std::function<void()>& f) {
  try {
    f();
  } catch (const mb::input_error& e) {
    return e.where();
  }
  return "<no input_error>";
}

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

// ================================================================================================
// Part 2: properties
// ================================================================================================

const std::array<const char*, 4> kPresets = {"harbin", "guangdong_yangxi", "hunan", "sanming"};

// ---- independent oracle helpers (exact rationals, written from the money rules) ----------------------

// Round an exact number of fen half away from zero.
std::int64_t oracle_round(const cpp_rational& q) {
  const cpp_int n = boost::multiprecision::numerator(q), d = boost::multiprecision::denominator(q);
  const bool neg = n < 0;
  const cpp_int a = neg ? cpp_int(-n) : n;
  cpp_int r = (2 * a + d) / (2 * d);  // floor(a/d + 1/2)
  if (neg) r = -r;
  return static_cast<std::int64_t>(r);
}
fen oracle_mul(fen amount, rate r) { return fen::from_fen(oracle_round(cpp_rational(amount.value()) * r.to_rational())); }
// Largest remainder: floor each exact share, left-over fen to the largest fractions, ties earlier.
// Exact in 128-bit integers: the weights (rates) are brought to a common decimal scale.
std::vector<fen> oracle_split(fen total, const std::vector<rate>& weights) {
  using i128 = mb::int128;
  int scale = 0;
  for (rate w : weights) scale = std::max(scale, w.scale());
  std::vector<i128> w;
  i128 sum = 0;
  for (rate r : weights) {
    i128 v = r.mantissa();
    for (int k = r.scale(); k < scale; ++k) v *= 10;
    w.push_back(v);
    sum += v;
  }
  const bool neg = total < fen{};
  const i128 m = neg ? -static_cast<i128>(total.value()) : total.value();
  std::vector<i128> part(w.size()), rem(w.size());
  i128 given = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    part[i] = m * w[i] / sum;
    rem[i] = m * w[i] - part[i] * sum;
    given += part[i];
  }
  for (i128 left = m - given; left > 0; --left) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < w.size(); ++i)
      if (rem[i] > rem[best]) best = i;  // strict: ties stay with the earlier part
    ++part[best];
    rem[best] = -1;
  }
  std::vector<fen> out;
  for (i128 p : part) out.push_back(fen::from_fen(static_cast<std::int64_t>(neg ? -p : p)));
  return out;
}

// ---- generators -----------------------------------------------------------------------------------

// Uniform in [lo, hi]: rapidcheck's inRange narrows toward `lo` at small sizes, so fix the size.
std::int64_t gen_int(std::int64_t lo, std::int64_t hi) {
  return *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::int64_t>(lo, hi + 1));
}
fen gen_fen(std::int64_t lo, std::int64_t hi) { return fen::from_fen(gen_int(lo, hi)); }
rate gen_rate(std::int64_t lo, std::int64_t hi, int scale) { return rate::from_parts(gen_int(lo, hi), scale); }
bool gen_chance(int percent) { return gen_int(1, 100) <= percent; }

std::vector<mb::member_unit> gen_members() {
  static const std::array<const char*, 5> pool = {"0", "1", "2", "0.5", "0.25"};
  const std::int64_t n = gen_int(0, 5);
  std::vector<mb::member_unit> out;
  rate sum;
  for (std::int64_t m = 0; m < n; ++m) {
    const rate w = R(pool[static_cast<std::size_t>(gen_int(0, 4))]);
    out.push_back({"M" + std::to_string(m + 1), "member " + std::to_string(m + 1), w});
    sum = sum + w;
  }
  if (!out.empty() && sum == rate{}) out[0].weight = R("1");
  return out;
}

// Actuals around a per-alliance scale (in fen): O up to 40%, I from 20% to 130% of it, so both surplus and
// overspend occur.
mb::alliance_actuals gen_actuals(std::int64_t scale) {
  mb::alliance_actuals act;
  act.out_of_alliance_local = gen_fen(0, scale * 4 / 10);
  act.in_alliance_local = gen_fen(scale * 2 / 10, scale * 13 / 10);
  act.in_alliance_nonlocal = gen_fen(0, scale / 10);
  // Revision 3: NL paid during the year (else NL), payments actually made (months may be negative).
  if (gen_chance(40)) act.in_alliance_nonlocal_paid = gen_fen(0, scale / 10);
  if (gen_chance(25)) {
    mb::payments_made made;
    made.advance = gen_fen(0, scale / 12);
    for (int m = 0; m < 12; ++m) made.monthly.push_back(gen_fen(-scale / 100, scale / 10));
    act.payments_made = made;
  }
  return act;
}

mb::case_input gen_case() {
  const std::string id = kPresets[static_cast<std::size_t>(gen_int(0, 3))];
  mb::fund_input f;
  f.insutype = gen_chance(50) ? "310" : "390";
  const std::int64_t n = gen_int(1, 3);
  for (std::int64_t a = 0; a < n; ++a) {
    mb::alliance_input al = alliance("A" + std::to_string(a + 1));
    al.members = gen_members();
    f.alliances.push_back(al);
  }
  std::int64_t scale = 0;  // rough size of the pot, in fen
  if (id == "harbin") {
    const bool first = gen_chance(50);
    f.inputs.first_year = first;
    std::vector<int> years = first ? std::vector<int>{2021, 2022, 2023} : std::vector<int>{2023};
    mb::band_counts counts(5);
    std::vector<mb::band_amounts> spend(years.size(), mb::band_amounts(5));
    for (std::size_t b = 0; b < 5; ++b) {
      const bool empty = gen_chance(15);
      counts[b] = empty ? 0 : gen_int(1, 50000);
      for (auto& y : spend) y[b] = empty ? fen{} : gen_fen(0, 20'000'000'000);
    }
    for (std::size_t i = 0; i < years.size(); ++i) f.inputs.history.push_back({years[i], spend[i]});
    for (fen v : spend.back()) scale += v.value();
    f.inputs.insured_budget_by_band = counts;
    if (gen_chance(60)) f.inputs.fundraising_total = fen::from_fen(scale / 100 * gen_int(50, 130));
    const bool by_share = n == 1 ? gen_chance(30) : gen_chance(50);
    for (auto& al : f.alliances) {
      if (by_share) {
        al.service_volume_share = gen_rate(1, 100, 2);
      } else if (n > 1) {
        mb::band_counts c(5);
        for (std::size_t b = 0; b < 5; ++b) c[b] = gen_int(0, counts[b]);
        al.insured_budget_by_band = c;
      }
      for (std::int64_t k = gen_int(0, 2); k > 0; --k) al.adjustment_factors.push_back({"factor", gen_rate(-500, 500, 4)});
      if (gen_chance(30)) al.supplementary_budget = gen_fen(0, scale / 20);
      if (!by_share && gen_chance(40)) {  // an alliance budgeted by share has no counts of its own
        mb::band_counts c(5);
        for (std::size_t b = 0; b < 5; ++b) c[b] = gen_int(0, 60000);
        al.insured_actual_by_band = c;
      }
      al.perf.indicators_met = gen_chance(80);
    }
    f.situation.overspend_share_ratio = gen_rate(0, 100, 2);
    f.situation.city_avg_growth_rate = gen_rate(0, 15, 2);
  } else if (id == "guangdong_yangxi") {
    f.inputs.fund_revenue = gen_fen(1'000'000, 1'000'000'000'000);
    scale = f.inputs.fund_revenue->value();
    for (auto& al : f.alliances) {
      al.share = gen_rate(1, 100, 2);
      al.perf.score = gen_rate(0, 10000, 2);
    }
    if (gen_chance(50)) f.situation.overspend_share_ratio = gen_rate(0, 100, 2);
  } else if (id == "hunan") {
    f.inputs.expenditure_budget = gen_fen(1'000'000, 1'000'000'000'000);
    scale = f.inputs.expenditure_budget->value();
    if (gen_chance(50)) {
      f.inputs.prior_year_budget = fen::from_fen(scale / 100 * gen_int(80, 120));
      f.inputs.revenue_growth_rate = gen_rate(0, 15, 2);
    }
    for (auto& al : f.alliances) {
      al.shares = mb::allocation_shares{gen_rate(1, 100, 2), gen_rate(0, 100, 2), gen_rate(0, 100, 2)};
      al.tcm_share = gen_rate(0, 5000, 4);
      al.perf.score = gen_rate(0, 10000, 2);
    }
    f.situation.overspend_share_ratio = gen_rate(0, 100, 2);
  } else {  // sanming
    f.inputs.per_capita_package = gen_fen(100, 1'000'000);
    for (auto& al : f.alliances) {
      al.insured = gen_int(0, 200000);
      scale += f.inputs.per_capita_package->value() * *al.insured;
      al.bundled_public_health = gen_fen(0, 1'000'000'000);
      al.bundled_fiscal = gen_fen(0, 1'000'000'000);
    }
  }
  for (auto& al : f.alliances) {
    al.actuals = gen_actuals(std::max<std::int64_t>(scale / n, 1000));
    if (id == "hunan" && gen_chance(50)) al.actuals->force_majeure_overspend = gen_fen(0, scale / n / 5 + 1);
    if (id == "guangdong_yangxi" && gen_chance(50)) al.actuals->reasonable_overspend = gen_fen(0, scale / n / 5 + 1);
  }
  return make_case(mb::preset(id), f);
}

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
