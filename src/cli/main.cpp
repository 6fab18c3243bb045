// The medbudget program: `medbudget COMMAND [ARGS]`. See `medbudget --help`.
//
// Output goes to stdout only once the whole result is computed; errors and warnings go to stderr.
// Exit status: 0 done; 1 the input is wrong; 2 the command line is wrong; 3 internal error (a bug).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>    // sort
#include <chrono>       // steady_clock
#include <filesystem>   // directory_iterator
#include <functional>   // function
#include <memory>       // make_shared
#include <iostream>     // cout, cerr
#include <map>          // map
#include <optional>     // optional
#include <string>       // string
#include <string_view>  // string_view
#include <thread>       // hardware_concurrency
#include <vector>       // vector

#include "medbudget/error.hpp"
#include "medbudget/claims.hpp"
#include "medbudget/io/claims_csv.hpp"
#include "medbudget/io/commands.hpp"
#include "medbudget/io/generate.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/io/simulate.hpp"
#include "medbudget/io/version.hpp"
#include "medbudget/monitor.hpp"

namespace {

// A whole number from a flag's text, within [min, max]; usage_error otherwise.
std::int64_t number(const std::string& flag, const std::string& text, std::int64_t min, std::int64_t max);

constexpr std::string_view usage = R"(medbudget — exact settlement of county medical-alliance (医共体) total-budget payments

Usage:
  medbudget budget CASE.json [--format json|text|csv] [--lang zh|en]
      The budget part of the statement: the county pot, deductions, caps, each alliance's budget.
  medbudget settle CASE.json [--claims FILE --registry FILE [--attribution FILE] [--threads N]]
                  [--previous-claims FILE] [--format json|text|csv] [--lang zh|en]
      The year-end settlement statement of every alliance and fund; with --claims, each alliance's
      actuals come from the settlement records, and its performance too unless the case states it.
  medbudget aggregate --claims FILE --registry FILE --county ADMDVS --year YYYY
                      [--attribution FILE] [--threads N] [--policy ID|FILE] [--format json|text]
      Settlement records to actuals: I, O, NL by alliance and fund, by month, member, band, place.
  medbudget indicators --claims FILE --registry FILE --county ADMDVS --year YYYY [--previous-claims FILE]
                       [--attribution FILE] [--threads N] [--policy ID|FILE] [--format json|text]
      Performance indicators by alliance and fund from the records, and the policy's pass/fail or score.
  medbudget generate --county ADMDVS --insured N --records M --seed S --out DIR [--year YYYY]
      Writes deterministic sample data: DIR/registry.csv, DIR/attribution.csv, DIR/claims.csv.
  medbudget schedule CASE.json [--claims FILE --registry FILE [--attribution FILE]] [--calendar FILE]
                    [--year-end-date YYYY-MM-DD] [--format json|text|csv] [--lang zh|en]
      The dated payment schedule of the year: the advance or the 12 installments, each month's claims
      with its declaration and due date (working days), the year-end payment; sums to the ledger.
  medbudget monitor CASE.json --through YYYY-MM [--claims FILE --registry FILE [--attribution FILE]]
                   [--chart DIR] [--calendar FILE] [--format json|text] [--lang zh|en]
      In-year monitoring: the months so far (月度结算单) against the pro-rata budget, the run-rate
      projection of the year end settled by the ledger, a warning level from the policy's bands;
      --chart writes an SVG chart per alliance and fund (DIR/<insutype>-<alliance>.svg).
  medbudget simulate CASE.json --scenarios N --seed S [--model FILE] [--grid PARAM=v1,v2,…]…
                    [--claims FILE --registry FILE [--attribution FILE]] [--threads N]
                    [--format json|text] [--chart DIR]
      Monte Carlo of the year end from the months observed so far (docs/simulate.md): quantiles of
      balance, payment, shares and fund outflow, probabilities of overspend, a grid of policy
      parameters; --chart writes an SVG histogram of the year-end payment per alliance and fund.
  medbudget deductible CHAIN.json [--format json|text] [--lang zh|en]
      The deductible (起付线) of each stay in a chain of referrals under the chain's policy (Harbin:
      down waived, up the levels' difference; Guangdong: one per referral episode).
  medbudget calendar add-workdays YYYY-MM-DD N | is-workday YYYY-MM-DD | between FROM TO | data
                     [--calendar FILE]
      The working-day calendar (State Council rest days and make-up working days, 2019–2026):
      the N-th working day strictly after a date; yes or no; working days in (FROM, TO]; the data.
  medbudget demo [DIR] [--monitoring DIR2] [--format text|json|csv] [--lang zh|en]
      Settles every *.case.json in DIR (default: examples/cases) and prints each statement with its
      payment schedule, then a monitoring report of every year in progress in DIR2 (default:
      examples/monitoring), through the months it has.
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

// The command layer's options from the flags (medbudget/io/commands.hpp: the same functions serve the
// C interface). `case_path`: the case file, whose directory resolves a policy path in it.
medbudget::command_options command_options_of(const options& o, const std::string& case_path = {}) {
  medbudget::command_options c;
  c.render = o.render;
  c.threads = o.threads;
  c.option_prefix = "--";
  if (!case_path.empty()) {
    c.source = case_path;
    const std::string dir = std::filesystem::path(case_path).parent_path().string();
    c.base_dir = dir.empty() ? "." : dir;
  }
  auto take = [&](std::optional<std::string>& field, std::string_view flag) {
    if (const std::string* v = value(o, flag)) field = *v;
  };
  take(c.claims, "--claims");
  take(c.registry, "--registry");
  take(c.attribution, "--attribution");
  take(c.previous_claims, "--previous-claims");
  take(c.county, "--county");
  take(c.policy, "--policy");
  take(c.calendar, "--calendar");
  take(c.year_end_date, "--year-end-date");
  take(c.through, "--through");
  c.progress = progress_printer(o);
  return c;
}

// Runs a command of the layer and prints: warnings and the records' summary (with the time taken) on
// stderr, then the output on stdout, only once everything has succeeded.
int print(const options& o, const std::function<medbudget::command_result()>& f) {
  const auto start = std::chrono::steady_clock::now();
  const medbudget::command_result r = f();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();  // double: a log's elapsed time
  if (!o.quiet) {
    for (const auto& w : r.warnings) spdlog::warn("{}", w);
    if (!r.records_summary.empty()) spdlog::info("{}, in {:.2f} s", r.records_summary, seconds);
  }
  std::cout << r.output;
  return 0;
}

int monitor_command(const std::vector<std::string_view>& rest) {
  const options o = parse(rest, {"--format", "--lang", "--quiet", "--claims", "--registry", "--attribution", "--threads",
                                 "--calendar", "--through", "--chart", "--previous-claims"});
  if (o.positional.size() != 1) throw usage_error("monitor takes one case file");
  medbudget::command_options c = command_options_of(o, o.positional[0]);
  const std::string* dir = value(o, "--chart");
  c.charts = dir != nullptr;
  return print(o, [&] {
    medbudget::command_result r = medbudget::monitor_case(medbudget::read_file(o.positional[0]), c);
    if (dir != nullptr) {
      medbudget::write_files(*dir, r.files);
      if (!o.quiet) spdlog::info("wrote {} chart(s) to {}", r.files.size(), *dir);
    }
    return r;
  });
}

int calendar_command(const std::vector<std::string_view>& rest, bool format_given) {
  options o = parse(rest, {"--calendar", "--format"});
  if (!format_given) o.render.format = medbudget::output_format::text;
  const auto& p = o.positional;
  if (p.empty()) throw usage_error("calendar needs a question: add-workdays, is-workday, between or data");
  medbudget::command_options c = command_options_of(o);
  c.question = p[0];
  const auto arity = [&](std::size_t n, const char* form) {
    if (p.size() != n + 1) throw usage_error(std::string("calendar ") + form);
  };
  if (p[0] == "data") {
    arity(0, "data takes no argument");
  } else if (p[0] == "add-workdays") {
    arity(2, "add-workdays takes a date YYYY-MM-DD and a number of working days");
    c.date = p[1];
    c.days = static_cast<int>(number("the number of working days", p[2], 0, 3660));
  } else if (p[0] == "is-workday") {
    arity(1, "is-workday takes a date YYYY-MM-DD");
    c.date = p[1];
  } else if (p[0] == "between") {
    arity(2, "between takes two dates YYYY-MM-DD");
    c.date = p[1];
    c.to = p[2];  } else {
    throw usage_error("unknown calendar question \"" + p[0].substr(0, 32) + "\" (add-workdays, is-workday, between, data)");
  }
  return print(o, [&] { return medbudget::calendar_query(c); });
}

std::int64_t number(const std::string& flag, const std::string& text, std::int64_t min, std::int64_t max) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    throw usage_error(flag + " takes a whole number");
  const std::int64_t v = std::stoll(text);
  if (v < min || v > max) throw usage_error(flag + " takes a number from " + std::to_string(min) + " to " + std::to_string(max));
  return v;
}

