// Case files (docs/formats.md), continued: the policy reference and policy_overrides, monthly
// actuals, the BOM, warnings of unused fields, and the errors only the budget or the settlement can
// see (settle.hpp), named with their path too.
//
// Each test starts from a valid minimal case of one policy (case_fixtures.hpp) and breaks one thing.
#include <gtest/gtest.h>

#include <algorithm>    // count_if
#include <cstdio>       // remove
#include <fstream>      // ofstream
#include <ostream>      // ostream
#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include "medbudget/io/json.hpp"
#include "medbudget/settle.hpp"


#include "case_fixtures.hpp"

namespace {

using namespace case_fixtures;
using medbudget::fen;
using medbudget::input_error;
using medbudget::loaded_case;
using medbudget::rate;

// ---- the policy reference -----------------------------------------------------------------------

TEST(CaseJson, UnknownPreset) {
  expect_load_error(edit(harbin_case(), R"("policy": "harbin")", R"("policy": "harbinn")"), "policy",
                    "unknown preset \"harbinn\"");
  expect_load_error(edit(harbin_case(), R"("policy": "harbin")", R"("policy": "Harbin")"), "policy", "unknown preset");
  expect_load_error(edit(harbin_case(), R"("policy": "harbin")", R"("policy": "policies/nope.json")"), "policy",
                    "unknown preset");
  // The message lists the presets.
  const input_error e = load_failure(edit(harbin_case(), R"("policy": "harbin")", R"("policy": "harbinn")"));
  for (const char* id : {"harbin", "guangdong_yangxi", "hunan", "sanming"}) EXPECT_TRUE(contains(e.message(), id)) << id;
}

TEST(CaseJson, EmptyPolicyReferenceNamesThePolicyField) {
  const input_error e = load_failure(edit(harbin_case(), R"("policy": "harbin")", R"("policy": "")"));
  if (e.where() != "policy") {
    FAIL() << "empty policy reference reported as " << e.what();
  }
  EXPECT_TRUE(contains(e.message(), "preset")) << e.what();
}

TEST(CaseJson, PolicyAsAPathToAPresetFile) {
  const loaded_case lc = load(edit(harbin_case(), R"("policy": "harbin")", R"("policy": "policies/harbin.json")"));
  EXPECT_EQ(lc.value.pol.id, "harbin");
  EXPECT_EQ(lc.value.pol.get<rate>("surplus_cap_rate"), R("0.15"));
  // A file that is not a policy: the error names the file.
  const input_error e = load_failure(edit(harbin_case(), R"("policy": "harbin")", R"("policy": "CMakeLists.txt")"));
  EXPECT_TRUE(contains(e.where(), "CMakeLists.txt")) << e.what();
}

// ---- policy_overrides ---------------------------------------------------------------------------

std::string with_overrides(const std::string& base, const std::string& overrides) {
  return edit(base, R"("year": 2024,)", R"("policy_overrides": )" + overrides + R"(, "year": 2024,)");
}

TEST(CaseJson, OverridesApply) {
  const loaded_case lc = load(with_overrides(harbin_case(), R"({ "surplus_cap_rate": "0.10", "advance_months": 2 })"));
  EXPECT_EQ(lc.value.pol.get<rate>("surplus_cap_rate"), R("0.1"));
  EXPECT_EQ(lc.value.pol.get<std::int64_t>("advance_months"), 2);
  EXPECT_EQ(lc.value.pol.parameters.at("surplus_cap_rate").clause.rfind("case override (was: 哈医保规〔2022〕2号", 0), 0u);
  const loaded_case n = load(with_overrides(harbin_case(), R"({ "surplus_cap_rate": 0.1 })"));
  EXPECT_EQ(n.value.pol.get<rate>("surplus_cap_rate"), R("0.1"));
  const loaded_case h = load(with_overrides(hunan_case(), R"({ "retention_table": [["95", "1"], ["0", "0.5"]],
      "share_weights": { "insured": "0.4", "service": "0.4", "fund": "0.2" }, "rounding": "half_even" })"));
  EXPECT_EQ(h.value.pol.get<medbudget::threshold_table>("retention_table").lookup(R("94")), R("0.5"));
  EXPECT_EQ(h.value.pol.rounding_mode(), medbudget::rounding::half_even);
  EXPECT_NO_THROW((void)medbudget::settle_year(h.value));
  EXPECT_NO_THROW((void)load(with_overrides(harbin_case(), "{}")));
}

TEST(CaseJson, OverrideUnknownName) {
  expect_load_error(with_overrides(harbin_case(), R"({ "surplus_cap_rat": "0.1" })"), "policy_overrides.surplus_cap_rat",
                    "unknown parameter for policy harbin");
  // A parameter name that this policy does not carry.
  expect_load_error(with_overrides(harbin_case(), R"({ "installment_rate": "0.9" })"), "policy_overrides.installment_rate",
                    "unknown parameter for policy harbin");
  expect_load_error(with_overrides(sanming_case(), R"({ "surplus_cap_rate": "0.1" })"), "policy_overrides.surplus_cap_rate",
                    "unknown parameter for policy sanming");
  // The message lists the names that are known.
  const input_error e = load_failure(with_overrides(harbin_case(), R"({ "surplus_cap_rat": "0.1" })"));
  EXPECT_TRUE(contains(e.message(), "surplus_cap_rate")) << e.message();
}

TEST(CaseJson, OverrideIllTyped) {
  expect_load_error(with_overrides(harbin_case(), R"({ "surplus_cap_rate": [["90", "1"]] })"),
                    "policy_overrides.surplus_cap_rate", "expected a decimal rate");
  expect_load_error(with_overrides(harbin_case(), R"({ "surplus_cap_rate": true })"), "policy_overrides.surplus_cap_rate",
                    "expected a decimal rate");
  expect_load_error(with_overrides(harbin_case(), R"({ "advance_months": "1" })"), "policy_overrides.advance_months",
                    "expected a whole number");
  expect_load_error(with_overrides(harbin_case(), R"({ "advance_months": 1.5 })"), "policy_overrides.advance_months",
                    "expected a whole number");
  expect_load_error(with_overrides(harbin_case(), R"({ "history_weights": { "a": "1" } })"),
                    "policy_overrides.history_weights", "array");
  expect_load_error(with_overrides(hunan_case(), R"({ "retention_table": "0.8" })"), "policy_overrides.retention_table",
                    "array");
  expect_load_error(with_overrides(hunan_case(), R"({ "retention_table": [["90", "1", "2"]] })"),
                    "policy_overrides.retention_table[0]", "[threshold, value] pair");
  expect_load_error(with_overrides(hunan_case(), R"({ "retention_table": ["90", "1"] })"),
                    "policy_overrides.retention_table[0]", "array");
  expect_load_error(with_overrides(hunan_case(), R"({ "share_weights": { "insured": "0.5", "service": "0.5" } })"),
                    "policy_overrides.share_weights.fund", "missing");
  expect_load_error(with_overrides(hunan_case(), R"({ "share_weights": ["0.5", "0.3", "0.2"] })"),
                    "policy_overrides.share_weights", "object");
  expect_load_error(with_overrides(harbin_case(), R"({ "rounding": "bankers" })"), "policy_overrides.rounding",
                    "unknown rounding mode \"bankers\"");
  expect_load_error(with_overrides(harbin_case(), R"({ "age_bands": ["0-17", "adult"] })"), "policy_overrides.age_bands[1]",
                    "age band");
  expect_load_error(with_overrides(harbin_case(), R"(["surplus_cap_rate", "0.1"])"), "policy_overrides",
                    "expected an object");
}

TEST(CaseJson, OverrideOutOfRange) {
  expect_load_error(with_overrides(harbin_case(), R"({ "surplus_cap_rate": "1.5" })"), "policy_overrides.surplus_cap_rate",
                    "expected a rate from 0 to 1");
  expect_load_error(with_overrides(harbin_case(), R"({ "surplus_cap_rate": "-0.1" })"), "policy_overrides.surplus_cap_rate",
                    "expected a rate from 0 to 1");
  expect_load_error(with_overrides(harbin_case(), R"({ "advance_months": 13 })"), "policy_overrides.advance_months",
                    "expected 0 to 12 months");
  expect_load_error(with_overrides(harbin_case(), R"({ "advance_months": -1 })"), "policy_overrides.advance_months",
                    "expected at least 0");
  expect_load_error(with_overrides(harbin_case(), R"({ "declaration_day": 29 })"), "policy_overrides.declaration_day",
                    "expected a day from 1 to 28");
  expect_load_error(with_overrides(harbin_case(), R"({ "history_weights": ["0.3", "0.3", "0.3"] })"),
                    "policy_overrides.history_weights", "weights must sum to 1");
  expect_load_error(with_overrides(harbin_case(), R"({ "history_weights": ["1.5", "-0.5"] })"),
                    "policy_overrides.history_weights[0]", "expected a rate from 0 to 1");
  expect_load_error(with_overrides(hunan_case(), R"({ "retention_table": [["80", "0.8"], ["90", "1"]] })"),
                    "policy_overrides.retention_table[1]", "thresholds must strictly decrease");
  expect_load_error(with_overrides(hunan_case(), R"({ "retention_table": [["90", "1.2"]] })"),
                    "policy_overrides.retention_table[0][1]", "expected a rate from 0 to 1");
  expect_load_error(with_overrides(hunan_case(), R"({ "due_workdays": 251 })"), "policy_overrides.due_workdays",
                    "1 to 250");
  expect_load_error(with_overrides(harbin_case(), R"({ "age_bands": ["0-17", "18-64"] })"),
                    "policy_overrides.age_bands[1]", "the last band must be open");
  expect_load_error(with_overrides(sanming_case(), R"({ "installment_rate": "0" })"), "policy_overrides.installment_rate",
                    "expected a rate above 0");
}

// ---- monthly actuals ----------------------------------------------------------------------------

std::string months(const std::vector<std::string>& values) {
  std::string s = "[";
  for (std::size_t i = 0; i < values.size(); ++i) s += (i ? ", " : "") + values[i];
  return s + "]";
}

std::string twelve(const std::string& v) { return months(std::vector<std::string>(12, v)); }

// Harbin's A2 with `actuals` replaced.
std::string harbin_a2_actuals(const std::string& actuals) {
  return edit(harbin_case(),
              R"({ "in_alliance_local": "6000000.02", "out_of_alliance_local": "1000000.00", "in_alliance_nonlocal": "20000.00" })",
              actuals);
}

TEST(CaseJson, MonthsThatDoNotSumToTheAnnualFigure) {
  // 12 × 500000.00 = 6000000.00, not 6000000.02.
  expect_load_error(harbin_a2_actuals(R"({ "in_alliance_local": "6000000.02", "out_of_alliance_local": "1000000.00",
      "in_alliance_nonlocal": "20000.00",
      "monthly": { "in_alliance_local": )" + twelve("\"500000.00\"") + R"(, "out_of_alliance_local": )" +
                                      twelve("\"83333.33\"") + " } }"),
                    "funds[0].alliances[1].actuals.in_alliance_local", "the 12 months sum to 6000000.00, not 6000000.02");
  // 12 × 83333.33 = 999999.96, not 1000000.00.
  expect_load_error(harbin_a2_actuals(R"({ "in_alliance_local": "6000000.00", "out_of_alliance_local": "1000000.00",
      "in_alliance_nonlocal": "20000.00",
      "monthly": { "in_alliance_local": )" + twelve("\"500000.00\"") + R"(, "out_of_alliance_local": )" +
                                      twelve("\"83333.33\"") + " } }"),
                    "funds[0].alliances[1].actuals.out_of_alliance_local", "the 12 months sum to 999999.96, not 1000000.00");
  // Agreeing months and annual figures are fine.
  std::vector<std::string> o(11, "\"83333.33\"");
  o.push_back("\"83333.37\"");
  EXPECT_NO_THROW((void)load(harbin_a2_actuals(R"({ "in_alliance_local": "6000000.00", "out_of_alliance_local": "1000000.00",
      "in_alliance_nonlocal": "20000.00",
      "monthly": { "in_alliance_local": )" + twelve("500000") + R"(, "out_of_alliance_local": )" + months(o) + " } }")));
}

