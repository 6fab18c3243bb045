// Case files (docs/formats.md): every kind of bad input is an input_error naming the exact JSON path
// and what was expected, and the positive rules of the document (exact amounts, codes, years, UTF-8).
// Policy references and overrides, monthly actuals, warnings and the errors only the budget or the
// settlement can see are in case_json_rules_test.cpp.
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

// ---- the bases are valid ------------------------------------------------------------------------

TEST(CaseJson, MinimalCasesLoadBudgetAndSettle) {
  for (const std::string& json : {harbin_case(), guangdong_case(), hunan_case(), sanming_case()}) {
    const loaded_case lc = load(json);
    EXPECT_TRUE(lc.warnings.empty()) << lc.value.pol.id << ": " << lc.warnings.front();
    EXPECT_NO_THROW((void)medbudget::budget_year(lc.value)) << lc.value.pol.id;
    EXPECT_NO_THROW((void)medbudget::settle_year(lc.value)) << lc.value.pol.id;
  }
  // The second alliance of Harbin, Guangdong and Hunan overspends, so the overspend inputs are needed.
  for (const std::string& json : {harbin_case(), guangdong_case(), hunan_case()}) {
    const medbudget::statement s = medbudget::settle_year(load(json).value);
    EXPECT_GE(s.funds[0].alliances[0].balance, fen{}) << s.policy_id;
    EXPECT_LT(s.funds[0].alliances[1].balance, fen{}) << s.policy_id;
  }
}

TEST(CaseJson, FieldsArePlacedWhereTheyBelong) {
  const loaded_case lc = load(harbin_case());
  const auto& c = lc.value;
  EXPECT_EQ(c.pol.id, "harbin");
  EXPECT_EQ(c.year, 2024);
  EXPECT_EQ(c.county.admdvs, "230123");
  EXPECT_EQ(c.county.name, "某县");
  ASSERT_EQ(c.funds.size(), 1u);
  const auto& f = c.funds[0];
  EXPECT_EQ(f.insutype, "390");
  ASSERT_EQ(f.inputs.history.size(), 3u);
  EXPECT_EQ(f.inputs.history[2].year, 2023);
  EXPECT_EQ(f.inputs.history[2].pooled_expenditure_by_band,
            (std::vector<fen>{Y("1000000.23"), Y("2000000.23"), Y("3000000.23"), Y("4000000.23"), Y("5000000.23")}));
  EXPECT_EQ(f.inputs.insured_budget_by_band, (std::vector<std::int64_t>{10000, 20000, 15000, 12000, 5000}));
  EXPECT_EQ(f.inputs.fundraising_total, Y("90000000.00"));
  EXPECT_EQ(f.situation.overspend_share_ratio, R("0.5"));
  ASSERT_EQ(f.alliances.size(), 2u);
  EXPECT_EQ(f.alliances[1].id, "A2");
  EXPECT_EQ(f.alliances[1].service_volume_share, R("0.4"));
  ASSERT_TRUE(f.alliances[1].actuals.has_value());
  EXPECT_EQ(f.alliances[1].actuals->in_alliance_local, Y("6000000.02"));
  EXPECT_EQ(f.alliances[1].actuals->out_of_alliance_local, Y("1000000.00"));
  EXPECT_EQ(f.alliances[1].actuals->in_alliance_nonlocal, Y("20000.00"));
  EXPECT_EQ(f.alliances[0].members.size(), 2u);
  EXPECT_EQ(f.alliances[0].members[1].weight, R("0.3"));
}

// ---- missing, unknown, ill-typed ----------------------------------------------------------------

