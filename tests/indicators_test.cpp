// Performance indicators: counts from hand-built record files, ratios, requirements and scores.
// Every expected figure is worked by hand in the comments from tests/data/indicators/*.csv.
#include <gtest/gtest.h>

#include <filesystem>

#include "medbudget/error.hpp"
#include "medbudget/indicators.hpp"
#include "medbudget/io/commands.hpp"
#include "medbudget/io/indicators_csv.hpp"
#include "medbudget/io/json.hpp"

namespace fs = std::filesystem;
using medbudget::cpp_rational;
using medbudget::indicator_counts;
using medbudget::indicator_tally;

namespace {

const fs::path data_dir = fs::path(MEDBUDGET_SOURCE_DIR) / "tests" / "data" / "indicators";

indicator_tally tally(const std::string& file, int year, std::int64_t days = 15, std::size_t batch = 8u << 20) {
  const auto reg = medbudget::read_registry((data_dir / "registry.csv").string());
  medbudget::indicator_options o;
  o.county = "441721";
  o.year = year;
  o.readmission_days = days;
  o.batch_bytes = batch;
  return medbudget::tally_indicators((data_dir / file).string(), reg, nullptr, o);
}

const medbudget::indicator_value& value(const medbudget::indicator_report& r, std::size_t fund, const std::string& id) {
  for (const auto& v : r.funds.at(fund).alliances.at(0).values)
    if (v.id == id) return v;
  throw std::runtime_error("no indicator " + id);
}

}  // namespace

// claims_2024.csv, fund 390, alliance YX01 (the only one: every local insured, admdvs 441721, belongs
// to it). Counted local rows: S01–S08, S10–S12 (S09 is non-local, S13 invalid, S14 fund 310, S15 2023).
TEST(Indicators, CountsFromRecords) {
  const indicator_tally t = tally("claims_2024.csv", 2024);
  ASSERT_EQ(t.alliances, std::vector<std::string>{"YX01"});
  EXPECT_TRUE(t.has_medfee && t.has_ownpay && t.has_stay_times);
  const indicator_counts& c = t.funds[1][0];
  // Inpatient (21): S01 S02 S03 S04 S10 +1 each, S11 (reversal of S10) −1, S12 +1 → 5.
  EXPECT_EQ(c.stays, 5);
  // In county (A1, A2, N1): all but S03 (X1, 441702) → 5 − 1 = 4.
  EXPECT_EQ(c.stays_in_county, 4);
  // medfee: 1000+1000+1000+500+100+100−100+40+800−800+800 = 4440.00 yuan.
  EXPECT_EQ(c.medfee, 444000);
  // hifp: 600+600+800+300+50+50−50+20+500−500+500 = 2870; in county 2870 − 800 (S03) = 2070;
  // at the primary A2: 50+50−50 = 50.
  EXPECT_EQ(c.hifp, 287000);
  EXPECT_EQ(c.hifp_in_county, 207000);
  EXPECT_EQ(c.hifp_primary, 5000);
  // Budget scope leaves out the county non-member N1 (S04: 300 / 500): 2570 / 3940.
  EXPECT_EQ(c.scope_hifp, 257000);
  EXPECT_EQ(c.scope_medfee, 394000);
  // Visits (11, 21; not 41): S01–S04 4, S05 +1, S06 +1, S07 −1, S10 +1, S11 −1, S12 +1 → 6; at A2: 1.
  EXPECT_EQ(c.visits, 6);
  EXPECT_EQ(c.primary_visits, 1);
  // Stays once S10 (reversed) is removed: S01 S02 (P1), S03 S04 (P2), S12 (P5) → 5.
  // S02 admitted 2024-01-25, 15 days after S01's discharge 2024-01-10: a readmission (day N = 15).
  // S04 admitted 2024-03-21, 16 days after S03's 2024-03-05: not (day N+1).
  // S12 admitted 7 days after S10's discharge, but S10 is reversed: not.
  EXPECT_EQ(c.readmit_stays, 5);
  EXPECT_EQ(c.readmissions, 1);
  // At members A1, A2, any insured (adds S09, non-local): medfee 1000+1000+100+100−100+40+1000+800−800+800
  // = 3940; fulamt_ownpay 50+50+10+10−10+0+200+40−40+40 = 350.
  EXPECT_EQ(c.member_medfee, 394000);
  EXPECT_EQ(c.member_ownpay, 35000);
  // Fund 310: S14 only (A1, inpatient, 100 / 200).
  const indicator_counts& e = t.funds[0][0];
  EXPECT_EQ(e.stays, 1);
  EXPECT_EQ(e.stays_in_county, 1);
  EXPECT_EQ(e.hifp, 10000);
  EXPECT_EQ(e.medfee, 20000);
  EXPECT_EQ(e.readmissions, 0);
}

