// Rendering statements: JSON (ordered, deterministic) with each fund's document number, CSV (RFC 4180) in
// the encoding asked for, and the claims' actuals; the text statement is render_text.cpp's.
#include "medbudget/io/render.hpp"

#include <fmt/format.h>

#include <cctype>     // isxdigit, toupper
#include <stdexcept>  // invalid_argument

#include <nlohmann/json.hpp>

#include "medbudget/io/version.hpp"
#include "sha256.hpp"
#include "csv_encoding.hpp"
#include "json_out.hpp"
#include "statement_text.hpp"
#include "text.hpp"

namespace medbudget {

namespace {

using ojson = nlohmann::ordered_json;
using io::csv_cell;
using io::csv_text_cell;
using io::lines_json;
using io::display_width;
using io::grouped;
using io::pad_left;
using io::pad_right;
using io::reconciliation_of;
using io::reconciliation_text;
using io::shown_amount;

ojson parameter_json(const parameter_value& v) {
  struct visitor {
    ojson operator()(rate r) const { return r.str(); }
    ojson operator()(std::int64_t n) const { return n; }
    ojson operator()(const std::vector<rate>& rs) const {
      ojson a = ojson::array();
      for (rate r : rs) a.push_back(r.str());
      return a;
    }
    ojson operator()(const threshold_table& t) const {
      ojson a = ojson::array();
      for (const auto& [k, val] : t.rows) a.push_back(ojson::array({k.str(), val.str()}));
      return a;
    }
    ojson operator()(const share_weights& w) const {
      return ojson{{"insured", w.insured.str()}, {"service", w.service.str()}, {"fund", w.fund.str()}};
    }
    ojson operator()(rounding m) const { return std::string(to_string(m)); }
    ojson operator()(const choice& c) const { return c.value; }
    ojson operator()(const std::vector<age_band>& bands) const {
      ojson a = ojson::array();
      for (const auto& b : bands) a.push_back(b.name);
      return a;
    }
    ojson operator()(const std::string& choice) const { return choice; }
  };
  return std::visit(visitor{}, v);
}

ojson reconciliation_json(const reconciliation& rc) {
  const auto by_alliance = [](const std::vector<std::pair<std::string, fen>>& v) {
    ojson o = ojson::object();
    for (const auto& [id, x] : v) o[id] = x.str();
    return o;
  };
  return ojson{{"counted_hifp_pay", rc.counted_hifp_pay.str()},
               {"in_alliance_local", by_alliance(rc.in_alliance_local)},
               {"out_of_alliance_local", by_alliance(rc.out_of_alliance_local)},
               {"in_alliance_nonlocal", by_alliance(rc.in_alliance_nonlocal)},
               {"unattributed_local", ojson{{"by_alliance", by_alliance(rc.unattributed_local)},
                                            {"elsewhere", rc.unattributed_elsewhere.str()}}},
               {"outside", rc.outside.str()},
               {"sum", rc.sum.str()},
               {"balanced", rc.balanced}};
}

// `numbered`: each fund object carries its document_number (false: the JSON a number is taken from
// when the statement has no input digest).
std::string render_json(const statement& s, const render_options& opt, bool numbered = true) {
  const std::string digest = numbered ? document_digest(s, opt) : std::string();
  ojson j;
  j["policy"] = s.policy_id;
  j["year"] = s.year;
  j["county"] = ojson{{"admdvs", s.county_admdvs}, {"name", s.county_name}};
  j["engine_version"] = std::string(engine_version());
  if (!opt.input_sha256.empty()) j["input_sha256"] = opt.input_sha256.size() == 1 ? ojson(opt.input_sha256[0]) : ojson(opt.input_sha256);
  ojson params = ojson::object(), clauses = ojson::object();
  for (const auto& [name, p] : s.parameters) {
    params[name] = parameter_json(p.value);
    clauses[name] = p.clause;
  }
  j["parameters"] = params;
  j["parameter_clauses"] = clauses;
  ojson funds = ojson::array();
  for (const fund_statement& f : s.funds) {
    ojson fj;
    fj["insutype"] = f.insutype;
    if (numbered) fj["document_number"] = document_number(s.county_admdvs, f.insutype, s.year, digest);
    if (f.base_expenditure) fj["base_expenditure"] = f.base_expenditure->str();
    if (f.regional_budget) fj["regional_budget"] = f.regional_budget->str();
    for (const auto& [key, amount] : f.deductions) fj[key] = amount.str();
    if (f.cap_bound) fj["cap_bound"] = *f.cap_bound;
    {  // the budget fields of revision 3, each only where its rule applies
      const fund_budget_fields& bf = f.budget_fields;
      if (bf.final_cap_bound) fj["final_cap_bound"] = *bf.final_cap_bound;
      if (bf.supplementary_above_cap) fj["supplementary_above_cap"] = bf.supplementary_above_cap->str();
      if (bf.scope_deduction) fj["scope_deduction"] = bf.scope_deduction->str();
      if (bf.revenue_growth_check) fj["revenue_growth_check"] = bf.revenue_growth_check->str();
      if (bf.growth_check_exceeded) fj["growth_check_exceeded"] = *bf.growth_check_exceeded;
      if (bf.fund_revenue_budget) fj["fund_revenue_budget"] = bf.fund_revenue_budget->str();
      if (bf.installment_regional_budget) fj["installment_regional_budget"] = bf.installment_regional_budget->str();
    }
    if (!f.band_standards.empty()) {
      ojson b = ojson::object();
      for (const auto& [name, v] : f.band_standards) b[name] = v.str();
      fj["band_standards"] = b;
    }
    fj["lines"] = lines_json(f.lines);
    ojson alliances = ojson::array();
    for (const alliance_statement& a : f.alliances) {
      ojson aj;
      aj["id"] = a.id;
      aj["name"] = a.name;
      aj["budget"] = a.budget.str();
      aj["final_budget"] = a.final_budget.str();
      aj["advance"] = a.advance.str();
      if (a.installment_base) aj["installment_base"] = a.installment_base->str();
      if (!opt.budget_only) {
        aj["in_alliance_nonlocal"] = a.in_alliance_nonlocal.str();
        aj["balance"] = a.balance.str();
        aj["retained_surplus"] = a.retained_surplus.str();
        aj["returned_surplus"] = a.returned_surplus.str();
        aj["fund_overspend_share"] = a.fund_overspend_share.str();
        aj["alliance_overspend_burden"] = a.alliance_overspend_burden.str();
        aj["reserve_release"] = a.reserve_release.str();
        if (a.unpaid_total_payment) {
          aj["unpaid_total_payment"] = a.unpaid_total_payment->str();
          aj["total_payment_release"] = a.total_payment_release->str();
          aj["performance_withhold"] = a.performance_withhold->str();
        }
        aj["entitlement"] = a.entitlement.str();
        if (a.out_of_alliance_netted) aj["out_of_alliance_netted"] = a.out_of_alliance_netted->str();
        aj["paid_during_year"] = a.paid_during_year.str();
        if (a.paid_vs_schedule_difference) aj["paid_vs_schedule_difference"] = a.paid_vs_schedule_difference->str();
        aj["budget_clearing"] = a.budget_clearing.str();
        aj["nonlocal_paid_during_year"] = a.nonlocal_paid_during_year.str();
        aj["nonlocal_clearing"] = a.nonlocal_clearing.str();
        aj["unattributed_local"] = a.unattributed_local.str();
        aj["unattributed_clearing"] = a.unattributed_clearing.str();
        aj["year_end_payment"] = a.year_end_payment.str();
      }
      if (!a.installments.empty()) {
        ojson m = ojson::array();
        for (fen v : a.installments) m.push_back(v.str());
        aj["installments"] = m;
      }
      if (!a.net_installments.empty()) {
        ojson m = ojson::array();
        for (fen v : a.net_installments) m.push_back(v.str());
        aj["net_installments"] = m;
      }
      if (a.package_total) {
        aj["bundled_public_health"] = a.bundled_public_health->str();
        aj["bundled_fiscal"] = a.bundled_fiscal->str();
        aj["package_total"] = a.package_total->str();
      }
      if (!a.member_distribution.empty()) {
        ojson m = ojson::object();
        for (const auto& [id, v] : a.member_distribution) m[id] = v.str();
        aj["member_distribution"] = m;
      }
      aj["lines"] = lines_json(a.lines);
      alliances.push_back(aj);
    }
    fj["alliances"] = alliances;
    if (const reconciliation* rc = reconciliation_of(opt, f.insutype)) fj["reconciliation"] = reconciliation_json(*rc);
    funds.push_back(fj);
  }
  j["funds"] = funds;
  return j.dump(1) + "\n";
}

std::string render_csv(const statement& s, const render_options& opt) {
  const bool zh = opt.lang == language::zh;
  std::string out = "policy,year,county,insutype,alliance,key,label,amount,formula,figures,clause\r\n";
  auto row = [&](const fund_statement& f, const std::string& alliance, const line& l) {
    // Text cells neutralised against formula injection; the amount stays a number (csv_text_cell).
    out += csv_text_cell(s.policy_id) + "," + std::to_string(s.year) + "," + csv_text_cell(s.county_admdvs) + "," +
           csv_text_cell(f.insutype) + "," + csv_text_cell(alliance) + "," + csv_text_cell(l.key) + "," +
           csv_text_cell(zh ? l.label_zh : l.label_en) + "," + csv_cell(shown_amount(l)) + "," + csv_text_cell(l.formula) + "," +
           csv_text_cell(l.figures) + "," + csv_text_cell(l.clause) + "\r\n";
  };
  for (const fund_statement& f : s.funds) {
    for (const line& l : f.lines) row(f, "", l);
    for (const alliance_statement& a : f.alliances)
      for (const line& l : a.lines) row(f, a.id, l);
  }
  return io::encoded_csv(std::move(out), opt);
}

}  // namespace

std::string render(const statement& s, const render_options& opt) {
  switch (opt.format) {
    case output_format::json: return render_json(s, opt);
    case output_format::text: return io::statement_text(s, opt);
    case output_format::csv: return render_csv(s, opt);
  }
  return render_json(s, opt);
}

std::string render(const claims_result& r, const render_options& opt) {
  auto amounts = [](const std::vector<fen>& v) {
    ojson a = ojson::array();
    for (fen x : v) a.push_back(x.str());
    return a;
  };
  auto pairs = [](const std::vector<std::pair<std::string, fen>>& v) {
    ojson o = ojson::object();
    for (const auto& [k, x] : v) o[k] = x.str();
    return o;
  };
  if (opt.format == output_format::json || opt.format == output_format::csv) {
    ojson j;
    j["county"] = r.county;
    j["year"] = r.year;
    j["engine_version"] = std::string(engine_version());
    const record_counters& c = r.records;
    j["records"] = ojson{{"read", c.read},
                         {"counted", c.counted},
                         {"reversals", c.reversals},
                         {"reversals_unmatched", c.reversals_unmatched},
                         {"reversals_partial", c.reversals_partial},
                         {"excluded_invalid", c.excluded_invalid},
                         {"excluded_out_of_period", c.excluded_out_of_period},
                         {"excluded_other_insutype", c.excluded_other_insutype},
                         {"unregistered_institutions", c.unregistered_institutions},
                         {"hifp_pay", ojson{{"read", fen::from_fen(c.hifp_read).str()},
                                            {"counted", fen::from_fen(c.hifp_counted).str()},
                                            {"excluded_invalid", fen::from_fen(c.hifp_excluded_invalid).str()},
                                            {"excluded_other_insutype", fen::from_fen(c.hifp_excluded_other_insutype).str()},
                                            {"excluded_out_of_period", fen::from_fen(c.hifp_excluded_out_of_period).str()}}}};
    ojson funds = ojson::array();
    for (const fund_claims& f : r.funds) {
      ojson alliances = ojson::array();
      for (const alliance_claims& a : f.alliances)
        alliances.push_back(ojson{
            {"id", a.id},
            {"actuals", ojson{{"in_alliance_local", a.in_alliance_local.str()},
                              {"out_of_alliance_local", a.out_of_alliance_local.str()},
                              {"in_alliance_nonlocal", a.in_alliance_nonlocal.str()},
                              {"in_alliance_cross", a.in_alliance_cross.str()},
                              {"unattributed_local", a.unattributed_local.str()}}},
            {"monthly", ojson{{"in_alliance_local", amounts(a.monthly_in_alliance_local)},
                              {"out_of_alliance_local", amounts(a.monthly_out_of_alliance_local)},
                              {"unattributed_local", amounts(a.monthly_unattributed_local)}}},
            {"out_of_alliance_by_place", ojson{{"other_alliance", a.other_alliance.str()},
                                               {"county_nonmember", a.county_nonmember.str()},
                                               {"dual_channel", a.dual_channel.str()},
                                               {"out_of_county", a.out_of_county.str()},
                                               {"unregistered", a.unregistered.str()}}},
            {"by_member", pairs(a.by_member)},
            {"by_band", pairs(a.by_band)},
            {"persons", a.persons}});
      ojson pooled = ojson::object();
      for (const band_pool& b : f.pooled_by_band)
        pooled[b.band] = ojson{{"inpatient", b.inpatient.str()}, {"outpatient", b.outpatient.str()},
                               {"other", b.other.str()}, {"total", b.total.str()}};
      funds.push_back(ojson{{"insutype", f.insutype},
                            {"alliances", alliances},
                            {"reconciliation", reconciliation_json(f.reconciliation)},
                            {"pooled_by_band", pooled}});
    }
    j["funds"] = funds;
    return j.dump(1) + "\n";
  }
  const bool zh = opt.lang == language::zh;
  std::string out = fmt::format("{} {} {}\n", r.county, r.year, zh ? "结算记录汇总（金额单位：元）" : "settlement records (amounts in yuan)");
  const record_counters& c = r.records;
  out += fmt::format("  {}: {}  {}: {}  {}: {} ({} {}, {} {})\n", zh ? "读入" : "read", c.read, zh ? "计入" : "counted",
                     c.counted, zh ? "冲销" : "reversals", c.reversals, zh ? "未匹配" : "unmatched",
                     c.reversals_unmatched, zh ? "部分" : "partial", c.reversals_partial);
  out += fmt::format("  {}: {} {}, {} {}, {} {}; {}: {}\n", zh ? "排除" : "excluded", zh ? "无效" : "invalid",
                     c.excluded_invalid, zh ? "期外" : "out of period", c.excluded_out_of_period,
                     zh ? "其他险种" : "other fund", c.excluded_other_insutype, zh ? "未登记机构" : "unregistered institutions",
                     c.unregistered_institutions);
  for (const fund_claims& f : r.funds)
    for (const alliance_claims& a : f.alliances) {
      std::vector<line> ls;
      auto add = [&](const char* zh_label, const char* en_label, fen v) { ls.push_back(line{"", zh_label, en_label, v.str(), "", "", ""}); };
      add("医共体内属地 I", "in-alliance local I", a.in_alliance_local);
      add("医共体外属地 O", "out-of-alliance local O", a.out_of_alliance_local);
      add("  其中 其他医共体", "  at other alliances", a.other_alliance);
      add("  其中 县域非成员", "  at county non-members", a.county_nonmember);
      add("  其中 双通道药店", "  at dual-channel pharmacies", a.dual_channel);
      add("  其中 县域外", "  out of county", a.out_of_county);
      add("  其中 未登记机构", "  unregistered", a.unregistered);
      add("医共体内非属地 NL", "in-alliance non-local NL", a.in_alliance_nonlocal);
      add("医共体内其他医共体参保人", "in-alliance, other alliance's insured", a.in_alliance_cross);
      add("医共体内未归属属地参保人 U", "in-alliance, local insured of no alliance U", a.unattributed_local);
      out += fmt::format("\n{} {}  {} {}  {}: {}\n", zh ? "险种" : "fund", f.insutype, zh ? "医共体" : "alliance", a.id,
                         zh ? "人数" : "persons", a.persons);
      std::size_t lw = 0, aw = 0;
      for (const line& l : ls) {
        lw = std::max(lw, display_width(zh ? l.label_zh : l.label_en));
        aw = std::max(aw, display_width(grouped(l.amount)));
      }
      for (const line& l : ls) out += "  " + pad_right(zh ? l.label_zh : l.label_en, lw) + "  " + pad_left(grouped(l.amount), aw) + "\n";
    }
  for (const fund_claims& f : r.funds) {
    out += fmt::format("\n{} {}", zh ? "险种" : "fund", f.insutype);
    reconciliation_text(out, f.reconciliation, zh);
    out += zh ? "【属地参保人统筹基金支出 按年龄段（住院/门诊/其他/合计）】\n"
              : "[local insured's hifp_pay by age band: inpatient / outpatient / other / total]\n";
    for (const band_pool& b : f.pooled_by_band)
      out += fmt::format("  {}  {} / {} / {} / {}\n", b.band, grouped(b.inpatient.str()), grouped(b.outpatient.str()),
                         grouped(b.other.str()), grouped(b.total.str()));
  }
  return out;
}

namespace io {
nlohmann::ordered_json lines_json(const std::vector<line>& lines) {
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (const line& l : lines) {
    // A ratio line carries its exact decimal as "value" instead of an amount.
    const bool ratio = !l.value.empty();
    a.push_back(nlohmann::ordered_json{{"key", l.key}, {"label_zh", l.label_zh}, {"label_en", l.label_en},
                                       {ratio ? "value" : "amount", ratio ? l.value : l.amount},
                                       {"formula", l.formula}, {"figures", l.figures}, {"clause", l.clause}});
  }
  return a;
}
}  // namespace io

std::string document_number(const std::string& county_admdvs, const std::string& insutype, int year,
                            std::string_view sha256_hex) {
  if (sha256_hex.size() < 8) throw std::invalid_argument("a document number needs a digest of at least 8 hex digits");
  std::string digits;
  for (char c : sha256_hex.substr(0, 8)) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) throw std::invalid_argument("a document number's digest must be hex");
    digits.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return county_admdvs + "-" + insutype + "-" + std::to_string(year) + "-" + digits;
}

std::string document_digest(const statement& s, const render_options& opt) {
  if (opt.input_sha256.size() == 1) return opt.input_sha256[0];
  if (opt.input_sha256.size() > 1) {  // the case and the files its figures came from
    std::string all;
    for (const std::string& d : opt.input_sha256) all += (all.empty() ? "" : "\n") + d;
    return io::sha256_hex(all);
  }
  return io::sha256_hex(render_json(s, opt, false));
}

std::string sha256_of(std::string_view bytes) { return io::sha256_hex(bytes); }

std::string sha256_of_file(const std::string& path) { return io::sha256_file(path); }

std::string parameter_text(const parameter_value& v) { return parameter_json(v).dump(); }

}  // namespace medbudget
