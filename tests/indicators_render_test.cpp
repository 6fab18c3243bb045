// The indicators' report as text and JSON: a percentage beside its threshold never reads as meeting
// it when it does not (percent_beside), and the case facts' lines. Figures worked by hand.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "medbudget/indicators.hpp"
#include "medbudget/io/indicators_render.hpp"
#include "medbudget/io/json.hpp"

using medbudget::cpp_rational;
using medbudget::indicator_comparison;

namespace {

std::optional<medbudget::indicator_requirement> needs(indicator_comparison c, const char* t) {
  medbudget::indicator_requirement q;
  q.indicator = "in_county_fund_share";
  q.comparison = c;
  q.threshold = medbudget::rate::parse(t);
  return q;
}

}  // namespace

TEST(IndicatorsRender, PercentBesideAThreshold) {
  using C = indicator_comparison;
  // 59.996%: 2 places would show 60.00 against >= 60 (reads met, is not): 3 places.
  EXPECT_EQ(medbudget::percent_beside(cpp_rational(59996, 100000), 2, needs(C::ge, "60")), "59.996");
  // Exactly 60%: met, and 60.00 reads met.
  EXPECT_EQ(medbudget::percent_beside(cpp_rational(60, 100), 2, needs(C::ge, "60")), "60.00");
  // 60.004% against <= 60: 60.00 would read met; 60.004.
  EXPECT_EQ(medbudget::percent_beside(cpp_rational(60004, 100000), 2, needs(C::le, "60")), "60.004");
  // 59.99% − 1/300000 of a point = 59.98999666…%: 59.99 at 2 places reads not met, as it is.
  EXPECT_EQ(medbudget::percent_beside(cpp_rational(5999, 10000) - cpp_rational(1, 30000000), 2, needs(C::ge, "60")),
            "59.99");
  // Without a requirement, or a value far from it: the policy's places.
  EXPECT_EQ(medbudget::percent_beside(cpp_rational(59996, 100000), 2, std::nullopt), "60.00");
  EXPECT_EQ(medbudget::percent_beside(cpp_rational(1, 3), 2, needs(C::ge, "60")), "33.33");
  // Against < 10: 9.996% shows 10.00 (reads not met, but it is): 9.996.
  EXPECT_EQ(medbudget::percent_beside(cpp_rational(9996, 100000), 2, needs(C::lt, "10")), "9.996");
  // A threshold with more places than the policy's: 12.3456% against > 12.345 (met): 12.35 reads met.
  EXPECT_EQ(medbudget::percent_beside(cpp_rational(123456, 1000000), 2, needs(C::gt, "12.345")), "12.35");
  // 12.3449% against >= 12.345 (not met): 12.34 reads not met.
  EXPECT_EQ(medbudget::percent_beside(cpp_rational(123449, 1000000), 2, needs(C::ge, "12.345")), "12.34");
  // 1/7 = 14.285714…% against <= 14.2857 (not met): 14.29 reads not met.
  EXPECT_EQ(medbudget::percent_beside(cpp_rational(1, 7), 2, needs(C::le, "14.2857")), "14.29");
  // … against >= 14.2857 (met): 14.29 reads met.
  EXPECT_EQ(medbudget::percent_beside(cpp_rational(1, 7), 2, needs(C::ge, "14.2857")), "14.29");
  // 60% − 2/3000 of a point = 59.99933…%: 60.00 at 2 places; 59.999 at 3 reads not met.
  EXPECT_EQ(medbudget::percent_beside(cpp_rational(6, 10) - cpp_rational(2, 300000), 2, needs(C::ge, "60")), "59.999");
}

// A hand-built report: Harbin's pass/fail, in-county spend 14999/25000 = 59.996% against >= 60 and a
// case fact without a case.
TEST(IndicatorsRender, TextAndJson) {
  medbudget::indicator_report r;
  r.county = "441721";
  r.year = 2024;
  r.policy_id = "harbin";
  r.scoring = medbudget::indicator_scoring::pass_fail;
  r.decimals = 2;
  r.readmission_days = 15;
  medbudget::alliance_indicators a;
  a.id = "YX01";
  medbudget::indicator_value v;
  v.id = "in_county_fund_share";
  v.value = cpp_rational(14999, 25000);
  v.numerator = "1499900";
  v.denominator = "2500000";
  v.requirement = needs(indicator_comparison::ge, "60");
  a.values.push_back(v);
  medbudget::fact_value f;
  f.name = "fraud_events";
  f.why_not = "fact not given";
  f.requirement.case_fact = "fraud_events";
  f.requirement.comparison = indicator_comparison::le;
  a.facts.push_back(f);
  r.funds.push_back({"390", {a}});
  EXPECT_EQ(medbudget::render_indicators(r, medbudget::output_format::text),
            "county 441721, year 2024, policy harbin, scoring pass_fail, readmission within 15 days, no previous year\n"
            "fund 390 alliance YX01\n"
            "  in_county_fund_share: 59.996%  requires >= 60%: not met\n"
            "  fraud_events (case fact): fact not given  requires <= 0: not met\n"
            "  indicators met: no\n");
  const auto j = nlohmann::json::parse(medbudget::render_indicators(r, medbudget::output_format::json));
  const auto& ja = j["funds"][0]["alliances"][0];
  EXPECT_EQ(ja["indicators"]["in_county_fund_share"]["percent"], "59.996");
  EXPECT_EQ(ja["indicators"]["in_county_fund_share"]["met"], false);
  EXPECT_TRUE(ja["case_facts"]["fraud_events"]["value"].is_null());
  EXPECT_EQ(ja["case_facts"]["fraud_events"]["not_given"], "fact not given");
  EXPECT_EQ(ja["case_facts"]["fraud_events"]["requirement"]["comparison"], "<=");
  EXPECT_EQ(ja["indicators_met"], false);
}
