// Internal: policies from a jnode tree (shared by the policy and case loaders).
#pragma once

#include <string>  // string

#include "json_tree.hpp"
#include "medbudget/policy.hpp"

namespace medbudget::io {

// A parameter's value from JSON: with `like`, of the same type as `like` (overrides); else of the
// type its parameter name fixes, or its JSON shape says.
[[nodiscard]] parameter_value parameter_from_json(const std::string& name, const jnode& n, const std::string& path,
                                                  const parameter_value* like);

[[nodiscard]] policy policy_from_json(const jnode& root, const std::string& where);

}  // namespace medbudget::io
