// The program's commands as functions (commands.hpp): what `medbudget` and the C interface both run;
// nothing here prints.
#include "medbudget/io/commands.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>     // max
#include <array>         // array
#include <cstdio>        // remove
#include <filesystem>    // path
#include <new>           // bad_alloc
#include <system_error>  // system_error, errc
#include <thread>        // hardware_concurrency

#include "command_records.hpp"
#include "json_tree.hpp"
#include "medbudget/error.hpp"
#include "medbudget/indicators.hpp"
#include "medbudget/io/calendar_json.hpp"
#include "medbudget/io/deductible_json.hpp"
#include "medbudget/io/files.hpp"  // max_read_bytes
#include "medbudget/io/records_scan.hpp"
#include "medbudget/io/indicators_render.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/io/version.hpp"
#include "medbudget/monitor.hpp"
#include "medbudget/schedule.hpp"
#include "medbudget/settle.hpp"

namespace medbudget {

using detail::flag;
using detail::json_or_text;
using detail::load_case_with_records;
using detail::required;
using detail::year_in_range;

namespace {

// An encoding is for CSV bytes, written (--format csv) or read (the records and the files that go
// with them): given with neither, it is refused rather than ignored.
void encoding_with_csv(const command_options& o) {
  if (o.render.encoding != csv_encoding::by_language && o.render.format != output_format::csv && !o.claims)
    throw usage_error(flag(o, "encoding"), flag(o, "encoding") + " applies to " + flag(o, "format") + " csv and to " +
                                               flag(o, "claims") + " and the files read with it");
}

command_result case_output(std::string_view bytes, const command_options& o, bool budget_only) {
  encoding_with_csv(o);
  command_result out;
  render_options ro = o.render;
  const case_input c = load_case_with_records(bytes, o, ro, out);
  const statement s = budget_only ? budget_year(c) : settle_year(c);
  ro.budget_only = budget_only;
  out.output = render(s, ro);
  return out;
}

// The national calendar, with the `calendar` file layered on top when given.
calendar working_calendar(const command_options& o) {
  if (o.calendar) return layer_calendar(national_calendar(), read_file(*o.calendar, max_json_file_bytes), *o.calendar);
  return national_calendar();
}

date date_option(const command_options& o, const std::optional<std::string>& v, std::string_view key) {
  const std::string& text = required(o, v, key);
  const auto d = parse_date(text);
  if (!d) throw usage_error(flag(o, key), flag(o, key) + " takes a date YYYY-MM-DD, got \"" + text.substr(0, 32) + "\"");
  return *d;
}

// A file-name-safe form of an id: letters, digits, '-' and '_' kept, anything else '_'.
std::string file_safe(const std::string& id) {
  std::string s = id;
  for (char& ch : s)
    if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_')) ch = '_';
  return s;
}

std::string dump(const nlohmann::ordered_json& j) { return j.dump(1) + "\n"; }

// ---- the table ------------------------------------------------------------------------------------
command_result run_budget(std::string_view input, const command_options& o) { return budget_case(input, o); }
command_result run_settle(std::string_view input, const command_options& o) { return settle_case(input, o); }
command_result run_aggregate(std::string_view, const command_options& o) { return aggregate_records(o); }
command_result run_indicators(std::string_view, const command_options& o) { return indicator_records(o); }
command_result run_presets(std::string_view, const command_options& o) { return list_presets(o); }
command_result run_version(std::string_view, const command_options& o) { return version_info(o); }
command_result run_schedule(std::string_view input, const command_options& o) { return schedule_case(input, o); }
command_result run_monitor(std::string_view input, const command_options& o) { return monitor_case(input, o); }
command_result run_calendar(std::string_view, const command_options& o) { return calendar_query(o); }
command_result run_deductible(std::string_view input, const command_options& o) { return deductible_chain(input, o); }
command_result run_policy(std::string_view, const command_options& o) {
  command_result out;
  out.output = std::string(preset_json(required(o, o.policy, "policy")));
  return out;
}

constexpr std::array<std::string_view, 6> budget_keys{"format", "lang", "encoding", "source", "base_dir", "allow_policy_path"};
constexpr std::array<std::string_view, 11> settle_keys{"format",   "lang",     "encoding",    "source",  "base_dir",
                                                       "previous_claims",      "claims",      "registry", "attribution",
                                                       "threads",  "allow_policy_path"};
constexpr std::array<std::string_view, 10> aggregate_keys{"claims", "registry", "attribution", "county", "year", "encoding",
                                                         "policy", "threads",  "format",      "lang"};
constexpr std::array<std::string_view, 10> indicator_keys{"claims", "registry", "attribution", "county", "year", "encoding",
                                                         "previous_claims", "policy", "threads", "format"};
constexpr std::array<std::string_view, 13> schedule_keys{"format",  "lang",     "encoding",      "source",  "base_dir",
                                                         "claims",  "registry", "attribution",   "previous_claims",
                                                         "threads", "calendar", "year_end_date", "allow_policy_path"};
// `charts` is not an option key: the program asks for them (--chart DIR); the C interface has no files.
constexpr std::array<std::string_view, 13> monitor_keys{"format",   "lang",     "encoding",        "source",
                                                        "base_dir", "claims",   "registry",        "attribution",
                                                        "previous_claims", "threads", "calendar", "through",
                                                        "allow_policy_path"};
constexpr std::array<std::string_view, 6> calendar_keys{"question", "date", "days", "to", "calendar", "format"};
constexpr std::array<std::string_view, 5> deductible_keys{"format", "lang", "source", "base_dir", "allow_policy_path"};
constexpr std::array<std::string_view, 1> format_key{"format"};
constexpr std::array<std::string_view, 1> policy_key{"policy"};

// To add a command: a function above and a line here (and, for the C ABI, a named entry point in
// src/capi/medbudget_c.cpp and medbudget.h; `mb_run` reaches every line of this table as it is).
constexpr std::array<command, 11> table{{
    {"budget", budget_keys, true, run_budget},
    {"settle", settle_keys, true, run_settle},
    {"aggregate", aggregate_keys, false, run_aggregate},
    {"indicators", indicator_keys, false, run_indicators},
    {"schedule", schedule_keys, true, run_schedule},
    {"monitor", monitor_keys, true, run_monitor},
    {"calendar", calendar_keys, false, run_calendar},
    {"deductible", deductible_keys, true, run_deductible},
    {"presets", format_key, false, run_presets},
    {"version", format_key, false, run_version},
    {"policy", policy_key, false, run_policy},
}};

}  // namespace

command_result budget_case(std::string_view case_json, const command_options& o) {
  return case_output(case_json, o, true);
}

command_result settle_case(std::string_view case_json, const command_options& o) {
  return case_output(case_json, o, false);
}

case_input load_case_for_command(std::string_view case_json, const command_options& o, command_result& out) {
  render_options ro = o.render;
  return load_case_with_records(case_json, o, ro, out);
}

command_result schedule_case(std::string_view case_json, const command_options& o) {
  encoding_with_csv(o);
  schedule_options so;
  if (o.year_end_date) so.year_end_date = date_option(o, o.year_end_date, "year_end_date");
  const calendar cal = working_calendar(o);
  command_result out;
  render_options ro = o.render;
  const case_input c = load_case_with_records(case_json, o, ro, out);
  out.output = render(schedule_year(c, cal, so), ro);
  return out;
}

command_result monitor_case(std::string_view case_json, const command_options& o) {
  json_or_text(o, "monitor");
  encoding_with_csv(o);
  const std::string& through = required(o, o.through, "through");
  if (through.size() != 7 || through[4] != '-' || through.find_first_not_of("0123456789-") != std::string::npos ||
      through.find('-', 5) != std::string::npos)
    throw usage_error(flag(o, "through"), flag(o, "through") + " takes a month YYYY-MM, e.g. 2024-09");
  const int through_year = std::stoi(through.substr(0, 4));
  const int through_month = std::stoi(through.substr(5, 2));
  if (through_month < 1 || through_month > 12)
    throw usage_error(flag(o, "through"), flag(o, "through") + " takes a month YYYY-MM with MM from 01 to 12");
  const calendar cal = working_calendar(o);
  command_result out;
  render_options ro = o.render;
  const case_input c = load_case_with_records(case_json, o, ro, out);
  if (through_year != c.year)
    throw input_error("year", "the case is for " + std::to_string(c.year) + ", " + flag(o, "through") + " names " + through);
  const monitor_report r = monitor_year(c, cal, through_month);
  out.output = render(r, ro);
  if (o.charts)
    for (const auto& f : r.funds)
      for (const auto& a : f.alliances)
        out.files.emplace_back(file_safe(f.insutype) + "-" + file_safe(a.id) + ".svg",
                               monitor_chart_svg(r, f, a, o.render.lang));
  return out;
}

command_result calendar_query(const command_options& o) {
  json_or_text(o, "calendar");
  const std::string& q = required(o, o.question, "question");
  const bool text = o.render.format == output_format::text;
  command_result out;
  if (q == "data") {
    if (o.calendar) throw usage_error(flag(o, "calendar"), "calendar data prints the embedded calendar only");
    out.output = std::string(national_calendar_json());
    return out;
  }
  const calendar cal = working_calendar(o);
  const date d = date_option(o, o.date, "date");
  if (q == "add-workdays") {
    if (!o.days) throw usage_error(flag(o, "days"), flag(o, "days") + " is required");
    const std::string due = format_date(cal.add_working_days(d, *o.days));
    out.output = text ? due + "\n" : dump({{"date", due}});
  } else if (q == "is-workday") {
    const bool w = cal.is_working_day(d);
    out.output = text ? std::string(w ? "yes" : "no") + "\n" : dump({{"workday", w}});
  } else if (q == "between") {
    const int n = cal.working_days_between(d, date_option(o, o.to, "to"));
    out.output = text ? std::to_string(n) + "\n" : dump({{"working_days", n}});
  } else {
    throw usage_error(flag(o, "question"), "unknown calendar question \"" + q.substr(0, 32) +
                                               "\" (add-workdays, is-workday, between, data)");
  }
  return out;
}

command_result deductible_chain(std::string_view chain_json, const command_options& o) {
  json_or_text(o, "deductible");
  const deductible_request r = read_deductible_request(chain_json, o.source, o.base_dir.empty() ? "." : o.base_dir,
                                                       o.allow_policy_path);
  command_result out;
  out.output = render_deductibles(r, referral_deductibles(r.pol.referral, r.stays), o.render);
  return out;
}

command_result list_presets(const command_options& o) {
  json_or_text(o, "presets");
  command_result out;
  nlohmann::ordered_json j = nlohmann::ordered_json::array();
  for (const auto& id : preset_ids()) {
    const policy& p = preset(id);
    if (o.render.format == output_format::text)
      out.output += id + '\t' + p.notice + '\t' + p.name_zh + '\n';
    else
      j.push_back({{"id", id}, {"notice", p.notice}, {"name_zh", p.name_zh}});
  }
  if (o.render.format == output_format::json) out.output = dump(j);
  return out;
}

command_result version_info(const command_options& o) {
  json_or_text(o, "version");
  command_result out;
  if (o.render.format == output_format::text)
    out.output = "medbudget " + std::string(engine_version()) + "\n";
  else
    out.output = dump({{"version", std::string(engine_version())}, {"abi", c_abi_version}});
  return out;
}

std::span<const command> commands() { return table; }

command_result run_command(std::string_view name, std::string_view input, std::string_view options_json) {
  for (const command& c : table) {
    if (c.name != name) continue;
    if (!c.takes_input && !input.empty())
      throw usage_error("input", std::string(name) + " takes no input document (its request is the options object)");
    if (c.takes_input && input.empty()) throw usage_error("input", std::string(name) + " takes a case's JSON text");
    return c.run(input, parse_options(options_json, c.option_keys));
  }
  throw usage_error("", "unknown command \"" + std::string(name) + "\"");
}

}  // namespace medbudget
