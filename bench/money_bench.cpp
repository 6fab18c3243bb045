// money_bench — fen × rate, rounded half away from zero: medbudget::mul against
// boost::multiprecision::cpp_dec_float_50 and against double + std::llround, over the same
// 10 million deterministic random inputs; plus apportion() over 12 months and over 5 weights.
//
// Every variant writes its results to an output array; after timing, the results of the last pass
// are compared with the exact answer (computed here with __int128, independently of medbudget) and
// the number of mismatches is reported as the counter `wrong` (`wrong_at_ties`: those whose exact
// product ends in exactly .5 fen). One benchmark iteration is one pass over all inputs;
// `items_per_second` counts products, `time_per_op` is its inverse (CPU time). Figures and the
// machine: docs/benchmarks.md.
//
//   build/bin/money_bench --benchmark_repetitions=5 --benchmark_min_time=2
//                         --benchmark_report_aggregates_only=true
#include <algorithm>  // min
#include <array>      // array
#include <cmath>      // llround
#include <cstddef>    // size_t
#include <cstdint>    // int64_t, uint64_t
#include <cstdio>     // fprintf
#include <span>       // span
#include <string>     // string, to_string
#include <vector>     // vector

#include <benchmark/benchmark.h>
#include <boost/multiprecision/cpp_dec_float.hpp>  // cpp_dec_float_50

#include "medbudget/money.hpp"

namespace {

__extension__ typedef __int128 i128;
using dec50 = boost::multiprecision::cpp_dec_float_50;

constexpr std::size_t input_count = 10'000'000;
constexpr std::uint64_t seed = 0x6d656462'75646765ULL;  // "medbudge"

// splitmix64: deterministic on every platform, integers only.
struct splitmix64 {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n), n > 0 (rejection sampling, no modulo bias).
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
    std::uint64_t x = next();
    while (x >= limit) x = next();
    return x % n;
  }
};

constexpr std::int64_t p10(int k) {
  std::int64_t p = 1;
  for (int i = 0; i < k; ++i) p *= 10;
  return p;
}

// Exact amount × mantissa / 10^scale rounded half away from zero, by __int128 (the oracle).
std::int64_t exact_half_away(std::int64_t amount, std::int64_t mantissa, int scale) {
  const i128 n = static_cast<i128>(amount) * mantissa;
  const i128 d = p10(scale);
  const i128 mag = n < 0 ? -n : n;
  i128 q = mag / d;
  if ((mag % d) * 2 >= d) ++q;
  return static_cast<std::int64_t>(n < 0 ? -q : q);
}

// x with x·m ≡ 10^s / 2 (mod 10^s), the amounts making amount × m / 10^s end in exactly .5 fen;
// returns false when there is none (10^s/2 not a multiple of gcd(m, 10^s)).
bool tie_residue(std::int64_t m, int s, std::int64_t& x, std::int64_t& modulus) {
  const std::int64_t ten_s = p10(s);
  std::int64_t a = m, b = ten_s;
  while (b != 0) {
    const std::int64_t t = a % b;
    a = b;
    b = t;
  }
  const std::int64_t g = a;
  const std::int64_t h = ten_s / 2;
  if (h % g != 0) return false;
  modulus = ten_s / g;
  const std::int64_t mg = (m / g) % modulus;
  // Inverse of mg modulo `modulus` (extended Euclid; coprime by construction).
  std::int64_t r0 = modulus, r1 = mg, t0 = 0, t1 = 1;
  while (r1 != 0) {
    const std::int64_t q = r0 / r1;
    std::int64_t tmp = r0 - q * r1;
    r0 = r1;
    r1 = tmp;
    tmp = t0 - q * t1;
    t0 = t1;
    t1 = tmp;
  }
  const std::int64_t inv = ((t0 % modulus) + modulus) % modulus;
  x = static_cast<std::int64_t>((static_cast<i128>(h / g) % modulus) * inv % modulus);
  return true;
}

// "m × 10^-s" as decimal text, e.g. (5, 2) -> "0.05"; m ≥ 0.
std::string decimal_text(std::int64_t m, int s) {
  const std::string digits = std::to_string(m);
  const auto frac = static_cast<std::size_t>(s);
  const std::string padded = digits.size() > frac ? digits : std::string(frac + 1 - digits.size(), '0') + digits;
  return padded.substr(0, padded.size() - frac) + "." + padded.substr(padded.size() - frac);
}

