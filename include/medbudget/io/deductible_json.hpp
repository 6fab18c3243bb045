// medbudget/io/deductible_json.hpp — a chain of referred stays in JSON, and its deductibles out.
//
//   {"policy": "harbin",
//    "stays": [{"id": "A", "level": 1, "deductible": "300.00"},
//              {"id": "B", "level": 3, "deductible": "900.00", "referred": true, "in_alliance": true}]}
//
// `policy` is a preset id or a policy file's path (relative to base_dir), as in a case; `referred`
// defaults to false, `in_alliance` to true. Every error names its JSON path.
#pragma once

#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include "medbudget/deductible.hpp"
#include "medbudget/io/render.hpp"

namespace medbudget {

struct deductible_request {
  policy pol;
  std::vector<stay> stays;
};

inline constexpr std::size_t max_chain_stays = 1000;

// `allow_policy_path` false: the chain's policy must be a preset (policy_by_reference).
[[nodiscard]] deductible_request read_deductible_request(std::string_view json, const std::string& source,
                                                         const std::string& base_dir, bool allow_policy_path = true);

// JSON: {"policy", "rule", "clause", "stays": [{"id", "level", "referred", "in_alliance", "standard",
// "charged", "rule", "figures"}], "total_standard", "total_charged"}; text: a table.
[[nodiscard]] std::string render_deductibles(const deductible_request& r, const std::vector<stay_deductible>& d,
                                             const render_options& opt);

}  // namespace medbudget
