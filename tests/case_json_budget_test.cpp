// The case reader on the budget inputs of revision 3 (case files: fundraising_actual,
// insured_actual_by_band, adjustment_factors_final, scope_deductions, fund_revenue_budget): each
// parsed to its place, each wrong one refused with its path and exact message, and the inputs a case
// gives but its data leaves unused warned once (history years beyond the base, the recount's inputs
// when nothing is recounted, tcm_share without a TCM table). Also the overrides of the enumerations.
#include <gtest/gtest.h>

#include <filesystem>  // path
#include <string>      // string
#include <vector>      // vector

#include <nlohmann/json.hpp>

#include "medbudget/error.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/settle.hpp"

namespace {

namespace mb = medbudget;
using json = nlohmann::json;

const std::filesystem::path cases = std::filesystem::path(MEDBUDGET_SOURCE_DIR) / "examples" / "cases";

json example(const char* name) { return json::parse(mb::read_file((cases / name).string())); }
json harbin() { return example("harbin-surplus.case.json"); }
json hunan() { return example("hunan-two-alliances.case.json"); }

mb::loaded_case load(const json& j) { return mb::load_case(j.dump(), "case.json", cases.string()); }

// "where: message" of the error loading (and budgeting) `j` gives, or a marker.
std::string error_of(const json& j) {
  try {
    (void)mb::budget_year(load(j).value);
  } catch (const mb::input_error& e) {
    return e.where() + ": " + e.message();
  }
  return "<no input_error>";
}

TEST(CaseJsonBudget, RevisionThreeInputsArePlaced) {
  json h = harbin();
  json& in = h["funds"][0]["budget_inputs"];
  in["fundraising_actual"] = "181000000.00";
  in["insured_actual_by_band"] = {{"0-17", 1}, {"18-44", 2}, {"45-59", 3}, {"60-74", 4}, {"75+", 5}};
  h["funds"][0]["alliances"][0]["adjustment_factors_final"] = json::array({{{"reason", "集采"}, {"rate", "-0.031"}}});
  const mb::loaded_case lc = load(h);
  const mb::fund_input& f = lc.value.funds.at(0);
  EXPECT_EQ(f.inputs.fundraising_actual, mb::fen::parse("181000000.00"));
  EXPECT_EQ(f.inputs.insured_actual_by_band, (mb::band_counts{1, 2, 3, 4, 5}));
  ASSERT_TRUE(f.alliances.at(0).adjustment_factors_final.has_value());
  EXPECT_EQ(f.alliances[0].adjustment_factors_final->at(0).value, mb::rate::parse("-0.031"));
  // The county's actual counts are unused: the alliance is on counts, not on a share.
  ASSERT_EQ(lc.warnings.size(), 1u);
  EXPECT_EQ(lc.warnings[0],
            "funds[0].budget_inputs.insured_actual_by_band: accepted but not used: the county's actual counts "
            "recount only alliances budgeted by service_volume_share (reported once)");

  json u = hunan();
  u["funds"][0]["budget_inputs"]["scope_deductions"] = json::array({{{"reason", "大病保险保费"}, {"amount", "21000000.00"}}});
  const mb::loaded_case hl = load(u);
  ASSERT_EQ(hl.value.funds[0].inputs.scope_deductions.size(), 1u);
  EXPECT_EQ(hl.value.funds[0].inputs.scope_deductions[0].reason, "大病保险保费");
  EXPECT_EQ(hl.value.funds[0].inputs.scope_deductions[0].amount, mb::fen::parse("21000000.00"));
}

TEST(CaseJsonBudget, HistoryYearsBeyondTheBaseAreWarnedOnce) {
  json h = harbin();
  h["funds"][0]["budget_inputs"]["first_year"] = false;  // the base uses 2023 only
  const mb::loaded_case lc = load(h);
  ASSERT_EQ(lc.warnings.size(), 1u);
  EXPECT_EQ(lc.warnings[0],
            "funds[0].budget_inputs.history: years 2021, 2022 accepted but not used by the base (later year: it uses "
            "2023) (reported once)");
  EXPECT_NO_THROW((void)mb::budget_year(lc.value));
  // A year the base needs that is missing is still an error.
  h["funds"][0]["budget_inputs"]["history"].erase(2);
  EXPECT_EQ(error_of(h), "funds[0].budget_inputs.history: a year missing from the history: 2023");
}

TEST(CaseJsonBudget, NothingRecountedWarnsOfTheRecountsInputs) {
  // The alliance budgeted by share, no county actual counts: fundraising_actual and
  // adjustment_factors_final are unused, each warned once.
  json h = harbin();
  json& a = h["funds"][0]["alliances"][0];
  a.erase("insured_actual_by_band");
  a["service_volume_share"] = "1";
  a["adjustment_factors_final"] = json::array();
  h["funds"][0]["budget_inputs"]["fundraising_actual"] = "1.00";
  const mb::loaded_case lc = load(h);
  const std::string why = "accepted but not used: nothing is recounted (alliances budgeted by service_volume_share, "
                          "no budget_inputs.insured_actual_by_band) (reported once)";
  EXPECT_EQ(lc.warnings, (std::vector<std::string>{"funds[0].budget_inputs.fundraising_actual: " + why,
                                                   "funds[0].alliances[0].adjustment_factors_final: " + why}));
}

TEST(CaseJsonBudget, TcmShareIsUnusedWithoutATable) {
  const mb::loaded_case lc = load(hunan());
  EXPECT_EQ(lc.warnings, (std::vector<std::string>{
                             "funds[0].alliances[0].tcm_share: accepted but not used by policy hunan (reported once)"}));
  json t = hunan();
  t["policy_overrides"] = {{"tcm_tiers", json::array({json::array({"0.30", "0.02"})})}};
  EXPECT_TRUE(load(t).warnings.empty());
  // With a table every alliance of the fund gives its TCM share.
  t["funds"][0]["alliances"][1].erase("tcm_share");
  EXPECT_EQ(error_of(t), "funds[0].alliances[1].tcm_share: missing: the alliance's TCM service share (TCM tilt)");
}

TEST(CaseJsonBudget, WrongInputsNameTheirPath) {
  json h = harbin();
  h["funds"][0]["alliances"][0]["supplementary_budget"] = "-1.00";
  EXPECT_EQ(error_of(h), "funds[0].alliances[0].supplementary_budget: must not be negative");
  h = harbin();
  h["funds"][0]["budget_inputs"]["fundraising_actual"] = "-0.01";
  EXPECT_EQ(error_of(h), "funds[0].budget_inputs.fundraising_actual: must not be negative");
  h = harbin();
  h["funds"][0]["alliances"][0]["adjustment_factors_final"] = json::array({{{"reason", "x"}}});
  EXPECT_EQ(error_of(h), "funds[0].alliances[0].adjustment_factors_final[0].rate: missing: the factor's rate");

  json u = hunan();
  json& in = u["funds"][0]["budget_inputs"];
  in["scope_deductions"] = {{"reason", "x"}};
  EXPECT_EQ(error_of(u), "funds[0].budget_inputs.scope_deductions: expected an array, got an object");
  in["scope_deductions"] = json::array({{{"amount", "1.00"}}});
  EXPECT_EQ(error_of(u), "funds[0].budget_inputs.scope_deductions[0].reason: missing: why the amount is outside the "
                         "payment scope");
  in["scope_deductions"] = json::array({{{"reason", "x"}, {"amount", "1.00"}, {"note", "y"}}});
  EXPECT_EQ(error_of(u), "funds[0].budget_inputs.scope_deductions[0].note: unknown field (expected one of: reason, "
                         "amount)");
  in["scope_deductions"] = json::array({{{"reason", "x"}, {"amount", "1e3"}}});
  EXPECT_EQ(error_of(u), "funds[0].budget_inputs.scope_deductions[0].amount: \"1e3\" is not an amount in yuan: "
                         "exponent notation is not accepted");
  in["scope_deductions"] = json::array({{{"reason", "x"}, {"amount", "530000000.01"}}});
  EXPECT_EQ(error_of(u), "funds[0].budget_inputs.scope_deductions: the deductions sum to 530000000.01, more than Z "
                         "after the growth bound (530000000.00)");
}

TEST(CaseJsonBudget, EnumerationOverrides) {
  json h = harbin();
  h["policy_overrides"] = {{"coefficient_combination", "sum"}};
  EXPECT_EQ(load(h).value.pol.get<mb::choice>("coefficient_combination").value, "sum");
  h["policy_overrides"] = {{"coefficient_combination", "mean"}};
  EXPECT_EQ(error_of(h), "policy_overrides.coefficient_combination: unknown value \"mean\" (expected one of: product, "
                         "sum)");
  h["policy_overrides"] = {{"coefficient_combination", 1}};
  EXPECT_EQ(error_of(h), "policy_overrides.coefficient_combination: expected a string, got a number");
  json u = hunan();
  u["policy_overrides"] = {{"revenue_growth_bound", "ceiling"}};
  EXPECT_EQ(error_of(u), "policy_overrides.revenue_growth_bound: unknown value \"ceiling\" (expected one of: report, "
                         "cap, off)");
  // Under off, the growth inputs are unused.
  u["policy_overrides"] = {{"revenue_growth_bound", "off"}};
  const mb::loaded_case lc = load(u);
  EXPECT_EQ(lc.warnings.size(), 3u);  // prior_year_budget, revenue_growth_rate, tcm_share
}

TEST(CaseJsonBudget, CountsAndTablesOfSection9) {
  json h = harbin();
  h["policy_overrides"] = {{"advance_months", "1"}};  // a count is a JSON integer
  EXPECT_EQ(error_of(h), "policy_overrides.advance_months: expected a whole number, got a string");
  h["policy_overrides"] = {{"advance_months", -1}};
  EXPECT_EQ(error_of(h), "policy_overrides.advance_months: expected at least 0, got -1");
  json u = hunan();
  u["policy_overrides"] = {{"retention_table", json::array({json::array({"80", "1"}), json::array({"80", "0.5"})})}};
  EXPECT_EQ(error_of(u), "policy_overrides.retention_table[1]: thresholds must strictly decrease (highest first)");
  // A value below every threshold gets 0.
  u["policy_overrides"] = {{"retention_table", json::array({json::array({"95", "1"})})}};
  EXPECT_EQ(load(u).value.pol.get<mb::threshold_table>("retention_table").lookup(mb::rate::parse("94.99")), mb::rate{});
}

}  // namespace
