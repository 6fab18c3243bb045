// medbudget/io/indicators_csv.hpp — the counts behind the performance indicators, from a settlement
// records file (docs/indicators.md).
//
//   medbudget::indicator_tally t = medbudget::tally_indicators(path, reg, attr, {"230123", 2024, 15});
//
// The records scan (records_scan.hpp) with the indicators' sink on: every row is checked and
// counted by the same rules as the aggregation's, which is made on the same reading (a command that
// needs both asks scan_records for both). The stays' times are checked here too (an inpatient
// stay's adm_time and dscg_time). Memory, beyond the aggregation's: per inpatient stay of a local
// insured 48 bytes (stays.hpp).
#pragma once

#include <cstdint>  // int64_t
#include <string>   // string

#include "medbudget/claims.hpp"
#include "medbudget/indicators.hpp"
#include "medbudget/io/claims_csv.hpp"

namespace medbudget {

struct indicator_options {
  std::string county;                  // 6-digit admdvs
  int year = 0;
  std::int64_t readmission_days = 15;  // N: admitted 0..N days after the previous discharge
  std::size_t batch_bytes = 8u << 20;
  unsigned threads = 0;                // 0: all cores
};

[[nodiscard]] indicator_tally tally_indicators(const std::string& claims_path, const registry& reg,
                                               const attribution* attr, const indicator_options& opt);

}  // namespace medbudget
