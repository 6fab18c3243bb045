// The working-day calendar against the State Council's notices (data/cn-workdays.json,
// docs/cycle.md): every rest block and make-up day of every year, the yearly counts, hand-worked
// deadlines, layering, and every error.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "medbudget/calendar.hpp"
#include "medbudget/error.hpp"
#include "medbudget/io/calendar_json.hpp"
#include "medbudget/io/json.hpp"

namespace {

using medbudget::calendar;
using medbudget::date;
using medbudget::format_date;
using medbudget::parse_date;
using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;

date d(const char* s) {
  const auto r = parse_date(s);
  if (!r) throw std::runtime_error(std::string("bad date in test: ") + s);
  return *r;
}

// The notices' table, as printed there (rest blocks; make-up working days; working days).
struct spec_row {
  int year;
  const char* rest;
  const char* workdays;
  int count;
};
const spec_row spec_table[] = {
    {2019, "01-01; 02-04..02-10; 04-05..04-07; 05-01..05-04; 06-07..06-09; 09-13..09-15; 10-01..10-07",
     "02-02, 02-03, 04-28, 05-05, 09-29, 10-12", 250},
    {2020, "01-01; 01-24..02-02; 04-04..04-06; 05-01..05-05; 06-25..06-27; 10-01..10-08",
     "01-19, 04-26, 05-09, 06-28, 09-27, 10-10", 249},
    {2021, "01-01..01-03; 02-11..02-17; 04-03..04-05; 05-01..05-05; 06-12..06-14; 09-19..09-21; 10-01..10-07",
     "02-07, 02-20, 04-25, 05-08, 09-18, 09-26, 10-09", 250},
    {2022, "01-01..01-03; 01-31..02-06; 04-03..04-05; 04-30..05-04; 06-03..06-05; 09-10..09-12; 10-01..10-07; 12-31",
     "01-29, 01-30, 04-02, 04-24, 05-07, 10-08, 10-09", 249},
    {2023, "01-01..01-02; 01-21..01-27; 04-05; 04-29..05-03; 06-22..06-24; 09-29..10-06; 12-30..12-31",
     "01-28, 01-29, 04-23, 05-06, 06-25, 10-07, 10-08", 249},
    {2024, "01-01; 02-10..02-17; 04-04..04-06; 05-01..05-05; 06-10; 09-15..09-17; 10-01..10-07",
     "02-04, 02-18, 04-07, 04-28, 05-11, 09-14, 09-29, 10-12", 251},
    {2025, "01-01; 01-28..02-04; 04-04..04-06; 05-01..05-05; 05-31..06-02; 10-01..10-08",
     "01-26, 02-08, 04-27, 09-28, 10-11", 248},
    {2026, "01-01..01-03; 02-15..02-23; 04-04..04-06; 05-01..05-05; 06-19..06-21; 09-25..09-27; 10-01..10-07",
     "01-04, 02-14, 02-28, 05-09, 09-20, 10-10", 248},
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string part; std::getline(ss, part, sep);) {
    const auto b = part.find_first_not_of(' '), e = part.find_last_not_of(' ');
    out.push_back(part.substr(b, e - b + 1));
  }
  return out;
}

date md(int y, const std::string& mmdd) { return d((std::to_string(y) + "-" + mmdd).c_str()); }

