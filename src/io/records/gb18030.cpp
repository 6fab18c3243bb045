// GB18030 to UTF-8 (gb18030.hpp).
#include "gb18030.hpp"

#include <algorithm>  // count
#include <array>      // array
#include <cstdint>    // int64_t, uint32_t
#include <cstring>    // memcpy
#include <mutex>      // call_once: the table is built once

#include "../csv.hpp"  // ascii8
#include "medbudget/error.hpp"

namespace medbudget::io {

namespace {

// The two-byte characters (lead 81–FE, trail 40–FE): their UTF-8, packed as (length << 24) | bytes,
// 0 for a pair that is no character. Built once from the system's iconv, so that the decoder reads
// a table instead of calling iconv for every character (a records file has Chinese on every row).
constexpr std::size_t leads = 0xFE - 0x81 + 1, trails = 0xFE - 0x40 + 1;
std::array<std::uint32_t, leads * trails> two_byte{};
std::once_flag two_byte_built;

void build_two_byte(iconv_t cd) {
  for (std::size_t l = 0; l < leads; ++l)
    for (std::size_t t = 0; t < trails; ++t) {
      char in[2] = {static_cast<char>(0x81 + l), static_cast<char>(0x40 + t)};
      char out[8];
      char* src = in;
      char* dst = out;
      std::size_t in_left = 2, out_left = sizeof out;
      ::iconv(cd, nullptr, nullptr, nullptr, nullptr);
      if (::iconv(cd, &src, &in_left, &dst, &out_left) == static_cast<std::size_t>(-1) || in_left != 0) continue;
      const std::size_t n = sizeof out - out_left;
      if (n == 0 || n > 3) continue;  // a two-byte GB18030 character is in the BMP: 1–3 UTF-8 bytes
      std::uint32_t packed = static_cast<std::uint32_t>(n) << 24;
      for (std::size_t k = 0; k < n; ++k) packed |= static_cast<std::uint32_t>(static_cast<unsigned char>(out[k])) << (8 * k);
      two_byte[l * trails + t] = packed;
    }
}

}  // namespace

gb18030_decoder::gb18030_decoder() : cd_(::iconv_open("UTF-8", "GB18030")) {
  if (cd_ == reinterpret_cast<iconv_t>(-1))
    throw input_error("--encoding", "this system's iconv cannot read GB18030 (glibc's gconv modules are missing)");
  std::call_once(two_byte_built, [this] { build_two_byte(cd_); });
}

gb18030_decoder::~gb18030_decoder() { ::iconv_close(cd_); }

std::size_t gb18030_decoder::decode(std::string_view raw, std::string& out) {
  out.resize(raw.size() + raw.size() / 2 + 8);  // 2 bytes → at most 3, 4 → 4, 1 → 1
  const auto* s = reinterpret_cast<const unsigned char*>(raw.data());
  const std::size_t n = raw.size();
  char* d = out.data();
  std::size_t i = 0;
  while (i < n) {
    // ASCII, 8 bytes at a time where it can.
    if (i + 8 <= n && ascii8(s + i)) {
      std::memcpy(d, s + i, 8);
      d += 8;
      i += 8;
      continue;
    }
    const unsigned char c = s[i];
    if (c < 0x80) {
      *d++ = static_cast<char>(c);
      ++i;
      continue;
    }
    if (c < 0x81 || c > 0xFE || i + 1 >= n) return i;
    const unsigned char t = s[i + 1];
    if (t >= 0x30 && t <= 0x39) {  // four bytes (rare): iconv
      if (i + 4 > n) return i;
      char* src = const_cast<char*>(raw.data() + i);
      std::size_t in_left = 4, out_left = 4;
      ::iconv(cd_, nullptr, nullptr, nullptr, nullptr);
      if (::iconv(cd_, &src, &in_left, &d, &out_left) == static_cast<std::size_t>(-1) || in_left != 0) return i;
      i += 4;
      continue;
    }
    if (t < 0x40 || t > 0xFE) return i;
    const std::uint32_t packed = two_byte[static_cast<std::size_t>(c - 0x81) * trails + (t - 0x40)];
    if (packed == 0) return i;
    const std::size_t len = packed >> 24;
    for (std::size_t k = 0; k < len; ++k) *d++ = static_cast<char>((packed >> (8 * k)) & 0xFF);
    i += 2;
  }
  out.resize(static_cast<std::size_t>(d - out.data()));
  return std::string_view::npos;
}

void refuse_gb18030(const std::string& file, std::string_view raw, std::size_t bad, std::int64_t first_line) {
  const auto line = first_line + std::count(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
  throw input_error(file + ":" + std::to_string(line), "not valid GB18030 (--encoding gb18030): is the file UTF-8?");
}

}  // namespace medbudget::io
