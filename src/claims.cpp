// The record model's layout and the summary of cell sums into actuals (claims-format.md).
#include "medbudget/claims.hpp"

#include <algorithm>  // find

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
      inst_place_.push_back(i.admdvs == county_ ? 1 : 2);
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
    for (int j = 0; j < 16; ++j) sums[cells[j]] += amounts[k + static_cast<std::size_t>(j)];
  }
#endif
  for (; k < n; ++k) sums[layout.cell(fund[k], person_alliance[k], inst[k], month[k], band[k])] += amounts[k];
}

void claims_totals::merge(const claims_totals& other) {
  ensure(other.sums_.size() == sums_.size(), "claims totals of the same layout");
  for (std::size_t i = 0; i < sums_.size(); ++i) sums_[i] += other.sums_[i];
}

claims_result summarize(const claims_layout& layout, const claims_totals& totals, const record_counters& counters,
                        const person_counts& persons, int year) {
  claims_result r;
  r.county = layout.county();
  r.year = year;
  r.records = counters;
  ensure(counters.read == counters.counted + counters.excluded_invalid + counters.excluded_out_of_period +
                              counters.excluded_other_insutype,
         "records read = counted + excluded");
  const std::uint32_t A = static_cast<std::uint32_t>(layout.alliances().size());
  const std::uint32_t N = layout.institution_count();
  const std::uint32_t B = static_cast<std::uint32_t>(layout.bands().size());
  const auto& sums = totals.sums();
  for (std::uint32_t f = 0; f < claims_layout::funds; ++f) {
    fund_claims fc;
    fc.insutype = f == 0 ? "310" : "390";
    for (std::uint32_t a = 0; a < A; ++a) {
      alliance_claims ac;
      ac.id = layout.alliances()[a];
      std::int64_t I = 0, O = 0, NL = 0, cross = 0, place[4] = {0, 0, 0, 0};
      std::vector<std::int64_t> im(12, 0), om(12, 0), nm(12, 0), member(layout.members(a).size(), 0), band(B, 0);
      for (std::uint32_t pa = 0; pa <= layout.nonlocal(); ++pa) {
        for (std::uint32_t i = 0; i < N; ++i) {
          const bool at_member = layout.inst_alliance(i) == a;
          if (!at_member && pa != a) continue;
          for (std::uint32_t m = 0; m < claims_layout::months; ++m) {
            for (std::uint32_t b = 0; b < B; ++b) {
              const std::int64_t v = sums[layout.cell(f, pa, i, m, b)];
              if (v == 0) continue;
              if (at_member) {
                if (pa == layout.nonlocal()) {
                  NL += v;
                } else if (pa == a) {
                  I += v;
                  im[m] += v;
                  member[layout.inst_member(i)] += v;
                  band[b] += v;
                } else if (pa != layout.no_alliance()) {  // local, another alliance's insured
                  cross += v;
                }  // a local insured of no alliance: in no alliance's figures
              } else {  // pa == a, elsewhere
                O += v;
                om[m] += v;
                const std::uint32_t p = layout.inst_alliance(i) != layout.no_alliance() ? 0 : layout.inst_place(i);
                place[p] += v;
                if (p == 1) nm[m] += v;
              }
            }
          }
        }
      }
      ac.in_alliance_local = fen::from_fen(I);
      ac.out_of_alliance_local = fen::from_fen(O);
      ac.in_alliance_nonlocal = fen::from_fen(NL);
      ac.in_alliance_cross = fen::from_fen(cross);
      for (std::uint32_t m = 0; m < 12; ++m) {
        ac.monthly_in_alliance_local.push_back(fen::from_fen(im[m]));
        ac.monthly_out_of_alliance_local.push_back(fen::from_fen(om[m]));
        ac.monthly_county_nonmember.push_back(fen::from_fen(nm[m]));
      }
      ac.other_alliance = fen::from_fen(place[0]);
      ac.county_nonmember = fen::from_fen(place[1]);
      ac.out_of_county = fen::from_fen(place[2]);
      ac.unregistered = fen::from_fen(place[3]);
      for (std::size_t k = 0; k < member.size(); ++k)
        ac.by_member.emplace_back(layout.members(a)[k], fen::from_fen(member[k]));
      for (std::uint32_t b = 0; b < B; ++b) ac.by_band.emplace_back(layout.bands()[b].name, fen::from_fen(band[b]));
      ac.persons = persons.at(f * A + a);
      std::int64_t check_m = 0, check_b = 0, check_o = 0;
      for (auto v : member) check_m += v;
      for (auto v : band) check_b += v;
      for (auto v : place) check_o += v;
      ensure(check_m == I && check_b == I && check_o == O, "claims splits sum to their totals");
      fc.alliances.push_back(std::move(ac));
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
                          "alliance "" + al.id + "" is not in the institution registry");
      alliance_actuals act = al.actuals.value_or(alliance_actuals{});
      const bool exclude = c.pol.scope_excludes_county_nonmembers;
      act.in_alliance_local = ac->in_alliance_local;
      act.out_of_alliance_local = exclude ? ac->out_of_alliance_local - ac->county_nonmember : ac->out_of_alliance_local;
      act.in_alliance_nonlocal = ac->in_alliance_nonlocal;
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

int completed_years(int by, int bm, int bd, int y, int m, int d) noexcept {
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (bm == 2 && bd == 29 && !leap) {
    bm = 3;
    bd = 1;
  }
  int age = y - by;
  if (m < bm || (m == bm && d < bd)) --age;
  return age;
}

}  // namespace medbudget
