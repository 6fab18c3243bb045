// Every fen accounted (docs/claims.md, "The reconciliation"): the classification of unattributed local insured,
// the reconciliation per fund, the file's amounts by exclusion reason, the dual-channel place, the
// pooled spend by age band, and no silent wrong answer (a file of another year or county, sums past
// the int64 range, reversals that cannot be). Every figure is summed by hand in the comment beside it.
#include <gtest/gtest.h>

#include <sys/stat.h>  // mkfifo

#include <filesystem>  // remove
#include <fstream>     // ofstream
#include <string>      // string
#include <thread>      // thread: the FIFO's writer
#include <vector>      // vector

#include "claims_files.hpp"
#include "medbudget/claims.hpp"
#include "medbudget/io/commands.hpp"  // settle_case
#include "medbudget/io/json.hpp"      // read_file
#include "medbudget/io/render.hpp"  // render(claims_result)

using namespace claims_files;

namespace {

// A file under the build directory, named after the running test, holding `bytes`; its full path.
std::string data_file(const std::string& bytes, const std::string& name) {
  const fs::path dir = fs::path(MEDBUDGET_BINARY_DIR) / "claims_test_files";
  fs::create_directories(dir);
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const fs::path p = dir / (std::string(info->test_suite_name()) + "." + info->name() + "." + name);
  std::ofstream(p, std::ios::binary) << bytes;
  return p.string();
}

// A case of `policy` for county 230123, 2024, with one resident-fund (390) alliance `id`, to fill
// from the records.
medbudget::case_input one_alliance_case(const char* policy, const std::string& id) {
  medbudget::case_input c;
  c.pol = medbudget::preset(policy);
  c.year = 2024;
  c.county.admdvs = "230123";
  medbudget::fund_input f;
  f.insutype = "390";
  f.alliances.emplace_back().id = id;
  c.funds.push_back(f);
  return c;
}

const medbudget::reconciliation& recon(const claims_result& r, const std::string& insutype) {
  for (const auto& f : r.funds)
    if (f.insutype == insutype) return f.reconciliation;
  throw std::runtime_error("no fund " + insutype);
}

std::string of(const std::vector<std::pair<std::string, medbudget::fen>>& split, const std::string& key) {
  for (const auto& [k, v] : split)
    if (k == key) return v.str();
  return "(absent)";
}

// The message of the input_error aggregating `path` throws, "WHERE: MESSAGE" as printed.
std::string error_text(const std::string& path, const run_options& o = {}) {
  const auto e = error_of(path, o);
  return e ? e->where() + ": " + e->message() : std::string("(no error)");
}

}  // namespace

// ---- classification and reconciliation -------------------------------------------------------------