TEST(CaseJson, MissingField) {
  expect_load_error(edit(harbin_case(), R"("year": 2024,)", ""), "year", "missing");
  expect_load_error(edit(harbin_case(), R"("policy": "harbin",)", ""), "policy", "missing");
  expect_load_error(edit(harbin_case(), R"("admdvs": "230123", )", ""), "county.admdvs", "missing");
  expect_load_error(edit(harbin_case(), R"("insutype": "390",)", ""), "funds[0].insutype", "missing");
  expect_load_error(edit(harbin_case(), R"(, "in_alliance_nonlocal": "20000.00")", ""),
                    "funds[0].alliances[1].actuals.in_alliance_nonlocal", "missing");
  expect_load_error(edit(harbin_case(), R"({ "id": "A2", )", "{ "), "funds[0].alliances[1].id", "missing");
  expect_load_error(edit(harbin_case(), R"({ "id": "N1", "weight": "1" })", R"({ "id": "N1" })"),
                    "funds[0].alliances[1].members[0].weight", "missing");
  expect_load_error(edit(harbin_case(), R"({ "year": 2022, )", "{ "), "funds[0].budget_inputs.history[1].year",
                    "missing");
  // No annual figure and no months.
  expect_load_error(edit(harbin_case(), R"("in_alliance_local": "6000000.02", )", ""),
                    "funds[0].alliances[1].actuals.in_alliance_local", "missing");
}

