// Settlement records to actuals (docs/claims.md): the spec example field for field, independence
// from threads and batching, each rule on a few hand-made rows summed by hand, and every malformed
// input an input_error at "<path>:<line>[:<column>]" that never quotes personal data.
#include <gtest/gtest.h>

#include "claims_files.hpp"
#include "json_subset.hpp"

#include <filesystem>  // path, create_directories
#include <fstream>     // ofstream
#include <functional>  // function
#include <nlohmann/json.hpp>
#include <optional>  // optional
#include <regex>     // regex_search
#include <string>    // string
#include <vector>    // vector

#include "medbudget/error.hpp"
#include "medbudget/io/claims_csv.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/io/render.hpp"

namespace fs = std::filesystem;
using medbudget::claims_result;
using medbudget::input_error;

using namespace claims_files;

namespace {

std::string small_json(unsigned threads, std::size_t batch_bytes, int* batches = nullptr) {
  const auto reg = medbudget::read_registry((data_dir / "small" / "registry.csv").string());
  medbudget::claims_options opt;
  opt.county = "230123";
  opt.year = 2024;
  opt.threads = threads;
  opt.batch_bytes = batch_bytes;
  if (batches != nullptr)
    opt.progress = [batches](const medbudget::claims_progress& p) { *batches += p.pass == 1 ? 1 : 0; };
  return medbudget::render(medbudget::aggregate_claims((data_dir / "small" / "claims.csv").string(), reg, nullptr, opt), {});
}

}  // namespace

// ---- 1, 2: the spec example -------------------------------------------------------------------------

TEST(ClaimsSpecExample, MatchesExpectedJsonFieldForField) {
  const auto expected = nlohmann::json::parse(medbudget::read_file((data_dir / "small" / "expected.json").string()));
  const auto got = nlohmann::json::parse(small_json(0, 32u << 20));
  expect_subset(expected, got, "");
}

TEST(ClaimsSpecExample, SameBytesWhateverThreadsAndBatches) {
  const std::string reference = small_json(1, 32u << 20);
  for (unsigned threads : {1u, 2u, 3u}) {
    for (std::size_t batch : {std::size_t{32u << 20}, std::size_t{4096}, std::size_t{1000}, std::size_t{200}}) {
      int batches = 0;
      EXPECT_EQ(small_json(threads, batch, &batches), reference) << threads << " threads, batches of " << batch;
      if (batch <= 4096) {
        EXPECT_GT(batches, 5) << "batches of " << batch << " bytes should split the file";
      }
    }
  }
}

// A batch smaller than one line must only cost speed: records longer than a batch are read whole.
TEST(ClaimsSpecExample, BatchSmallerThanTheHeaderLine) {
  const std::string reference = small_json(1, 32u << 20);
  std::string got;
  try {
    got = small_json(2, 100);  // the header line is 172 bytes, records up to 172
  } catch (const input_error& e) {
  }
  EXPECT_EQ(got, reference);
}

// The file's digest, taken from the bytes the aggregation reads, is the file's SHA-256 whatever the
// batches and threads; it is only made when asked for.
TEST(ClaimsSpecExample, DigestIsTheFilesSha256) {
  const std::string path = (data_dir / "small" / "claims.csv").string();
  const std::string expected = medbudget::sha256_of_file(path);
  ASSERT_EQ(expected.size(), 64u);
  const auto reg = medbudget::read_registry((data_dir / "small" / "registry.csv").string());
  medbudget::claims_options opt;
  opt.county = "230123";
  opt.year = 2024;
  EXPECT_EQ(medbudget::aggregate_claims(path, reg, nullptr, opt).sha256, "");
  opt.digest = true;
  for (unsigned threads : {1u, 2u})
    for (std::size_t batch : {std::size_t{32u << 20}, std::size_t{1000}, std::size_t{200}}) {
      opt.threads = threads;
      opt.batch_bytes = batch;
      EXPECT_EQ(medbudget::aggregate_claims(path, reg, nullptr, opt).sha256, expected)
          << threads << " threads, batches of " << batch;
    }
}

// ---- 3: the rules, on hand-made rows ----------------------------------------------------------------

TEST(ClaimsReversals, LaterMonthReversalIsBookedInItsOwnMonth) {
  const auto r = aggregate(file(csv({{.id = "S1", .hifp = "100.00", .time = "2024-03-05 09:00:00"},
                                     {.id = "S2", .hifp = "-100.00", .time = "2024-05-10 09:00:00", .init = "S1"}})));
  EXPECT_EQ(r.records.read, 2);
  EXPECT_EQ(r.records.counted, 2);
  EXPECT_EQ(r.records.reversals, 1);
  EXPECT_EQ(r.records.reversals_unmatched, 0);
  EXPECT_EQ(r.records.reversals_partial, 0);
  const auto& a = alliance(r, "390", "A1");
  EXPECT_EQ(a.in_alliance_local.str(), "0.00");
  EXPECT_EQ(a.monthly_in_alliance_local[2].str(), "100.00");
  EXPECT_EQ(a.monthly_in_alliance_local[4].str(), "-100.00");
  EXPECT_EQ(a.monthly_in_alliance_local[3].str(), "0.00");
}