// registry-two: H01 (A1, LEAD), H02 (A1, T1), H11 (A2, LEAD2), HN (county, no alliance), HX (another
// county); attribution-two: P1 → A1, P2 → A2; P3 is local and in no alliance, P9 not local.
TEST(ClaimsReconciliation, EveryCountedFenInExactlyOnePlace) {
  const auto r = aggregate(file(csv({
                               {.id = "S1", .hifp = "10.00", .psn = "P1", .inst = "H01"},   // I of A1
                               {.id = "S2", .hifp = "20.00", .psn = "P1", .inst = "HX"},    // O of A1, out of county
                               {.id = "S3", .hifp = "40.00", .psn = "P2", .inst = "H01"},   // O of A2; cross memo of A1
                               {.id = "S4", .hifp = "80.00", .psn = "P3", .inst = "H11"},   // U of A2
                               {.id = "S5", .hifp = "160.00", .psn = "P3", .inst = "HN"},   // U elsewhere
                               {.id = "S6", .hifp = "320.00", .psn = "P9", .inst = "H02", .admdvs = "230102"},  // NL of A1
                               {.id = "S7", .hifp = "640.00", .psn = "P9", .inst = "HX", .admdvs = "230102"},   // outside
                               {.id = "S8", .hifp = "1.28", .psn = "P9", .inst = "HZZ", .admdvs = "230102"},    // outside
                               {.id = "S9", .hifp = "5.12", .psn = "P3", .vali = "0"},                // excluded invalid
                               {.id = "S10", .hifp = "2.56", .insutype = "391"},                      // other insutype
                               {.id = "S11", .hifp = "0.64", .time = "2025-01-02 10:00:00"},         // out of period
                           })),
                           {.registry = "registry-two.csv", .attribution = "attribution-two.csv"});
  const auto& rc = recon(r, "390");
  // counted: 10 + 20 + 40 + 80 + 160 + 320 + 640 + 1.28 = 1,271.28
  EXPECT_EQ(rc.counted_hifp_pay.str(), "1271.28");
  EXPECT_EQ(of(rc.in_alliance_local, "A1"), "10.00");
  EXPECT_EQ(of(rc.in_alliance_local, "A2"), "0.00");
  EXPECT_EQ(of(rc.out_of_alliance_local, "A1"), "20.00");
  EXPECT_EQ(of(rc.out_of_alliance_local, "A2"), "40.00");
  EXPECT_EQ(of(rc.in_alliance_nonlocal, "A1"), "320.00");
  EXPECT_EQ(of(rc.in_alliance_nonlocal, "A2"), "0.00");
  EXPECT_EQ(of(rc.unattributed_local, "A1"), "0.00");
  EXPECT_EQ(of(rc.unattributed_local, "A2"), "80.00");
  EXPECT_EQ(rc.unattributed_elsewhere.str(), "160.00");
  EXPECT_EQ(rc.outside.str(), "641.28");  // 640 + 1.28
  EXPECT_EQ(rc.sum.str(), "1271.28");     // 10 + 20 + 40 + 320 + 80 + 160 + 641.28
  EXPECT_TRUE(rc.balanced);
  // Fund 310 has no record: every map still names both alliances, at 0.00.
  const auto& rc310 = recon(r, "310");
  EXPECT_EQ(rc310.in_alliance_local.size(), 2u);
  EXPECT_EQ(of(rc310.unattributed_local, "A2"), "0.00");
  EXPECT_EQ(rc310.sum.str(), "0.00");
  // The file's amounts: read = counted + 5.12 + 2.56 + 0.64 = 1,279.60.
  const auto& c = r.records;
  EXPECT_EQ(medbudget::fen::from_fen(c.hifp_read).str(), "1279.60");
  EXPECT_EQ(medbudget::fen::from_fen(c.hifp_counted).str(), "1271.28");
  EXPECT_EQ(medbudget::fen::from_fen(c.hifp_excluded_invalid).str(), "5.12");
  EXPECT_EQ(medbudget::fen::from_fen(c.hifp_excluded_other_insutype).str(), "2.56");
  EXPECT_EQ(medbudget::fen::from_fen(c.hifp_excluded_out_of_period).str(), "0.64");
  // U is the treating alliance's, month by month (March); the cross memo stays.
  const auto& a2 = alliance(r, "390", "A2");
  EXPECT_EQ(a2.unattributed_local.str(), "80.00");
  EXPECT_EQ(a2.monthly_unattributed_local[2].str(), "80.00");
  EXPECT_EQ(alliance(r, "390", "A1").in_alliance_cross.str(), "40.00");
  // The record of 2025 is said on stderr.
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find(": records outside 2024 left out (excluded_out_of_period): 1 of 2025"), std::string::npos)
      << r.warnings[0];
}

