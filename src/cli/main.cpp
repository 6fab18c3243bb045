// The medbudget program: `medbudget COMMAND [ARGS]`. See `medbudget --help`.
//
// Output goes to stdout only once the whole result is computed; errors and warnings go to stderr.
// Exit status: 0 done; 1 the input is wrong; 2 the command line is wrong; 3 internal error (a bug).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>    // sort
#include <chrono>       // steady_clock
#include <filesystem>   // directory_iterator
#include <fstream>      // ofstream
#include <functional>   // function
#include <memory>       // make_shared
#include <iostream>     // cout, cerr
#include <map>          // map
#include <optional>     // optional
#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include "medbudget/error.hpp"
#include "medbudget/claims.hpp"
#include "medbudget/calendar.hpp"
#include "medbudget/io/calendar_json.hpp"
#include "medbudget/io/claims_csv.hpp"
#include "medbudget/io/generate.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/io/render.hpp"
#include "medbudget/io/version.hpp"
#include "medbudget/monitor.hpp"
#include "medbudget/schedule.hpp"
#include "medbudget/settle.hpp"

namespace {

// A whole number from a flag's text, within [min, max]; usage_error otherwise.
std::int64_t number(const std::string& flag, const std::string& text, std::int64_t min, std::int64_t max);

constexpr std::string_view usage = R"(medbudget — exact settlement of county medical-alliance (医共体) total-budget payments

Usage:
  medbudget budget CASE.json [--format json|text|csv] [--lang zh|en]
      The budget part of the statement: the county pot, deductions, caps, each alliance's budget.
  medbudget settle CASE.json [--claims FILE --registry FILE [--attribution FILE] [--threads N]]
                  [--format json|text|csv] [--lang zh|en]
      The year-end settlement statement of every alliance and fund; with --claims, each alliance's
      actuals come from the settlement records.
  medbudget aggregate --claims FILE --registry FILE --county ADMDVS --year YYYY
                      [--attribution FILE] [--threads N] [--policy ID|FILE] [--format json|text]
      Settlement records to actuals: I, O, NL by alliance and fund, by month, member, band, place.
  medbudget generate --county ADMDVS --insured N --records M --seed S --out DIR [--year YYYY]
      Writes deterministic sample data: DIR/registry.csv, DIR/attribution.csv, DIR/claims.csv.
  medbudget demo [DIR] [--monitoring DIR2] [--format text|json|csv] [--lang zh|en]
      Settles every *.case.json in DIR (default: examples/cases) and prints each statement with its
      payment schedule, then a monitoring report of every year in progress in DIR2 (default:
      examples/monitoring), through the months it has.
  medbudget schedule CASE.json [--claims FILE --registry FILE [--attribution FILE]] [--calendar FILE]
                    [--year-end-date YYYY-MM-DD] [--format json|text|csv] [--lang zh|en]
      The dated payment schedule of the year: the advance or the 12 installments, each month's claims
      with its declaration and due date (working days), the year-end payment; sums to the ledger.
  medbudget monitor CASE.json --through YYYY-MM [--claims FILE --registry FILE [--attribution FILE]]
                   [--chart DIR] [--calendar FILE] [--format json|text] [--lang zh|en]
      In-year monitoring: the months so far (月度结算单) against the pro-rata budget, the run-rate
      projection of the year end settled by the ledger, a warning level from the policy's bands;
      --chart writes an SVG chart per alliance and fund (DIR/<insutype>-<alliance>.svg).
  medbudget calendar add-workdays YYYY-MM-DD N | is-workday YYYY-MM-DD | between FROM TO | data
                     [--calendar FILE]
      The working-day calendar (State Council rest days and make-up working days, 2019–2026):
      the N-th working day strictly after a date; yes or no; working days in (FROM, TO]; the data.
  medbudget presets
      Lists the embedded policy presets.
  medbudget policy ID
      Prints an embedded preset's JSON (to copy and adapt into a policy file of your own).
  medbudget --version | --help

Options:
  --format F   json (default; deterministic bytes), text (readable 年度清算单), csv (one row per line)
  --lang L     zh (default) or en: the labels of text and csv output
  --threads N  worker threads for reading records (default: all cores); results never depend on N
  --quiet      no warnings or progress on stderr
  --calendar F a calendar file layered on the embedded national one (next year's notice, local days)

Amounts are yuan with two decimals. A case names its policy (a preset id or a policy JSON path).
Exit status: 0 done; 1 the input is wrong; 2 the command line is wrong; 3 internal error (a bug).
)";

struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct options {
  std::vector<std::string> positional;
  std::map<std::string, std::string, std::less<>> values;  // --claims, --registry, …
  medbudget::render_options render;
  bool quiet = false;
  unsigned threads = 0;
};

options parse(const std::vector<std::string_view>& args, std::initializer_list<std::string_view> allowed) {
  options o;
  auto permitted = [&](std::string_view flag) {
    for (auto a : allowed)
      if (a == flag) return true;
    return false;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view a = args[i];
    if (a.size() > 1 && a[0] == '-') {
      if (!permitted(a)) throw usage_error("unknown option " + std::string(a));
      if (a == "--quiet") {
        o.quiet = true;
        continue;
      }
      if (i + 1 >= args.size()) throw usage_error(std::string(a) + " needs a value");
      const std::string_view v = args[++i];
      if (a == "--format") {
        if (v == "json") o.render.format = medbudget::output_format::json;
        else if (v == "text") o.render.format = medbudget::output_format::text;
        else if (v == "csv") o.render.format = medbudget::output_format::csv;
        else throw usage_error("--format takes json, text or csv, not " + std::string(v));
      } else if (a == "--lang") {
        if (v == "zh") o.render.lang = medbudget::language::zh;
        else if (v == "en") o.render.lang = medbudget::language::en;
        else throw usage_error("--lang takes zh or en, not " + std::string(v));
      } else {
        if (o.values.count(a)) throw usage_error(std::string(a) + " given twice");
        o.values.emplace(std::string(a), std::string(v));
        if (a == "--threads") {
          if (v.empty() || v.size() > 3 || v.find_first_not_of("0123456789") != std::string_view::npos || v == "0")
            throw usage_error("--threads takes a whole number from 1 to 999");
          o.threads = static_cast<unsigned>(std::stoul(std::string(v)));
        }
      }
    } else {
      o.positional.emplace_back(a);
    }
  }
  return o;
}

void warn(const options& o, const std::vector<std::string>& warnings, const std::string& source) {
  if (o.quiet) return;
  for (const auto& w : warnings) spdlog::warn("{}: {}", source, w);
}

const std::string* value(const options& o, std::string_view flag) {
  const auto it = o.values.find(flag);
  return it == o.values.end() ? nullptr : &it->second;
}

const std::string& required_value(const options& o, std::string_view flag) {
  const std::string* v = value(o, flag);
  if (v == nullptr) throw usage_error(std::string(flag) + " is required");
  return *v;
}

// Progress of a long read on stderr: at most once a second, with records/s and percent.
std::function<void(const medbudget::claims_progress&)> progress_printer(const options& o) {
  if (o.quiet) return {};
  const auto start = std::chrono::steady_clock::now();
  auto last = std::make_shared<std::chrono::steady_clock::time_point>(start);
  return [start, last](const medbudget::claims_progress& p) {
    const auto now = std::chrono::steady_clock::now();
    if (now - *last < std::chrono::seconds(1) && p.bytes_done < p.bytes_total) return;
    *last = now;
    // Progress figures for people (seconds, percent, records/s): no double touches money.
    const double seconds = std::chrono::duration<double>(now - start).count();  // double: elapsed time only
    const double percent = p.bytes_total > 0  // double: a progress percentage only
                               ? 100.0 * static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total)  // double: progress
                               : 100.0;
    if (p.pass == 1)
      spdlog::info("records: {} read, {:.1f}% of the file, {:.0f} records/s", p.records, percent,
                   seconds > 0 ? static_cast<double>(p.records) / seconds : 0.0);  // double: a rate only
    else
      spdlog::info("second pass (reversals, possible duplicates): {:.1f}% of the file", percent);
  };
}

