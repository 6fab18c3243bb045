// medbudget/io/commands.hpp: one validation of options for flags and the options object, printable
// messages, and a case's policy path only where the caller allows it.
#include "medbudget/io/commands.hpp"

#include <gtest/gtest.h>

#include <array>       // array
#include <filesystem>  // path, copy_file
#include <functional>  // function
#include <string>      // string

#include "medbudget/error.hpp"
#include "medbudget/io/files.hpp"

namespace fs = std::filesystem;

namespace {

std::string usage_message(const std::function<void()>& f) {
  try {
    f();
  } catch (const medbudget::usage_error& e) {
    return e.where() + " | " + e.what();
  }
  return "(no error)";
}

std::string input_message(const std::function<void()>& f) {
  try {
    f();
  } catch (const medbudget::input_error& e) {
    return e.what();
  }
  return "(no error)";
}

const std::string src = MEDBUDGET_SOURCE_DIR;

}  // namespace

TEST(Options, YearIsFourDigitsFrom1990To2100) {
  EXPECT_EQ(medbudget::year_option("1990", "--year"), 1990);
  EXPECT_EQ(medbudget::year_option("2100", "--year"), 2100);
  const std::string says = "--year | --year takes a year from 1990 to 2100, such as 2024";
  for (const char* bad : {"1989", "2101", "0000", "9999", "24", "02024", "2024 ", "", "２０２４"})
    EXPECT_EQ(usage_message([&] { (void)medbudget::year_option(bad, "--year"); }), says) << bad;
  // The options object says the key, not the flag.
  EXPECT_EQ(usage_message([] { (void)medbudget::parse_options(R"({"year": 9999})", std::array<std::string_view, 1>{"year"}); }),
            "year | year takes a year from 1990 to 2100, such as 2024");
}

TEST(Options, WholeNumbersHaveNoLeadingZeros) {
  EXPECT_EQ(medbudget::whole_number_option("1", "--threads", 1, 999), 1);
  EXPECT_EQ(medbudget::whole_number_option("999", "--threads", 1, 999), 999);
  EXPECT_EQ(medbudget::whole_number_option("0", "--seed", 0, 5), 0);
  const std::string says = "--threads | --threads takes a whole number from 1 to 999";
  // "0" and "00" alike: one rule for both (and "007", "1000", signs, spaces).
  for (const char* bad : {"0", "00", "007", "1000", "-1", "+1", " 1", "1.0", ""})
    EXPECT_EQ(usage_message([&] { (void)medbudget::whole_number_option(bad, "--threads", 1, 999); }), says) << bad;
}

TEST(Options, CountyIsSixDigits) {
  EXPECT_EQ(medbudget::county_option("230123", "--county"), "230123");
  for (const char* bad : {"23012", "2301234", "23012x", ""})
    EXPECT_EQ(usage_message([&] { (void)medbudget::county_option(bad, "--county"); }),
              "--county | --county takes a 6-digit 医保区划 code")
        << bad;
}

TEST(Options, EncodingIsUtf8Utf8BomOrGb18030) {
  EXPECT_EQ(medbudget::encoding_option("utf-8", "--encoding"), medbudget::csv_encoding::utf8);
  EXPECT_EQ(medbudget::encoding_option("utf-8-bom", "--encoding"), medbudget::csv_encoding::utf8_bom);
  EXPECT_EQ(medbudget::encoding_option("gb18030", "--encoding"), medbudget::csv_encoding::gb18030);
  for (const char* bad : {"latin1", "UTF-8", "utf8", "GB18030", "gbk", ""})
    EXPECT_EQ(usage_message([&] { (void)medbudget::encoding_option(bad, "--encoding"); }),
              "--encoding | --encoding takes utf-8, utf-8-bom or gb18030, not " + std::string(bad))
        << bad;
  const std::array<std::string_view, 2> keys{"format", "encoding"};
  EXPECT_EQ(medbudget::parse_options(R"({"encoding": "gb18030"})", keys).render.encoding, medbudget::csv_encoding::gb18030);
  EXPECT_EQ(medbudget::parse_options(R"({"encoding": null})", keys).render.encoding, medbudget::csv_encoding::by_language);
  EXPECT_EQ(usage_message([&] { (void)medbudget::parse_options(R"({"encoding": 8})", keys); }),
            "encoding | encoding takes utf-8, utf-8-bom or gb18030, not a number");
}

