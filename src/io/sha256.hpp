// Internal: SHA-256 (FIPS 180-4) of a byte string, as lowercase hex, for the statement's input_sha256.
#pragma once

#include <string>       // string
#include <string_view>  // string_view

namespace medbudget::io {

[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace medbudget::io