TEST(ClaimsReversals, ReversalBeforeItsOriginalInTheFileStillMatches) {
  const auto r = aggregate(file(csv({{.id = "S2", .hifp = "-100.00", .time = "2024-05-10 09:00:00", .init = "S1"},
                                     {.id = "S1", .hifp = "100.00", .time = "2024-03-05 09:00:00"}})));
  EXPECT_EQ(r.records.reversals, 1);
  EXPECT_EQ(r.records.reversals_unmatched, 0);
  EXPECT_EQ(r.records.reversals_partial, 0);
}

TEST(ClaimsReversals, PartialReversalIsCountedAndNets) {
  const auto r = aggregate(file(csv({{.id = "S1", .hifp = "100.00"}, {.id = "S2", .hifp = "-40.00", .init = "S1"}})));
  EXPECT_EQ(r.records.reversals, 1);
  EXPECT_EQ(r.records.reversals_partial, 1);
  EXPECT_EQ(r.records.reversals_unmatched, 0);
  EXPECT_EQ(alliance(r, "390", "A1").in_alliance_local.str(), "60.00");
}

TEST(ClaimsReversals, UnmatchedReversalsAreStillBooked) {
  const auto r = aggregate(file(csv({
      {.id = "R1", .hifp = "-1.00", .init = "GONE"},                       // original absent
      {.id = "S2", .hifp = "2.00", .vali = "0"},                            // invalid original
      {.id = "R2", .hifp = "-2.00", .init = "S2"},
      {.id = "S3", .hifp = "4.00", .time = "2023-12-20 10:00:00"},          // original in 2023
      {.id = "R3", .hifp = "-4.00", .time = "2024-01-05 10:00:00", .init = "S3"},
      {.id = "S4", .hifp = "8.00", .insutype = "392"},                      // original in another fund
      {.id = "R4", .hifp = "-8.00", .init = "S4"},
  })));
  EXPECT_EQ(r.records.read, 7);
  EXPECT_EQ(r.records.counted, 4);
  EXPECT_EQ(r.records.reversals, 4);
  EXPECT_EQ(r.records.reversals_unmatched, 4);
  EXPECT_EQ(r.records.reversals_partial, 0);
  EXPECT_EQ(r.records.excluded_invalid, 1);
  EXPECT_EQ(r.records.excluded_out_of_period, 1);
  EXPECT_EQ(r.records.excluded_other_insutype, 1);
  const auto& a = alliance(r, "390", "A1");
  EXPECT_EQ(a.in_alliance_local.str(), "-15.00");
  EXPECT_EQ(a.monthly_in_alliance_local[0].str(), "-4.00");
  EXPECT_EQ(a.monthly_in_alliance_local[2].str(), "-11.00");
}

TEST(ClaimsReversals, PositiveAmountOnAReversalIsAnError) {
  const std::string p = file(csv({{.id = "S1", .hifp = "5.00"}, {.id = "S2", .hifp = "5.00", .init = "S1"}}));
  const auto e = error_of(p);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->where(), at(p, 3, c_hifp));
}

// Both line numbers appear in the message as numbers of their own.
void expect_names_lines(const input_error& e, const std::string& path, int first, int second) {
  EXPECT_TRUE(e.where() == at(path, first) || e.where() == at(path, second)) << e.where();
  for (int line : {first, second})
    EXPECT_TRUE(std::regex_search(e.message(), std::regex("(^|[^0-9A-Za-z])" + std::to_string(line) + "([^0-9]|$)")))
        << "line " << line << " not named in: " << e.message();
}

TEST(ClaimsDuplicates, DuplicateSetlIdNamesBothLines) {
  const std::string p = file(csv({{.id = "S1"}, {.id = "S2"}, {.id = "S1", .psn = "P2"}}));
  const auto e = error_of(p);
  ASSERT_TRUE(e);
  expect_names_lines(*e, p, 2, 4);
}

TEST(ClaimsDuplicates, DuplicateIsAnErrorWhenOneRowIsExcluded) {
  const std::string p = file(csv({{.id = "S1", .vali = "0"}, {.id = "S2"}, {.id = "S3", .insutype = "392"},
                                  {.id = "S1"}, {.id = "S3", .time = "2023-06-01 10:00:00"}}));
  const auto e = error_of(p);
  ASSERT_TRUE(e);
  expect_names_lines(*e, p, 2, 5);
}

TEST(ClaimsDuplicates, DuplicateFarApartInOtherBatches) {
  std::vector<rec> rows{{.id = "DUP", .hifp = "3.00"}};
  for (const rec& f : filler(60)) rows.push_back(f);
  rows.push_back({.id = "DUP", .hifp = "3.00", .psn = "P2"});  // line 63
  const std::string p = file(csv(rows));
  for (unsigned threads : {1u, 2u, 3u})
    for (std::size_t batch : {std::size_t{32u << 20}, std::size_t{1000}, std::size_t{300}}) {
      SCOPED_TRACE(std::to_string(threads) + " threads, batches of " + std::to_string(batch));
      const auto e = error_of(p, {.threads = threads, .batch_bytes = batch});
      ASSERT_TRUE(e);
      expect_names_lines(*e, p, 2, 63);
    }
}

