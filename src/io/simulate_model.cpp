// The simulation's model file (docs/simulate.md): typed, every field placed, unknown fields rejected.
#include <algorithm>  // min

#include "json_tree.hpp"
#include "medbudget/io/simulate.hpp"
#include "reader.hpp"

namespace medbudget {

namespace {

using io::child;
using io::index;
using io::jnode;

inline constexpr std::size_t max_alliance_models = 1000;

// The fields of a growth block present in `n` replace those of `g`.
void read_growth(const jnode& n, const std::string& path, growth_model& g) {
  io::expect(n, jnode::kind::object, path);
  io::check_keys(n, path, {"mean_growth", "spread", "seasonality"});
  if (const jnode* v = n.find("mean_growth")) g.mean_growth = io::rate_of(*v, child(path, "mean_growth"));
  if (const jnode* v = n.find("spread")) g.spread = io::rate_of(*v, child(path, "spread"));
  if (const jnode* v = n.find("seasonality")) {
    const std::string sp = child(path, "seasonality");
    if (v->k == jnode::kind::null) {
      g.seasonality.reset();  // flat, overriding a default shape
      return;
    }
    io::expect(*v, jnode::kind::array, sp);
    if (v->items.size() != 12) throw input_error(sp, "expected 12 monthly weights, January first");
    std::array<rate, 12> w{};
    for (std::size_t m = 0; m < 12; ++m) w[m] = io::rate_of(v->items[m], index(sp, m));
    g.seasonality = w;
  }
}

void read_spend(const jnode& n, const std::string& path, spend_model& m) {
  if (const jnode* v = n.find("in_alliance")) read_growth(*v, child(path, "in_alliance"), m.in_alliance);
  if (const jnode* v = n.find("out_of_alliance")) read_growth(*v, child(path, "out_of_alliance"), m.out_of_alliance);
  if (const jnode* v = n.find("correlation")) m.correlation = io::rate_of(*v, child(path, "correlation"));
  check_spend_model(m, path);
}

}  // namespace

simulation_model load_simulation_model(std::string_view json, const std::string& source) {
  const jnode root = io::parse_json(json, source);
  io::expect(root, jnode::kind::object, "");
  io::check_keys(root, "", {"observed_months", "in_alliance", "out_of_alliance", "correlation", "alliances"});
  simulation_model m;
  if (const jnode* v = root.find("observed_months")) {
    const std::int64_t k = io::integer_of(*v, "observed_months", 1);
    if (k > 12) throw input_error("observed_months", "expected 1 to 12");
    m.observed_months = static_cast<int>(k);
  }
  read_spend(root, "", m.defaults);
  if (const jnode* list = root.find("alliances")) {
    io::expect(*list, jnode::kind::array, "alliances");
    if (list->items.size() > max_alliance_models)
      throw input_error("alliances", "more than " + std::to_string(max_alliance_models) + " alliance models");
    for (std::size_t i = 0; i < list->items.size(); ++i) {
      const jnode& n = list->items[i];
      const std::string ap = index("alliances", i);
      io::expect(n, jnode::kind::object, ap);
      io::check_keys(n, ap, {"insutype", "id", "in_alliance", "out_of_alliance", "correlation"});
      alliance_model am;
      am.path = ap;
      am.insutype = io::text_of(io::required(n, ap, "insutype", "the fund (\"310\" or \"390\")"), child(ap, "insutype"));
      if (am.insutype != "310" && am.insutype != "390") throw input_error(child(ap, "insutype"), "expected \"310\" or \"390\"");
      am.alliance_id = io::text_of(io::required(n, ap, "id", "the alliance id"), child(ap, "id"));
      for (const auto& other : m.alliances)
        if (other.insutype == am.insutype && other.alliance_id == am.alliance_id)
          throw input_error(child(ap, "id"), "alliance \"" + am.alliance_id + "\" of fund " + am.insutype +
                                                 " already has a model (" + other.path + ")");
      am.model = m.defaults;
      read_spend(n, ap, am.model);
      m.alliances.push_back(std::move(am));
    }
  }
  return m;
}

grid_axis parse_grid_axis(std::string_view text) {
  const std::size_t eq = text.find('=');
  if (eq == 0 || eq == std::string_view::npos || eq + 1 == text.size())
    throw input_error("--grid", "expected PARAM=v1,v2,…, not \"" + std::string(text) + "\"");
  grid_axis axis{std::string(text.substr(0, eq)), {}};
  for (std::size_t b = eq + 1, e = 0; b <= text.size(); b = e + 1) {
    e = std::min(text.find(',', b), text.size());
    if (e == b) throw input_error("--grid " + axis.parameter, "an empty value");
    axis.values.emplace_back(text.substr(b, e - b));
  }
  return axis;
}

}  // namespace medbudget
