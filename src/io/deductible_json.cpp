// Referral chains from JSON and their deductibles out (deductible_json.hpp).
#include "medbudget/io/deductible_json.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>  // max

#include "json_tree.hpp"
#include "medbudget/error.hpp"
#include "medbudget/io/json.hpp"
#include "reader.hpp"
#include "text.hpp"

namespace medbudget {

namespace {

const char* rule_name(referral_rule::kind k) {
  switch (k) {
    case referral_rule::kind::none: return "none";
    case referral_rule::kind::level_difference: return "level_difference";
    case referral_rule::kind::once_per_episode: return "once_per_episode";
  }
  return "?";
}

}  // namespace

deductible_request read_deductible_request(std::string_view json, const std::string& source, const std::string& base_dir,
                                           bool allow_policy_path) {
  using namespace io;
  const jnode root = parse_json(json, source);
  check_keys(root, "", {"policy", "stays"});
  deductible_request r;
  r.pol = policy_by_reference(text_of(required(root, "", "policy", "a preset id or a policy file"), "policy", 4096), base_dir,
                              allow_policy_path);
  const jnode& stays = required(root, "", "stays", "the chain of stays, first first");
  expect(stays, jnode::kind::array, "stays");
  if (stays.items.empty()) throw input_error("stays", "at least one stay is required");
  if (stays.items.size() > max_chain_stays)
    throw input_error("stays", "more than " + std::to_string(max_chain_stays) + " stays");
  for (std::size_t i = 0; i < stays.items.size(); ++i) {
    const jnode& n = stays.items[i];
    const std::string sp = index("stays", i);
    check_keys(n, sp, {"id", "level", "deductible", "referred", "in_alliance"});
    stay s;
    if (const jnode* id = n.find("id")) s.id = text_of(*id, child(sp, "id"));
    const std::int64_t level = integer_of(required(n, sp, "level", "the institution's level, 0 to 3"), child(sp, "level"));
    if (level > 3) throw input_error(child(sp, "level"), "expected 0 to 3");
    s.level = static_cast<int>(level);
    s.deductible = amount_of(required(n, sp, "deductible", "the level's deductible in yuan"), child(sp, "deductible"));
    if (const jnode* b = n.find("referred")) s.referred = bool_of(*b, child(sp, "referred"));
    if (const jnode* b = n.find("in_alliance")) s.in_alliance = bool_of(*b, child(sp, "in_alliance"));
    r.stays.push_back(std::move(s));
  }
  return r;
}

std::string render_deductibles(const deductible_request& r, const std::vector<stay_deductible>& d, const render_options& opt) {
  fen standard, charged;
  for (const auto& x : d) {
    standard += x.standard;
    charged += x.charged;
  }
  if (opt.format == output_format::text) {
    const bool zh = opt.lang == language::zh;
    std::string out = zh ? fmt::format("转诊起付线计算（政策 {}：{}）\n", r.pol.id, rule_name(r.pol.referral.rule))
                         : fmt::format("referral deductibles (policy {}: {})\n", r.pol.id, rule_name(r.pol.referral.rule));
    out += (zh ? "依据: " : "clause: ") + r.pol.referral.clause + "\n";
    std::size_t id_w = 1;
    for (const stay& s : r.stays) id_w = std::max(id_w, io::display_width(s.id));
    for (std::size_t i = 0; i < d.size(); ++i) {
      const stay& s = r.stays[i];
      out += fmt::format("  {:>3}  {}  {} {}  {} {:>12}  {} {:>12}  {}\n", i + 1, io::pad_right(s.id.empty() ? "-" : s.id, id_w),
                         zh ? "级别" : "level", s.level, zh ? "起付线" : "deductible", io::grouped(d[i].standard.str()),
                         zh ? "收取" : "charged", io::grouped(d[i].charged.str()), d[i].rule + " (" + d[i].figures + ")");
    }
    out += fmt::format("  {} {}  {} {}\n", zh ? "起付线合计" : "deductibles", io::grouped(standard.str()),
                       zh ? "实收合计" : "charged", io::grouped(charged.str()));
    return out;
  }
  nlohmann::ordered_json j;
  j["policy"] = r.pol.id;
  j["rule"] = rule_name(r.pol.referral.rule);
  j["clause"] = r.pol.referral.clause;
  nlohmann::ordered_json stays = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < d.size(); ++i) {
    const stay& s = r.stays[i];
    stays.push_back({{"id", s.id}, {"level", s.level}, {"referred", s.referred}, {"in_alliance", s.in_alliance},
                     {"standard", d[i].standard.str()}, {"charged", d[i].charged.str()}, {"rule", d[i].rule},
                     {"figures", d[i].figures}});
  }
  j["stays"] = stays;
  j["total_standard"] = standard.str();
  j["total_charged"] = charged.str();
  return j.dump(1) + "\n";
}

}  // namespace medbudget
