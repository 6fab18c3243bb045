// Internal: one records row read by column — its cells, dates and amounts, and the error that names
// a bad cell. The aggregation and the indicators read rows through it, so both say the same.
#pragma once

#include <algorithm>    // min
#include <cstddef>      // size_t
#include <cstdint>      // int64_t
#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include "cells.hpp"
#include "columns.hpp"
#include "medbudget/calendar.hpp"
#include "medbudget/error.hpp"
#include "medbudget/money.hpp"

namespace medbudget::io {

// A records date or time (calendar.hpp), from 1900 on: an earlier year in a settlement record is a typo.
inline bool records_date(std::string_view s, date& out, time_of_day time) noexcept {
  return parse_date_time(s, out, time) && year_of(out) >= 1900;
}

// The common amounts, "[-]d[.d[d]]" with at most 15 whole digits, in fen, exactly as fen::parse
// reads them; false for anything else (fen::parse then accepts it or says what is wrong).
inline bool plain_amount(std::string_view v, std::int64_t& out) noexcept {
  std::size_t i = 0;
  const bool negative = !v.empty() && v[0] == '-';
  if (negative) i = 1;
  const std::size_t whole_start = i;
  std::int64_t whole = 0;
  while (i < v.size() && i - whole_start < 15 && v[i] >= '0' && v[i] <= '9') whole = whole * 10 + (v[i++] - '0');
  if (i == whole_start) return false;
  std::int64_t cents = 0;
  if (i < v.size()) {
    if (v[i] != '.') return false;
    const std::size_t frac_start = ++i;
    while (i < v.size() && i - frac_start < 2 && v[i] >= '0' && v[i] <= '9') cents = cents * 10 + (v[i++] - '0');
    if (i == frac_start || i != v.size()) return false;
    if (i - frac_start == 1) cents *= 10;
  }
  out = negative ? -(whole * 100 + cents) : whole * 100 + cents;
  return true;
}

// An amount written with thousands separators, as a spreadsheet shows it ("24,794.48",
// "-1,234,567.00"): `v` without them in `out` when every separator stands between groups of three
// digits; false otherwise (no separator, or one out of place).
inline bool ungrouped_amount(std::string_view v, std::string& out) {
  if (v.find(',') == std::string_view::npos) return false;
  std::size_t i = !v.empty() && v[0] == '-' ? 1 : 0;
  const std::size_t whole_end = std::min(v.find('.'), v.size());
  std::size_t digits = 0;  // in the current group
  bool first = true;
  out.assign(v.substr(0, i));
  for (; i < whole_end; ++i) {
    const char c = v[i];
    if (c == ',') {
      if (digits == 0 || digits > 3 || (!first && digits != 3)) return false;
      first = false;
      digits = 0;
      continue;
    }
    if (c < '0' || c > '9') return false;
    ++digits;
    out += c;
  }
  if (first || digits != 3) return false;
  out.append(v.substr(whole_end));
  return true;
}

// An amount the first pass has accepted, read again (the second pass).
inline std::int64_t accepted_amount(std::string_view v) {
  if (std::int64_t x = 0; plain_amount(v, x)) return x;
  std::string plain;
  return fen::parse(ungrouped_amount(v, plain) ? std::string_view(plain) : v).value();
}

// What a row that fails a check most likely is when it comes from a spreadsheet — a blank row of
// separators only, or a total row (合计/小计/总计) — as an input_error at `where` that says so and
// how to fix it; returns without throwing for any other row.
inline void refuse_spreadsheet_row(const std::vector<std::string_view>& f, const std::string& where) {
  bool empty = true;
  for (std::string_view c : f) {
    while (!c.empty() && c.front() == ' ') c.remove_prefix(1);
    if (c.substr(0, 6) == "合计" || c.substr(0, 6) == "小计" || c.substr(0, 6) == "总计")
      throw input_error(where, "a total row (" + std::string(c.substr(0, 6)) +
                                   "): a records file holds settlement rows only; delete the row, or export without it");
    empty = empty && c.empty();
  }
  if (empty) throw input_error(where, "an empty row (separators only, as a spreadsheet writes a blank row): delete it");
}

// A date written as a spreadsheet shows it, "2024/6/29" or "2024/6/29 12:00".
inline bool spreadsheet_date(std::string_view v) noexcept {
  std::size_t i = 0;
  const auto number = [&](std::size_t lo, std::size_t hi) {
    std::size_t n = 0;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i, ++n;
    return n >= lo && n <= hi;
  };
  if (!number(4, 4) || i >= v.size() || v[i++] != '/' || !number(1, 2) || i >= v.size() || v[i++] != '/' || !number(1, 2))
    return false;
  if (i == v.size()) return true;
  if (v[i++] != ' ' || !number(1, 2) || i >= v.size() || v[i++] != ':' || !number(2, 2)) return false;
  if (i < v.size() && v[i] == ':') {
    ++i;
    if (!number(2, 2)) return false;
  }
  return i == v.size();
}

// The cells of one row by column, and the checks with which the records reader names a bad cell
// ("file:line:field: column name: expected …, got …"; a personal column's value never shown).
class row_reader {
 public:
  row_reader(const header& head, const std::string& file, const std::vector<std::string_view>& f, std::int64_t line)
      : head_(head), file_(file), f_(f), line_(line) {}

