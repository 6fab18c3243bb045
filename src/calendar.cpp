// The working-day calendar (docs/cycle.md, data/cn-workdays.json): one flag a day and its prefix sums, so every question is
// O(1) but add_working_days, which is O(n) in the days it walks.
#include "medbudget/calendar.hpp"

#include <algorithm>  // sort, find_if
#include <string>

#include "medbudget/error.hpp"

namespace medbudget {

namespace {

using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;

constexpr int min_year = 1990;
constexpr int max_year = 2100;
constexpr std::size_t max_blocks_per_year = 64;
constexpr std::size_t max_workdays_per_year = 64;

bool weekend(date d) {
  const std::chrono::weekday w{sys_days{d}};
  return w == std::chrono::Saturday || w == std::chrono::Sunday;
}

sys_days jan1(int y) { return sys_days{year{y} / 1 / 1}; }

std::string sub(const std::string& where, const std::string& path) { return where.empty() ? path : where + ": " + path; }

// The checks that need only the year itself.
void check_year(const calendar_year& y, const std::string& path) {
  if (y.year < min_year || y.year > max_year)
    throw input_error(path + ".year", "expected a year from " + std::to_string(min_year) + " to " + std::to_string(max_year));
  if (y.rest.size() > max_blocks_per_year)
    throw input_error(path + ".rest", "more than " + std::to_string(max_blocks_per_year) + " rest blocks");
  if (y.workdays.size() > max_workdays_per_year)
    throw input_error(path + ".workdays", "more than " + std::to_string(max_workdays_per_year) + " make-up working days");
  const auto in_year = [&](date d) { return static_cast<int>(d.year()) == y.year; };
  for (std::size_t i = 0; i < y.rest.size(); ++i) {
    const auto& b = y.rest[i];
    const std::string bp = path + ".rest[" + std::to_string(i) + "]";
    if (!in_year(b.from)) throw input_error(bp + ".from", format_date(b.from) + " is not in " + std::to_string(y.year));
    if (!in_year(b.to)) throw input_error(bp + ".to", format_date(b.to) + " is not in " + std::to_string(y.year));
    if (sys_days{b.to} < sys_days{b.from})
      throw input_error(bp + ".to", format_date(b.to) + " is before from " + format_date(b.from));
  }
  for (std::size_t i = 0; i < y.workdays.size(); ++i) {
    const date d = y.workdays[i];
    const std::string wp = path + ".workdays[" + std::to_string(i) + "]";
    if (!in_year(d)) throw input_error(wp, format_date(d) + " is not in " + std::to_string(y.year));
    if (!weekend(d)) throw input_error(wp, format_date(d) + " is a weekday: a make-up working day falls on a weekend");
    for (const auto& b : y.rest)
      if (sys_days{b.from} <= sys_days{d} && sys_days{d} <= sys_days{b.to})
        throw input_error(wp, format_date(d) + " is inside the rest block " + b.name);
    for (std::size_t j = 0; j < i; ++j)
      if (y.workdays[j] == d) throw input_error(wp, format_date(d) + " is listed twice");
  }
  if (y.working_days && (*y.working_days < 0 || *y.working_days > 366))
    throw input_error(path + ".working_days", "expected 0 to 366");
}

}  // namespace

std::optional<date> parse_date(std::string_view t) {
  date d;
  if (!parse_date_time(t, d, time_of_day::none)) return std::nullopt;
  return d;
}

std::string format_date(date d) {
  const int y = static_cast<int>(d.year());
  const unsigned m = static_cast<unsigned>(d.month()), dd = static_cast<unsigned>(d.day());
  std::string s(10, '0');
  s[0] = static_cast<char>('0' + y / 1000 % 10);
  s[1] = static_cast<char>('0' + y / 100 % 10);
  s[2] = static_cast<char>('0' + y / 10 % 10);
  s[3] = static_cast<char>('0' + y % 10);
  s[4] = s[7] = '-';
  s[5] = static_cast<char>('0' + m / 10);
  s[6] = static_cast<char>('0' + m % 10);
  s[8] = static_cast<char>('0' + dd / 10);
  s[9] = static_cast<char>('0' + dd % 10);
  return s;
}

calendar calendar::from_years(const std::vector<calendar_year>& years, const std::string& where) {
  if (years.empty()) throw input_error(sub(where, "years"), "no year given");
  calendar c;
  c.first_year_ = years.front().year;
  c.last_year_ = c.first_year_ - 1;
  for (std::size_t i = 0; i < years.size(); ++i) {
    const std::string path = sub(where, "years[" + std::to_string(i) + "]");
    check_year(years[i], path);
    if (years[i].year != c.last_year_ + 1)
      throw input_error(path + ".year", "expected " + std::to_string(c.last_year_ + 1) +
                                            ": years must be consecutive, oldest first");
    c.last_year_ = years[i].year;
  }
  c.working_.assign(static_cast<std::size_t>((jan1(c.last_year_ + 1) - jan1(c.first_year_)).count()), 0);
  for (std::size_t i = 0; i < c.working_.size(); ++i) {
    const date d{jan1(c.first_year_) + days{static_cast<int>(i)}};
    c.working_[i] = weekend(d) ? 0 : 1;
  }
  c.years_ = years;
  for (std::size_t i = 0; i < years.size(); ++i) {
    const auto& y = years[i];
    for (const auto& b : y.rest)
      for (sys_days d = b.from; d <= sys_days{b.to}; d += days{1}) c.working_[c.index_of(date{d})] = 0;
    for (const date d : y.workdays) c.working_[c.index_of(d)] = 1;
  }
  c.rebuild();
  for (std::size_t i = 0; i < years.size(); ++i)
    if (years[i].working_days && *years[i].working_days != c.working_days_in_year(years[i].year))
      throw input_error(sub(where, "years[" + std::to_string(i) + "].working_days"),
                        "states " + std::to_string(*years[i].working_days) + " but the dates give " +
                            std::to_string(c.working_days_in_year(years[i].year)));
  return c;
}

calendar calendar::layered(const std::vector<calendar_year>& overlay, const std::string& where) const {
  calendar c = *this;
  std::vector<std::size_t> order(overlay.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return overlay[a].year < overlay[b].year; });
  for (std::size_t i : order) {
    const auto& y = overlay[i];
    const std::string path = sub(where, "years[" + std::to_string(i) + "]");
    check_year(y, path);
    if (y.year == c.last_year_ + 1) {  // a new year at the end: weekends, then the overlay's days
      const std::size_t start = c.working_.size();
      c.working_.resize(static_cast<std::size_t>((jan1(y.year + 1) - jan1(c.first_year_)).count()));
      for (std::size_t k = start; k < c.working_.size(); ++k)
        c.working_[k] = weekend(date{jan1(c.first_year_) + days{static_cast<int>(k)}}) ? 0 : 1;
      c.last_year_ = y.year;
      c.years_.push_back(y);
    } else if (y.year == c.first_year_ - 1) {  // a new year at the start
      const auto n = static_cast<std::size_t>((jan1(c.first_year_) - jan1(y.year)).count());
      std::vector<std::uint8_t> head(n);
      for (std::size_t k = 0; k < n; ++k) head[k] = weekend(date{jan1(y.year) + days{static_cast<int>(k)}}) ? 0 : 1;
      c.working_.insert(c.working_.begin(), head.begin(), head.end());
      c.first_year_ = y.year;
      c.years_.insert(c.years_.begin(), y);
    } else if (y.year < c.first_year_ || y.year > c.last_year_) {
      throw input_error(path + ".year", std::to_string(y.year) + " leaves a gap after the calendar's " +
                                            std::to_string(c.first_year_) + "–" + std::to_string(c.last_year_));
    } else {  // amends a year already held
      auto& held = c.years_[static_cast<std::size_t>(y.year - c.first_year_)];
      held.rest.insert(held.rest.end(), y.rest.begin(), y.rest.end());
      // The overlay's days are applied after the held ones below, so they win where the two differ.
      held.workdays.insert(held.workdays.end(), y.workdays.begin(), y.workdays.end());
      if (!y.notice.empty()) held.notice += "；" + y.notice;
      held.working_days = y.working_days;
    }
    for (const auto& b : y.rest)
      for (sys_days d = b.from; d <= sys_days{b.to}; d += days{1}) c.working_[c.index_of(date{d})] = 0;
    for (const date d : y.workdays) c.working_[c.index_of(d)] = 1;
    c.rebuild();
    if (y.working_days && *y.working_days != c.working_days_in_year(y.year))
      throw input_error(path + ".working_days", "states " + std::to_string(*y.working_days) +
                                                   " but the dates give " + std::to_string(c.working_days_in_year(y.year)));
  }
  return c;
}

