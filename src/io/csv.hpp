// Internal: RFC 4180 records from a byte range, with physical line numbers.
//
// A record ends at a newline outside quotes (LF or CRLF). A quoted field may hold commas, doubled
// quotes and newlines; its record is reported at the line where it starts. Fields point into the
// buffer, or into a scratch string when a doubled quote had to be undone; those stay valid until the
// record after next is read.
#pragma once

#include <cstddef>      // size_t
#include <cstdint>      // int64_t
#include <deque>        // deque: stable addresses for unescaped fields
#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include <cstring>  // memchr
#if defined(__SSE2__)
#include <emmintrin.h>  // the comma scan, 16 bytes at a time
#endif

#include "medbudget/error.hpp"

namespace medbudget::io {

inline constexpr std::size_t max_csv_fields = 256;
inline constexpr std::size_t max_csv_record_bytes = 1u << 20;  // 1 MiB

class csv_cursor {
 public:
  csv_cursor(const char* begin, const char* end, std::int64_t first_line, const std::string* file)
      : p_(begin), end_(end), line_(first_line), file_(file) {}

  // Reads the next record into `fields`; false at the end of the range. `line()` is then the record's
  // first line. Throws input_error for an unterminated quote, stray quote or an over-long record.
  bool next(std::vector<std::string_view>& fields) {
    fields.clear();
    parity_ ^= 1;  // the previous record's unescaped fields stay valid through this one
    scratch_index_ = 0;
    if (p_ >= end_) return false;
    record_line_ = line_;
    if (simple_line(fields)) return true;
    fields.clear();
    const char* record_start = p_;
    while (true) {
      if (fields.size() >= max_csv_fields) fail("more than " + std::to_string(max_csv_fields) + " fields");
      if (p_ < end_ && *p_ == '"') {
        fields.push_back(quoted());
      } else {
        const char* s = p_;
        while (p_ < end_ && *p_ != ',' && *p_ != '\n' && *p_ != '\r') {
          if (*p_ == '"') fail("a quote inside an unquoted field (column " + std::to_string(fields.size() + 1) + ")");
          ++p_;
        }
        fields.emplace_back(s, static_cast<std::size_t>(p_ - s));
      }
      if (static_cast<std::size_t>(p_ - record_start) > max_csv_record_bytes)
        fail("a record longer than " + std::to_string(max_csv_record_bytes) + " bytes");
      if (p_ >= end_) return true;
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ == '\r') {
        ++p_;
        if (p_ < end_ && *p_ != '\n') fail("a carriage return not followed by a line feed");
      }
      if (p_ < end_ && *p_ == '\n') {
        ++p_;
        ++line_;
      }
      return true;
    }
  }

  [[nodiscard]] std::int64_t line() const noexcept { return record_line_; }
  // Whether the last record has a field unescaped into scratch (valid until the record after next).
  [[nodiscard]] bool unescaped() const noexcept { return scratch_index_ > 0; }
  // The line of the next record.
  [[nodiscard]] std::int64_t next_line() const noexcept { return line_; }
  // Goes on from `p` (a record's start inside the range), at line `line`.
  void seek(const char* p, std::int64_t line) noexcept {
    p_ = p;
    line_ = line;
  }
  [[nodiscard]] const char* position() const noexcept { return p_; }

  [[noreturn]] void fail(const std::string& what) const {
    throw input_error(*file_ + ":" + std::to_string(record_line_), what);
  }

 private:
  // The common case: a record on one line with no quote and no stray carriage return, split at its
  // commas; false (nothing consumed) otherwise, for the general path.
  bool simple_line(std::vector<std::string_view>& fields) {
    const char* field = p_;
    const char* q = p_;
#if defined(__SSE2__)
    // 16 bytes at a time: commas, the newline, and any quote or carriage return (general path).
    const __m128i comma = _mm_set1_epi8(','), newline = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"'),
                  cr = _mm_set1_epi8('\r');
    for (; q + 16 <= end_; q += 16) {
      if (static_cast<std::size_t>(q - p_) > max_csv_record_bytes) return false;
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
      auto commas = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, comma)));
      const auto nls = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, newline)));
      auto special = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, cr))));
      const char* stop = nullptr;
      if (nls != 0) {
        const int at = __builtin_ctz(nls);
        const unsigned before = (1u << at) - 1;
        commas &= before;
        special &= before;
        stop = q + at;
        // A carriage return just before the newline ends the line (CRLF).
        if (at > 0 && special == (1u << (at - 1)) && q[at - 1] == '\r') special = 0;
      }
      if (special != 0) return false;
      while (commas != 0) {
        const char* c = q + __builtin_ctz(commas);
        fields.emplace_back(field, static_cast<std::size_t>(c - field));
        field = c + 1;
        commas &= commas - 1;
      }
      if (stop != nullptr) {
        const char* e = stop > field && stop[-1] == '\r' ? stop - 1 : stop;
        return end_line(fields, field, e, stop + 1);
      }
    }
