// Internal: typed reading of a jnode tree, every error naming the JSON path.
#pragma once

#include <cstdint>           // int64_t
#include <initializer_list>  // initializer_list
#include <string>            // string
#include <string_view>       // string_view

#include "json_tree.hpp"
#include "medbudget/money.hpp"

namespace medbudget::io {

inline constexpr std::size_t max_text_length = 256;  // ids, names, reasons

[[nodiscard]] std::string child(const std::string& path, std::string_view key);
[[nodiscard]] std::string index(const std::string& path, std::size_t i);

void expect(const jnode& n, jnode::kind k, const std::string& path);
// Every key of the object must be one of `allowed`.
void check_keys(const jnode& obj, const std::string& path, std::initializer_list<std::string_view> allowed);
[[nodiscard]] const jnode& required(const jnode& obj, const std::string& path, std::string_view key,
                                    const std::string& what);

// An amount in yuan: a JSON string or number, at most two decimals, parsed exactly from its text.
[[nodiscard]] fen amount_of(const jnode& n, const std::string& path);
// An exact decimal rate: a JSON string or number, parsed from its text.
[[nodiscard]] rate rate_of(const jnode& n, const std::string& path);
// A whole number (JSON integer), at least `min`.
[[nodiscard]] std::int64_t integer_of(const jnode& n, const std::string& path, std::int64_t min = 0);
// A calendar year, 1990 to 2100.
[[nodiscard]] std::int64_t year_of(const jnode& n, const std::string& path);
[[nodiscard]] bool bool_of(const jnode& n, const std::string& path);
[[nodiscard]] std::string text_of(const jnode& n, const std::string& path, std::size_t max_length = max_text_length);

}  // namespace medbudget::io
