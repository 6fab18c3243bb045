// medbudget/claims.hpp — settlement records to actuals: the registry, the record model and the
// aggregation of docs/claims.md (core; reading CSV files is in medbudget/io/claims_csv.hpp).
//
// A record, once classified, is a few small integers and an amount; aggregation adds each counted
// record's hifp_pay to one cell of a dense table indexed by (fund, the insured's alliance, institution,
// month, age band), and every output figure — I, O, NL, cross, by month, by member, by band, by place —
// is a sum over cells. Sums of integers do not depend on the order, so the result does not depend on
// how records were split among threads.
//
//   medbudget::claims_layout layout(reg, attribution_alliances, "230123", bands);
//   medbudget::claims_totals totals(layout);
//   totals.add(layout.cell(fund, person_alliance, institution, month, band), hifp_fen);
//   medbudget::claims_result r = medbudget::summarize(layout, totals, counters, persons);
#pragma once

#include <cstddef>   // size_t
#include <cstdint>   // int64_t, uint32_t
#include <optional>  // optional
#include <string>    // string
#include <vector>    // vector

#include "medbudget/case.hpp"
#include "medbudget/money.hpp"
#include "medbudget/policy.hpp"
#include "medbudget/records.hpp"

namespace medbudget {

// One row of the institution registry.
struct institution {
  std::string code;         // fixmedins_code
  std::string name;
  std::string admdvs;       // 6 digits
  std::string alliance_id;  // empty: outside every alliance
  std::string member_id;    // the member unit (several institutions may share one)
  int level = 0;            // 1, 2, 3; 0 for others
  bool primary = false;     // 基层医疗卫生机构
  bool dual_channel = false;  // a designated pharmacy dispensing 双通道 drugs (in Hunan's budget scope)
};

struct registry {
  std::vector<institution> institutions;  // in file order
};

// Indices of everything a cell is made of; built once for a county, a registry and age bands.
class claims_layout {
 public:
  static constexpr std::uint32_t funds = 2;  // 0: 310, 1: 390
  static constexpr std::uint32_t months = 12;

  // `county` is the 6-digit admdvs; `bands` the age bands of the statement.
  claims_layout(const registry& reg, std::string county, std::vector<age_band> bands);

  [[nodiscard]] const std::string& county() const noexcept { return county_; }
  [[nodiscard]] const std::vector<std::string>& alliances() const noexcept { return alliances_; }
  [[nodiscard]] const std::vector<age_band>& bands() const noexcept { return bands_; }
  [[nodiscard]] std::uint32_t institution_count() const noexcept { return static_cast<std::uint32_t>(inst_alliance_.size()); }
  // The institution index of a code: registry order; codes missing from the registry share the last
  // index (`unregistered()`).
  [[nodiscard]] std::uint32_t unregistered() const noexcept { return institution_count() - 1; }
  // The alliance index of an id in alliances(), or nullopt.
  [[nodiscard]] std::optional<std::uint32_t> alliance_index(const std::string& id) const;
  // Person alliance values: 0..A−1 an alliance, A local but in no alliance, A+1 not local.
  [[nodiscard]] std::uint32_t no_alliance() const noexcept { return static_cast<std::uint32_t>(alliances_.size()); }
  [[nodiscard]] std::uint32_t nonlocal() const noexcept { return no_alliance() + 1; }

  // Cells are laid out institution, person alliance, fund, month, band, outermost first, with the
  // person alliances and the bands each padded to a power of two: the index takes shifts and one
  // multiplication by 12 (an lea), no multiplication by a count known only at run time. The padding
  // cells stay zero. The index is linear in each argument.
  [[nodiscard]] std::uint32_t cell_count() const noexcept { return cells_; }
  [[nodiscard]] std::uint32_t alliance_bits() const noexcept { return alliance_bits_; }
  [[nodiscard]] std::uint32_t band_bits() const noexcept { return band_bits_; }
  [[nodiscard]] std::uint32_t cell(std::uint32_t fund, std::uint32_t person_alliance, std::uint32_t inst,
                                   std::uint32_t month, std::uint32_t band) const noexcept {
    return ((((inst << alliance_bits_) + person_alliance) * funds + fund) * months + month) << band_bits_ | band;
  }

  // Per institution index: its alliance (no_alliance() when none), member unit index within the
  // alliance, and place: 0 county member of an alliance, 1 county non-member, 2 out of county,
  // 3 unregistered, 4 a county non-member flagged dual_channel.
  [[nodiscard]] std::uint32_t inst_alliance(std::uint32_t i) const noexcept { return inst_alliance_[i]; }
  [[nodiscard]] std::uint32_t inst_member(std::uint32_t i) const noexcept { return inst_member_[i]; }
  [[nodiscard]] std::uint32_t inst_place(std::uint32_t i) const noexcept { return inst_place_[i]; }
  [[nodiscard]] const std::vector<std::string>& members(std::uint32_t alliance) const { return members_[alliance]; }