void calendar::rebuild() {
  before_.assign(working_.size() + 1, 0);
  for (std::size_t i = 0; i < working_.size(); ++i) before_[i + 1] = before_[i] + working_[i];
}

std::size_t calendar::index_of(date d) const {
  if (!d.ok()) throw input_error("", "not a valid date");
  const int y = static_cast<int>(d.year());
  if (y > last_year_)
    throw input_error("", format_date(d) + " is beyond the working-day calendar, which ends with " +
                              std::to_string(last_year_) + " (load the next year's notice with a calendar file)");
  if (y < first_year_)
    throw input_error("", format_date(d) + " is before the working-day calendar, which starts with " +
                              std::to_string(first_year_));
  return static_cast<std::size_t>((sys_days{d} - jan1(first_year_)).count());
}

bool calendar::is_working_day(date d) const { return working_[index_of(d)] != 0; }

date calendar::add_working_days(date d, int n) const {
  if (n < 0) throw input_error("", "the number of working days must not be negative");
  std::size_t i = index_of(d);
  for (int left = n; left > 0;) {
    ++i;
    if (i >= working_.size())
      throw input_error("", std::to_string(n) + " working days after " + format_date(d) +
                                " is beyond the working-day calendar, which ends with " + std::to_string(last_year_) +
                                " (load the next year's notice with a calendar file)");
    left -= working_[i];
  }
  return date{jan1(first_year_) + days{static_cast<int>(i)}};
}

int calendar::working_days_between(date from, date to) const {
  const std::size_t a = index_of(from), b = index_of(to);
  return before_[b + 1] - before_[a + 1];
}

int calendar::working_days_in_year(int y) const {
  if (y < first_year_ || y > last_year_) (void)index_of(date{year{y} / 1 / 1});
  const auto a = static_cast<std::size_t>((jan1(y) - jan1(first_year_)).count());
  const auto b = static_cast<std::size_t>((jan1(y + 1) - jan1(first_year_)).count());
  return before_[b] - before_[a];
}

}  // namespace medbudget
