// Records exported from a spreadsheet (part of claims_test): amounts with thousands separators are
// read as the same amounts, in both passes; what cannot be read is named with its fix. Figures are
// worked by hand in the comments.
#include <gtest/gtest.h>

#include <string>  // string

#include "claims_files.hpp"
#include "medbudget/io/claims_csv.hpp"

using namespace claims_files;

// S1 24,794.48 and S3 1,234,567.00 yuan, S2 reverses 1,000.00 of S1: counted 24794.48 − 1000.00 +
// 1234567.00 = 1,258,361.48 yuan; S2's original is found in the second pass, a partial reversal.
TEST(ClaimsSpreadsheet, ThousandsSeparatorsAreReadInBothPasses) {
  const std::string p = file(csv({{.id = "S1", .hifp = "\"24,794.48\""},
                                  {.id = "S2", .hifp = "\"-1,000.00\"", .time = "2024-03-02 10:00:00", .init = "S1"},
                                  {.id = "S3", .hifp = "\"1,234,567.00\"", .psn = "P2"}}));
  for (unsigned threads : {1u, 2u})
    for (std::size_t batch : {std::size_t{1u << 20}, std::size_t{200}}) {
      SCOPED_TRACE(std::to_string(threads) + " threads, batches of " + std::to_string(batch));
      const claims_result r = aggregate(p, {.threads = threads, .batch_bytes = batch});
      EXPECT_EQ(r.records.counted, 3);
      EXPECT_EQ(r.records.hifp_counted, 125836148);
      EXPECT_EQ(r.records.reversals_partial, 1);
      EXPECT_EQ(r.records.reversals_unmatched, 0);
      EXPECT_EQ(alliance(r, "390", "A1").in_alliance_local.str(), "1258361.48");
    }
}

// A separator must close a group of three digits and stand after one to three: each of these is
// an error naming the cell, never another amount.
TEST(ClaimsSpreadsheet, ThousandsSeparatorsOutOfPlaceAreRefused) {
  for (const char* bad : {"\"24,79.48\"", "\"2,4794.48\"", "\",794.48\"", "\"1,234,\"", "\"1234,567.00\"", "\"1,,234.00\"",
                          "\"-,100.00\"", "\"1,234.5,6\""}) {
    SCOPED_TRACE(bad);
    const std::string p = file(csv({{.id = "S1", .hifp = bad}}));
    const auto e = error_of(p);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->where(), at(p, 2, c_hifp));
  }
}