TEST(Calendar, EveryRestBlockAndMakeUpDayOfEveryYear) {
  const calendar& cal = medbudget::national_calendar();
  EXPECT_EQ(cal.first_year(), 2019);
  EXPECT_EQ(cal.last_year(), 2026);
  for (const spec_row& r : spec_table) {
    std::set<int> rest_days, make_up;  // days since epoch
    for (const std::string& block : split(r.rest, ';')) {
      const auto dots = block.find("..");
      const date from = md(r.year, block.substr(0, 5));
      const date to = dots == std::string::npos ? from : md(r.year, block.substr(dots + 2));
      for (sys_days x = from; x <= sys_days{to}; x += days{1}) {
        EXPECT_FALSE(cal.is_working_day(date{x})) << format_date(date{x});
        rest_days.insert(static_cast<int>(x.time_since_epoch().count()));
      }
    }
    for (const std::string& w : split(r.workdays, ',')) {
      EXPECT_TRUE(cal.is_working_day(md(r.year, w))) << r.year << "-" << w;
      make_up.insert(static_cast<int>(sys_days{md(r.year, w)}.time_since_epoch().count()));
    }
    // Every other day follows the weekday rule.
    int count = 0;
    for (sys_days x = sys_days{year{r.year} / 1 / 1}; x < sys_days{year{r.year + 1} / 1 / 1}; x += days{1}) {
      const int k = static_cast<int>(x.time_since_epoch().count());
      const std::chrono::weekday wd{x};
      const bool expected = make_up.count(k) != 0 || (rest_days.count(k) == 0 && wd != std::chrono::Saturday && wd != std::chrono::Sunday);
      EXPECT_EQ(cal.is_working_day(date{x}), expected) << format_date(date{x});
      count += expected ? 1 : 0;
    }
    EXPECT_EQ(count, r.count) << r.year;
    EXPECT_EQ(cal.working_days_in_year(r.year), r.count) << r.year;
  }
}

// Deadlines worked out by hand from the table (the N-th working day strictly after the date).
TEST(Calendar, DeadlinesAcrossSpringFestivalAndNationalDay) {
  const calendar& cal = medbudget::national_calendar();
  // 2024-02-10 (Sat, 春节 02-10..17): 02-18 Sun make-up is #1; 02-19..23 #2–6; 02-26..03-01 #7–11;
  // 03-04..08 #12–16; 03-11..15 #17–21; 03-18..22 #22–26; 03-25..28 #27–30.
  EXPECT_EQ(format_date(cal.add_working_days(d("2024-02-10"), 30)), "2024-03-28");
  // 2024-09-10: 09-11..13 #1–3; 09-14 Sat make-up #4; 中秋 09-15..17; 09-18..20 #5–7; 09-23..27 #8–12;
  // 09-29 Sun make-up #13; 09-30 #14; 国庆 10-01..07; 10-08..11 #15–18; 10-12 Sat make-up #19;
  // 10-14..18 #20–24; 10-21..25 #25–29; 10-28 #30.
  EXPECT_EQ(format_date(cal.add_working_days(d("2024-09-10"), 30)), "2024-10-28");
  // December 2024's declaration, 2025-01-10: 01-13..17 #1–5; 01-20..24 #6–10; 01-26 Sun make-up #11;
  // 01-27 #12; 春节 01-28..02-04; 02-05..07 #13–15; 02-08 Sat make-up #16; 02-10..14 #17–21;
  // 02-17..21 #22–26; 02-24..27 #27–30.
  EXPECT_EQ(format_date(cal.add_working_days(d("2025-01-10"), 30)), "2025-02-27");
  // 2026-02-10: 02-11..13 #1–3; 02-14 Sat make-up #4; 春节 02-15..23; 02-24..27 #5–8; 02-28 Sat
  // make-up #9; 03-02..06 #10–14; then five a week: 03-30 is #30.
  EXPECT_EQ(format_date(cal.add_working_days(d("2026-02-10"), 30)), "2026-03-30");
  // Xiangtan's 20 days from 2024-09-10: #19 is 10-12 (above), 10-14 is #20.
  EXPECT_EQ(format_date(cal.add_working_days(d("2024-09-10"), 20)), "2024-10-14");
  // A rest day as the start: the first working day after 2024-10-01 is 10-08.
  EXPECT_EQ(format_date(cal.add_working_days(d("2024-10-01"), 1)), "2024-10-08");
  EXPECT_EQ(format_date(cal.add_working_days(d("2024-10-01"), 0)), "2024-10-01");
  // Between is the inverse of add.
  EXPECT_EQ(cal.working_days_between(d("2024-02-10"), d("2024-03-28")), 30);
  EXPECT_EQ(cal.working_days_between(d("2024-03-28"), d("2024-02-10")), -30);
  EXPECT_EQ(cal.working_days_between(d("2024-10-01"), d("2024-10-07")), 0);
  // 2019-01-01 is a rest day, so (01-01, 12-31] holds all 250 of the year's working days.
  EXPECT_EQ(cal.working_days_between(d("2019-01-01"), d("2019-12-31")), 250);
}

