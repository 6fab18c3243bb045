// Case files (docs/formats.md): every kind of bad input is an input_error naming the exact JSON path
// and what was expected; the positive rules (exact amounts, BOM, monthly sums, warnings); and the
// errors only the budget or the settlement can see (settle.hpp), named with their path too.
//
// Each test starts from a valid minimal case of one policy and breaks one thing.
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

// Readable gtest output for the money types.
namespace medbudget {
inline void PrintTo(const rate& r, std::ostream* os) { *os << r.str(); }
inline void PrintTo(const fen& f, std::ostream* os) { *os << f.str(); }
}  // namespace medbudget

namespace {

using medbudget::fen;
using medbudget::input_error;
using medbudget::loaded_case;
using medbudget::rate;

fen Y(const char* s) { return fen::parse(s); }
rate R(const char* s) { return rate::parse(s); }

// ---- minimal valid cases ------------------------------------------------------------------------

const char* const bands5 = R"("0-17": 10000, "18-44": 20000, "45-59": 15000, "60-74": 12000, "75+": 5000)";

std::string harbin_fund(const std::string& insutype) {
  return R"({
    "insutype": ")" + insutype + R"(",
    "budget_inputs": {
      "first_year": true,
      "history": [
        { "year": 2021, "pooled_expenditure_by_band": { "0-17": "1000000.21", "18-44": "2000000.21", "45-59": "3000000.21", "60-74": "4000000.21", "75+": "5000000.21" } },
        { "year": 2022, "pooled_expenditure_by_band": { "0-17": "1000000.22", "18-44": "2000000.22", "45-59": "3000000.22", "60-74": "4000000.22", "75+": "5000000.22" } },
        { "year": 2023, "pooled_expenditure_by_band": { "0-17": "1000000.23", "18-44": "2000000.23", "45-59": "3000000.23", "60-74": "4000000.23", "75+": "5000000.23" } }
      ],
      "fundraising_total": "90000000.00",
      "insured_budget_by_band": { )" + bands5 + R"( }
    },
    "fund_situation": { "overspend_share_ratio": "0.5", "city_avg_growth_rate": "0.06" },
    "alliances": [
      { "id": "A1", "name": "甲医共体", "service_volume_share": "0.6",
        "actuals": { "in_alliance_local": "5000000.01", "out_of_alliance_local": "2000000.00", "in_alliance_nonlocal": "10000.00" },
        "performance": { "indicators_met": true },
        "members": [ { "id": "M1", "name": "牵头医院", "weight": "0.7" }, { "id": "M2", "name": "卫生院", "weight": "0.3" } ] },
      { "id": "A2", "name": "乙医共体", "service_volume_share": "0.4",
        "actuals": { "in_alliance_local": "6000000.02", "out_of_alliance_local": "1000000.00", "in_alliance_nonlocal": "20000.00" },
        "performance": { "indicators_met": true },
        "members": [ { "id": "N1", "weight": "1" } ] }
    ]
  })";
}

std::string wrap(const std::string& policy, const std::string& admdvs, const std::string& funds) {
  return R"({
  "policy": ")" + policy + R"(",
  "year": 2024,
  "county": { "admdvs": ")" + admdvs + R"(", "name": "某县" },
  "funds": [ )" + funds + R"( ]
})";
}

std::string harbin_case() { return wrap("harbin", "230123", harbin_fund("390")); }

std::string guangdong_fund(const std::string& insutype) {
  return R"({
    "insutype": ")" + insutype + R"(",
    "budget_inputs": { "fund_revenue": "100000000.00" },
    "alliances": [
      { "id": "GD1", "share": "0.6",
        "actuals": { "in_alliance_local": "30000000.01", "out_of_alliance_local": "20000000.01", "in_alliance_nonlocal": "100.01" },
        "performance": { "score": "85" } },
      { "id": "GD2", "share": "0.4",
        "actuals": { "in_alliance_local": "30000000.02", "out_of_alliance_local": "10000000.02", "in_alliance_nonlocal": "100.02" },
        "performance": { "score": "95" } }
    ]
  })";
}
std::string guangdong_case() { return wrap("guangdong_yangxi", "441721", guangdong_fund("390")); }