TEST(ClaimsExclusions, RecordsOutsideTheYearAreOutOfPeriod) {
  const auto r = aggregate(file(csv({{.id = "S1", .hifp = "1.00", .time = "2023-12-31 23:59:59"},
                                     {.id = "S2", .hifp = "2.00", .time = "2024-01-01 00:00:00"},
                                     {.id = "S3", .hifp = "4.00", .time = "2024-12-31 23:59:59"},
                                     {.id = "S4", .hifp = "8.00", .time = "2025-01-01 00:00:00"}})));
  EXPECT_EQ(r.records.read, 4);
  EXPECT_EQ(r.records.counted, 2);
  EXPECT_EQ(r.records.excluded_out_of_period, 2);
  const auto& a = alliance(r, "390", "A1");
  EXPECT_EQ(a.in_alliance_local.str(), "6.00");
  EXPECT_EQ(a.monthly_in_alliance_local[0].str(), "2.00");
  EXPECT_EQ(a.monthly_in_alliance_local[11].str(), "4.00");
  EXPECT_EQ(a.persons, 1);
}

TEST(ClaimsExclusions, OneReasonPerRowTestedInOrder) {
  const auto r = aggregate(file(csv({
      {.id = "S1", .vali = "0"},                                                        // invalid
      {.id = "S2", .vali = "2"},                                                        // invalid
      {.id = "S3", .insutype = "392", .vali = "0"},                                     // invalid before insutype
      {.id = "S4", .time = "2023-05-01 10:00:00", .insutype = "392", .vali = "0"},      // invalid first
      {.id = "S5", .insutype = "392"},                                                  // other insutype
      {.id = "S6", .time = "2023-05-01 10:00:00", .insutype = "392"},                   // insutype before period
      {.id = "S7", .time = "2023-05-01 10:00:00", .insutype = "310"},                   // out of period
      {.id = "S8", .hifp = "1.00", .insutype = "310"},                                  // counted
      {.id = "S9", .hifp = "2.00"},                                                     // counted
  })));
  EXPECT_EQ(r.records.read, 9);
  EXPECT_EQ(r.records.excluded_invalid, 4);
  EXPECT_EQ(r.records.excluded_other_insutype, 2);
  EXPECT_EQ(r.records.excluded_out_of_period, 1);
  EXPECT_EQ(r.records.counted, 2);
  expect_read_is_counted_plus_excluded(r.records);
  EXPECT_EQ(alliance(r, "310", "A1").in_alliance_local.str(), "1.00");
  EXPECT_EQ(alliance(r, "390", "A1").in_alliance_local.str(), "2.00");
}

TEST(ClaimsAge, WholePartOfAgeElseFromBirthDate) {
  const auto r = aggregate(file(csv({
      {.id = "S1", .hifp = "1.00", .age = "45.0"},                          // 45
      {.id = "S2", .hifp = "2.00", .age = "44.9"},                          // 44
      {.id = "S3", .hifp = "4.00", .age = "", .brdy = "1980-06-01"},        // 43 on 2024-03-01
      {.id = "S4", .hifp = "8.00", .age = "45.0", .brdy = "2000-01-01"},    // the age cell wins: 45
  })));
  const auto& a = alliance(r, "390", "A1");
  EXPECT_EQ(split_of(a.by_band, "18-44"), "6.00");
  EXPECT_EQ(split_of(a.by_band, "45-59"), "9.00");
}

TEST(ClaimsAge, BirthdayOnTheSettlementDayCountsTheNewAge) {
  const std::string day = "2024-06-15 08:00:00";
  const auto r = aggregate(file(csv({
      {.id = "S1", .hifp = "1.00", .time = day, .age = "", .brdy = "2006-06-15"},    // 18
      {.id = "S2", .hifp = "2.00", .time = day, .age = "", .brdy = "2006-06-16"},    // 17
      {.id = "S3", .hifp = "4.00", .time = day, .age = "", .brdy = "1979-06-15"},    // 45
      {.id = "S4", .hifp = "8.00", .time = day, .age = "", .brdy = "1979-06-16"},    // 44
      {.id = "S5", .hifp = "16.00", .time = day, .age = "", .brdy = "1964-06-15"},   // 60
      {.id = "S6", .hifp = "32.00", .time = day, .age = "", .brdy = "1964-06-16"},   // 59
      {.id = "S7", .hifp = "64.00", .time = day, .age = "", .brdy = "1949-06-15"},   // 75
      {.id = "S8", .hifp = "128.00", .time = day, .age = "", .brdy = "1949-06-16"},  // 74
  })));
  const auto& a = alliance(r, "390", "A1");
  EXPECT_EQ(split_of(a.by_band, "0-17"), "2.00");
  EXPECT_EQ(split_of(a.by_band, "18-44"), "9.00");
  EXPECT_EQ(split_of(a.by_band, "45-59"), "36.00");
  EXPECT_EQ(split_of(a.by_band, "60-74"), "144.00");
  EXPECT_EQ(split_of(a.by_band, "75+"), "64.00");
}

TEST(ClaimsAge, LeapDayBirthdayFallsOnFirstMarchInOtherYears) {
  const auto r = aggregate(file(csv({
                               {.id = "S1", .hifp = "1.00", .time = "2022-02-28 23:59:59", .age = "", .brdy = "2004-02-29"},
                               {.id = "S2", .hifp = "2.00", .time = "2022-03-01 00:00:00", .age = "", .brdy = "2004-02-29"},
                           })),
                           {.year = 2022});
  const auto& a = alliance(r, "390", "A1");
  EXPECT_EQ(split_of(a.by_band, "0-17"), "1.00");
  EXPECT_EQ(split_of(a.by_band, "18-44"), "2.00");
}

