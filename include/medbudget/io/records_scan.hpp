// medbudget/io/records_scan.hpp — one reading of a settlement records file for everything a command
// takes from it: the aggregation (claims_csv.hpp), the file's SHA-256 and, when asked, the counts
// behind the performance indicators (indicators_csv.hpp).
//
//   medbudget::scan_options opt;
//   opt.records.county = "230123";
//   opt.records.year = 2024;
//   opt.indicators = true;
//   medbudget::records_scan s = medbudget::scan_records("claims.csv", reg, &attr, opt);
//   s.claims.funds, s.indicators->funds
//
// The sinks are chosen before the file is read; every row goes through the same checks and record
// rules (records.hpp) whichever are on, and the result is the same whatever the thread count. The
// file is read once, plus a second reading of its settlement ids only when some row is a reversal or
// two ids share a hash (docs/claims.md, "How it reads").
#pragma once

#include <cstdint>   // int64_t
#include <optional>  // optional
#include <string>    // string

#include "medbudget/claims.hpp"
#include "medbudget/indicators.hpp"
#include "medbudget/io/claims_csv.hpp"

namespace medbudget {

struct scan_options {
  claims_options records;               // county, year, bands, threads, progress, digest
  bool indicators = false;              // also the counts behind the indicators
  std::int64_t readmission_days = 15;   // their N: readmitted 0..N days after the previous discharge
};

struct records_scan {
  claims_result claims;
  std::optional<indicator_tally> indicators;  // when scan_options::indicators
};

[[nodiscard]] records_scan scan_records(const std::string& claims_path, const registry& reg, const attribution* attr,
                                        const scan_options& opt);

}  // namespace medbudget
