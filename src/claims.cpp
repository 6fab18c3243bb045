// The record model's layout and the summary of cell sums into actuals (docs/claims.md).
#include "medbudget/claims.hpp"

#include <algorithm>  // find, sort

#if defined(__SSE2__)
#include <emmintrin.h>  // add_records: cell indices in SSE2 registers
#endif

namespace medbudget {

claims_layout::claims_layout(const registry& reg, std::string county, std::vector<age_band> bands)
    : county_(std::move(county)), bands_(std::move(bands)) {
  for (const institution& i : reg.institutions) {
    if (i.alliance_id.empty()) continue;
    if (std::find(alliances_.begin(), alliances_.end(), i.alliance_id) == alliances_.end()) {
      alliances_.push_back(i.alliance_id);
      members_.emplace_back();
    }
  }
  for (const institution& i : reg.institutions) {
    const auto a = alliance_index(i.alliance_id);
    if (a) {
      auto& m = members_[*a];
      auto it = std::find(m.begin(), m.end(), i.member_id);
      if (it == m.end()) it = m.insert(m.end(), i.member_id);
      inst_alliance_.push_back(*a);
      inst_member_.push_back(static_cast<std::uint32_t>(it - m.begin()));
      inst_place_.push_back(0);
    } else {
      inst_alliance_.push_back(no_alliance());
      inst_member_.push_back(0);
      inst_place_.push_back(i.admdvs != county_ ? 2 : i.dual_channel ? 4 : 1);
    }
  }
  inst_alliance_.push_back(no_alliance());  // unregistered institutions
  inst_member_.push_back(0);
  inst_place_.push_back(3);
  person_alliances_ = static_cast<std::uint32_t>(alliances_.size()) + 2;
  while ((std::uint64_t{1} << alliance_bits_) < person_alliances_) ++alliance_bits_;
  while ((std::uint64_t{1} << band_bits_) < bands_.size()) ++band_bits_;
  const std::uint64_t cells = (std::uint64_t{institution_count()} << alliance_bits_) * funds * months << band_bits_;
  if (alliance_bits_ > 20 || band_bits_ > 20 || cells > (std::uint64_t{1} << 28))
    throw input_error("registry", "too many institutions and alliances for one aggregation table");
  cells_ = static_cast<std::uint32_t>(cells);
}

std::optional<std::uint32_t> claims_layout::alliance_index(const std::string& id) const {
  if (id.empty()) return std::nullopt;
  const auto it = std::find(alliances_.begin(), alliances_.end(), id);
  if (it == alliances_.end()) return std::nullopt;
  return static_cast<std::uint32_t>(it - alliances_.begin());
}

void claims_totals::add_records(const claims_layout& layout, const std::uint8_t* fund, const std::uint8_t* person_alliance,
                                const std::uint16_t* inst, const std::uint8_t* month, const std::uint8_t* band,
                                const std::int64_t* amounts, std::size_t n) noexcept {
  std::int64_t* sums = sums_.data();
  bool overflow = false;
  std::size_t k = 0;
#if defined(__SSE2__)
  // cell = ((((inst << a) + person_alliance) * 2 + fund) * 12 + month) << b | band, in 32-bit lanes.
  const __m128i zero = _mm_setzero_si128();
  const __m128i a = _mm_cvtsi32_si128(static_cast<int>(layout.alliance_bits()));
  const __m128i b = _mm_cvtsi32_si128(static_cast<int>(layout.band_bits()));
  alignas(16) std::uint32_t cells[16];
  const auto load = [](const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); };
  for (; k + 16 <= n; k += 16) {
    const __m128i f8 = load(fund + k), p8 = load(person_alliance + k), m8 = load(month + k), b8 = load(band + k);
    const __m128i i16[2] = {load(inst + k), load(inst + k + 8)};
    const __m128i f16[2] = {_mm_unpacklo_epi8(f8, zero), _mm_unpackhi_epi8(f8, zero)};
    const __m128i p16[2] = {_mm_unpacklo_epi8(p8, zero), _mm_unpackhi_epi8(p8, zero)};
    const __m128i m16[2] = {_mm_unpacklo_epi8(m8, zero), _mm_unpackhi_epi8(m8, zero)};
    const __m128i b16[2] = {_mm_unpacklo_epi8(b8, zero), _mm_unpackhi_epi8(b8, zero)};
    for (int h = 0; h < 2; ++h) {
      for (int q = 0; q < 2; ++q) {
        const auto widen = [&](__m128i v) { return q == 0 ? _mm_unpacklo_epi16(v, zero) : _mm_unpackhi_epi16(v, zero); };
        __m128i x = _mm_add_epi32(_mm_sll_epi32(widen(i16[h]), a), widen(p16[h]));
        x = _mm_add_epi32(_mm_slli_epi32(x, 1), widen(f16[h]));
        x = _mm_add_epi32(_mm_add_epi32(_mm_slli_epi32(x, 3), _mm_slli_epi32(x, 2)), widen(m16[h]));
        x = _mm_or_si128(_mm_sll_epi32(x, b), widen(b16[h]));
        _mm_store_si128(reinterpret_cast<__m128i*>(cells + h * 8 + q * 4), x);
      }
    }
    for (int j = 0; j < 16; ++j) {
      std::int64_t& s = sums[cells[j]];
      overflow |= __builtin_add_overflow(s, amounts[k + static_cast<std::size_t>(j)], &s);
    }
  }
#endif
  for (; k < n; ++k) {
    std::int64_t& s = sums[layout.cell(fund[k], person_alliance[k], inst[k], month[k], band[k])];
    overflow |= __builtin_add_overflow(s, amounts[k], &s);
  }
  overflow_ = overflow_ || overflow;
}