// Line 2: a comma; line 3: doubled quotes; lines 4–5: one record with a newline; line 6: plain.
const std::string quoted_rows = header + "\n" + rec{.id = "S1", .hifp = "1.00", .psn = "\"P,1\""}.line() + "\n" +
                                rec{.id = "S2", .hifp = "2.00", .psn = "\"P\"\"2\""}.line() + "\n" +
                                rec{.id = "S3", .hifp = "4.00", .psn = "\"P\n3\""}.line() + "\n" +
                                rec{.id = "S4", .hifp = "8.00"}.line() + "\n";

TEST(ClaimsCsv, QuotedFieldsWithCommasQuotesAndNewlines) {
  const auto r = aggregate(file(quoted_rows));
  EXPECT_EQ(r.records.read, 4);
  const auto& a = alliance(r, "390", "A1");
  EXPECT_EQ(a.in_alliance_local.str(), "15.00");
  EXPECT_EQ(a.persons, 4);
}

TEST(ClaimsCsv, LineNumbersAfterAQuotedNewlineArePhysical) {
  const std::string p = file(quoted_rows + rec{.id = "S5", .hifp = "1.234"}.line() + "\n");
  const auto e = error_of(p);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->where(), at(p, 7, c_hifp));
  // An error in the record spanning lines 4–5 is reported where it starts.
  const std::string q = file(header + "\n" + rec{.id = "S1"}.line() + "\n" + rec{.id = "S2"}.line() + "\n" +
                                 rec{.id = "S3", .hifp = "x", .psn = "\"P\n3\""}.line() + "\n",
                             ".spanning");
  const auto f = error_of(q);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->where(), at(q, 4, c_hifp));
}

TEST(ClaimsCsv, LineNumbersStayPhysicalAcrossBatches) {
  std::string bytes = header + "\n" + rec{.id = "Q", .psn = "\"P\nQ\""}.line() + "\n";  // lines 2–3
  for (const rec& f : filler(50)) bytes += f.line() + "\n";                            // lines 4–53
  bytes += rec{.id = "BAD", .time = "2024-13-01 10:00:00"}.line() + "\n";                 // line 54
  const std::string p = file(bytes);
  for (unsigned threads : {1u, 3u})
    for (std::size_t batch : {std::size_t{32u << 20}, std::size_t{1000}, std::size_t{300}}) {
      const auto e = error_of(p, {.threads = threads, .batch_bytes = batch});
      ASSERT_TRUE(e);
      EXPECT_EQ(e->where(), at(p, 54, c_setl_time)) << threads << " threads, batches of " << batch;
    }
}

TEST(ClaimsCsv, ErrorsInLaterBatchesAndTheFirstErrorWins) {
  std::string bytes = header + "\n";
  for (const rec& f : filler(50)) bytes += f.line() + "\n";                         // lines 2–51
  const std::string unterminated = bytes + "S9,,0,1,\"P9,390,11\n" + filler(1)[0].line() + "\n";  // from line 52
  const std::string p = file(unterminated, ".unterminated");
  const std::string two_errors = header + "\n" + rec{.id = "A", .hifp = "1.001"}.line() + "\n" +  // line 2
                                 bytes.substr(header.size() + 1) + rec{.id = "B", .admdvs = "1"}.line() + "\n";  // line 53
  const std::string q = file(two_errors, ".two");
  for (unsigned threads : {1u, 3u})
    for (std::size_t batch : {std::size_t{32u << 20}, std::size_t{1000}, std::size_t{300}}) {
      SCOPED_TRACE(std::to_string(threads) + " threads, batches of " + std::to_string(batch));
      const auto e = error_of(p, {.threads = threads, .batch_bytes = batch});
      ASSERT_TRUE(e);
      EXPECT_EQ(e->where(), at(p, 52));
      const auto f = error_of(q, {.threads = threads, .batch_bytes = batch});
      ASSERT_TRUE(f);
      EXPECT_EQ(f->where(), at(q, 2, c_hifp));
    }
}

TEST(ClaimsCsv, InvalidUtf8InASpanningRecordIsReportedWhereTheRecordStarts) {
  // Lines 3–4 are one record; the bad byte is on line 4.
  const std::string p = file(csv({{.id = "S1"}}) + rec{.id = "S2", .psn = "\"P\n\xFF\""}.line() + "\n");
  const auto e = error_of(p);
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->where() == at(p, 3) || e->where() == at(p, 3, c_psn)) << e->where();
}

TEST(ClaimsCsv, NoNewlineAtTheEnd) {
  std::string bytes = csv({{.id = "S1", .hifp = "1.00"}, {.id = "S2", .hifp = "2.00"}});
  bytes.pop_back();
  const auto r = aggregate(file(bytes));
  EXPECT_EQ(r.records.read, 2);
  EXPECT_EQ(alliance(r, "390", "A1").in_alliance_local.str(), "3.00");
}