 private:
  std::string county_;
  std::vector<age_band> bands_;
  std::vector<std::string> alliances_;
  std::vector<std::vector<std::string>> members_;
  std::vector<std::uint32_t> inst_alliance_, inst_member_, inst_place_;
  std::uint32_t person_alliances_ = 0;
  std::uint32_t alliance_bits_ = 0;  // person alliances < 2^alliance_bits_
  std::uint32_t band_bits_ = 0;      // bands ≤ 2^band_bits_
  std::uint32_t cells_ = 0;
};

// The sums per cell, in fen. Adding is the hot loop of aggregation: every addition is checked, an
// overflow sets a flag (overflowed()) that the caller tests once per batch.
class claims_totals {
 public:
  explicit claims_totals(const claims_layout& layout) : sums_(layout.cell_count(), 0) {}
  void add(std::uint32_t cell, std::int64_t fen_amount) noexcept {
    overflow_ |= __builtin_add_overflow(sums_[cell], fen_amount, &sums_[cell]);
  }
  [[nodiscard]] bool overflowed() const noexcept { return overflow_; }
  // Adds n classified records held as one array per component (record k: fund[k], ..., its
  // hifp_pay in fen amounts[k]); the same as add(layout.cell(...), amounts[k]) for every k, with the
  // cell indices of 16 records at a time computed in SSE2 registers.
  void add_records(const claims_layout& layout, const std::uint8_t* fund, const std::uint8_t* person_alliance,
                   const std::uint16_t* inst, const std::uint8_t* month, const std::uint8_t* band,
                   const std::int64_t* amounts, std::size_t n) noexcept;
  void merge(const claims_totals& other);  // an overflow sets overflowed()
  [[nodiscard]] const std::vector<std::int64_t>& sums() const noexcept { return sums_; }
  [[nodiscard]] std::vector<std::int64_t>& sums() noexcept { return sums_; }

 private:
  std::vector<std::int64_t> sums_;
  bool overflow_ = false;
};

struct record_counters {
  std::int64_t read = 0;
  std::int64_t counted = 0;
  std::int64_t reversals = 0;
  std::int64_t reversals_unmatched = 0;
  std::int64_t reversals_partial = 0;
  std::int64_t excluded_invalid = 0;
  std::int64_t excluded_out_of_period = 0;
  std::int64_t excluded_other_insutype = 0;
  std::int64_t unregistered_institutions = 0;
  // hifp_pay in fen: of every row read, of the counted rows (per fund: hifp_counted_by_fund), and of
  // the rows excluded, by the reason each was excluded for.
  std::int64_t hifp_read = 0;
  std::int64_t hifp_counted = 0;
  std::int64_t hifp_excluded_invalid = 0;
  std::int64_t hifp_excluded_other_insutype = 0;
  std::int64_t hifp_excluded_out_of_period = 0;
  std::int64_t hifp_counted_by_fund[2] = {0, 0};
};

struct alliance_claims {
  std::string id;
  fen in_alliance_local, out_of_alliance_local, in_alliance_nonlocal, in_alliance_cross;
  std::vector<fen> monthly_in_alliance_local, monthly_out_of_alliance_local;  // 12 each
  std::vector<fen> monthly_county_nonmember;  // the part of O at county non-members, 12 months
  fen unattributed_local;                     // U: local insured of no alliance at this alliance's members
  std::vector<fen> monthly_unattributed_local;  // 12
  fen other_alliance, county_nonmember, dual_channel, out_of_county, unregistered;  // O by place
  std::vector<std::pair<std::string, fen>> by_member;                          // I by member unit
  std::vector<std::pair<std::string, fen>> by_band;                            // I by age band
  std::int64_t persons = 0;
};

// Pooled spend of all local insured (I, O and U) in one age band, by care category (med_type).
struct band_pool {
  std::string band;
  fen inpatient, outpatient, other, total;  // total = inpatient + outpatient + other
};

struct fund_claims {
  std::string insutype;
  std::vector<alliance_claims> alliances;
  medbudget::reconciliation reconciliation;
  std::vector<band_pool> pooled_by_band;  // in the bands' order
};

struct claims_result {
  std::string county;
  int year = 0;
  record_counters records;
  std::vector<fund_claims> funds;  // 310, then 390
  std::vector<std::string> warnings;  // e.g. records of other years left out, an ignored attribution
  std::string sha256;                 // of the file's bytes, lowercase hex, when claims_options::digest
};

// Distinct persons per (fund, alliance): index fund * alliances + alliance.
using person_counts = std::vector<std::int64_t>;

// Local insured's hifp_pay in fen per (fund, care, band): index (fund * 3 + care) * bands + band.
using pooled_sums = std::vector<std::int64_t>;

// The output figures from the cell sums; checks that every split sums to its total and that the
// reconciliation balances against counters.hifp_counted_by_fund (an internal_error otherwise). A
// total past the int64 range of fen throws overflow_error.
[[nodiscard]] claims_result summarize(const claims_layout& layout, const claims_totals& totals,
                                      const record_counters& counters, const person_counts& persons, int year,
                                      const pooled_sums& pooled = {});

// Replaces each alliance's I, O, NL, U and monthly figures in `c` by the records' (a case may then
// omit `actuals`; its force_majeure_overspend and reasonable_overspend are kept). Under a policy whose
// scope leaves out county non-members, O excludes them (dual_channel pharmacies stay in). An alliance of the case that the records'
// registry does not name, or a fund the case has that the records lack, is an input_error.
void fill_actuals(case_input& c, const claims_result& r);

}  // namespace medbudget