TEST(Indicators, ReadmissionWindowBoundary) {
  // N = 14: S02 (15 days) is out too → 0 of 5; N = 16: S04 (16 days) comes in → 2 of 5.
  EXPECT_EQ(tally("claims_2024.csv", 2024, 14).funds[1][0].readmissions, 0);
  EXPECT_EQ(tally("claims_2024.csv", 2024, 15).funds[1][0].readmissions, 1);
  EXPECT_EQ(tally("claims_2024.csv", 2024, 16).funds[1][0].readmissions, 2);
}

TEST(Indicators, SmallBatchesGiveTheSameCounts) {
  // Batches of 64 bytes end at every line or so: the same counts as one batch.
  EXPECT_EQ(tally("claims_2024.csv", 2024, 15, 64).funds, tally("claims_2024.csv", 2024).funds);
}

TEST(Indicators, ValuesWithThePreviousYear) {
  const indicator_tally now = tally("claims_2024.csv", 2024);
  const indicator_tally before = tally("claims_2023.csv", 2023);
  const medbudget::policy& gd = medbudget::preset("guangdong_yangxi");
  const auto r = medbudget::evaluate_indicators(gd, now, &before);
  // 2023, fund 390: stays R01 (A1) and R02 (X1) → 1/2; medfee 1000+2000+700 = 3700.
  EXPECT_EQ(*value(r, 1, "in_county_inpatient_share").value, cpp_rational(4, 5));
  EXPECT_EQ(*value(r, 1, "in_county_inpatient_share_change").value, cpp_rational(4, 5) - cpp_rational(1, 2));  // +30 points
  EXPECT_EQ(*value(r, 1, "cost_growth").value, cpp_rational(4440 - 3700, 3700));                                  // 20%
  EXPECT_EQ(*value(r, 1, "self_pay_rate").value, cpp_rational(350, 3940));                                        // 8.88%
  EXPECT_EQ(medbudget::percent_text(*value(r, 1, "self_pay_rate").value, 2), "8.88");
  EXPECT_EQ(*value(r, 1, "readmission_rate").value, cpp_rational(1, 5));
  EXPECT_EQ(*value(r, 1, "reimbursement_ratio").value, cpp_rational(2570, 3940));  // 65.228…%
  EXPECT_EQ(medbudget::percent_text(*value(r, 1, "reimbursement_ratio").value, 2), "65.23");
  EXPECT_EQ(*value(r, 1, "primary_visit_share").value, cpp_rational(1, 6));  // 16.666…% → 16.67
  EXPECT_EQ(medbudget::percent_text(*value(r, 1, "primary_visit_share").value, 2), "16.67");
  EXPECT_EQ(*value(r, 1, "in_county_fund_share").value, cpp_rational(2070, 2870));  // 72.125…% → 72.13
  EXPECT_EQ(medbudget::percent_text(*value(r, 1, "in_county_fund_share").value, 2), "72.13");
  EXPECT_EQ(*value(r, 1, "primary_fund_share").value, cpp_rational(50, 2870));  // 1.742…% → 1.74
  // Guangdong: change > 0 met (30), growth 20% < 10% not, self-pay 8.88% ≤ 10% met (20),
  // readmission 20% ≤ 5% not → 50.
  EXPECT_EQ(r.funds[1].alliances[0].score, medbudget::rate::from_integer(50));
  EXPECT_EQ(r.funds[1].alliances[0].perf.score, medbudget::rate::from_integer(50));
  EXPECT_FALSE(r.funds[1].alliances[0].perf.indicators_met.has_value());
  // Fund 310 had nothing in 2023: growth and change are not computable (zero denominators) and not met;
  // self-pay 0/200 and readmission 0/1 are met → 40.
  EXPECT_FALSE(value(r, 0, "cost_growth").value.has_value());
  EXPECT_EQ(value(r, 0, "cost_growth").why_not, "the previous year: no records");
  EXPECT_FALSE(value(r, 0, "in_county_inpatient_share_change").value.has_value());
  EXPECT_FALSE(value(r, 0, "cost_growth").met);
  EXPECT_EQ(r.funds[0].alliances[0].score, medbudget::rate::from_integer(40));
  // Hunan, fund 390: growth 20 ≤ 10 no; reimbursement 65.23 ≥ 60 yes; primary visits 16.67 ≥ 65 no;
  // in-county spend 72.13 ≥ 60 yes; primary spend 1.74 ≥ 20 no → 40.
  const auto hn = medbudget::evaluate_indicators(medbudget::preset("hunan"), now, &before);
  EXPECT_EQ(hn.funds[1].alliances[0].perf.score, medbudget::rate::from_integer(40));
  // Harbin: in-county spend 72.13 ≥ 60 yes, primary spend 1.74 ≥ 15 no → not met.
  const auto hb = medbudget::evaluate_indicators(medbudget::preset("harbin"), now, &before);
  EXPECT_EQ(hb.funds[1].alliances[0].perf.indicators_met, false);
  EXPECT_FALSE(hb.funds[1].alliances[0].perf.score.has_value());
}

