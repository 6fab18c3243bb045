// Every named limit on what a file can make large (docs/limits.md), tested at its boundary: the
// limit itself is accepted, one more is refused with an error naming the place and the limit. And
// errors of docs/errors.md that no other test checks.
//
// Each figure here is the limit as documented (docs/limits.md), not read back from the program.
#include <gtest/gtest.h>

#include <cstdio>       // remove
#include <fstream>      // ofstream
#include <string>       // string
#include <string_view>  // string_view

#include <unistd.h>  // getpid: ctest runs each test in its own process, at the same time as others

#include "json_tree.hpp"  // src/io: parse_json, the JSON limits
#include "medbudget/calendar.hpp"
#include "medbudget/io/calendar_json.hpp"
#include "medbudget/io/claims_csv.hpp"
#include "medbudget/io/json.hpp"

namespace {

using medbudget::input_error;

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

// `f()` throws an input_error at `where` whose message contains `what`.
template <class F>
void expect_error(F&& f, const std::string& where, const std::string& what) {
  try {
    f();
    ADD_FAILURE() << "accepted; expected an error at " << where << ": " << what;
  } catch (const input_error& e) {
    EXPECT_EQ(e.where(), where) << e.what();
    EXPECT_TRUE(contains(e.message(), what)) << "message: " << e.message() << "\nexpected to contain: " << what;
  }
}

std::string repeat(const std::string& item, std::size_t n, const std::string& sep = ",") {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += (i ? sep : "") + item;
  return out;
}

// ---- JSON (every JSON file: case, policy, calendar) ---------------------------------------------

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(JsonLimits, NestingDepth64AcceptedAnd65Refused) {
  const auto deep = medbudget::io::parse_json(nested(64), "x.json");
  EXPECT_EQ(deep.k, medbudget::io::jnode::kind::array);
  expect_error([] { (void)medbudget::io::parse_json(nested(65), "x.json"); }, "x.json", "nesting deeper than 64 levels");
}

TEST(JsonLimits, FileOf64MiBAcceptedAndOneByteMoreRefused) {
  std::string text = "{}";
  text.resize(64u << 20, ' ');  // 64 MiB = 67108864 bytes: "{}" then spaces
  EXPECT_EQ(medbudget::io::parse_json(text, "x.json").k, medbudget::io::jnode::kind::object);
  text.push_back(' ');
  expect_error([&] { (void)medbudget::io::parse_json(text, "x.json"); }, "x.json", "file larger than 64 MiB");
}

TEST(JsonLimits, ObjectOf100000KeysParsesAndADuplicateAmongThemIsFound) {
  // Keys are checked for duplicates through a hash set: a linear search made this input take minutes.
  std::string wide = "{";
  for (int i = 0; i < 100000; ++i) wide += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":0";
  EXPECT_EQ(medbudget::io::parse_json(wide + "}", "x.json").members.size(), 100000u);
  expect_error([&] { (void)medbudget::io::parse_json(wide + ",\"k99999\":1}", "x.json"); }, "k99999", "duplicate key \"k99999\"");
}

// ---- policy files ---------------------------------------------------------------------------------

// Harbin's preset text with the array that follows `key` (its first occurrence) replaced by `items`.
std::string harbin_with(std::string_view key, const std::string& items) {
  std::string text(medbudget::preset_json("harbin"));
  const std::size_t at = text.find(std::string("\"") + std::string(key) + "\"");
  const std::size_t open = text.find('[', at);
  std::size_t close = open, depth = 0;
  do {
    if (text[close] == '[') ++depth;
    if (text[close] == ']') --depth;
    ++close;
  } while (depth > 0);
  return text.substr(0, open) + "[" + items + "]" + text.substr(close);
}

TEST(PolicyLimits, CorridorBands4AcceptedAnd5Refused) {
  const std::string band = R"({ "limit": { "share_of_final_budget": "surplus_cap_rate" }, "share": { "fixed": "1" }, "clause": "c" })";
  EXPECT_EQ(medbudget::load_policy(harbin_with("surplus", repeat(band, 4)), "p.json").bands.surplus.size(), 4u);
  expect_error([&] { (void)medbudget::load_policy(harbin_with("surplus", repeat(band, 5)), "p.json"); },
               "p.json: policy.corridor.surplus", "more than 4 bands");
}

TEST(PolicyLimits, ListParameterOf1000EntriesAcceptedAnd1001Refused) {
  // 1000 weights of 0.001 sum to exactly 1, as history weights must.
  const auto weights = [](std::size_t n) { return harbin_with("history_weights", repeat(R"("0.001")", n)); };
  EXPECT_EQ(medbudget::load_policy(weights(1000), "p.json").get<std::vector<medbudget::rate>>("history_weights").size(), 1000u);
  expect_error([&] { (void)medbudget::load_policy(weights(1001), "p.json"); }, "p.json: policy.parameters.history_weights.value",
               "more than 1000 entries");
}

TEST(PolicyLimits, Deductions16AcceptedAnd17Refused) {
  // 16 deductions of the 5% risk reserve take 80% of the base (under the whole of it).
  const auto deductions = [](std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i)
      out += (i ? "," : "") + (R"({ "key": "d)" + std::to_string(i) + R"(", "label_zh": "扣", "label_en": "d", "rate": "risk_reserve_rate" })");
    return harbin_with("deductions", out);
  };
  EXPECT_EQ(medbudget::load_policy(deductions(16), "p.json").deductions.size(), 16u);
  expect_error([&] { (void)medbudget::load_policy(deductions(17), "p.json"); }, "p.json: policy.budget.deductions",
               "more than 16 deductions");
}