// docs/formats.md: "when given with the annual figures, the months must sum to them" — for a year not
// over too (the annual figure is then the months so far).
TEST(CaseJson, FewerMonthsThatDoNotSumToTheAnnualFigure) {
  const std::string j = harbin_a2_actuals(R"({ "in_alliance_local": "6000000.02", "out_of_alliance_local": "1000000.00",
      "in_alliance_nonlocal": "20000.00",
      "monthly": { "in_alliance_local": )" + months(std::vector<std::string>(5, "\"500000.00\"")) +
                                          R"(, "out_of_alliance_local": )" +
                                          months(std::vector<std::string>(5, "\"80000.00\"")) + " } }");
  try {
    (void)load(j);
  } catch (const input_error& e) {
    EXPECT_EQ(e.where(), "funds[0].alliances[1].actuals.in_alliance_local") << e.what();
    EXPECT_TRUE(contains(e.message(), "2500000.00")) << e.what();
    return;
  }
  FAIL() << "5 months inconsistent with the annual figure accepted";
}

// A sum of months that does not fit in 64-bit fen is an error naming where it happened.
TEST(CaseJson, MonthlySumOverflowNamesThePath) {
  const std::string j = harbin_a2_actuals(R"({ "in_alliance_nonlocal": "20000.00",
      "monthly": { "in_alliance_local": )" + twelve("\"90000000000000000.00\"") + R"(, "out_of_alliance_local": )" +
                                          twelve("1") + " } }");
  try {
    (void)load(j);
    FAIL() << "accepted 12 × 90000000000000000.00";
  } catch (const input_error& e) {
    EXPECT_TRUE(contains(e.message(), "overflow") || contains(e.message(), "out of range")) << e.what();
    if (e.where().rfind("funds[0].alliances[1].actuals", 0) != 0) {
      FAIL() << "overflow reported without a path: " << e.what();
    }
  }
}