TEST(Indicators, ZeroDenominatorsAreNotComputable) {
  // claims_empty.csv: its one row is invalid, so nothing is counted.
  const indicator_tally t = tally("claims_empty.csv", 2024);
  const auto r = medbudget::evaluate_indicators(medbudget::preset("hunan"), t, nullptr);
  for (const auto& f : r.funds)
    for (const auto& v : f.alliances.at(0).values) {
      EXPECT_FALSE(v.value.has_value()) << v.id;
      EXPECT_FALSE(v.why_not.empty()) << v.id;
      EXPECT_FALSE(v.met) << v.id;
    }
  EXPECT_EQ(r.funds[1].alliances[0].perf.score, medbudget::rate{});
  EXPECT_EQ(value(r, 1, "cost_growth").why_not, "no previous year's records (--previous-claims)");
}

TEST(Indicators, InpatientStayNeedsItsTimes) {
  try {
    (void)tally("claims_bad_stay.csv", 2024);
    FAIL() << "no error";
  } catch (const medbudget::input_error& e) {
    EXPECT_NE(e.where().find("claims_bad_stay.csv:2:15"), std::string::npos) << e.where();
  }
}

// Scores at and across each band, from counts built by hand (one alliance, fund 390).
namespace {
indicator_tally hand(std::int64_t ownpay, std::int64_t medfee_now, std::int64_t readmissions) {
  indicator_tally t;
  t.county = "441721";
  t.year = 2024;
  t.alliances = {"YX01"};
  t.funds.assign(2, std::vector<indicator_counts>(1));
  t.has_medfee = t.has_ownpay = t.has_stay_times = true;
  indicator_counts& c = t.funds[1][0];
  c.stays = 100;
  c.stays_in_county = 91;
  c.readmit_stays = 100;
  c.readmissions = readmissions;
  c.medfee = medfee_now;
  c.member_medfee = 1000;
  c.member_ownpay = ownpay;
  return t;
}
indicator_tally before_year() {
  indicator_tally t = hand(0, 1000, 0);
  t.year = 2023;
  t.funds[1][0].stays_in_county = 90;  // 90% → 91% this year: +1 point, met
  return t;
}
}  // namespace

