// Test helper: every field of `expected` is in `got` with the same value (got may carry more
// fields): statements and aggregates are compared with independently worked-out expectations.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>  // string, to_string

inline void expect_subset(const nlohmann::json& expected, const nlohmann::json& got, const std::string& path) {
  if (expected.is_object()) {
    ASSERT_TRUE(got.is_object()) << path;
    for (const auto& [k, v] : expected.items()) {
      ASSERT_TRUE(got.contains(k)) << "missing " << path << "." << k;
      expect_subset(v, got[k], path + "." + k);
    }
  } else if (expected.is_array()) {
    ASSERT_TRUE(got.is_array()) << path;
    ASSERT_EQ(expected.size(), got.size()) << path;
    for (std::size_t i = 0; i < expected.size(); ++i)
      expect_subset(expected[i], got[i], path + "[" + std::to_string(i) + "]");
  } else {
    EXPECT_EQ(expected, got) << path;
  }
}
