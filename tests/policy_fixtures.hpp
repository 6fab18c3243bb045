// Test helper of the policy tests: builders, the preset bands and the expected-error check.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>  // sort, count_if
#include <ostream>    // ostream
#include <set>        // set
#include <string>     // string
#include <tuple>      // tuple
#include <vector>     // vector

#include "medbudget/io/json.hpp"
#include "medbudget/policy.hpp"
#include "medbudget/settle.hpp"

// Readable gtest output for the money types.
namespace medbudget {
inline void PrintTo(const rate& r, std::ostream* os) { *os << r.str(); }
inline void PrintTo(const fen& f, std::ostream* os) { *os << f.str(); }
}  // namespace medbudget

namespace policy_fixtures {

using medbudget::age_band;
using medbudget::fen;
using medbudget::input_error;
using medbudget::parameter_value;
using medbudget::policy;
using medbudget::rate;
using medbudget::share_weights;
using medbudget::threshold_table;

inline rate R(const char* s) { return rate::parse(s); }

inline std::vector<age_band> preset_bands() {
  std::vector<age_band> out;
  for (const char* b : {"0-17", "18-44", "45-59", "60-74", "75+"}) out.push_back(medbudget::parse_age_band(b));
  return out;
}

inline std::string source_path(const std::string& rel) { return std::string(MEDBUDGET_SOURCE_DIR) + "/" + rel; }

// Runs `f`, expects an input_error at `where` whose message contains `what`.
template <class F>
void expect_input_error(F&& f, const std::string& where, const std::string& what) {
  try {
    f();
    ADD_FAILURE() << "no input_error; expected one at " << where;
  } catch (const input_error& e) {
    EXPECT_EQ(e.where(), where) << e.what();
    EXPECT_NE(e.message().find(what), std::string::npos) << "message: " << e.message() << "\nexpected: " << what;
  }
}

inline bool says_local_default(const std::string& clause) { return clause.find("local default") != std::string::npos; }

}  // namespace policy_fixtures