TEST(Indicators, GuangdongScoreBands) {
  const medbudget::policy& gd = medbudget::preset("guangdong_yangxi");
  const indicator_tally prev = before_year();
  auto score = [&](const indicator_tally& t) { return *medbudget::evaluate_indicators(gd, t, &prev).funds[1].alliances[0].perf.score; };
  using medbudget::rate;
  // All met: self-pay exactly 10% (≤ 10 met), growth 1100/1000 − 1 = exactly 10% (「10%以下」: ≤ 10 met),
  // readmission exactly 5%.
  EXPECT_EQ(score(hand(100, 1100, 5)), rate::from_integer(100));
  // Self-pay 101/1000 → 10.1% fails: 80 (the table's 80 band: release 0.8).
  EXPECT_EQ(score(hand(101, 1100, 5)), rate::from_integer(80));
  // Growth 1101/1000 − 1 = 10.1% fails "<= 10": 70 (the 70 band: 0.5).
  EXPECT_EQ(score(hand(100, 1101, 5)), rate::from_integer(70));
  // Readmission 6% fails too: 50 (below 70: nothing).
  EXPECT_EQ(score(hand(100, 1101, 6)), rate::from_integer(50));
  // The release rate from the policy's table, at and across the bands.
  const auto& table = gd.get<medbudget::threshold_table>("reserve_release_table");
  EXPECT_EQ(table.lookup(rate::from_integer(100)), rate::parse("1"));
  EXPECT_EQ(table.lookup(rate::from_integer(80)), rate::parse("0.8"));
  EXPECT_EQ(table.lookup(rate::from_integer(70)), rate::parse("0.5"));
  EXPECT_EQ(table.lookup(rate::from_integer(50)), rate::parse("0"));
}

TEST(Indicators, PercentRoundsHalfAwayFromZero) {
  EXPECT_EQ(medbudget::percent_text(cpp_rational(1, 8), 1), "12.5");     // 12.5 exactly
  EXPECT_EQ(medbudget::percent_text(cpp_rational(1, 8), 0), "13");       // 12.5 → 13
  EXPECT_EQ(medbudget::percent_text(cpp_rational(-1, 8), 0), "-13");
  EXPECT_EQ(medbudget::percent_text(cpp_rational(1, 3), 2), "33.33");
  EXPECT_EQ(medbudget::percent_text(cpp_rational(2, 3), 2), "66.67");
  EXPECT_EQ(medbudget::percent_text(cpp_rational(1, 2000), 2), "0.05");
  EXPECT_EQ(medbudget::percent_text(cpp_rational(0), 2), "0.00");
}

TEST(Indicators, DayNumbers) {
  EXPECT_EQ(medbudget::day_number(1970, 1, 1), 0);
  EXPECT_EQ(medbudget::day_number(2024, 3, 1) - medbudget::day_number(2024, 2, 28), 2);  // leap year
  EXPECT_EQ(medbudget::day_number(2025, 1, 1) - medbudget::day_number(2024, 1, 1), 366);
}

