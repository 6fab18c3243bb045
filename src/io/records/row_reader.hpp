// Internal: one records row read by column — its cells, dates and amounts, and the error that names
// a bad cell. The aggregation and the indicators read rows through it, so both say the same.
#pragma once

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
  [[noreturn]] void fail(column c, const std::string& expected) const {
    const int i = head_.at[c];
    const std::string name = i < 0 ? std::string(column_specs[c].names.begin()[0]) : head_.names[static_cast<std::size_t>(i)];
    std::string msg = "column " + name + ": expected " + expected;
    if (!column_specs[c].personal) msg += ", got " + quoted_cell(cell(c));
    throw input_error(where(c), msg);
  }
  // "file:line:field" of column c's cell (field 0 when the header lacks the column).
  [[nodiscard]] std::string where(column c) const {
    return file_ + ":" + std::to_string(line_) + ":" + std::to_string(head_.at[c] + 1);
  }
  std::int64_t amount(column c) const {
    if (std::int64_t v = 0; plain_amount(cell(c), v)) return v;
    try {
      return fen::parse(cell(c)).value();
    } catch (const input_error& e) {
      fail(c, "an amount in yuan with at most two decimals (" + e.message() + ")");
    }
  }
  void optional_amount(column c) const {
    if (!cell(c).empty()) (void)amount(c);
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
