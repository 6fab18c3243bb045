// The records side of the commands (command_records.hpp, commands.hpp): settlement records, the
// registry and the attribution each read once, streams copied first, and a case filled from them.
#include "command_records.hpp"

#include <algorithm>     // max
#include <cstdio>        // remove
#include <new>           // bad_alloc
#include <system_error>  // system_error, errc
#include <thread>        // hardware_concurrency

#include "medbudget/error.hpp"
#include "medbudget/indicators.hpp"
#include "medbudget/io/files.hpp"  // max_read_bytes
#include "medbudget/io/indicators_render.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/io/records_scan.hpp"

namespace medbudget {

namespace detail {

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

void json_or_text(const command_options& o, std::string_view command) {
  if (o.render.format == output_format::csv)
    throw usage_error(flag(o, "format"), std::string(command) + " writes json or text");
}

int year_in_range(const command_options& o) {
  if (!o.year) throw usage_error(flag(o, "year"), flag(o, "year") + " is required");
  return year_option(std::to_string(*o.year), flag(o, "year"));
}

}  // namespace detail

namespace {

using detail::flag;
using detail::json_or_text;
using detail::required;
using detail::year_in_range;

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

// The encoding of the CSV files read: `encoding` gb18030 is the encoding of every CSV file of the
// run, read or written; any other value reads UTF-8.
input_encoding input_encoding_of(const command_options& o) {
  return o.render.encoding == csv_encoding::gb18030 ? input_encoding::gb18030 : input_encoding::utf8;
}

// With `digests` (a statement's inputs), also their SHA-256 from the same reading.
records_input read_records_inputs(const command_options& o, bool digests = false) {
  records_input in;
  const std::string& reg = required(o, o.registry, "registry");
  const input_encoding enc = input_encoding_of(o);
  in.reg = reading(o, reg, [&] { return read_registry(reg, digests ? &in.reg_sha256 : nullptr, enc); });
  if (o.attribution)
    in.attr = reading(o, *o.attribution,
                      [&] { return read_attribution(*o.attribution, in.reg, digests ? &in.attr_sha256 : nullptr, enc); });
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
  opt.records.encoding = input_encoding_of(o);
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
// go to `ro` (load_case_with_records, its inputs made stable).
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

// `aggregate`: the records' actuals, reconciliation and pooled spend.
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

// `indicators`: the performance indicators of the records, with the previous year's when given.
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

}  // namespace

namespace detail {

case_input load_case_with_records(std::string_view bytes, const command_options& o, render_options& ro,
                                  command_result& out) {
  const stable_inputs in(o);
  case_input c = in.run([&](const command_options& so) { return load_case_with_records_once(bytes, so, ro, out); });
  in.name_outputs(out);
  return c;
}

}  // namespace detail

command_result aggregate_records(const command_options& o) {
  const stable_inputs in(o);
  command_result out = in.run([](const command_options& so) { return aggregate_records_once(so); });
  in.name_outputs(out);
  return out;
}

command_result indicator_records(const command_options& o) {
  const stable_inputs in(o);
  command_result out = in.run([](const command_options& so) { return indicator_records_once(so); });
  in.name_outputs(out);
  return out;
}

}  // namespace medbudget