std::string hunan_case() {
  return wrap("hunan", "430281", R"({
    "insutype": "390",
    "budget_inputs": { "expenditure_budget": "500000000.00" },
    "fund_situation": { "overspend_share_ratio": "0.6" },
    "alliances": [
      { "id": "HN1", "allocation_shares": { "insured": "0.4", "service": "0.4", "fund": "0.4" },
        "actuals": { "in_alliance_local": "150000000.00", "out_of_alliance_local": "40000000.00", "in_alliance_nonlocal": "100.00" },
        "performance": { "score": "88" } },
      { "id": "HN2", "allocation_shares": { "insured": "0.6", "service": "0.6", "fund": "0.6" },
        "actuals": { "in_alliance_local": "250000000.00", "out_of_alliance_local": "60000000.00", "in_alliance_nonlocal": "200.00",
                     "force_majeure_overspend": "5000000.00" },
        "performance": { "score": "92" } }
    ]
  })");
}

std::string sanming_case() {
  return wrap("sanming", "350481", R"({
    "insutype": "310",
    "budget_inputs": { "per_capita_package": "1000.00" },
    "alliances": [
      { "id": "SM1", "insured": 50000, "bundled_public_health": "100.00", "bundled_fiscal": "200.00",
        "actuals": { "in_alliance_local": "30000000.00", "out_of_alliance_local": "10000000.00", "in_alliance_nonlocal": "1.00" } },
      { "id": "SM2", "insured": 30000,
        "actuals": { "in_alliance_local": "25000000.00", "out_of_alliance_local": "9000000.00", "in_alliance_nonlocal": "2.00" } }
    ]
  })");
}

// `text` with the one occurrence of `from` replaced by `to` (a test failure if not exactly one).
std::string edit(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  if (at == std::string::npos || text.find(from, at + 1) != std::string::npos) {
    ADD_FAILURE() << "fragment not found exactly once: " << from;
    return text;
  }
  text.replace(at, from.size(), to);
  return text;
}

loaded_case load(const std::string& json) { return medbudget::load_case(json, "case.json", MEDBUDGET_SOURCE_DIR); }

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

// Loading `json` fails with an input_error at `where` whose message contains `what`.
void expect_load_error(const std::string& json, const std::string& where, const std::string& what) {
  try {
    (void)load(json);
    ADD_FAILURE() << "accepted; expected an error at " << where;
  } catch (const input_error& e) {
    EXPECT_EQ(e.where(), where) << e.what();
    EXPECT_TRUE(contains(e.message(), what)) << "message: " << e.message() << "\nexpected to contain: " << what;
  }
}

enum class stage { budget, settle };

// `json` loads; budget_year (stage::budget) or settle_year fails at `where` saying `what`.
void expect_engine_error(const std::string& json, stage st, const std::string& where, const std::string& what) {
  loaded_case lc;
  try {
    lc = load(json);
  } catch (const input_error& e) {
    ADD_FAILURE() << "load failed: " << e.what();
    return;
  }
  try {
    if (st == stage::budget) (void)medbudget::budget_year(lc.value);
    else (void)medbudget::settle_year(lc.value);
    ADD_FAILURE() << "accepted; expected an error at " << where;
  } catch (const input_error& e) {
    EXPECT_EQ(e.where(), where) << e.what();
    EXPECT_TRUE(contains(e.message(), what)) << "message: " << e.message() << "\nexpected to contain: " << what;
  }
}

// Rejected somewhere between loading and settling, at `where`.
void expect_rejected(const std::string& json, const std::string& where, const std::string& what) {
  try {
    const loaded_case lc = load(json);
    (void)medbudget::budget_year(lc.value);
    (void)medbudget::settle_year(lc.value);
    ADD_FAILURE() << "accepted; expected an error at " << where;
  } catch (const input_error& e) {
    EXPECT_EQ(e.where(), where) << e.what();
    EXPECT_TRUE(contains(e.message(), what)) << "message: " << e.message() << "\nexpected to contain: " << what;
  }
}

// The error of an input that should fail, or "" when it loads.
input_error load_failure(const std::string& json) {
  try {
    (void)load(json);
  } catch (const input_error& e) {
    return e;
  }
  return input_error("", "");
}

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