TEST(CaseJson, MonthlyOnlyActualsGiveAnnualSums) {
  std::vector<std::string> i;
  for (int m = 1; m <= 12; ++m) i.push_back("\"" + std::to_string(500000 + m) + ".0" + std::to_string(m % 10) + "\"");
  // Σ (500000 + m) = 6000078; Σ (m mod 10) fen over m = 1..12 = 45 + 0 + 1 + 2 = 48 fen.
  const loaded_case lc = load(harbin_a2_actuals(R"({ "in_alliance_nonlocal": "20000.00",
      "monthly": { "in_alliance_local": )" + months(i) + R"(, "out_of_alliance_local": )" + twelve("83333.33") + " } }"));
  const auto& a = *lc.value.funds[0].alliances[1].actuals;
  EXPECT_EQ(a.in_alliance_local, Y("6000078.48"));
  EXPECT_EQ(a.out_of_alliance_local, Y("999999.96"));
  ASSERT_TRUE(a.monthly.has_value());
  EXPECT_EQ(a.monthly->in_alliance_local.size(), 12u);
  EXPECT_EQ(a.monthly->in_alliance_local[0], Y("500001.01"));
  EXPECT_EQ(a.monthly->out_of_alliance_local[11], Y("83333.33"));
  // Settled from the sums.
  const medbudget::statement s = medbudget::settle_year(lc.value);
  EXPECT_EQ(s.funds[0].alliances[1].balance,
            s.funds[0].alliances[1].final_budget - Y("999999.96") - Y("6000078.48"));
}