struct inputs {
  // The same inputs, each in the representation its variant would store them in.
  std::vector<std::int64_t> amount_fen;
  std::vector<std::int64_t> mantissa;
  std::vector<int> scale;
  std::vector<medbudget::fen> fen;
  std::vector<medbudget::rate> rate;
  std::vector<double> amount_double;
  std::vector<double> rate_double;
  std::vector<dec50> amount_dec;
  std::vector<dec50> rate_dec;
  std::vector<std::int64_t> expected;
  std::vector<unsigned char> tie;  // 1 when the exact product ends in exactly .5 fen
  std::size_t ties = 0;
};

const inputs& the_inputs() {
  static const inputs in = [] {
    inputs v;
    const std::size_t n = input_count;
    v.amount_fen.resize(n);
    v.mantissa.resize(n);
    v.scale.resize(n);
    splitmix64 rng{seed};
    for (std::size_t i = 0; i < n; ++i) {
      const int s = 1 + static_cast<int>(rng.below(6));  // 1..6 decimals
      const std::int64_t ten_s = p10(s);
      std::int64_t m = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(2 * ten_s) + 1));  // 0..2
      // Magnitude with 1..12 digits, so small and large amounts are both common; |amount| < 10^12.
      const int digits = 1 + static_cast<int>(rng.below(12));
      std::int64_t mag = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(p10(digits))));
      if (rng.below(10) < 4) {  // 40%: force an exact tie (x.5 fen) when the rate allows one
        std::int64_t x = 0, modulus = 1;
        for (int tries = 0; tries < 8 && !tie_residue(m, s, x, modulus); ++tries)
          m = 1 + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(2 * ten_s)));
        if (tie_residue(m, s, x, modulus)) {
          const std::int64_t steps = (p10(12) - 1 - x) / modulus;
          const std::int64_t span = std::min<std::int64_t>(steps, std::max<std::int64_t>(mag / modulus, 0));
          mag = x + modulus * static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(span) + 1));
        }
      }
      v.amount_fen[i] = rng.below(2) == 0 ? mag : -mag;
      v.mantissa[i] = m;
      v.scale[i] = s;
    }
    v.fen.reserve(n);
    v.rate.reserve(n);
    v.amount_double.resize(n);
    v.rate_double.resize(n);
    v.amount_dec.reserve(n);
    v.rate_dec.reserve(n);
    v.expected.resize(n);
    v.tie.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const std::int64_t a = v.amount_fen[i], m = v.mantissa[i];
      const int s = v.scale[i];
      v.fen.push_back(medbudget::fen::from_fen(a));
      v.rate.push_back(medbudget::rate::from_parts(m, s));
      v.amount_double[i] = static_cast<double>(a);                                 // exact: |a| < 2^53
      v.rate_double[i] = static_cast<double>(m) / static_cast<double>(p10(s));    // nearest double, as strtod
      v.amount_dec.emplace_back(a);
      v.rate_dec.emplace_back(decimal_text(m, s));                                // exact: parsed as "0.05"
      v.expected[i] = exact_half_away(a, m, s);
      const i128 prod = static_cast<i128>(a) * m;
      const i128 r = (prod < 0 ? -prod : prod) % p10(s);
      v.tie[i] = r * 2 == p10(s);
      v.ties += v.tie[i];
    }
    std::fprintf(stderr, "money_bench: %zu inputs, %zu exact ties (x.5 fen), seed 0x%llx\n", n, v.ties,
                 static_cast<unsigned long long>(seed));
    return v;
  }();
  return in;
}

