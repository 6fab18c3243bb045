// The medbudget program: `medbudget COMMAND [ARGS]`. See `medbudget --help`.
//
// Output goes to stdout only once the whole result is computed; errors and warnings go to stderr.
// The order of a command that writes files (--chart, generate): the result in memory; the files
// under temporary names, complete and on disk; stdout, written and checked; then the renames. A
// failure at any step removes every file of the run and exits non-zero (docs/errors.md).
// Exit status: 0 done; 1 the input is wrong or the output cannot be written; 2 the command line is
// wrong; 3 internal error (a bug); 4 out of memory or threads.
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
#include <system_error> // system_error, errc
#include <thread>       // hardware_concurrency
#include <vector>       // vector

#include "medbudget/error.hpp"
#include "medbudget/claims.hpp"
#include "medbudget/io/claims_csv.hpp"
#include "medbudget/io/commands.hpp"
#include "medbudget/io/files.hpp"
#include "medbudget/io/generate.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/io/simulate.hpp"
#include "medbudget/io/version.hpp"
#include "medbudget/monitor.hpp"
#include "output.hpp"
#include "usage.hpp"

namespace {

using medbudget::cli::emit;
using medbudget::cli::emit_with_files;
using medbudget::cli::usage;

// A whole number from a flag's text, within [min, max], no leading zeros; usage_error otherwise.
std::int64_t number(const std::string& flag, const std::string& text, std::int64_t min, std::int64_t max) {
  return medbudget::whole_number_option(text, flag, min, max);
}

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

// "-" for a file stands for standard input, read through this path.
constexpr std::string_view stdin_path = "/dev/stdin";

// The options whose value is a file (where "-" means standard input).
bool is_file_option(std::string_view flag) {
  for (std::string_view f : {"--claims", "--registry", "--attribution", "--previous-claims", "--calendar", "--model"})
    if (flag == f) return true;
  return false;
}

options parse(const std::vector<std::string_view>& args, std::initializer_list<std::string_view> allowed) {
  options o;
  auto permitted = [&](std::string_view flag) {
    for (auto a : allowed)
      if (a == flag) return true;
    return false;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a.size() > 1 && a[0] == '-') {
      // --opt=value is --opt value.
      std::optional<std::string_view> inline_value;
      if (const std::size_t eq = a.find('='); a.substr(0, 2) == "--" && eq != std::string_view::npos) {
        inline_value = a.substr(eq + 1);
        a = a.substr(0, eq);
      }
      if (!permitted(a)) throw usage_error("unknown option " + std::string(a));
      if (a == "--quiet") {
        if (inline_value) throw usage_error("--quiet takes no value");
        o.quiet = true;
        continue;
      }
      if (!inline_value && i + 1 >= args.size()) throw usage_error(std::string(a) + " needs a value");
      std::string_view v = inline_value ? *inline_value : args[++i];
      if (v == "-" && is_file_option(a)) v = stdin_path;
      if (a == "--format") {
        if (v == "json") o.render.format = medbudget::output_format::json;
        else if (v == "text") o.render.format = medbudget::output_format::text;
        else if (v == "csv") o.render.format = medbudget::output_format::csv;
        else throw usage_error("--format takes json, text or csv, not " + std::string(v));
      } else if (a == "--lang") {
        if (v == "zh") o.render.lang = medbudget::language::zh;
        else if (v == "en") o.render.lang = medbudget::language::en;
        else throw usage_error("--lang takes zh or en, not " + std::string(v));
      } else if (a == "--encoding") {
        o.render.encoding = medbudget::encoding_option(v, "--encoding");
      } else {
        if (o.values.count(a)) throw usage_error(std::string(a) + " given twice");
        o.values.emplace(std::string(a), std::string(v));
        if (a == "--threads") o.threads = static_cast<unsigned>(number("--threads", std::string(v), 1, 999));
      }
    } else {
      o.positional.emplace_back(a == "-" ? stdin_path : a);  // a case, chain or directory: "-" is standard input
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
  c.allow_policy_path = true;  // the person running the program names the case and so its policy file
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
    for (const auto& w : r.warnings) spdlog::warn("{}", medbudget::printable(w));
    if (!r.records_summary.empty()) spdlog::info("{}, in {:.2f} s", r.records_summary, seconds);
  }
  emit(r.output);
  return 0;
}

int monitor_command(const std::vector<std::string_view>& rest) {
  const options o = parse(rest, {"--format", "--lang", "--encoding", "--quiet", "--claims", "--registry", "--attribution",
                                 "--threads", "--calendar", "--through", "--chart", "--previous-claims"});
  if (o.positional.size() != 1) throw usage_error("monitor takes one case file");
  medbudget::command_options c = command_options_of(o, o.positional[0]);
  const std::string* dir = value(o, "--chart");
  c.charts = dir != nullptr;
  if (dir == nullptr)
    return print(o, [&] { return medbudget::monitor_case(medbudget::read_file(o.positional[0], medbudget::max_json_file_bytes), c); });
  const medbudget::command_result r =
      medbudget::monitor_case(medbudget::read_file(o.positional[0], medbudget::max_json_file_bytes), c);
  if (!o.quiet)
    for (const auto& w : r.warnings) spdlog::warn("{}", medbudget::printable(w));
  emit_with_files(r.output, *dir, r.files);
  if (!o.quiet) spdlog::info("wrote {} chart(s) to {}", r.files.size(), *dir);
  return 0;
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
  if (const std::string* m = value(o, "--model"))
    model = medbudget::load_simulation_model(medbudget::read_file(*m, medbudget::max_json_file_bytes), *m);
  medbudget::command_result loaded;
  medbudget::case_input c = medbudget::load_case_for_command(medbudget::read_file(path, medbudget::max_json_file_bytes),
                                                             command_options_of(o, path), loaded);
  if (!o.quiet) {
    for (const auto& w : loaded.warnings) spdlog::warn("{}", medbudget::printable(w));
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
  if (chart_dir == nullptr) {
    emit(out);
    return 0;
  }
  const auto charts = medbudget::simulation_charts(r);
  emit_with_files(out, *chart_dir, charts);
  if (!o.quiet) spdlog::info("wrote {} charts to {}", charts.size(), *chart_dir);
  return 0;
}

// The usage of one command — its lines of `medbudget --help` — and the options.
int emit_command_usage(std::string_view cmd) {
  const std::string head = "  medbudget " + std::string(cmd) + " ";
  const std::string_view text = usage;
  const std::size_t at = text.find(head);
  const std::size_t bare = text.find("  medbudget " + std::string(cmd) + "\n");
  const std::size_t start = at != std::string_view::npos ? at : bare;
  if (cmd.empty() || cmd[0] == '-' || start == std::string_view::npos) throw usage_error("unknown command \"" + std::string(cmd) + "\"");
  std::size_t end = text.find("\n  medbudget ", start);
  const std::size_t options_at = text.find("\nOptions:");
  if (end == std::string_view::npos || end > options_at) end = options_at;
  emit("Usage:\n" + std::string(text.substr(start, end + 1 - start)) + std::string(text.substr(options_at + 1)));
  return 0;
}

int run(const std::vector<std::string_view>& args) {
  if (args.empty()) throw usage_error("a command is required");
  const std::string_view cmd = args[0];
  const std::vector<std::string_view> rest(args.begin() + 1, args.end());
  const bool format_given = std::any_of(rest.begin(), rest.end(), [](auto a) { return a == "--format"; });
  if (cmd == "--version") {
    emit("medbudget " + std::string(medbudget::engine_version()) + "\n");
    return 0;
  }
  if (cmd == "--help" || cmd == "-h" || (cmd == "help" && rest.empty())) {
    emit(usage);
    return 0;
  }
  // `help CMD` and `CMD --help`: that command's usage and the options.
  if (cmd == "help") return emit_command_usage(rest.front());
  if (std::any_of(rest.begin(), rest.end(), [](auto a) { return a == "--help" || a == "-h"; })) return emit_command_usage(cmd);
  if (cmd == "generate") {
    options o = parse(rest, {"--county", "--insured", "--records", "--seed", "--out", "--year", "--quiet"});
    if (!o.positional.empty()) throw usage_error("generate takes no positional argument");
    medbudget::sample_spec spec;
    spec.county = medbudget::county_option(required_value(o, "--county"), "--county");
    spec.insured = number("--insured", required_value(o, "--insured"), 1, 100000000);
    spec.records = number("--records", required_value(o, "--records"), 0, 2000000000);
    spec.seed = static_cast<std::uint64_t>(number("--seed", required_value(o, "--seed"), 0, INT64_MAX));
    spec.out_dir = required_value(o, "--out");
    if (const std::string* y = value(o, "--year")) spec.year = medbudget::year_option(*y, "--year");
    if (!o.quiet) {  // progress at most once a second, and the last
      const auto start = std::chrono::steady_clock::now();
      auto last = start;
      spec.progress = [start, last](std::int64_t done, std::int64_t total) mutable {
        const auto now = std::chrono::steady_clock::now();
        if (now - last < std::chrono::seconds(1) && done < total) return;
        last = now;
        const double seconds = std::chrono::duration<double>(now - start).count();  // double: elapsed time only
        spdlog::info("generate: {} of {} records written, {:.0f} records/s", done, total,
                     seconds > 0 ? static_cast<double>(done) / seconds : 0.0);  // double: a rate only
      };
    }
    const medbudget::sample_written w = medbudget::generate_sample(spec);
    if (!o.quiet)
      spdlog::info("wrote {}/claims.csv: {} rows ({} reversals), {} bytes; registry.csv; attribution.csv", spec.out_dir,
                   w.rows, w.reversals, w.bytes);
    return 0;
  }
  if (cmd == "aggregate" || cmd == "indicators") {
    // The indicators' report is in English only: --lang would be ignored, so it is not taken.
    options o = cmd == "aggregate"
                    ? parse(rest, {"--claims", "--registry", "--attribution", "--county", "--year", "--threads", "--policy",
                                   "--format", "--lang", "--encoding", "--quiet", "--previous-claims"})
                    : parse(rest, {"--claims", "--registry", "--attribution", "--county", "--year", "--threads", "--policy",
                                   "--format", "--encoding", "--quiet", "--previous-claims"});
    if (!o.positional.empty()) throw usage_error(std::string(cmd) + " takes no positional argument");
    if (cmd == "aggregate" && value(o, "--previous-claims") != nullptr) throw usage_error("--previous-claims goes with indicators");
    medbudget::command_options c = command_options_of(o);
    c.year = medbudget::year_option(required_value(o, "--year"), "--year");
    return print(o, [&] { return cmd == "indicators" ? medbudget::indicator_records(c) : medbudget::aggregate_records(c); });
  }
  if (cmd == "budget" || cmd == "settle" || cmd == "schedule") {
    const bool records = cmd != "budget";
    options o = records ? parse(rest, {"--format", "--lang", "--encoding", "--quiet", "--claims", "--registry",
                                       "--attribution", "--threads", "--calendar", "--year-end-date", "--previous-claims"})
                        : parse(rest, {"--format", "--lang", "--encoding", "--quiet"});
    if (cmd == "settle" && (value(o, "--calendar") != nullptr || value(o, "--year-end-date") != nullptr))
      throw usage_error("--calendar and --year-end-date go with schedule");
    if (o.positional.size() != 1) throw usage_error(std::string(cmd) + " takes one case file");
    const medbudget::command_options c = command_options_of(o, o.positional[0]);
    return print(o, [&] {
      const std::string bytes = medbudget::read_file(o.positional[0], medbudget::max_json_file_bytes);
      return cmd == "budget"   ? medbudget::budget_case(bytes, c)
             : cmd == "settle" ? medbudget::settle_case(bytes, c)
                               : medbudget::schedule_case(bytes, c);
    });
  }
  if (cmd == "deductible") {
    const options o = parse(rest, {"--format", "--lang"});
    if (o.positional.size() != 1) throw usage_error("deductible takes one chain file");
    return print(o, [&] {
      return medbudget::deductible_chain(medbudget::read_file(o.positional[0], medbudget::max_json_file_bytes),
                                         command_options_of(o, o.positional[0]));
    });
  }
  if (cmd == "monitor") return monitor_command(rest);
  if (cmd == "simulate") return simulate_command(rest);
  if (cmd == "calendar") return calendar_command(rest, format_given);
  if (cmd == "demo") {
    options o = parse(rest, {"--format", "--lang", "--quiet", "--monitoring"});
    if (o.positional.size() > 1) throw usage_error("demo takes at most one directory");
    if (!format_given) o.render.format = medbudget::output_format::text;
    // Several CSVs in one stream: plain UTF-8, no byte order mark in the middle of it.
    if (o.render.format == medbudget::output_format::csv) o.render.encoding = medbudget::csv_encoding::utf8;
    const std::string dir = o.positional.empty() ? "examples/cases" : o.positional[0];
    const std::vector<std::string> cases = case_files(dir, true);
    const std::string* monitoring_dir = value(o, "--monitoring");
    const std::vector<std::string> in_year =
        case_files(monitoring_dir ? *monitoring_dir : "examples/monitoring", monitoring_dir != nullptr);
    std::string out;
    for (std::size_t i = 0; i < cases.size(); ++i) {
      if (!o.quiet) spdlog::info("[{}/{}] settling {} and dating its payments", i + 1, cases.size(), cases[i]);
      const std::string bytes = medbudget::read_file(cases[i], medbudget::max_json_file_bytes);
      const medbudget::command_options c = command_options_of(o, cases[i]);
      const medbudget::command_result settled = medbudget::settle_case(bytes, c);
      if (!o.quiet)
        for (const auto& w : settled.warnings) spdlog::warn("{}", medbudget::printable(w));
      out += settled.output + medbudget::schedule_case(bytes, c).output;
    }
    std::size_t monitored = 0;
    if (o.render.format == medbudget::output_format::csv) {
      if (!o.quiet && !in_year.empty()) spdlog::info("monitoring reports are json or text: skipped in csv");
    } else {
      for (const std::string& path : in_year) {
        const std::string bytes = medbudget::read_file(path, medbudget::max_json_file_bytes);
        medbudget::command_options c = command_options_of(o, path);
        const medbudget::loaded_case lc = medbudget::load_case(bytes, path, c.base_dir, c.allow_policy_path);
        c.through = year_month(lc.value.year, medbudget::months_observed(lc.value));
        if (!o.quiet) spdlog::info("monitoring {} through {}", path, *c.through);
        out += medbudget::monitor_case(bytes, c).output;
        ++monitored;
      }
    }
    emit(out);
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
    const options o = parse(rest, {"--format"});
    if (o.render.format != medbudget::output_format::json) throw usage_error("policy prints JSON: --format json only");
    if (o.positional.size() != 1) throw usage_error("policy takes one preset id");
    emit(medbudget::preset_json(o.positional[0]));
    return 0;
  }
  throw usage_error("unknown command \"" + std::string(cmd) + "\"");
}

}  // namespace

int main(int argc, char** argv) {
  medbudget::cli::hold_standard_descriptors();
  auto logger = spdlog::stderr_color_st("medbudget");
  logger->set_pattern("medbudget: %l: %v");
  spdlog::set_default_logger(logger);
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  // Every message is printed through `printable`: input echoed in it cannot carry control characters.
  const auto say = [](std::string_view prefix, std::string_view what, std::string_view suffix) {
    std::cerr << prefix << medbudget::printable(what) << suffix << '\n';
  };
  try {
    return run(args);
  } catch (const usage_error& e) {
    say("medbudget: ", e.what(), " (see medbudget --help)");
    return 2;
  } catch (const medbudget::usage_error& e) {
    say("medbudget: ", e.what(), " (see medbudget --help)");
    return 2;
  } catch (const medbudget::input_error& e) {
    say("medbudget: error: ", e.what(), "");
    return 1;
  } catch (const medbudget::out_of_memory_error& e) {
    say("medbudget: error: ", e.what(), "");
    return 4;
  } catch (const std::bad_alloc&) {
    say("medbudget: error: ", "out of memory; a smaller --threads or a larger memory limit would help", "");
    return 4;
  } catch (const std::system_error& e) {
    if (e.code() == std::errc::resource_unavailable_try_again) {
      say("medbudget: error: ", "out of memory (no thread could be started); a smaller --threads would help", "");
      return 4;
    }
    say("medbudget: internal error: ", e.what(), "");
    return 3;
  } catch (const medbudget::invariant_error& e) {
    say("medbudget: internal error: ", e.what(), "");
    return 3;
  } catch (const std::exception& e) {
    say("medbudget: internal error: ", e.what(), "");
    return 3;
  }
}