TEST(CaseJson, MonthlyListsMalformed) {
  const std::string base = R"({ "in_alliance_nonlocal": "20000.00", "monthly": { "in_alliance_local": %I, "out_of_alliance_local": %O } })";
  auto make = [&](const std::string& i, const std::string& o) {
    std::string a = base;
    a.replace(a.find("%I"), 2, i);
    a.replace(a.find("%O"), 2, o);
    return harbin_a2_actuals(a);
  };
  expect_load_error(make(months(std::vector<std::string>(13, "\"1.00\"")), twelve("\"1.00\"")),
                    "funds[0].alliances[1].actuals.monthly.in_alliance_local", "expected 1 to 12 months");
  expect_load_error(make("[]", "[]"), "funds[0].alliances[1].actuals.monthly.in_alliance_local", "expected 1 to 12 months");
  expect_load_error(make(twelve("\"1.00\""), months(std::vector<std::string>(11, "\"1.00\""))),
                    "funds[0].alliances[1].actuals.monthly", "different numbers of months");
  std::vector<std::string> neg(12, "\"1.00\"");
  neg[3] = "\"-1.00\"";
  expect_load_error(make(months(neg), twelve("\"1.00\"")), "funds[0].alliances[1].actuals.monthly.in_alliance_local[3]",
                    "must not be negative");
  std::vector<std::string> three(12, "\"1.00\"");
  three[5] = "1.005";
  expect_load_error(make(twelve("\"1.00\""), months(three)), "funds[0].alliances[1].actuals.monthly.out_of_alliance_local[5]",
                    "more than two decimals");
  expect_load_error(harbin_a2_actuals(R"({ "in_alliance_nonlocal": "20000.00", "monthly": { "in_alliance_local": )" +
                                      twelve("1") + " } }"),
                    "funds[0].alliances[1].actuals.monthly.out_of_alliance_local", "missing");
  expect_load_error(harbin_a2_actuals(R"({ "in_alliance_nonlocal": "20000.00", "monthly": { "in_alliance_local": )" +
                                      twelve("1") + R"(, "out_of_alliance_local": )" + twelve("1") + R"(, "nonlocal": [] } })"),
                    "funds[0].alliances[1].actuals.monthly.nonlocal", "unknown field");
}

