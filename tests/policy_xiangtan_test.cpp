// A fifth policy defined in JSON alone (tests/data/policies/xiangtan.json), loaded, budgeted and
// settled with hand-worked figures, and overridden by a case.
#include <gtest/gtest.h>

#include <algorithm>  // sort, count_if
#include <ostream>    // ostream
#include <set>        // set
#include <string>     // string
#include <tuple>      // tuple
#include <vector>     // vector

#include "medbudget/io/json.hpp"
#include "medbudget/policy.hpp"
#include "medbudget/settle.hpp"

#include "policy_fixtures.hpp"

namespace {

using namespace policy_fixtures;

fen Y(const char* s) { return fen::parse(s); }

// ---- a fifth policy, in JSON alone -------------------------------------------------------------------

const char* const xiangtan_rel = "tests/data/policies/xiangtan.json";
const char* const xiangtan_seed = "002_83559943cfd60542.txt";

TEST(PolicyXiangtan, LoadsFromJsonAlone) {
  const std::string path = source_path(xiangtan_rel);
  const policy p = medbudget::load_policy(medbudget::read_file(path), path);
  EXPECT_EQ(p.id, "xiangtan");
  EXPECT_EQ(p.family, medbudget::settlement_family::claims_paid);
  EXPECT_EQ(p.base, medbudget::budget_base::expenditure_budget);
  EXPECT_EQ(p.allocation, medbudget::allocation_rule::explicit_shares);
  EXPECT_TRUE(p.deductions.empty());
  EXPECT_FALSE(p.performance_gate);
  EXPECT_FALSE(p.reserve_release);
  EXPECT_EQ(p.get<std::int64_t>("advance_months"), 1);
  EXPECT_EQ(p.get<std::int64_t>("due_workdays"), 20);
  EXPECT_EQ(p.get<std::int64_t>("declaration_day"), 10);
  EXPECT_EQ(p.rounding_mode(), medbudget::rounding::half_away_from_zero);
  EXPECT_EQ(p.age_bands(), preset_bands());
  ASSERT_EQ(p.bands.surplus.size(), 1u);
  EXPECT_EQ(p.bands.surplus[0].fixed_share, R("1"));
  ASSERT_EQ(p.bands.overspend.size(), 1u);
  EXPECT_EQ(p.bands.overspend[0].fixed_share, R("0"));
  // Clauses: the only sourced number (20 working days) cites the news report; the rest say local default.
  for (const auto& [name, param] : p.parameters) {
    EXPECT_FALSE(param.clause.empty()) << name;
    if (name == "due_workdays") {
      EXPECT_FALSE(says_local_default(param.clause));
      EXPECT_NE(param.clause.find(xiangtan_seed), std::string::npos);
      EXPECT_NE(param.clause.find("news report"), std::string::npos);
    } else {
      EXPECT_TRUE(says_local_default(param.clause)) << name << ": " << param.clause;
    }
  }
  EXPECT_NE(p.bands.surplus[0].clause.find(xiangtan_seed), std::string::npos);
  EXPECT_NE(p.bands.surplus[0].clause.find("结余留用"), std::string::npos);
  EXPECT_TRUE(says_local_default(p.bands.overspend[0].clause));
  EXPECT_NE(p.notice.find(xiangtan_seed), std::string::npos);
  EXPECT_NE(p.clause("retained_surplus").find("news report"), std::string::npos);
  // A policy file is not a preset.
  auto ids = medbudget::preset_ids();
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "xiangtan"), 0);
}