// The YYYY-MM of a case's year and month.
std::string year_month(int year, int month) {
  return std::to_string(year) + "-" + (month < 10 ? "0" : "") + std::to_string(month);
}

// `medbudget simulate`: scenarios of the year end (docs/simulate.md).
int simulate_command(const std::vector<std::string_view>& args) {
  std::vector<std::string_view> rest;
  std::vector<medbudget::grid_axis> grid;
  for (std::size_t i = 0; i < args.size(); ++i) {  // --grid may repeat: one axis each
    if (args[i] != "--grid") rest.push_back(args[i]);
    else if (i + 1 >= args.size()) throw usage_error("--grid needs a value");
    else try {
      grid.push_back(medbudget::parse_grid_axis(args[++i]));
    } catch (const medbudget::input_error& e) {
      throw usage_error(e.what());
    }
  }
  options o = parse(rest, {"--scenarios", "--seed", "--model", "--format", "--chart", "--threads", "--quiet", "--claims",
                           "--registry", "--attribution"});
  if (o.positional.size() != 1) throw usage_error("simulate takes one case file");
  if (o.render.format == medbudget::output_format::csv) throw usage_error("simulate writes json or text");
  medbudget::simulation_options so;
  so.scenarios = static_cast<std::uint64_t>(number("--scenarios", required_value(o, "--scenarios"), 1,
                                                   static_cast<std::int64_t>(medbudget::max_scenarios)));
  so.seed = static_cast<std::uint64_t>(number("--seed", required_value(o, "--seed"), 0, INT64_MAX));
  so.threads = o.threads != 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  so.grid = std::move(grid);
  const std::string* chart_dir = value(o, "--chart");
  so.keep_payments = chart_dir != nullptr;
  const std::string& path = o.positional[0];
  medbudget::simulation_model model;
  if (const std::string* m = value(o, "--model")) model = medbudget::load_simulation_model(medbudget::read_file(*m), *m);
  medbudget::command_result loaded;
  medbudget::case_input c = medbudget::load_case_for_command(medbudget::read_file(path), command_options_of(o, path), loaded);
  if (!o.quiet) {
    for (const auto& w : loaded.warnings) spdlog::warn("{}", w);
    if (!loaded.records_summary.empty()) spdlog::info("{}", loaded.records_summary);
  }
  if (value(o, "--claims") != nullptr && !model.observed_months) {
    // Records give 12 months: those up to the last with spend are observed.
    const int k = medbudget::last_month_with_spend(c);
    if (k == 0) throw medbudget::input_error(required_value(o, "--claims"), "no spend in the year to project from");
    model.observed_months = k;
    if (!o.quiet) spdlog::info("{}: {} months observed (set observed_months in the model to choose)", path, k);
  }
  const auto start = std::chrono::steady_clock::now();
  auto last = start;
  if (!o.quiet)
    so.progress = [&](const medbudget::simulation_progress& p) {
      const auto now = std::chrono::steady_clock::now();
      if (p.total < 1'000'000 || now - last < std::chrono::seconds(1)) return;
      last = now;
      const double seconds = std::chrono::duration<double>(now - start).count();  // double: elapsed time only
      spdlog::info("simulate: {} of {} scenario settlements, {:.0f}/s", p.done, p.total,
                   static_cast<double>(p.done) / seconds);  // double: a rate only
    };
  medbudget::simulation_result r;
  try {
    r = medbudget::simulate(c, model, so);
  } catch (const medbudget::input_error& e) {  // "--grid …", "--scenarios": the command line's fault
    if (e.where().starts_with("--")) throw usage_error(e.what());
    throw;
  }
  const std::string out = medbudget::render(r, o.render.format);
  if (chart_dir != nullptr) {
    const std::size_t n = medbudget::write_simulation_charts(r, *chart_dir);
    if (!o.quiet) spdlog::info("wrote {} charts to {}", n, *chart_dir);
  }
  std::cout << out;
  return 0;
}

