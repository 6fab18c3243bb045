// medbudget/io/claims_csv.hpp — settlement records (CSV) to actuals, streaming and on all cores.
//
//   medbudget::registry reg = medbudget::read_registry("registry.csv");
//   medbudget::claims_options opt{.county = "230123", .year = 2024};
//   medbudget::claims_result r = medbudget::aggregate_claims("claims.csv", reg, nullptr, opt);
//
// Records are read in batches whatever the file's size (memory grows with the number of settlement
// ids — an 8-byte hash each — and of reversals, not with the bytes; see
// docs/claims.md), parsed by `threads` workers, and the result is the same whatever the thread count. Every malformed row is an input_error naming the
// file, the line and the column; personal identifiers are never quoted.
#pragma once

#include <cstddef>     // size_t
#include <cstdint>     // int64_t, uintmax_t
#include <functional>  // function
#include <optional>    // optional
#include <string>      // string
#include <vector>      // vector

#include "medbudget/claims.hpp"
#include "medbudget/policy.hpp"

namespace medbudget {

// The text encoding of a records, registry or attribution file: UTF-8 (a UTF-8 byte-order mark is
// skipped), or GB18030 (GBK is its subset), as Excel and WPS save CSV on Chinese Windows — decoded
// to UTF-8 as it is read; the digests are of the bytes as given.
enum class input_encoding : std::uint8_t { utf8, gb18030 };

// The institution registry CSV: fixmedins_code, fixmedins_name, admdvs, alliance_id, member_id,
// level, primary, and optionally dual_channel (default 0). With `sha256`, also the SHA-256 of the
// bytes read (hex), so that a statement's input digest costs no second reading.
[[nodiscard]] registry read_registry(const std::string& path, std::string* sha256 = nullptr,
                                     input_encoding encoding = input_encoding::utf8);

// The attribution CSV: psn_no, alliance_id. Kept compact: a million insured take about 34 MB.
struct attribution {
  std::vector<std::string> alliance_ids;    // the registry's alliances, in registry order
  std::vector<std::string> persons;         // psn_no, in file order
  std::vector<std::uint16_t> alliance_of;   // per person, an index into alliance_ids
};
// With `sha256`, also the SHA-256 of the bytes read, as read_registry.
[[nodiscard]] attribution read_attribution(const std::string& path, const registry& reg, std::string* sha256 = nullptr,
                                           input_encoding encoding = input_encoding::utf8);

struct claims_progress {
  std::int64_t bytes_done = 0;
  std::int64_t bytes_total = 0;
  std::int64_t records = 0;
  int pass = 1;  // 2: re-reading for reversals or a possible duplicate
};

// The memory the workers' aggregation tables may take together: each worker holds one table of
// 8 bytes per cell (claims_layout::cell_count()), and the workers are as many as fit, at least one.
inline constexpr std::size_t claims_table_memory_budget = std::size_t{256} << 20;

struct claims_options {
  std::string county;            // 6-digit admdvs
  int year = 0;
  std::vector<age_band> bands;   // default: the presets' bands
  unsigned threads = 0;          // 0: all cores
  std::size_t batch_bytes = 8u << 20;
  std::function<void(const claims_progress&)> progress;  // called between batches
  // Also the SHA-256 of the file's bytes (claims_result::sha256), taken from the bytes the aggregation
  // reads, so that a statement's input digest costs no second reading of the file.
  bool digest = false;
  input_encoding encoding = input_encoding::utf8;  // of the records file
};

// When `path` is not a regular file (a pipe, a FIFO, /dev/stdin), copies its bytes to a new
// temporary file (in TMPDIR, else /tmp) and returns the copy's path, which the caller removes; for a
// regular file, a directory or a path that cannot be opened: nullopt (the reader then says what is
// wrong). A command that reads an input more than once reads the copy, so every reading sees the
// same bytes. A stream longer than `max_bytes` is an input_error ("file larger than …"), the copy
// removed: an endless stream stops there rather than at a full disk.
[[nodiscard]] std::optional<std::string> copy_if_stream(const std::string& path, std::uintmax_t max_bytes);

// The most a records file given as a stream may hold (its temporary copy): 64 GiB, some 300 million
// rows.
inline constexpr std::uintmax_t max_records_stream_bytes = std::uintmax_t{64} << 30;

// Reads, classifies and aggregates a settlement records file. A pipe, FIFO or /dev/stdin is copied
// to a temporary file first (the reading makes two passes). Records of no day of the year, or none
// of the county's insured among the counted, are an input_error naming what the file holds; records
// of other years left out, and an attribution ignored, are in the result's warnings.
[[nodiscard]] claims_result aggregate_claims(const std::string& claims_path, const registry& reg,
                                             const attribution* attr, const claims_options& opt);

}  // namespace medbudget