TEST(CaseJson, UnknownFieldIsATypo) {
  expect_load_error(edit(harbin_case(), R"("year": 2024,)", R"("yaer": 2024,)"), "yaer", "unknown field");
  expect_load_error(edit(harbin_case(), R"("in_alliance_local": "6000000.02")", R"("in_alliance_locl": "6000000.02")"),
                    "funds[0].alliances[1].actuals.in_alliance_locl", "unknown field");
  expect_load_error(edit(harbin_case(), R"("fundraising_total")", R"("fundraising_totl")"),
                    "funds[0].budget_inputs.fundraising_totl", "unknown field");
  expect_load_error(edit(harbin_case(), R"("name": "某县")", R"("nmae": "某县")"), "county.nmae", "unknown field");
  expect_load_error(edit(harbin_case(), R"("city_avg_growth_rate")", R"("city_avg_growth")"),
                    "funds[0].fund_situation.city_avg_growth", "unknown field");
  expect_load_error(edit(harbin_case(), R"({ "id": "N1", "weight": "1" })", R"({ "id": "N1", "weight": "1", "wieght": "1" })"),
                    "funds[0].alliances[1].members[0].wieght", "unknown field");
  expect_load_error(edit(harbin_case(), R"("performance": { "indicators_met": true },
        "members": [ { "id": "N1")",
                         R"("performance": { "indicators_met": true, "scor": "90" },
        "members": [ { "id": "N1")"),
                    "funds[0].alliances[1].performance.scor", "unknown field");
  // The message lists what was expected.
  const input_error e = load_failure(edit(harbin_case(), R"("year": 2024,)", R"("yaer": 2024,)"));
  EXPECT_TRUE(contains(e.message(), "year")) << e.message();
}

TEST(CaseJson, WrongJsonType) {
  expect_load_error(edit(harbin_case(), R"("year": 2024,)", R"("year": "2024",)"), "year", "expected a whole number");
  expect_load_error(edit(harbin_case(), R"("first_year": true,)", R"("first_year": "true",)"),
                    "funds[0].budget_inputs.first_year", "expected a boolean, got a string");
  expect_load_error(edit(harbin_case(), R"("in_alliance_local": "6000000.02")", R"("in_alliance_local": true)"),
                    "funds[0].alliances[1].actuals.in_alliance_local", "got a boolean");
  expect_load_error(edit(harbin_case(), R"("in_alliance_local": "6000000.02")", R"("in_alliance_local": null)"),
                    "funds[0].alliances[1].actuals.in_alliance_local", "got null");
  expect_load_error(edit(harbin_case(), R"("in_alliance_local": "6000000.02")", R"("in_alliance_local": ["6000000.02"])"),
                    "funds[0].alliances[1].actuals.in_alliance_local", "got an array");
  expect_load_error(edit(harbin_case(), R"("county": { "admdvs": "230123", "name": "某县" })", R"("county": "230123")"),
                    "county", "expected an object, got a string");
  {
    std::string j = harbin_case();
    const auto at = j.find(R"("funds": [ )");
    ASSERT_NE(at, std::string::npos);
    j.replace(at, std::string(R"("funds": [ )").size(), R"("funds": { "f": )");
    const auto end = j.rfind(" ]");
    j.replace(end, 2, " }");
    expect_load_error(j, "funds", "expected an array, got an object");
  }
  expect_load_error(edit(harbin_case(), R"("service_volume_share": "0.4")", R"("service_volume_share": {})"),
                    "funds[0].alliances[1].service_volume_share", "expected a decimal rate");
  expect_load_error(edit(harbin_case(), R"("indicators_met": true },
        "members": [ { "id": "N1")",
                         R"("indicators_met": 1 },
        "members": [ { "id": "N1")"),
                    "funds[0].alliances[1].performance.indicators_met", "expected a boolean, got a number");
  expect_load_error(edit(harbin_case(), R"({ "id": "N1", )", R"({ "id": 1, )"),
                    "funds[0].alliances[1].members[0].id", "expected a string, got a number");
  expect_load_error(edit(harbin_case(), R"("policy": "harbin")", R"("policy": 5)"), "policy", "expected a string");
  expect_load_error("[1, 2]", "", "expected an object, got an array");
}

// ---- amounts ------------------------------------------------------------------------------------

TEST(CaseJson, AmountWithThreeDecimalsIsAnErrorNotRounded) {
  const std::string path = "funds[0].alliances[1].actuals.in_alliance_local";
  expect_load_error(edit(harbin_case(), R"("in_alliance_local": "6000000.02")", R"("in_alliance_local": 1.234)"), path,
                    "more than two decimals");
  expect_load_error(edit(harbin_case(), R"("in_alliance_local": "6000000.02")", R"("in_alliance_local": "1.234")"), path,
                    "more than two decimals");
  expect_load_error(edit(harbin_case(), R"("in_alliance_local": "6000000.02")", R"("in_alliance_local": 6000000.015)"),
                    path, "more than two decimals");
  expect_load_error(edit(harbin_case(), R"("75+": "5000000.23")", R"("75+": "5000000.231")"),
                    "funds[0].budget_inputs.history[2].pooled_expenditure_by_band.75+", "more than two decimals");
  expect_load_error(edit(harbin_case(), R"("fundraising_total": "90000000.00")", R"("fundraising_total": 90000000.001)"),
                    "funds[0].budget_inputs.fundraising_total", "more than two decimals");
}

TEST(CaseJson, AmountInExponentNotationIsAnError) {
  const std::string path = "funds[0].alliances[1].actuals.in_alliance_local";
  for (const char* bad : {"6e6", "6.00000002E6", "1e-2", "\"6e6\""}) {
    SCOPED_TRACE(bad);
    expect_load_error(edit(harbin_case(), R"("in_alliance_local": "6000000.02")",
                           std::string(R"("in_alliance_local": )") + bad),
                      path, "exponent notation is not accepted");
  }
}

TEST(CaseJson, MalformedAmountText) {
  const std::string path = "funds[0].alliances[0].actuals.out_of_alliance_local";
  for (const char* bad : {"\"\"", "\"2,000,000.00\"", "\" 2000000.00\"", "\"2000000.00 \"", "\"+2000000.00\"",
                          "\".5\"", "\"2000000.\"", "\"0x10\"", "\"￥100\"", "\"NaN\"", "\"--1\""}) {
    SCOPED_TRACE(bad);
    const input_error e = load_failure(edit(harbin_case(), R"("out_of_alliance_local": "2000000.00")",
                                            std::string(R"("out_of_alliance_local": )") + bad));
    EXPECT_EQ(e.where(), path) << e.what();
    EXPECT_TRUE(contains(e.message(), "amount")) << e.message();
  }
  expect_load_error(edit(harbin_case(), R"("out_of_alliance_local": "2000000.00")",
                         R"("out_of_alliance_local": "92233720368547758.08")"),
                    path, "out of range");
}

TEST(CaseJson, NegativeAmountIsAnError) {
  expect_load_error(edit(harbin_case(), R"("in_alliance_local": "6000000.02")", R"("in_alliance_local": "-6000000.02")"),
                    "funds[0].alliances[1].actuals.in_alliance_local", "must not be negative");
  expect_load_error(edit(harbin_case(), R"("in_alliance_nonlocal": "10000.00")", R"("in_alliance_nonlocal": -0.01)"),
                    "funds[0].alliances[0].actuals.in_alliance_nonlocal", "must not be negative");
  expect_load_error(edit(hunan_case(), R"("force_majeure_overspend": "5000000.00")", R"("force_majeure_overspend": "-1.00")"),
                    "funds[0].alliances[1].actuals.force_majeure_overspend", "must not be negative");
  expect_load_error(edit(guangdong_case(), R"("in_alliance_nonlocal": "100.02")",
                         R"("in_alliance_nonlocal": "100.02", "reasonable_overspend": "-5.00")"),
                    "funds[0].alliances[1].actuals.reasonable_overspend", "must not be negative");
  // Inputs of the budget: rejected at load or, at the latest, by the budget — always with their path.
  expect_rejected(edit(harbin_case(), R"("75+": "5000000.23")", R"("75+": "-5000000.23")"),
                  "funds[0].budget_inputs.history[2].pooled_expenditure_by_band.75+", "must not be negative");
  expect_rejected(edit(harbin_case(), R"("fundraising_total": "90000000.00")", R"("fundraising_total": "-1.00")"),
                  "funds[0].budget_inputs.fundraising_total", "must not be negative");
  expect_rejected(edit(guangdong_case(), R"("fund_revenue": "100000000.00")", R"("fund_revenue": "-100000000.00")"),
                  "funds[0].budget_inputs.fund_revenue", "must not be negative");
  expect_rejected(edit(sanming_case(), R"("per_capita_package": "1000.00")", R"("per_capita_package": "-1000.00")"),
                  "funds[0].budget_inputs.per_capita_package", "must not be negative");
  expect_rejected(edit(sanming_case(), R"("bundled_fiscal": "200.00")", R"("bundled_fiscal": "-200.00")"),
                  "funds[0].alliances[0].bundled_fiscal", "must not be negative");
  expect_rejected(edit(harbin_case(), R"("id": "A1", "name": "甲医共体",)",
                       R"("id": "A1", "name": "甲医共体", "supplementary_budget": "-10.00",)"),
                  "funds[0].alliances[0].supplementary_budget", "must not be negative");
}

TEST(CaseJson, AmountsAsNumbersOrStringsAreExact) {
  auto in_alliance = [](const std::string& literal) {
    const loaded_case lc = load(edit(harbin_case(), R"("in_alliance_local": "6000000.02")",
                                     std::string(R"("in_alliance_local": )") + literal));
    return lc.value.funds[0].alliances[1].actuals->in_alliance_local;
  };
  EXPECT_EQ(in_alliance("6000000.02"), fen::from_fen(600000002));
  EXPECT_EQ(in_alliance("\"6000000.02\""), fen::from_fen(600000002));
  EXPECT_EQ(in_alliance("0.1"), fen::from_fen(10));     // not 0.1000000000000000055…
  EXPECT_EQ(in_alliance("\"0.1\""), fen::from_fen(10));
  EXPECT_EQ(in_alliance("12.5"), fen::from_fen(1250));
  EXPECT_EQ(in_alliance("12"), fen::from_fen(1200));
  EXPECT_EQ(in_alliance("\"12\""), fen::from_fen(1200));
  EXPECT_EQ(in_alliance("0"), fen{});
  EXPECT_EQ(in_alliance("1.10"), fen::from_fen(110));
  // Beyond a double's 53 bits: 9007199254740993 fen is parsed from the text, not through a double.
  EXPECT_EQ(in_alliance("90071992547409.93"), fen::from_fen(9007199254740993));
  EXPECT_EQ(in_alliance("\"90071992547409.93\""), fen::from_fen(9007199254740993));
  // Rates as numbers are exact too.
  const loaded_case lc =
      load(edit(harbin_case(), R"("service_volume_share": "0.4")", R"("service_volume_share": 0.4)"));
  EXPECT_EQ(lc.value.funds[0].alliances[1].service_volume_share, R("0.4"));
  EXPECT_EQ(lc.value.funds[0].alliances[1].service_volume_share->scale(), 1);
}

// ---- counts -------------------------------------------------------------------------------------

TEST(CaseJson, CountNotAWholeNumber) {
  const std::string path = "funds[0].budget_inputs.insured_budget_by_band.75+";
  for (const char* bad : {"5000.0", "5000.5", "\"5000\"", "5e3", "true"}) {
    SCOPED_TRACE(bad);
    expect_load_error(edit(harbin_case(), R"("75+": 5000 })", std::string(R"("75+": )") + bad + " }"), path,
                      "expected a whole number");
  }
  expect_load_error(edit(harbin_case(), R"("75+": 5000 })", R"("75+": -5 })"), path, "expected at least 0");
  expect_load_error(edit(harbin_case(), R"("75+": 5000 })", R"("75+": 99999999999999999999 })"), path,
                    "out of range");
  expect_load_error(edit(sanming_case(), R"("insured": 30000,)", R"("insured": 30000.5,)"),
                    "funds[0].alliances[1].insured", "expected a whole number");
}

// ---- band maps ----------------------------------------------------------------------------------

TEST(CaseJson, BandMapsNameExactlyThePolicysBands) {
  expect_load_error(edit(harbin_case(), R"("75+": 5000 })", R"("75+": 5000, "80+": 1 })"),
                    "funds[0].budget_inputs.insured_budget_by_band.80+", "unknown age band");
  expect_load_error(edit(harbin_case(), R"(, "75+": 5000 })", " }"), "funds[0].budget_inputs.insured_budget_by_band.75+",
                    "missing");
  expect_load_error(edit(harbin_case(), R"(, "75+": "5000000.23")", ""),
                    "funds[0].budget_inputs.history[2].pooled_expenditure_by_band.75+", "missing");
  expect_load_error(edit(harbin_case(), R"("0-17": "1000000.22")", R"("0-18": "1000000.22")"),
                    "funds[0].budget_inputs.history[1].pooled_expenditure_by_band.0-17", "missing");
  expect_load_error(edit(harbin_case(), R"("75+": "5000000.21")", R"("75+": "5000000.21", "75-": "1.00")"),
                    "funds[0].budget_inputs.history[0].pooled_expenditure_by_band.75-", "unknown age band");
  // The message names the policy's bands.
  const input_error e = load_failure(edit(harbin_case(), R"("75+": 5000 })", R"("75+": 5000, "80+": 1 })"));
  EXPECT_TRUE(contains(e.message(), "0-17, 18-44, 45-59, 60-74, 75+")) << e.message();
  // With other bands overridden, the case's band maps must follow them.
  expect_load_error(edit(harbin_case(), R"("year": 2024,)", R"("policy_overrides": { "age_bands": ["0-17", "18+"] }, "year": 2024,)"),
                    "funds[0].budget_inputs.history[0].pooled_expenditure_by_band.18+", "missing");
}

// ---- duplicates ---------------------------------------------------------------------------------

TEST(CaseJson, DuplicateJsonKeyAtTheTop) {
  const input_error e = load_failure(edit(harbin_case(), R"("year": 2024,)", R"("year": 2024, "year": 2025,)"));
  EXPECT_TRUE(e.where() == "case.json" || e.where() == "year" || e.where().rfind("case.json:", 0) == 0) << e.what();
  EXPECT_TRUE(contains(e.message(), "duplicate key \"year\"")) << e.what();
}

TEST(CaseJson, DuplicateJsonKeyDeepInsideIsLocated) {
  const input_error e =
      load_failure(edit(harbin_case(), R"("in_alliance_nonlocal": "20000.00")",
                        R"("in_alliance_nonlocal": "20000.00", "in_alliance_nonlocal": "30000.00")"));
  EXPECT_TRUE(contains(e.message(), "duplicate key \"in_alliance_nonlocal\"")) << e.what();
  // The key alone does not say which of the alliances (or funds) holds it: the error must give the
  // path or the line.
  const bool located = e.where() == "funds[0].alliances[1].actuals.in_alliance_nonlocal" ||
                       contains(e.what(), "funds[0].alliances[1].actuals") || contains(e.what(), "line 2") ||
                       e.where().rfind("case.json:2", 0) == 0;
  if (!located) {
    FAIL() << "duplicate key not located: " << e.what();
  }
}

TEST(CaseJson, DuplicateMemberId) {
  expect_load_error(edit(harbin_case(), R"({ "id": "M2", "name": "卫生院")", R"({ "id": "M1", "name": "卫生院")"),
                    "funds[0].alliances[0].members[1].id", "member id \"M1\" appears twice");
}

TEST(CaseJson, DuplicateFund) {
  expect_load_error(wrap("harbin", "230123", harbin_fund("390") + ", " + harbin_fund("390")), "funds[1].insutype",
                    "fund 390 appears twice");
  expect_load_error(wrap("harbin", "230123", harbin_fund("310") + ", " + harbin_fund("390") + ", " + harbin_fund("390")),
                    "funds", "at most two funds");
  // 310 and 390 together are fine.
  const loaded_case lc = load(wrap("harbin", "230123", harbin_fund("310") + ", " + harbin_fund("390")));
  ASSERT_EQ(lc.value.funds.size(), 2u);
  EXPECT_EQ(lc.value.funds[1].insutype, "390");
}

TEST(CaseJson, DuplicateAllianceIdIsRejectedByTheBudget) {
  expect_rejected(edit(harbin_case(), R"({ "id": "A2", )", R"({ "id": "A1", )"), "funds[0].alliances[1].id",
                  "alliance id \"A1\" appears twice");
}

// ---- codes and years ----------------------------------------------------------------------------

TEST(CaseJson, InsutypeIs310Or390) {
  for (const char* bad : {"\"391\"", "\"\"", "\"310 \"", "390.0", "\"employee\""}) {
    SCOPED_TRACE(bad);
    expect_load_error(edit(harbin_case(), R"("insutype": "390")", std::string(R"("insutype": )") + bad),
                      "funds[0].insutype", "expected \"310\" (employee) or \"390\" (resident)");
  }
}

TEST(CaseJson, AdmdvsIsSixDigits) {
  for (const char* bad : {"23012", "23012x", "", "２３０１２３"}) {
    SCOPED_TRACE(bad);
    const input_error e = load_failure(edit(harbin_case(), R"("admdvs": "230123")", std::string(R"("admdvs": ")") + bad + "\""));
    EXPECT_EQ(e.where(), "county.admdvs") << e.what();
    EXPECT_TRUE(contains(e.message(), "6")) << e.message();
  }
  expect_load_error(edit(harbin_case(), R"("admdvs": "230123")", R"("admdvs": "2301234")"), "county.admdvs", "6");
  expect_load_error(edit(harbin_case(), R"("admdvs": "230123")", R"("admdvs": 230123)"), "county.admdvs",
                    "expected a string");
}

TEST(CaseJson, YearOutOfRange) {
  expect_load_error(edit(harbin_case(), R"("year": 2024,)", R"("year": 1989,)"), "year", "1990");
  expect_load_error(edit(harbin_case(), R"("year": 2024,)", R"("year": 2101,)"), "year", "expected a year from 1990 to 2100");
  expect_load_error(edit(harbin_case(), R"("year": 2024,)", R"("year": -2024,)"), "year", "1990");
  expect_load_error(edit(harbin_case(), R"({ "year": 2021, )", R"({ "year": 1021, )"),
                    "funds[0].budget_inputs.history[0].year", "1990");
  expect_load_error(edit(harbin_case(), R"({ "year": 2023, )", R"({ "year": 3023, )"),
                    "funds[0].budget_inputs.history[2].year", "expected a year from 1990 to 2100");
  EXPECT_EQ(load(edit(harbin_case(), R"("year": 2024,)", R"("year": 2100,)")).value.year, 2100);
}

// ---- the document itself ------------------------------------------------------------------------

TEST(CaseJson, InvalidJsonSyntaxNamesLineAndColumn) {
  const std::string bad = "{\n  \"policy\": \"harbin\",\n  \"year\": 2024\n  \"county\": {}\n}\n";
  const input_error e = load_failure(bad);
  EXPECT_EQ(e.where().rfind("case.json", 0), 0u) << e.what();
  EXPECT_TRUE(contains(e.message(), "invalid JSON")) << e.what();
  // The fault is on line 4 (a missing comma before "county").
  if (!(contains(e.what(), "line 4") || e.where().rfind("case.json:4:", 0) == 0)) {
    FAIL() << "syntax error without line/column: " << e.what();
  }
}

TEST(CaseJson, InvalidUtf8InsideAString) {
  const std::string bad = edit(harbin_case(), "\"name\": \"某县\"", "\"name\": \"\xC3\x28\xFF\"");
  const input_error e = load_failure(bad);
  EXPECT_EQ(e.where().rfind("case.json", 0), 0u) << e.what();
  EXPECT_TRUE(contains(e.message(), "UTF-8")) << e.what();
  // An overlong encoding of '/' and a lone continuation byte are ill-formed too.
  for (const char* bytes : {"\xC0\xAF", "\x80", "\xED\xA0\x80"}) {
    const input_error f = load_failure(edit(harbin_case(), "\"name\": \"某县\"", std::string("\"name\": \"") + bytes + "\""));
    EXPECT_TRUE(contains(f.message(), "UTF-8")) << f.what();
  }
}

TEST(CaseJson, ErrorTextIsValidUtf8) {
  // The error is shown to people and may be written as JSON: it must not echo the ill-formed bytes.
  const input_error e = load_failure(edit(harbin_case(), "\"name\": \"某县\"", "\"name\": \"\xFF\xFE\""));
  const std::string w = e.what();
  if (contains(w, "\xFF")) {
    FAIL() << "error text contains the raw ill-formed bytes";
  }
}

TEST(CaseJson, BytesThatAreNotUtf8AreRejectedWithTheLine) {
  // Invalid UTF-8 outside any string, on line 2.
  try {
    (void)load("{\"policy\": \"harbin\",\n \"year\": 2024} \xFF\xFE");
    FAIL() << "accepted";
  } catch (const input_error& e) {
    EXPECT_EQ(e.where(), "case.json:2");
    EXPECT_TRUE(contains(e.message(), "not valid UTF-8")) << e.what();
  }
}

TEST(CaseJson, TruncatedFile) {
  const std::string whole = harbin_case();
  for (std::size_t cut : {whole.size() / 2, whole.size() - 2, std::size_t{1}}) {
    SCOPED_TRACE(cut);
    const input_error e = load_failure(whole.substr(0, cut));
    EXPECT_EQ(e.where().rfind("case.json", 0), 0u) << e.what();
    EXPECT_TRUE(contains(e.message(), "invalid JSON")) << e.what();
    EXPECT_TRUE(contains(e.message(), "end of input")) << e.what();
  }
  expect_load_error("", "case.json", "invalid JSON");
  // Anything after the document is an error too.
  const input_error tail = load_failure(whole + " {}");
  EXPECT_EQ(tail.where().rfind("case.json", 0), 0u) << tail.what();
  EXPECT_TRUE(contains(tail.message(), "invalid JSON")) << tail.what();
}

TEST(CaseJson, NestingTooDeep) {
  const auto nested = [](int depth) { return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']'); };
  expect_load_error(edit(harbin_case(), R"("year": 2024,)", R"("policy_overrides": { "x": )" + nested(100) + R"( }, "year": 2024,)"),
                    "case.json", "nesting deeper than 64 levels");
  expect_load_error(std::string(100000, '[') + std::string(100000, ']'), "case.json", "nesting deeper than 64 levels");
  // Shallower nesting gets past the parser: the error is then about the unknown parameter.
  expect_load_error(edit(harbin_case(), R"("year": 2024,)", R"("policy_overrides": { "x": )" + nested(50) + R"( }, "year": 2024,)"),
                    "policy_overrides.x", "unknown parameter");
}

TEST(CaseJson, OverLongStrings) {
  const std::string id64(64, 'A');
  const std::string id65(65, 'A');
  expect_load_error(edit(harbin_case(), R"({ "id": "A2", )", R"({ "id": ")" + id65 + R"(", )"), "funds[0].alliances[1].id",
                    "longer than 64 bytes");
  expect_load_error(edit(harbin_case(), R"({ "id": "N1", )", R"({ "id": ")" + id65 + R"(", )"),
                    "funds[0].alliances[1].members[0].id", "longer than 64 bytes");
  expect_load_error(edit(harbin_case(), R"("name": "某县")", R"("name": ")" + std::string(257, 'x') + "\""), "county.name",
                    "longer than 256 bytes");
  expect_load_error(edit(harbin_case(), R"({ "id": "A2", )", R"({ "id": "", )"), "funds[0].alliances[1].id",
                    "must not be empty");
  EXPECT_EQ(load(edit(harbin_case(), R"({ "id": "A2", )", R"({ "id": ")" + id64 + R"(", )")).value.funds[0].alliances[1].id, id64);
  // A policy path longer than any file name.
  expect_load_error(edit(harbin_case(), R"("policy": "harbin")", R"("policy": ")" + std::string(5000, 'p') + "\""), "policy",
                    "longer than 4096 bytes");
}

}  // namespace
