// medbudget/io/indicators_csv.hpp — the counts behind the performance indicators, from a settlement
// records file (docs/indicators.md).
//
//   medbudget::claims_result checked = medbudget::aggregate_claims(path, reg, attr, claims_opt);  // validates
//   medbudget::indicator_tally t = medbudget::tally_indicators(path, reg, attr, {"230123", 2024, 15});
//
// A separate pass over the file: the aggregation's hot loop is untouched. It expects a file that
// aggregate_claims has accepted for the same county and year (every row well formed, no repeated
// setl_id); it still checks what it reads itself (an inpatient stay's adm_time and dscg_time).
// Memory: the file is read in batches; per inpatient stay of a local insured 48 bytes (stays.hpp), per reversal
// 8 bytes, and the attribution's persons in a hash map.
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
};

[[nodiscard]] indicator_tally tally_indicators(const std::string& claims_path, const registry& reg,
                                               const attribution* attr, const indicator_options& opt);

}  // namespace medbudget
