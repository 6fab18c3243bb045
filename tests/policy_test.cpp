// The policy model: the four presets with the parameters of docs/policy-model.md and their clauses,
// overrides, validation (make_policy), age bands and threshold tables. A fifth policy defined in JSON
// alone is in policy_xiangtan_test.cpp.
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

threshold_table table(std::initializer_list<std::pair<const char*, const char*>> rows) {
  threshold_table t;
  for (const auto& [k, v] : rows) t.rows.emplace_back(R(k), R(v));
  return t;
}

// ---- presets --------------------------------------------------------------------------------------

TEST(Policy, PresetIdsListTheFour) {
  auto ids = medbudget::preset_ids();
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"guangdong_yangxi", "harbin", "hunan", "sanming"}));
  for (const auto& id : ids) EXPECT_EQ(medbudget::preset(id).id, id);
}

TEST(Policy, UnknownPresetIsAnInputError) {
  expect_input_error([] { (void)medbudget::preset("harbinn"); }, "policy", "unknown preset \"harbinn\"");
  expect_input_error([] { (void)medbudget::preset_json("xiangtan"); }, "policy", "unknown preset \"xiangtan\"");
}

TEST(Policy, EmbeddedPresetJsonIsThePoliciesFile) {
  for (const auto& id : medbudget::preset_ids())
    EXPECT_EQ(std::string(medbudget::preset_json(id)), medbudget::read_file(source_path("policies/" + id + ".json")))
        << id;
}

TEST(Policy, HarbinParametersOfSection9) {
  const policy& p = medbudget::preset("harbin");
  EXPECT_EQ(p.family, medbudget::settlement_family::claims_paid);
  EXPECT_EQ(p.base, medbudget::budget_base::weighted_history);
  EXPECT_EQ(p.allocation, medbudget::allocation_rule::age_band_capitation);
  EXPECT_TRUE(p.fundraising_cap);
  EXPECT_TRUE(p.year_end_recount);
  EXPECT_TRUE(p.performance_gate);
  EXPECT_EQ(p.parameters.size(), 11u);  // revision 3: coefficient_combination, unattributed_local, growth_cap_basis
  EXPECT_EQ(p.get<medbudget::choice>("coefficient_combination").value, "product");  // product, local default
  EXPECT_EQ(p.get<medbudget::choice>("unattributed_local").value, "error");
  EXPECT_EQ(p.get<medbudget::choice>("growth_cap_basis").value, "final_budget");
  EXPECT_EQ(medbudget::growth_cap_basis_rule(p), medbudget::growth_cap_rule::final_budget);
  EXPECT_EQ(p.get<std::vector<rate>>("history_weights"), (std::vector<rate>{R("0.2"), R("0.3"), R("0.5")}));
  EXPECT_EQ(p.get<rate>("risk_reserve_rate"), R("0.05"));
  EXPECT_EQ(p.get<std::int64_t>("advance_months"), 1);
  EXPECT_EQ(p.get<rate>("surplus_cap_rate"), R("0.15"));
  EXPECT_EQ(p.get<rate>("overspend_band_rate"), R("0.15"));
  EXPECT_EQ(p.get<std::int64_t>("declaration_day"), 10);
  EXPECT_EQ(p.rounding_mode(), medbudget::rounding::half_away_from_zero);
  EXPECT_EQ(p.age_bands(), preset_bands());
  for (const char* absent : {"adjustment_fund_rate", "share_weights", "tcm_tiers", "installment_rate",
                             "retention_table", "overspend_share_ratio", "reserve_release_table", "due_workdays"})
    EXPECT_FALSE(p.has(absent)) << absent;
}