TEST(ClaimsCsv, ByteOrderMarkAndCrlf) {
  const std::vector<rec> rows{{.id = "S1", .hifp = "1.00"}, {.id = "S2", .hifp = "2.00", .psn = "P2"}};
  const std::string plain = medbudget::render(aggregate(file(csv(rows), ".plain")), {});
  const std::string bom = "\xEF\xBB\xBF" + csv(rows);
  EXPECT_EQ(medbudget::render(aggregate(file(bom, ".bom")), {}), plain);
  std::string crlf;
  for (char c : "\xEF\xBB\xBF" + csv(rows) + rec{.id = "S3", .hifp = "0.00"}.line() + "\n") {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  const auto r = aggregate(file(crlf, ".crlf"));
  EXPECT_EQ(r.records.read, 3);
  EXPECT_EQ(alliance(r, "390", "A1").in_alliance_local.str(), "3.00");
  EXPECT_EQ(alliance(r, "390", "A1").persons, 2);
  // Errors in a BOM + CRLF file name the physical line.
  std::string bad_crlf;
  for (char c : bom + rec{.id = "S3", .insutype = "3X0"}.line() + "\n") {
    if (c == '\n') bad_crlf += '\r';
    bad_crlf += c;
  }
  const std::string p = file(bad_crlf, ".bad");
  const auto e = error_of(p);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->where(), at(p, 4, c_insutype));
}

TEST(ClaimsCsv, AliasesUpperCaseAndUnknownColumns) {
  const std::string plain = medbudget::render(
      aggregate(file(csv({{.id = "S1", .hifp = "1.00"}, {.id = "S2", .hifp = "2.00", .inst = "HX"}}), ".plain")), {});
  // Shuffled, upper case, aliases, two unknown columns holding anything.
  const std::string alias1 =
      "备注,HIFP_PAY,SETL_ID,PSN_NO,INSUTYPE,MED_TYPE,SETL_TIME,FIXMEDINS_CODE,INSUPLC_ADMDVS,AGE,CASH_PAYAMT,Extra_Col\n"
      "\"a, b\",1.00,S1,P1,390,11,2024-03-01 10:00:00,H01,230123,40,0.50,x.yyy\n"
      "注,2.00,S2,P1,390,11,2024-03-01 10:00:00,HX,230123,40.0,,-\n";
  EXPECT_EQ(medbudget::render(aggregate(file(alias1, ".alias1")), {}), plain);
  const std::string alias2 =
      "Setl_Id,Insu_Admdvs,Psn_No,Insutype,Med_Type,Setl_Time,Fixmedins_Code,Brdy,Hifp_Pay,Vali_Flag\n"
      "S1,230123,P1,390,11,2024-03-01 10:00:00,H01,1984-01-01,1.00,1\n"
      "S2,230123,P1,390,11,2024-03-01 10:00:00,HX,1984-01-01,2.00,1\n";
  EXPECT_EQ(medbudget::render(aggregate(file(alias2, ".alias2")), {}), plain);
  // CASH_PAYAMT is read as psn_cash_pay: a bad amount there is an error in its column.
  const std::string p = file(
      "SETL_ID,PSN_NO,INSUTYPE,MED_TYPE,SETL_TIME,FIXMEDINS_CODE,INSU_ADMDVS,AGE,HIFP_PAY,CASH_PAYAMT\n"
      "S1,P1,390,11,2024-03-01 10:00:00,H01,230123,40,1.00,1.001\n",
      ".bad");
  const auto e = error_of(p);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->where(), at(p, 2, 10));
}

TEST(ClaimsClassification, UnregisteredInstitution) {
  const auto r = aggregate(file(csv({
      {.id = "S1", .hifp = "5.00", .inst = "HZZ"},                          // local: O, unregistered
      {.id = "S2", .hifp = "7.00", .inst = "HZZ", .admdvs = "230102"},      // not local: nowhere
      {.id = "S3", .hifp = "9.00", .inst = "HZZ", .vali = "0"},             // excluded: not counted
      {.id = "S4", .hifp = "1.00"},
  })));
  EXPECT_EQ(r.records.unregistered_institutions, 2);
  const auto& a = alliance(r, "390", "A1");
  EXPECT_EQ(a.in_alliance_local.str(), "1.00");
  EXPECT_EQ(a.out_of_alliance_local.str(), "5.00");
  EXPECT_EQ(a.unregistered.str(), "5.00");
  EXPECT_EQ(a.in_alliance_nonlocal.str(), "0.00");
}

TEST(ClaimsClassification, OutOfAllianceSplitByPlace) {
  const auto r = aggregate(file(csv({
                               {.id = "S1", .hifp = "1.00", .inst = "H11"},  // a member of A2
                               {.id = "S2", .hifp = "2.00", .inst = "HN"},   // county, no alliance
                               {.id = "S3", .hifp = "4.00", .inst = "HX"},   // out of county
                               {.id = "S4", .hifp = "8.00", .inst = "HZZ"},  // not in the registry
                               {.id = "S5", .hifp = "16.00", .inst = "H02"},
                           })),
                           {.registry = "registry-two.csv", .attribution = "attribution-two.csv"});
  const auto& a = alliance(r, "390", "A1");
  EXPECT_EQ(a.in_alliance_local.str(), "16.00");
  EXPECT_EQ(a.out_of_alliance_local.str(), "15.00");
  EXPECT_EQ(a.other_alliance.str(), "1.00");
  EXPECT_EQ(a.county_nonmember.str(), "2.00");
  EXPECT_EQ(a.out_of_county.str(), "4.00");
  EXPECT_EQ(a.unregistered.str(), "8.00");
  EXPECT_EQ(a.monthly_out_of_alliance_local[2].str(), "15.00");
  EXPECT_EQ(alliance(r, "390", "A2").in_alliance_cross.str(), "1.00");
}

