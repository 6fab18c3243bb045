// medbudget/simulate.hpp — what-if scenarios and Monte Carlo of the year-end outcome (docs/simulate.md).
//
// Before the year ends, the months observed so far are known and the rest is not. A spend model draws
// the remaining months of I and O of each alliance; every scenario is then settled by the ledger
// itself (`settle_ledger`, the same code as `settle`), exactly in fen. Per alliance and fund the result
// gives quantiles of the balance, the year-end payment, the fund's overspend share, the alliance's
// burden and the fund's outflow; the probabilities of an overspend, of one beyond the first overspend
// band, and of a negative year-end payment; and, over a grid of policy parameters, the expected fund
// outflow and its P95.
//
//   medbudget::simulation_model m;                       // defaults: growth 0, spread 0.10
//   medbudget::simulation_options o;
//   o.scenarios = 100000; o.seed = 42; o.threads = 2;
//   medbudget::simulation_result r = medbudget::simulate(c, m, o);
//
// The only floating point is the random factor of each scenario: two uniform doubles from a counter-
// based generator (SplitMix64), Box–Muller normals (log, sqrt, cos, sin), exp; the factor is then quantised to an exact
// 6-decimal rate (round half away from zero) and every amount is fen × rate through medbudget::mul,
// rounded once. Scenario i of alliance (f, a) uses its own counter range, so results do not depend on
// the thread count or on the order in which scenarios run.
#pragma once

#include <array>       // array
#include <cstdint>     // int64_t, uint64_t
#include <functional>  // function
#include <optional>    // optional
#include <string>      // string
#include <utility>     // pair
#include <vector>      // vector

#include "medbudget/case.hpp"
#include "medbudget/ledger.hpp"
#include "medbudget/money.hpp"