TEST(Policy, GuangdongParametersOfSection9) {
  const policy& p = medbudget::preset("guangdong_yangxi");
  EXPECT_EQ(p.family, medbudget::settlement_family::package_paid);
  EXPECT_EQ(p.base, medbudget::budget_base::fund_revenue);
  EXPECT_EQ(p.allocation, medbudget::allocation_rule::explicit_shares);
  EXPECT_TRUE(p.reserve_release);
  EXPECT_EQ(p.parameters.size(), 10u);  // revision 3: unattributed_local, the release table, netting
  EXPECT_EQ(p.get<medbudget::choice>("unattributed_local").value, "error");
  EXPECT_EQ(p.get<medbudget::choice>("out_of_alliance_netting").value, "year_end");
  EXPECT_EQ(p.get<threshold_table>("total_payment_release_table"), table({{"0", "1"}}));
  EXPECT_TRUE(medbudget::releases_total_payment(p));
  EXPECT_EQ(p.get<rate>("risk_reserve_rate"), R("0.08"));
  EXPECT_EQ(p.get<rate>("adjustment_fund_rate"), R("0.02"));
  EXPECT_EQ(p.get<rate>("installment_rate"), R("0.8"));
  EXPECT_EQ(p.get<rate>("overspend_share_ratio"), R("0.5"));
  EXPECT_EQ(p.get<threshold_table>("reserve_release_table"),
            table({{"90", "1"}, {"80", "0.8"}, {"70", "0.5"}, {"0", "0"}}));
  EXPECT_EQ(p.rounding_mode(), medbudget::rounding::half_away_from_zero);
  EXPECT_EQ(p.age_bands(), preset_bands());
  ASSERT_EQ(p.deductions.size(), 2u);
  EXPECT_EQ(p.deductions[0].key, "adjustment_fund");
  EXPECT_EQ(p.deductions[1].key, "risk_reserve");
}

TEST(Policy, HunanParametersOfSection9) {
  const policy& p = medbudget::preset("hunan");
  EXPECT_EQ(p.family, medbudget::settlement_family::claims_paid);
  EXPECT_EQ(p.base, medbudget::budget_base::expenditure_budget);
  EXPECT_EQ(p.allocation, medbudget::allocation_rule::weighted_shares);
  EXPECT_TRUE(p.tcm_tilt);
  EXPECT_TRUE(p.revenue_growth_cap);
  EXPECT_EQ(p.parameters.size(), 10u);  // revision 3: revenue_growth_bound, unattributed_local
  EXPECT_EQ(medbudget::unattributed_local_rule(p), medbudget::unattributed_rule::error);
  EXPECT_EQ(p.get<share_weights>("share_weights"), (share_weights{R("0.5"), R("0.3"), R("0.2")}));
  // Revision 3: the growth check is reported, the TCM tilt is off.
  EXPECT_EQ(p.get<threshold_table>("tcm_tiers"), threshold_table{});
  EXPECT_EQ(p.get<medbudget::choice>("revenue_growth_bound").value, "report");
  EXPECT_EQ(p.get<std::int64_t>("advance_months"), 1);
  EXPECT_EQ(p.get<threshold_table>("retention_table"),
            table({{"90", "1"}, {"80", "0.8"}, {"70", "0.6"}, {"0", "0"}}));
  EXPECT_EQ(p.get<std::int64_t>("due_workdays"), 30);
  EXPECT_EQ(p.get<std::int64_t>("declaration_day"), 10);
  EXPECT_EQ(p.rounding_mode(), medbudget::rounding::half_away_from_zero);
  EXPECT_EQ(p.age_bands(), preset_bands());
}

TEST(Policy, SanmingParametersOfSection9) {
  const policy& p = medbudget::preset("sanming");
  EXPECT_EQ(p.family, medbudget::settlement_family::package_paid);
  EXPECT_EQ(p.base, medbudget::budget_base::per_capita_package);
  EXPECT_EQ(p.allocation, medbudget::allocation_rule::per_capita);
  EXPECT_EQ(p.parameters.size(), 5u);  // revision 3: unattributed_local, out_of_alliance_netting
  EXPECT_EQ(medbudget::out_of_alliance_netting_rule(p), medbudget::netting_rule::year_end);
  EXPECT_FALSE(medbudget::releases_total_payment(p));
  EXPECT_EQ(p.get<rate>("installment_rate"), R("1"));
  EXPECT_EQ(p.rounding_mode(), medbudget::rounding::half_away_from_zero);
  EXPECT_EQ(p.age_bands(), preset_bands());
}

