// Internal: what the command layer's files share (commands.cpp, command_records.cpp) — how an
// option is named in errors, the required options, and a case filled from settlement records.
#pragma once

#include <optional>     // optional
#include <string>       // string
#include <string_view>  // string_view

#include "medbudget/io/commands.hpp"
#include "medbudget/io/render.hpp"

namespace medbudget::detail {

// How an error names an option: the JSON key, or the program's flag (`year_end_date` → `--year-end-date`).
[[nodiscard]] std::string flag(const command_options& o, std::string_view key);

// The option's value; a usage_error naming it when it is missing.
[[nodiscard]] const std::string& required(const command_options& o, const std::optional<std::string>& v, std::string_view key);

// A usage_error unless the format is json or text (`command` writes no CSV).
void json_or_text(const command_options& o, std::string_view command);

// The `year` option, required, 1990 to 2100 (a library caller may set it directly).
[[nodiscard]] int year_in_range(const command_options& o);

// The case of `bytes`, with each alliance's actuals (and performance, where the policy scores and
// the case does not state it) from the records when `claims` is given; the inputs' digests, each
// from its one reading, go to `ro`. Streams are copied first (command_records.cpp).
[[nodiscard]] case_input load_case_with_records(std::string_view bytes, const command_options& o, render_options& ro,
                                                command_result& out);

}  // namespace medbudget::detail
