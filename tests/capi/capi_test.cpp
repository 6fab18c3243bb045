// The C interface (medbudget.h): the spec examples settled through it, its output identical to the
// program's, every error code with its field path, nothing leaked on any path (run under
// LeakSanitizer in the sanitizer build), and concurrent calls equal to single-threaded ones.
#include "medbudget/medbudget.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>      // popen
#include <filesystem>  // directory_iterator
#include <fstream>     // ifstream
#include <map>
#include <sstream>     // stringstream
#include <string>
#include <thread>
#include <vector>

#include "json_subset.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path source_dir = MEDBUDGET_SOURCE_DIR;
const fs::path cases_dir = source_dir / "examples" / "cases";
const fs::path small = source_dir / "tests" / "data" / "claims" / "small";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A call's outcome, copied out and the C objects freed at once (so a test failing later leaks nothing).
struct outcome {
  int status = -1;
  std::string output, warnings, records;
  int code = 0;
  std::string code_name, message, where, text;
};

template <typename F>
outcome call(F&& f) {
  mb_result* r = nullptr;
  mb_error* e = nullptr;
  outcome o;
  o.status = f(&r, &e);
  if (r != nullptr) {
    o.output.assign(r->output, r->size);
    o.warnings = r->warnings;
    o.records = r->records;
  }
  if (e != nullptr) {
    o.code = e->code;
    o.code_name = e->code_name;
    o.message = e->message;
    o.where = e->where;
    o.text = e->text;
  }
  const bool exactly_one = (r == nullptr) != (e == nullptr);
  mb_free(r);
  mb_free(e);
  EXPECT_TRUE(exactly_one) << "a call hands out a result or an error, never both or neither";
  return o;
}

outcome settle(const std::string& case_json, const std::string& options = "") {
  return call([&](mb_result** r, mb_error** e) { return mb_settle(case_json.c_str(), options.c_str(), r, e); });
}

std::vector<fs::path> cases() {
  std::vector<fs::path> v;
  for (const auto& e : fs::directory_iterator(cases_dir))
    if (e.path().string().ends_with(".case.json")) v.push_back(e.path());
  std::sort(v.begin(), v.end());
  return v;
}

std::string settle_options() {
  return R"({"claims": ")" + (small / "claims.csv").string() + R"(", "registry": ")" + (small / "registry.csv").string() +
         R"(", "threads": 2})";
}

std::string aggregate_options(const std::string& more = "") {
  return R"({"claims": ")" + (small / "claims.csv").string() + R"(", "registry": ")" + (small / "registry.csv").string() +
         R"(", "county": "230123", "year": 2024)" + more + "}";
}

// The program's stdout for `args` (run from the source directory).
std::string program(const std::string& args) {
  const std::string cmd = "cd '" + source_dir.string() + "' && '" + MEDBUDGET_CLI + "' " + args + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return "popen failed";
  std::string out;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  pclose(p);
  return out;
}

// ---- the spec examples ----------------------------------------------------------------------------
TEST(CApi, SettlesEverySpecExample) {
  const auto all = cases();
  ASSERT_EQ(all.size(), 4u);
  for (const auto& c : all) {
    SCOPED_TRACE(c.string());
    const outcome o = settle(slurp(c));
    ASSERT_EQ(o.status, MB_OK) << o.text;
    std::string expected_path = c.string();
    expected_path.replace(expected_path.size() - std::string(".case.json").size(), std::string::npos, ".expected.json");
    expect_subset(nlohmann::json::parse(slurp(expected_path)), nlohmann::json::parse(o.output), "");
  }
}

TEST(CApi, OutputIsTheProgramsByteForByte) {
  for (const auto& c : cases()) {
    const std::string rel = fs::relative(c, source_dir).string();
    SCOPED_TRACE(rel);
    EXPECT_EQ(settle(slurp(c)).output, program("settle " + rel));
    EXPECT_EQ(settle(slurp(c), R"({"format": "text", "lang": "en"})").output,
              program("settle " + rel + " --format text --lang en"));
    EXPECT_EQ(settle(slurp(c), R"({"format": "csv"})").output, program("settle " + rel + " --format csv"));
    EXPECT_EQ(settle(slurp(c), R"({"format": "csv", "encoding": "gb18030"})").output,
              program("settle " + rel + " --format csv --encoding gb18030"));
    const std::string b = slurp(c);
    EXPECT_EQ(call([&](mb_result** r, mb_error** e) { return mb_budget(b.c_str(), nullptr, r, e); }).output,
              program("budget " + rel));
  }
}