TEST(Calendar, DatesOutsideTheDataAreErrorsNamingTheYear) {
  const calendar& cal = medbudget::national_calendar();
  try {
    (void)cal.add_working_days(d("2026-12-10"), 30);  // 12-11 #1 … 12-31 #15, then 2027
    FAIL();
  } catch (const medbudget::input_error& e) {
    EXPECT_NE(std::string(e.what()).find("ends with 2026"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)cal.is_working_day(d("2027-01-04")), medbudget::input_error);
  EXPECT_THROW((void)cal.is_working_day(d("2018-12-31")), medbudget::input_error);
  EXPECT_THROW((void)cal.add_working_days(d("2024-01-02"), -1), medbudget::input_error);
  // The last covered day still answers.
  EXPECT_TRUE(cal.is_working_day(d("2026-12-31")));  // a Thursday
}

TEST(Calendar, ParsesOnlyRealDates) {
  EXPECT_TRUE(parse_date("2024-02-29"));
  EXPECT_FALSE(parse_date("2023-02-29"));
  EXPECT_FALSE(parse_date("2024-2-01"));
  EXPECT_FALSE(parse_date("2024-13-01"));
  EXPECT_FALSE(parse_date("2024-01-00"));
  EXPECT_FALSE(parse_date("2024/01/01"));
  EXPECT_FALSE(parse_date("２０２４-01-01"));
  EXPECT_EQ(format_date(d("2019-01-07")), "2019-01-07");
}

// A local calendar on top of the national one: an extra rest week and a (made-up, test-only) 2027.
TEST(Calendar, LayeringAmendsAndExtends) {
  const std::string overlay = R"({"calendar": "test-local", "years": [
    {"year": 2027, "notice": "test data, not a real notice", "rest": [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"}],
     "workdays": [], "working_days": 260},
    {"year": 2020, "notice": "test: an extended Spring Festival",
     "rest": [{"name": "延长春节假期", "from": "2020-02-03", "to": "2020-02-09"}], "working_days": 244}]})";
  // 2027 has 261 weekdays, less 2027-01-01 (a Friday) = 260. 2020 loses 02-03..07 = 5: 249 − 5 = 244.
  const calendar cal = medbudget::layer_calendar(medbudget::national_calendar(), overlay, "local.json");
  EXPECT_EQ(cal.last_year(), 2027);
  EXPECT_FALSE(cal.is_working_day(d("2020-02-05")));
  EXPECT_TRUE(medbudget::national_calendar().is_working_day(d("2020-02-05")));  // the original is a value
  // 2026-12-10 + 30: 12-11 #1; 12-14..18 #2–6; 12-21..25 #7–11; 12-28..31 #12–15; 2027-01-01 rest;
  // 01-04..08 #16–20; 01-11..15 #21–25; 01-18..22 #26–30.
  EXPECT_EQ(format_date(cal.add_working_days(d("2026-12-10"), 30)), "2027-01-22");
  EXPECT_EQ(cal.working_days_in_year(2027), 260);
}

