// The policy model: the four presets with the parameters of docs/policy-model.md and their clauses, overrides,
// validation (make_policy), age bands, threshold tables, and a fifth policy defined in JSON alone
// (tests/data/policies/xiangtan.json) budgeted and settled with hand-worked figures.
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

// Readable gtest output for the money types.
namespace medbudget {
inline void PrintTo(const rate& r, std::ostream* os) { *os << r.str(); }
inline void PrintTo(const fen& f, std::ostream* os) { *os << f.str(); }
}  // namespace medbudget

namespace {

using medbudget::age_band;
using medbudget::fen;
using medbudget::input_error;
using medbudget::parameter_value;
using medbudget::policy;
using medbudget::rate;
using medbudget::share_weights;
using medbudget::threshold_table;

rate R(const char* s) { return rate::parse(s); }
fen Y(const char* s) { return fen::parse(s); }

threshold_table table(std::initializer_list<std::pair<const char*, const char*>> rows) {
  threshold_table t;
  for (const auto& [k, v] : rows) t.rows.emplace_back(R(k), R(v));
  return t;
}

std::vector<age_band> preset_bands() {
  std::vector<age_band> out;
  for (const char* b : {"0-17", "18-44", "45-59", "60-74", "75+"}) out.push_back(medbudget::parse_age_band(b));
  return out;
}

std::string source_path(const std::string& rel) { return std::string(MEDBUDGET_SOURCE_DIR) + "/" + rel; }

// Runs `f`, expects an input_error at `where` whose message contains `what`.
template <class F>
void expect_input_error(F&& f, const std::string& where, const std::string& what) {
  try {
    f();
    ADD_FAILURE() << "no input_error; expected one at " << where;
  } catch (const input_error& e) {
    EXPECT_EQ(e.where(), where) << e.what();
    EXPECT_NE(e.message().find(what), std::string::npos) << "message: " << e.message() << "\nexpected: " << what;
  }
}

bool says_local_default(const std::string& clause) { return clause.find("local default") != std::string::npos; }

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