TEST(Indicators, PolicySectionIsChecked) {
  const std::string base = std::string(medbudget::preset_json("guangdong_yangxi"));
  auto with = [&](const std::string& from, const std::string& to) {
    std::string s = base;
    const auto at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    s.replace(at, from.size(), to);
    return s;
  };
  auto where = [](const std::string& json) {
    try {
      (void)medbudget::load_policy(json, "p.json");
    } catch (const medbudget::input_error& e) {
      return e.where();
    }
    return std::string("no error");
  };
  EXPECT_EQ(where(with("\"indicator\": \"cost_growth\"", "\"indicator\": \"cost_grwth\"")),
            "p.json: policy.indicators.requirements[1].indicator");
  EXPECT_EQ(where(with("\"points\": \"30\"", "\"points\": \"31\"")), "p.json: policy.indicators.requirements");
  EXPECT_EQ(where(with("\"comparison\": \">\"", "\"comparison\": \"=\"")), "p.json: policy.indicators.requirements[0].comparison");
  EXPECT_EQ(where(with("\"readmission_days\": 15", "\"readmission_days\": 0")), "p.json: policy.indicators.readmission_days");
  EXPECT_EQ(medbudget::preset("guangdong_yangxi").indicators.requirements.size(), 4u);
  EXPECT_EQ(medbudget::preset("sanming").indicators.scoring, medbudget::indicator_scoring::none);
}

// settle with records: the computed performance unless the case states it.
TEST(Indicators, SettleUsesComputedPerformance) {
  medbudget::command_options o;
  o.claims = (data_dir / "claims_2024.csv").string();
  o.previous_claims = (data_dir / "claims_2023.csv").string();
  o.registry = (data_dir / "registry.csv").string();
  o.source = "g.json";
  o.base_dir = (data_dir).string();
  const std::string no_perf = medbudget::read_file((data_dir / "guangdong-no-performance.case.json").string());
  const auto r = medbudget::settle_case(no_perf, o);
  bool said = false;
  for (const auto& w : r.warnings) said = said || w == "g.json: fund 390 alliance YX01: performance score 50 computed from the records";
  EXPECT_TRUE(said);
  // Score 50 is below the table's last positive band (70): nothing of the reserve released.
  EXPECT_NE(r.output.find("\"reserve_release\": \"0.00\""), std::string::npos);
  // The same case stating 86.5: the case wins (release 0.8 × the reserve, not zero).
  std::string stated = no_perf;
  const std::string anchor = "\"share\": \"1\",";
  stated.replace(stated.find(anchor), anchor.size(), anchor + " \"performance\": {\"score\": \"86.5\"},");
  const auto s = medbudget::settle_case(stated, o);
  said = false;
  for (const auto& w : s.warnings) said = said || w == "g.json: fund 390 alliance YX01: performance as the case states it (not the records')";
  EXPECT_TRUE(said);
  EXPECT_EQ(s.output.find("\"reserve_release\": \"0.00\""), std::string::npos);
}

// Two alliances: the attribution decides whose local insured a record is. registry_two.csv adds B1
// (YX02); attribution_two.csv puts P1 in YX01 and P2 in YX02; P3, P4, P5 belong to none.
TEST(Indicators, TwoAlliancesByAttribution) {
  const auto reg = medbudget::read_registry((data_dir / "registry_two.csv").string());
  const auto attr = medbudget::read_attribution((data_dir / "attribution_two.csv").string(), reg);
  medbudget::indicator_options o;
  o.county = "441721";
  o.year = 2024;
  const indicator_tally t = medbudget::tally_indicators((data_dir / "claims_2024.csv").string(), reg, &attr, o);
  ASSERT_EQ(t.alliances, (std::vector<std::string>{"YX01", "YX02"}));
  // YX01, fund 390: P1's S01, S02 (both at A1; S02 15 days after S01: a readmission); hifp 1200, medfee 2000.
  const indicator_counts& a = t.funds[1][0];
  EXPECT_EQ(a.stays, 2);
  EXPECT_EQ(a.stays_in_county, 2);
  EXPECT_EQ(a.readmit_stays, 2);
  EXPECT_EQ(a.readmissions, 1);
  EXPECT_EQ(a.hifp, 120000);
  EXPECT_EQ(a.medfee, 200000);
  // Members A1, A2 keep every insured's records: 3940 / 350 as with one alliance.
  EXPECT_EQ(a.member_medfee, 394000);
  EXPECT_EQ(a.member_ownpay, 35000);
  // YX02: P2's S03 (X1, out of county) and S04 (N1, in county, 16 days later: not a readmission).
  const indicator_counts& b = t.funds[1][1];
  EXPECT_EQ(b.stays, 2);
  EXPECT_EQ(b.stays_in_county, 1);
  EXPECT_EQ(b.readmissions, 0);
  EXPECT_EQ(b.hifp, 110000);
  EXPECT_EQ(b.hifp_in_county, 30000);
  EXPECT_EQ(b.scope_hifp, 80000);  // N1 is a county non-member: outside the scope
  // B1 has no records: YX02's self-pay rate has a zero denominator.
  EXPECT_EQ(b.member_medfee, 0);
  const auto r = medbudget::evaluate_indicators(medbudget::preset("guangdong_yangxi"), t, nullptr);
  EXPECT_FALSE(r.funds[1].alliances[1].values[3].value.has_value());  // self_pay_rate
  EXPECT_EQ(r.funds[1].alliances[1].values[3].id, "self_pay_rate");
}