TEST(CaseJson, SettleNeedsTwelveMonths) {
  const std::string five = harbin_a2_actuals(R"({ "in_alliance_nonlocal": "20000.00",
      "monthly": { "in_alliance_local": )" + months(std::vector<std::string>(5, "\"500000.00\"")) +
                                             R"(, "out_of_alliance_local": )" +
                                             months(std::vector<std::string>(5, "\"80000.00\"")) + " } }");
  const loaded_case lc = load(five);
  EXPECT_EQ(lc.value.funds[0].alliances[1].actuals->in_alliance_local, Y("2500000.00"));
  EXPECT_EQ(lc.value.funds[0].alliances[1].actuals->out_of_alliance_local, Y("400000.00"));
  EXPECT_NO_THROW((void)medbudget::budget_year(lc.value));
  expect_engine_error(five, stage::settle, "funds[0].alliances[1].actuals.monthly", "settlement needs 12");
}

// ---- BOM and positive rules ---------------------------------------------------------------------

TEST(CaseJson, Utf8BomIsAccepted) {
  const loaded_case lc = load("\xEF\xBB\xBF" + harbin_case());
  EXPECT_EQ(lc.value.pol.id, "harbin");
  EXPECT_EQ(lc.value.county.name, "某县");
  // Only at the start: a BOM inside the document is not JSON whitespace.
  const input_error e = load_failure(edit(harbin_case(), R"("year": 2024,)", "\xEF\xBB\xBF\"year\": 2024,"));
  EXPECT_TRUE(contains(e.message(), "invalid JSON")) << e.what();
}

// ---- warnings: fields the policy does not use, each once ---------------------------------------

std::size_t count_with(const std::vector<std::string>& warnings, std::string_view part) {
  return static_cast<std::size_t>(
      std::count_if(warnings.begin(), warnings.end(), [&](const std::string& w) { return contains(w, part); }));
}

