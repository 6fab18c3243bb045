// medbudget/io/json.hpp — loading policies and cases from JSON (the edge; the core knows no JSON).
//
//   const medbudget::policy& p = medbudget::preset("harbin");        // embedded presets
//   medbudget::loaded_case lc = medbudget::load_case(bytes, "case.json", ".");
//   medbudget::statement s = medbudget::settle_year(lc.value);
//
// Every error is an input_error naming the JSON path (`funds[0].alliances[1].actuals.in_alliance_local`)
// and what was expected. Amounts and rates given as JSON numbers are parsed exactly from their text.
#pragma once

#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include "medbudget/case.hpp"
#include "medbudget/io/files.hpp"  // read_file (the loaders check UTF-8)
#include "medbudget/policy.hpp"

namespace medbudget {

// The ids of the embedded presets: harbin, guangdong_yangxi, hunan, sanming.
[[nodiscard]] std::vector<std::string> preset_ids();
// An embedded preset, validated once; input_error for an unknown id.
[[nodiscard]] const policy& preset(std::string_view id);
// The JSON text of an embedded preset (as in policies/<id>.json).
[[nodiscard]] std::string_view preset_json(std::string_view id);

// A policy from its JSON text; `source` names it in errors.
[[nodiscard]] policy load_policy(std::string_view json, const std::string& source);

// A preset id, or else a policy file's path relative to `base_dir` (the way a case names its policy;
// an empty base_dir takes the path as given). With `allow_path` false only a preset is accepted: a
// path is refused without looking at the file system (`policy: "p.json" names a file; only the
// presets are accepted here (…)`), so that a case from elsewhere cannot probe which files exist.
[[nodiscard]] policy policy_by_reference(const std::string& ref, const std::string& base_dir, bool allow_path = true);

struct loaded_case {
  case_input value;
  std::vector<std::string> warnings;  // fields the policy does not use, each once
};

// A case from its JSON text. Its "policy" is a preset id or a path to a policy JSON file, relative
// to `base_dir`. `policy_overrides` are applied and checked against the policy's parameters.
// `allow_policy_path` false: only a preset (see policy_by_reference).
[[nodiscard]] loaded_case load_case(std::string_view json, const std::string& source, const std::string& base_dir,
                                    bool allow_policy_path = true);


}  // namespace medbudget