  std::string_view cell(column c) const {
    const int i = head_.at[c];
    return i < 0 ? std::string_view() : f_[static_cast<std::size_t>(i)];
  }
  [[gnu::cold]] [[noreturn]] void fail(column c, const std::string& expected) const {
    refuse_spreadsheet_row(f_, file_ + ":" + std::to_string(line_));
    const int i = head_.at[c];
    const std::string name = i < 0 ? std::string(column_specs[c].names.begin()[0]) : head_.names[static_cast<std::size_t>(i)];
    std::string msg = "column " + name + ": expected " + expected;
    if (!column_specs[c].personal) msg += ", got " + quoted_cell(cell(c));
    if (spreadsheet_date(cell(c)))
      msg += " (a date as a spreadsheet shows it: format the column as yyyy-mm-dd hh:mm:ss before saving the CSV)";
    throw input_error(where(c), msg);
  }
  // "file:line:field" of column c's cell (field 0 when the header lacks the column).
  [[nodiscard]] std::string where(column c) const {
    return file_ + ":" + std::to_string(line_) + ":" + std::to_string(head_.at[c] + 1);
  }
  std::int64_t amount(column c) const {
    if (std::int64_t v = 0; plain_amount(cell(c), v)) return v;
    return unusual_amount(c);
  }
  void optional_amount(column c) const {
    if (!cell(c).empty()) (void)amount(c);
  }
  // An amount that is not of the common form: thousands separators, more whole digits, or wrong.
  [[gnu::cold]] std::int64_t unusual_amount(column c) const {
    std::string plain;
    const bool grouped = ungrouped_amount(cell(c), plain);
    if (!grouped && cell(c).find(',') != std::string_view::npos)
      fail(c, "an amount in yuan; thousands separators stand between groups of three digits, as in 24,794.48");
    try {
      return fen::parse(grouped ? std::string_view(plain) : cell(c)).value();
    } catch (const input_error& e) {
      fail(c, "an amount in yuan with at most two decimals (" + e.message() + ")");
    }
  }
  std::string_view nonempty(column c, std::size_t max_len, const char* what) const {
    const std::string_view v = cell(c);
    if (v.empty() || v.size() > max_len) fail(c, std::string(what) + " (1 to " + std::to_string(max_len) + " characters)");
    return v;
  }
  std::string_view flag(column c, std::string_view fallback) const {
    if (head_.at[c] < 0) return fallback;
    const std::string_view v = cell(c);
    if (v.size() != 1 || v[0] < '0' || v[0] > '9') fail(c, "a one-digit flag (0 or 1)");
    return v;
  }

 private:
  const header& head_;
  const std::string& file_;
  const std::vector<std::string_view>& f_;
  std::int64_t line_;
};

}  // namespace medbudget::io
