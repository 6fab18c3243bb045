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

namespace {

// How an error names an option: the JSON key, or the program's flag (`year_end_date` → `--year-end-date`).
std::string flag(const command_options& o, std::string_view key) {
  std::string k(key);
  if (o.option_prefix == "--")
    for (char& c : k)
      if (c == '_') c = '-';
  return o.option_prefix + k;
}

const std::string& required(const command_options& o, const std::optional<std::string>& v, std::string_view key) {
  if (!v) throw usage_error(flag(o, key), flag(o, key) + " is required");
  return *v;
}

// The records inputs of a command with any that is a stream (a pipe, a FIFO, /dev/stdin) copied to a
// temporary file first: the records scan may read a file twice (its second pass, for reversals and
// repeated ids) and every reading must see the same bytes. Errors still name the path given.
class stable_inputs {
 public:
  explicit stable_inputs(const command_options& o) : options_(o) {
    // Records up to max_records_stream_bytes; the registry and attribution, read whole, up to max_read_bytes.
    for (auto* f : {&options_.claims, &options_.previous_claims, &options_.registry, &options_.attribution})
      if (*f) {
        const bool records = f == &options_.claims || f == &options_.previous_claims;
        if (auto copy = copy_if_stream(**f, records ? max_records_stream_bytes : max_read_bytes)) {
          copies_.emplace_back(*copy, **f);
          *f = *copy;
        }
      }
  }
  ~stable_inputs() {
    for (const auto& c : copies_) std::remove(c.first.c_str());
  }
  stable_inputs(const stable_inputs&) = delete;
  stable_inputs& operator=(const stable_inputs&) = delete;
  [[nodiscard]] const command_options& options() const noexcept { return options_; }
  // `f(options())`, an input_error naming a copy renamed to the path given.
  template <class F>
  auto run(F f) const {
    try {
      return f(options_);
    } catch (const input_error& e) {
      if (copies_.empty()) throw;
      throw input_error(named(e.where()), named(e.message()));
    }
  }
  // `text` with each copy's path replaced by the path given.
  [[nodiscard]] std::string named(std::string text) const {
    for (const auto& [copy, given] : copies_)
      for (std::size_t at = text.find(copy); at != std::string::npos; at = text.find(copy, at + given.size()))
        text.replace(at, copy.size(), given);
    return text;
  }
  // The summary and warnings of `out` naming the paths given.
  void name_outputs(command_result& out) const {
    out.records_summary = named(out.records_summary);
    for (std::string& w : out.warnings) w = named(w);
  }

 private:
  command_options options_;
  std::vector<std::pair<std::string, std::string>> copies_;  // (copy, path given)
};

// Runs `f`, which reads `path` (with the worker threads when `threaded`, as the records are read);
// memory or threads running out becomes out_of_memory_error naming the file and what would help
// (never an internal error: nothing is wrong with the program).
template <class F>
auto reading(const command_options& o, const std::string& path, F f, bool threaded = true) -> decltype(f()) {
  const auto fail = [&](const char* what) {
    if (!threaded) return out_of_memory_error(path, std::string(what) + " while reading " + path + "; a larger memory limit would help");
    const unsigned n = o.threads != 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency());
    return out_of_memory_error(path, std::string(what) + " while reading " + path + " with " + std::to_string(n) +
                                         (n == 1 ? " thread" : " threads") + "; a smaller " + flag(o, "threads") +
                                         " or a larger memory limit would help");
  };
  try {
    return f();
  } catch (const std::bad_alloc&) {
    throw fail("out of memory");
  } catch (const std::system_error& e) {
    if (e.code() != std::errc::resource_unavailable_try_again) throw;
    throw fail("out of memory (no thread could be started)");
  }
}

// The registry and the attribution, each read once (with its digest).
struct records_input {
  registry reg;
  std::optional<attribution> attr;
  std::string reg_sha256, attr_sha256;
};

// With `digests` (a statement's inputs), also their SHA-256 from the same reading.
records_input read_records_inputs(const command_options& o, bool digests = false) {
  records_input in;
  const std::string& reg = required(o, o.registry, "registry");
  in.reg = reading(o, reg, [&] { return read_registry(reg, digests ? &in.reg_sha256 : nullptr); });
  if (o.attribution)
    in.attr = reading(o, *o.attribution,
                      [&] { return read_attribution(*o.attribution, in.reg, digests ? &in.attr_sha256 : nullptr); });
  return in;
}

// What a command takes from one reading of a records file, besides the aggregation.
struct scan_wants {
  const policy* indicators = nullptr;  // the indicators' counts, under this policy
  bool digest = false;                 // the file's SHA-256 (a statement's inputs)
};

