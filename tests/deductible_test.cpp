// Referral deductibles: Harbin 五(二) and Guangdong 附件1 二.5 on chains worked by hand, policies
// without a rule, and every error of the chain file.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "medbudget/deductible.hpp"
#include "medbudget/error.hpp"
#include "medbudget/io/deductible_json.hpp"
#include "medbudget/io/json.hpp"

namespace {

using medbudget::fen;
using medbudget::stay;

stay at(int level, const char* deductible, bool referred = false, bool in_alliance = true) {
  stay s;
  s.level = level;
  s.deductible = fen::parse(deductible);
  s.referred = referred;
  s.in_alliance = in_alliance;
  return s;
}

std::vector<std::string> charged(const char* policy, const std::vector<stay>& chain) {
  std::vector<std::string> out;
  for (const auto& d : medbudget::referral_deductibles(medbudget::preset(policy).referral, chain)) out.push_back(d.charged.str());
  return out;
}

// A township centre (level 1, 300.00) → up to the county hospital (3, 900.00) → down to a central
// health centre (2, 600.00) → up to the county hospital again (3, 900.00) → out of the alliance to a
// city hospital (3, 1,200.00); then, a new admission without referral at level 2 (600.00).
const std::vector<stay> chain = {at(1, "300.00"),       at(3, "900.00", true), at(2, "600.00", true),
                                 at(3, "900.00", true), at(3, "1200.00", true, false), at(2, "600.00")};

TEST(Deductible, HarbinDownWaivedUpTheDifference) {
  // 300.00 paid; up: 900.00 − 300.00 = 600.00; down: waived; up: 900.00 − 600.00 = 300.00;
  // leaving the alliance: its own 1,200.00; not referred: 600.00.
  EXPECT_EQ(charged("harbin", chain),
            (std::vector<std::string>{"300.00", "600.00", "0.00", "300.00", "1200.00", "600.00"}));
}

TEST(Deductible, HarbinSameLevelAndAnUpperLevelWithTheSmallerDeductible) {
  // Same level: the notice relieves only up and down (local default: its own deductible).
  EXPECT_EQ(charged("harbin", {at(2, "600.00"), at(2, "650.00", true)}), (std::vector<std::string>{"600.00", "650.00"}));
  // Up to a level whose deductible is lower: the difference is negative, nothing is charged.
  EXPECT_EQ(charged("harbin", {at(1, "500.00"), at(2, "400.00", true)}), (std::vector<std::string>{"500.00", "0.00"}));
  // Referred from outside the alliance into it: its own deductible.
  EXPECT_EQ(charged("harbin", {at(3, "1200.00", false, false), at(1, "300.00", true)}),
            (std::vector<std::string>{"1200.00", "300.00"}));
}

TEST(Deductible, GuangdongOneDeductiblePerEpisode) {
  // Stays 1–4 are one stay (referrals inside the alliance): 300.00 once; leaving the alliance starts
  // anew (1,200.00); a stay not referred pays its own (600.00).
  EXPECT_EQ(charged("guangdong_yangxi", chain),
            (std::vector<std::string>{"300.00", "0.00", "0.00", "0.00", "1200.00", "600.00"}));
}

TEST(Deductible, PoliciesWithoutARuleChargeEveryStay) {
  for (const char* p : {"hunan", "sanming"})
    EXPECT_EQ(charged(p, chain), (std::vector<std::string>{"300.00", "900.00", "600.00", "900.00", "1200.00", "600.00"})) << p;
}

TEST(Deductible, ChainErrors) {
  const auto& rule = medbudget::preset("harbin").referral;
  EXPECT_THROW((void)medbudget::referral_deductibles(rule, {at(1, "300.00", true)}), medbudget::input_error);
  EXPECT_THROW((void)medbudget::referral_deductibles(rule, {at(4, "300.00")}), medbudget::input_error);
  EXPECT_THROW((void)medbudget::referral_deductibles(rule, {at(1, "-1.00")}), medbudget::input_error);
}

std::string file_error(const std::string& json) {
  try {
    (void)medbudget::read_deductible_request(json, "chain.json", ".");
  } catch (const medbudget::input_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Deductible, ChainFileErrorsNameThePath) {
  EXPECT_EQ(file_error(R"({"stays": []})"), "policy: missing: a preset id or a policy file");
  EXPECT_EQ(file_error(R"({"policy": "harbin", "stays": []})"), "stays: at least one stay is required");
  EXPECT_EQ(file_error(R"({"policy": "harbin", "stays": [{"level": 5, "deductible": "1"}]})"),
            "stays[0].level: expected 0 to 3");
  EXPECT_EQ(file_error(R"({"policy": "harbin", "stays": [{"level": 1, "deductible": "1.001"}]})"),
            "stays[0].deductible: \"1.001\" has more than two decimals (amounts are whole fen)");
  EXPECT_EQ(file_error(R"({"policy": "harbin", "stays": [{"level": 1, "deductible": "1", "ward": 2}]})"),
            "stays[0].ward: unknown field (expected one of: id, level, deductible, referred, in_alliance)");
  EXPECT_EQ(file_error(R"({"policy": "harbin", "stays": [{"level": 1}]})"),
            "stays[0].deductible: missing: the level's deductible in yuan");
}

TEST(Deductible, PolicyFileRuleIsChecked) {
  std::string text(medbudget::preset_json("harbin"));
  text.replace(text.find("\"level_difference\""), std::string("\"level_difference\"").size(), "\"halve\"");
  try {
    (void)medbudget::load_policy(text, "p.json");
    FAIL();
  } catch (const medbudget::input_error& e) {
    EXPECT_NE(std::string(e.what()).find("referral_deductible.rule"), std::string::npos) << e.what();
  }
}

}  // namespace
