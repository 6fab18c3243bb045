// Internal: JSON pieces shared by the renderers.
#pragma once

#include <nlohmann/json.hpp>

#include <vector>  // vector

#include "medbudget/statement.hpp"

namespace medbudget::io {

// Statement lines as a JSON array of {key, label_zh, label_en, amount, formula, figures, clause}.
[[nodiscard]] nlohmann::ordered_json lines_json(const std::vector<line>& lines);

}  // namespace medbudget::io