// A 2024 reversal of a 2023 stay (R01 of claims_2023.csv) and nothing else: fund 390 nets −1 stay,
// −1 visit, −500.00 yuan of hifp_pay and −1000.00 of medfee_sumamt. Every denominator that is
// negative gives "net count or amount is negative"; the zero ones "no records"; nothing throws.
TEST(Indicators, NegativeDenominatorsAreNotComputable) {
  const indicator_tally t = tally("claims_reversal_only.csv", 2024);
  const indicator_counts& c = t.funds[1][0];
  EXPECT_EQ(c.stays, -1);
  EXPECT_EQ(c.hifp, -50000);
  const auto r = medbudget::evaluate_indicators(medbudget::preset("hunan"), t, nullptr);
  const std::string negative = "net count or amount is negative";
  for (const char* id : {"in_county_inpatient_share", "reimbursement_ratio", "primary_visit_share",
                         "in_county_fund_share", "primary_fund_share", "self_pay_rate"}) {
    EXPECT_FALSE(value(r, 1, id).value.has_value()) << id;
    EXPECT_EQ(value(r, 1, id).why_not, negative) << id;
    EXPECT_FALSE(value(r, 1, id).met) << id;
  }
  // The reversed stay is not in this file: no stay is left to count readmissions in (0 of 0).
  EXPECT_EQ(value(r, 1, "readmission_rate").why_not, "no records");
  // Hunan scores nothing: every requirement is not computable.
  EXPECT_EQ(r.funds[1].alliances[0].perf.score, medbudget::rate{});
  // As the previous year, it makes the growth's denominator −1000.00 yuan: not computable either.
  const indicator_tally now = tally("claims_2024.csv", 2024);
  indicator_tally before = tally("claims_reversal_only.csv", 2024);
  before.year = 2023;
  const auto g = medbudget::evaluate_indicators(medbudget::preset("guangdong_yangxi"), now, &before);
  EXPECT_EQ(value(g, 1, "cost_growth").why_not, "the previous year: " + negative);
  EXPECT_FALSE(value(g, 1, "in_county_inpatient_share_change").value.has_value());
  EXPECT_EQ(value(g, 1, "in_county_inpatient_share_change").why_not, "the previous year: " + negative);
}

namespace {
medbudget::indicator_requirement requirement(std::string indicator, medbudget::indicator_comparison c, const char* threshold) {
  medbudget::indicator_requirement q;
  q.indicator = std::move(indicator);
  q.comparison = c;
  q.threshold = medbudget::rate::parse(threshold);
  q.points = medbudget::rate::from_integer(100);
  q.clause = "local default";
  return q;
}
medbudget::indicator_requirement fact(std::string name, medbudget::indicator_comparison c, const char* threshold,
                                      std::int64_t points) {
  medbudget::indicator_requirement q;
  q.case_fact = std::move(name);
  q.comparison = c;
  q.threshold = medbudget::rate::parse(threshold);
  q.points = medbudget::rate::from_integer(points);
  q.clause = "local default";
  return q;
}
}  // namespace