struct records_input {
  medbudget::registry reg;
  std::optional<medbudget::attribution> attr;
};

records_input read_records_inputs(const options& o) {
  records_input in;
  in.reg = medbudget::read_registry(required_value(o, "--registry"));
  if (const std::string* a = value(o, "--attribution")) in.attr = medbudget::read_attribution(*a, in.reg);
  return in;
}

medbudget::claims_result read_claims(const options& o, const records_input& in, const std::string& county, int year,
                                     const std::vector<medbudget::age_band>& bands) {
  medbudget::claims_options opt;
  opt.county = county;
  opt.year = year;
  opt.bands = bands;
  opt.threads = o.threads;
  opt.progress = progress_printer(o);
  const std::string& path = required_value(o, "--claims");
  const auto start = std::chrono::steady_clock::now();
  medbudget::claims_result r = medbudget::aggregate_claims(path, in.reg, in.attr ? &*in.attr : nullptr, opt);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();  // double: a log's elapsed time
  if (!o.quiet)
    spdlog::info("{}: {} records read, {} counted, {} excluded, in {:.2f} s", path, r.records.read, r.records.counted,
                 r.records.read - r.records.counted, seconds);
  return r;
}

// The *.case.json files of a directory, sorted; a missing directory is an error only when `required`.
std::vector<std::string> case_files(const std::string& dir, bool required) {
  std::error_code ec;
  std::vector<std::string> cases;
  if (!required && !std::filesystem::is_directory(dir, ec)) return cases;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.path().string().ends_with(".case.json")) cases.push_back(e.path().string());
  if (ec) throw medbudget::input_error(dir, "cannot read the directory: " + ec.message());
  if (cases.empty() && required) throw medbudget::input_error(dir, "no *.case.json files");
  std::sort(cases.begin(), cases.end());
  return cases;
}