TEST(ClaimsClassification, TwoAlliancesWithAttribution) {
  const auto r = aggregate(file(csv({
                               {.id = "S1", .hifp = "10.00", .psn = "P1", .inst = "H01"},   // I of A1, LEAD
                               {.id = "S2", .hifp = "20.00", .psn = "P1", .inst = "H02"},   // I of A1, T1
                               {.id = "S3", .hifp = "40.00", .psn = "P2", .inst = "H01"},   // cross of A1, O of A2
                               {.id = "S4", .hifp = "160.00", .psn = "P4", .inst = "H11", .admdvs = "230102"},  // NL of A2
                               {.id = "S5", .hifp = "320.00", .psn = "P2", .inst = "H11", .insutype = "310"},  // I of A2
                           })),
                           {.registry = "registry-two.csv", .attribution = "attribution-two.csv"});
  const auto& a1 = alliance(r, "390", "A1");
  EXPECT_EQ(a1.in_alliance_local.str(), "30.00");
  EXPECT_EQ(split_of(a1.by_member, "LEAD"), "10.00");
  EXPECT_EQ(split_of(a1.by_member, "T1"), "20.00");
  EXPECT_EQ(a1.out_of_alliance_local.str(), "0.00");
  EXPECT_EQ(a1.in_alliance_cross.str(), "40.00");
  EXPECT_EQ(a1.in_alliance_nonlocal.str(), "0.00");
  EXPECT_EQ(a1.persons, 1);
  const auto& a2 = alliance(r, "390", "A2");
  EXPECT_EQ(a2.in_alliance_local.str(), "0.00");
  EXPECT_EQ(a2.out_of_alliance_local.str(), "40.00");
  EXPECT_EQ(a2.other_alliance.str(), "40.00");
  EXPECT_EQ(a2.in_alliance_nonlocal.str(), "160.00");
  EXPECT_EQ(a2.persons, 1);
  EXPECT_EQ(alliance(r, "310", "A2").in_alliance_local.str(), "320.00");
  EXPECT_EQ(alliance(r, "310", "A2").persons, 1);
  EXPECT_EQ(alliance(r, "310", "A1").persons, 0);
}

TEST(ClaimsClassification, UnattributedLocalBelongsToNoAlliance) {
  const auto r = aggregate(file(csv({
                               {.id = "S1", .hifp = "80.00", .psn = "P3", .inst = "H01"},  // member of A1
                               {.id = "S2", .hifp = "5.00", .psn = "P3", .inst = "HX"},   // elsewhere
                           })),
                           {.registry = "registry-two.csv", .attribution = "attribution-two.csv"});
  for (const std::string id : {"A1", "A2"}) {
    const auto& a = alliance(r, "390", id);
    EXPECT_EQ(a.in_alliance_local.str(), "0.00") << id;
    EXPECT_EQ(a.out_of_alliance_local.str(), "0.00") << id;
    EXPECT_EQ(a.in_alliance_nonlocal.str(), "0.00") << id;
    EXPECT_EQ(a.persons, 0) << id;
  }
  EXPECT_EQ(alliance(r, "390", "A1").in_alliance_cross.str(), "0.00");
  // Revision 3: U of the treating alliance (A1, the member H01), and elsewhere (HX).
  EXPECT_EQ(alliance(r, "390", "A1").unattributed_local.str(), "80.00");
  EXPECT_EQ(alliance(r, "390", "A1").monthly_unattributed_local[2].str(), "80.00");
  EXPECT_EQ(alliance(r, "390", "A2").unattributed_local.str(), "0.00");
  EXPECT_EQ(r.funds[1].reconciliation.unattributed_elsewhere.str(), "5.00");
  EXPECT_EQ(r.funds[1].reconciliation.sum.str(), "85.00");  // 80.00 + 5.00
}

TEST(ClaimsClassification, TwoAlliancesWithoutAttributionIsAnError) {
  const std::string p = file(csv({{.id = "S1"}}));
  EXPECT_THROW((void)aggregate(p, {.registry = "registry-two.csv"}), input_error);
}

TEST(ClaimsClassification, NonLocalInsuredIsNlAtMembersOnly) {
  const auto r = aggregate(file(csv({
      {.id = "S1", .hifp = "7.00", .psn = "P9", .inst = "H01", .admdvs = "230102"},
      {.id = "S2", .hifp = "9.00", .psn = "P9", .inst = "HN", .admdvs = "230102"},
      {.id = "S3", .hifp = "1.00", .psn = "P9", .inst = "H03", .admdvs = "440102"},
      {.id = "S4", .hifp = "2.00", .insutype = "310"},  // a local insured (fund 310): the file is the county's
  })));
  const auto& a = alliance(r, "390", "A1");
  EXPECT_EQ(a.in_alliance_nonlocal.str(), "8.00");
  EXPECT_EQ(a.in_alliance_local.str(), "0.00");
  EXPECT_EQ(a.out_of_alliance_local.str(), "0.00");
  EXPECT_EQ(a.in_alliance_cross.str(), "0.00");
  EXPECT_EQ(a.persons, 0);
}