// Every parameter names its clause; exactly the numbers the notices leave open say "local default".
TEST(Policy, EveryParameterHasAClauseAndLocalDefaultsSaySo) {
  const std::map<std::string, std::set<std::string>> local_defaults = {
      {"harbin", {"history_weights", "coefficient_combination", "declaration_day", "rounding", "age_bands",
                  "unattributed_local", "growth_cap_basis"}},
      {"guangdong_yangxi", {"overspend_share_ratio", "reserve_release_table", "rounding", "age_bands",
                            "unattributed_local", "total_payment_release_table", "out_of_alliance_netting"}},
      {"hunan", {"share_weights", "advance_months", "retention_table", "declaration_day", "rounding", "age_bands",
                 "unattributed_local"}},
      {"sanming", {"installment_rate", "rounding", "age_bands", "unattributed_local", "out_of_alliance_netting"}},
  };
  for (const auto& [id, expected] : local_defaults) {
    const policy& p = medbudget::preset(id);
    std::set<std::string> marked;
    for (const auto& [name, param] : p.parameters) {
      EXPECT_FALSE(param.clause.empty()) << id << "." << name;
      if (says_local_default(param.clause)) marked.insert(name);
      else EXPECT_NE(param.clause.find(p.notice), std::string::npos) << id << "." << name << ": " << param.clause;
    }
    EXPECT_EQ(marked, expected) << id;
    // Corridor bands name their clause too.
    for (const auto* side : {&p.bands.surplus, &p.bands.overspend})
      for (const auto& b : *side) EXPECT_FALSE(b.clause.empty()) << id;
  }
}

TEST(Policy, PresetJsonReloadsToTheSameParameters) {
  for (const auto& id : medbudget::preset_ids()) {
    const policy q = medbudget::load_policy(medbudget::preset_json(id), "again.json");
    const policy& p = medbudget::preset(id);
    ASSERT_EQ(q.parameters.size(), p.parameters.size()) << id;
    for (const auto& [name, param] : p.parameters) {
      ASSERT_TRUE(q.has(name)) << id << "." << name;
      EXPECT_EQ(q.parameters.at(name).value, param.value) << id << "." << name;
      EXPECT_EQ(q.parameters.at(name).clause, param.clause) << id << "." << name;
    }
  }
}

// ---- with_overrides --------------------------------------------------------------------------------

TEST(PolicyOverrides, ReplaceTheValueAndMarkTheClause) {
  const policy& p = medbudget::preset("harbin");
  const policy q = medbudget::with_overrides(p, {{"surplus_cap_rate", R("0.10")}, {"advance_months", std::int64_t{2}}});
  EXPECT_EQ(q.get<rate>("surplus_cap_rate"), R("0.1"));
  EXPECT_EQ(q.get<std::int64_t>("advance_months"), 2);
  EXPECT_EQ(q.parameters.at("surplus_cap_rate").clause,
            "case override (was: " + p.parameters.at("surplus_cap_rate").clause + ")");
  EXPECT_EQ(q.parameters.at("advance_months").clause,
            "case override (was: " + p.parameters.at("advance_months").clause + ")");
  // Everything else untouched; the preset itself unchanged.
  EXPECT_EQ(q.parameters.at("overspend_band_rate").clause, p.parameters.at("overspend_band_rate").clause);
  EXPECT_EQ(q.get<rate>("overspend_band_rate"), R("0.15"));
  EXPECT_EQ(p.get<rate>("surplus_cap_rate"), R("0.15"));
  EXPECT_EQ(medbudget::preset("harbin").get<rate>("surplus_cap_rate"), R("0.15"));
}

TEST(PolicyOverrides, TablesAndWeightsReplaceWhole) {
  const policy q = medbudget::with_overrides(
      medbudget::preset("hunan"),
      {{"retention_table", table({{"95", "1"}, {"0", "0.5"}})},
       {"share_weights", share_weights{R("0.4"), R("0.4"), R("0.2")}}});
  EXPECT_EQ(q.get<threshold_table>("retention_table"), table({{"95", "1"}, {"0", "0.5"}}));
  EXPECT_EQ(q.get<share_weights>("share_weights"), (share_weights{R("0.4"), R("0.4"), R("0.2")}));
}