// Each comparison at its boundary, exactly: in-county spend 60/100 = 60% and 5999/10000 = 59.99%.
TEST(Indicators, ComparisonsAtTheirBoundary) {
  using C = medbudget::indicator_comparison;
  auto met = [](std::int64_t num, std::int64_t den, C c, const char* t) {
    return medbudget::meets_requirement(cpp_rational(num, den), requirement("in_county_fund_share", c, t));
  };
  EXPECT_TRUE(met(60, 100, C::ge, "60"));       // 60 >= 60
  EXPECT_FALSE(met(5999, 10000, C::ge, "60"));  // 59.99 >= 60 no
  EXPECT_FALSE(met(60, 100, C::gt, "60"));      // 60 > 60 no
  EXPECT_TRUE(met(6001, 10000, C::gt, "60"));   // 60.01 > 60
  EXPECT_TRUE(met(60, 100, C::le, "60"));       // 60 <= 60 (以下、不超过: inclusive)
  EXPECT_FALSE(met(6001, 10000, C::le, "60"));  // 60.01 <= 60 no
  EXPECT_FALSE(met(60, 100, C::lt, "60"));      // 60 < 60 no
  EXPECT_TRUE(met(5999, 10000, C::lt, "60"));   // 59.99 < 60
  // A change > 0: exactly 0 points is not a rise; 1/10000 of a point is.
  EXPECT_FALSE(medbudget::meets_requirement(cpp_rational(0), requirement("in_county_inpatient_share_change", C::gt, "0")));
  EXPECT_TRUE(medbudget::meets_requirement(cpp_rational(1, 1000000), requirement("in_county_inpatient_share_change", C::gt, "0")));
}

// Harbin's gate (pass/fail): in-county spend >= 60 and primary spend >= 15, no growth requirement.
TEST(Indicators, HarbinGateHasNoGrowthRequirement) {
  const medbudget::policy& hb = medbudget::preset("harbin");
  ASSERT_EQ(hb.indicators.requirements.size(), 2u);
  EXPECT_EQ(hb.indicators.requirements[0].indicator, "in_county_fund_share");
  EXPECT_EQ(hb.indicators.requirements[1].indicator, "primary_fund_share");
  // Spend 100, in county 60 (60%), at in-county primary units 15 (15%): met, whatever the growth
  // (medfee 2000 against 1000 the year before: +100%).
  indicator_tally now = hand(0, 2000, 0);
  now.funds[1][0].hifp = 100;
  now.funds[1][0].hifp_in_county = 60;
  now.funds[1][0].hifp_primary = 15;
  const indicator_tally prev = before_year();
  auto gate = [&](const indicator_tally& t) { return *medbudget::evaluate_indicators(hb, t, &prev).funds[1].alliances[0].perf.indicators_met; };
  EXPECT_TRUE(gate(now));
  // 14.99… %: 1499/10000 of the spend at primary units: not met.
  now.funds[1][0].hifp = 10000;
  now.funds[1][0].hifp_in_county = 6000;
  now.funds[1][0].hifp_primary = 1499;
  EXPECT_FALSE(gate(now));
}

