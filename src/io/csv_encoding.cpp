// CSV output for spreadsheets (csv_encoding.hpp): Excel on Chinese Windows reads a CSV without a
// byte order mark as the system's code page (GBK), so zh output carries the BOM by default, and
// GB18030 is there for the programs that read only the national encoding.
#include "csv_encoding.hpp"

#include <iconv.h>

#include <cerrno>   // errno, E2BIG
#include <cstdint>  // intptr_t
#include <cstring>  // strerror
#include <string>       // string, to_string
#include <string_view>  // string_view

#include "medbudget/error.hpp"

namespace medbudget::io {

namespace {

constexpr std::string_view where = "csv output";

// iconv's descriptor, closed on every path out.
class converter {
 public:
  converter() : cd_(::iconv_open("GB18030", "UTF-8")) {
    if (cd_ == reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1)))
      throw input_error(std::string(where), std::string("GB18030 is not available on this system (iconv: ") +
                                                std::strerror(errno) + ")");
  }
  converter(const converter&) = delete;
  converter& operator=(const converter&) = delete;
  ~converter() { ::iconv_close(cd_); }
  [[nodiscard]] iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

std::string to_gb18030(const std::string& utf8) {
  const converter c;
  // A character takes at most 4 bytes in GB18030 and at least half as many in UTF-8; grown anyway.
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());  // iconv's interface: the input is not written
  std::size_t in_left = utf8.size();
  std::size_t done = 0;
  while (in_left > 0) {  // UTF-8 to GB18030 keeps no shift state: nothing to flush at the end
    char* to = out.data() + done;
    std::size_t to_left = out.size() - done;
    const std::size_t r = ::iconv(c.get(), &in, &in_left, &to, &to_left);
    const int err = errno;
    done = out.size() - to_left;
    if (r != static_cast<std::size_t>(-1)) continue;
    if (err == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    // EILSEQ (a byte no UTF-8 character starts or continues with) or EINVAL (the text ends inside one).
    const std::size_t at = utf8.size() - in_left;
    throw input_error(std::string(where), "cannot be written in GB18030: byte " + std::to_string(at + 1) + " is not valid UTF-8");
  }
  out.resize(done);
  return out;
}

}  // namespace

csv_encoding effective_encoding(csv_encoding e, language lang) {
  if (e != csv_encoding::by_language) return e;
  return lang == language::zh ? csv_encoding::utf8_bom : csv_encoding::utf8;
}

std::string encoded_csv(std::string utf8, const render_options& opt) {
  switch (effective_encoding(opt.encoding, opt.lang)) {
    case csv_encoding::utf8_bom: return "\xEF\xBB\xBF" + utf8;
    case csv_encoding::gb18030: return to_gb18030(utf8);
    case csv_encoding::utf8:
    case csv_encoding::by_language: break;
  }
  return utf8;
}

}  // namespace medbudget::io