void report(benchmark::State& state, const inputs& in, const std::vector<std::int64_t>& out) {
  std::int64_t wrong = 0, wrong_at_ties = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    wrong += out[i] != in.expected[i];
    wrong_at_ties += out[i] != in.expected[i] && in.tie[i] != 0;
  }
  const auto n = static_cast<std::int64_t>(out.size());
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["wrong"] = benchmark::Counter(static_cast<double>(wrong));
  state.counters["wrong_at_ties"] = benchmark::Counter(static_cast<double>(wrong_at_ties));
  state.counters["time_per_op"] = benchmark::Counter(
      static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_mul_medbudget(benchmark::State& state) {
  const inputs& in = the_inputs();
  std::vector<std::int64_t> out(in.fen.size());
  for (auto _ : state) {
    for (std::size_t i = 0; i < out.size(); ++i)
      out[i] = medbudget::mul(in.fen[i], in.rate[i], medbudget::rounding::half_away_from_zero).value();
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  report(state, in, out);
}

void BM_mul_cpp_dec_float_50(benchmark::State& state) {
  const inputs& in = the_inputs();
  std::vector<std::int64_t> out(in.amount_dec.size());
  for (auto _ : state) {
    for (std::size_t i = 0; i < out.size(); ++i) {
      const dec50 product = in.amount_dec[i] * in.rate_dec[i];
      out[i] = boost::multiprecision::round(product).convert_to<std::int64_t>();  // half away from zero
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  report(state, in, out);
}

void BM_mul_double_llround(benchmark::State& state) {
  const inputs& in = the_inputs();
  std::vector<std::int64_t> out(in.amount_double.size());
  for (auto _ : state) {
    for (std::size_t i = 0; i < out.size(); ++i)
      out[i] = static_cast<std::int64_t>(std::llround(in.amount_double[i] * in.rate_double[i]));
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  report(state, in, out);
}

// ---- apportion ---------------------------------------------------------------------------------

constexpr std::size_t pool_size = 4096;

std::vector<medbudget::fen> amount_pool() {
  std::vector<medbudget::fen> pool;
  splitmix64 rng{seed ^ 0xa99047710eULL};
  for (std::size_t i = 0; i < pool_size; ++i) {
    const std::int64_t mag = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(p10(12))));
    pool.push_back(medbudget::fen::from_fen(rng.below(4) == 0 ? -mag : mag));
  }
  return pool;
}

// Parts sum to the total and each is within one fen of its exact share total × w / Σw (oracle in i128).
bool split_ok(medbudget::fen total, std::span<const i128> w, const std::vector<medbudget::fen>& parts) {
  if (parts.size() != w.size()) return false;
  i128 sum_w = 0, sum_parts = 0;
  for (i128 x : w) sum_w += x;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    sum_parts += parts[i].value();
    const i128 diff = static_cast<i128>(parts[i].value()) * sum_w - static_cast<i128>(total.value()) * w[i];
    if ((diff < 0 ? -diff : diff) >= sum_w) return false;
  }
  return sum_parts == total.value();
}

template <class Weights>
void run_apportion(benchmark::State& state, const Weights& weights, std::span<const i128> int_weights) {
  const std::vector<medbudget::fen> pool = amount_pool();
  std::size_t k = 0;
  for (auto _ : state) {
    auto parts = medbudget::apportion(pool[k], std::span(weights));
    benchmark::DoNotOptimize(parts.data());
    k = (k + 1) % pool_size;
  }
  std::int64_t wrong = 0;
  for (medbudget::fen total : pool) wrong += !split_ok(total, int_weights, medbudget::apportion(total, std::span(weights)));
  state.SetItemsProcessed(state.iterations());
  state.counters["wrong"] = benchmark::Counter(static_cast<double>(wrong));
}

void BM_apportion_12_months(benchmark::State& state) {
  const std::vector<std::int64_t> weights(12, 1);
  const std::vector<i128> w(12, 1);
  run_apportion(state, weights, w);
}

// Five decimal-rate weights that do not sum to 1 (0.333333 + 0.1667 + 0.25 + 0.125 + 0.0625).
void BM_apportion_5_rate_weights(benchmark::State& state) {
  const std::vector<medbudget::rate> weights = {medbudget::rate::parse("0.333333"), medbudget::rate::parse("0.1667"),
                                                medbudget::rate::parse("0.25"), medbudget::rate::parse("0.125"),
                                                medbudget::rate::parse("0.0625")};
  const std::vector<i128> w = {333333, 166700, 250000, 125000, 62500};  // × 10^6
  run_apportion(state, weights, w);
}

// Five rational weights 1/3, 1/7, 2/9, 1/6, 5/42 (common denominator 126).
void BM_apportion_5_rational_weights(benchmark::State& state) {
  using medbudget::cpp_rational;
  const std::vector<cpp_rational> weights = {cpp_rational(1, 3), cpp_rational(1, 7), cpp_rational(2, 9),
                                             cpp_rational(1, 6), cpp_rational(5, 42)};
  const std::vector<i128> w = {42, 18, 28, 21, 15};  // × 126
  run_apportion(state, weights, w);
}

}  // namespace

BENCHMARK(BM_mul_medbudget)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_mul_double_llround)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_mul_cpp_dec_float_50)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_apportion_12_months);
BENCHMARK(BM_apportion_5_rate_weights);
BENCHMARK(BM_apportion_5_rational_weights);

BENCHMARK_MAIN();