// A case file with, when --claims is given, each alliance's actuals from the records.
medbudget::case_input load_case_with_records(const std::string& path, options& o) {
  const std::string bytes = medbudget::read_file(path);
  const std::string dir = std::filesystem::path(path).parent_path().string();
  medbudget::loaded_case lc = medbudget::load_case(bytes, path, dir.empty() ? "." : dir);
  warn(o, lc.warnings, path);
  o.render.input_sha256 = {medbudget::sha256_of(bytes)};
  if (value(o, "--claims") != nullptr) {
    const records_input in = read_records_inputs(o);
    const medbudget::claims_result r =
        read_claims(o, in, lc.value.county.admdvs, lc.value.year, lc.value.pol.age_bands());
    medbudget::fill_actuals(lc.value, r);
    for (const char* f : {"--claims", "--registry", "--attribution"})
      if (const std::string* p = value(o, f)) o.render.input_sha256.push_back(medbudget::sha256_of_file(*p));
  } else if (value(o, "--registry") != nullptr || value(o, "--attribution") != nullptr) {
    throw usage_error("--registry and --attribution go with --claims");
  }
  return std::move(lc.value);
}

std::string case_output(const std::string& path, options& o, bool budget_only) {
  const medbudget::case_input c = load_case_with_records(path, o);
  const medbudget::statement s = budget_only ? medbudget::budget_year(c) : medbudget::settle_year(c);
  o.render.budget_only = budget_only;
  return medbudget::render(s, o.render);
}

// The national calendar, with --calendar FILE layered on top when given.
medbudget::calendar working_calendar(const options& o) {
  if (const std::string* f = value(o, "--calendar"))
    return medbudget::layer_calendar(medbudget::national_calendar(), medbudget::read_file(*f), *f);
  return medbudget::national_calendar();
}

medbudget::date date_argument(std::string_view what, const std::string& text) {
  const auto d = medbudget::parse_date(text);
  if (!d) throw usage_error(std::string(what) + " takes a date YYYY-MM-DD, got \"" + text.substr(0, 32) + "\"");
  return *d;
}