// The encoding is for CSV bytes: with another format (json by default) it is refused, not ignored;
// budget, settle and schedule take it, monitor (json or text only) does not know it.
TEST(Options, EncodingGoesWithCsv) {
  const std::string case_json = medbudget::read_file(src + "/examples/cases/sanming-package.case.json");
  for (const char* command : {"budget", "settle", "schedule"}) {
    SCOPED_TRACE(command);
    EXPECT_EQ(usage_message([&] { (void)medbudget::run_command(command, case_json, R"({"encoding": "utf-8"})"); }),
              "encoding | encoding applies to format csv and to claims and the files read with it");
    EXPECT_EQ(usage_message([&] {
                (void)medbudget::run_command(command, case_json, R"({"format": "text", "encoding": "utf-8-bom"})");
              }),
              "encoding | encoding applies to format csv and to claims and the files read with it");
    // "policy," starts the plain CSV; EF BB BF before it with utf-8-bom.
    EXPECT_EQ(medbudget::run_command(command, case_json, R"({"format": "csv", "encoding": "utf-8"})").output.substr(0, 7),
              "policy,");
    EXPECT_EQ(medbudget::run_command(command, case_json, R"({"format": "csv", "encoding": "utf-8-bom", "lang": "en"})")
                  .output.substr(0, 10),
              "\xEF\xBB\xBFpolicy,");
  }
  // monitor writes no CSV: without records to read, the encoding has nothing to apply to.
  EXPECT_EQ(usage_message([&] { (void)medbudget::run_command("monitor", case_json, R"({"encoding": "utf-8"})"); }),
            "encoding | encoding applies to format csv and to claims and the files read with it");
  // The program names its flags.
  medbudget::command_options o;
  o.option_prefix = "--";
  o.render.encoding = medbudget::csv_encoding::gb18030;
  EXPECT_EQ(usage_message([&] { (void)medbudget::settle_case(case_json, o); }),
            "--encoding | --encoding applies to --format csv and to --claims and the files read with it");
}

TEST(Options, IndicatorsRefuseAYearOutOfRangeFromALibraryCaller) {
  medbudget::command_options o;
  o.claims = src + "/tests/data/indicators/claims_2024.csv";
  o.registry = src + "/tests/data/indicators/registry.csv";
  o.county = "441721";
  o.year = 9999;
  EXPECT_EQ(usage_message([&] { (void)medbudget::indicator_records(o); }),
            "year | year takes a year from 1990 to 2100, such as 2024");
}

TEST(Printable, ControlCharactersAreEscapedAndTextKept) {
  EXPECT_EQ(medbudget::printable("a\x07" "b"), "a\\u0007b");
  EXPECT_EQ(medbudget::printable("\x1b[2J"), "\\u001b[2J");
  EXPECT_EQ(medbudget::printable("x\ny\x7f"), "x\\u000ay\\u007f");
  EXPECT_EQ(medbudget::printable("\xc2\x85"), "\\u0085");                // C1 NEL, UTF-8 C2 85
  EXPECT_EQ(medbudget::printable("永安市总医院 ©"), "永安市总医院 ©");   // © is C2 A9: kept
}

TEST(PolicyPath, RefusedByDefaultWithoutLookingAtTheFileSystem) {
  const std::string case_json = R"({"policy": "/etc/passwd", "year": 2024})";
  medbudget::command_options o;
  const std::string says =
      "policy: \"/etc/passwd\" is not a preset; only the presets are accepted here (guangdong_yangxi, harbin, hunan, "
      "sanming): a policy file is read only when the caller allows policy paths";
  EXPECT_EQ(input_message([&] { (void)medbudget::settle_case(case_json, o); }), says);
  // A path that does not exist gets the same answer: nothing can be learnt about the machine's files.
  EXPECT_EQ(input_message([&] { (void)medbudget::settle_case(R"({"policy": "/no/such", "year": 2024})", o); }),
            "policy: \"/no/such\" is not a preset; only the presets are accepted here (guangdong_yangxi, harbin, "
            "hunan, sanming): a policy file is read only when the caller allows policy paths");
  EXPECT_EQ(input_message([&] { (void)medbudget::run_command("budget", case_json, "{}"); }), says);
}

TEST(PolicyPath, AllowedWhenTheCallerAsksForIt) {
  const fs::path d = fs::path(MEDBUDGET_BINARY_DIR) / "commands_test" / "policy-path";
  fs::remove_all(d);
  fs::create_directories(d);
  fs::copy_file(src + "/policies/harbin.json", d / "mine.json");
  std::string case_json = medbudget::read_file(src + "/examples/cases/harbin-surplus.case.json");
  const std::string preset = R"("policy": "harbin")";
  case_json.replace(case_json.find(preset), preset.size(), R"("policy": "mine.json")");
  medbudget::command_options o;
  o.base_dir = d.string();
  EXPECT_NE(input_message([&] { (void)medbudget::budget_case(case_json, o); }), "(no error)");
  o.allow_policy_path = true;
  // The budget of harbin-surplus (cli test budget_json): the same policy, read from a file.
  EXPECT_NE(medbudget::budget_case(case_json, o).output.find("\"budget\": \"137174604.41\""), std::string::npos);
  const std::string options = R"({"allow_policy_path": true, "base_dir": ")" + d.string() + "\"}";
  EXPECT_NE(medbudget::run_command("budget", case_json, options).output.find("\"budget\": \"137174604.41\""),
            std::string::npos);
  EXPECT_EQ(usage_message([&] { (void)medbudget::run_command("budget", case_json, R"({"allow_policy_path": 1})"); }),
            "allow_policy_path | allow_policy_path takes true or false");
}