std::string error_of(const std::string& json) {
  try {
    (void)medbudget::layer_calendar(medbudget::national_calendar(), json, "cal.json");
  } catch (const medbudget::input_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Calendar, EveryFileErrorNamesItsPath) {
  EXPECT_EQ(error_of(R"({"years": [{"year": 2029, "notice": "x"}]})"),
            "cal.json: years[0].year: 2029 leaves a gap after the calendar's 2019–2026");
  EXPECT_EQ(error_of(R"({"years": [{"year": 2027, "notice": "x", "working_days": 250}]})"),
            "cal.json: years[0].working_days: states 250 but the dates give 261");
  EXPECT_EQ(error_of(R"({"years": [{"year": 2027, "notice": "x", "workdays": ["2027-01-04"]}]})"),
            "cal.json: years[0].workdays[0]: 2027-01-04 is a weekday: a make-up working day falls on a weekend");
  EXPECT_EQ(error_of(R"({"years": [{"year": 2027, "notice": "x", "workdays": ["2028-01-01"]}]})"),
            "cal.json: years[0].workdays[0]: 2028-01-01 is not in 2027");
  EXPECT_EQ(error_of(R"({"years": [{"year": 2027, "notice": "x", "rest": [{"name": "a", "from": "2027-02-03", "to": "2027-02-01"}]}]})"),
            "cal.json: years[0].rest[0].to: 2027-02-01 is before from 2027-02-03");
  EXPECT_EQ(error_of(R"({"years": [{"year": 2027, "notice": "x", "rest": [{"name": "a", "from": "2027-02-30", "to": "2027-03-01"}]}]})"),
            "cal.json: years[0].rest[0].from: expected a date YYYY-MM-DD");
  EXPECT_EQ(error_of(R"({"years": [{"year": 2027, "notice": "x", "rest": [{"name": "a", "from": "2027-02-06", "to": "2027-02-08"}],
                       "workdays": ["2027-02-07"]}]})"),
            "cal.json: years[0].workdays[0]: 2027-02-07 is inside the rest block a");
  EXPECT_EQ(error_of(R"({"years": [{"year": 2027}]})"), "cal.json: years[0].notice: missing: the notice the year's days come from");
  EXPECT_EQ(error_of(R"({"years": [{"year": 2027, "notice": "x", "holidays": []}]})"),
            "cal.json: years[0].holidays: unknown field (expected one of: year, notice, rest, workdays, working_days)");
  EXPECT_NE(error_of(R"({"years": [{"year": 2027, "notice": "x"})").find("cal.json"), std::string::npos);  // truncated
  EXPECT_NE(error_of("{\"years\": [{\"year\": 2027, \"notice\": \"\xff\"}]}").find("UTF-8"), std::string::npos);
}

TEST(Calendar, EmbeddedFileMatchesTheDataDirectory) {
  EXPECT_EQ(std::string(medbudget::national_calendar_json()),
            medbudget::read_file(std::string(MEDBUDGET_SOURCE_DIR) + "/data/cn-workdays.json"));
}

// The civil date's rules, with hand-worked values.
TEST(CivilDate, LeapYearsAndMonthLengths) {
  using medbudget::days_in_month;
  using medbudget::is_leap_year;
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_FALSE(is_leap_year(2023));
  EXPECT_FALSE(is_leap_year(1900));  // a 100th year
  EXPECT_TRUE(is_leap_year(2000));   // a 400th year
  EXPECT_FALSE(is_leap_year(2100));
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(2023, 2), 28);
  EXPECT_EQ(days_in_month(1900, 2), 28);
  EXPECT_EQ(days_in_month(2000, 2), 29);
  EXPECT_EQ(days_in_month(2023, 1), 31);
  EXPECT_EQ(days_in_month(2023, 4), 30);
  EXPECT_EQ(days_in_month(2023, 12), 31);
  static_assert(medbudget::days_in_month(2024, 2) == 29);  // usable where the scan loop needs it inline
}

