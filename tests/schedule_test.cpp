// Payment schedules: dates worked by hand from the State Council calendar (data/cn-workdays.json, docs/cycle.md), amounts from the spec examples'
// expected statements, and the sum rule (advance + claims + year end = entitlement).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "medbudget/error.hpp"
#include "medbudget/io/calendar_json.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/schedule.hpp"

namespace {

using medbudget::fen;
using medbudget::format_date;
using medbudget::payment_kind;

std::string src(const std::string& rel) { return std::string(MEDBUDGET_SOURCE_DIR) + "/" + rel; }

medbudget::case_input load(const std::string& rel) {
  return medbudget::load_case(medbudget::read_file(src(rel)), rel, src("examples/cases")).value;
}

medbudget::payment_schedule schedule_of(const std::string& rel, const medbudget::schedule_options& o = {}) {
  return medbudget::schedule_year(load(rel), medbudget::national_calendar(), o);
}

nlohmann::json expected(const std::string& rel) { return nlohmann::json::parse(medbudget::read_file(src(rel))); }

std::string due(const medbudget::scheduled_payment& p) { return p.due ? format_date(*p.due) : "none"; }
std::string declared(const medbudget::scheduled_payment& p) { return p.declared ? format_date(*p.declared) : "none"; }

TEST(Schedule, HunanClaimsPaidDueDatesAndSums) {
  const auto s = schedule_of("examples/cases/hunan-two-alliances.case.json");
  const auto e = expected("examples/cases/hunan-two-alliances.expected.json");
  ASSERT_TRUE(s.claims_paid);
  ASSERT_EQ(s.funds.size(), 1u);
  ASSERT_EQ(s.funds[0].alliances.size(), 2u);
  for (std::size_t a = 0; a < 2; ++a) {
    const auto& al = s.funds[0].alliances[a];
    const auto& ea = e["funds"][0]["alliances"][a];
    ASSERT_EQ(al.payments.size(), 14u);  // advance, 12 months, year end
    const auto& adv = al.payments[0];
    EXPECT_EQ(adv.kind, payment_kind::advance);
    EXPECT_EQ(adv.amount->str(), ea["advance"].get<std::string>());
    EXPECT_EQ(due(adv), "2024-01-02");  // 01-01 is 元旦, 01-02 a Tuesday
    // Declared on the 10th of the following month, due 30 working days after (hand-worked in
    // calendar_test.cpp): January → 2024-02-10 → 2024-03-28; August → 09-10 → 10-28;
    // December → 2025-01-10 → 2025-02-27.
    EXPECT_EQ(declared(al.payments[1]), "2024-02-10");
    EXPECT_EQ(due(al.payments[1]), "2024-03-28");
    EXPECT_EQ(declared(al.payments[8]), "2024-09-10");
    EXPECT_EQ(due(al.payments[8]), "2024-10-28");
    EXPECT_EQ(declared(al.payments[12]), "2025-01-10");
    EXPECT_EQ(due(al.payments[12]), "2025-02-27");
    for (int m = 1; m <= 12; ++m) EXPECT_FALSE(al.payments[static_cast<std::size_t>(m)].amount) << m;  // annual figures only
    const auto& ye = al.payments[13];
    EXPECT_EQ(ye.kind, payment_kind::year_end);
    EXPECT_EQ(ye.amount->str(), ea["year_end_payment"].get<std::string>());
    EXPECT_FALSE(ye.due);
    // advance + I + year end = entitlement, I = paid_during_year − advance (the expected statement's).
    const fen paid = fen::parse(ea["paid_during_year"].get<std::string>());
    const fen i = paid - fen::parse(ea["advance"].get<std::string>());
    EXPECT_EQ(al.claims_total->str(), i.str());
    EXPECT_EQ((*adv.amount + i + *ye.amount).str(), ea["entitlement"].get<std::string>());
  }
  // LL01 (revision 3: Z not bounded, no TCM tilt): 19,035,833.33 + 150,000,000.00 − 5,891,833.33 = 163,144,000.00.
  EXPECT_EQ(s.funds[0].alliances[0].entitlement->str(), "163144000.00");
}

TEST(Schedule, PackagePaidInstallmentsOnTheFirstWorkingDayOfEachMonth) {
  const auto s = schedule_of("examples/cases/guangdong-surplus.case.json");
  const auto e = expected("examples/cases/guangdong-surplus.expected.json");
  ASSERT_FALSE(s.claims_paid);
  const auto& al = s.funds[0].alliances[0];
  ASSERT_EQ(al.payments.size(), 13u);
  // 2024: Jan 1 元旦 → 01-02; 02-01 Thu; 03-01 Fri; 04-01 Mon; 劳动节 05-01..05 → 05-06;
  // 06-01 Sat → 06-03; 07-01 Mon; 08-01 Thu; 09-01 Sun → 09-02; 国庆 10-01..07 → 10-08; 11-01 Fri;
  // 12-01 Sun → 12-02.
  const char* dates[] = {"2024-01-02", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-06", "2024-06-03",
                         "2024-07-01", "2024-08-01", "2024-09-02", "2024-10-08", "2024-11-01", "2024-12-02"};
  fen total;
  for (std::size_t m = 0; m < 12; ++m) {
    const auto& p = al.payments[m];
    EXPECT_EQ(p.kind, payment_kind::installment);
    EXPECT_EQ(p.month, static_cast<int>(m + 1));
    EXPECT_EQ(due(p), dates[m]) << m + 1;
    EXPECT_EQ(p.amount->str(), e["funds"][0]["alliances"][0]["installments"][m].get<std::string>());
    total += *p.amount;
  }
  const auto& ye = al.payments[12];
  EXPECT_EQ(ye.amount->str(), "-622222.24");
  EXPECT_EQ((total + *ye.amount).str(), "296266666.58");  // the expected entitlement
}

TEST(Schedule, MonthlyActualsGiveEveryMonthAndSumToTheEntitlement) {
  const auto s = schedule_of("tests/data/schedule/harbin-monthly.case.json");
  const auto& al = s.funds[0].alliances[0];
  ASSERT_TRUE(al.year_over);
  // Months 1–11: 8,230,452.67; December 8,230,452.73 (98,765,432.10 in all, the case's I).
  EXPECT_EQ(al.payments[1].amount->str(), "8230452.67");
  EXPECT_EQ(al.payments[12].amount->str(), "8230452.73");
  // Harbin names no deadline: declared dates only.
  EXPECT_EQ(declared(al.payments[1]), "2024-02-10");
  EXPECT_FALSE(al.payments[1].due);
  fen sum;
  for (const auto& p : al.payments) sum += *p.amount;
  // 11,431,217.03 + 98,765,432.10 − 8,947,606.96 = 101,249,042.17 (harbin-surplus.expected.json).
  EXPECT_EQ(sum.str(), "101249042.17");
  EXPECT_EQ(al.entitlement->str(), "101249042.17");
}

TEST(Schedule, AYearNotOverListsTheMonthsSoFar) {
  const auto s = schedule_of("tests/data/schedule/harbin-june.case.json");
  const auto& al = s.funds[0].alliances[0];
  EXPECT_FALSE(al.year_over);
  EXPECT_EQ(al.payments[0].amount->str(), "11431217.03");  // the advance: one month of B, from the budget
  for (int m = 1; m <= 6; ++m) EXPECT_EQ(al.payments[static_cast<std::size_t>(m)].amount->str(), "8230452.67");
  for (int m = 7; m <= 12; ++m) EXPECT_FALSE(al.payments[static_cast<std::size_t>(m)].amount) << m;
  EXPECT_FALSE(al.payments[13].amount);
  EXPECT_FALSE(al.entitlement);
}

TEST(Schedule, YearEndDateAndDeadlineOverride) {
  medbudget::schedule_options o;
  o.year_end_date = medbudget::parse_date("2025-03-31");
  auto c = load("examples/cases/hunan-two-alliances.case.json");
  const auto s = medbudget::schedule_year(c, medbudget::national_calendar(), o);
  EXPECT_EQ(due(s.funds[0].alliances[0].payments[13]), "2025-03-31");
  o.year_end_date = medbudget::parse_date("2024-12-31");
  EXPECT_THROW((void)medbudget::schedule_year(c, medbudget::national_calendar(), o), medbudget::input_error);
  // Xiangtan-style 20 working days: August's 2024-09-10 declaration is due 10-14 (calendar_test.cpp).
  c.pol.parameters.at("due_workdays").value = std::int64_t{20};
  const auto x = medbudget::schedule_year(c, medbudget::national_calendar());
  EXPECT_EQ(due(x.funds[0].alliances[0].payments[8]), "2024-10-14");
}

TEST(Schedule, ADeadlineOfZeroWorkingDaysIsRefused) {
  std::string text = medbudget::read_file(src("examples/cases/hunan-two-alliances.case.json"));
  text.insert(text.find('{') + 1, R"("policy_overrides": {"due_workdays": 0},)");
  try {
    (void)medbudget::load_case(text, "case.json", src("examples/cases"));
    FAIL();
  } catch (const medbudget::input_error& e) {
    EXPECT_EQ(std::string(e.what()), "policy_overrides.due_workdays: expected 1 to 250 working days");
  }
}

TEST(Schedule, ADueDateBeyondTheCalendarIsAnErrorNamingTheYear) {
  auto c = load("examples/cases/hunan-two-alliances.case.json");
  // November 2026 is declared 2026-12-10; 30 working days later is past 2026-12-31 (12-31 is the
  // 15th, calendar_test.cpp), so month 11 is the first that fails.
  c.year = 2026;
  try {
    (void)medbudget::schedule_year(c, medbudget::national_calendar());
    FAIL();
  } catch (const medbudget::input_error& e) {
    EXPECT_NE(std::string(e.what()).find("ends with 2026"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("month 11:"), std::string::npos) << e.what();
  }
}

}  // namespace
