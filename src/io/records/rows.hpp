// Internal: one records row — the run's context, each worker's state, and the checks, rules and
// sums a row goes through (process_row), then the attribution lookups of a chunk (finish_rows).
#pragma once

#include <array>        // array
#include <cstdint>      // int64_t, uint32_t, uint64_t
#include <deque>        // deque: stable strings
#include <map>          // map: records of other years
#include <memory>       // unique_ptr
#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include "columns.hpp"
#include "ids.hpp"
#include "indicator_sink.hpp"
#include "medbudget/claims.hpp"
#include "tables.hpp"

namespace medbudget::io {

struct reversal {
  std::uint64_t init_hash;
  std::string init_id;
  std::int64_t hifp;
  std::int64_t line;
  std::uint64_t psn_hash;  // of its psn_no: the original's must be the same person's
};

struct context {
  const claims_layout* layout;
  const header* head;
  const std::string* file;
  int year;
  string_index institutions;  // code → index
  person_index attributed;    // psn_no → a person number and the alliance
  bool several_alliances = false;
  const indicator_context* indicators = nullptr;  // the indicators' sink, when the command needs it
};

// One per thread for the whole run (summed at the end), on its own cache lines.
// A counted row of a local insured whose alliance the attribution gives: looked up once the chunk
// is read, partition by partition.
struct lookup {
  std::string_view psn;
  std::uint64_t psn_hash;
  std::int64_t hifp;
  std::uint32_t cell_base;  // the cell less its person-alliance part
  std::uint32_t fund_row;   // the fund (bit 0) and, with the indicators' sink, the row's place in
                            // indicator_state::pending (the bits above)
  [[nodiscard]] std::uint32_t fund() const noexcept { return fund_row & 1u; }
  [[nodiscard]] std::uint32_t row() const noexcept { return fund_row >> 1; }
};

struct alignas(64) worker_state {
  worker_state(const claims_layout& l, std::size_t person_numbers)
      : totals(l), pooled(std::size_t{claims_layout::funds} * 3 * l.bands().size(), 0),
        persons(claims_layout::funds * l.alliances().size()), person_seen(person_numbers * claims_layout::funds) {}
  claims_totals totals;
  record_counters counters;
  pooled_sums pooled;      // local insured's hifp_pay by fund, care and band
  bool overflow = false;   // a sum of hifp_pay (other than the cells') passed the int64 range
  std::int64_t in_year = 0;        // rows (any flags) whose setl_time is in the year
  std::int64_t counted_local = 0;  // counted rows of a local insured
  std::map<int, std::array<std::int64_t, 2>> other_years;  // per year: rows, and rows out of period
  id_writer ids;  // the hash of every setl_id read
  std::vector<reversal> reversals;
  // Distinct persons. Several alliances (an attribution): person_seen[2n + f] is 1 when person
  // number n has a counted record on fund f (a plain store, no read). One alliance: hashed psn_no
  // per fund.
  std::vector<hash_set> persons;
  big_array<std::uint8_t> person_seen;
  std::vector<lookup> pending, sorted;  // this chunk's attribution lookups
  std::vector<std::size_t> start;
  std::deque<std::string> psn_copies;   // psn_no unescaped from quotes, for `pending`
  std::unique_ptr<indicator_state> indicators;  // the indicators' sink's part, when it is on
};

// Checks a row, classifies it and adds it to its cell (and, when `Indicators`, to the indicators'
// counts); a local insured's attribution lookup is left in st.pending for finish_rows. `unescaped`:
// a field of the row lives in the cursor's scratch. The sinks are chosen by the template argument,
// before the scan: the row loop itself tests nothing about them.
template <bool Indicators>
void process_row(const context& ctx, const std::vector<std::string_view>& f, std::int64_t line, worker_state& st,
                 bool unescaped);

// The attribution lookups of a chunk's rows, sorted by partition first (a counting sort), so that
// the lookups of one partition are made together.
template <bool Indicators>
void finish_rows(const context& ctx, worker_state& st);

}  // namespace medbudget::io