TEST(PolicyOverrides, UnknownNameIsAnError) {
  const policy& p = medbudget::preset("harbin");
  expect_input_error([&] { (void)medbudget::with_overrides(p, {{"surplus_cap_rat", R("0.1")}}); },
                     "policy_overrides.surplus_cap_rat", "unknown parameter for policy harbin");
  // A parameter name this policy does not carry is unknown too.
  expect_input_error([&] { (void)medbudget::with_overrides(p, {{"installment_rate", R("0.9")}}); },
                     "policy_overrides.installment_rate", "unknown parameter");
}

TEST(PolicyOverrides, WrongTypeIsAnError) {
  const policy& p = medbudget::preset("harbin");
  expect_input_error([&] { (void)medbudget::with_overrides(p, {{"surplus_cap_rate", table({{"90", "1"}})}}); },
                     "policy_overrides.surplus_cap_rate", "expected a rate");
  expect_input_error([&] { (void)medbudget::with_overrides(p, {{"advance_months", R("1")}}); },
                     "policy_overrides.advance_months", "expected a whole number");
  expect_input_error([&] { (void)medbudget::with_overrides(p, {{"history_weights", R("1")}}); },
                     "policy_overrides.history_weights", "expected a list of rates");
}

TEST(PolicyOverrides, OutOfRangeIsAnError) {
  const policy& p = medbudget::preset("harbin");
  expect_input_error([&] { (void)medbudget::with_overrides(p, {{"surplus_cap_rate", R("1.5")}}); },
                     "policy_overrides.surplus_cap_rate", "expected a rate from 0 to 1");
  expect_input_error([&] { (void)medbudget::with_overrides(p, {{"advance_months", std::int64_t{13}}}); },
                     "policy_overrides.advance_months", "expected 0 to 12 months");
  expect_input_error(
      [&] { (void)medbudget::with_overrides(p, {{"history_weights", std::vector<rate>{R("0.3"), R("0.3"), R("0.3")}}}); },
      "policy_overrides.history_weights", "weights must sum to 1");
  expect_input_error(
      [] {
        (void)medbudget::with_overrides(medbudget::preset("hunan"),
                                        {{"retention_table", table({{"80", "0.8"}, {"90", "1"}})}});
      },
      "policy_overrides.retention_table[1]", "thresholds must strictly decrease");
  expect_input_error(
      [] {
        (void)medbudget::with_overrides(medbudget::preset("sanming"), {{"installment_rate", R("0")}});
      },
      "policy_overrides.installment_rate", "expected a rate above 0");
}

// ---- make_policy -----------------------------------------------------------------------------------

TEST(MakePolicy, PresetsAreValid) {
  for (const auto& id : medbudget::preset_ids()) EXPECT_NO_THROW((void)medbudget::make_policy(medbudget::preset(id))) << id;
}

TEST(MakePolicy, MissingParameterTheRulesName) {
  policy p = medbudget::preset("harbin");
  p.parameters.erase("history_weights");
  expect_input_error([&] { (void)medbudget::make_policy(p); }, "policy.parameters.history_weights", "missing");

  policy q = medbudget::preset("hunan");
  q.parameters.erase("share_weights");
  expect_input_error([&] { (void)medbudget::make_policy(q); }, "policy.parameters.share_weights", "missing");

  policy r = medbudget::preset("sanming");
  r.parameters.erase("installment_rate");
  expect_input_error([&] { (void)medbudget::make_policy(r); }, "policy.parameters.installment_rate", "missing");

  policy s = medbudget::preset("guangdong_yangxi");
  s.parameters.erase("reserve_release_table");
  expect_input_error([&] { (void)medbudget::make_policy(s); }, "policy.parameters.reserve_release_table", "missing");

  policy t = medbudget::preset("harbin");
  t.parameters.erase("rounding");
  expect_input_error([&] { (void)medbudget::make_policy(t); }, "policy.parameters.rounding", "missing");
}

