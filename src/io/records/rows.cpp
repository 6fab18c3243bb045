// One records row: well-formedness, the record rules (records.hpp), and its sums (docs/claims.md).
#include "rows.hpp"

#include <algorithm>  // min

#include "../csv.hpp"
#include "cells.hpp"
#include "medbudget/calendar.hpp"
#include "medbudget/error.hpp"
#include "medbudget/records.hpp"
#include "row_reader.hpp"

namespace medbudget::io {

namespace {

// A row of another year than the statement's (rare): counted per year.
[[gnu::cold, gnu::noinline]] void note_other_year(worker_state& st, int year) { ++st.other_years[year][0]; }

// An excluded row: counted, and its hifp_pay added, under the reason it is excluded for.
[[gnu::cold, gnu::noinline]] void exclude(worker_state& st, exclusion why, std::int64_t hifp, int year) {
  record_counters& n = st.counters;
  std::int64_t* amount = &n.hifp_excluded_invalid;
  switch (why) {
    case exclusion::invalid:
      ++n.excluded_invalid;
      break;
    case exclusion::other_insutype:
      ++n.excluded_other_insutype;
      amount = &n.hifp_excluded_other_insutype;
      break;
    case exclusion::out_of_period:
      ++n.excluded_out_of_period;
      ++st.other_years[year][1];
      amount = &n.hifp_excluded_out_of_period;
      break;
    case exclusion::none:
      return;
  }
  st.overflow |= __builtin_add_overflow(*amount, hifp, amount);
}

// The indicators' sink's part of a counted row: at the member institution's alliance now; at the
// insured's alliance (a local insured, the county having alliances) returned for the caller, who
// knows the alliance now or after the attribution's lookup, in indicator_state::pending.
indicator_row* indicator_part(const context& ctx, const row_reader& r, worker_state& st, std::uint32_t fund,
                              std::uint32_t inst, std::int64_t hifp, care_category care, bool reversal, bool local,
                              std::int64_t line) {
  indicator_state& s = *st.indicators;
  const indicator_context& ic = *ctx.indicators;
  const std::int64_t medfee = r.cell(c_medfee_sumamt).empty() ? 0 : r.amount(c_medfee_sumamt);
  const std::int64_t ownpay = r.cell(c_fulamt_ownpay_amt).empty() ? 0 : r.amount(c_fulamt_ownpay_amt);
  s.add_member(ic, fund, inst, medfee, ownpay);
  if (!local || ic.alliances.empty()) return nullptr;
  indicator_row& row = s.pending.emplace_back();
  row.medfee = medfee;
  row.hifp = hifp;
  row.fund = fund;
  row.institution = inst;
  row.care = care;
  row.reversal = reversal;
  row.has_stay = care == care_category::inpatient && !reversal && ic.has_stay_times;
  if (row.has_stay) {
    inpatient_stay& stay = row.stay;
    if (!stay_moment(r.cell(c_adm_time), stay.adm))
      throw input_error(r.where(c_adm_time), "expected the admission time of an inpatient stay, yyyy-MM-dd[ HH:mm:ss]");
    if (!stay_moment(r.cell(c_dscg_time), stay.dscg))
      throw input_error(r.where(c_dscg_time), "expected the discharge time of an inpatient stay, yyyy-MM-dd[ HH:mm:ss]");
    if (stay.dscg < stay.adm) throw input_error(r.where(c_dscg_time), "expected a discharge on or after the admission");
    stay.person = hash64(r.cell(c_psn_no));
    stay.setl = hash64(r.cell(c_setl_id));
    stay.line = line;
    stay.member_of = ic.institutions[inst].alliance;
  }
  return &row;
}

}  // namespace

template <bool Indicators>
void process_row(const context& ctx, const std::vector<std::string_view>& f, std::int64_t line, worker_state& st,
                 bool unescaped) {
  if (f.size() != ctx.head->fields)
    throw input_error(*ctx.file + ":" + std::to_string(line),
                      "expected " + std::to_string(ctx.head->fields) + " fields (as the header), found " + std::to_string(f.size()));
  const row_reader r(*ctx.head, *ctx.file, f, line);
  ++st.counters.read;
  // Well-formedness of every row, counted or not.
  const std::string_view id = r.nonempty(c_setl_id, 64, "a settlement id");
  const std::string_view init = r.cell(c_init_setl_id);
  if (init.size() > 64) r.fail(c_init_setl_id, "a settlement id of at most 64 characters");
  (void)r.flag(c_refd_setl_flag, "0");
  const std::string_view vali = r.flag(c_vali_flag, "1");
  (void)r.nonempty(c_psn_no, 64, "a person number");
  const std::string_view insutype = r.cell(c_insutype);
  if (!is_digits(insutype) || insutype.size() > 6) r.fail(c_insutype, "a fund code such as 310 or 390");
  const std::string_view med = r.nonempty(c_med_type, 16, "a medical type code");
  for (char c : med)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) r.fail(c_med_type, "a medical type code (letters and digits)");
  date when_date{};
  if (!records_date(r.cell(c_setl_time), when_date, time_of_day::required)) r.fail(c_setl_time, "a settlement time yyyy-MM-dd HH:mm:ss");
  const int when_y = year_of(when_date), when_m = month_of(when_date);
  (void)r.nonempty(c_fixmedins_code, 64, "an institution code");
  const std::string_view admdvs = r.cell(c_insu_admdvs);
  if (admdvs.size() != 6 || !is_digits(admdvs)) r.fail(c_insu_admdvs, "a 6-digit 医保区划 code");
  int age = -1;
  const std::string_view age_text = r.cell(c_age);
  if (!age_text.empty()) {
    const std::size_t dot = age_text.find('.');
    const std::string_view whole = age_text.substr(0, dot);
    const bool ok = is_digits(whole) && whole.size() <= 3 &&
                    (dot == std::string_view::npos || is_digits(age_text.substr(dot + 1)));
    if (!ok) r.fail(c_age, "an age in years (e.g. 45 or 45.0)");
    age = 0;
    for (char ch : whole) age = age * 10 + (ch - '0');
    if (age > 150) r.fail(c_age, "an age from 0 to 150");
  }
  const std::string_view brdy = r.cell(c_brdy);
  date birth{};
  if (!brdy.empty() && !records_date(brdy, birth, time_of_day::none)) r.fail(c_brdy, "a birth date yyyy-MM-dd");
  if (age < 0 && brdy.empty()) r.fail(ctx.head->at[c_age] >= 0 ? c_age : c_brdy, "an age or a birth date");
  if (age < 0) {
    age = age_on(birth, when_date);
    if (age < 0) r.fail(c_brdy, "a birth date on or before the settlement date");
  }
  const std::int64_t hifp = r.amount(c_hifp_pay);
  const bool is_reversal = record_is_reversal(init);
  if (is_reversal && init == id) r.fail(c_init_setl_id, "the id of another settlement (a row cannot reverse itself)");
  if (is_reversal && hifp > 0) r.fail(c_hifp_pay, "zero or a negative amount on a reversal (init_setl_id is set)");
  if (!is_reversal && hifp < 0) r.fail(c_hifp_pay, "zero or a positive amount (a negative one needs init_setl_id)");
  for (column c : {c_medfee_sumamt, c_fulamt_ownpay_amt, c_psn_cash_pay, c_acct_pay, c_fund_pay_sumamt}) r.optional_amount(c);
  if (const std::string_view fee = r.cell(c_medfee_sumamt); !is_reversal && !fee.empty() && fee[0] == '-' && r.amount(c_medfee_sumamt) < 0)
    r.fail(c_medfee_sumamt, "zero or a positive amount (a negative one needs init_setl_id)");
  for (column c : {c_adm_time, c_dscg_time}) {
    date t{};
    if (!r.cell(c).empty() && !records_date(r.cell(c), t, time_of_day::optional)) r.fail(c, "a time yyyy-MM-dd[ HH:mm:ss]");
  }