// ---- case files ----------------------------------------------------------------------------------

// A sanming case (the simplest policy: a per-capita package) with `alliances` in its one fund.
std::string sanming_case(const std::string& alliances) {
  return R"({"policy": "sanming", "year": 2024, "county": {"admdvs": "350481"},
             "funds": [{"insutype": "310", "budget_inputs": {"per_capita_package": "1830.55"},
                        "alliances": [)" + alliances + "]}]}";
}
std::string alliance(std::size_t i, const std::string& members = R"({"id": "M", "weight": "1"})") {
  return R"({"id": "A)" + std::to_string(i) + R"(", "insured": 100, "members": [)" + members + "]}";
}
std::string alliances(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += (i ? "," : "") + alliance(i);
  return out;
}
std::string members(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += (i ? "," : "") + std::string(R"({"id": "M)") + std::to_string(i) + R"(", "weight": "1"})";
  return out;
}
medbudget::loaded_case load(const std::string& json) { return medbudget::load_case(json, "case.json", "."); }

TEST(CaseLimits, Alliances1000AcceptedAnd1001Refused) {
  EXPECT_EQ(load(sanming_case(alliances(1000))).value.funds[0].alliances.size(), 1000u);
  expect_error([] { (void)load(sanming_case(alliances(1001))); }, "funds[0].alliances", "more than 1000 entries");
}

TEST(CaseLimits, Members10000AcceptedAnd10001Refused) {
  EXPECT_EQ(load(sanming_case(alliance(0, members(10000)))).value.funds[0].alliances[0].members.size(), 10000u);
  expect_error([] { (void)load(sanming_case(alliance(0, members(10001)))); }, "funds[0].alliances[0].members",
               "more than 10000 entries");
}

TEST(CaseLimits, AdjustmentFactors1000AcceptedAnd1001Refused) {
  const auto with_factors = [](std::size_t n) {
    return sanming_case(R"({"id": "A", "adjustment_factors": [)" + repeat(R"({"rate": "1"})", n) + "]}");
  };
  EXPECT_EQ(load(with_factors(1000)).value.funds[0].alliances[0].adjustment_factors.size(), 1000u);
  expect_error([&] { (void)load(with_factors(1001)); }, "funds[0].alliances[0].adjustment_factors", "more than 1000 entries");
}

TEST(CaseLimits, Funds2AcceptedAnd3Refused) {
  const std::string fund310 = R"({"insutype": "310", "budget_inputs": {"per_capita_package": "1"}, "alliances": [)" + alliance(0) + "]}";
  const std::string fund390 = R"({"insutype": "390", "budget_inputs": {"per_capita_package": "1"}, "alliances": [)" + alliance(0) + "]}";
  const auto with_funds = [](const std::string& funds) {
    return R"({"policy": "sanming", "year": 2024, "county": {"admdvs": "350481"}, "funds": [)" + funds + "]}";
  };
  EXPECT_EQ(load(with_funds(fund310 + "," + fund390)).value.funds.size(), 2u);
  expect_error([&] { (void)load(with_funds(fund310 + "," + fund390 + "," + fund310)); }, "funds",
               "at most two funds (310 and 390)");
}

TEST(CaseLimits, Months12AcceptedAnd13Refused) {
  const auto with_months = [](std::size_t n) {
    const std::string list = "[" + repeat(R"("1.00")", n) + "]";
    return sanming_case(R"({"id": "A", "actuals": {"in_alliance_nonlocal": "0", "monthly": {"in_alliance_local": )" + list +
                        R"(, "out_of_alliance_local": )" + list + "}}}");
  };
  EXPECT_NO_THROW((void)load(with_months(12)));
  expect_error([&] { (void)load(with_months(13)); }, "funds[0].alliances[0].actuals.monthly.in_alliance_local",
               "expected 1 to 12 months");
}

TEST(CaseLimits, TextOf256BytesAcceptedAnd257Refused) {
  const auto named = [](std::size_t n) { return sanming_case(R"({"id": "A", "name": ")" + std::string(n, 'x') + R"("})"); };
  EXPECT_EQ(load(named(256)).value.funds[0].alliances[0].name.size(), 256u);
  expect_error([&] { (void)load(named(257)); }, "funds[0].alliances[0].name", "longer than 256 bytes");
}

// ---- calendar files ------------------------------------------------------------------------------

std::string calendar_file(const std::string& years) { return R"({"calendar": "t", "years": [)" + years + "]}"; }
std::string year_of(int y, const std::string& rest = "", const std::string& workdays = "") {
  return R"({"year": )" + std::to_string(y) + R"(, "notice": "n", "rest": [)" + rest + R"(], "workdays": [)" + workdays + "]}";
}

TEST(CalendarLimits, Years200AcceptedAnd201Refused) {
  // The reader counts the entries before anything else; a year is 1990..2100, so a file with 200
  // entries repeats years (calendar::from_years then refuses the repeat, tested in calendar_test).
  const auto years = [](int n) { return repeat(year_of(2030), static_cast<std::size_t>(n)); };
  EXPECT_EQ(medbudget::read_calendar_years(calendar_file(years(200)), "c.json").size(), 200u);
  expect_error([&] { (void)medbudget::read_calendar_years(calendar_file(years(201)), "c.json"); }, "c.json: years",
               "more than 200 years");
}

// The first n weekend days of 2030 (2030-01-05 is a Saturday: 2030-01-01 is a Tuesday), as JSON strings.
std::string weekend_days(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    const auto d = std::chrono::sys_days{std::chrono::year{2030} / 1 / 5} + std::chrono::days{7 * (i / 2) + i % 2};
    out += (i ? "," : "") + ("\"" + medbudget::format_date(std::chrono::year_month_day{d}) + "\"");
  }
  return out;
}

