// GB18030 to UTF-8 (gb18030.hpp).
#include "gb18030.hpp"

#include <algorithm>  // count
#include <cerrno>     // errno, EILSEQ, EINVAL, E2BIG
#include <cstdint>    // int64_t

#include "medbudget/error.hpp"

namespace medbudget::io {

gb18030_decoder::gb18030_decoder() : cd_(::iconv_open("UTF-8", "GB18030")) {
  if (cd_ == reinterpret_cast<iconv_t>(-1))
    throw input_error("--encoding", "this system's iconv cannot read GB18030 (glibc's gconv modules are missing)");
}

gb18030_decoder::~gb18030_decoder() { ::iconv_close(cd_); }

std::size_t gb18030_decoder::decode(std::string_view raw, std::string& out) {
  out.clear();
  out.reserve(raw.size() + raw.size() / 2);
  std::size_t i = 0;
  while (i < raw.size()) {
    // A run of ASCII, copied.
    std::size_t j = i;
    while (j < raw.size() && static_cast<unsigned char>(raw[j]) < 0x80) ++j;
    out.append(raw.substr(i, j - i));
    if (j == raw.size()) break;
    // A run of other bytes up to the next ASCII byte (a GB18030 lead byte is ≥ 0x81; its later
    // bytes may be ASCII digits or letters, so the run is extended over them by the lengths below).
    std::size_t k = j;
    while (k < raw.size() && static_cast<unsigned char>(raw[k]) >= 0x80) {
      const auto second = k + 1 < raw.size() ? static_cast<unsigned char>(raw[k + 1]) : 0;
      k += second >= 0x30 && second <= 0x39 ? 4 : 2;  // four-byte forms have a digit second
    }
    k = std::min(k, raw.size());
    char* in = const_cast<char*>(raw.data() + j);
    std::size_t in_left = k - j;
    const std::size_t at = out.size();
    out.resize(at + in_left * 2 + 4);  // every GB18030 character takes at most 4 UTF-8 bytes for 2–4 bytes
    char* dst = out.data() + at;
    std::size_t dst_left = out.size() - at;
    ::iconv(cd_, nullptr, nullptr, nullptr, nullptr);
    if (::iconv(cd_, &in, &in_left, &dst, &dst_left) == static_cast<std::size_t>(-1))
      return static_cast<std::size_t>(in - raw.data());
    out.resize(static_cast<std::size_t>(dst - out.data()));
    i = k;
  }
  return std::string_view::npos;
}

void refuse_gb18030(const std::string& file, std::string_view raw, std::size_t bad, std::int64_t first_line) {
  const auto line = first_line + std::count(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
  throw input_error(file + ":" + std::to_string(line), "not valid GB18030 (--encoding gb18030): is the file UTF-8?");
}

}  // namespace medbudget::io
