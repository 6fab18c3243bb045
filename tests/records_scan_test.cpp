// The records scan (records_scan.hpp): one reading gives the aggregation, the indicators' counts and
// the digest, the same at any thread count and batch size. Figures are worked by hand from
// tests/data/indicators/*.csv (see indicators_test.cpp for the row-by-row sums); digests are
// sha256sum's of the files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "medbudget/error.hpp"
#include "medbudget/io/commands.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/io/records_scan.hpp"
#include "medbudget/io/render.hpp"

namespace fs = std::filesystem;
using medbudget::indicator_counts;
using medbudget::records_scan;

namespace {

const fs::path data_dir = fs::path(MEDBUDGET_SOURCE_DIR) / "tests" / "data" / "indicators";

struct scan_run {
  std::string registry = "registry.csv";
  std::string attribution;  // none when empty
  bool indicators = true;
  bool digest = false;
  unsigned threads = 1;
  std::size_t batch = 8u << 20;
};

records_scan scan(const fs::path& file, const scan_run& run) {
  const auto reg = medbudget::read_registry((data_dir / run.registry).string());
  std::optional<medbudget::attribution> attr;
  if (!run.attribution.empty()) attr = medbudget::read_attribution((data_dir / run.attribution).string(), reg);
  medbudget::scan_options o;
  o.records.county = "441721";
  o.records.year = 2024;
  o.records.threads = run.threads;
  o.records.batch_bytes = run.batch;
  o.records.digest = run.digest;
  o.indicators = run.indicators;
  return medbudget::scan_records(file.string(), reg, attr ? &*attr : nullptr, o);
}

std::string json_of(const medbudget::claims_result& r) {
  return medbudget::render(r, medbudget::render_options{});
}

}  // namespace

// Two alliances (registry_two.csv, attribution_two.csv: P1 in YX01, P2 in YX02, P3–P5 in none): the
// insured's alliance of each row is known only after the attribution's lookup, made once a chunk
// is read. 200-byte batches put about one record in a chunk, so the lookups cross chunks.
TEST(RecordsScan, OneReadingGivesTheAggregationAndTheIndicators) {
  for (unsigned threads : {1u, 2u})
    for (std::size_t batch : {std::size_t{200}, std::size_t{8} << 20}) {
      SCOPED_TRACE("threads " + std::to_string(threads) + ", batch " + std::to_string(batch));
      scan_run run;
      run.registry = "registry_two.csv";
      run.attribution = "attribution_two.csv";
      run.threads = threads;
      run.batch = batch;
      const records_scan s = scan(data_dir / "claims_2024.csv", run);
      ASSERT_TRUE(s.indicators.has_value());
      ASSERT_EQ(s.indicators->alliances, (std::vector<std::string>{"YX01", "YX02"}));
      // YX01, fund 390: P1's S01 and S02 at A1, 600.00 + 600.00 hifp, 1000.00 + 1000.00 medfee; S02
      // is admitted 15 days after S01's discharge: a readmission.
      const indicator_counts& a = s.indicators->funds[1][0];
      EXPECT_EQ(a.stays, 2);
      EXPECT_EQ(a.readmit_stays, 2);
      EXPECT_EQ(a.readmissions, 1);
      EXPECT_EQ(a.hifp, 120000);
      EXPECT_EQ(a.medfee, 200000);
      // At the members A1 and A2, any insured: medfee 3940.00, fulamt_ownpay 350.00.
      EXPECT_EQ(a.member_medfee, 394000);
      EXPECT_EQ(a.member_ownpay, 35000);
      // YX02: P2's S03 (X1, another county) and S04 (N1, a county non-member).
      const indicator_counts& b = s.indicators->funds[1][1];
      EXPECT_EQ(b.stays, 2);
      EXPECT_EQ(b.stays_in_county, 1);
      EXPECT_EQ(b.hifp, 110000);
      EXPECT_EQ(b.hifp_in_county, 30000);
      EXPECT_EQ(b.scope_hifp, 80000);
      // The aggregation on the same reading: 15 rows, S13 invalid, S15 of 2023; fund 390's counted
      // hifp_pay 600+600+800+300+50+50−50+20+400+500−500+500 = 3270.00, fund 310's S14 100.00.
      const medbudget::record_counters& n = s.claims.records;
      EXPECT_EQ(n.read, 15);
      EXPECT_EQ(n.counted, 13);
      EXPECT_EQ(n.excluded_invalid, 1);
      EXPECT_EQ(n.excluded_out_of_period, 1);
      EXPECT_EQ(n.hifp_counted_by_fund[1], 327000);
      EXPECT_EQ(n.hifp_counted_by_fund[0], 10000);
      // The indicators' sink changes nothing in the aggregation.
      run.indicators = false;
      const records_scan plain = scan(data_dir / "claims_2024.csv", run);
      EXPECT_FALSE(plain.indicators.has_value());
      EXPECT_EQ(json_of(plain.claims), json_of(s.claims));
    }
}