// One reading of a records file (`claims`, or `previous_claims` for the year before).
records_scan scan_file(const command_options& o, const records_input& in, const std::string& path,
                       const std::string& county, int year, const std::vector<age_band>& bands, scan_wants wants) {
  const policy* indicators = wants.indicators;
  scan_options opt;
  opt.records.digest = wants.digest;
  opt.records.county = county;
  opt.records.year = year;
  opt.records.bands = bands;
  opt.records.threads = o.threads;
  opt.records.progress = o.progress;
  opt.indicators = indicators != nullptr;
  if (indicators != nullptr) opt.readmission_days = indicators->indicators.readmission_days;
  return reading(o, path, [&] { return scan_records(path, in.reg, in.attr ? &*in.attr : nullptr, opt); });
}

// The `claims` records read once, with their summary and warnings in `out`.
records_scan read_claims(const command_options& o, const records_input& in, const std::string& county, int year,
                         const std::vector<age_band>& bands, command_result& out, scan_wants wants = {}) {
  const std::string& path = required(o, o.claims, "claims");
  records_scan r = scan_file(o, in, path, county, year, bands, wants);
  out.records_summary = path + ": " + std::to_string(r.claims.records.read) + " records read, " +
                        std::to_string(r.claims.records.counted) + " counted, " +
                        std::to_string(r.claims.records.read - r.claims.records.counted) + " excluded";
  out.warnings.insert(out.warnings.end(), r.claims.warnings.begin(), r.claims.warnings.end());
  return r;
}

// The previous year's records (`previous_claims`), read once: checked as the records are, their
// indicators' counts under `pol`.
std::optional<records_scan> read_previous_claims(const command_options& o, const records_input& in, const policy& pol,
                                                 const std::string& county, int year, bool digest) {
  if (!o.previous_claims) return std::nullopt;
  return scan_file(o, in, *o.previous_claims, county, year - 1, pol.age_bands(), {&pol, digest});
}

// The indicators of the records' counts `now`, with the previous year's when read, scored under
// `pol` with the case's facts (null without a case: case_fact requirements are then not met).
indicator_report records_indicators(const policy& pol, const records_scan& now, const std::optional<records_scan>& before,
                                    const alliance_facts* facts) {
  return evaluate_indicators(pol, *now.indicators, before ? &*before->indicators : nullptr, facts);
}

// Each alliance's performance from the records where the case does not state the figure the
// policy's scoring gives; a warning says which was used.
void fill_performance(case_input& c, const indicator_report& r, const std::string& source, command_result& out) {
  for (fund_input& f : c.funds)
    for (alliance_input& a : f.alliances)
      for (const fund_indicators& rf : r.funds)
        for (const alliance_indicators& ra : rf.alliances) {
          if (rf.insutype != f.insutype || ra.id != a.id) continue;
          const std::string who = source + ": fund " + f.insutype + " alliance " + a.id + ": performance ";
          if (ra.perf.score && !a.perf.score) {
            a.perf.score = ra.perf.score;
            out.warnings.push_back(who + "score " + ra.perf.score->str() + " computed from the records");
          } else if (ra.perf.indicators_met && !a.perf.indicators_met) {
            a.perf.indicators_met = ra.perf.indicators_met;
            out.warnings.push_back(who + "indicators_met " + (*ra.perf.indicators_met ? "true" : "false") +
                                   " computed from the records");
          } else {
            out.warnings.push_back(who + "as the case states it (not the records')");
          }
        }
}

// A case with, when `claims` is given, each alliance's actuals from the records; the inputs' hashes
// go to `ro`.
case_input load_case_with_records_once(std::string_view bytes, const command_options& o, render_options& ro,
                                       command_result& out);

case_input load_case_with_records(std::string_view bytes, const command_options& o, render_options& ro,
                                  command_result& out) {
  const stable_inputs in(o);
  case_input c = in.run([&](const command_options& so) { return load_case_with_records_once(bytes, so, ro, out); });
  in.name_outputs(out);
  return c;
}

case_input load_case_with_records_once(std::string_view bytes, const command_options& o, render_options& ro,
                                       command_result& out) {
  loaded_case lc = reading(
      o, o.source, [&] { return load_case(bytes, o.source, o.base_dir.empty() ? "." : o.base_dir, o.allow_policy_path); },
      false);
  for (const auto& w : lc.warnings) out.warnings.push_back(o.source + ": " + w);
  ro.input_sha256 = {sha256_of(bytes)};
  if (o.claims) {
    // Each input is read once: its digest comes from that reading.
    const records_input in = read_records_inputs(o, true);
    const policy& pol = lc.value.pol;
    const bool scored = pol.indicators.scoring != indicator_scoring::none;
    const std::string& county = lc.value.county.admdvs;
    const records_scan r = read_claims(o, in, county, lc.value.year, pol.age_bands(), out, {scored ? &pol : nullptr, true});
    fill_actuals(lc.value, r.claims);
    for (const fund_claims& f : r.claims.funds) ro.reconciliation.emplace_back(f.insutype, f.reconciliation);
    std::optional<records_scan> before;
    if (scored) {
      before = read_previous_claims(o, in, pol, county, lc.value.year, true);
      alliance_facts facts;
      for (const fund_input& f : lc.value.funds)
        for (const alliance_input& a : f.alliances) facts[{f.insutype, a.id}] = a.perf.facts;
      fill_performance(lc.value, records_indicators(pol, r, before, &facts), o.source, out);
    }
    ro.input_sha256.push_back(r.claims.sha256);
    ro.input_sha256.push_back(in.reg_sha256);
    if (o.attribution) ro.input_sha256.push_back(in.attr_sha256);
    // Unread when the policy scores nothing: then hashed alone.
    if (o.previous_claims) ro.input_sha256.push_back(before ? before->claims.sha256 : sha256_of_file(*o.previous_claims));
  } else if (o.registry || o.attribution) {
    throw usage_error(flag(o, o.registry ? "registry" : "attribution"),
                      flag(o, "registry") + " and " + flag(o, "attribution") + " go with " + flag(o, "claims"));
  } else if (o.previous_claims) {
    throw usage_error(flag(o, "previous_claims"), flag(o, "previous_claims") + " goes with " + flag(o, "claims"));
  }
  return std::move(lc.value);
}

