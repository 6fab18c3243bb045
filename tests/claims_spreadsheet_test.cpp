// Records exported from a spreadsheet (part of claims_test): amounts with thousands separators are
// read as the same amounts, in both passes; GB18030 files are decoded; what cannot be read is named
// with its fix. Figures are worked by hand in the comments.
#include <gtest/gtest.h>

#include <iconv.h>  // iconv: the test's own GB18030 copies

#include <filesystem>  // path
#include <fstream>     // ifstream
#include <iterator>    // istreambuf_iterator
#include <stdexcept>   // runtime_error
#include <string>      // string

#include "claims_files.hpp"
#include "medbudget/io/claims_csv.hpp"
#include "medbudget/io/render.hpp"

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

namespace {

// `utf8` in GB18030, by iconv(3) in the other direction than the reader's.
std::string to_gb18030(const std::string& utf8) {
  iconv_t cd = ::iconv_open("GB18030", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("no GB18030 in iconv");
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* dst = out.data();
  std::size_t dst_left = out.size();
  const std::size_t r = ::iconv(cd, &in, &in_left, &dst, &dst_left);
  ::iconv_close(cd);
  if (r == static_cast<std::size_t>(-1)) throw std::runtime_error("not convertible");
  out.resize(out.size() - dst_left);
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

}  // namespace

// A GB18030 copy of the sample records and registry (the names of institutions and the 230123
// county's insured in Chinese) aggregates to the same bytes as the UTF-8 originals, in both passes
// and at any batch size; the digest is of the bytes as given.
TEST(ClaimsSpreadsheet, Gb18030CopyAggregatesAsTheOriginal) {
  // The sample records with a column the reader ignores, a name in Chinese on every row (quoted on
  // every other row), so that the copy differs from the original on every line.
  const std::string original = slurp(data_dir / "small" / "claims.csv");
  std::string claims_utf8;
  std::size_t row = 0;
  for (std::size_t at = 0; at < original.size();) {
    std::size_t end = original.find("\r\n", at);
    if (end == std::string::npos) end = original.size();
    const std::string name = row == 0 ? "备注" : row % 2 == 0 ? "\"张三，住院\"" : "李四";
    claims_utf8 += original.substr(at, end - at) + "," + name + "\r\n";
    at = end + 2;
    ++row;
  }
  const std::string registry_utf8 = slurp(data_dir / "small" / "registry.csv");
  const std::string claims_gb = to_gb18030(claims_utf8);
  ASSERT_TRUE(claims_gb.size() < claims_utf8.size());  // each 3-byte UTF-8 character is 2 bytes in GB18030
  const std::string utf8_path = file(claims_utf8, ".utf8");
  const std::string claims_path = file(claims_gb, ".claims");
  const std::string registry_path = file(to_gb18030(registry_utf8), ".registry");
  const auto reg_utf8 = medbudget::read_registry((data_dir / "small" / "registry.csv").string());
  const auto reg_gb = medbudget::read_registry(registry_path, nullptr, medbudget::input_encoding::gb18030);
  ASSERT_EQ(reg_gb.institutions.size(), reg_utf8.institutions.size());
  for (std::size_t k = 0; k < reg_gb.institutions.size(); ++k)
    EXPECT_EQ(reg_gb.institutions[k].name, reg_utf8.institutions[k].name);
  medbudget::claims_options o;
  o.county = "230123";
  o.year = 2024;
  const std::string expected = medbudget::render(medbudget::aggregate_claims(utf8_path, reg_utf8, nullptr, o), {});
  o.encoding = medbudget::input_encoding::gb18030;
  o.digest = true;
  for (unsigned threads : {1u, 2u})
    for (std::size_t batch : {std::size_t{1u << 20}, std::size_t{256}}) {
      SCOPED_TRACE(std::to_string(threads) + " threads, batches of " + std::to_string(batch));
      o.threads = threads;
      o.batch_bytes = batch;
      const medbudget::claims_result r = medbudget::aggregate_claims(claims_path, reg_gb, nullptr, o);
      EXPECT_EQ(medbudget::render(r, {}), expected);
      EXPECT_EQ(r.sha256, medbudget::sha256_of(claims_gb));
    }
}

// A byte that is no GB18030 is an error at its line, naming the option.
TEST(ClaimsSpreadsheet, NotGb18030IsAnErrorAtItsLine) {
  const std::string p = file(csv({{.id = "S1"}, {.id = "S2", .psn = "P\xFF"}}));
  medbudget::claims_options o;
  o.county = "230123";
  o.year = 2024;
  o.encoding = medbudget::input_encoding::gb18030;
  const auto reg = medbudget::read_registry((data_dir / "registry-one.csv").string());
  try {
    (void)medbudget::aggregate_claims(p, reg, nullptr, o);
    ADD_FAILURE() << "accepted";
  } catch (const medbudget::input_error& e) {
    EXPECT_EQ(std::string(e.what()), p + ":3: not valid GB18030 (--encoding gb18030): is the file UTF-8?");
  }
}

// Ids and person numbers in Chinese: the second pass looks at the GB18030 bytes and decodes the
// cells it compares with the first pass's (the id, the person), so the reversal of 结算甲 (20.00 of
// 100.00, by 张三) finds its original across batches, and one by 李四 is refused as another person's.
TEST(ClaimsSpreadsheet, Gb18030IdsAndPersonsMatchInTheSecondPass) {
  std::vector<rec> rows{{.id = "结算甲", .hifp = "100.00", .psn = "张三"}};
  for (const rec& f : filler(40)) rows.push_back(f);
  rows.push_back({.id = "结算乙", .hifp = "-20.00", .psn = "张三", .time = "2024-04-01 10:00:00", .init = "结算甲"});
  const std::string p = file(to_gb18030(csv(rows)));
  medbudget::claims_options o;
  o.county = "230123";
  o.year = 2024;
  o.encoding = medbudget::input_encoding::gb18030;
  const auto reg = medbudget::read_registry((data_dir / "registry-one.csv").string());
  for (unsigned threads : {1u, 2u})
    for (std::size_t batch : {std::size_t{1u << 20}, std::size_t{200}}) {
      SCOPED_TRACE(std::to_string(threads) + " threads, batches of " + std::to_string(batch));
      o.threads = threads;
      o.batch_bytes = batch;
      const medbudget::claims_result r = medbudget::aggregate_claims(p, reg, nullptr, o);
      EXPECT_EQ(r.records.reversals_partial, 1);
      EXPECT_EQ(r.records.reversals_unmatched, 0);
      EXPECT_EQ(r.records.hifp_counted, 10000 + 4000 - 2000);  // 100.00 + 40 × 1.00 − 20.00
    }
  rows.back().psn = "李四";
  const std::string q = file(to_gb18030(csv(rows)), ".other-person");
  o.batch_bytes = 200;
  try {
    (void)medbudget::aggregate_claims(q, reg, nullptr, o);
    ADD_FAILURE() << "accepted";
  } catch (const medbudget::input_error& e) {
    EXPECT_EQ(std::string(e.what()), q + ":43: the reversal of setl_id \"结算甲\" (line 2) is another person's: psn_no differs");
  }
}
