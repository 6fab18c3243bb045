// Scenarios of the year end: spend drawn per scenario, each settled by settle_ledger.
#include "medbudget/simulate.hpp"

#include <algorithm>  // sort, min
#include <atomic>     // atomic
#include <cmath>      // log, sqrt, cos, sin, exp, llround
#include <exception>  // exception_ptr
#include <map>        // map
#include <mutex>      // mutex
#include <thread>     // thread

#include "medbudget/budget.hpp"

namespace medbudget {

namespace {

constexpr std::uint64_t golden_gamma = 0x9E3779B97F4A7C15ULL;
constexpr std::int64_t micro = 1'000'000;  // the factor's quantum: 10^-6
constexpr rounding spend_rounding = rounding::half_away_from_zero;
constexpr std::uint64_t block_size = 4096;  // scenarios a worker takes at a time

std::uint64_t mix64(std::uint64_t z) noexcept {  // SplitMix64's output function
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// A uniform double in (0, 1) from the top 53 bits: never 0, never 1.
double uniform(std::uint64_t w) noexcept {
  return (static_cast<double>(w >> 11) + 0.5) * 0x1p-53;  // double: a random draw, not money
}

std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

// A rate as a whole number of millionths; input_error when it has more than 6 decimals.
std::int64_t millionths(rate r, const std::string& path) {
  std::int64_t m = r.mantissa();
  int s = r.scale();
  while (s > 6) {
    if (m % 10 != 0) throw input_error(path, "at most 6 decimals");
    m /= 10;
    --s;
  }
  for (; s < 6; ++s) m *= 10;  // |m| ≤ 10^12 for the ranges checked below
  return m;
}

void check_range(rate r, const std::string& path, rate lo, bool lo_open, rate hi, const char* what) {
  if (r < lo || (lo_open && r == lo) || r > hi) throw input_error(path, what);
  (void)millionths(r, path);
}

void check_growth(const growth_model& g, const std::string& path) {
  check_range(g.mean_growth, join(path, "mean_growth"), rate::from_integer(-1), true, rate::from_integer(10),
              "expected a growth rate above -1 and at most 10");
  check_range(g.spread, join(path, "spread"), rate{}, false, rate::from_integer(1),
              "expected a spread (σ of ln G) from 0 to 1");
  if (g.seasonality)
    for (std::size_t m = 0; m < 12; ++m)
      if ((*g.seasonality)[m] < rate{})
        throw input_error(join(path, "seasonality") + "[" + std::to_string(m) + "]", "must not be negative");
}

double to_double(rate r) {  // a model parameter (σ, ρ), never money; exact up to 6 decimals
  return static_cast<double>(millionths(r, "")) / static_cast<double>(micro);
}

// The remaining months' baseline of one spend.
fen baseline(const std::vector<fen>& months, int k, const growth_model& g, const std::string& model_path,
             fen& observed) {
  observed = fen{};
  for (int m = 0; m < k; ++m) observed += months[static_cast<std::size_t>(m)];
  if (k == 12) return fen{};
  if (!g.seasonality) return muldiv(observed, 12 - k, k, spend_rounding);
  cpp_rational seen, rest;
  for (int m = 0; m < 12; ++m) (m < k ? seen : rest) += (*g.seasonality)[static_cast<std::size_t>(m)].to_rational();
  if (seen == 0) {
    if (observed == fen{}) return fen{};
    throw input_error(join(model_path, "seasonality"),
                      "the weights of the " + std::to_string(k) + " observed months sum to zero");
  }
  return round_to_fen(exact(observed) * rest / seen, spend_rounding, "seasonal baseline");
}

const spend_model& model_of(const simulation_model& model, const std::string& insutype, const std::string& id,
                            std::string& path) {
  for (const auto& am : model.alliances)
    if (am.insutype == insutype && am.alliance_id == id) {
      path = am.path;
      return am.model;
    }
  path.clear();
  return model.defaults;
}

struct alliance_setup {
  scenario_drawer drawer;
  int k = 0;
};

alliance_setup prepare(const case_input& c, std::size_t f, std::size_t a, const alliance_budget& ab,
                       const simulation_model& model, std::uint64_t seed) {
  const fund_input& fund = c.funds[f];
  const alliance_input& al = fund.alliances[a];
  const std::string ap = "funds[" + std::to_string(f) + "].alliances[" + std::to_string(a) + "]";
  if (!al.actuals) throw input_error(ap + ".actuals", "missing: the months observed so far (or simulate with --claims)");
  const alliance_actuals& act = *al.actuals;
  if (!act.monthly)
    throw input_error(ap + ".actuals.monthly", "missing: the months observed so far (the rest of the year is drawn)");
  const monthly_actuals& mo = *act.monthly;
  const std::size_t given = std::min(mo.in_alliance_local.size(), mo.out_of_alliance_local.size());
  const int k = model.observed_months.value_or(static_cast<int>(given));
  if (k < 1 || k > 12) throw input_error(ap + ".actuals.monthly", "expected 1 to 12 observed months");
  if (static_cast<std::size_t>(k) > given)
    throw input_error(ap + ".actuals.monthly", "the model observes " + std::to_string(k) + " months, the case gives " +
                                                   std::to_string(given));
  for (const auto* side : {&mo.in_alliance_local, &mo.out_of_alliance_local})
    for (std::size_t m = 0; m < side->size(); ++m)
      if ((*side)[m] < fen{})
        throw input_error(ap + ".actuals.monthly." +
                              (side == &mo.in_alliance_local ? "in_alliance_local" : "out_of_alliance_local") + "[" +
                              std::to_string(m) + "]",
                          "must not be negative");
  std::string mp;
  const spend_model& sm = model_of(model, fund.insutype, al.id, mp);
  alliance_setup s;
  s.k = k;
  scenario_drawer& d = s.drawer;
  d.baseline_in = baseline(mo.in_alliance_local, k, sm.in_alliance, join(mp, "in_alliance"), d.observed_in);
  d.baseline_out = baseline(mo.out_of_alliance_local, k, sm.out_of_alliance, join(mp, "out_of_alliance"), d.observed_out);
  d.one_plus_g_in = rate::from_parts(micro + millionths(sm.in_alliance.mean_growth, ""), 6);
  d.one_plus_g_out = rate::from_parts(micro + millionths(sm.out_of_alliance.mean_growth, ""), 6);
  d.sigma_in = to_double(sm.in_alliance.spread);
  d.sigma_out = to_double(sm.out_of_alliance.spread);
  d.rho = to_double(sm.correlation);
  d.rho_c = std::sqrt(1.0 - d.rho * d.rho);
  d.seed = seed;
  d.stream = (static_cast<std::uint64_t>(f) << 32) | a;
  // O and I of the terms are the observed months for now; draw() supplies each scenario's.
  d.terms = resolve_terms(c.pol, c.year, fund, a, ab, d.observed_out, d.observed_in, ap);
  return s;
}

// Runs `work(block)` over the blocks on `threads` threads (the calling thread too, which reports
// progress). The first exception thrown is rethrown after every thread has stopped.
template <class Work>
void parallel_blocks(std::uint64_t n, unsigned threads, Work work, const simulation_options& o,
                     std::atomic<std::uint64_t>& done, std::uint64_t total) {
  const std::uint64_t blocks = (n + block_size - 1) / block_size;
  std::atomic<std::uint64_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto run = [&](bool reporter) {
    try {
      for (;;) {
        if (failed.load(std::memory_order_relaxed)) return;
        const std::uint64_t b = next.fetch_add(1);
        if (b >= blocks) return;
        const std::uint64_t lo = b * block_size, hi = std::min(n, lo + block_size);
        work(lo, hi);
        const std::uint64_t d = done.fetch_add(hi - lo) + (hi - lo);
        if (reporter && o.progress) o.progress({d, total});
      }
    } catch (...) {
      const std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      failed = true;
    }
  };
  const unsigned t = static_cast<unsigned>(std::min<std::uint64_t>(std::max(threads, 1u), std::max<std::uint64_t>(blocks, 1)));
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < t; ++i) pool.emplace_back(run, false);
  run(true);
  for (auto& th : pool) th.join();
  if (error) std::rethrow_exception(error);
}

quantiles quantiles_of(std::vector<fen>& v) {
  std::sort(v.begin(), v.end());
  quantiles q{nearest_rank(v, 5), nearest_rank(v, 25), nearest_rank(v, 50), nearest_rank(v, 75), nearest_rank(v, 95), {}};
  int128 sum = 0;
  for (fen x : v) sum += x.value();
  q.mean = fen::from_fen(detail::narrow_checked(
      detail::round_div(sum, static_cast<int128>(v.size()), rounding::half_away_from_zero), "mean"));
  return q;
}

std::string fund_path(std::size_t f) { return "funds[" + std::to_string(f) + "]"; }

// The case with one grid cell's values set.
case_input with_cell(const case_input& c, const std::vector<grid_axis>& axes, const std::vector<std::size_t>& pick) {
  case_input out = c;
  std::map<std::string, parameter_value> overrides;
  for (std::size_t i = 0; i < axes.size(); ++i) {
    const std::string& name = axes[i].parameter;
    const std::string& text = axes[i].values[pick[i]];
    const std::string where = "--grid " + name;
    const bool situation = name == "overspend_share_ratio" || name == "city_avg_growth_rate";
    rate value_as_rate;
    if (situation || (c.pol.has(name) && std::holds_alternative<rate>(c.pol.parameters.at(name).value))) {
      try {
        value_as_rate = rate::parse(text);
      } catch (const input_error& e) {
        throw input_error(where, "\"" + text + "\": " + e.message());
      }
    }
    if (situation) {
      if (name == "overspend_share_ratio" && (value_as_rate < rate{} || value_as_rate > rate::from_integer(1)))
        throw input_error(where, "\"" + text + "\": expected a rate from 0 to 1");
      if (name == "city_avg_growth_rate" && value_as_rate < rate{})
        throw input_error(where, "\"" + text + "\": must not be negative");
      for (auto& fund : out.funds)
        (name == "overspend_share_ratio" ? fund.situation.overspend_share_ratio : fund.situation.city_avg_growth_rate) =
            value_as_rate;
    }
    if (c.pol.has(name)) {
      const parameter_value& like = c.pol.parameters.at(name).value;
      if (std::holds_alternative<rate>(like)) {
        overrides[name] = value_as_rate;
      } else if (std::holds_alternative<std::int64_t>(like)) {
        if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos)
          throw input_error(where, "\"" + text + "\": expected a whole number");
        overrides[name] = static_cast<std::int64_t>(std::stoll(text));
      } else {
        throw input_error(where, std::string("a ") + type_name(like) + " parameter cannot be a grid axis (rates and whole numbers can)");
      }
    } else if (!situation) {
      std::string known;
      for (const auto& [n, v] : c.pol.parameters)
        if (std::holds_alternative<rate>(v.value) || std::holds_alternative<std::int64_t>(v.value))
          known += (known.empty() ? "" : ", ") + n;
      throw input_error(where, "not a parameter of policy " + c.pol.id +
                                   " (grid axes: overspend_share_ratio, city_avg_growth_rate, " + known + ")");
    }
  }
  if (!overrides.empty()) {
    try {
      out.pol = with_overrides(c.pol, overrides);
    } catch (const input_error& e) {
      const std::string name = e.where().substr(e.where().find('.') + 1);
      throw input_error("--grid " + name, e.message());
    }
  }
  return out;
}

}  // namespace