// Two medical groups. Hand-worked (Python fractions.Fraction, fen):
//   Z = 100000000.01 yuan = 10000000001 fen; shares 2 : 1
//   exact 6666666667⅓ and 3333333333⅔ → floors 6666666667 + 3333333333 = 10000000000, 1 fen left over
//   to the larger fraction (⅔, XT02):  B1 = 66666666.67, B2 = 33333333.34 (sum = Z)
//   advance = round(1 × B / 12): 6666666667 / 12 = 555555555.58 → 5555555.56;
//                                 3333333334 / 12 = 277777777.83 → 2777777.78
//   XT01: S = 66666666.67 − O 20000000.00 − I 40000000.00 = 6666666.67 ≥ 0 → retained in full
//         (round(1 × S)), returned 0; entitlement = B − O − 0 + 0 = 46666666.67;
//         paid = I + advance = 45555555.56; year-end payment = 1111111.11
//         members 3 : 1 of 666666667 fen: exact 500000000.25, 166666666.75 → left-over fen to the
//         second → M1 5000000.00, M2 1666666.67
//   XT02: S = 33333333.34 − 10000000.00 − 25000000.00 = −1666666.66; fund share round(0 × D) = 0,
//         burden 1666666.66; entitlement = 33333333.34 − 10000000.00 = 23333333.34;
//         paid = 25000000.00 + 2777777.78 = 27777777.78; year-end payment = −4444444.44 (paid back)
std::string xiangtan_case(const std::string& overrides = "") {
  return std::string(R"({
  "policy": "tests/data/policies/xiangtan.json",)") +
         overrides + R"(
  "year": 2024,
  "county": { "admdvs": "430302", "name": "雨湖区" },
  "funds": [ {
    "insutype": "390",
    "budget_inputs": { "expenditure_budget": "100000000.01" },
    "alliances": [
      { "id": "XT01", "name": "湘潭市第一医疗集团", "share": "2",
        "actuals": { "in_alliance_local": "40000000.00", "out_of_alliance_local": "20000000.00",
                     "in_alliance_nonlocal": "1000000.00" },
        "members": [ { "id": "M1", "name": "牵头医院", "weight": "3" }, { "id": "M2", "name": "基层", "weight": "1" } ] },
      { "id": "XT02", "name": "湘潭市第二医疗集团", "share": "1",
        "actuals": { "in_alliance_local": "25000000.00", "out_of_alliance_local": "10000000.00",
                     "in_alliance_nonlocal": "500000.00" },
        "members": [ { "id": "M3", "weight": "1" } ] }
    ]
  } ]
})";
}

TEST(PolicyXiangtan, CaseNamesThePolicyFileByRelativePath) {
  const medbudget::loaded_case lc = medbudget::load_case(xiangtan_case(), "case.json", MEDBUDGET_SOURCE_DIR);
  EXPECT_EQ(lc.value.pol.id, "xiangtan");
  EXPECT_EQ(lc.value.pol.get<std::int64_t>("due_workdays"), 20);
  EXPECT_TRUE(lc.warnings.empty()) << lc.warnings.front();
  // The same file loaded directly gives the same parameters.
  const std::string path = source_path(xiangtan_rel);
  const policy direct = medbudget::load_policy(medbudget::read_file(path), path);
  ASSERT_EQ(direct.parameters.size(), lc.value.pol.parameters.size());
  for (const auto& [name, param] : direct.parameters) {
    EXPECT_EQ(lc.value.pol.parameters.at(name).value, param.value) << name;
    EXPECT_EQ(lc.value.pol.parameters.at(name).clause, param.clause) << name;
  }
}

TEST(PolicyXiangtan, BudgetOfTwoMedicalGroups) {
  const medbudget::loaded_case lc = medbudget::load_case(xiangtan_case(), "case.json", MEDBUDGET_SOURCE_DIR);
  const medbudget::statement s = medbudget::budget_year(lc.value);
  EXPECT_EQ(s.policy_id, "xiangtan");
  ASSERT_EQ(s.funds.size(), 1u);
  const auto& f = s.funds[0];
  EXPECT_EQ(f.base_expenditure, Y("100000000.01"));
  EXPECT_EQ(f.regional_budget, Y("100000000.01"));
  EXPECT_TRUE(f.deductions.empty());
  EXPECT_FALSE(f.cap_bound.has_value());
  ASSERT_EQ(f.alliances.size(), 2u);
  EXPECT_EQ(f.alliances[0].id, "XT01");
  EXPECT_EQ(f.alliances[0].budget, Y("66666666.67"));
  EXPECT_EQ(f.alliances[0].final_budget, Y("66666666.67"));
  EXPECT_EQ(f.alliances[0].advance, Y("5555555.56"));
  EXPECT_TRUE(f.alliances[0].installments.empty());
  EXPECT_EQ(f.alliances[1].id, "XT02");
  EXPECT_EQ(f.alliances[1].budget, Y("33333333.34"));
  EXPECT_EQ(f.alliances[1].final_budget, Y("33333333.34"));
  EXPECT_EQ(f.alliances[1].advance, Y("2777777.78"));
  EXPECT_EQ(f.alliances[0].budget + f.alliances[1].budget, Y("100000000.01"));
  // Lines carry the policy file's clauses.
  bool budget_line = false;
  for (const auto& l : f.alliances[0].lines)
    if (l.key == "budget") {
      budget_line = true;
      EXPECT_EQ(l.amount, "66666666.67");
      EXPECT_NE(l.clause.find(xiangtan_seed), std::string::npos) << l.clause;
    }
  EXPECT_TRUE(budget_line);
}

