// medbudget/stays.hpp — the inpatient stays of each person: transfers inside an alliance merged into
// one stay, then readmissions counted (docs/indicators.md, "Stays, transfers and readmissions").
//
//   std::vector<medbudget::inpatient_stay> s = ...;       // one per inpatient record (not the reversals)
//   std::vector<std::uint64_t> reversed = ...;  // the hashes of the setl_ids that reversals name
//   auto counts = medbudget::count_stays(s, reversed, groups, 15);
//   counts[g].stays, counts[g].transfers, counts[g].readmissions
#pragma once

#include <compare>  // strong_ordering
#include <cstdint>  // int32_t, int64_t, uint32_t, uint64_t
#include <vector>   // vector

namespace medbudget {

// A moment to the second: days since 1970-01-01 and the second of that day (0 to 86399).
struct stay_time {
  std::int32_t day = 0;
  std::int32_t second = 0;
  friend auto operator<=>(const stay_time&, const stay_time&) = default;
};

inline constexpr std::uint32_t no_alliance = UINT32_MAX;

// One inpatient record of a local insured. 48 bytes.
struct inpatient_stay {
  std::uint64_t person = 0;            // a hash of psn_no
  std::uint64_t setl = 0;              // a hash of setl_id
  std::int64_t line = 0;               // its line in the file: the last key of the order
  stay_time adm, dscg;                 // admission and discharge (dscg ≥ adm)
  std::uint32_t group = 0;             // what is counted apart: fund × alliances + the owner alliance
  std::uint32_t member_of = no_alliance;  // the alliance whose member institution treated it, if any
};

struct stay_counts {
  std::int64_t stays = 0;         // stays once transfers are merged (each merged chain counts once)
  std::int64_t transfers = 0;     // stays merged into the one before them
  std::int64_t readmissions = 0;  // of `stays`, admitted 0..N days after the latest earlier discharge
  friend bool operator==(const stay_counts&, const stay_counts&) = default;
};

// Removes every stay whose `setl` is in `reversed`, orders the rest by group, person, admission,
// discharge and line, merges transfers (a stay admitted on the calendar date of the previous
// (merged) stay's discharge, both at members of the same alliance: one stay, the first admission and
// the later discharge) and counts the readmissions (admitted at or after the latest earlier discharge
// of the same group and person, within `readmission_days` calendar days of it). Returns one count
// per group, `groups` of them. Reorders both vectors.
[[nodiscard]] std::vector<stay_counts> count_stays(std::vector<inpatient_stay>& stays, std::vector<std::uint64_t>& reversed,
                                                   std::size_t groups, std::int64_t readmission_days);

}  // namespace medbudget
