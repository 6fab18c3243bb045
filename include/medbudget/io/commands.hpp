// medbudget/io/commands.hpp — the program's commands as functions: a request in, the output text out.
//
//   medbudget::command_options o;                       // what the program's flags set
//   o.render.format = medbudget::output_format::text;
//   medbudget::command_result r = medbudget::settle_case(case_bytes, "case.json", o);
//   std::cout << r.output;                               // r.warnings: "case.json: ..." each
//
//   // The same through JSON (the C ABI, medbudget.h, is this one call):
//   r = medbudget::run_command("settle", case_bytes, R"({"format": "text", "lang": "en"})");
//
// Errors: input_error (the input is wrong: a field path or file:line:column), usage_error (the
// request is wrong: an option, a missing file name), out_of_memory_error (files.hpp: memory or
// threads ran out while reading a file), invariant_error (a bug). Nothing is printed.
//
// A command is one entry of the table in src/io/commands.cpp: its name, the option keys it accepts
// and a function `command_result (std::string_view input, const command_options&)`; docs/c-api.md says how.
#pragma once

#include <cstdint>     // int64_t
#include <functional>  // function
#include <optional>    // optional
#include <span>        // span
#include <stdexcept>   // runtime_error
#include <string>      // string
#include <string_view> // string_view
#include <utility>     // pair
#include <vector>      // vector

#include "medbudget/io/claims_csv.hpp"
#include "medbudget/io/render.hpp"

namespace medbudget {

// The request is wrong (the program exits 2): an unknown option, a value out of range, a file name
// missing. `where` names the option ("format", "--threads"), or is empty.
class usage_error : public std::runtime_error {
 public:
  usage_error(std::string where, const std::string& what)
      : std::runtime_error(what), where_(std::move(where)) {}
  [[nodiscard]] const std::string& where() const noexcept { return where_; }

