// medbudget/io/simulate.hpp — the simulation's edges: the model file (docs/simulate.md), the result
// as JSON or text, and SVG histograms of the year-end payment.
//
//   medbudget::simulation_model m = medbudget::load_simulation_model(bytes, "model.json");
//   std::string out = medbudget::render(result, medbudget::output_format::text);
//   for (const auto& [name, svg] : medbudget::simulation_charts(result)) { /* write DIR/name */ }
#pragma once

#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // pair
#include <vector>       // vector

#include "medbudget/io/render.hpp"
#include "medbudget/simulate.hpp"

namespace medbudget {

// A spend model from its JSON text; every fault an input_error naming the field path
// (`alliances[1].in_alliance.spread`). `source` names the file in syntax errors.
[[nodiscard]] simulation_model load_simulation_model(std::string_view json, const std::string& source);

// JSON (deterministic bytes) or text; csv is not offered (invariant_error).
[[nodiscard]] std::string render(const simulation_result& r, output_format format);

// One SVG histogram of the year-end payment per alliance and fund: (file name, bytes), the name
// "<insutype>-<alliance id>-year-end-payment.svg" with characters other than letters, digits, '-'
// and '_' in the id written as '_'. Needs the result's year_end_payments (keep_payments).
[[nodiscard]] std::vector<std::pair<std::string, std::string>> simulation_charts(const simulation_result& r);

// Writes simulation_charts(r) into `dir` (created if missing), every file under a temporary name first
// and renamed once all are written: no partial file is left. Returns how many; input_error naming the
// path when a file cannot be written.
std::size_t write_simulation_charts(const simulation_result& r, const std::string& dir);

// One `--grid` axis from "PARAM=v1,v2,…"; input_error at "--grid" when it is not of that form.
[[nodiscard]] grid_axis parse_grid_axis(std::string_view text);

}  // namespace medbudget