TEST(CaseJson, UnusedFieldWarnedExactlyOnce) {
  // `share` on both alliances under Harbin: one warning, naming the first place.
  std::string j = edit(harbin_case(), R"("service_volume_share": "0.6",)", R"("service_volume_share": "0.6", "share": "1",)");
  j = edit(j, R"("service_volume_share": "0.4",)", R"("service_volume_share": "0.4", "share": "1",)");
  const loaded_case lc = load(j);
  ASSERT_EQ(lc.warnings.size(), 1u) << lc.warnings.front();
  EXPECT_TRUE(contains(lc.warnings[0], "funds[0].alliances[0].share")) << lc.warnings[0];
  EXPECT_TRUE(contains(lc.warnings[0], "harbin")) << lc.warnings[0];
  // Still once across two funds.
  const std::string f310 = edit(harbin_fund("310"), R"("service_volume_share": "0.6",)", R"("service_volume_share": "0.6", "share": "1",)");
  const std::string f390 = edit(harbin_fund("390"), R"("service_volume_share": "0.6",)", R"("service_volume_share": "0.6", "share": "1",)");
  EXPECT_EQ(count_with(load(wrap("harbin", "230123", f310 + ", " + f390)).warnings, ".share:"), 1u);
}

TEST(CaseJson, EachUnusedFieldWarnedOnce) {
  std::string j = edit(sanming_case(), R"("budget_inputs": { "per_capita_package": "1000.00" },)",
                       R"("budget_inputs": { "per_capita_package": "1000.00", "fund_revenue": "1.00" },
    "fund_situation": { "overspend_share_ratio": "0.5" },)");
  j = edit(j, R"({ "id": "SM2", )", R"({ "id": "SM2", "tcm_share": "0.3", "performance": { "score": "90", "indicators_met": true }, )");
  const loaded_case lc = load(j);
  EXPECT_EQ(lc.warnings.size(), 5u);
  for (const char* f : {"funds[0].budget_inputs.fund_revenue", "funds[0].fund_situation.overspend_share_ratio",
                        "funds[0].alliances[1].tcm_share", "funds[0].alliances[1].performance.score",
                        "funds[0].alliances[1].performance.indicators_met"})
    EXPECT_EQ(count_with(lc.warnings, f), 1u) << f;
  // A used field is never warned about.
  EXPECT_EQ(count_with(lc.warnings, "insured"), 0u);
  // Guangdong does not use Harbin's first_year.
  const loaded_case g = load(edit(guangdong_case(), R"("budget_inputs": { "fund_revenue")",
                                  R"("budget_inputs": { "first_year": true, "fund_revenue")"));
  ASSERT_EQ(g.warnings.size(), 1u);
  EXPECT_TRUE(contains(g.warnings[0], "funds[0].budget_inputs.first_year")) << g.warnings[0];
}

// ---- errors the budget or the settlement finds ---------------------------------------------------

TEST(CaseJsonSettle, MissingBudgetBase) {
  expect_engine_error(edit(guangdong_case(), R"("fund_revenue": "100000000.00")", R"("expenditure_budget": "1.00")"),
                      stage::budget, "funds[0].budget_inputs.fund_revenue", "missing");
  expect_engine_error(edit(hunan_case(), R"("expenditure_budget": "500000000.00")", R"("fund_revenue": "1.00")"),
                      stage::budget, "funds[0].budget_inputs.expenditure_budget", "missing");
  expect_engine_error(edit(sanming_case(), R"("per_capita_package": "1000.00")", R"("fund_revenue": "1.00")"),
                      stage::budget, "funds[0].budget_inputs.per_capita_package", "missing");
  expect_engine_error(edit(harbin_case(), R"("first_year": true,)", ""), stage::budget,
                      "funds[0].budget_inputs.first_year", "missing");
  expect_engine_error(edit(harbin_case(), R"(,
      "insured_budget_by_band": { )" + std::string(bands5) + " }", ""),
                      stage::budget, "funds[0].budget_inputs.insured_budget_by_band", "missing");
  // In the second fund, the path says so.
  const std::string g2 = edit(guangdong_fund("390"), R"("fund_revenue": "100000000.00")", R"("expenditure_budget": "1.00")");
  expect_engine_error(wrap("guangdong_yangxi", "441721", guangdong_fund("310") + ", " + g2), stage::budget,
                      "funds[1].budget_inputs.fund_revenue", "missing");
}