TEST(CApi, BudgetOfHarbin) {
  // harbin-surplus.expected.json (spec): YL01's budget 137,174,604.41.
  const std::string b = slurp(cases_dir / "harbin-surplus.case.json");
  const outcome o = call([&](mb_result** r, mb_error** e) { return mb_budget(b.c_str(), R"({"lang":"en"})", r, e); });
  ASSERT_EQ(o.status, MB_OK) << o.text;
  const auto j = nlohmann::json::parse(o.output);
  EXPECT_EQ(j["funds"][0]["alliances"][0]["budget"], "137174604.41");
  // The example gives no field harbin's policy does not use: no warning.
  EXPECT_EQ(o.warnings, "[]");
  EXPECT_EQ(o.records, "");
}

TEST(CApi, SettlesWithRecords) {
  // claims-small's expected actuals for YL01's resident fund (390): I 514890.29, O 219962.56,
  // NL 26429.52 (tests/data/claims/small/expected.json, worked out from the records by hand).
  const outcome o = settle(slurp(cases_dir / "harbin-surplus.case.json"), settle_options());
  ASSERT_EQ(o.status, MB_OK) << o.text;
  const auto j = nlohmann::json::parse(o.output);
  const auto& al = j["funds"][0]["alliances"][0];
  std::map<std::string, std::string> lines;
  for (const auto& l : al["lines"])
    if (l.contains("amount")) lines[l["key"].get<std::string>()] = l["amount"].get<std::string>();  // ratio lines carry a value
  EXPECT_EQ(lines["in_alliance_local"], "514890.29");
  EXPECT_EQ(lines["out_of_alliance_local"], "219962.56");
  EXPECT_EQ(al["in_alliance_nonlocal"], "26429.52");
  // balance = final budget − I − O (docs/rules.md): 137,792,253.15 − 514,890.29 − 219,962.56 = 137,057,400.30,
  // with the final budget 137,792,253.15 of harbin-surplus.expected.json.
  EXPECT_EQ(al["balance"], "137057400.30");
  EXPECT_EQ(j["input_sha256"].size(), 3u);  // the case, the claims, the registry
  EXPECT_NE(o.records.find("313 records read, 306 counted, 7 excluded"), std::string::npos) << o.records;
  EXPECT_EQ(o.output, program("settle examples/cases/harbin-surplus.case.json --claims " + (small / "claims.csv").string() +
                              " --registry " + (small / "registry.csv").string() + " --quiet"));
}

TEST(CApi, Aggregates) {
  const outcome o = call([](mb_result** r, mb_error** e) { return mb_aggregate(aggregate_options().c_str(), r, e); });
  ASSERT_EQ(o.status, MB_OK) << o.text;
  expect_subset(nlohmann::json::parse(slurp(small / "expected.json")), nlohmann::json::parse(o.output), "");
}