void check_spend_model(const spend_model& m, const std::string& path) {
  check_growth(m.in_alliance, join(path, "in_alliance"));
  check_growth(m.out_of_alliance, join(path, "out_of_alliance"));
  check_range(m.correlation, join(path, "correlation"), rate::from_integer(-1), false, rate::from_integer(1),
              "expected a correlation from -1 to 1");
}

std::uint64_t random_word(std::uint64_t seed, std::uint64_t stream, std::uint64_t scenario, std::uint64_t k) noexcept {
  // The stream's start: a SplitMix64 state from (seed, stream); word n of the stream is
  // mix64(start + (n + 1)·γ), i.e. SplitMix64 jumped to position n. Scenario i owns words 4i..4i+3.
  const std::uint64_t start = mix64(seed ^ mix64(stream + golden_gamma));
  return mix64(start + (scenario * 4 + k + 1) * golden_gamma);
}

rate growth_factor(rate one_plus_g, double u) {
  // The drawn value, quantised once to millionths (half away from zero), times the exact 1 + g.
  const long long q = std::llround(u * static_cast<double>(micro));
  std::int64_t m = 0;
  if (__builtin_mul_overflow(one_plus_g.mantissa(), static_cast<std::int64_t>(q), &m))
    throw overflow_error("growth factor (1 + g) × drawn factor");
  return rate::from_parts(m, one_plus_g.scale() + 6);
}