  st.ids.add(hash64(id));
  record_counters& n = st.counters;
  bool overflow = __builtin_add_overflow(n.hifp_read, hifp, &n.hifp_read);
  if (when_y == ctx.year) ++st.in_year;
  else note_other_year(st, when_y);
  if (const exclusion why = record_exclusion(vali, insutype, when_y, ctx.year); why != exclusion::none) {
    exclude(st, why, hifp, when_y);
    st.overflow |= overflow;
    return;
  }
  const std::uint32_t fund = insutype[1] == '1' ? 0 : 1;  // record_fund: the row is of 310 or 390
  ++n.counted;
  overflow |= __builtin_add_overflow(n.hifp_counted, hifp, &n.hifp_counted);
  overflow |= __builtin_add_overflow(n.hifp_counted_by_fund[fund], hifp, &n.hifp_counted_by_fund[fund]);
  if (is_reversal) {
    ++n.reversals;
    st.reversals.push_back({hash64(init), std::string(init), hifp, line, hash64(r.cell(c_psn_no))});
  }
  const claims_layout& L = *ctx.layout;
  std::uint32_t inst = L.unregistered();
  if (const auto i = ctx.institutions.find(r.cell(c_fixmedins_code))) inst = *i;
  else ++st.counters.unregistered_institutions;
  std::uint32_t band = 0;
  const auto& bands = L.bands();
  while (band + 1 < bands.size() && !bands[band].contains(age)) ++band;
  const std::uint32_t month = static_cast<std::uint32_t>(when_m - 1);
  const care_category care = record_care(med);
  indicator_row* ind = nullptr;  // with the indicators' sink: the row's part at its insured's alliance
  if constexpr (Indicators) ind = indicator_part(ctx, r, st, fund, inst, hifp, care, is_reversal, admdvs == L.county(), line);
  std::uint32_t pa = L.nonlocal();
  if (admdvs == L.county()) {
    ++st.counted_local;
    std::int64_t& pooled = st.pooled[(fund * 3 + static_cast<std::uint32_t>(care)) * bands.size() + band];
    overflow |= __builtin_add_overflow(pooled, hifp, &pooled);
    st.overflow |= overflow;
    if (L.alliances().empty()) pa = L.no_alliance();
    else if (!ctx.several_alliances) {
      pa = 0;
      if constexpr (Indicators) {
        st.indicators->add_insured(*ctx.indicators, *ind, 0);
        st.indicators->pending.pop_back();
      }
    } else {
      std::string_view psn = r.cell(c_psn_no);
      if (unescaped) psn = st.psn_copies.emplace_back(psn);
      std::uint32_t fund_row = fund;
      if constexpr (Indicators) fund_row |= static_cast<std::uint32_t>(st.indicators->pending.size() - 1) << 1;
      st.pending.push_back({psn, hash64(psn), hifp, L.cell(fund, 0, inst, month, band), fund_row});
      return;
    }
  }
  st.overflow |= overflow;
  st.totals.add(L.cell(fund, pa, inst, month, band), hifp);
  if (pa < L.no_alliance()) st.persons[fund * L.alliances().size() + pa].insert(hash64(r.cell(c_psn_no)));
}