// One alliance (registry.csv): every local insured's row goes to YX01 at once, no lookup.
TEST(RecordsScan, OneAllianceAtAnyBatch) {
  for (std::size_t batch : {std::size_t{200}, std::size_t{8} << 20}) {
    scan_run run;
    run.threads = 2;
    run.batch = batch;
    const records_scan s = scan(data_dir / "claims_2024.csv", run);
    const indicator_counts& c = s.indicators->funds[1][0];
    EXPECT_EQ(c.stays, 5);
    EXPECT_EQ(c.stays_in_county, 4);
    EXPECT_EQ(c.hifp, 287000);
    EXPECT_EQ(c.scope_hifp, 257000);
    EXPECT_EQ(c.visits, 6);
    EXPECT_EQ(c.readmissions, 1);
    EXPECT_EQ(c.member_ownpay, 35000);
  }
}

// The digest is taken from the bytes the scan reads, with the indicators on or off.
TEST(RecordsScan, DigestIsTheFilesSha256) {
  for (bool indicators : {false, true}) {
    scan_run run;
    run.indicators = indicators;
    run.digest = true;
    run.threads = 2;
    run.batch = 200;
    const records_scan s = scan(data_dir / "claims_2024.csv", run);
    EXPECT_EQ(s.claims.sha256, "5c1d0a34a0e24da1fed1816e80e4b4b5a8e17ee19bc89b8351a3967b5251959e");
  }
  EXPECT_EQ(scan(data_dir / "claims_2024.csv", {}).claims.sha256, "");
}

// A sum of fulamt_ownpay_amt past the int64 range at a member: 2 × 46,116,860,184,273,879.04 yuan
// = 2^63 fen.
TEST(RecordsScan, OwnpayPastTheInt64RangeIsAnInputError) {
  const fs::path dir = fs::path(MEDBUDGET_BINARY_DIR) / "records_scan_test_files";
  fs::create_directories(dir);
  const fs::path file = dir / "ownpay_overflow.csv";
  std::ofstream(file, std::ios::binary)
      << "setl_id,vali_flag,psn_no,insutype,med_type,setl_time,fixmedins_code,insu_admdvs,age,hifp_pay,fulamt_ownpay_amt\n"
         "T1,1,P1,390,11,2024-02-01 09:00:00,A1,441721,40,1.00,46116860184273879.04\n"
         "T2,1,P1,390,11,2024-02-02 09:00:00,A1,441721,40,1.00,46116860184273879.04\n";
  try {
    (void)scan(file, {});
    ADD_FAILURE() << "accepted";
  } catch (const medbudget::input_error& e) {
    EXPECT_EQ(std::string(e.what()), file.string() +
                                         ": fulamt_ownpay_amt adds up past 92233720368547758.07 yuan, the largest total "
                                         "the program holds");
  }
  // Without the indicators nothing sums that column: the file is accepted.
  scan_run plain;
  plain.indicators = false;
  EXPECT_EQ(scan(file, plain).claims.records.counted, 2);
}

// settle with records under a policy that scores: the statement's inputs are each read once, their
// digests (sha256sum's) from that reading, in the order case, claims, registry, attribution,
// previous claims.
TEST(RecordsScan, StatementDigestsComeFromTheReadings) {
  medbudget::command_options o;
  o.claims = (data_dir / "claims_2024.csv").string();
  o.previous_claims = (data_dir / "claims_2023.csv").string();
  o.registry = (data_dir / "registry_two.csv").string();
  o.attribution = (data_dir / "attribution_two.csv").string();
  o.source = "g.json";
  o.base_dir = data_dir.string();
  // P3–P5 belong to no alliance: their spend at YX01's members passes through.
  std::string c = medbudget::read_file((data_dir / "guangdong-no-performance.case.json").string());
  const std::string anchor = "\"policy\": \"guangdong_yangxi\",";
  ASSERT_NE(c.find(anchor), std::string::npos);
  c.replace(c.find(anchor), anchor.size(), anchor + " \"policy_overrides\": {\"unattributed_local\": \"pass_through\"},");
  const std::string out = medbudget::settle_case(c, o).output;
  std::string digests;
  for (const char* d : {"5c1d0a34a0e24da1fed1816e80e4b4b5a8e17ee19bc89b8351a3967b5251959e",
                        "ca06e78fdc6d10e1e459da5bbee674e19f79e579689b394f4121ab3542f79ba5",
                        "7b97b6505b5e82aa59f43d955fc5767ef8bf4b7fce232bbdd8c43f9b81458578",
                        "7cc46b80a777168ac5d93d8a216baf2c51d4f8b53bebd5d71a95aa9f9f1908f1"})
    digests += std::string(digests.empty() ? "" : ",\n") + "  \"" + d + "\"";
  EXPECT_NE(out.find(digests), std::string::npos) << out.substr(0, 2000);
}

