// claims_bench — settlement records to actuals (docs/claims.md): the aggregation core over records
// already in memory, a roofline measured in the same run over the same bytes, and the whole path from
// a generated CSV file.
//
//   BM_aggregate_in_memory   16 M records held as compact arrays (fund, person alliance, institution
//                            index, month, age band: one byte each except the institution, two bytes;
//                            hifp_pay in fen, 8 bytes: 14 bytes a record). The timed loop is the
//                            library's aggregation of records held in memory,
//                            claims_totals::add_records (cell indices 16 records at a time).
//   BM_roofline_sum          sums every byte the aggregation reads, as 64-bit words, in the same run:
//                            the fastest that any pass over those arrays can be on this machine.
//                            Counter `aggregation_over_roofline`: the time of one aggregation pass
//                            (as in BM_aggregate_in_memory) run between the sums, timed with the same
//                            clock, divided by the time of a sum: a ratio paired pass by pass.
//   BM_aggregate_csv_end_to_end/threads:N
//                            medbudget::read_registry + read_attribution + aggregate_claims over a
//                            generated claims.csv (1 M records before reversals, written once to a
//                            temporary directory and removed at exit); items = rows of the file.
//                            Counter `per_core` = items per second ÷ N.
//
// Records per second per core is the items_per_second of a single-threaded run. `wrong` counts
// results that differ from an independent sum (in memory: the cells of each fund against the sum of
// that fund's amounts; end to end: a result that differs from the first pass's). Figures and the
// machine: docs/benchmarks.md.
//
//   build/bin/claims_bench --benchmark_repetitions=5 --benchmark_min_time=2
//                          --benchmark_report_aggregates_only=true
#include <chrono>      // steady_clock
#include <cstdint>     // int64_t, uint8_t, uint16_t, uint64_t
#include <cstdio>      // fprintf
#include <cstring>     // memcpy
#include <filesystem>  // temp_directory_path, remove_all
#include <string>      // string, to_string
#include <vector>      // vector

#include <unistd.h>  // getpid

#include <benchmark/benchmark.h>

#include "medbudget/claims.hpp"
#include "medbudget/io/claims_csv.hpp"
#include "medbudget/io/generate.hpp"
#include "medbudget/io/json.hpp"

namespace {

constexpr std::size_t record_count = 16'000'000;
constexpr std::uint64_t seed = 0x636c61696d73ULL;  // "claims"
const std::string county = "230123";

struct splitmix64 {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return ((next() >> 32) * n) >> 32; }  // n ≤ 2^32
  bool percent(std::uint64_t p) { return below(10000) < p; }                  // hundredths of a percent
};

// The generator's registry (medbudget/io/generate.hpp): two alliances of a lead hospital and eight
// township centres (four member units), three county non-members, four hospitals out of the county.
medbudget::registry sample_registry() {
  medbudget::registry reg;
  for (int a = 1; a <= 2; ++a) {
    const std::string alliance = "A0" + std::to_string(a);
    reg.institutions.push_back({"H" + county + std::to_string(a) + "00", "lead", county, alliance, "LEAD", 2, false});
    for (int t = 1; t <= 8; ++t)
      reg.institutions.push_back({"H" + county + std::to_string(a) + "0" + std::to_string(t), "township", county,
                                  alliance, "T" + std::to_string((t + 1) / 2), 0, true});
  }
  for (int p = 1; p <= 3; ++p)
    reg.institutions.push_back({"H" + county + "P0" + std::to_string(p), "private", county, "", "", 1, false});
  for (int o = 1; o <= 4; ++o) {
    const std::string admdvs = o <= 2 ? county.substr(0, 4) + "02" : "110105";
    reg.institutions.push_back({"H" + admdvs + "X0" + std::to_string(o), "elsewhere", admdvs, "", "", 3, false});
  }
  return reg;
}

// Records as the aggregation sees them once classified: small integers and an amount, one array each.
struct records {
  std::vector<std::uint8_t> fund, person_alliance, month, band;
  std::vector<std::uint16_t> institution;
  std::vector<std::int64_t> hifp_fen;
  std::int64_t sum_by_fund[2] = {0, 0};
  [[nodiscard]] std::size_t bytes() const {
    return fund.size() * 4 + institution.size() * sizeof(std::uint16_t) + hifp_fen.size() * sizeof(std::int64_t);
  }
};

struct in_memory {
  medbudget::registry reg = sample_registry();
  medbudget::claims_layout layout{reg, county, medbudget::preset("harbin").age_bands()};
  records r;
};