 private:
  std::string where_;
};

// Everything a command may be given besides its input document; the program's flags and the JSON
// options object both fill it.
struct command_options {
  render_options render;                      // format, lang, encoding (input_sha256 and budget_only are set by the command)
  unsigned threads = 0;                       // workers reading records; 0: all cores
  std::string source = "case";                // the input's name in errors and warnings
  std::string option_prefix;                  // how errors name an option: "" (JSON keys) or "--" (flags)
  std::string base_dir = ".";                 // where a case's policy path is resolved
  bool allow_policy_path = false;             // a case's or chain's `policy` may name a file (else presets
                                              // only: a case from elsewhere cannot read or probe files)
  std::optional<std::string> claims;          // settlement records CSV (settle, aggregate)
  std::optional<std::string> registry;        // institution registry CSV
  std::optional<std::string> attribution;     // insured-person attribution CSV
  std::optional<std::string> previous_claims; // indicators, settle: the previous year's records (growth, change)
  std::optional<std::string> county;          // aggregate: 6-digit admdvs
  std::optional<int> year;                    // aggregate: the settlement year
  std::optional<std::string> policy;          // aggregate: a preset id or a policy file (its age bands);
                                              // policy: the preset id to print
  std::optional<std::string> calendar;        // a calendar file layered on the national one
  std::optional<std::string> year_end_date;   // schedule: YYYY-MM-DD of the year-end payment
  std::optional<std::string> through;         // monitor: YYYY-MM, the last month observed
  bool charts = false;                        // monitor: an SVG chart per alliance and fund in `files`
  std::optional<std::string> question;        // calendar: add-workdays | is-workday | between | data
  std::optional<std::string> date, to;        // calendar: YYYY-MM-DD
  std::optional<int> days;                    // calendar add-workdays: working days (0–3660)
  std::function<void(const claims_progress&)> progress;  // called between batches of records
};

struct command_result {
  std::string output;                 // exactly what the program prints on stdout
  std::vector<std::string> warnings;  // "source: what", as the program prints them on stderr
  std::string records_summary;        // after reading records: "N records read, M counted, K excluded"
  std::vector<std::pair<std::string, std::string>> files;  // monitor with charts: file name → SVG
};

// `medbudget budget` / `medbudget settle` on a case's JSON text. With `claims`, each alliance's
// actuals come from the records (then `registry` is required, `attribution` optional).
[[nodiscard]] command_result budget_case(std::string_view case_json, const command_options& o);
[[nodiscard]] command_result settle_case(std::string_view case_json, const command_options& o);
// `medbudget schedule`: the dated payments of the year (records as for settle_case; `calendar`,
// `year_end_date` optional).
[[nodiscard]] command_result schedule_case(std::string_view case_json, const command_options& o);
// `medbudget monitor`: `through` (YYYY-MM, the case's year) required; with `charts`, one SVG per
// alliance and fund in `files`, named <insutype>-<alliance>.svg.
[[nodiscard]] command_result monitor_case(std::string_view case_json, const command_options& o);
// `medbudget calendar`: `question` with `date` (and `days` or `to`); text prints a line
// ("2024-03-28", "yes", "30"), json an object ({"date": …}, {"workday": true}, {"working_days": 30});
// `data` prints the embedded calendar file.
[[nodiscard]] command_result calendar_query(const command_options& o);
// A case from its JSON text with, when `claims` is given, each alliance's actuals from the records;
// warnings and the records' summary go to `out` (for commands built on the layer, e.g. simulate).
[[nodiscard]] case_input load_case_for_command(std::string_view case_json, const command_options& o, command_result& out);
// `medbudget deductible`: each stay's deductible in a chain of referrals (deductible_json.hpp).
[[nodiscard]] command_result deductible_chain(std::string_view chain_json, const command_options& o);
// `medbudget aggregate`: claims, registry, county and year are required.
[[nodiscard]] command_result aggregate_records(const command_options& o);
// `medbudget indicators`: claims, registry, county and year required; previous_claims, attribution
// and policy (a preset id or a policy file: its indicators, requirements and scoring) optional.
[[nodiscard]] command_result indicator_records(const command_options& o);
// `medbudget presets`: json `[{"id","notice","name_zh"}]`, or text lines `id<TAB>notice<TAB>name`.
[[nodiscard]] command_result list_presets(const command_options& o);
// `medbudget --version`: json `{"version": "0.1.0", "abi": 1}`, or text `medbudget 0.1.0`.
[[nodiscard]] command_result version_info(const command_options& o);

// The version of the C ABI (medbudget.h's MB_ABI_VERSION).
inline constexpr int c_abi_version = 1;

// ---- options: one validation for the program's flags and the options object ------------------------
// Each throws usage_error naming the option (`name`: "--year" or "year") with the message given.

// A settlement year: four digits, 1990 to 2100 (the span of the working-day calendar and of a case's
// `year`), e.g. "2024".
[[nodiscard]] int year_option(std::string_view text, const std::string& name);
// A whole number from `min` to `max` written in plain digits without leading zeros ("0" itself when
// min is 0): "007" and "00" are refused as "0" and "1000" are.
[[nodiscard]] std::int64_t whole_number_option(std::string_view text, const std::string& name, std::int64_t min,
                                               std::int64_t max);
// The encoding of CSV output: utf-8, utf-8-bom or gb18030. Where it is given with a format other
// than csv, the command refuses it ("--encoding applies to --format csv").
[[nodiscard]] csv_encoding encoding_option(std::string_view text, const std::string& name);
// A 6-digit 医保区划 code.
[[nodiscard]] std::string county_option(std::string_view text, const std::string& name);

// A message as it may be printed: control characters (U+0000–U+001F, U+007F, U+0080–U+009F) that
// came from the input are written `\u0007`, so they cannot move a terminal's cursor or forge lines.
[[nodiscard]] std::string printable(std::string_view message);

// ---- JSON in, JSON out ----------------------------------------------------------------------------
struct command {
  std::string_view name;
  std::span<const std::string_view> option_keys;  // the keys its options object may hold
  bool takes_input;                               // whether `input` is a document (else it must be empty)
  command_result (*run)(std::string_view input, const command_options& o);
};

// Every command, in the order `medbudget --help` lists them.
[[nodiscard]] std::span<const command> commands();

// The options object (`{"format": "text", "threads": 4}`; empty text means `{}`) for a command that
// accepts `keys`; usage_error naming the key otherwise.
[[nodiscard]] command_options parse_options(std::string_view options_json, std::span<const std::string_view> keys);

// Looks the command up, parses its options and runs it; usage_error for an unknown command.
[[nodiscard]] command_result run_command(std::string_view name, std::string_view input, std::string_view options_json);

}  // namespace medbudget
