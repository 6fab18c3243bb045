// The medbudget program: `medbudget COMMAND [ARGS]`. See `medbudget --help`.
//
// Output goes to stdout only once the whole result is computed; errors and warnings go to stderr.
// Exit status: 0 done; 1 the input is wrong; 2 the command line is wrong; 3 internal error (a bug).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>    // sort
#include <filesystem>   // directory_iterator
#include <iostream>     // cout, cerr
#include <map>          // map
#include <optional>     // optional
#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include "medbudget/error.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/io/render.hpp"
#include "medbudget/io/version.hpp"
#include "medbudget/settle.hpp"

namespace {

constexpr std::string_view usage = R"(medbudget — exact settlement of county medical-alliance (医共体) total-budget payments

Usage:
  medbudget budget CASE.json [--format json|text|csv] [--lang zh|en]
      The budget part of the statement: the county pot, deductions, caps, each alliance's budget.
  medbudget settle CASE.json [--format json|text|csv] [--lang zh|en]
      The year-end settlement statement of every alliance and fund.
  medbudget demo [DIR] [--format text|json|csv] [--lang zh|en]
      Settles every *.case.json in DIR (default: examples/cases) and prints the statements.
  medbudget presets
      Lists the embedded policy presets.
  medbudget policy ID
      Prints an embedded preset's JSON (to copy and adapt into a policy file of your own).
  medbudget --version | --help

Options:
  --format F   json (default; deterministic bytes), text (readable 年度清算单), csv (one row per line)
  --lang L     zh (default) or en: the labels of text and csv output
  --quiet      no warnings on stderr

Amounts are yuan with two decimals. A case names its policy (a preset id or a policy JSON path).
Exit status: 0 done; 1 the input is wrong; 2 the command line is wrong; 3 internal error (a bug).
)";

struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct options {
  std::vector<std::string> positional;
  medbudget::render_options render;
  bool quiet = false;
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

std::string case_output(const std::string& path, options& o, bool budget_only) {
  const std::string bytes = medbudget::read_file(path);
  const std::string dir = std::filesystem::path(path).parent_path().string();
  const medbudget::loaded_case lc = medbudget::load_case(bytes, path, dir.empty() ? "." : dir);
  warn(o, lc.warnings, path);
  const medbudget::statement s = budget_only ? medbudget::budget_year(lc.value) : medbudget::settle_year(lc.value);
  o.render.budget_only = budget_only;
  o.render.input_sha256 = {medbudget::sha256_of(bytes)};
  return medbudget::render(s, o.render);
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
  if (cmd == "budget" || cmd == "settle") {
    options o = parse(rest, {"--format", "--lang", "--quiet"});
    if (o.positional.size() != 1) throw usage_error(std::string(cmd) + " takes one case file");
    const std::string out = case_output(o.positional[0], o, cmd == "budget");
    std::cout << out;
    return 0;
  }
  if (cmd == "demo") {
    options o = parse(rest, {"--format", "--lang", "--quiet"});
    if (o.positional.size() > 1) throw usage_error("demo takes at most one directory");
    if (args.size() == 1 || std::none_of(rest.begin(), rest.end(), [](auto a) { return a == "--format"; }))
      o.render.format = medbudget::output_format::text;
    const std::string dir = o.positional.empty() ? "examples/cases" : o.positional[0];
    std::error_code ec;
    std::vector<std::string> cases;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
      if (e.path().string().ends_with(".case.json")) cases.push_back(e.path().string());
    if (ec) throw medbudget::input_error(dir, "cannot read the directory: " + ec.message());
    if (cases.empty()) throw medbudget::input_error(dir, "no *.case.json files");
    std::sort(cases.begin(), cases.end());
    std::string out;
    for (std::size_t i = 0; i < cases.size(); ++i) {
      if (!o.quiet) spdlog::info("[{}/{}] settling {}", i + 1, cases.size(), cases[i]);
      out += case_output(cases[i], o, false);
    }
    std::cout << out;
    if (!o.quiet) spdlog::info("settled {} cases", cases.size());
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