#endif
    for (; q < end_; ++q) {
      if (*q == '"' || (*q == '\r' && !(q + 1 < end_ && q[1] == '\n'))) return false;
      if (*q == ',') {
        fields.emplace_back(field, static_cast<std::size_t>(q - field));
        field = q + 1;
      } else if (*q == '\n') {
        const char* e = q > field && q[-1] == '\r' ? q - 1 : q;
        return end_line(fields, field, e, q + 1);
      }
    }
    if (static_cast<std::size_t>(end_ - p_) > max_csv_record_bytes) return false;
    if (end_ > field && end_[-1] == '\r') return false;  // a carriage return at the very end: general path
    fields.emplace_back(field, static_cast<std::size_t>(end_ - field));
    if (fields.size() > max_csv_fields) fail("more than " + std::to_string(max_csv_fields) + " fields");
    p_ = end_;
    return true;
  }
  // The last field [field, e) of a line whose next record starts at `next`.
  bool end_line(std::vector<std::string_view>& fields, const char* field, const char* e, const char* next) {
    if (static_cast<std::size_t>(e - p_) > max_csv_record_bytes) return false;
    fields.emplace_back(field, static_cast<std::size_t>(e - field));
    if (fields.size() > max_csv_fields) fail("more than " + std::to_string(max_csv_fields) + " fields");
    p_ = next;
    ++line_;
    return true;
  }

  std::string_view quoted() {
    ++p_;  // opening quote
    const char* s = p_;
    bool doubled = false;
    while (true) {
      if (p_ >= end_) fail("a quoted field is not closed before the end of the file");
      if (*p_ == '"') {
        if (p_ + 1 < end_ && p_[1] == '"') {
          doubled = true;
          p_ += 2;
          continue;
        }
        break;
      }
      if (*p_ == '\n') ++line_;
      ++p_;
    }
    const std::string_view raw(s, static_cast<std::size_t>(p_ - s));
    ++p_;  // closing quote
    if (p_ < end_ && *p_ != ',' && *p_ != '\n' && *p_ != '\r') fail("text after a closing quote");
    if (!doubled) return raw;
    std::deque<std::string>& scratch = scratch_[parity_];
    if (scratch_index_ == scratch.size()) scratch.emplace_back();
    std::string& out = scratch[scratch_index_++];
    out.clear();
    for (std::size_t i = 0; i < raw.size(); ++i) {
      out.push_back(raw[i]);
      if (raw[i] == '"') ++i;  // skip the second of a doubled quote
    }
    return out;
  }

  const char* p_;
  const char* end_;
  std::int64_t line_;
  std::int64_t record_line_ = 0;
  const std::string* file_;
  std::deque<std::string> scratch_[2];
  std::size_t scratch_index_ = 0;
  int parity_ = 0;
};

// Whether the 8 bytes at `p` are all ASCII (the fast path of the encoding checks and decoders).
[[nodiscard]] inline bool ascii8(const unsigned char* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return (w & 0x8080808080808080ULL) == 0;
}

// The first byte offset of `bytes` that is not valid UTF-8, or npos.
[[nodiscard]] std::size_t invalid_utf8_at(std::string_view bytes) noexcept;

// The message for `bytes` that is not UTF-8 at offset `bad`: "not valid UTF-8", with advice when the
// line holding that byte reads as GB18030 (GBK), as a file saved on Chinese Windows often does;
// `can_read_gb18030`: the file is one the program reads as GB18030 when asked (a CSV input).
[[nodiscard]] std::string not_utf8_message(std::string_view bytes, std::size_t bad, bool can_read_gb18030);

}  // namespace medbudget::io