std::pair<fen, fen> scenario_drawer::draw(std::uint64_t i) const {
  // Box–Muller: two independent standard normals from two uniforms; ln G_O is correlated with ln G_I.
  const double u1 = uniform(random_word(seed, stream, i, 0));
  const double u2 = uniform(random_word(seed, stream, i, 1));
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double theta = 6.283185307179586 * u2;
  const double z1 = r * std::cos(theta);
  const double z2 = r * std::sin(theta);
  const double zo = rho * z1 + rho_c * z2;
  const double gi = std::exp(sigma_in * z1 - 0.5 * sigma_in * sigma_in);  // E = 1
  const double go = std::exp(sigma_out * zo - 0.5 * sigma_out * sigma_out);
  const fen in = observed_in + mul(baseline_in, growth_factor(one_plus_g_in, gi), spend_rounding);
  const fen out = observed_out + mul(baseline_out, growth_factor(one_plus_g_out, go), spend_rounding);
  return {in, out};
}

ledger_figures scenario_drawer::settle(std::uint64_t i, alliance_terms& scratch) const {
  const auto [in, out] = draw(i);
  scratch.in_alliance = in;
  scratch.out_of_alliance = out;
  return settle_ledger(scratch);
}

fen nearest_rank(const std::vector<fen>& sorted, int p) {
  ensure(!sorted.empty() && p >= 1 && p <= 99, "nearest_rank: values and 1 ≤ p ≤ 99");
  const std::uint64_t n = sorted.size();
  std::uint64_t rank = (static_cast<std::uint64_t>(p) * n + 99) / 100;  // ⌈p·N/100⌉
  if (rank == 0) rank = 1;
  return sorted[rank - 1];
}