// The second pass reads the first pass's batches again by their place in the file, on all threads:
// after a byte-order mark and a quoted header, with records spanning lines, an original in an early
// batch is still found for its reversal in a late one (a partial one: 30.00 of 100.00), and an
// unmatched reversal stays unmatched.
TEST(RecordsScan, TheSecondPassFindsOriginalsByTheirPlace) {
  std::string bytes =
      "\xEF\xBB\xBF\"setl_id\",init_setl_id,vali_flag,psn_no,insutype,med_type,setl_time,fixmedins_code,insu_admdvs,age,"
      "hifp_pay\n"
      "ORIG,,1,\"P\n1\",390,11,2024-02-01 09:00:00,A1,441721,40,100.00\n";  // lines 2–3
  for (int k = 0; k < 60; ++k)
    bytes += "F" + std::to_string(k) + ",,1,P2,390,11,2024-02-02 09:00:00,A1,441721,40,1.00\n";
  bytes += "REV,ORIG,1,\"P\n1\",390,11,2024-03-01 09:00:00,A1,441721,40,-30.00\n";
  bytes += "LOST,NOWHERE,1,P2,390,11,2024-03-02 09:00:00,A1,441721,40,-1.00\n";
  const fs::path dir = fs::path(MEDBUDGET_BINARY_DIR) / "records_scan_test_files";
  fs::create_directories(dir);
  const fs::path file = dir / "second_pass.csv";
  std::ofstream(file, std::ios::binary) << bytes;
  for (unsigned threads : {1u, 2u, 3u})
    for (std::size_t batch : {std::size_t{256}, std::size_t{700}, std::size_t{8} << 20}) {
      SCOPED_TRACE(std::to_string(threads) + " threads, batches of " + std::to_string(batch));
      scan_run run;
      run.threads = threads;
      run.batch = batch;
      const medbudget::record_counters& n = scan(file, run).claims.records;
      EXPECT_EQ(n.read, 63);
      EXPECT_EQ(n.reversals, 2);
      EXPECT_EQ(n.reversals_partial, 1);
      EXPECT_EQ(n.reversals_unmatched, 1);
      // 100.00 + 60 × 1.00 − 30.00 − 1.00
      EXPECT_EQ(n.hifp_counted, 12900);
    }
  // Reversing 130.00 of the 100.00: the error names the original's line as the first pass read it.
  const std::string rev = "REV,ORIG,1,\"P\n1\",390,11,2024-03-01 09:00:00,A1,441721,40,-30.00\n";
  std::string over = bytes;
  over.replace(over.find(rev), rev.size(), "REV,ORIG,1,\"P\n1\",390,11,2024-03-01 09:00:00,A1,441721,40,-130.00\n");
  const fs::path over_file = dir / "second_pass_over.csv";
  std::ofstream(over_file, std::ios::binary) << over;
  for (unsigned threads : {1u, 2u})
    for (std::size_t batch : {std::size_t{256}, std::size_t{8} << 20}) {
      SCOPED_TRACE(std::to_string(threads) + " threads, batches of " + std::to_string(batch));
      scan_run run;
      run.threads = threads;
      run.batch = batch;
      try {
        (void)scan(over_file, run);
        ADD_FAILURE() << "accepted";
      } catch (const medbudget::input_error& e) {
        // ORIG on lines 2–3, F0–F59 on 4–63, REV on 64–65.
        EXPECT_EQ(std::string(e.what()), over_file.string() +
                                             ":64: the reversal of setl_id \"ORIG\" reverses more than was paid: hifp_pay "
                                             "-130.00 reversed, 100.00 paid (line 2)");
      }
    }
}

// A header cell with an escaped quote ("x""y") is unescaped into the CSV cursor's scratch: the
// header's names must outlive the cursor (a fuzzed header read them after it was gone).
TEST(RecordsScan, AHeaderCellWithAnEscapedQuoteIsKept) {
  const fs::path dir = fs::path(MEDBUDGET_BINARY_DIR) / "records_scan_test_files";
  fs::create_directories(dir);
  const fs::path file = dir / "escaped_header.csv";
  std::ofstream(file, std::ios::binary)
      << "setl_id,vali_flag,psn_no,insutype,med_type,setl_time,fixmedins_code,insu_admdvs,age,\"hifp\"\"pay\"\n"
         "T1,1,P1,390,11,2024-02-01 09:00:00,A1,441721,40,1.00\n";
  try {
    (void)scan(file, {});
    ADD_FAILURE() << "accepted";
  } catch (const medbudget::input_error& e) {
    EXPECT_EQ(std::string(e.what()), file.string() + ":1: missing required column hifp_pay");
  }
}