TEST(CivilDate, ParsesDatesAndTimes) {
  using medbudget::make_date;
  using medbudget::parse_date_time;
  using medbudget::time_of_day;
  date d{};
  int s = -1;
  EXPECT_TRUE(parse_date_time("2024-02-29", d, time_of_day::none, &s));
  EXPECT_EQ(d, make_date(2024, 2, 29));
  EXPECT_EQ(s, 0);
  EXPECT_FALSE(parse_date_time("2023-02-29", d, time_of_day::none));
  EXPECT_FALSE(parse_date_time("1900-02-29", d, time_of_day::optional));
  EXPECT_TRUE(parse_date_time("2000-02-29", d, time_of_day::optional));
  EXPECT_FALSE(parse_date_time("2023-04-31", d, time_of_day::none));
  EXPECT_FALSE(parse_date_time("2023-13-01", d, time_of_day::none));
  EXPECT_FALSE(parse_date_time("2023-00-01", d, time_of_day::none));
  EXPECT_FALSE(parse_date_time("2023-01-00", d, time_of_day::none));
  EXPECT_FALSE(parse_date_time("2023-1-01", d, time_of_day::optional));
  EXPECT_FALSE(parse_date_time("2023/01/01", d, time_of_day::optional));
  EXPECT_FALSE(parse_date_time("", d, time_of_day::optional));
  // 14:05:09 is 14·3600 + 5·60 + 9 = 50709 seconds into the day.
  EXPECT_TRUE(parse_date_time("2024-03-01 14:05:09", d, time_of_day::required, &s));
  EXPECT_EQ(d, make_date(2024, 3, 1));
  EXPECT_EQ(s, 50709);
  EXPECT_TRUE(parse_date_time("2024-03-01 23:59:59", d, time_of_day::optional, &s));
  EXPECT_EQ(s, 86399);
  EXPECT_FALSE(parse_date_time("2024-03-01 14:05:09", d, time_of_day::none));  // no time allowed
  EXPECT_FALSE(parse_date_time("2024-03-01", d, time_of_day::required));       // a time needed
  EXPECT_FALSE(parse_date_time("2024-03-01 24:00:00", d, time_of_day::optional));
  EXPECT_FALSE(parse_date_time("2024-03-01 12:60:00", d, time_of_day::optional));
  EXPECT_FALSE(parse_date_time("2024-03-01 12:00:60", d, time_of_day::optional));
  EXPECT_FALSE(parse_date_time("2024-03-01T12:00:00", d, time_of_day::optional));
  // parse_date is the date alone.
  EXPECT_EQ(parse_date("2024-02-29"), make_date(2024, 2, 29));
  EXPECT_FALSE(parse_date("2023-02-29").has_value());
  EXPECT_FALSE(parse_date("2024-02-29 00:00:00").has_value());
}

TEST(CivilDate, DayNumbers) {
  using medbudget::day_number;
  using medbudget::make_date;
  EXPECT_EQ(day_number(1970, 1, 1), 0);
  EXPECT_EQ(day_number(1969, 12, 31), -1);
  EXPECT_EQ(day_number(2000, 3, 1) - day_number(2000, 2, 28), 2);  // 2000 is leap
  EXPECT_EQ(day_number(1900, 3, 1) - day_number(1900, 2, 28), 1);  // 1900 is not
  // 2024-01-01: 54 years after 1970, 13 leap days (1972 … 2020) in between: 54·365 + 13 = 19723.
  EXPECT_EQ(day_number(make_date(2024, 1, 1)), 19723);
  EXPECT_EQ(day_number(make_date(2024, 1, 1)), sys_days{make_date(2024, 1, 1)}.time_since_epoch().count());
}

TEST(CivilDate, AgeOnADate) {
  using medbudget::age_on;
  using medbudget::make_date;
  const date birth = make_date(1980, 6, 15);
  EXPECT_EQ(age_on(birth, make_date(2024, 6, 14)), 43);  // the day before the birthday
  EXPECT_EQ(age_on(birth, make_date(2024, 6, 15)), 44);  // the birthday counts
  EXPECT_EQ(age_on(birth, make_date(2024, 12, 31)), 44);
  EXPECT_EQ(age_on(birth, birth), 0);
  EXPECT_EQ(age_on(birth, make_date(1980, 6, 14)), -1);  // before birth
  // Born on 29 February: in a year without one the birthday is 1 March.
  const date leap_born = make_date(2000, 2, 29);
  EXPECT_EQ(age_on(leap_born, make_date(2023, 2, 28)), 22);
  EXPECT_EQ(age_on(leap_born, make_date(2023, 3, 1)), 23);
  EXPECT_EQ(age_on(leap_born, make_date(2024, 2, 28)), 23);
  EXPECT_EQ(age_on(leap_born, make_date(2024, 2, 29)), 24);  // a leap year has the day itself
}

}  // namespace