TEST(CalendarLimits, RestBlocks64AcceptedAnd65Refused) {
  const auto blocks = [](int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      const auto d = std::chrono::sys_days{std::chrono::year{2030} / 1 / 1} + std::chrono::days{i};  // one-day blocks
      const std::string day = "\"" + medbudget::format_date(std::chrono::year_month_day{d}) + "\"";
      out += (i ? "," : "") + (R"({"name": "b", "from": )" + day + R"(, "to": )" + day + "}");
    }
    return out;
  };
  const auto cal = [&](int n) {
    return medbudget::calendar::from_years(medbudget::read_calendar_years(calendar_file(year_of(2030, blocks(n))), "c.json"), "c.json");
  };
  EXPECT_EQ(cal(64).years()[0].rest.size(), 64u);
  expect_error([&] { (void)cal(65); }, "c.json: years[0].rest", "more than 64 rest blocks");
}

TEST(CalendarLimits, MakeUpDays64AcceptedAnd65Refused) {
  const auto cal = [&](int n) {
    return medbudget::calendar::from_years(medbudget::read_calendar_years(calendar_file(year_of(2030, "", weekend_days(n))), "c.json"), "c.json");
  };
  EXPECT_EQ(cal(64).years()[0].workdays.size(), 64u);
  expect_error([&] { (void)cal(65); }, "c.json: years[0].workdays", "more than 64 make-up working days");
}