TEST(ClaimsReconciliation, MapsAreSortedByAllianceIdWhateverTheRegistryOrder) {
  const std::string reg = data_file(
      "fixmedins_code,fixmedins_name,admdvs,alliance_id,member_id,level,primary\n"
      "H21,乙,230123,ZB,M1,2,0\nH11,甲,230123,AA,M2,2,0\n",
      "registry.csv");
  const std::string att = data_file("psn_no,alliance_id\nP1,ZB\nP2,AA\n", "attribution.csv");
  const auto r = aggregate(file(csv({{.id = "S1", .hifp = "1.00", .psn = "P1", .inst = "H21"},
                                     {.id = "S2", .hifp = "2.00", .psn = "P2", .inst = "H11"}})),
                           {.registry = reg, .attribution = att});
  const auto& rc = recon(r, "390");
  ASSERT_EQ(rc.in_alliance_local.size(), 2u);
  EXPECT_EQ(rc.in_alliance_local[0].first, "AA");
  EXPECT_EQ(rc.in_alliance_local[0].second.str(), "2.00");
  EXPECT_EQ(rc.in_alliance_local[1].first, "ZB");
  EXPECT_EQ(rc.in_alliance_local[1].second.str(), "1.00");
}

TEST(ClaimsReconciliation, OneAllianceTakesEveryLocalInsuredAndIgnoresAnAttribution) {
  const std::string att = data_file("psn_no,alliance_id\nP1,A1\n", "attribution.csv");
  const auto r = aggregate(file(csv({{.id = "S1", .hifp = "1.00", .psn = "P1"},
                                     {.id = "S2", .hifp = "2.00", .psn = "P5"}})),  // not in the attribution
                           {.attribution = att});
  EXPECT_EQ(alliance(r, "390", "A1").in_alliance_local.str(), "3.00");  // 1 + 2
  EXPECT_EQ(alliance(r, "390", "A1").unattributed_local.str(), "0.00");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], "the registry names one alliance (A1): every local insured belongs to it and the attribution "
                           "file is ignored");
}

// A 双通道 pharmacy (county, no alliance, dual_channel 1) is its own place of O, and stays in
// Hunan's O while county non-members leave it.
TEST(ClaimsReconciliation, DualChannelPharmacyStaysInHunansOutOfAlliance) {
  const std::string reg = data_file(
      "fixmedins_code,fixmedins_name,admdvs,alliance_id,member_id,level,primary,dual_channel\n"
      "H01,县人民医院,230123,A1,LEAD,2,0,0\nHD,双通道药店,230123,,,0,0,1\nHN,民营医院,230123,,,1,0,\n",
      "registry.csv");
  const auto r = aggregate(file(csv({{.id = "S1", .hifp = "7.00", .inst = "HD"},
                                     {.id = "S2", .hifp = "9.00", .inst = "HN"},
                                     {.id = "S3", .hifp = "100.00"}})),
                           {.registry = reg});
  const auto& a = alliance(r, "390", "A1");
  EXPECT_EQ(a.out_of_alliance_local.str(), "16.00");  // 7 + 9
  EXPECT_EQ(a.dual_channel.str(), "7.00");
  EXPECT_EQ(a.county_nonmember.str(), "9.00");
  for (const char* policy : {"hunan", "harbin"}) {
    medbudget::case_input c = one_alliance_case(policy, "A1");
    medbudget::fill_actuals(c, r);
    const auto& act = *c.funds[0].alliances[0].actuals;
    // Hunan: O − county non-members = 16 − 9 = 7.00 (the pharmacy stays); Harbin: all 16.00.
    EXPECT_EQ(act.out_of_alliance_local.str(), std::string(policy) == "hunan" ? "7.00" : "16.00") << policy;
    EXPECT_EQ(act.monthly->out_of_alliance_local[2].str(), std::string(policy) == "hunan" ? "7.00" : "16.00") << policy;
  }
}