scenario_drawer make_drawer(const case_input& c, std::size_t f, std::size_t a, const simulation_model& model,
                            std::uint64_t seed) {
  ensure(f < c.funds.size() && a < c.funds[f].alliances.size(), "make_drawer: fund and alliance exist");
  check_spend_model(model.defaults, "");
  const fund_budget b = compute_budget(c.pol, c.year, c.funds[f], fund_path(f));
  return prepare(c, f, a, b.alliances[a], model, seed).drawer;
}

int last_month_with_spend(const case_input& c) {
  int last = 0;
  for (const auto& fund : c.funds)
    for (const auto& al : fund.alliances)
      if (al.actuals && al.actuals->monthly)
        for (const auto* side : {&al.actuals->monthly->in_alliance_local, &al.actuals->monthly->out_of_alliance_local})
          for (std::size_t m = 0; m < side->size(); ++m)
            if ((*side)[m] > fen{}) last = std::max(last, static_cast<int>(m) + 1);
  return last;
}

simulation_result simulate(const case_input& c, const simulation_model& model, const simulation_options& o) {
  if (o.scenarios < 1 || o.scenarios > max_scenarios)
    throw input_error("--scenarios", "expected 1 to " + std::to_string(max_scenarios));
  if (c.funds.empty()) throw input_error("funds", "at least one fund is required");
  check_spend_model(model.defaults, "");
  for (const auto& am : model.alliances) {
    check_spend_model(am.model, am.path);
    bool found = false;
    for (const auto& fund : c.funds)
      for (const auto& al : fund.alliances) found = found || (fund.insutype == am.insutype && al.id == am.alliance_id);
    if (!found)
      throw input_error(join(am.path, "id"), "the case has no alliance \"" + am.alliance_id + "\" in fund " + am.insutype);
  }
  std::size_t cells = 1;
  for (const auto& axis : o.grid) {
    if (axis.values.empty()) throw input_error("--grid " + axis.parameter, "no values");
    for (const auto& other : o.grid)
      if (&other != &axis && other.parameter == axis.parameter) throw input_error("--grid " + axis.parameter, "given twice");
    cells *= axis.values.size();
    if (cells > max_grid_cells)
      throw input_error("--grid", "more than " + std::to_string(max_grid_cells) + " cells");
  }
  const std::uint64_t n = o.scenarios;
  std::size_t alliances = 0;
  for (const auto& fund : c.funds) alliances += fund.alliances.size();
  const std::uint64_t total = n * alliances * (o.grid.empty() ? 1 : 1 + cells);
  std::atomic<std::uint64_t> done{0};

  simulation_result res;
  res.policy_id = c.pol.id;
  res.year = c.year;
  res.scenarios = n;
  res.seed = o.seed;
  for (std::size_t f = 0; f < c.funds.size(); ++f) {
    const fund_input& fund = c.funds[f];
    const fund_budget b = compute_budget(c.pol, c.year, fund, fund_path(f));
    fund_simulation fs;
    fs.insutype = fund.insutype;
    std::vector<fen> fund_total(n);
    for (std::size_t a = 0; a < fund.alliances.size(); ++a) {
      const alliance_setup s = prepare(c, f, a, b.alliances[a], model, o.seed);
      const scenario_drawer& d = s.drawer;
      std::vector<fen> balance(n), payment(n), share(n), burden(n), outflow(n);
      std::atomic<std::uint64_t> overspend{0}, beyond{0}, negative{0};
      parallel_blocks(
          n, o.threads,
          [&](std::uint64_t lo, std::uint64_t hi) {
            alliance_terms t = d.terms;
            std::uint64_t ov = 0, be = 0, ne = 0;
            for (std::uint64_t i = lo; i < hi; ++i) {
              const ledger_figures y = d.settle(i, t);
              balance[i] = y.balance;
              payment[i] = y.year_end_payment;
              share[i] = y.fund_overspend_share;
              burden[i] = y.alliance_overspend_burden;
              outflow[i] = t.out_of_alliance + y.entitlement;
              if (y.balance < fen{}) {
                ++ov;
                if (t.overspend_bands > 0 && y.bands[0].in_band < -y.balance) ++be;
              }
              if (y.year_end_payment < fen{}) ++ne;
            }
            overspend += ov;
            beyond += be;
            negative += ne;
          },
          o, done, total);
      for (std::uint64_t i = 0; i < n; ++i) fund_total[i] += outflow[i];
      alliance_simulation as;
      const alliance_input& al = fund.alliances[a];
      as.id = al.id;
      as.name = al.name;
      as.observed_months = s.k;
      as.observed_in = d.observed_in;
      as.observed_out = d.observed_out;
      as.baseline_in = d.baseline_in;
      as.baseline_out = d.baseline_out;
      as.projected_in = d.observed_in + mul(d.baseline_in, d.one_plus_g_in, spend_rounding);
      as.projected_out = d.observed_out + mul(d.baseline_out, d.one_plus_g_out, spend_rounding);
      as.final_budget = d.terms.final_budget;
      as.balance = quantiles_of(balance);
      as.year_end_payment = quantiles_of(payment);
      if (o.keep_payments) as.year_end_payments = std::move(payment);
      as.fund_overspend_share = quantiles_of(share);
      as.alliance_overspend_burden = quantiles_of(burden);
      as.fund_outflow = quantiles_of(outflow);
      as.overspend = {overspend.load(), n};
      as.overspend_beyond_band = {beyond.load(), n};
      as.negative_payment = {negative.load(), n};
      fs.alliances.push_back(std::move(as));
    }
    fs.fund_outflow = quantiles_of(fund_total);
    res.funds.push_back(std::move(fs));
  }

  // The grid: every cell runs the same scenarios (the same draws), so cells differ by the policy only.
  for (const auto& axis : o.grid) res.grid_parameters.push_back(axis.parameter);
  std::vector<std::size_t> pick(o.grid.size(), 0);
  for (std::size_t cell = 0; !o.grid.empty() && cell < cells; ++cell) {
    const case_input cc = with_cell(c, o.grid, pick);
    grid_cell gc;
    for (std::size_t i = 0; i < pick.size(); ++i) gc.values.push_back(o.grid[i].values[pick[i]]);
    for (std::size_t f = 0; f < cc.funds.size(); ++f) {
      const fund_budget b = compute_budget(cc.pol, cc.year, cc.funds[f], fund_path(f));
      grid_fund gf;
      gf.insutype = cc.funds[f].insutype;
      std::vector<fen> fund_total(n);
      for (std::size_t a = 0; a < cc.funds[f].alliances.size(); ++a) {
        const alliance_setup s = prepare(cc, f, a, b.alliances[a], model, o.seed);
        std::vector<fen> outflow(n);
        parallel_blocks(
            n, o.threads,
            [&](std::uint64_t lo, std::uint64_t hi) {
              alliance_terms t = s.drawer.terms;
              for (std::uint64_t i = lo; i < hi; ++i) {
                const ledger_figures y = s.drawer.settle(i, t);
                outflow[i] = t.out_of_alliance + y.entitlement;
              }
            },
            o, done, total);
        for (std::uint64_t i = 0; i < n; ++i) fund_total[i] += outflow[i];
        const quantiles q = quantiles_of(outflow);
        gf.alliances.push_back({cc.funds[f].alliances[a].id, q.mean, q.p95});
      }
      const quantiles q = quantiles_of(fund_total);
      gf.total = {"", q.mean, q.p95};
      gc.funds.push_back(std::move(gf));
    }
    res.grid.push_back(std::move(gc));
    for (std::size_t i = pick.size(); i-- > 0;) {  // the last axis varies fastest
      if (++pick[i] < o.grid[i].values.size()) break;
      pick[i] = 0;
    }
  }
  return res;
}

}  // namespace medbudget