TEST(ClaimsClassification, PersonsAreDistinctInsuredPerFund) {
  const auto r = aggregate(file(csv({
      {.id = "S1", .psn = "P1"},
      {.id = "S2", .psn = "P1"},
      {.id = "S3", .psn = "P1", .inst = "HX"},
      {.id = "S4", .psn = "P1", .insutype = "310"},
      {.id = "S5", .psn = "P2", .inst = "HN"},                            // wherever treated
      {.id = "S6", .psn = "P3", .vali = "0"},                             // excluded: no
      {.id = "S7", .psn = "P4", .time = "2023-12-31 10:00:00"},           // other year: no
      {.id = "S8", .psn = "P5", .admdvs = "230102"},                      // not local: no
  })));
  EXPECT_EQ(alliance(r, "390", "A1").persons, 2);
  EXPECT_EQ(alliance(r, "310", "A1").persons, 1);
}

// ---- 4: every error -------------------------------------------------------------------------------

struct error_case {
  const char* name;
  std::string bytes;
  std::string where_suffix;  // ":<line>" or ":<line>:<column>"
};

TEST(ClaimsErrors, EachMalformedInputNamesItsPlace) {
  const std::string ok = rec{.id = "S1"}.line() + "\n";
  const std::string drop_hifp = "setl_id,init_setl_id,refd_setl_flag,vali_flag,psn_no,insutype,med_type,setl_time,"
                                "fixmedins_code,insu_admdvs,age,brdy\nS1,,0,1,P1,390,11,2024-03-01 10:00:00,H01,230123,40,\n";
  const std::string no_age = "setl_id,psn_no,insutype,med_type,setl_time,fixmedins_code,insu_admdvs,hifp_pay\n"
                             "S1,P1,390,11,2024-03-01 10:00:00,H01,230123,1.00\n";
  const std::vector<error_case> cases{
      {"three decimals", header + "\n" + ok + rec{.id = "S2", .hifp = "12.345"}.line() + "\n", ":3:13"},
      {"not an amount", header + "\n" + ok + rec{.id = "S2", .hifp = "1.5x"}.line() + "\n", ":3:13"},
      {"three decimals, excluded row", header + "\n" + ok + rec{.id = "S2", .hifp = "0.001", .vali = "0"}.line() + "\n",
       ":3:13"},
      {"30 February", header + "\n" + ok + rec{.id = "S2", .time = "2024-02-30 10:00:00"}.line() + "\n", ":3:8"},
      {"date without time", header + "\n" + ok + rec{.id = "S2", .time = "2024-02-03"}.line() + "\n", ":3:8"},
      {"bad date, other year", header + "\n" + ok + rec{.id = "S2", .time = "2023/02/03 10:00:00"}.line() + "\n", ":3:8"},
      {"a field short", header + "\n" + ok + "S2,,0,1,P1,390,11,2024-03-01 10:00:00,H01,230123,40,1.00\n", ":3"},
      {"a field more", header + "\n" + ok + rec{.id = "S2"}.line() + ",\n", ":3"},
      {"bad insutype", header + "\n" + ok + rec{.id = "S2", .insutype = "39O"}.line() + "\n", ":3:6"},
      {"empty insutype", header + "\n" + ok + rec{.id = "S2", .insutype = ""}.line() + "\n", ":3:6"},
      {"5-digit admdvs", header + "\n" + ok + rec{.id = "S2", .admdvs = "23012"}.line() + "\n", ":3:10"},
      {"admdvs with a letter", header + "\n" + ok + rec{.id = "S2", .admdvs = "23012A"}.line() + "\n", ":3:10"},
      {"missing hifp_pay column", drop_hifp, ":1"},
      {"missing age and brdy columns", no_age, ":1"},
      {"unterminated quote at the end", header + "\n" + ok + "S2,,0,1,\"P1,390,11,2024-03-01 10:00:00,H01,230123,40,,1.00\n",
       ":3"},
      {"unterminated quote, lines after", header + "\n" + ok + "S2,,0,1,\"P1,390\n" + ok + ok, ":3"},
      {"invalid UTF-8", header + "\n" + ok + rec{.id = "S2"}.line() + "\n" + rec{.id = "S3", .psn = "P\xC3("}.line() + "\n",
       ":4"},
  };
  for (const error_case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string p = file(c.bytes, "." + std::to_string(&c - cases.data()));
    const auto e = error_of(p);
    ASSERT_TRUE(e);
    if (std::string(c.name) == "invalid UTF-8" && e->where() == p + c.where_suffix + ":5") continue;  // a column is fine too
    EXPECT_EQ(e->where(), p + c.where_suffix) << e->what();
  }
}

