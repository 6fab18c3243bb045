// Internal: the records scan's second pass, made only when some row is a reversal or two settlement
// ids share a hash. The first pass's batches are read again by their place in the file, on every
// thread; a repeated id is confirmed by comparing the ids (an input_error naming both lines, the
// first repeat in file order) and each reversal is matched with its counted original (an error when
// it is another person's or reverses more than was paid; otherwise the counters
// reversals_unmatched and reversals_partial).
#pragma once

#include <cstdint>     // int64_t, uint64_t
#include <functional>  // function
#include <string>      // string
#include <vector>      // vector

#include "batch_reader.hpp"
#include "columns.hpp"
#include "medbudget/claims.hpp"
#include "medbudget/io/claims_csv.hpp"
#include "rows.hpp"

namespace medbudget::io {

// `reversals` are sorted by line here; `report` (when set) is called from one thread with `progress`
// (pass 2).
void second_pass(const batch_reader& in, const header& head, const std::string& path, int year, unsigned threads,
                 std::vector<reversal>& reversals, const std::vector<std::uint64_t>& suspects, record_counters& counters,
                 const std::function<void(const claims_progress&)>& report, claims_progress progress);

}  // namespace medbudget::io