TEST(CaseJsonSettle, MissingAllianceInputs) {
  expect_engine_error(edit(guangdong_case(), R"({ "id": "GD2", "share": "0.4",)", R"({ "id": "GD2",)"), stage::budget,
                      "funds[0].alliances[1].share", "missing");
  expect_engine_error(edit(guangdong_case(), R"("share": "0.4")", R"("share": "0")"), stage::budget,
                      "funds[0].alliances[1].share", "share must be positive");
  expect_engine_error(edit(sanming_case(), R"("insured": 30000,)", ""), stage::budget, "funds[0].alliances[1].insured",
                      "missing");
  expect_engine_error(edit(hunan_case(), R"("allocation_shares": { "insured": "0.6", "service": "0.6", "fund": "0.6" },)", ""),
                      stage::budget, "funds[0].alliances[1].allocation_shares", "missing");
  // tcm_share is needed only with a TCM table (the preset's tcm_tiers is [], no tilt).
  expect_engine_error(with_overrides(hunan_case(), R"({ "tcm_tiers": [["0.30", "0.02"]] })"), stage::budget,
                      "funds[0].alliances[0].tcm_share",
                      "missing");
  expect_engine_error(edit(harbin_case(), R"("service_volume_share": "0.4",)", ""), stage::budget,
                      "funds[0].alliances[1].insured_budget_by_band", "missing");
  expect_engine_error(edit(hunan_case(), R"({ "expenditure_budget": "500000000.00" })",
                           R"({ "expenditure_budget": "500000000.00", "prior_year_budget": "480000000.00" })"),
                      stage::budget, "funds[0].budget_inputs.revenue_growth_rate", "missing");
  expect_engine_error(edit(harbin_case(), R"("id": "A1", "name": "甲医共体",)",
                           R"("id": "A1", "name": "甲医共体", "adjustment_factors": [ { "reason": "集采", "rate": "-1" } ],)"),
                      stage::budget, "funds[0].alliances[0].adjustment_factors[0].rate", "1 + rate must be positive");
}

TEST(CaseJsonSettle, HarbinHistoryMustMatchTheBase) {
  // First year: 2021, 2022 and 2023 all needed.
  std::string j = harbin_case();
  const auto from = j.find(R"({ "year": 2022, )");
  const auto to = j.find(R"({ "year": 2023, )");
  ASSERT_NE(from, std::string::npos);
  j.erase(from, to - from);
  expect_engine_error(j, stage::budget, "funds[0].budget_inputs.history", "a year missing from the history: 2022");
  // A year the base does not use (2020) is accepted with a warning; 2021 is then missing.
  expect_engine_error(edit(harbin_case(), R"({ "year": 2021, )", R"({ "year": 2020, )"), stage::budget,
                      "funds[0].budget_inputs.history", "a year missing from the history: 2021");
  expect_engine_error(edit(harbin_case(), R"({ "year": 2021, )", R"({ "year": 2022, )"), stage::budget,
                      "funds[0].budget_inputs.history[1].year", "appears twice");
  // A band with insured 0 and spend above 0.
  expect_engine_error(edit(harbin_case(), R"("75+": 5000 })", R"("75+": 0 })"), stage::budget,
                      "funds[0].budget_inputs.insured_budget_by_band.75+", "insured count 0");
}

TEST(CaseJsonSettle, ActualsNeededOnlyToSettle) {
  const std::string j = edit(harbin_case(),
                             R"("actuals": { "in_alliance_local": "6000000.02", "out_of_alliance_local": "1000000.00", "in_alliance_nonlocal": "20000.00" },)",
                             "");
  const loaded_case lc = load(j);
  EXPECT_FALSE(lc.value.funds[0].alliances[1].actuals.has_value());
  EXPECT_NO_THROW((void)medbudget::budget_year(lc.value));
  expect_engine_error(j, stage::settle, "funds[0].alliances[1].actuals", "missing");
}

