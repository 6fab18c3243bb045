// Internal: small tools on the cells of the records, registry and attribution files — digits,
// case, a 64-bit hash of an id, and how a cell is quoted in an error (never a personal number,
// never cut inside a UTF-8 character).
#pragma once

#include <cstddef>      // size_t
#include <cstdint>      // uint64_t
#include <cstring>      // memcpy
#include <string>       // string
#include <string_view>  // string_view

namespace medbudget::io {

[[nodiscard]] inline bool is_digits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

[[nodiscard]] inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The high and low halves of a 64 × 64-bit product, folded.
[[nodiscard]] inline std::uint64_t mum(std::uint64_t a, std::uint64_t b) noexcept {
  __extension__ typedef unsigned __int128 uint128;
  const uint128 r = static_cast<uint128>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}

// A 64-bit hash of an id (multiply-fold, 16 bytes a round); never 0 (0 marks an empty slot).
[[nodiscard]] inline std::uint64_t hash64(std::string_view s) noexcept {
  constexpr std::uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL, k2 = 0x8ebc6af09c88c6e3ULL;
  const char* p = s.data();
  const std::size_t n = s.size();
  std::uint64_t seed = 0x9E3779B97F4A7C15ULL ^ (n * k0);
  std::uint64_t a = 0, b = 0;
  if (n >= 8) {
    std::size_t i = 0;
    for (; i + 16 < n; i += 16) {
      std::memcpy(&a, p + i, 8);
      std::memcpy(&b, p + i + 8, 8);
      seed = mum(a ^ k1, b ^ seed);
    }
    std::memcpy(&a, p + (n >= 16 ? n - 16 : 0), 8);  // the last 16 bytes (or all, overlapping)
    std::memcpy(&b, p + n - 8, 8);
  } else if (n >= 4) {
    std::uint32_t x = 0, y = 0;
    std::memcpy(&x, p, 4);
    std::memcpy(&y, p + n - 4, 4);
    a = x;
    b = y;
  } else if (n > 0) {
    a = (std::uint64_t{static_cast<unsigned char>(p[0])} << 16) | (std::uint64_t{static_cast<unsigned char>(p[n >> 1])} << 8) |
        static_cast<unsigned char>(p[n - 1]);
  }
  const std::uint64_t h = mum(mum(a ^ k1, b ^ seed) ^ k2, n ^ k1);
  return h == 0 ? 1 : h;
}

// Whether a cell looks like a person's number, whatever its column: a run of 15 or more digits,
// optionally closed by X (a 15- or 18-digit 身份证号, the platform's numeric 人员编号).
[[nodiscard]] inline bool looks_personal(std::string_view s) noexcept {
  std::size_t run = 0;
  for (const char c : s) {
    if (c >= '0' && c <= '9') {
      if (++run >= 15) return true;
    } else {
      run = 0;
    }
  }
  return false;
}

// A cell as an error quotes it: "…" with at most 64 bytes, cut before a UTF-8 character rather than
// inside it; a cell that looks like a person's number is not shown.
[[nodiscard]] inline std::string quoted_cell(std::string_view s) {
  if (looks_personal(s)) return "a value not shown (it looks like a personal number)";
  std::size_t n = s.size() < 64 ? s.size() : 64;
  if (n < s.size())
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // s[n] continues a character
  return "\"" + std::string(s.substr(0, n)) + "\"";
}

}  // namespace medbudget::io
