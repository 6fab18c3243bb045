// Sample data (io/generate.hpp): the same seed gives the same bytes, the counts are those written,
// progress is reported through to the last record.
#include <gtest/gtest.h>

#include <filesystem>  // path, create_directories
#include <fstream>     // ifstream
#include <iterator>    // istreambuf_iterator
#include <string>      // string
#include <vector>      // vector

#include "medbudget/io/generate.hpp"

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

medbudget::sample_spec spec_in(const std::string& dir, std::int64_t records) {
  medbudget::sample_spec s;
  s.county = "230123";
  s.insured = 2000;
  s.records = records;
  s.seed = 7;
  s.out_dir = (fs::path(MEDBUDGET_BINARY_DIR) / "generate_test" / dir).string();
  fs::create_directories(s.out_dir);
  return s;
}

std::size_t lines(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) n += c == '\n' ? 1 : 0;
  return n;
}

}  // namespace

TEST(Generate, SameSeedSameBytesAndTheCountsWritten) {
  const medbudget::sample_written a = medbudget::generate_sample(spec_in("a", 3000));
  const medbudget::sample_written b = medbudget::generate_sample(spec_in("b", 3000));
  const std::string ca = slurp(fs::path(spec_in("a", 3000).out_dir) / "claims.csv");
  EXPECT_EQ(ca, slurp(fs::path(spec_in("b", 3000).out_dir) / "claims.csv"));
  EXPECT_EQ(a.rows, b.rows);
  // The rows are the lines less the header; the bytes the file's; 3000 records plus reversals.
  EXPECT_EQ(static_cast<std::int64_t>(lines(ca)) - 1, a.rows);
  EXPECT_EQ(static_cast<std::int64_t>(ca.size()), a.bytes);
  EXPECT_EQ(a.rows, 3000 + a.reversals);
  EXPECT_GT(a.reversals, 0);
}

// 140,000 records: progress at 65,536, 131,072 and the last, 140,000, each against the total.
TEST(Generate, ProgressEvery65536RecordsAndAtTheEnd) {
  medbudget::sample_spec s = spec_in("progress", 140000);
  std::vector<std::int64_t> done;
  s.progress = [&](std::int64_t d, std::int64_t total) {
    EXPECT_EQ(total, 140000);
    done.push_back(d);
  };
  (void)medbudget::generate_sample(s);
  EXPECT_EQ(done, (std::vector<std::int64_t>{65536, 131072, 140000}));
}