namespace medbudget {

// The rest of the year of one spend (I or O): the remaining months' baseline is multiplied by a
// lognormal factor G with E[G] = 1 + mean_growth and standard deviation `spread` of ln G. The baseline
// is observed × (12 − k) / k, or with last year's monthly shape (12 non-negative weights, January
// first) observed × Σ remaining weights / Σ observed weights, rounded once half away from zero.
struct growth_model {
  rate mean_growth;                   // g, "0.05": above −1, at most 10, at most 6 decimals
  rate spread = rate::parse("0.1");   // σ of ln G: 0 to 1, at most 6 decimals
  std::optional<std::array<rate, 12>> seasonality;
};

// The spend model of one alliance of one fund.
struct spend_model {
  growth_model in_alliance, out_of_alliance;
  rate correlation;  // ρ of ln G_I and ln G_O: −1 to 1, at most 6 decimals
};

// Checks a spend model's ranges; input_error naming `path` + ".in_alliance.spread" etc. (`path` may
// be empty: the model file's top level).
void check_spend_model(const spend_model& m, const std::string& path);

struct alliance_model {
  std::string insutype;     // "310" / "390"
  std::string alliance_id;
  spend_model model;
  std::string path;         // where it was given ("alliances[0]"), for errors
};

struct simulation_model {
  std::optional<int> observed_months;  // 1..12; absent: the months each alliance's actuals give
  spend_model defaults;
  std::vector<alliance_model> alliances;  // per-alliance models (others take the defaults)
};

// One axis of the sensitivity grid: a policy parameter (a rate or integer parameter of the case's
// policy, set through with_overrides) or a fund situation rate (`overspend_share_ratio`,
// `city_avg_growth_rate`, set on every fund), with the values to try, as text ("0.5").
struct grid_axis {
  std::string parameter;
  std::vector<std::string> values;
};

struct simulation_progress {
  std::uint64_t done = 0;   // scenario settlements done
  std::uint64_t total = 0;  // of all runs (the case, then each grid cell)
};

inline constexpr std::uint64_t max_scenarios = 10'000'000;
inline constexpr std::size_t max_grid_cells = 1000;

struct simulation_options {
  std::uint64_t scenarios = 10'000;  // 1 to max_scenarios
  std::uint64_t seed = 0;
  unsigned threads = 1;              // worker threads; results do not depend on it
  std::vector<grid_axis> grid;
  bool keep_payments = false;        // keep every scenario's year-end payment (for a histogram)
  // Called from the calling thread only, now and then while scenarios run.
  std::function<void(const simulation_progress&)> progress;
};

// Nearest-rank quantiles: P_p is the ⌈p·N/100⌉-th smallest of the N values (the smallest for p·N < 100).
// mean = Σ / N rounded once, half away from zero.
struct quantiles {
  fen p5, p25, p50, p75, p95, mean;
};

struct probability {
  std::uint64_t count = 0;  // scenarios where it happened
  std::uint64_t of = 0;     // N
};

struct alliance_simulation {
  std::string id;
  std::string name;
  int observed_months = 0;
  fen observed_in, observed_out;    // I and O of the observed months
  fen baseline_in, baseline_out;    // the remaining months' baseline (seasonal or flat run rate)
  fen projected_in, projected_out;  // observed + baseline × (1 + g): every scenario when spread is 0
  fen final_budget;
  quantiles balance, year_end_payment, fund_overspend_share, alliance_overspend_burden, fund_outflow;
  probability overspend;              // S < 0
  probability overspend_beyond_band;  // S < 0 and |S| beyond the first overspend band's limit
  probability negative_payment;       // year-end payment < 0 (the alliance pays back)
  std::vector<fen> year_end_payments; // sorted, every scenario's; only with keep_payments
};

struct fund_simulation {
  std::string insutype;
  quantiles fund_outflow;  // Σ over the fund's alliances, per scenario
  std::vector<alliance_simulation> alliances;
};

struct grid_outflow {
  std::string id;   // alliance id; empty for the fund's total
  fen mean, p95;
};

struct grid_fund {
  std::string insutype;
  grid_outflow total;
  std::vector<grid_outflow> alliances;
};

struct grid_cell {
  std::vector<std::string> values;  // one per axis, as given
  std::vector<grid_fund> funds;
};

struct simulation_result {
  std::string policy_id;
  int year = 0;
  std::uint64_t scenarios = 0;
  std::uint64_t seed = 0;
  std::vector<fund_simulation> funds;
  std::vector<std::string> grid_parameters;
  std::vector<grid_cell> grid;
};

// Runs the simulation. Input errors (a model that does not fit the case, a missing month, a grid
// parameter the policy does not have — named `--grid NAME`) are input_errors naming the path.
[[nodiscard]] simulation_result simulate(const case_input& c, const simulation_model& model,
                                         const simulation_options& options);

// The last month (1..12) in which any alliance of the case has I or O above zero; 0 when none. With
// records, which always give 12 months, this is how many months are observed so far.
[[nodiscard]] int last_month_with_spend(const case_input& c);

// ---- the pieces, for tests and benchmarks -------------------------------------------------------

// The k-th 64-bit word of scenario `scenario` in stream `stream` under `seed` (SplitMix64, counter-based).
[[nodiscard]] std::uint64_t random_word(std::uint64_t seed, std::uint64_t stream, std::uint64_t scenario,
                                        std::uint64_t k) noexcept;

// One alliance, ready to draw and settle scenarios: the terms of the ledger and the spend model in
// integers and exact rates.
struct scenario_drawer {
  alliance_terms terms;       // O and I are overwritten per scenario
  fen observed_in, observed_out, baseline_in, baseline_out;
  rate one_plus_g_in, one_plus_g_out;
  double sigma_in = 0, sigma_out = 0, rho = 0, rho_c = 1;  // rho_c = √(1 − ρ²)
  std::uint64_t seed = 0, stream = 0;

  // The year's I and O of scenario i.
  [[nodiscard]] std::pair<fen, fen> draw(std::uint64_t i) const;
  // Draws and settles scenario i: sets O and I of `scratch` (a copy of `terms`, kept by the caller so
  // that nothing is allocated per scenario) and calls settle_ledger.
  [[nodiscard]] ledger_figures settle(std::uint64_t i, alliance_terms& scratch) const;
};

// The drawer of alliance `a` of fund `f` of the case (budget computed, terms resolved), as simulate()
// builds it.
[[nodiscard]] scenario_drawer make_drawer(const case_input& c, std::size_t f, std::size_t a,
                                          const simulation_model& model, std::uint64_t seed);

// The growth factor's exact rate from a drawn value u = exp(σZ − σ²/2): (1 + g) × round6(u).
[[nodiscard]] rate growth_factor(rate one_plus_g, double u);

// Nearest-rank quantile of sorted values, p in 1..99.
[[nodiscard]] fen nearest_rank(const std::vector<fen>& sorted, int p);

}  // namespace medbudget
