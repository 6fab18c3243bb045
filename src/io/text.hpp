// Internal: text and CSV cells for people and spreadsheets (statements, schedules, monitoring).
#pragma once

#include <cstddef>  // size_t
#include <string>   // string

namespace medbudget::io {

// Display width in a terminal: CJK and full-width forms take two columns.
[[nodiscard]] std::size_t display_width(const std::string& s);
[[nodiscard]] std::string pad_right(const std::string& s, std::size_t width);
[[nodiscard]] std::string pad_left(const std::string& s, std::size_t width);
// "1234567.89" → "1,234,567.89" (text only; JSON and CSV keep plain figures).
[[nodiscard]] std::string grouped(const std::string& amount);
// An RFC 4180 cell: quoted when it holds a comma, quote or line break.
[[nodiscard]] std::string csv_cell(const std::string& s);
// A CSV cell of text (an id, a label, a formula, a clause — never an amount): one that starts with
// `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`, so that a spreadsheet shows
// it as text and never runs it as a formula. Amount cells go through csv_cell and stay numbers.
[[nodiscard]] std::string csv_text_cell(const std::string& s);

}  // namespace medbudget::io
