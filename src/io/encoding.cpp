// The text encoding of the inputs: UTF-8 checked, and what a file that is not UTF-8 most likely is
// (csv.hpp).
#include <algorithm>  // min
#include <cstdint>    // uint32_t, uint64_t
#include <cstring>    // memcpy

#include "csv.hpp"

namespace medbudget::io {

std::size_t invalid_utf8_at(std::string_view bytes) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n && ascii8(s + i)) {  // ASCII fast path
      i += 8;
      continue;
    }
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return i;
    i += len;
  }
  return std::string_view::npos;
}

namespace {

// Whether `s` is well-formed GB18030 (GBK is its subset): one byte 00–7F; two bytes 81–FE then
// 40–7E or 80–FE; four bytes 81–FE, 30–39, 81–FE, 30–39.
bool valid_gb18030(std::string_view s) noexcept {
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  const auto lead = [](unsigned char c) { return c >= 0x81 && c <= 0xFE; };
  const auto digit = [](unsigned char c) { return c >= 0x30 && c <= 0x39; };
  std::size_t i = 0;
  while (i < n) {
    if (b[i] < 0x80) {
      ++i;
      continue;
    }
    if (!lead(b[i]) || i + 1 >= n) return false;
    const unsigned char t = b[i + 1];
    if ((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFE)) {
      i += 2;
    } else if (digit(t) && i + 3 < n && lead(b[i + 2]) && digit(b[i + 3])) {
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string not_utf8_message(std::string_view bytes, std::size_t bad, bool can_read_gb18030) {
  bad = std::min(bad, bytes.size());
  const std::size_t from = bytes.rfind('\n', bad == 0 ? 0 : bad - 1);
  std::size_t to = bytes.find('\n', bad);
  const std::size_t start = from == std::string_view::npos || from >= bad ? 0 : from + 1;
  if (to == std::string_view::npos) to = bytes.size();
  if (valid_gb18030(bytes.substr(start, to - start)))
    return std::string("not valid UTF-8; the line reads as GB18030 (GBK), as files saved on Chinese Windows often are: ") +
           (can_read_gb18030 ? "read it with --encoding gb18030, save it as UTF-8 (in Excel: \"CSV UTF-8\"), or convert it "
                               "with iconv -f GB18030 -t UTF-8"
                             : "save the file as UTF-8, or convert it with iconv -f GB18030 -t UTF-8");
  return "not valid UTF-8";
}

}  // namespace medbudget::io