TEST(ClaimsReconciliation, FillActualsTakesUnattributedLocalFromTheRecords) {
  const auto r = aggregate(file(csv({{.id = "S1", .hifp = "80.00", .psn = "P3", .inst = "H11"},   // U of A2
                                     {.id = "S2", .hifp = "1.00", .psn = "P2", .inst = "H11"}})),  // I of A2
                           {.registry = "registry-two.csv", .attribution = "attribution-two.csv"});
  medbudget::case_input c = one_alliance_case("hunan", "A2");
  medbudget::fill_actuals(c, r);
  const auto& act = *c.funds[0].alliances[0].actuals;
  EXPECT_EQ(act.unattributed_local.str(), "80.00");
  EXPECT_TRUE(act.unattributed_from_records);
  EXPECT_EQ(act.in_alliance_local.str(), "1.00");
}

// The message lost its quotes once ("alliance  + al.id +  is not ..."): the exact text.
TEST(ClaimsReconciliation, AnAllianceMissingFromTheRegistryIsNamedInQuotes) {
  const auto r = aggregate(file(csv({{.id = "S1"}})));
  medbudget::case_input c = one_alliance_case("harbin", "YL09");
  try {
    medbudget::fill_actuals(c, r);
    ADD_FAILURE() << "accepted";
  } catch (const input_error& e) {
    EXPECT_EQ(e.where(), "funds[0].alliances[0].id");
    EXPECT_EQ(e.message(), "alliance \"YL09\" is not in the institution registry");
  }
}

// ---- pooled spend by age band --------------------------------------------------------------------

// Harbin's bands 0-17, 18-44, 45-59, 60-74, 75+; all local insured wherever treated, by med_type.
TEST(ClaimsPooled, LocalInsuredByBandAndCare) {
  const auto r = aggregate(file(csv({
      {.id = "S1", .hifp = "10.00", .med = "21"},                                  // 18-44 inpatient
      {.id = "R1", .hifp = "-4.00", .init = "S1", .med = "21"},                    // 18-44 inpatient
      {.id = "S2", .hifp = "1.00", .med = "11"},                                   // 18-44 outpatient
      {.id = "S3", .hifp = "0.10", .med = "41"},                                   // 18-44 other (pharmacy)
      {.id = "S4", .hifp = "100.00", .age = "70", .med = "52"},                    // 60-74 inpatient
      {.id = "S5", .hifp = "1000.00", .age = "10", .med = "51"},                   // 0-17 outpatient
      {.id = "S6", .hifp = "2.00", .inst = "HX", .age = "50", .med = "140104"},    // 45-59 outpatient, O
      {.id = "S7", .hifp = "5000.00", .admdvs = "230102", .med = "21"},            // not local: not pooled
  })));
  const auto& pooled = r.funds[1].pooled_by_band;
  ASSERT_EQ(pooled.size(), 5u);
  const auto row = [&](std::size_t b) {
    return pooled[b].band + " " + pooled[b].inpatient.str() + " " + pooled[b].outpatient.str() + " " +
           pooled[b].other.str() + " " + pooled[b].total.str();
  };
  EXPECT_EQ(row(0), "0-17 0.00 1000.00 0.00 1000.00");
  EXPECT_EQ(row(1), "18-44 6.00 1.00 0.10 7.10");  // 10 − 4; 1; 0.10
  EXPECT_EQ(row(2), "45-59 0.00 2.00 0.00 2.00");
  EXPECT_EQ(row(3), "60-74 100.00 0.00 0.00 100.00");
  EXPECT_EQ(row(4), "75+ 0.00 0.00 0.00 0.00");
  EXPECT_EQ(r.funds[0].pooled_by_band[1].total.str(), "0.00");  // fund 310: nothing
}

// ---- no silent wrong answers ----------------------------------------------------------------------

TEST(ClaimsNoSilentAnswer, NoRecordOfTheYearNamesTheYearsHeld) {
  const std::string p = file(csv({{.id = "S1"}, {.id = "S2", .time = "2024-12-31 23:59:59"},
                                  {.id = "S3", .time = "2025-01-01 00:00:00", .vali = "0"}}));
  EXPECT_EQ(error_text(p, {.year = 2023}),
            p + ": no record of 2023 (setl_time); the file's records are of 2024 (2 records), 2025 (1 record)");
}

