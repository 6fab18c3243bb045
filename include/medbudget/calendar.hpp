// medbudget/calendar.hpp — the working-day calendar: China's official rest days and make-up working
// days (docs/cycle.md), a value with no global state.
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
#include <cstddef>   // size_t
#include <cstdint>   // uint8_t, int64_t
#include <optional>  // optional
#include <string>    // string
#include <string_view>
#include <vector>    // vector

namespace medbudget {

// The one civil date of the project: the calendar's days, the records' settlement and birth dates,
// the stays' moments and the generated rows all use it and the rules below, so the leap-year rule
// is written once. The functions a records row calls are constexpr here, so the scan loop inlines them.
using date = std::chrono::year_month_day;

// The Gregorian rule: every 4th year, but not every 100th, but every 400th (1900 is not leap, 2000 is).
[[nodiscard]] constexpr bool is_leap_year(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Days in month `m` (1–12) of year `y`.
[[nodiscard]] constexpr int days_in_month(int y, int m) noexcept {
  constexpr int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : len[m - 1];
}

[[nodiscard]] constexpr date make_date(int y, int m, int d) noexcept {
  return date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)}, std::chrono::day{static_cast<unsigned>(d)}};
}
[[nodiscard]] constexpr int year_of(date d) noexcept { return static_cast<int>(d.year()); }
[[nodiscard]] constexpr int month_of(date d) noexcept { return static_cast<int>(static_cast<unsigned>(d.month())); }
[[nodiscard]] constexpr int day_of(date d) noexcept { return static_cast<int>(static_cast<unsigned>(d.day())); }

// Days since 1970-01-01 of a civil date (proleptic Gregorian; earlier dates are negative).
[[nodiscard]] constexpr std::int64_t day_number(int y, int m, int d) noexcept {
  const int yy = m <= 2 ? y - 1 : y;
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}
[[nodiscard]] constexpr std::int64_t day_number(date d) noexcept { return day_number(year_of(d), month_of(d), day_of(d)); }

// Age in completed years on `on` for a birthday `birth`: on the birthday itself the new age counts,
// and a 29 February birthday falls on 1 March in other years. Negative when `on` is before `birth`.
[[nodiscard]] constexpr int age_on(date birth, date on) noexcept {
  int bm = month_of(birth), bd = day_of(birth);
  const int m = month_of(on), d = day_of(on);
  if (bm == 2 && bd == 29 && !is_leap_year(year_of(on))) {
    bm = 3;
    bd = 1;
  }
  int age = year_of(on) - year_of(birth);
  if (m < bm || (m == bm && d < bd)) --age;
  return age;
}

// Whether a date text may, must or must not carry a time of day after it.
enum class time_of_day { none, optional, required };

namespace calendar_detail {
constexpr bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) noexcept {
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}
}  // namespace calendar_detail

// "yyyy-MM-dd", followed by " HH:mm:ss" as `time` allows or requires: a real date (any year 0000–9999)
// and a real time of day (00:00:00–23:59:59). On success `out` is the date and `second` (when given) the
// second of the day, 0 for a date alone; false when malformed, and then neither is meaningful.
[[nodiscard]] constexpr bool parse_date_time(std::string_view s, date& out, time_of_day time,
                                             int* second = nullptr) noexcept {
  using calendar_detail::digits;
  if (s.size() != 10 && s.size() != 19) return false;
  if (s.size() == 19 && time == time_of_day::none) return false;
  if (s.size() == 10 && time == time_of_day::required) return false;
  int y = 0, m = 0, d = 0;
  if (s[4] != '-' || s[7] != '-' || !digits(s, 0, 4, y) || !digits(s, 5, 2, m) || !digits(s, 8, 2, d)) return false;
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return false;
  int hh = 0, mm = 0, ss = 0;
  if (s.size() == 19) {
    if (s[10] != ' ' || s[13] != ':' || s[16] != ':' || !digits(s, 11, 2, hh) || !digits(s, 14, 2, mm) ||
        !digits(s, 17, 2, ss))
      return false;
    if (hh > 23 || mm > 59 || ss > 59) return false;
  }
  out = make_date(y, m, d);
  if (second != nullptr) *second = hh * 3600 + mm * 60 + ss;
  return true;
}

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