TEST(ClaimsErrors, PersonalDataIsNeverQuoted) {
  const std::string secret = "SECRET4207";
  const std::vector<std::pair<std::string, std::string>> cases{
      {"psn_no too long", header + "\n" + rec{.id = "S1", .psn = secret + std::string(64, '9')}.line() + "\n"},
      {"quote inside psn_no", header + "\n" + rec{.id = "S1", .psn = "P\"" + secret}.line() + "\n"},
      {"invalid UTF-8 in psn_no", header + "\n" + rec{.id = "S1", .psn = secret + "\xFF"}.line() + "\n"},
      {"brdy not a date", header + "\n" + rec{.id = "S1", .age = "", .brdy = "1980-13-45"}.line() + "\n"},
      {"brdy after the settlement", header + "\n" + rec{.id = "S1", .age = "", .brdy = "2024-12-01"}.line() + "\n"},
      {"brdy in another format", header + "\n" + rec{.id = "S1", .age = "", .brdy = "19800101"}.line() + "\n"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& [name, bytes] = cases[i];
    SCOPED_TRACE(name);
    const std::string p = file(bytes, "." + std::to_string(i));
    const auto e = error_of(p);
    ASSERT_TRUE(e);
    const std::string what = e->what();
    EXPECT_EQ(what.find(secret), std::string::npos) << what;
    for (const char* cell : {"1980-13-45", "2024-12-01", "19800101"}) EXPECT_EQ(what.find(cell), std::string::npos) << what;
    EXPECT_EQ(e->where().rfind(p + ":2", 0), 0u) << e->where();
  }
  // Where it can be, the column is named: psn_no is column 5, brdy column 12.
  const std::string p = file(header + "\n" + rec{.id = "S1", .psn = ""}.line() + "\n", ".empty_psn");
  const auto e = error_of(p);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->where(), at(p, 2, c_psn));
  const std::string q = file(header + "\n" + rec{.id = "S1", .age = "", .brdy = "1980-13-45"}.line() + "\n", ".bad_brdy");
  const auto f = error_of(q);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->where(), at(q, 2, c_brdy));
}

namespace {

// The vectorised accumulation equals adding record by record (independent oracle: layout.cell and
// add, one record at a time), for counts that are and are not multiples of its 16-record step, and
// for every component at its largest value.
TEST(ClaimsTotals, AddRecordsEqualsAddingOneByOne) {
  const auto reg = medbudget::read_registry((data_dir / "small" / "registry.csv").string());
  const medbudget::claims_layout layout(reg, "230123", medbudget::preset("harbin").age_bands());
  for (const std::size_t n : {0u, 1u, 15u, 16u, 17u, 1000u}) {
    std::vector<std::uint8_t> fund(n), pa(n), month(n), band(n);
    std::vector<std::uint16_t> inst(n);
    std::vector<std::int64_t> amount(n);
    std::uint64_t x = 88172645463325252ull;  // xorshift64: a fixed, portable sequence
    auto next = [&] {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      return x;
    };
    for (std::size_t k = 0; k < n; ++k) {
      fund[k] = static_cast<std::uint8_t>(next() % medbudget::claims_layout::funds);
      pa[k] = static_cast<std::uint8_t>(next() % (layout.nonlocal() + 1));
      inst[k] = static_cast<std::uint16_t>(next() % layout.institution_count());
      month[k] = static_cast<std::uint8_t>(next() % medbudget::claims_layout::months);
      band[k] = static_cast<std::uint8_t>(next() % layout.bands().size());
      amount[k] = static_cast<std::int64_t>(next() % 2000001) - 1000000;  // −10,000.00 … 10,000.00 yuan
    }
    if (n > 0) {  // the largest index of every component
      fund[0] = medbudget::claims_layout::funds - 1;
      pa[0] = static_cast<std::uint8_t>(layout.nonlocal());
      inst[0] = static_cast<std::uint16_t>(layout.unregistered());
      month[0] = medbudget::claims_layout::months - 1;
      band[0] = static_cast<std::uint8_t>(layout.bands().size() - 1);
    }
    medbudget::claims_totals one_by_one(layout), vectorised(layout);
    for (std::size_t k = 0; k < n; ++k) one_by_one.add(layout.cell(fund[k], pa[k], inst[k], month[k], band[k]), amount[k]);
    vectorised.add_records(layout, fund.data(), pa.data(), inst.data(), month.data(), band.data(), amount.data(), n);
    EXPECT_EQ(vectorised.sums(), one_by_one.sums()) << n << " records";
  }
}

}  // namespace

namespace {

// Hunan's budget scope leaves county non-members out of O (docs/rules.md, Hunan ·总额支付范围), month by month too, so a
// year in progress can be monitored from records. claims-small's 390 figures (expected.json, worked
// by hand): O 219,962.56 of which county non-members 60,399.53, so O in scope 159,563.03.
TEST(ClaimsFill, HunanScopeKeepsMonthlyOutOfAllianceInScope) {
  const auto reg = medbudget::read_registry((data_dir / "small" / "registry.csv").string());
  medbudget::claims_options opt;
  opt.county = "230123";
  opt.year = 2024;
  const claims_result r = medbudget::aggregate_claims((data_dir / "small" / "claims.csv").string(), reg, nullptr, opt);
  for (const char* policy : {"hunan", "harbin"}) {
    medbudget::case_input c;
    c.pol = medbudget::preset(policy);
    c.year = 2024;
    c.county.admdvs = "230123";
    medbudget::fund_input f;
    f.insutype = "390";
    medbudget::alliance_input a;
    a.id = "YL01";
    f.alliances.push_back(a);
    c.funds.push_back(f);
    medbudget::fill_actuals(c, r);
    const auto& act = *c.funds[0].alliances[0].actuals;
    ASSERT_TRUE(act.monthly) << policy;
    ASSERT_EQ(act.monthly->out_of_alliance_local.size(), 12u);
    medbudget::fen sum;
    for (const auto m : act.monthly->out_of_alliance_local) sum += m;
    const std::string expected = std::string(policy) == "hunan" ? "159563.03" : "219962.56";
    EXPECT_EQ(act.out_of_alliance_local.str(), expected) << policy;
    EXPECT_EQ(sum.str(), expected) << policy;
  }
}

}  // namespace
