// Internal: GB18030 (GBK is its subset) to UTF-8 for the records, registry and attribution files
// saved on Chinese Windows, with glibc's iconv. Runs of ASCII — most of a records file: ids, codes,
// dates, amounts — are copied as they are; iconv converts only the runs of other bytes.
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

  // `raw` as UTF-8 appended to `out` (cleared first); `raw` ends at a character boundary (a
  // record's end). Returns npos, or the offset in `raw` of the first byte that is not GB18030.
  [[nodiscard]] std::size_t decode(std::string_view raw, std::string& out);

 private:
  iconv_t cd_;
};

// The error for bytes that are not GB18030 at offset `bad` of `raw`, whose first line is `first_line`
// of `file`: "FILE:LINE: not valid GB18030 …".
[[noreturn]] void refuse_gb18030(const std::string& file, std::string_view raw, std::size_t bad, std::int64_t first_line);

}  // namespace medbudget::io
