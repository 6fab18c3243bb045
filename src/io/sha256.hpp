// Internal: SHA-256 (FIPS 180-4), incremental, as lowercase hex, for the statement's input_sha256.
#pragma once

#include <array>        // array
#include <cstdint>      // uint32_t, uint64_t
#include <string>       // string
#include <string_view>  // string_view

namespace medbudget::io {

class sha256 {
 public:
  void update(std::string_view bytes);
  [[nodiscard]] std::string hex();  // finishes the digest

 private:
  std::array<std::uint32_t, 8> h_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::array<unsigned char, 64> buf_{};
  std::size_t used_ = 0;
  std::uint64_t length_ = 0;
};

[[nodiscard]] std::string sha256_hex(std::string_view bytes);
// Of a file's bytes, read in pieces; input_error when it cannot be read.
[[nodiscard]] std::string sha256_file(const std::string& path);

}  // namespace medbudget::io
