// medbudget/calendar.hpp — the working-day calendar: China's official rest days and make-up working
// days (cn-workdays.md), a value with no global state.
//
// A day is a working day when it is a Monday–Friday outside every rest block, or a make-up working
// day (调休上班). "Within N working days after D" is the N-th working day strictly after D; D itself
// never counts. A date outside the years the calendar holds is an input_error naming the last (or
// first) year covered, never a guess.
//
//   medbudget::calendar cal = medbudget::national_calendar();     // io/calendar_json.hpp, embedded
//   date due = cal.add_working_days(date{year{2024} / 2 / 10}, 30);  // 2024-03-28 (春节 in between)
#pragma once

#include <chrono>    // year_month_day
#include <cstdint>   // uint8_t
#include <optional>  // optional
#include <string>    // string
#include <string_view>
#include <vector>    // vector

namespace medbudget {

using date = std::chrono::year_month_day;

// Strict `YYYY-MM-DD`, a real date; nullopt otherwise.
[[nodiscard]] std::optional<date> parse_date(std::string_view text);
[[nodiscard]] std::string format_date(date d);

// One year of a calendar file, as declared: its notice, rest blocks and make-up working days.
struct calendar_year {
  struct rest_block {
    std::string name;    // 春节
    date from, to;       // inclusive
    std::string notice;  // when another year's notice fixed it (12-31 of 元旦); else empty
  };
  int year = 0;
  std::string notice;                  // the notice the year's arrangement comes from
  std::vector<rest_block> rest;
  std::vector<date> workdays;          // make-up working days
  std::optional<int> working_days;     // the count the notice implies; checked when given
};

class calendar {
 public:
  // Years must be consecutive (no gap: a missing year would be a guess). `where` prefixes error paths
  // (e.g. the file name). Checks every block and make-up day (inside its year, from ≤ to, make-up days
  // on weekends and outside rest blocks) and each stated working-day count.
  [[nodiscard]] static calendar from_years(const std::vector<calendar_year>& years, const std::string& where);

  // This calendar with `overlay` on top: a year the overlay names that this calendar has is amended
  // (its rest blocks become rest days, its make-up days working days, over this calendar's days); a new
  // year must extend the range without a gap and is defined by the overlay alone.
  [[nodiscard]] calendar layered(const std::vector<calendar_year>& overlay, const std::string& where) const;

  [[nodiscard]] int first_year() const noexcept { return first_year_; }
  [[nodiscard]] int last_year() const noexcept { return last_year_; }
  [[nodiscard]] const std::vector<calendar_year>& years() const noexcept { return years_; }

  [[nodiscard]] bool is_working_day(date d) const;
  // The n-th working day strictly after d (n ≥ 0; n = 0 gives d).
  [[nodiscard]] date add_working_days(date d, int n) const;
  // Working days in (from, to]; negative when to < from. add_working_days(d, n) == e ⇒ between(d, e) == n.
  [[nodiscard]] int working_days_between(date from, date to) const;
  [[nodiscard]] int working_days_in_year(int year) const;

 private:
  [[nodiscard]] std::size_t index_of(date d) const;  // throws when outside the years held
  void rebuild();

  int first_year_ = 0, last_year_ = -1;
  std::vector<calendar_year> years_;
  std::vector<std::uint8_t> working_;  // one flag a day from first_year-01-01
  std::vector<int> before_;            // working days before each day (prefix sums), one more at the end
};

}  // namespace medbudget