int calendar_command(const std::vector<std::string_view>& rest) {
  const options o = parse(rest, {"--calendar"});
  const auto& p = o.positional;
  if (p.empty()) throw usage_error("calendar needs a question: add-workdays, is-workday, between or data");
  const std::string& q = p[0];
  const auto arity = [&](std::size_t n, const char* form) {
    if (p.size() != n + 1) throw usage_error(std::string("calendar ") + form);
  };
  if (q == "data") {
    arity(0, "data takes no argument");
    if (value(o, "--calendar") != nullptr) throw usage_error("calendar data prints the embedded calendar only");
    std::cout << medbudget::national_calendar_json();
    return 0;
  }
  const medbudget::calendar cal = working_calendar(o);
  if (q == "add-workdays") {
    arity(2, "add-workdays takes a date YYYY-MM-DD and a number of working days");
    const auto n = static_cast<int>(number("the number of working days", p[2], 0, 3660));
    std::cout << medbudget::format_date(cal.add_working_days(date_argument("add-workdays", p[1]), n)) << '\n';
  } else if (q == "is-workday") {
    arity(1, "is-workday takes a date YYYY-MM-DD");
    std::cout << (cal.is_working_day(date_argument("is-workday", p[1])) ? "yes" : "no") << '\n';
  } else if (q == "between") {
    arity(2, "between takes two dates YYYY-MM-DD");
    std::cout << cal.working_days_between(date_argument("between", p[1]), date_argument("between", p[2])) << '\n';
  } else {
    throw usage_error("unknown calendar question \"" + q.substr(0, 32) + "\" (add-workdays, is-workday, between, data)");
  }
  return 0;
}

// Writes each file to a temporary name first, then renames them all: no partial chart set is left
// behind when one fails.
void write_files(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw medbudget::input_error(dir, "cannot create the directory: " + ec.message());
  std::vector<std::filesystem::path> temps;
  try {
    for (const auto& [name, bytes] : files) {
      const std::filesystem::path tmp = std::filesystem::path(dir) / ("." + name + ".tmp");
      std::ofstream out(tmp, std::ios::binary);
      temps.push_back(tmp);
      out << bytes;
      out.close();
      if (!out) throw medbudget::input_error(tmp.string(), "cannot write");
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
      std::filesystem::rename(temps[i], std::filesystem::path(dir) / files[i].first, ec);
      if (ec) throw medbudget::input_error((std::filesystem::path(dir) / files[i].first).string(), "cannot write: " + ec.message());
    }
  } catch (...) {
    for (const auto& t : temps) std::filesystem::remove(t, ec);
    throw;
  }
}

// A file-name-safe form of an id: letters, digits, '-' and '_' kept, anything else '_'.
std::string file_safe(const std::string& id) {
  std::string s = id;
  for (char& ch : s)
    if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_')) ch = '_';
  return s;
}

int monitor_command(const std::vector<std::string_view>& rest) {
  options o = parse(rest, {"--format", "--lang", "--quiet", "--claims", "--registry", "--attribution", "--threads",
                           "--calendar", "--through", "--chart"});
  if (o.positional.size() != 1) throw usage_error("monitor takes one case file");
  if (o.render.format == medbudget::output_format::csv) throw usage_error("monitor writes json or text");
  const std::string& through = required_value(o, "--through");
  if (through.size() != 7 || through[4] != '-' || through.find_first_not_of("0123456789-") != std::string::npos)
    throw usage_error("--through takes a month YYYY-MM, e.g. 2024-09");
  const int through_year = std::stoi(through.substr(0, 4));
  const int through_month = std::stoi(through.substr(5, 2));
  if (through_month < 1 || through_month > 12) throw usage_error("--through takes a month YYYY-MM with MM from 01 to 12");
  const medbudget::calendar cal = working_calendar(o);
  const medbudget::case_input c = load_case_with_records(o.positional[0], o);
  if (through_year != c.year)
    throw medbudget::input_error("year", "the case is for " + std::to_string(c.year) + ", --through names " + through);
  const medbudget::monitor_report r = medbudget::monitor_year(c, cal, through_month);
  const std::string out = medbudget::render(r, o.render);
  if (const std::string* dir = value(o, "--chart")) {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& f : r.funds)
      for (const auto& a : f.alliances)
        files.emplace_back(file_safe(f.insutype) + "-" + file_safe(a.id) + ".svg",
                           medbudget::monitor_chart_svg(r, f, a, o.render.lang));
    write_files(*dir, files);
    if (!o.quiet) spdlog::info("wrote {} chart(s) to {}", files.size(), *dir);
  }
  std::cout << out;
  return 0;
}