// Mixes like the generator's: 85% local insured (2% of them in no alliance, the rest 60/40), 30% on
// the employee fund; a local insured is treated 70% in the own alliance, 8% in the other, 8% at a
// county non-member, 14% out of the county; a non-local one at any alliance member. Ages 0–100,
// months uniform, 2% of the amounts negative (reversals).
const in_memory& the_records() {
  static const in_memory m = [] {
    in_memory v;
    records& r = v.r;
    const std::size_t n = record_count;
    r.fund.resize(n);
    r.person_alliance.resize(n);
    r.month.resize(n);
    r.band.resize(n);
    r.institution.resize(n);
    r.hifp_fen.resize(n);
    const auto& bands = v.layout.bands();
    splitmix64 rng{seed};
    for (std::size_t i = 0; i < n; ++i) {
      const bool local = !rng.percent(1500);
      const std::uint32_t own = rng.percent(6000) ? 0 : 1;
      const std::uint32_t pa = !local ? v.layout.nonlocal() : rng.percent(200) ? v.layout.no_alliance() : own;
      std::uint32_t inst = 0;
      if (local) {
        const std::uint64_t x = rng.below(100);
        std::uint32_t want = pa < 2 ? pa : static_cast<std::uint32_t>(rng.below(2));
        if (x >= 70 && x < 78) want = 1 - want;
        inst = x < 78 ? want * 9 + static_cast<std::uint32_t>(rng.below(9))
               : x < 86 ? 18 + static_cast<std::uint32_t>(rng.below(3))
                        : 21 + static_cast<std::uint32_t>(rng.below(4));
      } else {
        inst = static_cast<std::uint32_t>(rng.below(18));
      }
      const int age = static_cast<int>(rng.below(101));
      std::uint32_t b = 0;
      while (b + 1 < bands.size() && !bands[b].contains(age)) ++b;
      const bool inpatient = rng.percent(2000);
      const std::int64_t fee = inpatient ? 200000 + static_cast<std::int64_t>(rng.below(3800000))
                                         : 2000 + static_cast<std::int64_t>(rng.below(78000));
      std::int64_t hifp = fee * (40 + static_cast<std::int64_t>(rng.below(41))) / 100;
      if (rng.percent(200)) hifp = -hifp;
      r.fund[i] = static_cast<std::uint8_t>(rng.percent(3000) ? 0 : 1);
      r.person_alliance[i] = static_cast<std::uint8_t>(pa);
      r.institution[i] = static_cast<std::uint16_t>(inst);
      r.month[i] = static_cast<std::uint8_t>(rng.below(12));
      r.band[i] = static_cast<std::uint8_t>(b);
      r.hifp_fen[i] = hifp;
      r.sum_by_fund[r.fund[i]] += hifp;
    }
    std::fprintf(stderr, "claims_bench: %zu records in memory, %zu bytes (%.1f a record), %u cells of %zu bytes\n", n,
                 r.bytes(), static_cast<double>(r.bytes()) / static_cast<double>(n), v.layout.cell_count(),
                 sizeof(std::int64_t));
    return v;
  }();
  return m;
}

// The library's aggregation over every record held in memory (the same sums as
// totals.add(layout.cell(...), fen) record by record).
void aggregate(const in_memory& m, medbudget::claims_totals& totals) {
  const medbudget::claims_layout& layout = m.layout;
  const records& r = m.r;
  totals.add_records(layout, r.fund.data(), r.person_alliance.data(), r.institution.data(), r.month.data(), r.band.data(),
                     r.hifp_fen.data(), r.hifp_fen.size());
}

void BM_aggregate_in_memory(benchmark::State& state) {
  const in_memory& m = the_records();
  const medbudget::claims_layout& layout = m.layout;
  const records& r = m.r;
  const std::size_t n = r.hifp_fen.size();
  std::int64_t wrong = 0;
  for (auto _ : state) {
    medbudget::claims_totals totals(layout);
    aggregate(m, totals);
    benchmark::DoNotOptimize(totals.sums().data());
    benchmark::ClobberMemory();
    state.PauseTiming();
    // Independent check: each fund's cells sum to that fund's amounts.
    for (std::uint32_t f = 0; f < medbudget::claims_layout::funds; ++f) {
      std::int64_t s = 0;
      for (std::uint32_t pa = 0; pa <= layout.nonlocal(); ++pa)
        for (std::uint32_t i = 0; i < layout.institution_count(); ++i)
          for (std::uint32_t mo = 0; mo < medbudget::claims_layout::months; ++mo)
            for (std::uint32_t b = 0; b < layout.bands().size(); ++b) s += totals.sums()[layout.cell(f, pa, i, mo, b)];
      wrong += s != r.sum_by_fund[f];
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(r.bytes()));
  state.counters["wrong"] = benchmark::Counter(static_cast<double>(wrong));
}

// Σ of an array's bytes read as 64-bit words (the tail, under 8 bytes, as bytes).
template <class T>
std::uint64_t sum_words(const std::vector<T>& v) {
  const auto* p = reinterpret_cast<const unsigned char*>(v.data());
  const std::size_t bytes = v.size() * sizeof(T);
  const std::size_t words = bytes / 8;
  std::uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  std::size_t w = 0;
  for (; w + 4 <= words; w += 4) {
    std::uint64_t x[4];
    std::memcpy(x, p + w * 8, sizeof x);
    s0 += x[0];
    s1 += x[1];
    s2 += x[2];
    s3 += x[3];
  }
  for (; w < words; ++w) {
    std::uint64_t x;
    std::memcpy(&x, p + w * 8, 8);
    s0 += x;
  }
  for (std::size_t b = words * 8; b < bytes; ++b) s1 += p[b];
  return s0 + s1 + s2 + s3;
}

// The timed loop is the sum alone. Between its passes (timing paused) one aggregation pass over the
// same arrays is timed with the same clock, so `aggregation_over_roofline` is a paired ratio: both
// passes ran the same number of times under the same conditions.
void BM_roofline_sum(benchmark::State& state) {
  const in_memory& m = the_records();
  const records& r = m.r;
  const std::size_t n = r.hifp_fen.size();
  double roofline_s = 0, aggregation_s = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    std::uint64_t s = sum_words(r.fund) + sum_words(r.person_alliance) + sum_words(r.institution) +
                      sum_words(r.month) + sum_words(r.band) + sum_words(r.hifp_fen);
    benchmark::DoNotOptimize(s);
    const auto t1 = std::chrono::steady_clock::now();
    roofline_s += std::chrono::duration<double>(t1 - t0).count();
    state.PauseTiming();
    const auto t2 = std::chrono::steady_clock::now();
    medbudget::claims_totals totals(m.layout);
    aggregate(m, totals);
    benchmark::DoNotOptimize(totals.sums().data());
    benchmark::ClobberMemory();
    aggregation_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t2).count();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(r.bytes()));
  state.counters["aggregation_over_roofline"] = benchmark::Counter(aggregation_s / roofline_s);
}