// Requirements of kind case_fact: the case's facts, in their own unit, no × 100.
TEST(Indicators, CaseFacts) {
  using C = medbudget::indicator_comparison;
  medbudget::policy p = medbudget::preset("guangdong_yangxi");
  // 40 points from the records' four (10 each), 60 from facts.
  for (auto& q : p.indicators.requirements) q.points = medbudget::rate::from_integer(10);
  p.indicators.requirements.push_back(fact("fraud_events", C::le, "0", 20));
  p.indicators.requirements.push_back(fact("signing_rate_change", C::gt, "0", 20));
  p.indicators.requirements.push_back(fact("satisfaction", C::ge, "0.9", 20));
  // hand(100, 1100, 5) against before_year(): all four of the records met (see GuangdongScoreBands).
  const indicator_tally now = hand(100, 1100, 5);
  const indicator_tally prev = before_year();
  medbudget::alliance_facts facts;
  auto& f = facts[{"390", "YX01"}];
  f["fraud_events"] = medbudget::rate::from_integer(0);       // 0 <= 0: met
  f["signing_rate"] = medbudget::rate::parse("0.62");
  f["signing_rate_prev"] = medbudget::rate::parse("0.60");   // 0.62 − 0.60 = 0.02 > 0: met
  f["satisfaction"] = medbudget::rate::parse("0.89");        // 0.89 >= 0.9: not met
  auto alliance = [&](const medbudget::alliance_facts* given) {
    return medbudget::evaluate_indicators(p, now, &prev, given).funds[1].alliances[0];
  };
  const auto a = alliance(&facts);
  ASSERT_EQ(a.facts.size(), 3u);
  EXPECT_TRUE(a.facts[0].met);
  EXPECT_EQ(a.facts[1].value, medbudget::rate::parse("0.02"));
  EXPECT_TRUE(a.facts[1].met);
  EXPECT_FALSE(a.facts[2].met);
  EXPECT_EQ(a.score, medbudget::rate::from_integer(40 + 20 + 20));
  EXPECT_FALSE(a.indicators_met);
  // One fraud event: not met (1 <= 0 no) → 60.
  f["fraud_events"] = medbudget::rate::from_integer(1);
  EXPECT_EQ(alliance(&facts).score, medbudget::rate::from_integer(60));
  // signing_rate_prev missing: the change is not given, not met → 40; satisfaction exactly 0.9 met → 60.
  f.erase("signing_rate_prev");
  f["satisfaction"] = medbudget::rate::parse("0.9");
  const auto b = alliance(&facts);
  EXPECT_FALSE(b.facts[1].value.has_value());
  EXPECT_EQ(b.facts[1].why_not, "fact not given");
  EXPECT_FALSE(b.facts[1].met);
  EXPECT_EQ(b.score, medbudget::rate::from_integer(60));
  // No facts at all (medbudget indicators, no case) and another fund's facts: every fact not given.
  for (const auto& c : {alliance(nullptr), medbudget::evaluate_indicators(p, now, &prev, &facts).funds[0].alliances[0]})
    for (const auto& v : c.facts) {
      EXPECT_EQ(v.why_not, "fact not given") << v.name;
      EXPECT_FALSE(v.met) << v.name;
    }
  EXPECT_EQ(alliance(nullptr).score, medbudget::rate::from_integer(40));
}

TEST(Indicators, CaseFactRequirementsAreChecked) {
  const std::string base = std::string(medbudget::preset_json("guangdong_yangxi"));
  auto load = [&](const std::string& from, const std::string& to) {
    std::string s = base;
    s.replace(s.find(from), from.size(), to);
    return medbudget::load_policy(s, "p.json");
  };
  auto error = [&](const std::string& from, const std::string& to) {
    try {
      (void)load(from, to);
    } catch (const medbudget::input_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string cost = "\"indicator\": \"cost_growth\"";
  EXPECT_EQ(error(cost, "\"case_fact\": \"fraud_event\""),
            "p.json: policy.indicators.requirements[1].case_fact: unknown case fact \"fraud_event\" (known: fraud_events, "
            "shirking_complaints, signing_rate, signing_rate_prev, signing_rate_change, satisfaction)");
  EXPECT_EQ(error(cost, cost + ", \"case_fact\": \"fraud_events\""),
            "p.json: policy.indicators.requirements[1]: expected one of indicator and case_fact, not both");
  const medbudget::policy p = load(cost, "\"case_fact\": \"fraud_events\"");
  EXPECT_EQ(p.indicators.requirements[1].case_fact, "fraud_events");
  EXPECT_TRUE(p.indicators.requirements[1].indicator.empty());
  EXPECT_EQ(p.indicators.requirements[1].threshold, medbudget::rate::from_integer(10));
}