template <bool Indicators>
void finish_rows(const context& ctx, worker_state& st) {
  const claims_layout& L = *ctx.layout;
  const std::uint32_t pa_stride = L.cell(0, 1, 0, 0, 0);
  const person_index& index = ctx.attributed;
  std::vector<std::size_t>& start = st.start;
  start.assign(index.parts() + 1, 0);
  for (const lookup& q : st.pending) ++start[index.part(q.psn_hash) + 1];
  for (std::size_t p = 1; p < start.size(); ++p) start[p] += start[p - 1];
  st.sorted.resize(st.pending.size());
  for (const lookup& q : st.pending) st.sorted[start[index.part(q.psn_hash)]++] = q;
  constexpr std::size_t ahead = 8;  // slots prefetched this many lookups ahead
  for (std::size_t j = 0; j < std::min(ahead, st.sorted.size()); ++j) index.prefetch(st.sorted[j].psn_hash);
  for (std::size_t j = 0; j < st.sorted.size(); ++j) {
    if (j + ahead < st.sorted.size()) index.prefetch(st.sorted[j + ahead].psn_hash);
    const lookup& q = st.sorted[j];
    std::uint32_t pa = L.no_alliance();
    if (const std::size_t n = index.find(q.psn, q.psn_hash, pa); n != string_index::npos) {
      st.person_seen[n * claims_layout::funds + q.fund()] = 1;
      if constexpr (Indicators) st.indicators->add_insured(*ctx.indicators, st.indicators->pending[q.row()], pa);
    }
    st.totals.add(q.cell_base + pa * pa_stride, q.hifp);
  }
  st.pending.clear();
  st.psn_copies.clear();
  if constexpr (Indicators) st.indicators->pending.clear();
}

template void process_row<false>(const context&, const std::vector<std::string_view>&, std::int64_t, worker_state&, bool);
template void process_row<true>(const context&, const std::vector<std::string_view>&, std::int64_t, worker_state&, bool);
template void finish_rows<false>(const context&, worker_state&);
template void finish_rows<true>(const context&, worker_state&);

}  // namespace medbudget::io