TEST(MakePolicy, ParameterOfTheWrongType) {
  policy p = medbudget::preset("harbin");
  p.parameters.at("history_weights").value = R("1");
  expect_input_error([&] { (void)medbudget::make_policy(p); }, "policy.parameters.history_weights",
                     "expected a list of rates, got a rate");
}

TEST(MakePolicy, HistoryWeightsMustSumToOne) {
  policy p = medbudget::preset("harbin");
  p.parameters.at("history_weights").value = std::vector<rate>{R("0.2"), R("0.3"), R("0.4")};
  expect_input_error([&] { (void)medbudget::make_policy(p); }, "policy.parameters.history_weights",
                     "weights must sum to 1 (a weighted average), they sum to 0.9");
  // Any number of weights summing exactly to 1 is fine.
  p.parameters.at("history_weights").value = std::vector<rate>{R("0.25"), R("0.75")};
  EXPECT_NO_THROW((void)medbudget::make_policy(p));
}

TEST(MakePolicy, ThresholdsMustDescend) {
  policy p = medbudget::preset("hunan");
  p.parameters.at("retention_table").value = table({{"90", "1"}, {"90", "0.8"}});
  expect_input_error([&] { (void)medbudget::make_policy(p); }, "policy.parameters.retention_table[1]",
                     "thresholds must strictly decrease");
  p.parameters.at("retention_table").value = table({{"70", "0.6"}, {"80", "0.8"}});
  expect_input_error([&] { (void)medbudget::make_policy(p); }, "policy.parameters.retention_table[1]",
                     "thresholds must strictly decrease");
  p.parameters.at("retention_table").value = threshold_table{};
  expect_input_error([&] { (void)medbudget::make_policy(p); }, "policy.parameters.retention_table",
                     "at least one");
}

TEST(MakePolicy, AgeBandsContiguousAndLastOpen) {
  auto bands = [](std::initializer_list<const char*> names) {
    std::vector<age_band> out;
    for (const char* n : names) out.push_back(medbudget::parse_age_band(n));
    return out;
  };
  policy p = medbudget::preset("harbin");
  p.parameters.at("age_bands").value = bands({"0-17", "19-44", "45-59", "60-74", "75+"});
  expect_input_error([&] { (void)medbudget::make_policy(p); }, "policy.parameters.age_bands[1]",
                     "contiguous from age 0: expected a band starting at 18");
  p.parameters.at("age_bands").value = bands({"1-17", "18+"});
  expect_input_error([&] { (void)medbudget::make_policy(p); }, "policy.parameters.age_bands[0]",
                     "expected a band starting at 0");
  p.parameters.at("age_bands").value = bands({"0-17", "18-44", "45-59", "60-74", "75-120"});
  expect_input_error([&] { (void)medbudget::make_policy(p); }, "policy.parameters.age_bands[4]",
                     "the last band must be open");
  p.parameters.at("age_bands").value = bands({"0-17", "18+", "45-59"});
  expect_input_error([&] { (void)medbudget::make_policy(p); }, "policy.parameters.age_bands[1]",
                     "only the last band may be open");
  p.parameters.at("age_bands").value = std::vector<age_band>{};
  expect_input_error([&] { (void)medbudget::make_policy(p); }, "policy.parameters.age_bands", "at least one");
  // Other cut-points are fine when contiguous and open at the end.
  p.parameters.at("age_bands").value = bands({"0-5", "6-64", "65+"});
  EXPECT_NO_THROW((void)medbudget::make_policy(p));
}

TEST(MakePolicy, CapitationOnlyWithWeightedHistory) {
  policy p = medbudget::preset("harbin");
  p.base = medbudget::budget_base::expenditure_budget;
  expect_input_error([&] { (void)medbudget::make_policy(p); }, "policy.budget.allocation",
                     "age_band_capitation goes with the weighted_history base");
  policy q = medbudget::preset("hunan");
  q.base = medbudget::budget_base::weighted_history;
  q.parameters.emplace("history_weights", medbudget::parameter{std::vector<rate>{R("1")}, "local default"});
  expect_input_error([&] { (void)medbudget::make_policy(q); }, "policy.budget.allocation",
                     "age_band_capitation goes with the weighted_history base");
}