TEST(PolicyXiangtan, SettleOfTwoMedicalGroups) {
  const medbudget::loaded_case lc = medbudget::load_case(xiangtan_case(), "case.json", MEDBUDGET_SOURCE_DIR);
  const medbudget::statement s = medbudget::settle_year(lc.value);
  ASSERT_EQ(s.funds.size(), 1u);
  ASSERT_EQ(s.funds[0].alliances.size(), 2u);
  const auto& a = s.funds[0].alliances[0];
  EXPECT_EQ(a.balance, Y("6666666.67"));
  EXPECT_EQ(a.retained_surplus, Y("6666666.67"));
  EXPECT_EQ(a.returned_surplus, Y("0"));
  EXPECT_EQ(a.fund_overspend_share, Y("0"));
  EXPECT_EQ(a.alliance_overspend_burden, Y("0"));
  EXPECT_EQ(a.reserve_release, Y("0"));
  EXPECT_EQ(a.in_alliance_nonlocal, Y("1000000.00"));
  EXPECT_EQ(a.entitlement, Y("46666666.67"));
  EXPECT_EQ(a.paid_during_year, Y("45555555.56"));
  EXPECT_EQ(a.year_end_payment, Y("1111111.11"));
  ASSERT_EQ(a.member_distribution.size(), 2u);
  EXPECT_EQ(a.member_distribution[0], (std::pair<std::string, fen>{"M1", Y("5000000.00")}));
  EXPECT_EQ(a.member_distribution[1], (std::pair<std::string, fen>{"M2", Y("1666666.67")}));

  const auto& b = s.funds[0].alliances[1];
  EXPECT_EQ(b.balance, Y("-1666666.66"));
  EXPECT_EQ(b.retained_surplus, Y("0"));
  EXPECT_EQ(b.returned_surplus, Y("0"));
  EXPECT_EQ(b.fund_overspend_share, Y("0"));
  EXPECT_EQ(b.alliance_overspend_burden, Y("1666666.66"));
  EXPECT_EQ(b.entitlement, Y("23333333.34"));
  EXPECT_EQ(b.paid_during_year, Y("27777777.78"));
  EXPECT_EQ(b.year_end_payment, Y("-4444444.44"));
  EXPECT_TRUE(b.member_distribution.empty());
  // The statement carries the policy file's parameters with their clauses.
  EXPECT_EQ(s.parameters.at("due_workdays").clause, lc.value.pol.parameters.at("due_workdays").clause);
}

// Overrides apply to a policy file as to a preset. advance_months 2: round(2 × B / 12):
//   2 × 6666666667 / 12 = 1111111111.17 → 11111111.11; 2 × 3333333334 / 12 = 555555555.67 → 5555555.56
//   XT01 year-end payment = 46666666.67 − (40000000.00 + 11111111.11) = −4444444.44
TEST(PolicyXiangtan, OverridesApplyToAPolicyFile) {
  const medbudget::loaded_case lc =
      medbudget::load_case(xiangtan_case(R"( "policy_overrides": { "advance_months": 2 },)"), "case.json",
                           MEDBUDGET_SOURCE_DIR);
  EXPECT_EQ(lc.value.pol.parameters.at("advance_months").clause.rfind("case override (was: local default", 0), 0u);
  const medbudget::statement s = medbudget::settle_year(lc.value);
  EXPECT_EQ(s.funds[0].alliances[0].advance, Y("11111111.11"));
  EXPECT_EQ(s.funds[0].alliances[1].advance, Y("5555555.56"));
  EXPECT_EQ(s.funds[0].alliances[0].year_end_payment, Y("-4444444.44"));
  expect_input_error(
      [] {
        (void)medbudget::load_case(xiangtan_case(R"( "policy_overrides": { "surplus_cap_rate": "0.1" },)"),
                                   "case.json", MEDBUDGET_SOURCE_DIR);
      },
      "policy_overrides.surplus_cap_rate", "unknown parameter for policy xiangtan");
}

}  // namespace