std::int64_t number(const std::string& flag, const std::string& text, std::int64_t min, std::int64_t max) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    throw usage_error(flag + " takes a whole number");
  const std::int64_t v = std::stoll(text);
  if (v < min || v > max) throw usage_error(flag + " takes a number from " + std::to_string(min) + " to " + std::to_string(max));
  return v;
}

int run(const std::vector<std::string_view>& args) {
  if (args.empty()) throw usage_error("a command is required");
  const std::string_view cmd = args[0];
  const std::vector<std::string_view> rest(args.begin() + 1, args.end());
  if (cmd == "--version") {
    std::cout << "medbudget " << medbudget::engine_version() << '\n';
    return 0;
  }
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::cout << usage;
    return 0;
  }
  if (cmd == "generate") {
    options o = parse(rest, {"--county", "--insured", "--records", "--seed", "--out", "--year", "--quiet"});
    if (!o.positional.empty()) throw usage_error("generate takes no positional argument");
    medbudget::sample_spec spec;
    spec.county = required_value(o, "--county");
    if (spec.county.size() != 6 || spec.county.find_first_not_of("0123456789") != std::string::npos)
      throw usage_error("--county takes a 6-digit code");
    spec.insured = number("--insured", required_value(o, "--insured"), 1, 100000000);
    spec.records = number("--records", required_value(o, "--records"), 0, 2000000000);
    spec.seed = static_cast<std::uint64_t>(number("--seed", required_value(o, "--seed"), 0, INT64_MAX));
    spec.out_dir = required_value(o, "--out");
    if (const std::string* y = value(o, "--year")) spec.year = static_cast<int>(number("--year", *y, 1990, 2100));
    const medbudget::sample_written w = medbudget::generate_sample(spec);
    if (!o.quiet)
      spdlog::info("wrote {}/claims.csv: {} rows ({} reversals), {} bytes; registry.csv; attribution.csv", spec.out_dir,
                   w.rows, w.reversals, w.bytes);
    return 0;
  }
  if (cmd == "aggregate") {
    options o = parse(rest, {"--claims", "--registry", "--attribution", "--county", "--year", "--threads", "--policy",
                             "--format", "--lang", "--quiet"});
    if (!o.positional.empty()) throw usage_error("aggregate takes no positional argument");
    const std::string& county = required_value(o, "--county");
    const std::string& year_text = required_value(o, "--year");
    if (year_text.size() != 4 || year_text.find_first_not_of("0123456789") != std::string::npos)
      throw usage_error("--year takes a year such as 2024");
    if (o.render.format == medbudget::output_format::csv) throw usage_error("aggregate writes json or text");
    std::vector<medbudget::age_band> bands = medbudget::preset("harbin").age_bands();
    if (const std::string* p = value(o, "--policy")) {
      bool is_preset = false;
      for (const auto& id : medbudget::preset_ids()) is_preset = is_preset || id == *p;
      bands = is_preset ? medbudget::preset(*p).age_bands()
                        : medbudget::load_policy(medbudget::read_file(*p), *p).age_bands();
    }
    const records_input in = read_records_inputs(o);
    const medbudget::claims_result r = read_claims(o, in, county, std::stoi(year_text), bands);
    std::cout << medbudget::render(r, o.render);
    return 0;
  }
  if (cmd == "budget" || cmd == "settle") {
    options o = parse(rest, cmd == "settle" ? std::initializer_list<std::string_view>{"--format", "--lang", "--quiet", "--claims",
                                                                                       "--registry", "--attribution", "--threads"}
                                            : std::initializer_list<std::string_view>{"--format", "--lang", "--quiet"});
    if (o.positional.size() != 1) throw usage_error(std::string(cmd) + " takes one case file");
    const std::string out = case_output(o.positional[0], o, cmd == "budget");
    std::cout << out;
    return 0;
  }
  if (cmd == "demo") {
    options o = parse(rest, {"--format", "--lang", "--quiet", "--monitoring"});
    if (o.positional.size() > 1) throw usage_error("demo takes at most one directory");
    if (args.size() == 1 || std::none_of(rest.begin(), rest.end(), [](auto a) { return a == "--format"; }))
      o.render.format = medbudget::output_format::text;
    const std::string dir = o.positional.empty() ? "examples/cases" : o.positional[0];
    const std::vector<std::string> cases = case_files(dir, true);
    const std::string* monitoring_dir = value(o, "--monitoring");
    const std::vector<std::string> in_year = case_files(monitoring_dir ? *monitoring_dir : "examples/monitoring", monitoring_dir != nullptr);
    const medbudget::calendar& cal = medbudget::national_calendar();
    std::string out;
    for (std::size_t i = 0; i < cases.size(); ++i) {
      if (!o.quiet) spdlog::info("[{}/{}] settling {} and dating its payments", i + 1, cases.size(), cases[i]);
      const medbudget::case_input c = load_case_with_records(cases[i], o);
      out += medbudget::render(medbudget::settle_year(c), o.render);
      out += medbudget::render(medbudget::schedule_year(c, cal), o.render);
    }
    std::size_t monitored = 0;
    if (o.render.format == medbudget::output_format::csv) {
      if (!o.quiet && !in_year.empty()) spdlog::info("monitoring reports are json or text: skipped in csv");
    } else {
      for (const std::string& path : in_year) {
        const medbudget::case_input c = load_case_with_records(path, o);
        const int through = medbudget::months_observed(c);
        if (!o.quiet) spdlog::info("monitoring {} through month {}", path, through);
        out += medbudget::render(medbudget::monitor_year(c, cal, through), o.render);
        ++monitored;
      }
    }
    std::cout << out;
    if (!o.quiet) spdlog::info("settled {} cases with their payment schedules; {} monitoring report(s)", cases.size(), monitored);
    return 0;
  }
  if (cmd == "calendar") return calendar_command(rest);
  if (cmd == "monitor") return monitor_command(rest);
  if (cmd == "schedule") {
    options o = parse(rest, {"--format", "--lang", "--quiet", "--claims", "--registry", "--attribution", "--threads",
                             "--calendar", "--year-end-date"});
    if (o.positional.size() != 1) throw usage_error("schedule takes one case file");
    medbudget::schedule_options so;
    if (const std::string* d = value(o, "--year-end-date")) so.year_end_date = date_argument("--year-end-date", *d);
    const medbudget::calendar cal = working_calendar(o);
    const medbudget::case_input c = load_case_with_records(o.positional[0], o);
    std::cout << medbudget::render(medbudget::schedule_year(c, cal, so), o.render);
    return 0;
  }
  if (cmd == "presets") {
    (void)parse(rest, {});
    for (const auto& id : medbudget::preset_ids()) {
      const medbudget::policy& p = medbudget::preset(id);
      std::cout << id << '\t' << p.notice << '\t' << p.name_zh << '\n';
    }
    return 0;
  }
  if (cmd == "policy") {
    options o = parse(rest, {});
    if (o.positional.size() != 1) throw usage_error("policy takes one preset id");
    std::cout << medbudget::preset_json(o.positional[0]);
    return 0;
  }
  throw usage_error("unknown command \"" + std::string(cmd) + "\"");
}

}  // namespace

int main(int argc, char** argv) {
  auto logger = spdlog::stderr_color_st("medbudget");
  logger->set_pattern("medbudget: %l: %v");
  spdlog::set_default_logger(logger);
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  try {
    return run(args);
  } catch (const usage_error& e) {
    std::cerr << "medbudget: " << e.what() << " (see medbudget --help)\n";
    return 2;
  } catch (const medbudget::input_error& e) {
    std::cerr << "medbudget: error: " << e.what() << '\n';
    return 1;
  } catch (const medbudget::invariant_error& e) {
    std::cerr << "medbudget: internal error: " << e.what() << '\n';
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "medbudget: internal error: " << e.what() << '\n';
    return 3;
  }
}
