// Scenario settlements: drawing one scenario's I and O and settling it with settle_ledger.
// Goal (issue: what-if and risk): at least 5 million scenario settlements per second per core.
// Command and results: docs/benchmarks.md, section "Scenario settlements".
#include <benchmark/benchmark.h>

#include "medbudget/io/json.hpp"
#include "medbudget/simulate.hpp"

namespace {

// The Harbin case observed to June (tests/data/simulate), I random (g 0.10, σ 0.10), O random
// (g 0.05, σ 0.15, ρ 0.5): every scenario draws two normals and two lognormal factors.
medbudget::scenario_drawer drawer() {
  const std::string path = MEDBUDGET_SOURCE_DIR "/tests/data/simulate/harbin-june.case.json";
  const medbudget::loaded_case lc = medbudget::load_case(medbudget::read_file(path), path, MEDBUDGET_SOURCE_DIR "/tests/data/simulate");
  medbudget::simulation_model m;
  m.defaults.in_alliance = {medbudget::rate::parse("0.10"), medbudget::rate::parse("0.10"), {}};
  m.defaults.out_of_alliance = {medbudget::rate::parse("0.05"), medbudget::rate::parse("0.15"), {}};
  m.defaults.correlation = medbudget::rate::parse("0.5");
  return medbudget::make_drawer(lc.value, 0, 0, m, 42);
}

void BM_draw_and_settle(benchmark::State& state) {
  const medbudget::scenario_drawer d = drawer();
  medbudget::alliance_terms t = d.terms;
  std::uint64_t i = 0;
  for (auto _ : state) {
    const medbudget::ledger_figures y = d.settle(i++, t);
    benchmark::DoNotOptimize(y.year_end_payment);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_draw_and_settle);

void BM_draw_only(benchmark::State& state) {
  const medbudget::scenario_drawer d = drawer();
  std::uint64_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(d.draw(i++));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_draw_only);

void BM_settle_only(benchmark::State& state) {
  const medbudget::scenario_drawer d = drawer();
  medbudget::alliance_terms t = d.terms;
  std::uint64_t i = 0;
  for (auto _ : state) {
    t.in_alliance = medbudget::fen::from_fen(9'000'000'000 + static_cast<std::int64_t>(i++ % 4'000'000) * 1000);
    const medbudget::ledger_figures y = medbudget::settle_ledger(t);
    benchmark::DoNotOptimize(y.year_end_payment);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_settle_only);

}  // namespace

BENCHMARK_MAIN();
