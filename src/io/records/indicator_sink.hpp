// Internal: the indicators' sink of the records scan — what a counted row adds to the counts behind
// the performance indicators (docs/indicators.md), each worker's part of them, and the tally made
// from the parts once the file is read.
#pragma once

#include <array>    // array
#include <cstdint>  // int64_t, uint32_t, uint64_t
#include <string>   // string
#include <vector>   // vector

#include "medbudget/claims.hpp"
#include "medbudget/indicators.hpp"
#include "medbudget/records.hpp"
#include "medbudget/stays.hpp"

namespace medbudget::io {

// An institution as the indicators see it: a member of an alliance when its alliance_id names one
// and its admdvs is the county; primary counts only in county; a county non-member (not a 双通道
// pharmacy) is outside Hunan's budget scope.
struct indicator_institution {
  std::uint32_t alliance = no_alliance;
  bool in_county = false, primary = false, county_nonmember = false;
};

// What the sink knows before the scan: the alliances in registry order (as the aggregation numbers
// them), the institutions by the aggregation's institution number (the last: unregistered), and
// whether the file has the stay times.
struct indicator_context {
  std::vector<std::string> alliances;
  std::vector<indicator_institution> institutions;
  bool has_stay_times = false;
};

[[nodiscard]] indicator_context make_indicator_context(const registry& reg, const std::string& county,
                                                       std::uint32_t institution_numbers);

// A counted row of a local insured, waiting for the insured's alliance (the attribution's lookup).
struct indicator_row {
  std::int64_t medfee = 0, hifp = 0;
  std::uint32_t fund = 0;
  std::uint32_t institution = 0;
  care_category care = care_category::other;
  bool reversal = false;
  bool has_stay = false;
  inpatient_stay stay;  // when has_stay: its group is set once the alliance is known
};

// The columns whose sums the sink checks against the int64 range.
enum indicator_sum : std::uint8_t { sum_medfee, sum_ownpay, sum_hifp };

// One worker's part of the counts.
struct indicator_state {
  explicit indicator_state(std::size_t alliance_count)
      : alliances(alliance_count), counts(std::size_t{claims_layout::funds} * alliance_count) {}
  std::size_t alliances;
  std::vector<indicator_counts> counts;  // [fund × alliances + alliance]
  std::vector<inpatient_stay> stays;
  std::vector<indicator_row> pending;    // this chunk's rows waiting for their alliance
  std::array<bool, 3> overflow{};        // by indicator_sum

  void add(std::int64_t& total, std::int64_t amount, indicator_sum column) noexcept {
    overflow[column] |= __builtin_add_overflow(total, amount, &total);
  }
  // The row's part at the member institution's alliance (any insured).
  void add_member(const indicator_context& ctx, std::uint32_t fund, std::uint32_t institution, std::int64_t medfee,
                  std::int64_t ownpay) noexcept {
    const indicator_institution& inst = ctx.institutions[institution];
    if (inst.alliance == no_alliance) return;
    indicator_counts& m = counts[fund * alliances + inst.alliance];
    add(m.member_medfee, medfee, sum_medfee);
    add(m.member_ownpay, ownpay, sum_ownpay);
  }
  // The row's part at its insured's alliance `pa`.
  void add_insured(const indicator_context& ctx, indicator_row& row, std::uint32_t pa) {
    const indicator_institution& inst = ctx.institutions[row.institution];
    indicator_counts& c = counts[row.fund * alliances + pa];
    const std::int64_t sign = row.reversal ? -1 : 1;
    add(c.medfee, row.medfee, sum_medfee);
    add(c.hifp, row.hifp, sum_hifp);
    if (inst.in_county) add(c.hifp_in_county, row.hifp, sum_hifp);
    if (inst.primary) add(c.hifp_primary, row.hifp, sum_hifp);
    if (!inst.county_nonmember) {
      add(c.scope_hifp, row.hifp, sum_hifp);
      add(c.scope_medfee, row.medfee, sum_medfee);
    }
    if (row.care != care_category::other) {
      c.visits += sign;
      if (inst.primary) c.primary_visits += sign;
    }
    if (row.care == care_category::inpatient) {
      c.stays += sign;
      if (inst.in_county) c.stays_in_county += sign;
      if (row.has_stay) {
        row.stay.group = static_cast<std::uint32_t>(row.fund * alliances + pa);
        stays.push_back(row.stay);
      }
    }
  }
};

// The tally of every worker's part (sums checked: a total past int64 is an input_error naming
// `file` and the column), stays merged and readmissions counted with the reversals' ids
// (`reversed`, reordered).
[[nodiscard]] indicator_tally finish_indicators(const indicator_context& ctx, std::vector<indicator_state*> parts,
                                                std::vector<std::uint64_t>& reversed, const std::string& file,
                                                const std::string& county, int year, std::int64_t readmission_days,
                                                bool has_medfee, bool has_ownpay);

// "yyyy-MM-dd[ HH:mm:ss]" to a moment (a date alone is 00:00:00); false when malformed or before
// 1900, as the records reader refuses it.
[[nodiscard]] bool stay_moment(std::string_view s, stay_time& t) noexcept;

}  // namespace medbudget::io
