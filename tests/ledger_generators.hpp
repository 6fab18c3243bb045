// Test helper of the ledger properties: the exact-rational oracle of rounding and largest-remainder
// splits (written from the money rules, not from the library) and rapidcheck generators of random
// cases of the four presets.
#pragma once

#include <rapidcheck.h>

#include <algorithm>         // min, max, shuffle
#include <array>             // array
#include <cstdint>           // int64_t, uint64_t
#include <functional>        // function
#include <initializer_list>  // initializer_list
#include <map>               // map
#include <optional>          // optional
#include <random>            // mt19937_64
#include <set>               // multiset
#include <string>            // string
#include <string_view>       // string_view
#include <utility>           // pair
#include <vector>            // vector

#include "medbudget/budget.hpp"
#include "medbudget/case.hpp"
#include "medbudget/error.hpp"
#include "medbudget/io/calendar_json.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/io/render.hpp"
#include "medbudget/ledger.hpp"
#include "medbudget/monitor.hpp"
#include "medbudget/schedule.hpp"
#include "medbudget/money.hpp"
#include "medbudget/policy.hpp"
#include "medbudget/settle.hpp"
#include "medbudget/statement.hpp"

#include "budget_fixtures.hpp"

namespace ledger_generators {

namespace mb = medbudget;
using mb::cpp_int;
using mb::cpp_rational;
using mb::fen;
using mb::rate;
using budget_fixtures::alliance;
using budget_fixtures::make_case;
using budget_fixtures::R;

inline const std::array<const char*, 4> kPresets = {"harbin", "guangdong_yangxi", "hunan", "sanming"};

// ---- independent oracle helpers (exact rationals, written from the money rules) ----------------------

// Round an exact number of fen half away from zero.
inline std::int64_t oracle_round(const cpp_rational& q) {
  const cpp_int n = boost::multiprecision::numerator(q), d = boost::multiprecision::denominator(q);
  const bool neg = n < 0;
  const cpp_int a = neg ? cpp_int(-n) : n;
  cpp_int r = (2 * a + d) / (2 * d);  // floor(a/d + 1/2)
  if (neg) r = -r;
  return static_cast<std::int64_t>(r);
}
inline fen oracle_mul(fen amount, rate r) { return fen::from_fen(oracle_round(cpp_rational(amount.value()) * r.to_rational())); }
// Largest remainder: floor each exact share, left-over fen to the largest fractions, ties earlier.
// Exact in 128-bit integers: the weights (rates) are brought to a common decimal scale.
inline std::vector<fen> oracle_split(fen total, const std::vector<rate>& weights) {
  using i128 = mb::int128;
  int scale = 0;
  for (rate w : weights) scale = std::max(scale, w.scale());
  std::vector<i128> w;
  i128 sum = 0;
  for (rate r : weights) {
    i128 v = r.mantissa();
    for (int k = r.scale(); k < scale; ++k) v *= 10;
    w.push_back(v);
    sum += v;
  }
  const bool neg = total < fen{};
  const i128 m = neg ? -static_cast<i128>(total.value()) : total.value();
  std::vector<i128> part(w.size()), rem(w.size());
  i128 given = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    part[i] = m * w[i] / sum;
    rem[i] = m * w[i] - part[i] * sum;
    given += part[i];
  }
  for (i128 left = m - given; left > 0; --left) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < w.size(); ++i)
      if (rem[i] > rem[best]) best = i;  // strict: ties stay with the earlier part
    ++part[best];
    rem[best] = -1;
  }
  std::vector<fen> out;
  for (i128 p : part) out.push_back(fen::from_fen(static_cast<std::int64_t>(neg ? -p : p)));
  return out;
}

// ---- generators -----------------------------------------------------------------------------------

// Uniform in [lo, hi]: rapidcheck's inRange narrows toward `lo` at small sizes, so fix the size.
inline std::int64_t gen_int(std::int64_t lo, std::int64_t hi) {
  return *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::int64_t>(lo, hi + 1));
}
inline fen gen_fen(std::int64_t lo, std::int64_t hi) { return fen::from_fen(gen_int(lo, hi)); }
inline rate gen_rate(std::int64_t lo, std::int64_t hi, int scale) { return rate::from_parts(gen_int(lo, hi), scale); }
inline bool gen_chance(int percent) { return gen_int(1, 100) <= percent; }

inline std::vector<mb::member_unit> gen_members() {
  static const std::array<const char*, 5> pool = {"0", "1", "2", "0.5", "0.25"};
  const std::int64_t n = gen_int(0, 5);
  std::vector<mb::member_unit> out;
  rate sum;
  for (std::int64_t m = 0; m < n; ++m) {
    const rate w = R(pool[static_cast<std::size_t>(gen_int(0, 4))]);
    out.push_back({"M" + std::to_string(m + 1), "member " + std::to_string(m + 1), w});
    sum = sum + w;
  }
  if (!out.empty() && sum == rate{}) out[0].weight = R("1");
  return out;
}

