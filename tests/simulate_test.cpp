// medbudget simulate: the spend model, scenarios settled by the ledger, quantiles, probabilities
// against closed forms, determinism (seed, threads), the grid, the model file's errors, the SVG writer.
//
// The case throughout is tests/data/simulate/harbin-june.case.json: the Harbin example (B' of YL01
// 137,792,253.15 and its advance 11,431,217.03 are the spec example's, examples/cases/
// harbin-surplus.expected.json) observed to June: I 8,000,000.00 and O 3,000,000.00 a month, so
// 48,000,000.00 and 18,000,000.00 observed, and a flat baseline of the same again for July–December.
// Harbin's corridor: surplus up to 15% × B' = 20,668,837.97 retained; overspend up to 15% × B' shared
// by the fund at the case's ratio 0.5, capped at 6% × B' = 8,267,535.19; beyond, the alliance's.
#include <gtest/gtest.h>

#include <cmath>       // erfc, log, sqrt
#include <filesystem>  // directory_iterator

#include "medbudget/io/json.hpp"
#include "medbudget/io/simulate.hpp"
#include "medbudget/settle.hpp"
#include "svg.hpp"

namespace {

using medbudget::fen;
using medbudget::rate;

const std::string data_dir = MEDBUDGET_SOURCE_DIR "/tests/data/simulate";

medbudget::case_input june_case() {
  const std::string path = data_dir + "/harbin-june.case.json";
  return medbudget::load_case(medbudget::read_file(path), path, data_dir).value;
}

fen y(const char* yuan) { return fen::parse(yuan); }

medbudget::simulation_model model(const char* gi, const char* si, const char* go, const char* so,
                                  const char* rho = "0") {
  medbudget::simulation_model m;
  m.defaults.in_alliance = {rate::parse(gi), rate::parse(si), {}};
  m.defaults.out_of_alliance = {rate::parse(go), rate::parse(so), {}};
  m.defaults.correlation = rate::parse(rho);
  return m;
}

medbudget::simulation_options opts(std::uint64_t n, std::uint64_t seed, unsigned threads = 1) {
  medbudget::simulation_options o;
  o.scenarios = n;
  o.seed = seed;
  o.threads = threads;
  return o;
}

void expect_all(const medbudget::quantiles& q, fen v) {
  EXPECT_EQ(q.p5, v);
  EXPECT_EQ(q.p25, v);
  EXPECT_EQ(q.p50, v);
  EXPECT_EQ(q.p75, v);
  EXPECT_EQ(q.p95, v);
  EXPECT_EQ(q.mean, v);
}

// Φ, the standard normal distribution function.
double phi(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// ---- zero spread: every scenario is the projected year, and equals `settle` on it ---------------

TEST(Simulate, ZeroSpreadEveryScenarioIsTheProjectedYearAndEqualsSettle) {
  // g_I 5%, g_O 10%, no spread: I = 48,000,000.00 + 48,000,000.00 × 1.05 = 98,400,000.00;
  // O = 18,000,000.00 + 18,000,000.00 × 1.10 = 37,800,000.00.
  // S = 137,792,253.15 − 37,800,000.00 − 98,400,000.00 = 1,592,253.15 (surplus within 15%: all kept).
  // Entitlement = B' − O − returned 0 = 99,992,253.15; paid = I + advance = 109,831,217.03;
  // payment = 99,992,253.15 − 109,831,217.03 = −9,838,963.88; fund outflow = O + entitlement = B'.
  const medbudget::case_input c = june_case();
  const auto r = medbudget::simulate(c, model("0.05", "0", "0.10", "0"), opts(257, 3, 2));
  ASSERT_EQ(r.funds.size(), 1u);
  const auto& a = r.funds[0].alliances[0];
  EXPECT_EQ(a.observed_months, 6);
  EXPECT_EQ(a.observed_in, y("48000000.00"));
  EXPECT_EQ(a.observed_out, y("18000000.00"));
  EXPECT_EQ(a.baseline_in, y("48000000.00"));
  EXPECT_EQ(a.projected_in, y("98400000.00"));
  EXPECT_EQ(a.projected_out, y("37800000.00"));
  expect_all(a.balance, y("1592253.15"));
  expect_all(a.year_end_payment, y("-9838963.88"));
  expect_all(a.fund_overspend_share, fen{});
  expect_all(a.alliance_overspend_burden, fen{});
  expect_all(a.fund_outflow, y("137792253.15"));
  expect_all(r.funds[0].fund_outflow, y("137792253.15"));
  EXPECT_EQ(a.overspend.count, 0u);
  EXPECT_EQ(a.negative_payment.count, 257u);
  EXPECT_EQ(a.negative_payment.of, 257u);

  // `settle` on the projected actuals: July–December at 8,400,000.00 and 3,300,000.00 a month.
  medbudget::case_input full = c;
  auto& act = *full.funds[0].alliances[0].actuals;
  for (int m = 0; m < 6; ++m) {
    act.monthly->in_alliance_local.push_back(y("8400000.00"));
    act.monthly->out_of_alliance_local.push_back(y("3300000.00"));
  }
  act.in_alliance_local = y("98400000.00");
  act.out_of_alliance_local = y("37800000.00");
  const medbudget::statement s = medbudget::settle_year(full);
  const auto& sa = s.funds[0].alliances[0];
  EXPECT_EQ(sa.balance, a.balance.p50);
  EXPECT_EQ(sa.year_end_payment, a.year_end_payment.p50);
  EXPECT_EQ(sa.fund_overspend_share, a.fund_overspend_share.p50);
  EXPECT_EQ(sa.alliance_overspend_burden, a.alliance_overspend_burden.p50);
  EXPECT_EQ(y("37800000.00") + sa.entitlement, a.fund_outflow.p50);
}

TEST(Simulate, ZeroSpreadOverspendSharedByTheFundAtTheCasesRatio) {
  // g_I 20%, g_O 0: I = 48,000,000.00 + 57,600,000.00 = 105,600,000.00; O = 36,000,000.00.
  // S = 137,792,253.15 − 141,600,000.00 = −3,807,746.85: overspend D within 15% of B'.
  // Fund share = round(0.5 × 3,807,746.85) = round(1,903,873.425) = 1,903,873.43 (half away; below
  // the cap 8,267,535.19); burden = 1,903,873.42. Entitlement = B' − O + share = 103,696,126.58;
  // paid = 105,600,000.00 + 11,431,217.03 = 117,031,217.03; payment = −13,335,090.45.
  // Fund outflow = O + entitlement = B' + share = 139,696,126.58.
  const auto r = medbudget::simulate(june_case(), model("0.2", "0", "0", "0"), opts(10, 1));
  const auto& a = r.funds[0].alliances[0];
  expect_all(a.balance, y("-3807746.85"));
  expect_all(a.fund_overspend_share, y("1903873.43"));
  expect_all(a.alliance_overspend_burden, y("1903873.42"));
  expect_all(a.year_end_payment, y("-13335090.45"));
  expect_all(a.fund_outflow, y("139696126.58"));
  EXPECT_EQ(a.overspend.count, 10u);
  EXPECT_EQ(a.overspend_beyond_band.count, 0u);
}

// ---- the baseline of the remaining months --------------------------------------------------------

TEST(Simulate, SeasonalAndFlatBaselinesRoundOnce) {
  medbudget::case_input c = june_case();
  // Seasonal I: weights 1 for January–June, 2 for July–December: 48,000,000.00 × 12 / 6 = 96,000,000.00.
  // Seasonal O: weights 1 × 6 observed, then 1,0,0,0,0,0: 18,000,000.00 × 1 / 6 = 3,000,000.00.
  medbudget::simulation_model m = model("0", "0", "0", "0");
  std::array<rate, 12> wi{}, wo{};
  for (std::size_t k = 0; k < 12; ++k) {
    wi[k] = rate::from_integer(k < 6 ? 1 : 2);
    wo[k] = rate::from_integer(k <= 6 ? 1 : 0);
  }
  m.defaults.in_alliance.seasonality = wi;
  m.defaults.out_of_alliance.seasonality = wo;
  auto a = medbudget::simulate(c, m, opts(4, 1)).funds[0].alliances[0];
  EXPECT_EQ(a.baseline_in, y("96000000.00"));
  EXPECT_EQ(a.baseline_out, y("3000000.00"));
  EXPECT_EQ(a.projected_in, y("144000000.00"));
  // Observed to May only (observed_months 5): I 40,000,000.00, flat baseline × 7/5 = 56,000,000.00;
  // O: 15,000,000.00 with weights 0.3 × 5 observed, then 0.1 × 7: 15,000,000.00 × 0.7 / 1.5
  // = 7,000,000.00. O on 3 observed months of 0.07 weights and the rest 0.01: 9,000,000.00 × 0.09 / 0.21
  // = 3,857,142.857142… → 3,857,142.86 (rounded once, half away from zero).
  m.observed_months = 5;
  m.defaults.in_alliance.seasonality.reset();
  for (std::size_t k = 0; k < 12; ++k) wo[k] = rate::parse(k < 5 ? "0.3" : "0.1");
  m.defaults.out_of_alliance.seasonality = wo;
  a = medbudget::simulate(c, m, opts(4, 1)).funds[0].alliances[0];
  EXPECT_EQ(a.observed_in, y("40000000.00"));
  EXPECT_EQ(a.baseline_in, y("56000000.00"));
  EXPECT_EQ(a.baseline_out, y("7000000.00"));
  m.observed_months = 3;
  for (std::size_t k = 0; k < 12; ++k) wo[k] = rate::parse(k < 3 ? "0.07" : "0.01");
  m.defaults.out_of_alliance.seasonality = wo;
  a = medbudget::simulate(c, m, opts(4, 1)).funds[0].alliances[0];
  EXPECT_EQ(a.baseline_out, y("3857142.86"));
}

TEST(Simulate, GrowthFactorIsQuantisedOnceAndExact) {
  // u = 1 (no spread) gives 1 + g exactly; u = 0.5 gives 1.05 × 0.5 = 0.525.
  EXPECT_EQ(medbudget::growth_factor(rate::parse("1.05"), 1.0), rate::parse("1.05"));
  EXPECT_EQ(medbudget::growth_factor(rate::parse("1.05"), 0.5), rate::parse("0.525"));
  // 1.0000004 → 1000000.4 millionths → 1000000; 1.0000006 → 1000001.
  EXPECT_EQ(medbudget::growth_factor(rate::parse("1"), 1.0000004), rate::parse("1"));
  EXPECT_EQ(medbudget::growth_factor(rate::parse("1"), 1.0000006), rate::parse("1.000001"));
}

// ---- quantiles -----------------------------------------------------------------------------------

TEST(Simulate, NearestRankQuantilesByHand) {
  // 20 values 10, 20, …, 200 fen: P5 is the ⌈1⌉st = 10, P25 the 5th = 50, P50 the 10th = 100, P75 the
  // 15th = 150, P95 the 19th = 190.
  std::vector<fen> v;
  for (int i = 1; i <= 20; ++i) v.push_back(fen::from_fen(10 * i));
  EXPECT_EQ(medbudget::nearest_rank(v, 5), fen::from_fen(10));
  EXPECT_EQ(medbudget::nearest_rank(v, 25), fen::from_fen(50));
  EXPECT_EQ(medbudget::nearest_rank(v, 50), fen::from_fen(100));
  EXPECT_EQ(medbudget::nearest_rank(v, 75), fen::from_fen(150));
  EXPECT_EQ(medbudget::nearest_rank(v, 95), fen::from_fen(190));
  // 3 values: P5 ⌈0.15⌉ = 1st, P50 ⌈1.5⌉ = 2nd, P95 ⌈2.85⌉ = 3rd.
  const std::vector<fen> w{fen::from_fen(-5), fen::from_fen(0), fen::from_fen(7)};
  EXPECT_EQ(medbudget::nearest_rank(w, 5), fen::from_fen(-5));
  EXPECT_EQ(medbudget::nearest_rank(w, 50), fen::from_fen(0));
  EXPECT_EQ(medbudget::nearest_rank(w, 95), fen::from_fen(7));
}

TEST(Simulate, OneScenarioIsEveryQuantile) {
  const auto a = medbudget::simulate(june_case(), model("0.1", "0.1", "0", "0"), opts(1, 9)).funds[0].alliances[0];
  EXPECT_EQ(a.balance.p5, a.balance.p95);
  EXPECT_EQ(a.balance.p5, a.balance.mean);
  // The one scenario is a ledger: payment = balance − advance on the surplus side within the band,
  // = balance + share − advance on the overspend side.
  EXPECT_EQ(a.year_end_payment.p50, a.balance.p50 + a.fund_overspend_share.p50 - y("11431217.03"));
}

// ---- probabilities and quantiles against closed forms ---------------------------------------------

TEST(Simulate, ProbabilitiesAndQuantilesConvergeToClosedForms) {
  // Only I's remainder is random: I = 48,000,000.00 + 48,000,000.00 × G, ln G ~ N(μ, σ²) with σ = 0.1
  // and E[G] = 1.1: μ = ln 1.1 − σ²/2 = 0.0953102 − 0.005 = 0.0903102. O = 36,000,000.00.
  // S = 137,792,253.15 − 84,000,000.00 − 48,000,000.00 G = 53,792,253.15 − 48,000,000.00 G.
  // • Overspend: G > 53,792,253.15 / 48,000,000 = 1.1206719; z = (ln 1.1206719 − μ)/σ = 0.23618;
  //   P = 1 − Φ(0.23618) = 0.40665.
  // • Beyond the first band: |S| > 20,668,837.97: G > 74,461,091.12 / 48,000,000 = 1.5512727;
  //   z = 3.48766; P = 0.000244.
  // • Negative payment: surplus S < advance 11,431,217.03 (within the band payment = S − advance;
  //   beyond it payment = 20,668,837.97 − advance > 0), or any overspend: G > 42,361,036.12 / 48,000,000
  //   = 0.8825216; z = −2.15282; P = Φ(2.15282) = 0.98433.
  // • Quantiles of S: P_p(S) = 53,792,253.15 − 48,000,000 · exp(μ + σ z_{1−p}); P50: G = e^μ = 1.0945137,
  //   S = 1,255,594.25; P5 of S is at G's P95 = e^{μ + 1.6448536σ} = 1.2901978: S = −8,137,241.24;
  //   P95 of S at G's P5 = 0.9285090: S = 9,223,820.04. Mean S = 53,792,253.15 − 52,800,000 = 992,253.15.
  // Tolerances, N = 200,000: a probability p has standard error √(p(1−p)/N) (0.0011 at 0.41, 0.00028
  // at 0.98, 0.000035 at 0.00024); allowed 0.005, 0.0015, 0.0002. A quantile of G has standard error
  // √(p(1−p)/N)/density ≤ 0.0005; allowed 0.002 in G, i.e. 96,000.00 yuan of S. The mean of S has
  // standard error 48,000,000 × 0.11 / √N = 11,800 yuan; allowed 60,000.00.
  const std::uint64_t n = 200'000;
  const auto a = medbudget::simulate(june_case(), model("0.1", "0.1", "0", "0"), opts(n, 2024, 2)).funds[0].alliances[0];
  const double mu = std::log(1.1) - 0.005, sigma = 0.1;
  auto p_above = [&](double g) { return 1.0 - phi((std::log(g) - mu) / sigma); };
  auto share = [&](const medbudget::probability& p) { return static_cast<double>(p.count) / static_cast<double>(p.of); };
  EXPECT_NEAR(p_above(53792253.15 / 48e6), 0.40665, 0.00001);  // the hand figures above
  EXPECT_NEAR(share(a.overspend), p_above(53792253.15 / 48e6), 0.005);
  EXPECT_NEAR(share(a.overspend_beyond_band), p_above(74461091.12 / 48e6), 0.0002);
  EXPECT_NEAR(share(a.negative_payment), p_above(42361036.12 / 48e6), 0.0015);
  auto s_at = [&](double z) { return 53792253.15 - 48e6 * std::exp(mu + sigma * z); };
  auto yuan = [](fen f) { return static_cast<double>(f.value()) / 100.0; };  // a comparison, not money
  EXPECT_NEAR(yuan(a.balance.p50), s_at(0.0), 96000.0);
  EXPECT_NEAR(yuan(a.balance.p5), s_at(1.6448536), 96000.0);
  EXPECT_NEAR(yuan(a.balance.p95), s_at(-1.6448536), 96000.0);
  EXPECT_NEAR(yuan(a.balance.mean), 992253.15, 60000.0);
  EXPECT_NEAR(s_at(0.0), 1255594.25, 0.01);
}

TEST(Simulate, CorrelationOfTheLogFactorsIsRho) {
  // Equal baselines would hide nothing: here ln G_I and ln G_O are recovered from each scenario's I and O
  // (I − 48M = 48M × G_I up to a fen) and their sample correlation must be ρ = 0.5 within 0.01
  // (standard error (1 − ρ²)/√N = 0.0024 for N = 100,000).
  const medbudget::scenario_drawer d =
      medbudget::make_drawer(june_case(), 0, 0, model("0", "0.2", "0", "0.3", "0.5"), 77);
  const int n = 100'000;
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (int i = 0; i < n; ++i) {
    const auto [in, out] = d.draw(static_cast<std::uint64_t>(i));
    const double x = std::log(static_cast<double>((in - y("48000000.00")).value()) / 4.8e9);
    const double z = std::log(static_cast<double>((out - y("18000000.00")).value()) / 1.8e9);
    sx += x, sy += z, sxx += x * x, syy += z * z, sxy += x * z;
  }
  const double cov = sxy / n - (sx / n) * (sy / n);
  const double r = cov / std::sqrt((sxx / n - (sx / n) * (sx / n)) * (syy / n - (sy / n) * (sy / n)));
  EXPECT_NEAR(r, 0.5, 0.01);
  EXPECT_NEAR(std::sqrt(sxx / n - (sx / n) * (sx / n)), 0.2, 0.003);  // σ_I
  EXPECT_NEAR(std::sqrt(syy / n - (sy / n) * (sy / n)), 0.3, 0.004);  // σ_O
}

// ---- determinism ---------------------------------------------------------------------------------

medbudget::simulation_options grid_opts(std::uint64_t seed, unsigned threads) {
  medbudget::simulation_options o = opts(20'000, seed, threads);
  o.grid = {{"overspend_share_ratio", {"0.5", "0.7"}}, {"surplus_cap_rate", {"0.10", "0.15"}}};
  return o;
}

TEST(Simulate, SameSeedSameBytesWhateverTheThreadCount) {
  const medbudget::case_input c = june_case();
  const auto m = model("0.1", "0.1", "0.05", "0.15", "0.3");
  const std::string one = medbudget::render(medbudget::simulate(c, m, grid_opts(5, 1)), medbudget::output_format::json);
  const std::string again = medbudget::render(medbudget::simulate(c, m, grid_opts(5, 1)), medbudget::output_format::json);
  const std::string two = medbudget::render(medbudget::simulate(c, m, grid_opts(5, 2)), medbudget::output_format::json);
  const std::string three = medbudget::render(medbudget::simulate(c, m, grid_opts(5, 3)), medbudget::output_format::json);
  const std::string other = medbudget::render(medbudget::simulate(c, m, grid_opts(6, 2)), medbudget::output_format::json);
  EXPECT_EQ(one, again);
  EXPECT_EQ(one, two);
  EXPECT_EQ(one, three);
  EXPECT_NE(one, other);
}

TEST(Simulate, RandomWordsAreCounterBased) {
  // Scenario i's words depend on (seed, stream, i, k) only; different coordinates give different words.
  EXPECT_EQ(medbudget::random_word(1, 2, 3, 0), medbudget::random_word(1, 2, 3, 0));
  EXPECT_NE(medbudget::random_word(1, 2, 3, 0), medbudget::random_word(1, 2, 3, 1));
  EXPECT_NE(medbudget::random_word(1, 2, 3, 0), medbudget::random_word(1, 2, 4, 0));
  EXPECT_NE(medbudget::random_word(1, 2, 3, 0), medbudget::random_word(1, 3, 3, 0));
  EXPECT_NE(medbudget::random_word(1, 2, 3, 0), medbudget::random_word(2, 2, 3, 0));
}

// ---- the grid ------------------------------------------------------------------------------------

TEST(Simulate, GridCellsByHand) {
  // Zero spread, the overspend of ZeroSpreadOverspend…: D = 3,807,746.85, fund outflow = B' + share.
  // ratio 0.5: share 1,903,873.43 → 139,696,126.58; ratio 0.7: round(2,665,422.795) = 2,665,422.80
  // → 140,457,675.95. overspend_band_rate 0.01: limit round(0.01 × B') = 1,377,922.53; ratio 0.5:
  // round(688,961.265) = 688,961.27 → 138,481,214.42; ratio 0.7: round(964,545.771) = 964,545.77
  // → 138,756,798.92. The last axis varies fastest.
  medbudget::simulation_options o = opts(8, 1, 2);
  o.grid = {{"overspend_share_ratio", {"0.5", "0.7"}}, {"overspend_band_rate", {"0.15", "0.01"}}};
  const auto r = medbudget::simulate(june_case(), model("0.2", "0", "0", "0"), o);
  ASSERT_EQ(r.grid.size(), 4u);
  EXPECT_EQ(r.grid_parameters, (std::vector<std::string>{"overspend_share_ratio", "overspend_band_rate"}));
  EXPECT_EQ(r.grid[1].values, (std::vector<std::string>{"0.5", "0.01"}));
  const char* expected[] = {"139696126.58", "138481214.42", "140457675.95", "138756798.92"};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(r.grid[i].funds[0].total.mean, y(expected[i])) << i;
    EXPECT_EQ(r.grid[i].funds[0].total.p95, y(expected[i])) << i;
    EXPECT_EQ(r.grid[i].funds[0].alliances[0].mean, y(expected[i])) << i;
  }
  // The case itself is untouched by the grid: ratio 0.5, band 15%.
  expect_all(r.funds[0].alliances[0].fund_outflow, y("139696126.58"));
}

TEST(Simulate, GridErrorsNameTheAxis) {
  const medbudget::case_input c = june_case();
  const auto m = model("0", "0", "0", "0");
  auto where = [&](std::vector<medbudget::grid_axis> g) {
    medbudget::simulation_options o = opts(2, 1);
    o.grid = std::move(g);
    try {
      (void)medbudget::simulate(c, m, o);
    } catch (const medbudget::input_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(where({{"retention", {"0.5"}}}).find("--grid retention: not a parameter of policy harbin"), std::string::npos);
  EXPECT_NE(where({{"history_weights", {"0.5"}}}).find("--grid history_weights: a list of rates parameter cannot be a grid axis"), std::string::npos)
      << where({{"history_weights", {"0.5"}}});
  EXPECT_NE(where({{"surplus_cap_rate", {"abc"}}}).find("--grid surplus_cap_rate: \"abc\""), std::string::npos);
  EXPECT_NE(where({{"overspend_share_ratio", {"1.5"}}}).find("expected a rate from 0 to 1"), std::string::npos);
  EXPECT_NE(where({{"surplus_cap_rate", {"-0.1"}}}).find("--grid surplus_cap_rate"), std::string::npos)
      << where({{"surplus_cap_rate", {"-0.1"}}});
  EXPECT_NE(where({{"advance_months", {"1.5"}}}).find("expected a whole number"), std::string::npos);
  EXPECT_NE(where({{"surplus_cap_rate", {"0.1"}}, {"surplus_cap_rate", {"0.2"}}}).find("given twice"), std::string::npos);
  EXPECT_NE(where({{"surplus_cap_rate", {}}}).find("no values"), std::string::npos);
}

// ---- case and model errors -----------------------------------------------------------------------

std::string simulate_error(const medbudget::case_input& c, const medbudget::simulation_model& m) {
  try {
    (void)medbudget::simulate(c, m, opts(2, 1));
  } catch (const medbudget::input_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Simulate, CaseErrorsNameTheField) {
  const std::string settled = MEDBUDGET_SOURCE_DIR "/examples/cases/harbin-surplus.case.json";
  const auto full = medbudget::load_case(medbudget::read_file(settled), settled, ".").value;
  EXPECT_EQ(simulate_error(full, model("0", "0", "0", "0")).find("funds[0].alliances[0].actuals.monthly: missing"), 0u);
  medbudget::simulation_model m = model("0", "0", "0", "0");
  m.observed_months = 7;
  EXPECT_EQ(simulate_error(june_case(), m), "funds[0].alliances[0].actuals.monthly: the model observes 7 months, the case gives 6");
  m.observed_months.reset();
  m.alliances.push_back({"390", "NOPE", m.defaults, "alliances[0]"});
  EXPECT_EQ(simulate_error(june_case(), m), "alliances[0].id: the case has no alliance \"NOPE\" in fund 390");
  m.alliances.clear();
  std::array<rate, 12> w{};
  w[11] = rate::from_integer(1);
  m.defaults.in_alliance.seasonality = w;
  EXPECT_EQ(simulate_error(june_case(), m), "in_alliance.seasonality: the weights of the 6 observed months sum to zero");
}

TEST(Simulate, PerAllianceModelReplacesTheDefaults) {
  // The default says g_I 0; the alliance's model says g_I 0.05 (σ 0): projected I 98,400,000.00.
  medbudget::simulation_model m = model("0", "0", "0", "0");
  medbudget::spend_model own = m.defaults;
  own.in_alliance.mean_growth = rate::parse("0.05");
  m.alliances.push_back({"390", "YL01", own, "alliances[0]"});
  const auto a = medbudget::simulate(june_case(), m, opts(2, 1)).funds[0].alliances[0];
  EXPECT_EQ(a.projected_in, y("98400000.00"));
  EXPECT_EQ(a.projected_out, y("36000000.00"));
}

std::string model_error(const std::string& json) {
  try {
    (void)medbudget::load_simulation_model(json, "model.json");
  } catch (const medbudget::input_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(SimulateModel, ReadsEveryFieldAndInheritsTheDefaults) {
  const auto m = medbudget::load_simulation_model(
      R"({"observed_months": 6, "in_alliance": {"mean_growth": "0.05", "spread": 0.12,
          "seasonality": [1,1,1,1,1,1,2,2,2,2,2,"2.5"]},
          "out_of_alliance": {"mean_growth": "-0.02"}, "correlation": "0.4",
          "alliances": [{"insutype": "390", "id": "YL01", "in_alliance": {"spread": "0.2", "seasonality": null}}]})",
      "model.json");
  EXPECT_EQ(m.observed_months, 6);
  EXPECT_EQ(m.defaults.in_alliance.mean_growth, rate::parse("0.05"));
  EXPECT_EQ(m.defaults.in_alliance.spread, rate::parse("0.12"));
  EXPECT_EQ((*m.defaults.in_alliance.seasonality)[11], rate::parse("2.5"));
  EXPECT_EQ(m.defaults.out_of_alliance.mean_growth, rate::parse("-0.02"));
  EXPECT_EQ(m.defaults.out_of_alliance.spread, rate::parse("0.1"));  // the default spread
  EXPECT_EQ(m.defaults.correlation, rate::parse("0.4"));
  ASSERT_EQ(m.alliances.size(), 1u);
  EXPECT_EQ(m.alliances[0].model.in_alliance.mean_growth, rate::parse("0.05"));  // inherited
  EXPECT_EQ(m.alliances[0].model.in_alliance.spread, rate::parse("0.2"));
  EXPECT_FALSE(m.alliances[0].model.in_alliance.seasonality.has_value());
  EXPECT_EQ(m.alliances[0].model.correlation, rate::parse("0.4"));
  const auto empty = medbudget::load_simulation_model("{}", "model.json");
  EXPECT_EQ(empty.defaults.in_alliance.mean_growth, rate{});
  EXPECT_EQ(empty.defaults.in_alliance.spread, rate::parse("0.1"));
  EXPECT_FALSE(empty.observed_months.has_value());
}

TEST(SimulateModel, EveryErrorNamesItsPath) {
  const std::pair<const char*, const char*> cases[] = {
      {R"([])", "expected an object"},
      {R"({"spread": "0.1"})", "spread: unknown field"},
      {R"({"observed_months": 0})", "observed_months"},
      {R"({"observed_months": 13})", "observed_months: expected 1 to 12"},
      {R"({"observed_months": "6"})", "observed_months"},
      {R"({"in_alliance": []})", "in_alliance: expected an object"},
      {R"({"in_alliance": {"growth": "0.1"}})", "in_alliance.growth: unknown field"},
      {R"({"in_alliance": {"mean_growth": "-1"}})", "in_alliance.mean_growth: expected a growth rate above -1"},
      {R"({"in_alliance": {"mean_growth": "10.5"}})", "in_alliance.mean_growth: expected a growth rate above -1"},
      {R"({"in_alliance": {"mean_growth": "0.0000001"}})", "in_alliance.mean_growth: at most 6 decimals"},
      {R"({"in_alliance": {"mean_growth": "abc"}})", "in_alliance.mean_growth"},
      {R"({"out_of_alliance": {"spread": "-0.1"}})", "out_of_alliance.spread: expected a spread"},
      {R"({"out_of_alliance": {"spread": "1.5"}})", "out_of_alliance.spread: expected a spread"},
      {R"({"out_of_alliance": {"seasonality": [1,2,3]}})", "out_of_alliance.seasonality: expected 12 monthly weights"},
      {R"({"out_of_alliance": {"seasonality": "flat"}})", "out_of_alliance.seasonality: expected an array"},
      {R"({"out_of_alliance": {"seasonality": [1,1,1,1,1,1,1,1,1,1,1,"-1"]}})", "out_of_alliance.seasonality[11]: must not be negative"},
      {R"({"correlation": "1.01"})", "correlation: expected a correlation from -1 to 1"},
      {R"({"correlation": "-1.5"})", "correlation: expected a correlation from -1 to 1"},
      {R"({"alliances": {}})", "alliances: expected an array"},
      {R"({"alliances": [1]})", "alliances[0]: expected an object"},
      {R"({"alliances": [{"id": "A"}]})", "alliances[0].insutype: missing"},
      {R"({"alliances": [{"insutype": "391", "id": "A"}]})", "alliances[0].insutype: expected \"310\" or \"390\""},
      {R"({"alliances": [{"insutype": "390"}]})", "alliances[0].id: missing"},
      {R"({"alliances": [{"insutype": "390", "id": "A", "colour": 1}]})", "alliances[0].colour: unknown field"},
      {R"({"alliances": [{"insutype": "390", "id": "A", "correlation": "2"}]})", "alliances[0].correlation: expected a correlation"},
      {R"({"alliances": [{"insutype": "390", "id": "A", "out_of_alliance": {"spread": "2"}}]})",
       "alliances[0].out_of_alliance.spread: expected a spread"},
      {R"({"alliances": [{"insutype": "390", "id": "A"}, {"insutype": "390", "id": "A"}]})",
       "alliances[1].id: alliance \"A\" of fund 390 already has a model (alliances[0])"},
      {R"({"correlation": "0.5")", "model.json"},
      {"{\"correlation\": \"\xff\"}", "UTF-8"},
  };
  for (const auto& [json, expected] : cases) EXPECT_NE(model_error(json).find(expected), std::string::npos) << json << " → " << model_error(json);
}

// ---- output and charts ---------------------------------------------------------------------------

TEST(SimulateRender, TextShowsProbabilitiesAsCountsAndPercent) {
  const auto r = medbudget::simulate(june_case(), model("0.05", "0", "0.10", "0"), opts(3, 1));
  const std::string text = medbudget::render(r, medbudget::output_format::text);
  EXPECT_NE(text.find("negative year-end payment 3/3 = 100.00%"), std::string::npos) << text;
  EXPECT_NE(text.find("-9,838,963.88"), std::string::npos);
  const std::string json = medbudget::render(r, medbudget::output_format::json);
  EXPECT_NE(json.find("\"p50\": \"-9838963.88\""), std::string::npos);
  const std::size_t negative = json.find("\"negative_year_end_payment\": {");
  ASSERT_NE(negative, std::string::npos);
  EXPECT_EQ(json.find("\"count\": 3,", negative), json.find("\"count\":", negative)) << json;
}

TEST(SimulateChart, OneHistogramPerAllianceWithEscapedText) {
  medbudget::case_input c = june_case();
  c.funds[0].alliances[0].id = "A/1";
  c.funds[0].alliances[0].name = "<依兰> & co";
  medbudget::simulation_options o = opts(500, 4);
  o.keep_payments = true;
  const auto charts = medbudget::simulation_charts(medbudget::simulate(c, model("0.1", "0.1", "0", "0"), o));
  ASSERT_EQ(charts.size(), 1u);
  EXPECT_EQ(charts[0].first, "390-A_1-year-end-payment.svg");
  EXPECT_EQ(charts[0].second.rfind("<?xml", 0), 0u);
  EXPECT_NE(charts[0].second.find("&lt;依兰&gt; &amp; co"), std::string::npos);
  EXPECT_EQ(charts[0].second.find("<依兰>"), std::string::npos);
  EXPECT_NE(charts[0].second.find("</svg>"), std::string::npos);
}

TEST(SimulateChart, WrittenWholeOrNotAtAll) {
  medbudget::simulation_options o = opts(50, 4);
  o.keep_payments = true;
  const auto r = medbudget::simulate(june_case(), model("0.1", "0.1", "0", "0"), o);
  const std::filesystem::path dir = std::filesystem::path(MEDBUDGET_BINARY_DIR) / "simulate-test-charts";
  std::filesystem::remove_all(dir);
  EXPECT_EQ(medbudget::write_simulation_charts(r, dir.string()), 1u);
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  EXPECT_EQ(names, (std::vector<std::string>{"390-YL01-year-end-payment.svg"}));  // no temporary left
  // A directory that cannot be made (a file is in the way): an input_error naming it, nothing written.
  const std::filesystem::path blocked = dir / "390-YL01-year-end-payment.svg" / "sub";
  EXPECT_THROW((void)medbudget::write_simulation_charts(r, blocked.string()), medbudget::input_error);
}

TEST(SimulateGrid, AxisFromText) {
  const auto a = medbudget::parse_grid_axis("surplus_cap_rate=0.10,0.15");
  EXPECT_EQ(a.parameter, "surplus_cap_rate");
  EXPECT_EQ(a.values, (std::vector<std::string>{"0.10", "0.15"}));
  for (const char* bad : {"surplus_cap_rate", "=0.1", "surplus_cap_rate=", "x=0.1,,0.2", "x=0.1,"})
    EXPECT_THROW((void)medbudget::parse_grid_axis(bad), medbudget::input_error) << bad;
}

TEST(Svg, EscapeAndNiceTicksByHand) {
  EXPECT_EQ(medbudget::svg::escape(R"(a<b>&"c"'d')"), "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
  // Span 100 over 4 intervals: steps 1, 2, 5, 10, 20 are too small (×4 < 100), 50 fits: 0, 50, 100.
  EXPECT_EQ(medbudget::svg::nice_ticks(0, 100, 5), (std::vector<std::int64_t>{0, 50, 100}));
  // Span 11,111,110 over 5 intervals needs ≥ 2,222,222: 5,000,000; from ⌊−1,234,567 / 5,000,000⌋ × 5,000,000.
  EXPECT_EQ(medbudget::svg::nice_ticks(-1234567, 9876543, 6),
            (std::vector<std::int64_t>{-5000000, 0, 5000000, 10000000}));
  // Span 7 over 9 intervals: step 1: 3, 4, …, 10.
  EXPECT_EQ(medbudget::svg::nice_step(3, 10, 10), 1);
  EXPECT_EQ(medbudget::svg::nice_ticks(7, 7, 5), (std::vector<std::int64_t>{7, 8}));
  // Span 10 over 2 intervals: 1 and 2 are too small, 5 × 2 = 10 fits: −20, −15, −10.
  EXPECT_EQ(medbudget::svg::nice_ticks(-20, -10, 3), (std::vector<std::int64_t>{-20, -15, -10}));
  medbudget::svg::document d(100, 50);
  d.rect(1, 2, 3, 4, medbudget::svg::filled(medbudget::svg::palette[0]));
  d.line(0, 0, 10, 10, medbudget::svg::stroked("#000000", 2, "4 2"));
  d.polyline({{0, 0}, {1.5, 2.25}}, medbudget::svg::stroked("#111111"));
  d.text(5, 6, "x<y", medbudget::svg::font(12, medbudget::svg::anchor::middle));
  const std::string s = d.str();
  EXPECT_NE(s.find(R"(<rect x="1.00" y="2.00" width="3.00" height="4.00" fill="#0072B2" stroke="none"/>)"), std::string::npos) << s;
  EXPECT_NE(s.find(R"(stroke-dasharray="4 2")"), std::string::npos);
  EXPECT_NE(s.find(R"(points="0.00,0.00 1.50,2.25")"), std::string::npos);
  EXPECT_NE(s.find(R"(text-anchor="middle" fill="#000000">x&lt;y</text>)"), std::string::npos);
}

TEST(Simulate, LastMonthWithSpend) {
  medbudget::case_input c = june_case();
  EXPECT_EQ(medbudget::last_month_with_spend(c), 6);
  auto& mo = *c.funds[0].alliances[0].actuals->monthly;
  mo.in_alliance_local[5] = fen{};
  mo.out_of_alliance_local[5] = fen{};
  EXPECT_EQ(medbudget::last_month_with_spend(c), 5);
}

}  // namespace
