// medbudget/io/version.hpp — the library's version, as text, at run time.
#pragma once

#include <string_view>  // string_view

namespace medbudget {

// "0.1.0": the version of the library the program was linked with.
[[nodiscard]] std::string_view engine_version() noexcept;

}  // namespace medbudget
