// Test helper of the case-file tests: a valid minimal case of each policy, edits that break one
// thing, and the expectations on the error each break gives.
#pragma once

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

namespace case_fixtures {

using medbudget::fen;
using medbudget::input_error;
using medbudget::loaded_case;
using medbudget::rate;

inline fen Y(const char* s) { return fen::parse(s); }
inline rate R(const char* s) { return rate::parse(s); }

// ---- minimal valid cases ------------------------------------------------------------------------

inline constexpr const char* bands5 = R"("0-17": 10000, "18-44": 20000, "45-59": 15000, "60-74": 12000, "75+": 5000)";

inline std::string harbin_fund(const std::string& insutype) {
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

inline std::string wrap(const std::string& policy, const std::string& admdvs, const std::string& funds) {
  return R"({
  "policy": ")" + policy + R"(",
  "year": 2024,
  "county": { "admdvs": ")" + admdvs + R"(", "name": "某县" },
  "funds": [ )" + funds + R"( ]
})";
}

inline std::string harbin_case() { return wrap("harbin", "230123", harbin_fund("390")); }

inline std::string guangdong_fund(const std::string& insutype) {
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
inline std::string guangdong_case() { return wrap("guangdong_yangxi", "441721", guangdong_fund("390")); }

inline std::string hunan_case() {
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

inline std::string sanming_case() {
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
inline std::string edit(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  if (at == std::string::npos || text.find(from, at + 1) != std::string::npos) {
    ADD_FAILURE() << "fragment not found exactly once: " << from;
    return text;
  }
  text.replace(at, from.size(), to);
  return text;
}

inline loaded_case load(const std::string& json) { return medbudget::load_case(json, "case.json", MEDBUDGET_SOURCE_DIR); }

inline bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

// Loading `json` fails with an input_error at `where` whose message contains `what`.
inline void expect_load_error(const std::string& json, const std::string& where, const std::string& what) {
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
inline void expect_engine_error(const std::string& json, stage st, const std::string& where, const std::string& what) {
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
inline void expect_rejected(const std::string& json, const std::string& where, const std::string& what) {
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
inline input_error load_failure(const std::string& json) {
  try {
    (void)load(json);
  } catch (const input_error& e) {
    return e;
  }
  return input_error("", "");
}

}  // namespace case_fixtures