// ---- end to end from a CSV file -----------------------------------------------------------------

constexpr std::int64_t file_records = 1'000'000;

struct sample_files {
  std::filesystem::path dir;
  medbudget::sample_written written;
  std::string reference;  // the first pass's result (threads:1 runs first), for `wrong`
  sample_files() {
    dir = std::filesystem::temp_directory_path() / ("medbudget_claims_bench_" + std::to_string(::getpid()));
    medbudget::sample_spec spec;
    spec.county = county;
    spec.insured = 100'000;
    spec.records = file_records;
    spec.seed = 42;
    spec.year = 2024;
    spec.out_dir = dir.string();
    written = medbudget::generate_sample(spec);
    std::fprintf(stderr, "claims_bench: %s/claims.csv: %lld rows, %lld bytes\n", spec.out_dir.c_str(),
                 static_cast<long long>(written.rows), static_cast<long long>(written.bytes));
  }
  ~sample_files() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  sample_files(const sample_files&) = delete;
  sample_files& operator=(const sample_files&) = delete;
};

// A digest of a result good enough to tell two results apart: every amount and counter as text.
std::string digest(const medbudget::claims_result& r) {
  std::string s = std::to_string(r.records.read) + ' ' + std::to_string(r.records.counted) + ' ' +
                  std::to_string(r.records.reversals);
  for (const auto& f : r.funds)
    for (const auto& a : f.alliances) {
      s += ' ' + a.id + ' ' + a.in_alliance_local.str() + ' ' + a.out_of_alliance_local.str() + ' ' +
           a.in_alliance_nonlocal.str() + ' ' + a.in_alliance_cross.str() + ' ' + std::to_string(a.persons);
      for (const auto& v : a.monthly_in_alliance_local) s += ' ' + v.str();
      for (const auto& [k, v] : a.by_band) s += ' ' + k + '=' + v.str();
    }
  return s;
}

class csv_file : public benchmark::Fixture {
 public:
  static sample_files& files() {
    static sample_files f;
    return f;
  }
  void SetUp(const benchmark::State&) override { (void)files(); }
};

BENCHMARK_DEFINE_F(csv_file, BM_aggregate_csv_end_to_end)(benchmark::State& state) {
  sample_files& f = files();
  const std::string dir = f.dir.string();
  medbudget::claims_options opt;
  opt.county = county;
  opt.year = 2024;
  opt.bands = medbudget::preset("harbin").age_bands();
  opt.threads = static_cast<unsigned>(state.range(0));
  std::int64_t rows = 0, wrong = 0;
  for (auto _ : state) {
    const medbudget::registry reg = medbudget::read_registry(dir + "/registry.csv");
    const medbudget::attribution attr = medbudget::read_attribution(dir + "/attribution.csv", reg);
    const medbudget::claims_result r = medbudget::aggregate_claims(dir + "/claims.csv", reg, &attr, opt);
    rows = r.records.read;
    state.PauseTiming();
    const std::string d = digest(r);
    if (f.reference.empty()) f.reference = d;
    wrong += d != f.reference;
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * rows);
  state.SetBytesProcessed(state.iterations() * f.written.bytes);
  state.counters["per_core"] = benchmark::Counter(static_cast<double>(state.iterations() * rows) /
                                                      static_cast<double>(state.range(0)),
                                                  benchmark::Counter::kIsRate);
  state.counters["wrong"] = benchmark::Counter(static_cast<double>(wrong));
}

}  // namespace

BENCHMARK(BM_aggregate_in_memory)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_roofline_sum)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_REGISTER_F(csv_file, BM_aggregate_csv_end_to_end)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
