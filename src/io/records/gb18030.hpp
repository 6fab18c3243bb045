// Internal: GB18030 (GBK is its subset) to UTF-8 for the records, registry and attribution files
// saved on Chinese Windows. ASCII — most of a records file: ids, codes, dates, amounts — is copied
// 8 bytes at a time; the two-byte characters (all of GBK's Chinese) come from a table built once
// from glibc's iconv; only the rare four-byte ones go through iconv itself.
#pragma once

#include <cstddef>      // size_t
#include <string>       // string
#include <string_view>  // string_view

#include <iconv.h>  // iconv_t

namespace medbudget::io {

class gb18030_decoder {
 public:
  gb18030_decoder();
  ~gb18030_decoder();
  gb18030_decoder(const gb18030_decoder&) = delete;
  gb18030_decoder& operator=(const gb18030_decoder&) = delete;

  // `raw` as UTF-8 in `out` (replaced); `raw` ends at a character boundary (a record's end).
  // Returns npos, or the offset in `raw` of the first byte that is not GB18030 (`out` then holds
  // no meaning).
  [[nodiscard]] std::size_t decode(std::string_view raw, std::string& out);

 private:
  iconv_t cd_;
};

// The error for bytes that are not GB18030 at offset `bad` of `raw`, whose first line is `first_line`
// of `file`: "FILE:LINE: not valid GB18030 …".
[[noreturn]] void refuse_gb18030(const std::string& file, std::string_view raw, std::size_t bad, std::int64_t first_line);

}  // namespace medbudget::io