void claims_totals::merge(const claims_totals& other) {
  ensure(other.sums_.size() == sums_.size(), "claims totals of the same layout");
  bool overflow = other.overflow_;
  for (std::size_t i = 0; i < sums_.size(); ++i) overflow |= __builtin_add_overflow(sums_[i], other.sums_[i], &sums_[i]);
  overflow_ = overflow_ || overflow;
}

namespace {

// a += v, an overflow_error past the int64 range of fen.
void add_to(std::int64_t& a, std::int64_t v) {
  if (__builtin_add_overflow(a, v, &a)) detail::throw_overflow("a total of settlement records");
}

// One alliance's sums while the cells are walked.
struct alliance_sums {
  std::int64_t I = 0, O = 0, NL = 0, cross = 0, U = 0;
  std::int64_t place[5] = {0, 0, 0, 0, 0};  // O by the place of care (claims_layout::inst_place)
  std::vector<std::int64_t> im = std::vector<std::int64_t>(12, 0), om = im, nm = im, um = im;
  std::vector<std::int64_t> member, band;
};

}  // namespace

claims_result summarize(const claims_layout& layout, const claims_totals& totals, const record_counters& counters,
                        const person_counts& persons, int year, const pooled_sums& pooled) {
  claims_result r;
  r.county = layout.county();
  r.year = year;
  r.records = counters;
  ensure(counters.read == counters.counted + counters.excluded_invalid + counters.excluded_out_of_period +
                              counters.excluded_other_insutype,
         "records read = counted + excluded");
  {
    std::int64_t by_reason = counters.hifp_counted, by_fund = 0;
    add_to(by_reason, counters.hifp_excluded_invalid);
    add_to(by_reason, counters.hifp_excluded_other_insutype);
    add_to(by_reason, counters.hifp_excluded_out_of_period);
    for (const std::int64_t v : counters.hifp_counted_by_fund) add_to(by_fund, v);
    ensure(by_reason == counters.hifp_read && by_fund == counters.hifp_counted,
           "hifp_pay read = counted + excluded, counted = the funds' sum");
  }
  const std::uint32_t A = static_cast<std::uint32_t>(layout.alliances().size());
  const std::uint32_t N = layout.institution_count();
  const std::uint32_t B = static_cast<std::uint32_t>(layout.bands().size());
  const auto& sums = totals.sums();
  // The alliances by id, for the reconciliation's maps.
  std::vector<std::uint32_t> by_id(A);
  for (std::uint32_t a = 0; a < A; ++a) by_id[a] = a;
  std::sort(by_id.begin(), by_id.end(), [&](auto x, auto y) { return layout.alliances()[x] < layout.alliances()[y]; });
  for (std::uint32_t f = 0; f < claims_layout::funds; ++f) {
    std::vector<alliance_sums> al(A);
    for (std::uint32_t a = 0; a < A; ++a) {
      al[a].member.assign(layout.members(a).size(), 0);
      al[a].band.assign(B, 0);
    }
    std::int64_t u_elsewhere = 0, outside = 0, local = 0;
    // Every cell of the fund goes to exactly one of I, O (its owner's), NL, U (the treating
    // alliance's), U elsewhere or outside; cross spend is a memo of the treating alliance.
    for (std::uint32_t pa = 0; pa <= layout.nonlocal(); ++pa) {
      for (std::uint32_t i = 0; i < N; ++i) {
        const std::uint32_t treating = layout.inst_alliance(i);  // no_alliance(): at no alliance's member
        const bool at_member = treating < A;
        for (std::uint32_t m = 0; m < claims_layout::months; ++m) {
          for (std::uint32_t b = 0; b < B; ++b) {
            const std::int64_t v = sums[layout.cell(f, pa, i, m, b)];
            if (v == 0) continue;
            if (pa != layout.nonlocal()) add_to(local, v);
            if (pa < A) {
              alliance_sums& o = al[pa];
              if (treating == pa) {
                add_to(o.I, v);
                add_to(o.im[m], v);
                add_to(o.member[layout.inst_member(i)], v);
                add_to(o.band[b], v);
              } else {
                add_to(o.O, v);
                add_to(o.om[m], v);
                const std::uint32_t p = at_member ? 0 : layout.inst_place(i);
                add_to(o.place[p], v);
                if (p == 1) add_to(o.nm[m], v);
                if (at_member) add_to(al[treating].cross, v);
              }
            } else if (pa == layout.no_alliance()) {
              if (at_member) {
                add_to(al[treating].U, v);
                add_to(al[treating].um[m], v);
              } else {
                add_to(u_elsewhere, v);
              }
            } else if (at_member) {
              add_to(al[treating].NL, v);
            } else {
              add_to(outside, v);
            }
          }
        }
      }
    }
    fund_claims fc;
    fc.insutype = f == 0 ? "310" : "390";
    for (std::uint32_t a = 0; a < A; ++a) {
      const alliance_sums& s = al[a];
      alliance_claims ac;
      ac.id = layout.alliances()[a];
      ac.in_alliance_local = fen::from_fen(s.I);
      ac.out_of_alliance_local = fen::from_fen(s.O);
      ac.in_alliance_nonlocal = fen::from_fen(s.NL);
      ac.in_alliance_cross = fen::from_fen(s.cross);
      ac.unattributed_local = fen::from_fen(s.U);
      for (std::uint32_t m = 0; m < 12; ++m) {
        ac.monthly_in_alliance_local.push_back(fen::from_fen(s.im[m]));
        ac.monthly_out_of_alliance_local.push_back(fen::from_fen(s.om[m]));
        ac.monthly_county_nonmember.push_back(fen::from_fen(s.nm[m]));
        ac.monthly_unattributed_local.push_back(fen::from_fen(s.um[m]));
      }
      ac.other_alliance = fen::from_fen(s.place[0]);
      ac.county_nonmember = fen::from_fen(s.place[1]);
      ac.out_of_county = fen::from_fen(s.place[2]);
      ac.unregistered = fen::from_fen(s.place[3]);
      ac.dual_channel = fen::from_fen(s.place[4]);
      for (std::size_t k = 0; k < s.member.size(); ++k)
        ac.by_member.emplace_back(layout.members(a)[k], fen::from_fen(s.member[k]));
      for (std::uint32_t b = 0; b < B; ++b) ac.by_band.emplace_back(layout.bands()[b].name, fen::from_fen(s.band[b]));
      ac.persons = persons.at(f * A + a);
      std::int64_t check_m = 0, check_b = 0, check_o = 0;
      for (auto v : s.member) add_to(check_m, v);
      for (auto v : s.band) add_to(check_b, v);
      for (auto v : s.place) add_to(check_o, v);
      ensure(check_m == s.I && check_b == s.I && check_o == s.O, "claims splits sum to their totals");
      fc.alliances.push_back(std::move(ac));
    }
    // The reconciliation: the categories' sum against the counted total kept apart while reading.
    reconciliation& rc = fc.reconciliation;
    rc.counted_hifp_pay = fen::from_fen(counters.hifp_counted_by_fund[f]);
    std::int64_t sum = 0;
    for (const std::uint32_t a : by_id) {
      const std::string& id = layout.alliances()[a];
      rc.in_alliance_local.emplace_back(id, fen::from_fen(al[a].I));
      rc.out_of_alliance_local.emplace_back(id, fen::from_fen(al[a].O));
      rc.in_alliance_nonlocal.emplace_back(id, fen::from_fen(al[a].NL));
      rc.unattributed_local.emplace_back(id, fen::from_fen(al[a].U));
      for (const std::int64_t v : {al[a].I, al[a].O, al[a].NL, al[a].U}) add_to(sum, v);
    }
    rc.unattributed_elsewhere = fen::from_fen(u_elsewhere);
    rc.outside = fen::from_fen(outside);
    add_to(sum, u_elsewhere);
    add_to(sum, outside);
    rc.sum = fen::from_fen(sum);
    rc.balanced = sum == counters.hifp_counted_by_fund[f];
    ensure(rc.balanced, "the reconciliation: every counted fen of hifp_pay in exactly one place");
    // Pooled spend of all local insured by band and care, checked against the cells' local total.
    if (!pooled.empty()) {
      ensure(pooled.size() == std::size_t{claims_layout::funds} * 3 * B, "pooled sums of the layout's bands");
      std::int64_t all = 0;
      for (std::uint32_t b = 0; b < B; ++b) {
        const auto at = [&](care_category c) { return pooled[(f * 3 + static_cast<std::uint32_t>(c)) * B + b]; };
        std::int64_t total = at(care_category::inpatient);
        add_to(total, at(care_category::outpatient));
        add_to(total, at(care_category::other));
        add_to(all, total);
        fc.pooled_by_band.push_back({layout.bands()[b].name, fen::from_fen(at(care_category::inpatient)),
                                     fen::from_fen(at(care_category::outpatient)), fen::from_fen(at(care_category::other)),
                                     fen::from_fen(total)});
      }
      ensure(all == local, "pooled spend by band = the local insured's cells");
    }
    r.funds.push_back(std::move(fc));
  }
  return r;
}