TEST(ClaimsNoSilentAnswer, NoLocalInsuredOfTheCountyNamesTheMostFrequentCodes) {
  const std::string p = file(csv({{.id = "S1", .admdvs = "230124"},
                                  {.id = "S2", .admdvs = "230124"},
                                  {.id = "S3", .admdvs = "440102"},
                                  {.id = "S4", .admdvs = "230123", .vali = "0"}}));  // local, but not counted
  EXPECT_EQ(error_text(p), p + ": no counted record is of an insured of county 230123 (insu_admdvs); the file's most "
                               "frequent insu_admdvs: 230124 (2 records), 230123 (1 record), 440102 (1 record)");
}

TEST(ClaimsNoSilentAnswer, RecordsOfOtherYearsAreCountedPerYearInAWarning) {
  const auto r = aggregate(file(csv({{.id = "S1"},
                                     {.id = "S2", .time = "2023-12-31 10:00:00"},
                                     {.id = "S3", .time = "2025-01-01 10:00:00"},
                                     {.id = "S4", .time = "2025-02-01 10:00:00"},
                                     {.id = "S5", .time = "2022-02-01 10:00:00", .vali = "0"}})));  // invalid first
  ASSERT_EQ(r.warnings.size(), 1u);
  const std::string tail = ": records outside 2024 left out (excluded_out_of_period): 1 of 2023, 2 of 2025";
  EXPECT_EQ(r.warnings[0].substr(r.warnings[0].size() - tail.size()), tail);
  EXPECT_EQ(r.records.excluded_out_of_period, 3);
  EXPECT_EQ(r.records.excluded_invalid, 1);
}

// 2 × 46,116,860,184,273,879.04 = 92,233,720,368,547,758.08 yuan, one fen past the int64 range
// (9,223,372,036,854,775,807 fen); three of 61,489,146,912,365,172.06 pass 2^64 fen and would wrap to
// a plausible 0.02. Either is an error naming the file, at every thread count and batch size.
TEST(ClaimsOverflow, SumsPastTheInt64RangeAreAnInputError) {
  const std::string expected = ": hifp_pay adds up past 92233720368547758.07 yuan, the largest total the program holds";
  const std::string two = file(csv({{.id = "S1", .hifp = "46116860184273879.04"}, {.id = "S2", .hifp = "46116860184273879.04"}}), ".two");
  const std::string three = file(csv({{.id = "S1", .hifp = "61489146912365172.06"},
                                      {.id = "S2", .hifp = "61489146912365172.06"},
                                      {.id = "S3", .hifp = "61489146912365172.06"}}),
                                 ".three");
  // In different funds and cells: only the file's total passes the range.
  const std::string spread = file(csv({{.id = "S1", .hifp = "46116860184273879.04"},
                                       {.id = "S2", .hifp = "46116860184273879.04", .insutype = "310"}}),
                                  ".spread");
  // In different threads: the workers' sums pass only when merged.
  std::vector<rec> rows = filler(200);
  rows.push_back({.id = "B1", .hifp = "46116860184273879.04", .psn = "P2", .inst = "HX"});
  std::vector<rec> more = filler(200, "G");
  rows.insert(rows.end(), more.begin(), more.end());
  rows.push_back({.id = "B2", .hifp = "46116860184273879.04", .psn = "P3", .inst = "H02"});
  const std::string apart = file(csv(rows), ".apart");
  for (const std::string& p : {two, three, spread, apart})
    for (unsigned threads : {1u, 2u})
      for (std::size_t batch : {std::size_t{1} << 20, std::size_t{512}}) {
        SCOPED_TRACE(p + " threads " + std::to_string(threads) + " batch " + std::to_string(batch));
        EXPECT_EQ(error_text(p, {.threads = threads, .batch_bytes = batch}), p + expected);
      }
}

// ---- reversals that cannot be, and amounts ---------------------------------------------------------