TEST(CaseJsonSettle, PerformanceInputs) {
  // Harbin's gate needs indicators_met.
  expect_engine_error(edit(harbin_case(), R"("performance": { "indicators_met": true },
        "members": [ { "id": "N1")", R"("members": [ { "id": "N1")"),
                      stage::settle, "funds[0].alliances[1].performance.indicators_met", "missing");
  // Hunan's retention is set by the score (HN1 has a surplus).
  expect_engine_error(edit(hunan_case(), R"(,
        "performance": { "score": "88" })", ""),
                      stage::settle, "funds[0].alliances[0].performance.score", "missing");
  // Guangdong releases the reserve by the score, surplus or overspend.
  expect_engine_error(edit(guangdong_case(), R"(,
        "performance": { "score": "95" })", ""),
                      stage::settle, "funds[0].alliances[1].performance.score", "missing");
  // Out of range at load.
  expect_load_error(edit(guangdong_case(), R"("score": "95")", R"("score": "100.5")"),
                    "funds[0].alliances[1].performance.score", "expected a score from 0 to 100");
  expect_load_error(edit(guangdong_case(), R"("score": "95")", R"("score": "ninety")"),
                    "funds[0].alliances[1].performance.score", "not a decimal rate");
}

// The fund's situation is per fund: its path has the fund's index.
TEST(CaseJsonSettle, OverspendRatioNamesTheFundsPath) {
  const std::string j = edit(harbin_case(), R"("overspend_share_ratio": "0.5", )", "");
  try {
    (void)medbudget::settle_year(load(j).value);
    FAIL() << "settled an overspend without the fund's share ratio";
  } catch (const input_error& e) {
    EXPECT_TRUE(contains(e.message(), "missing")) << e.what();
    if (e.where() != "funds[0].fund_situation.overspend_share_ratio") {
      FAIL() << "reported at " << e.where();
    }
  }
}

TEST(CaseJsonSettle, GrowthRateNamesTheFundsPath) {
  const std::string j = edit(harbin_case(), R"(, "city_avg_growth_rate": "0.06")", "");
  try {
    (void)medbudget::settle_year(load(j).value);
    FAIL() << "settled an overspend without the city's growth rate";
  } catch (const input_error& e) {
    EXPECT_TRUE(contains(e.message(), "missing")) << e.what();
    if (e.where() != "funds[0].fund_situation.city_avg_growth_rate") {
      FAIL() << "reported at " << e.where();
    }
  }
}

TEST(CaseJsonSettle, ForceMajeureRatioNamesTheFundsPath) {
  const std::string j = edit(hunan_case(), R"("fund_situation": { "overspend_share_ratio": "0.6" },)", "");
  try {
    (void)medbudget::settle_year(load(j).value);
    FAIL() << "shared a force-majeure overspend without the fund's ratio";
  } catch (const input_error& e) {
    if (e.where() != "funds[0].fund_situation.overspend_share_ratio") {
      FAIL() << "reported at " << e.where();
    }
  }
}

TEST(CaseJsonSettle, RatioOutOfRangeAtLoad) {
  expect_load_error(edit(harbin_case(), R"("overspend_share_ratio": "0.5")", R"("overspend_share_ratio": "1.5")"),
                    "funds[0].fund_situation.overspend_share_ratio", "expected a rate from 0 to 1");
  expect_load_error(edit(harbin_case(), R"("city_avg_growth_rate": "0.06")", R"("city_avg_growth_rate": "-0.06")"),
                    "funds[0].fund_situation.city_avg_growth_rate", "must not be negative");
  expect_load_error(edit(harbin_case(), R"({ "id": "N1", "weight": "1" })", R"({ "id": "N1", "weight": "-1" })"),
                    "funds[0].alliances[1].members[0].weight", "must not be negative");
}

TEST(CaseJsonSettle, EmptyLists) {
  expect_load_error(wrap("harbin", "230123", ""), "funds", "at least one fund");
  expect_load_error(wrap("sanming", "350481", R"({ "insutype": "310", "budget_inputs": {}, "alliances": [] })"),
                    "funds[0].alliances", "at least one alliance");
}

}  // namespace
