// medbudget/io/indicators_render.hpp — the performance indicators' report as JSON or text
// (docs/indicators.md, "Output").
//
//   std::string out = medbudget::render_indicators(report, medbudget::output_format::text);
#pragma once

#include <string>  // string

#include "medbudget/indicators.hpp"
#include "medbudget/io/render.hpp"

namespace medbudget {

// The report as JSON (docs/indicators.md) or text lines. A percentage beside a requirement carries
// the places it needs to compare with the threshold as the exact value does (percent_beside).
[[nodiscard]] std::string render_indicators(const indicator_report& r, output_format format);

}  // namespace medbudget