void fill_actuals(case_input& c, const claims_result& r) {
  if (c.county.admdvs != r.county)
    throw input_error("county.admdvs", "the case's county " + c.county.admdvs + " is not the records' " + r.county);
  if (c.year != r.year) throw input_error("year", "the case's year is not the records' year");
  for (std::size_t f = 0; f < c.funds.size(); ++f) {
    fund_input& fund = c.funds[f];
    const fund_claims* fc = nullptr;
    for (const auto& x : r.funds)
      if (x.insutype == fund.insutype) fc = &x;
    ensure(fc != nullptr, "records carry both funds");
    for (std::size_t a = 0; a < fund.alliances.size(); ++a) {
      alliance_input& al = fund.alliances[a];
      const alliance_claims* ac = nullptr;
      for (const auto& x : fc->alliances)
        if (x.id == al.id) ac = &x;
      if (ac == nullptr)
        throw input_error("funds[" + std::to_string(f) + "].alliances[" + std::to_string(a) + "].id",
                          "alliance \"" + al.id + "\" is not in the institution registry");
      alliance_actuals act = al.actuals.value_or(alliance_actuals{});
      const bool exclude = c.pol.scope_excludes_county_nonmembers;
      act.in_alliance_local = ac->in_alliance_local;
      act.out_of_alliance_local = exclude ? ac->out_of_alliance_local - ac->county_nonmember : ac->out_of_alliance_local;
      act.in_alliance_nonlocal = ac->in_alliance_nonlocal;
      act.unattributed_local = ac->unattributed_local;
      act.unattributed_from_records = true;
      monthly_actuals m;
      m.in_alliance_local = ac->monthly_in_alliance_local;
      m.out_of_alliance_local = ac->monthly_out_of_alliance_local;
      if (exclude)  // O in the budget's scope, month by month
        for (std::size_t k = 0; k < m.out_of_alliance_local.size(); ++k)
          m.out_of_alliance_local[k] -= ac->monthly_county_nonmember[k];
      act.monthly = std::move(m);
      al.actuals = std::move(act);
    }
  }
}

}  // namespace medbudget