// Actuals around a per-alliance scale (in fen): O up to 40%, I from 20% to 130% of it, so both surplus and
// overspend occur.
inline mb::alliance_actuals gen_actuals(std::int64_t scale) {
  mb::alliance_actuals act;
  act.out_of_alliance_local = gen_fen(0, scale * 4 / 10);
  act.in_alliance_local = gen_fen(scale * 2 / 10, scale * 13 / 10);
  act.in_alliance_nonlocal = gen_fen(0, scale / 10);
  // Revision 3: NL paid during the year (else NL), payments actually made (months may be negative).
  if (gen_chance(40)) act.in_alliance_nonlocal_paid = gen_fen(0, scale / 10);
  if (gen_chance(25)) {
    mb::payments_made made;
    made.advance = gen_fen(0, scale / 12);
    for (int m = 0; m < 12; ++m) made.monthly.push_back(gen_fen(-scale / 100, scale / 10));
    act.payments_made = made;
  }
  return act;
}

inline mb::case_input gen_case() {
  const std::string id = kPresets[static_cast<std::size_t>(gen_int(0, 3))];
  mb::fund_input f;
  f.insutype = gen_chance(50) ? "310" : "390";
  const std::int64_t n = gen_int(1, 3);
  for (std::int64_t a = 0; a < n; ++a) {
    mb::alliance_input al = alliance("A" + std::to_string(a + 1));
    al.members = gen_members();
    f.alliances.push_back(al);
  }
  std::int64_t scale = 0;  // rough size of the pot, in fen
  if (id == "harbin") {
    const bool first = gen_chance(50);
    f.inputs.first_year = first;
    std::vector<int> years = first ? std::vector<int>{2021, 2022, 2023} : std::vector<int>{2023};
    mb::band_counts counts(5);
    std::vector<mb::band_amounts> spend(years.size(), mb::band_amounts(5));
    for (std::size_t b = 0; b < 5; ++b) {
      const bool empty = gen_chance(15);
      counts[b] = empty ? 0 : gen_int(1, 50000);
      for (auto& y : spend) y[b] = empty ? fen{} : gen_fen(0, 20'000'000'000);
    }
    for (std::size_t i = 0; i < years.size(); ++i) f.inputs.history.push_back({years[i], spend[i]});
    for (fen v : spend.back()) scale += v.value();
    f.inputs.insured_budget_by_band = counts;
    if (gen_chance(60)) f.inputs.fundraising_total = fen::from_fen(scale / 100 * gen_int(50, 130));
    const bool by_share = n == 1 ? gen_chance(30) : gen_chance(50);
    for (auto& al : f.alliances) {
      if (by_share) {
        al.service_volume_share = gen_rate(1, 100, 2);
      } else if (n > 1) {
        mb::band_counts c(5);
        for (std::size_t b = 0; b < 5; ++b) c[b] = gen_int(0, counts[b]);
        al.insured_budget_by_band = c;
      }
      for (std::int64_t k = gen_int(0, 2); k > 0; --k) al.adjustment_factors.push_back({"factor", gen_rate(-500, 500, 4)});
      if (gen_chance(30)) al.supplementary_budget = gen_fen(0, scale / 20);
      if (!by_share && gen_chance(40)) {  // an alliance budgeted by share has no counts of its own
        mb::band_counts c(5);
        for (std::size_t b = 0; b < 5; ++b) c[b] = gen_int(0, 60000);
        al.insured_actual_by_band = c;
      }
      al.perf.indicators_met = gen_chance(80);
    }
    f.situation.overspend_share_ratio = gen_rate(0, 100, 2);
    f.situation.city_avg_growth_rate = gen_rate(0, 15, 2);
  } else if (id == "guangdong_yangxi") {
    f.inputs.fund_revenue = gen_fen(1'000'000, 1'000'000'000'000);
    scale = f.inputs.fund_revenue->value();
    for (auto& al : f.alliances) {
      al.share = gen_rate(1, 100, 2);
      al.perf.score = gen_rate(0, 10000, 2);
    }
    if (gen_chance(50)) f.situation.overspend_share_ratio = gen_rate(0, 100, 2);
  } else if (id == "hunan") {
    f.inputs.expenditure_budget = gen_fen(1'000'000, 1'000'000'000'000);
    scale = f.inputs.expenditure_budget->value();
    if (gen_chance(50)) {
      f.inputs.prior_year_budget = fen::from_fen(scale / 100 * gen_int(80, 120));
      f.inputs.revenue_growth_rate = gen_rate(0, 15, 2);
    }
    for (auto& al : f.alliances) {
      al.shares = mb::allocation_shares{gen_rate(1, 100, 2), gen_rate(0, 100, 2), gen_rate(0, 100, 2)};
      al.tcm_share = gen_rate(0, 5000, 4);
      al.perf.score = gen_rate(0, 10000, 2);
    }
    f.situation.overspend_share_ratio = gen_rate(0, 100, 2);
  } else {  // sanming
    f.inputs.per_capita_package = gen_fen(100, 1'000'000);
    for (auto& al : f.alliances) {
      al.insured = gen_int(0, 200000);
      scale += f.inputs.per_capita_package->value() * *al.insured;
      al.bundled_public_health = gen_fen(0, 1'000'000'000);
      al.bundled_fiscal = gen_fen(0, 1'000'000'000);
    }
  }
  for (auto& al : f.alliances) {
    al.actuals = gen_actuals(std::max<std::int64_t>(scale / n, 1000));
    if (id == "hunan" && gen_chance(50)) al.actuals->force_majeure_overspend = gen_fen(0, scale / n / 5 + 1);
    if (id == "guangdong_yangxi" && gen_chance(50)) al.actuals->reasonable_overspend = gen_fen(0, scale / n / 5 + 1);
  }
  return make_case(mb::preset(id), f);
}

}  // namespace ledger_generators