TEST(ClaimsReversalChecks, AReversalOfItselfIsAnError) {
  const std::string p = file(csv({{.id = "S1"}, {.id = "R1", .hifp = "-1.00", .init = "R1"}}));
  EXPECT_EQ(error_text(p), p + ":3:2: column init_setl_id: expected the id of another settlement (a row cannot reverse "
                               "itself), got \"R1\"");
}

TEST(ClaimsReversalChecks, OneReversingMoreThanWasPaidNamesBothLines) {
  // 10.00 paid; −4.00 then −7.00 reversed: −11.00 passes the 10.00 at the second reversal (line 4).
  const std::string p = file(csv({{.id = "S1"}, {.id = "R1", .hifp = "-4.00", .init = "S1"},
                                  {.id = "R2", .hifp = "-7.00", .init = "S1"}}));
  EXPECT_EQ(error_text(p), p + ":4: the reversal of setl_id \"S1\" reverses more than was paid: hifp_pay -11.00 "
                               "reversed, 10.00 paid (line 2)");
  // Exactly cancelling in two steps is fine: −4.00 and −6.00, both partial.
  const auto r = aggregate(file(csv({{.id = "S1"}, {.id = "R1", .hifp = "-4.00", .init = "S1"},
                                     {.id = "R2", .hifp = "-6.00", .init = "S1"}}), ".ok"));
  EXPECT_EQ(r.records.reversals_partial, 2);
  EXPECT_EQ(alliance(r, "390", "A1").in_alliance_local.str(), "0.00");
}

TEST(ClaimsReversalChecks, OneByAnotherPersonIsAnErrorThatQuotesNoPerson) {
  const std::string p = file(csv({{.id = "S1", .psn = "P1SECRET"}, {.id = "R1", .hifp = "-10.00", .psn = "P2SECRET", .init = "S1"}}));
  const std::string text = error_text(p);
  EXPECT_EQ(text, p + ":3: the reversal of setl_id \"S1\" (line 2) is another person's: psn_no differs");
}

TEST(ClaimsReversalChecks, NegativeMedfeeOnAPlainRowIsAnError) {
  const std::string h = header + ",medfee_sumamt\n";
  const std::string p = file(h + rec{.id = "S1"}.line() + ",20.00\n" + rec{.id = "S2"}.line() + ",-5.00\n" +
                             rec{.id = "R1", .hifp = "-10.00", .init = "S1"}.line() + ",-20.00\n");
  EXPECT_EQ(error_text(p), p + ":3:14: column medfee_sumamt: expected zero or a positive amount (a negative one needs "
                               "init_setl_id), got \"-5.00\"");
}

// ---- what an error quotes ---------------------------------------------------------------------------

TEST(ClaimsQuoting, ACellIsCutOnACharacterBoundary) {
  // 63 ASCII bytes then 中 (3 bytes): 64 bytes would cut the character; 63 are quoted.
  const std::string med = "1" + std::string(62, 'A') + "中";
  const std::string p = file(csv({{.id = "S1", .med = med}}));
  EXPECT_EQ(error_text(p), p + ":2:7: column med_type: expected a medical type code (1 to 16 characters), got \"1" +
                               std::string(62, 'A') + "\"");
}

TEST(ClaimsQuoting, ACellLookingLikeAPersonalNumberIsNeverQuoted) {
  // A shifted header puts an identity number in insutype.
  const std::string p = file(csv({{.id = "S1", .insutype = "11010119900307777X"}}), ".id");
  EXPECT_EQ(error_text(p), p + ":2:6: column insutype: expected a fund code such as 310 or 390, got a value not shown (it "
                               "looks like a personal number)");
  const std::string q = file(csv({{.id = "S1", .admdvs = "430000000000000000000123456789"}}), ".psn");
  const std::string text = error_text(q);
  EXPECT_EQ(text.find("123456789"), std::string::npos) << text;
}