TEST(MakePolicy, EmptyClauseOrIdIsAnError) {
  policy p = medbudget::preset("sanming");
  p.parameters.at("installment_rate").clause.clear();
  expect_input_error([&] { (void)medbudget::make_policy(p); }, "policy.parameters.installment_rate.clause",
                     "missing");
  policy q = medbudget::preset("sanming");
  q.id.clear();
  expect_input_error([&] { (void)medbudget::make_policy(q); }, "policy.id", "missing");
}

TEST(MakePolicy, DeductionsMayNotTakeTheWholeBase) {
  policy p = medbudget::preset("guangdong_yangxi");
  p.parameters.at("risk_reserve_rate").value = R("0.98");
  expect_input_error([&] { (void)medbudget::make_policy(p); }, "policy.budget.deductions", "the whole base");
}

// The JSON loader reports a missing parameter at the parameter's JSON path, whatever rule names it.
TEST(LoadPolicy, MissingDeductionRateNamesTheParameterPath) {
  std::string json(medbudget::preset_json("guangdong_yangxi"));
  const std::string cut = R"("adjustment_fund_rate": { "value": "0.02", "clause": "粤医保发〔2019〕25号 附件1 二.1 预留 2% 的调剂金" },)";
  const auto at = json.find(cut);
  ASSERT_NE(at, std::string::npos);
  json.erase(at, cut.size());
  try {
    (void)medbudget::load_policy(json, "gd.json");
    FAIL() << "no error";
  } catch (const input_error& e) {
    EXPECT_NE(e.message().find("missing"), std::string::npos) << e.what();
    if (e.where() != "gd.json: policy.parameters.adjustment_fund_rate") {
      FAIL() << "missing deduction rate reported at " << e.where();
    }
  }
}

// A rule part that names an enumeration parameter needs it (revision 3: coefficient_combination,
// revenue_growth_bound), and an override must be one of its values.
TEST(PolicyJson, RevisionThreeEnumerationsRequired) {
  for (const auto& [id, cut, path, what] :
       {std::tuple{"harbin", R"("coefficient_combination": { "value": "product",)", "h.json: policy.parameters.coefficient_combination",
                   "missing: how the adjustment factors combine (product or sum) (named by policy.budget.adjustment_coefficient)"},
        std::tuple{"hunan", R"("revenue_growth_bound": { "value": "report",)", "h.json: policy.parameters.revenue_growth_bound",
                   "missing: the revenue growth check (report, cap or off) (named by policy.budget.revenue_growth_cap)"}}) {
    std::string json(medbudget::preset_json(id));
    const auto at = json.find(cut);
    ASSERT_NE(at, std::string::npos) << id;
    json.erase(at, json.find("},", at) + 2 - at);  // the whole entry, through its closing "},"
    expect_input_error([&] { (void)medbudget::load_policy(json, "h.json"); }, path, what);
  }
  expect_input_error(
      [] { (void)medbudget::with_overrides(medbudget::preset("harbin"), {{"coefficient_combination", medbudget::choice{"mean"}}}); },
      "policy_overrides.coefficient_combination", "unknown value \"mean\" (expected one of: product, sum)");
}