command_result case_output(std::string_view bytes, const command_options& o, bool budget_only) {
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

void json_or_text(const command_options& o, std::string_view command) {
  if (o.render.format == output_format::csv)
    throw usage_error(flag(o, "format"), std::string(command) + " writes json or text");
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

constexpr std::array<std::string_view, 5> budget_keys{"format", "lang", "source", "base_dir", "allow_policy_path"};
constexpr std::array<std::string_view, 10> settle_keys{"format",   "lang",     "source",      "base_dir", "previous_claims",
                                                       "claims",   "registry", "attribution", "threads",  "allow_policy_path"};
constexpr std::array<std::string_view, 9> aggregate_keys{"claims", "registry", "attribution", "county", "year",
                                                         "policy", "threads",  "format",      "lang"};
constexpr std::array<std::string_view, 9> indicator_keys{"claims", "registry", "attribution", "county", "year",
                                                         "previous_claims", "policy", "threads", "format"};
constexpr std::array<std::string_view, 12> schedule_keys{"format",  "lang",     "source",        "base_dir",
                                                         "claims",  "registry", "attribution",   "previous_claims",
                                                         "threads", "calendar", "year_end_date", "allow_policy_path"};
// `charts` is not an option key: the program asks for them (--chart DIR); the C interface has no files.
constexpr std::array<std::string_view, 12> monitor_keys{"format",   "lang",     "source",      "base_dir",
                                                        "claims",   "registry", "attribution", "previous_claims",
                                                        "threads",  "calendar", "through",     "allow_policy_path"};
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

// The `year` option, required, 1990 to 2100 (a library caller may set it directly).
int year_in_range(const command_options& o) {
  if (!o.year) throw usage_error(flag(o, "year"), flag(o, "year") + " is required");
  return year_option(std::to_string(*o.year), flag(o, "year"));
}

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

command_result aggregate_records_once(const command_options& o);

command_result aggregate_records(const command_options& o) {
  const stable_inputs in(o);
  command_result out = in.run([](const command_options& so) { return aggregate_records_once(so); });
  in.name_outputs(out);
  return out;
}

command_result aggregate_records_once(const command_options& o) {
  json_or_text(o, "aggregate");
  const std::string county = county_option(required(o, o.county, "county"), flag(o, "county"));
  const int year = year_in_range(o);
  const std::vector<age_band> bands = (o.policy ? policy_by_reference(*o.policy, "") : preset("harbin")).age_bands();
  command_result out;
  const records_input in = read_records_inputs(o);
  const records_scan r = read_claims(o, in, county, year, bands, out);
  out.output = render(r.claims, o.render);
  return out;
}

command_result indicator_records_once(const command_options& o);

command_result indicator_records(const command_options& o) {
  const stable_inputs in(o);
  command_result out = in.run([](const command_options& so) { return indicator_records_once(so); });
  in.name_outputs(out);
  return out;
}

command_result indicator_records_once(const command_options& o) {
  json_or_text(o, "indicators");
  const std::string county = county_option(required(o, o.county, "county"), flag(o, "county"));
  const int year = year_in_range(o);
  policy pol = preset("harbin");
  pol.id.clear();
  pol.indicators = {};
  if (o.policy) {
    bool is_preset = false;
    for (const auto& id : preset_ids()) is_preset = is_preset || id == *o.policy;
    pol = is_preset ? preset(*o.policy) : load_policy(read_file(*o.policy, max_json_file_bytes), *o.policy);
  }
  command_result out;
  const records_input in = read_records_inputs(o);
  const records_scan now = read_claims(o, in, county, year, pol.age_bands(), out, {&pol, false});
  const std::optional<records_scan> before = read_previous_claims(o, in, pol, county, year, false);
  if (o.previous_claims) out.records_summary += "; previous year: " + *o.previous_claims;
  out.output = render_indicators(records_indicators(pol, now, before, nullptr), o.render.format);
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