TEST(ClaimsQuoting, RegistryAndAttributionRefuseADuplicatedColumnNamingBoth) {
  const std::string reg = data_file(
      "fixmedins_code,fixmedins_name,admdvs,alliance_id,member_id,level,primary,ADMDVS\n"
      "H01,县人民医院,230123,A1,LEAD,2,0,230123\n",
      "registry.csv");
  try {
    (void)medbudget::read_registry(reg);
    ADD_FAILURE() << "accepted";
  } catch (const input_error& e) {
    EXPECT_EQ(std::string(e.what()), reg + ":1: column admdvs appears twice (as \"admdvs\" and \"ADMDVS\")");
  }
  const std::string att = data_file("psn_no,alliance_id,Psn_No\nP1,A1,P2\n", "attribution.csv");
  try {
    (void)medbudget::read_attribution(att, medbudget::read_registry((data_dir / "registry-two.csv").string()));
    ADD_FAILURE() << "accepted";
  } catch (const input_error& e) {
    EXPECT_EQ(std::string(e.what()), att + ":1: column psn_no appears twice (as \"psn_no\" and \"Psn_No\")");
  }
}

// ---- streams ------------------------------------------------------------------------------------

// A FIFO (as `--claims <(cat FILE)` gives) is read to the end, twice over where reversals need it,
// and gives the same bytes as the file.
TEST(ClaimsStream, AFifoGivesTheSameOutputAsTheFile) {
  const std::string source = (data_dir / "small" / "claims.csv").string();
  const std::string fifo = (fs::path(MEDBUDGET_BINARY_DIR) / "claims_test_files" / "ClaimsStream.fifo").string();
  fs::create_directories(fs::path(fifo).parent_path());
  fs::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string bytes = medbudget::read_file(source);
  const auto reg = medbudget::read_registry((data_dir / "small" / "registry.csv").string());
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << bytes; });
  medbudget::claims_options opt;
  opt.county = "230123";
  opt.year = 2024;
  opt.batch_bytes = 4096;
  std::string from_fifo;
  try {
    from_fifo = medbudget::render(medbudget::aggregate_claims(fifo, reg, nullptr, opt), {});
  } catch (...) {
    writer.join();
    throw;
  }
  writer.join();
  fs::remove(fifo);
  EXPECT_EQ(from_fifo, medbudget::render(medbudget::aggregate_claims(source, reg, nullptr, opt), {}));
}

// `settle --claims` reads the records three times (aggregation, indicators, the inputs' digest): from
// a FIFO, read once only, it must give the same statement, digests included, as from the file.
TEST(ClaimsStream, SettleFromAFifoGivesTheSameStatementAsFromTheFile) {
  const std::string source = (data_dir / "small" / "claims.csv").string();
  const std::string fifo = (fs::path(MEDBUDGET_BINARY_DIR) / "claims_test_files" / "ClaimsStream.settle.fifo").string();
  fs::create_directories(fs::path(fifo).parent_path());
  fs::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string case_json = medbudget::read_file(MEDBUDGET_SOURCE_DIR "/examples/cases/harbin-surplus.case.json");
  medbudget::command_options o;
  o.base_dir = MEDBUDGET_SOURCE_DIR "/examples/cases";
  o.registry = (data_dir / "small" / "registry.csv").string();
  o.claims = source;
  const medbudget::command_result from_file = medbudget::settle_case(case_json, o);
  const std::string bytes = medbudget::read_file(source);
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << bytes; });
  o.claims = fifo;
  medbudget::command_result from_fifo;
  try {
    from_fifo = medbudget::settle_case(case_json, o);
  } catch (...) {
    writer.join();
    throw;
  }
  writer.join();
  fs::remove(fifo);
  EXPECT_EQ(from_fifo.output, from_file.output);
  EXPECT_NE(from_fifo.records_summary.find(fifo + ": 313 records read"), std::string::npos) << from_fifo.records_summary;
}