TEST(LoadPolicy, ErrorsNameTheSourceAndPath) {
  std::string json(medbudget::preset_json("sanming"));
  const auto at = json.find(R"("installment_rate": { "value": "1")");
  ASSERT_NE(at, std::string::npos);
  json.replace(at, std::string(R"("installment_rate": { "value": "1")").size(), R"("installment_rate": { "value": "1.5")");
  expect_input_error([&] { (void)medbudget::load_policy(json, "s.json"); },
                     "s.json: policy.parameters.installment_rate", "expected a rate from 0 to 1");
  expect_input_error([] { (void)medbudget::load_policy(R"({"id": "x", "nonsense": 1})", "x.json"); },
                     "x.json: policy.nonsense", "unknown field");
  try {
    (void)medbudget::load_policy("{\n \"id\": \"x\",\n}", "bad.json");
    FAIL() << "no error";
  } catch (const input_error& e) {
    EXPECT_EQ(e.where().rfind("bad.json", 0), 0u) << e.what();
    EXPECT_NE(e.message().find("invalid JSON"), std::string::npos) << e.what();
  }
}

// ---- parse_age_band ---------------------------------------------------------------------------------

TEST(PolicyAgeBand, ParsesClosedAndOpenBands) {
  const age_band a = medbudget::parse_age_band("18-44");
  EXPECT_EQ(a.name, "18-44");
  EXPECT_EQ(a.lower_years, 18);
  EXPECT_EQ(a.upper_years, 45);
  EXPECT_FALSE(a.contains(17));
  EXPECT_TRUE(a.contains(18));
  EXPECT_TRUE(a.contains(44));
  EXPECT_FALSE(a.contains(45));
  const age_band z = medbudget::parse_age_band("0-17");
  EXPECT_EQ(z.lower_years, 0);
  EXPECT_EQ(z.upper_years, 18);
  EXPECT_TRUE(z.contains(0));
  const age_band o = medbudget::parse_age_band("75+");
  EXPECT_EQ(o.lower_years, 75);
  EXPECT_FALSE(o.upper_years.has_value());
  EXPECT_FALSE(o.contains(74));
  EXPECT_TRUE(o.contains(75));
  EXPECT_TRUE(o.contains(120));
  const age_band one = medbudget::parse_age_band("5-5");
  EXPECT_TRUE(one.contains(5));
  EXPECT_FALSE(one.contains(6));
}

TEST(PolicyAgeBand, RejectsMalformedNames) {
  for (const char* bad : {"", "abc", "17", "-5", "5-", "+", "17-0", "0-17 ", " 0-17", "0--17", "a-17", "1000+",
                          "0-1000", "75++", "0_17"}) {
    try {
      (void)medbudget::parse_age_band(bad);
      ADD_FAILURE() << "accepted \"" << bad << "\"";
    } catch (const input_error& e) {
      EXPECT_NE(e.message().find("age band"), std::string::npos) << bad << ": " << e.what();
    }
  }
}

// ---- threshold_table ---------------------------------------------------------------------------------

TEST(PolicyThresholdTable, LookupAtTheBoundaries) {
  const threshold_table& t = medbudget::preset("hunan").get<threshold_table>("retention_table");
  EXPECT_EQ(t.lookup(R("100")), R("1"));
  EXPECT_EQ(t.lookup(R("90")), R("1"));        // reaching the threshold counts
  EXPECT_EQ(t.lookup(R("89.99")), R("0.8"));
  EXPECT_EQ(t.lookup(R("80")), R("0.8"));
  EXPECT_EQ(t.lookup(R("79.999999")), R("0.6"));
  EXPECT_EQ(t.lookup(R("70.0")), R("0.6"));
  EXPECT_EQ(t.lookup(R("69.9")), R("0"));
  EXPECT_EQ(t.lookup(R("0")), R("0"));
  // Revision 2's TCM table, now a local option (the preset's tcm_tiers is []).
  const threshold_table tcm = table({{"0.30", "0.02"}, {"0.20", "0.01"}});
  EXPECT_EQ(tcm.lookup(R("0.3")), R("0.02"));  // "0.3" == "0.30"
  EXPECT_EQ(tcm.lookup(R("0.2999")), R("0.01"));
  EXPECT_EQ(tcm.lookup(R("0.20")), R("0.01"));
  EXPECT_EQ(tcm.lookup(R("0.1999")), R("0"));  // no row reached: zero
  EXPECT_EQ(tcm.lookup(R("-1")), R("0"));
  EXPECT_EQ(threshold_table{}.lookup(R("50")), R("0"));
}

}  // namespace