int run(const std::vector<std::string_view>& args) {
  if (args.empty()) throw usage_error("a command is required");
  const std::string_view cmd = args[0];
  const std::vector<std::string_view> rest(args.begin() + 1, args.end());
  const bool format_given = std::any_of(rest.begin(), rest.end(), [](auto a) { return a == "--format"; });
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
  if (cmd == "aggregate" || cmd == "indicators") {
    options o = parse(rest, {"--claims", "--registry", "--attribution", "--county", "--year", "--threads", "--policy",
                             "--format", "--lang", "--quiet", "--previous-claims"});
    if (!o.positional.empty()) throw usage_error(std::string(cmd) + " takes no positional argument");
    if (cmd == "aggregate" && value(o, "--previous-claims") != nullptr) throw usage_error("--previous-claims goes with indicators");
    medbudget::command_options c = command_options_of(o);
    const std::string& year_text = required_value(o, "--year");
    if (year_text.size() != 4 || year_text.find_first_not_of("0123456789") != std::string::npos)
      throw usage_error("--year takes a year such as 2024");
    c.year = std::stoi(year_text);
    return print(o, [&] { return cmd == "indicators" ? medbudget::indicator_records(c) : medbudget::aggregate_records(c); });
  }
  if (cmd == "budget" || cmd == "settle" || cmd == "schedule") {
    const bool records = cmd != "budget";
    options o = records ? parse(rest, {"--format", "--lang", "--quiet", "--claims", "--registry", "--attribution",
                                       "--threads", "--calendar", "--year-end-date", "--previous-claims"})
                        : parse(rest, {"--format", "--lang", "--quiet"});
    if (cmd == "settle" && (value(o, "--calendar") != nullptr || value(o, "--year-end-date") != nullptr))
      throw usage_error("--calendar and --year-end-date go with schedule");
    if (o.positional.size() != 1) throw usage_error(std::string(cmd) + " takes one case file");
    const medbudget::command_options c = command_options_of(o, o.positional[0]);
    return print(o, [&] {
      const std::string bytes = medbudget::read_file(o.positional[0]);
      return cmd == "budget"   ? medbudget::budget_case(bytes, c)
             : cmd == "settle" ? medbudget::settle_case(bytes, c)
                               : medbudget::schedule_case(bytes, c);
    });
  }
  if (cmd == "deductible") {
    const options o = parse(rest, {"--format", "--lang"});
    if (o.positional.size() != 1) throw usage_error("deductible takes one chain file");
    return print(o, [&] {
      return medbudget::deductible_chain(medbudget::read_file(o.positional[0]), command_options_of(o, o.positional[0]));
    });
  }
  if (cmd == "monitor") return monitor_command(rest);
  if (cmd == "simulate") return simulate_command(rest);
  if (cmd == "calendar") return calendar_command(rest, format_given);
  if (cmd == "demo") {
    options o = parse(rest, {"--format", "--lang", "--quiet", "--monitoring"});
    if (o.positional.size() > 1) throw usage_error("demo takes at most one directory");
    if (!format_given) o.render.format = medbudget::output_format::text;
    const std::string dir = o.positional.empty() ? "examples/cases" : o.positional[0];
    const std::vector<std::string> cases = case_files(dir, true);
    const std::string* monitoring_dir = value(o, "--monitoring");
    const std::vector<std::string> in_year =
        case_files(monitoring_dir ? *monitoring_dir : "examples/monitoring", monitoring_dir != nullptr);
    std::string out;
    for (std::size_t i = 0; i < cases.size(); ++i) {
      if (!o.quiet) spdlog::info("[{}/{}] settling {} and dating its payments", i + 1, cases.size(), cases[i]);
      const std::string bytes = medbudget::read_file(cases[i]);
      const medbudget::command_options c = command_options_of(o, cases[i]);
      const medbudget::command_result settled = medbudget::settle_case(bytes, c);
      if (!o.quiet)
        for (const auto& w : settled.warnings) spdlog::warn("{}", w);
      out += settled.output + medbudget::schedule_case(bytes, c).output;
    }
    std::size_t monitored = 0;
    if (o.render.format == medbudget::output_format::csv) {
      if (!o.quiet && !in_year.empty()) spdlog::info("monitoring reports are json or text: skipped in csv");
    } else {
      for (const std::string& path : in_year) {
        const std::string bytes = medbudget::read_file(path);
        medbudget::command_options c = command_options_of(o, path);
        const medbudget::loaded_case lc = medbudget::load_case(bytes, path, c.base_dir);
        c.through = year_month(lc.value.year, medbudget::months_observed(lc.value));
        if (!o.quiet) spdlog::info("monitoring {} through {}", path, *c.through);
        out += medbudget::monitor_case(bytes, c).output;
        ++monitored;
      }
    }
    std::cout << out;
    if (!o.quiet) spdlog::info("settled {} cases with their payment schedules; {} monitoring report(s)", cases.size(), monitored);
    return 0;
  }
  if (cmd == "presets") {
    options o = parse(rest, {"--format"});
    if (!format_given) o.render.format = medbudget::output_format::text;
    if (!o.positional.empty()) throw usage_error("presets takes no argument");
    return print(o, [&] { return medbudget::list_presets(command_options_of(o)); });
  }
  if (cmd == "policy") {
    const options o = parse(rest, {});
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
  } catch (const medbudget::usage_error& e) {
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