TEST(CalendarLimits, WorkingDays366AcceptedAnd367Refused) {
  const auto with_count = [](int n) {
    return calendar_file(R"({"year": 2030, "notice": "n", "working_days": )" + std::to_string(n) + "}");
  };
  EXPECT_EQ(medbudget::read_calendar_years(with_count(366), "c.json")[0].working_days, 366);
  expect_error([&] { (void)medbudget::read_calendar_years(with_count(367), "c.json"); }, "c.json: years[0].working_days",
               "expected at most 366");
}

TEST(CalendarLimits, DescriptionOf4096BytesAcceptedAnd4097Refused) {
  const auto described = [](std::size_t n) {
    return R"({"calendar": "t", "description": ")" + std::string(n, 'd') + R"(", "years": [)" + year_of(2030) + "]}";
  };
  EXPECT_EQ(medbudget::read_calendar_years(described(4096), "c.json").size(), 1u);
  expect_error([&] { (void)medbudget::read_calendar_years(described(4097), "c.json"); }, "c.json: description",
               "longer than 4096 bytes");
}

TEST(CalendarErrors, MakeUpDayListedTwice) {
  const std::string twice = R"("2030-01-05", "2030-01-05")";
  expect_error([&] { (void)medbudget::calendar::from_years(medbudget::read_calendar_years(calendar_file(year_of(2030, "", twice)), "c.json"), "c.json"); },
               "c.json: years[0].workdays[1]", "2030-01-05 is listed twice");
}

// ---- CSV files (registry, attribution, records; src/io/csv.hpp) ----------------------------------

class TempFile {
 public:
  explicit TempFile(const std::string& text)
      : path_(std::string(MEDBUDGET_BINARY_DIR) + "/errors_test_" + std::to_string(::getpid()) + "_" + std::to_string(++count_) + ".csv") {
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  static inline int count_ = 0;
  std::string path_;
};

const std::string registry_header = "fixmedins_code,fixmedins_name,admdvs,alliance_id,member_id,level,primary";
const std::string registry_row = "H2301230000,某医院,230123,YL01,LEAD,2,0";

TEST(CsvLimits, Fields256AcceptedAnd257Refused) {
  // The registry's 7 columns and `extra` more, in the header and in the row alike.
  const auto registry_with = [](std::size_t extra) {
    std::string header = registry_header, row = registry_row;
    for (std::size_t i = 0; i < extra; ++i) {
      header += ",x" + std::to_string(i);
      row += ",";
    }
    return header + "\n" + row + "\n";
  };
  const TempFile ok(registry_with(256 - 7));
  EXPECT_EQ(medbudget::read_registry(ok.path()).institutions.size(), 1u);
  const TempFile over(registry_with(257 - 7));
  expect_error([&] { (void)medbudget::read_registry(over.path()); }, over.path() + ":1", "more than 256 fields");
}

TEST(CsvLimits, RecordOf1MiBAcceptedAndOneByteMoreRefused) {
  // A row of exactly 1 MiB (1048576 bytes before its newline): the row's last field padded.
  const auto registry_with_row_of = [](std::size_t bytes) {
    std::string row = registry_row + ",";
    row += std::string(bytes - row.size(), 'p');
    return registry_header + ",note\n" + row + "\n";
  };
  const TempFile ok(registry_with_row_of(1u << 20));
  EXPECT_EQ(medbudget::read_registry(ok.path()).institutions.size(), 1u);
  const TempFile over(registry_with_row_of((1u << 20) + 1));
  expect_error([&] { (void)medbudget::read_registry(over.path()); }, over.path() + ":2", "a record longer than 1048576 bytes");
}

}  // namespace

