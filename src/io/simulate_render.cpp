// The simulation's result as JSON (ordered, deterministic) or text (tables per alliance and fund).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "medbudget/io/simulate.hpp"
#include "medbudget/io/version.hpp"

namespace medbudget {

namespace {

using ojson = nlohmann::ordered_json;

ojson quantiles_json(const quantiles& q) {
  return ojson{{"p5", q.p5.str()},   {"p25", q.p25.str()}, {"p50", q.p50.str()},
               {"p75", q.p75.str()}, {"p95", q.p95.str()}, {"mean", q.mean.str()}};
}

ojson probability_json(const probability& p) { return ojson{{"count", p.count}, {"of", p.of}}; }

// count / of as a percentage with two decimals, rounded half away from zero (integers only).
std::string percent(const probability& p) {
  const std::uint64_t basis = (p.count * 20000 + p.of) / (2 * p.of);  // round(count × 10000 / of)
  return fmt::format("{}.{:02}%", basis / 100, basis % 100);
}

// "-1234567.80" → "-1,234,567.80".
std::string grouped(const fen& amount) {
  std::string s = amount.str();
  const std::size_t start = s[0] == '-' ? 1 : 0;
  const std::size_t dot = s.find('.');
  for (std::size_t i = dot; i > start + 3; i -= 3) s.insert(i - 3, ",");
  return s;
}

std::string render_json(const simulation_result& r) {
  ojson j;
  j["policy"] = r.policy_id;
  j["year"] = r.year;
  j["engine_version"] = std::string(engine_version());
  j["scenarios"] = r.scenarios;
  j["seed"] = r.seed;
  j["quantiles"] = "nearest rank: P_p is the ceil(p*N/100)-th smallest of N";
  ojson funds = ojson::array();
  for (const auto& f : r.funds) {
    ojson fj;
    fj["insutype"] = f.insutype;
    fj["fund_outflow"] = quantiles_json(f.fund_outflow);
    ojson alliances = ojson::array();
    for (const auto& a : f.alliances) {
      ojson aj;
      aj["id"] = a.id;
      aj["name"] = a.name;
      aj["final_budget"] = a.final_budget.str();
      aj["observed_months"] = a.observed_months;
      aj["observed"] = ojson{{"in_alliance_local", a.observed_in.str()}, {"out_of_alliance_local", a.observed_out.str()}};
      aj["baseline_remaining"] =
          ojson{{"in_alliance_local", a.baseline_in.str()}, {"out_of_alliance_local", a.baseline_out.str()}};
      aj["projected"] = ojson{{"in_alliance_local", a.projected_in.str()}, {"out_of_alliance_local", a.projected_out.str()}};
      aj["balance"] = quantiles_json(a.balance);
      aj["year_end_payment"] = quantiles_json(a.year_end_payment);
      aj["fund_overspend_share"] = quantiles_json(a.fund_overspend_share);
      aj["alliance_overspend_burden"] = quantiles_json(a.alliance_overspend_burden);
      aj["fund_outflow"] = quantiles_json(a.fund_outflow);
      aj["probability"] = ojson{{"overspend", probability_json(a.overspend)},
                                {"overspend_beyond_first_band", probability_json(a.overspend_beyond_band)},
                                {"negative_year_end_payment", probability_json(a.negative_payment)}};
      alliances.push_back(std::move(aj));
    }
    fj["alliances"] = std::move(alliances);
    funds.push_back(std::move(fj));
  }
  j["funds"] = std::move(funds);
  if (!r.grid_parameters.empty()) {
    ojson cells = ojson::array();
    for (const auto& c : r.grid) {
      ojson cj;
      ojson values;
      for (std::size_t i = 0; i < c.values.size(); ++i) values[r.grid_parameters[i]] = c.values[i];
      cj["values"] = std::move(values);
      ojson fs = ojson::array();
      for (const auto& f : c.funds) {
        ojson al = ojson::array();
        for (const auto& a : f.alliances) al.push_back(ojson{{"id", a.id}, {"mean", a.mean.str()}, {"p95", a.p95.str()}});
        fs.push_back(ojson{{"insutype", f.insutype},
                           {"fund_outflow", ojson{{"mean", f.total.mean.str()}, {"p95", f.total.p95.str()}}},
                           {"alliances", std::move(al)}});
      }
      cj["funds"] = std::move(fs);
      cells.push_back(std::move(cj));
    }
    j["grid"] = ojson{{"parameters", r.grid_parameters}, {"cells", std::move(cells)}};
  }
  return j.dump(1) + "\n";
}

std::string render_text(const simulation_result& r) {
  std::string out = fmt::format("medbudget simulate — policy {}, year {}: {} scenarios, seed {}\n", r.policy_id, r.year,
                                r.scenarios, r.seed);
  out += "quantiles: nearest rank (P_p = the ceil(p*N/100)-th smallest); amounts in yuan\n";
  auto row = [](const char* label, const quantiles& q) {
    return fmt::format("  {:<28}{:>18}{:>18}{:>18}{:>18}{:>18}{:>18}\n", label, grouped(q.p5), grouped(q.p25),
                       grouped(q.p50), grouped(q.p75), grouped(q.p95), grouped(q.mean));
  };
  const std::string header =
      fmt::format("  {:<28}{:>18}{:>18}{:>18}{:>18}{:>18}{:>18}\n", "", "P5", "P25", "P50", "P75", "P95", "mean");
  for (const auto& f : r.funds) {
    for (const auto& a : f.alliances) {
      out += fmt::format("\nfund {} · alliance {} {}\n", f.insutype, a.id, a.name);
      out += fmt::format("  final budget B' {}; observed {} months: I {}, O {}; projected year (mean growth): I {}, O {}\n",
                         grouped(a.final_budget), a.observed_months, grouped(a.observed_in), grouped(a.observed_out),
                         grouped(a.projected_in), grouped(a.projected_out));
      out += header;
      out += row("balance S", a.balance);
      out += row("year-end payment", a.year_end_payment);
      out += row("fund overspend share", a.fund_overspend_share);
      out += row("alliance overspend burden", a.alliance_overspend_burden);
      out += row("fund outflow (O + entitlement)", a.fund_outflow);
      out += fmt::format("  P(overspend) {}/{} = {}; beyond the first band {}/{} = {}; negative year-end payment {}/{} = {}\n",
                         a.overspend.count, a.overspend.of, percent(a.overspend), a.overspend_beyond_band.count,
                         a.overspend_beyond_band.of, percent(a.overspend_beyond_band), a.negative_payment.count,
                         a.negative_payment.of, percent(a.negative_payment));
    }
    out += fmt::format("\nfund {} · all alliances\n", f.insutype);
    out += header;
    out += row("fund outflow", f.fund_outflow);
  }
  if (!r.grid_parameters.empty()) {
    out += "\nsensitivity grid: expected fund outflow and its P95, per fund (the same scenarios in every cell)\n";
    std::string h = " ";
    for (const auto& p : r.grid_parameters) h += fmt::format(" {:>24}", p);
    for (const auto& f : r.funds) h += fmt::format(" {:>20} {:>20}", "fund " + f.insutype + " mean", "P95");
    out += h + "\n";
    for (const auto& c : r.grid) {
      std::string line = " ";
      for (const auto& v : c.values) line += fmt::format(" {:>24}", v);
      for (const auto& f : c.funds) line += fmt::format(" {:>20} {:>20}", grouped(f.total.mean), grouped(f.total.p95));
      out += line + "\n";
    }
    out += "\nper alliance:\n";
    for (const auto& c : r.grid) {
      std::string cell;
      for (std::size_t i = 0; i < c.values.size(); ++i)
        cell += (i ? ", " : "") + r.grid_parameters[i] + " = " + c.values[i];
      for (const auto& f : c.funds)
        for (const auto& a : f.alliances)
          out += fmt::format("  {:<48} fund {} {:<12} mean {:>18}  P95 {:>18}\n", cell, f.insutype, a.id,
                             grouped(a.mean), grouped(a.p95));
    }
  }
  return out;
}

}  // namespace

std::string render(const simulation_result& r, output_format format) {
  ensure(format != output_format::csv, "simulate renders json or text");
  return format == output_format::json ? render_json(r) : render_text(r);
}

}  // namespace medbudget