TEST(CApi, PresetsAndVersion) {
  const outcome p = call([](mb_result** r, mb_error** e) { return mb_presets(nullptr, r, e); });
  ASSERT_EQ(p.status, MB_OK) << p.text;
  std::vector<std::string> ids;
  for (const auto& x : nlohmann::json::parse(p.output)) ids.push_back(x["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"guangdong_yangxi", "harbin", "hunan", "sanming"}));
  EXPECT_EQ(call([](mb_result** r, mb_error** e) { return mb_presets(R"({"format":"text"})", r, e); }).output,
            program("presets"));

  const outcome v = call([](mb_result** r, mb_error** e) { return mb_version(nullptr, r, e); });
  ASSERT_EQ(v.status, MB_OK);
  const auto j = nlohmann::json::parse(v.output);
  EXPECT_EQ(j["version"], MEDBUDGET_VERSION);
  EXPECT_EQ(j["abi"], MB_ABI_VERSION);
  EXPECT_EQ(call([](mb_result** r, mb_error** e) { return mb_version(R"({"format":"text"})", r, e); }).output,
            program("--version"));
}

TEST(CApi, RunReachesEveryCommand) {
  const std::string b = slurp(cases_dir / "sanming-package.case.json");
  EXPECT_EQ(call([&](mb_result** r, mb_error** e) { return mb_run("settle", b.c_str(), "{}", r, e); }).output,
            settle(b).output);
  EXPECT_EQ(call([](mb_result** r, mb_error** e) { return mb_run("presets", nullptr, nullptr, r, e); }).status, MB_OK);
  EXPECT_EQ(call([](mb_result** r, mb_error** e) { return mb_run("version", "", "", r, e); }).status, MB_OK);
  // `medbudget policy hunan`: a preset's JSON text, to adapt.
  EXPECT_EQ(call([](mb_result** r, mb_error** e) { return mb_run("policy", nullptr, R"({"policy": "hunan"})", r, e); }).output,
            program("policy hunan"));
  const outcome o = call([](mb_result** r, mb_error** e) { return mb_run("policy", nullptr, R"({"policy": "atlantis"})", r, e); });
  EXPECT_EQ(o.status, MB_INPUT);
  EXPECT_NE(o.message.find("atlantis"), std::string::npos) << o.text;
}

// ---- the monthly cycle ----------------------------------------------------------------------------
TEST(CApi, ScheduleMonitorAndCalendar) {
  const std::string hunan = slurp(cases_dir / "hunan-two-alliances.case.json");
  const outcome s = call([&](mb_result** r, mb_error** e) { return mb_schedule(hunan.c_str(), "{}", r, e); });
  ASSERT_EQ(s.status, MB_OK) << s.text;
  // January's claims, declared 2024-02-10, are due 30 working days later: 2024-03-28 (calendar_test.cpp).
  const auto j = nlohmann::json::parse(s.output);
  EXPECT_EQ(j["funds"][0]["alliances"][0]["payments"][1]["due"], "2024-03-28");
  EXPECT_EQ(s.output, program("schedule examples/cases/hunan-two-alliances.case.json"));

  const std::string june = slurp(source_dir / "tests" / "data" / "schedule" / "harbin-june.case.json");
  const outcome m = call([&](mb_result** r, mb_error** e) {
    return mb_monitor(june.c_str(), R"({"through": "2024-06", "format": "text"})", r, e);
  });
  ASSERT_EQ(m.status, MB_OK) << m.text;
  EXPECT_EQ(m.output, program("monitor tests/data/schedule/harbin-june.case.json --through 2024-06 --format text"));
  EXPECT_NE(m.output.find("2,483,610.15"), std::string::npos);  // the projected surplus (monitor_test.cpp)
  const outcome no_through = call([&](mb_result** r, mb_error** e) { return mb_monitor(june.c_str(), "{}", r, e); });
  EXPECT_EQ(no_through.status, MB_USAGE);
  EXPECT_EQ(no_through.where, "through");

  const outcome d = call([](mb_result** r, mb_error** e) {
    return mb_calendar(R"({"question": "add-workdays", "date": "2024-02-10", "days": 30})", r, e);
  });
  ASSERT_EQ(d.status, MB_OK) << d.text;
  EXPECT_EQ(nlohmann::json::parse(d.output)["date"], "2024-03-28");
  const outcome w = call([](mb_result** r, mb_error** e) {
    return mb_calendar(R"({"question": "is-workday", "date": "2024-02-18", "format": "text"})", r, e);
  });
  EXPECT_EQ(w.output, "yes\n");  // a make-up working day (Sunday)
  const outcome beyond = call([](mb_result** r, mb_error** e) {
    return mb_calendar(R"({"question": "add-workdays", "date": "2026-12-10", "days": 30})", r, e);
  });
  EXPECT_EQ(beyond.status, MB_INPUT);
  EXPECT_NE(beyond.message.find("ends with 2026"), std::string::npos) << beyond.text;
  const outcome bad = call([](mb_result** r, mb_error** e) {
    return mb_calendar(R"({"question": "is-workday", "date": "2024-02-30"})", r, e);
  });
  EXPECT_EQ(bad.status, MB_USAGE);
  EXPECT_EQ(bad.where, "date");
}

// ---- errors -------------------------------------------------------------------------------------
TEST(CApi, InputErrorsNameTheField) {
  // The same words as `medbudget settle tests/data/cli/missing-revenue.case.json` prints.
  outcome o = settle(slurp(source_dir / "tests/data/cli/missing-revenue.case.json"));
  EXPECT_EQ(o.status, MB_INPUT);
  EXPECT_EQ(o.code, MB_INPUT);
  EXPECT_EQ(o.code_name, "input");
  EXPECT_EQ(o.where, "funds[0].budget_inputs.fund_revenue");
  EXPECT_EQ(o.message.rfind("missing", 0), 0u) << o.message;
  EXPECT_EQ(o.text, o.where + ": " + o.message);

  o = settle(slurp(source_dir / "tests/data/cli/three-decimals.case.json"));
  EXPECT_EQ(o.status, MB_INPUT);
  EXPECT_EQ(o.where, "funds[0].alliances[0].actuals.in_alliance_local");
  EXPECT_EQ(o.message, "\"1.234\" has more than two decimals (amounts are whole fen)");

  o = settle(slurp(source_dir / "tests/data/cli/truncated.case.json"), R"({"source": "upload-17.json"})");
  EXPECT_EQ(o.status, MB_INPUT);
  EXPECT_EQ(o.where, "upload-17.json");
  EXPECT_NE(o.message.find("invalid JSON"), std::string::npos) << o.message;

  o = settle("{\"policy\": \"harbin\", \"year\": 2024, \"county\": 7");
  EXPECT_EQ(o.status, MB_INPUT);
  EXPECT_EQ(o.where, "case");

  o = settle("\xff\xfe");
  EXPECT_EQ(o.status, MB_INPUT);
  EXPECT_NE(o.message.find("UTF-8"), std::string::npos) << o.message;

  o = settle(slurp(cases_dir / "harbin-surplus.case.json"), R"({"claims": "no-such.csv", "registry": "no-such-registry.csv"})");
  EXPECT_EQ(o.status, MB_INPUT);
  EXPECT_EQ(o.where, "no-such-registry.csv");
}

// Input echoed in an error has its control characters escaped, as the program prints them; a case's
// policy may name a file only with allow_policy_path (the default is presets only).
TEST(CApi, ErrorsEscapeControlCharactersAndPolicyPathsNeedPermission) {
  outcome o = settle(slurp(source_dir / "tests/data/errors/case-control-char-key.case.json"));
  EXPECT_EQ(o.status, MB_INPUT);
  EXPECT_EQ(o.where, "col\\u001bour");
  EXPECT_EQ(o.text, "col\\u001bour: unknown field (expected one of: policy, policy_overrides, year, county, funds)");
  o = settle(R"({"policy": "/etc/passwd", "year": 2024})");
  EXPECT_EQ(o.status, MB_INPUT);
  EXPECT_EQ(o.where, "policy");
  EXPECT_EQ(o.message, "\"/etc/passwd\" is not a preset; only the presets are accepted here (guangdong_yangxi, harbin, "
                       "hunan, sanming): a policy file is read only when the caller allows policy paths");
}

TEST(CApi, UsageErrorsNameTheOption) {
  const std::string b = slurp(cases_dir / "harbin-surplus.case.json");
  struct bad {
    std::string options, where, message;
  };
  for (const bad& x : std::vector<bad>{
           {R"({"format": "pdf"})", "format", "format takes json, text or csv, not pdf"},
           {R"({"format": 3})", "format", "format takes json, text or csv, not a number"},
           {R"({"lang": "fr"})", "lang", "lang takes zh or en, not fr"},
           {R"({"encoding": "utf-8"})", "encoding", "encoding applies to format csv and to claims and the files read with it"},
           {R"({"format": "csv", "encoding": "latin1"})", "encoding", "encoding takes utf-8, utf-8-bom or gb18030, not latin1"},
           {R"({"threads": 0})", "threads", "threads takes a whole number from 1 to 999"},
           {R"({"threads": 2.5})", "threads", "threads takes a whole number from 1 to 999"},
           {R"({"colour": "red"})", "colour", "unknown option colour"},
           {R"({"registry": "r.csv"})", "registry", "registry and attribution go with claims"},
           {R"({"claims": "c.csv"})", "registry", "registry is required"},
           {R"({"claims": ""})", "claims", "claims must not be empty"},
           {R"([1])", "options", "options must be a JSON object"},
       }) {
    SCOPED_TRACE(x.options);
    const outcome o = settle(b, x.options);
    EXPECT_EQ(o.status, MB_USAGE);
    EXPECT_EQ(o.code_name, "usage");
    EXPECT_EQ(o.where, x.where);
    EXPECT_EQ(o.message, x.message);
  }
  outcome o = settle(b, "{\"format\": ");
  EXPECT_EQ(o.status, MB_USAGE);
  EXPECT_EQ(o.where, "options");

  o = call([](mb_result** r, mb_error** e) { return mb_run("frobnicate", nullptr, nullptr, r, e); });
  EXPECT_EQ(o.status, MB_USAGE);
  EXPECT_EQ(o.message, "unknown command \"frobnicate\"");
  o = call([](mb_result** r, mb_error** e) { return mb_run(nullptr, nullptr, nullptr, r, e); });
  EXPECT_EQ(o.message, "a command is required");
  o = call([](mb_result** r, mb_error** e) { return mb_settle(nullptr, nullptr, r, e); });
  EXPECT_EQ(o.status, MB_USAGE);
  EXPECT_EQ(o.where, "input");
  o = call([](mb_result** r, mb_error** e) { return mb_run("presets", "{}", nullptr, r, e); });
  EXPECT_EQ(o.status, MB_USAGE);
  o = call([](mb_result** r, mb_error** e) { return mb_aggregate(R"({"year": 2024})", r, e); });
  EXPECT_EQ(o.message, "county is required");
  o = call([](mb_result** r, mb_error** e) { return mb_aggregate(aggregate_options(R"(, "format": "csv")").c_str(), r, e); });
  EXPECT_EQ(o.message, "aggregate writes json or text");
  o = call([](mb_result** r, mb_error** e) { return mb_aggregate(aggregate_options(R"(, "policy": "nowhere")").c_str(), r, e); });
  EXPECT_EQ(o.status, MB_INPUT);  // neither a preset nor a file: named as a case's `policy` is
  EXPECT_EQ(o.where, "policy");
  EXPECT_NE(o.message.find("unknown preset \"nowhere\""), std::string::npos) << o.text;
}

TEST(CApi, NullPointers) {
  mb_error* e = nullptr;
  EXPECT_EQ(mb_presets(nullptr, nullptr, &e), MB_USAGE);
  ASSERT_NE(e, nullptr);
  EXPECT_STREQ(e->where, "result");
  mb_free(e);
  mb_result* r = nullptr;
  EXPECT_EQ(mb_run("nothing", nullptr, nullptr, &r, nullptr), MB_USAGE);  // no error object asked for
  EXPECT_EQ(r, nullptr);
  mb_free(nullptr);
}

TEST(CApi, WarningsComeBackAsJson) {
  // A field the policy does not use is accepted and reported once (docs/formats.md): harbin's
  // policy has no tcm_tilt, so tcm_share is such a field.
  auto j = nlohmann::json::parse(slurp(cases_dir / "harbin-surplus.case.json"));
  j["funds"][0]["alliances"][0]["tcm_share"] = "0.3";
  const outcome o = settle(j.dump(), R"({"source": "h.json"})");
  ASSERT_EQ(o.status, MB_OK) << o.text;
  const auto w = nlohmann::json::parse(o.warnings);
  ASSERT_EQ(w.size(), 1u) << o.warnings;
  EXPECT_EQ(w[0], "h.json: funds[0].alliances[0].tcm_share: accepted but not used by policy harbin (reported once)");
}

// ---- concurrency --------------------------------------------------------------------------------
TEST(CApi, ConcurrentCallsEqualSingleThreadedOnes) {
  struct job {
    std::string command, input, options;
  };
  std::vector<job> jobs;
  for (const auto& c : cases()) {
    const std::string b = slurp(c);
    jobs.push_back({"settle", b, ""});
    jobs.push_back({"settle", b, R"({"format": "text", "lang": "en"})"});
    jobs.push_back({"budget", b, R"({"format": "csv"})"});
  }
  jobs.push_back({"settle", slurp(cases_dir / "harbin-surplus.case.json"), settle_options()});
  jobs.push_back({"aggregate", "", aggregate_options(R"(, "threads": 3)")});
  jobs.push_back({"settle", slurp(source_dir / "tests/data/cli/missing-revenue.case.json"), ""});
  jobs.push_back({"presets", "", ""});

  auto run = [](const job& j) {
    const outcome o = call([&](mb_result** r, mb_error** e) {
      return mb_run(j.command.c_str(), j.input.c_str(), j.options.c_str(), r, e);
    });
    return std::to_string(o.status) + "\n" + o.output + o.text;
  };
  std::vector<std::string> single;
  for (const auto& j : jobs) single.push_back(run(j));

  constexpr std::size_t threads = 16;
  constexpr std::size_t rounds = 3;
  std::vector<std::vector<std::string>> got(threads);
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (std::size_t k = 0; k < rounds * jobs.size(); ++k) got[t].push_back(run(jobs[(k + t) % jobs.size()]));
    });
  for (auto& th : pool) th.join();
  for (std::size_t t = 0; t < threads; ++t)
    for (std::size_t k = 0; k < got[t].size(); ++k) EXPECT_EQ(got[t][k], single[(k + t) % jobs.size()]) << t << "/" << k;
}

}  // namespace
