// medbudget/io/render.hpp: the statement as a document — its number, the sign-off block — and CSV
// in the encoding asked for. Every expected value is worked by hand: the digests are sha256sum's of
// the case files, the GB18030 bytes come from iconv's tables
// (`printf '年终医共体应返还' | iconv -f UTF-8 -t GB18030 | xxd -p`), the rest from the header's rules.
#include "medbudget/io/render.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cctype>      // toupper
#include <filesystem>  // path
#include <stdexcept>   // invalid_argument
#include <string>      // string
#include <string_view> // string_view

#include "medbudget/error.hpp"
#include "medbudget/io/calendar_json.hpp"
#include "medbudget/io/files.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/schedule.hpp"
#include "medbudget/settle.hpp"

namespace mb = medbudget;
namespace fs = std::filesystem;

namespace {

const fs::path cases_dir = fs::path(MEDBUDGET_SOURCE_DIR) / "examples" / "cases";

// hunan-two-alliances: county 430281 (醴陵市), fund 390, 2024; sha256sum of the file:
// 0aa19f7fc2c2eec03a654cd524685fc4aef056efdaf5babc98acb4f4b70b27cc.
constexpr const char* hunan_sha256 = "0aa19f7fc2c2eec03a654cd524685fc4aef056efdaf5babc98acb4f4b70b27cc";

mb::case_input hunan_case() {
  const std::string bytes = mb::read_file((cases_dir / "hunan-two-alliances.case.json").string());
  return mb::load_case(bytes, "hunan", cases_dir.string()).value;
}

mb::statement hunan() { return mb::settle_year(hunan_case()); }

mb::render_options opts(mb::output_format format, mb::language lang, bool digest = true) {
  mb::render_options o;
  o.format = format;
  o.lang = lang;
  if (digest) o.input_sha256 = {hunan_sha256};
  return o;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

const std::string digest_a = "1a2b3c4d" + std::string(56, '0');

constexpr const char* zh_sign_off =
    "\n"
    "  经办人：__________  日期：____年__月__日\n"
    "  复核人：__________  日期：____年__月__日\n"
    "  负责人：__________  日期：____年__月__日\n"
    "  （单位盖章）\n";

// The labels padded to the widest ("prepared by: ", "approved by: ": 13 columns), so the blanks and
// the dates line up.
constexpr const char* en_sign_off =
    "\n"
    "  prepared by: ____________________  date: ____-__-__\n"
    "  checked by:  ____________________  date: ____-__-__\n"
    "  approved by: ____________________  date: ____-__-__\n"
    "  (official seal)\n";

}  // namespace

// ---- the document number --------------------------------------------------------------------------
TEST(DocumentNumber, IsCountyFundYearAndTheDigestsFirstEightHexDigitsInUpperCase) {
  EXPECT_EQ(mb::document_number("441721", "390", 2024, digest_a), "441721-390-2024-1A2B3C4D");
  EXPECT_EQ(mb::document_number("430281", "390", 2024, hunan_sha256), "430281-390-2024-0AA19F7F");
}

TEST(DocumentNumber, ChangesWithEachOfItsInputsAndOnlyWithThem) {
  EXPECT_EQ(mb::document_number("441721", "390", 2024, digest_a), mb::document_number("441721", "390", 2024, digest_a));
  EXPECT_EQ(mb::document_number("441722", "390", 2024, digest_a), "441722-390-2024-1A2B3C4D");
  EXPECT_EQ(mb::document_number("441721", "310", 2024, digest_a), "441721-310-2024-1A2B3C4D");
  EXPECT_EQ(mb::document_number("441721", "390", 2025, digest_a), "441721-390-2025-1A2B3C4D");
  EXPECT_EQ(mb::document_number("441721", "390", 2024, "1a2b3c4e" + std::string(56, '0')), "441721-390-2024-1A2B3C4E");
  // Past the eighth digit the digest does not show.
  EXPECT_EQ(mb::document_number("441721", "390", 2024, "1a2b3c4d" + std::string(56, 'f')), "441721-390-2024-1A2B3C4D");
}

TEST(DocumentNumber, RefusesADigestThatDoesNotStartWithEightHexDigits) {
  const auto refusal = [](std::string_view digest) {
    try {
      (void)mb::document_number("441721", "390", 2024, digest);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_EQ(refusal("1a2b3c4"), "a document number needs a digest of at least 8 hex digits");
  EXPECT_EQ(refusal(""), "a document number needs a digest of at least 8 hex digits");
  EXPECT_EQ(refusal("1a2b3c4g" + std::string(56, '0')), "a document number's digest must be hex");
}

TEST(DocumentNumber, InTheTextHeaderAfterTheCountyLine) {
  const std::string zh = mb::render(hunan(), opts(mb::output_format::text, mb::language::zh));
  EXPECT_NE(zh.find("政策: hunan\n清算单编号：430281-390-2024-0AA19F7F\n金额单位：元\n"), std::string::npos) << zh.substr(0, 600);
  const std::string en = mb::render(hunan(), opts(mb::output_format::text, mb::language::en));
  EXPECT_NE(en.find("policy: hunan\ndocument no. 430281-390-2024-0AA19F7F\namounts in yuan\n"), std::string::npos)
      << en.substr(0, 600);
  mb::render_options budget = opts(mb::output_format::text, mb::language::zh);
  budget.budget_only = true;
  EXPECT_NE(mb::render(mb::budget_year(hunan_case()), budget).find("预算表编号：430281-390-2024-0AA19F7F\n"), std::string::npos);
}

TEST(DocumentNumber, InEachFundOfTheJson) {
  const auto j = nlohmann::json::parse(mb::render(hunan(), opts(mb::output_format::json, mb::language::zh)));
  EXPECT_EQ(j["funds"][0]["document_number"], "430281-390-2024-0AA19F7F");
}

TEST(DocumentNumber, SameStatementSameText) {
  const auto o = opts(mb::output_format::text, mb::language::zh);
  EXPECT_EQ(mb::render(hunan(), o), mb::render(hunan(), o));
}

TEST(DocumentNumber, EachFundHasItsOwn) {
  mb::statement s = hunan();
  s.funds.push_back(s.funds[0]);
  s.funds[1].insutype = "310";
  const std::string text = mb::render(s, opts(mb::output_format::text, mb::language::zh));
  EXPECT_EQ(count(text, "清算单编号：430281-390-2024-0AA19F7F\n"), 1u);
  EXPECT_EQ(count(text, "清算单编号：430281-310-2024-0AA19F7F\n"), 1u);
  const auto j = nlohmann::json::parse(mb::render(s, opts(mb::output_format::json, mb::language::zh)));
  EXPECT_EQ(j["funds"][1]["document_number"], "430281-310-2024-0AA19F7F");
}

// Without an input digest (a library caller that set none) the number comes from the SHA-256 of the
// statement's JSON as render gives it, without the document_number keys.
TEST(DocumentNumber, WithoutAnInputDigestFromTheStatementsJsonWithoutNumbers) {
  const mb::statement s = hunan();
  const auto o = opts(mb::output_format::json, mb::language::zh, false);
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(mb::render(s, o));
  ASSERT_FALSE(j.contains("input_sha256"));
  const std::string numbered = j["funds"][0]["document_number"];
  for (auto& f : j["funds"]) f.erase("document_number");
  const std::string digest = mb::sha256_of(j.dump(1) + "\n");
  EXPECT_EQ(mb::document_digest(s, o), digest);
  std::string upper = digest.substr(0, 8);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(numbered, "430281-390-2024-" + upper);
  // Another figure, another number.
  mb::statement other = s;
  other.county_name = "醴陵";
  EXPECT_NE(mb::document_digest(other, o), digest);
}

// With records the statement has several input digests: the number comes from them all, the
// SHA-256 of "aaaa\nbbbb" (sha256sum: ba4ee8b2…), so that other records give another number.
TEST(DocumentNumber, WithRecordsFromEveryInputsDigest) {
  mb::render_options o = opts(mb::output_format::json, mb::language::zh);
  o.input_sha256 = {"aaaa", "bbbb"};
  EXPECT_EQ(mb::document_digest(hunan(), o), "ba4ee8b292d66d354ae2c23b3eb32f2a347269f5e7ac898f8e336d3b858a63eb");
  const auto j = nlohmann::json::parse(mb::render(hunan(), o));
  EXPECT_EQ(j["funds"][0]["document_number"], "430281-390-2024-BA4EE8B2");
  o.input_sha256 = {"aaaa", "cccc"};
  EXPECT_NE(mb::document_digest(hunan(), o), "ba4ee8b292d66d354ae2c23b3eb32f2a347269f5e7ac898f8e336d3b858a63eb");
}

// ---- the sign-off block ---------------------------------------------------------------------------
TEST(SignOff, EndsEachFundsZhStatementAfterTheAlliancesAndTheReconciliation) {
  mb::render_options o = opts(mb::output_format::text, mb::language::zh);
  o.reconciliation = {{"390", mb::reconciliation{}}};
  const std::string text = mb::render(hunan(), o);
  const std::string ending = std::string(zh_sign_off) + "\n";
  ASSERT_GE(text.size(), ending.size());
  EXPECT_EQ(text.substr(text.size() - ending.size()), ending);
  EXPECT_LT(text.rfind("年终结算："), text.find("经办人："));
  EXPECT_LT(text.find("【结算记录对账】"), text.find("经办人："));
}

TEST(SignOff, EnEquivalentWithTheDatesLinedUp) {
  const std::string text = mb::render(hunan(), opts(mb::output_format::text, mb::language::en));
  const std::string ending = std::string(en_sign_off) + "\n";
  ASSERT_GE(text.size(), ending.size());
  EXPECT_EQ(text.substr(text.size() - ending.size()), ending);
  EXPECT_EQ(text.find("经办人"), std::string::npos);
}

TEST(SignOff, OncePerFundBeforeTheNextFundsHeader) {
  mb::statement s = hunan();
  s.funds.push_back(s.funds[0]);
  s.funds[1].insutype = "310";
  const std::string text = mb::render(s, opts(mb::output_format::text, mb::language::zh));
  EXPECT_EQ(count(text, zh_sign_off), 2u);
  EXPECT_LT(text.find("（单位盖章）"), text.find("清算单编号：430281-310"));
  mb::render_options budget = opts(mb::output_format::text, mb::language::zh);
  budget.budget_only = true;
  EXPECT_EQ(count(mb::render(mb::budget_year(hunan_case()), budget), zh_sign_off), 1u);
}

// ---- CSV encodings --------------------------------------------------------------------------------
namespace {
const std::string header = "policy,year,county,insutype,alliance,key,label,amount,formula,figures,clause\r\n";
const std::string bom = "\xEF\xBB\xBF";
// 年终医共体应返还 in GB18030: 年 C4EA 终 D6D5 医 D2BD 共 B9B2 体 CCE5 应 D3A6 返 B7B5 还 BBB9.
const std::string gb_year_end_return = "\xC4\xEA\xD6\xD5\xD2\xBD\xB9\xB2\xCC\xE5\xD3\xA6\xB7\xB5\xBB\xB9";

std::string csv(mb::language lang, mb::csv_encoding e) {
  mb::render_options o = opts(mb::output_format::csv, lang);
  o.encoding = e;
  return mb::render(hunan(), o);
}
}  // namespace

TEST(CsvEncoding, ByLanguageIsUtf8WithTheByteOrderMarkForZhAndWithoutForEn) {
  EXPECT_EQ(csv(mb::language::zh, mb::csv_encoding::by_language).substr(0, 3 + header.size()), bom + header);
  EXPECT_EQ(csv(mb::language::en, mb::csv_encoding::by_language).substr(0, header.size()), header);
}

TEST(CsvEncoding, AskedForItOverridesTheLanguage) {
  const std::string plain = csv(mb::language::zh, mb::csv_encoding::utf8);
  EXPECT_EQ(plain.substr(0, header.size()), header);
  EXPECT_EQ(csv(mb::language::zh, mb::csv_encoding::utf8_bom), bom + plain);
  EXPECT_EQ(csv(mb::language::en, mb::csv_encoding::utf8_bom).substr(0, 3 + header.size()), bom + header);
  EXPECT_NE(plain.find("年终医共体应返还"), std::string::npos);
}

TEST(CsvEncoding, Gb18030KeepsTheAsciiAndWritesTheChineseInGb18030) {
  const std::string gb = csv(mb::language::zh, mb::csv_encoding::gb18030);
  EXPECT_EQ(gb.substr(0, header.size()), header);
  EXPECT_NE(gb.find(",year_end_payment," + gb_year_end_return + ",-41160833.33,"), std::string::npos);
  EXPECT_EQ(gb.find("年终医共体应返还"), std::string::npos);
}

TEST(CsvEncoding, Gb18030RefusesTextThatIsNotUtf8) {
  mb::statement s = hunan();
  s.policy_id = "hunan\xFF";  // the first row's first cell: byte 78 (the header, \r\n included) + 6
  mb::render_options o = opts(mb::output_format::csv, mb::language::zh);
  o.encoding = mb::csv_encoding::gb18030;
  try {
    (void)mb::render(s, o);
    ADD_FAILURE() << "no error";
  } catch (const mb::input_error& e) {
    EXPECT_EQ(std::string(e.what()), "csv output: cannot be written in GB18030: byte 84 is not valid UTF-8");
  }
}

TEST(CsvEncoding, OnlyCsvIsTouched) {
  for (const auto format : {mb::output_format::json, mb::output_format::text}) {
    mb::render_options o = opts(format, mb::language::zh);
    const std::string plain = mb::render(hunan(), o);
    o.encoding = mb::csv_encoding::gb18030;
    EXPECT_EQ(mb::render(hunan(), o), plain);
  }
}

TEST(CsvEncoding, TheSchedulesCsvToo) {
  mb::render_options o = opts(mb::output_format::csv, mb::language::zh);
  const mb::payment_schedule p = mb::schedule_year(hunan_case(), mb::national_calendar());
  const std::string zh = mb::render(p, o);
  EXPECT_EQ(zh.substr(0, 3), bom);
  o.encoding = mb::csv_encoding::utf8;
  EXPECT_EQ(mb::render(p, o), zh.substr(3));
}