namespace {

// ---- the records reader's limits (src/io/records/) -----------------------------------------------

const std::string claims_header =
    "setl_id,init_setl_id,refd_setl_flag,vali_flag,psn_no,insutype,med_type,setl_time,fixmedins_code,insu_admdvs,age,"
    "brdy,medfee_sumamt,hifp_pay,fulamt_ownpay_amt,psn_cash_pay\n";

medbudget::claims_result aggregate_one(const std::string& setl_id, const std::string& age) {
  const TempFile f(claims_header + setl_id + ",,0,1,P1,390,21,2024-05-29 06:21:03,H2301230005,230123," + age +
                   ",,100.00,60.00,0.00,40.00\n");
  static const medbudget::registry reg = medbudget::read_registry(MEDBUDGET_SOURCE_DIR "/tests/data/claims/small/registry.csv");
  medbudget::claims_options opt;
  opt.county = "230123";
  opt.year = 2024;
  opt.threads = 1;
  return medbudget::aggregate_claims(f.path(), reg, nullptr, opt);
}

TEST(RecordsLimits, SettlementIdOf64CharactersAcceptedAnd65Refused) {
  EXPECT_EQ(aggregate_one(std::string(64, 'S'), "46").records.read, 1);
  try {
    (void)aggregate_one(std::string(65, 'S'), "46");
    ADD_FAILURE() << "a 65-character settlement id was accepted";
  } catch (const input_error& e) {
    EXPECT_TRUE(contains(e.what(), ":2:1: column setl_id: expected a settlement id (1 to 64 characters)")) << e.what();
  }
}

TEST(RecordsLimits, Age150AcceptedAnd151Refused) {
  EXPECT_EQ(aggregate_one("S1", "150").records.read, 1);
  try {
    (void)aggregate_one("S1", "151");
    ADD_FAILURE() << "age 151 was accepted";
  } catch (const input_error& e) {
    EXPECT_TRUE(contains(e.what(), ":2:11: column age: expected an age from 0 to 150")) << e.what();
  }
}

TEST(RegistryLimits, InstitutionCodeOf64CharactersAcceptedAnd65Refused) {
  const auto with_code = [](std::size_t n) {
    return registry_header + "\n" + std::string(n, 'H') + ",某医院,230123,YL01,LEAD,2,0\n";
  };
  const TempFile ok(with_code(64));
  EXPECT_EQ(medbudget::read_registry(ok.path()).institutions[0].code.size(), 64u);
  const TempFile over(with_code(65));
  expect_error([&] { (void)medbudget::read_registry(over.path()); }, over.path() + ":2",
               "column fixmedins_code: expected an institution code");
}

TEST(CalendarLimits, Years1990And2100AcceptedAnd1989And2101Refused) {
  const auto read = [](int y) { return medbudget::read_calendar_years(calendar_file(year_of(y)), "c.json"); };
  EXPECT_EQ(read(1990)[0].year, 1990);
  EXPECT_EQ(read(2100)[0].year, 2100);
  expect_error([&] { (void)read(1989); }, "c.json: years[0].year", "expected at least 1990, got 1989");
  expect_error([&] { (void)read(2101); }, "c.json: years[0].year", "expected a year from 1990 to 2100");
}

}  // namespace
