// Rendering the monthly cycle: payment schedules (JSON, text, CSV) and monitoring (JSON, text).
#include <fmt/format.h>

#include <algorithm>  // any_of, max

#include <nlohmann/json.hpp>

#include "medbudget/io/render.hpp"
#include "medbudget/io/version.hpp"
#include "csv_encoding.hpp"
#include "json_out.hpp"
#include "text.hpp"

namespace medbudget {

namespace {

using ojson = nlohmann::ordered_json;

ojson opt_amount(const std::optional<fen>& v) { return v ? ojson(v->str()) : ojson(nullptr); }
ojson opt_date(const std::optional<date>& d) { return d ? ojson(format_date(*d)) : ojson(nullptr); }
std::string date_text(const std::optional<date>& d) { return d ? format_date(*d) : "—"; }

std::string fund_label(const std::string& insutype, bool zh) {
  if (insutype == "310") return zh ? "职工基本医疗保险" : "employee basic medical insurance";
  if (insutype == "390") return zh ? "城乡居民基本医疗保险" : "resident basic medical insurance";
  return insutype;
}

std::string payment_label(const scheduled_payment& p, bool zh) {
  switch (p.kind) {
    case payment_kind::advance: return zh ? "预付周转金" : "advance";
    case payment_kind::installment: return zh ? fmt::format("{}月预拨", p.month) : fmt::format("installment {:02}", p.month);
    case payment_kind::monthly_claims: return zh ? fmt::format("{}月据实结算", p.month) : fmt::format("claims of month {:02}", p.month);
    case payment_kind::year_end: return zh ? "年终清算" : "year-end payment";
  }
  return "?";
}

// The heading of one alliance's page: a rule, the title, the alliance, fund and policy, the unit, a rule.
std::string page_heading(const std::string& title, const std::string& id, const std::string& name,
                         const std::string& insutype, const std::string& policy, const std::string& unit, bool zh) {
  const std::string rule(100, '=');
  return rule + "\n" + title + "\n" +
         fmt::format("{}: {} {}   {}: {} {}   {}: {}\n", zh ? "医共体" : "alliance", id, name, zh ? "险种" : "fund",
                     insutype, fund_label(insutype, zh), zh ? "政策" : "policy", policy) +
         unit + "\n" + rule + "\n";
}

void header_json(ojson& j, const std::string& policy, int year, const std::string& admdvs, const std::string& name,
                 const render_options& opt) {
  j["policy"] = policy;
  j["year"] = year;
  j["county"] = ojson{{"admdvs", admdvs}, {"name", name}};
  j["engine_version"] = std::string(engine_version());
  if (!opt.input_sha256.empty())
    j["input_sha256"] = opt.input_sha256.size() == 1 ? ojson(opt.input_sha256[0]) : ojson(opt.input_sha256);
}

std::string schedule_json(const payment_schedule& s, const render_options& opt) {
  ojson j;
  header_json(j, s.policy_id, s.year, s.county_admdvs, s.county_name, opt);
  j["family"] = s.claims_paid ? "claims_paid" : "package_paid";
  j["calendar"] = ojson{{"first_year", s.calendar_first_year}, {"last_year", s.calendar_last_year}};
  ojson funds = ojson::array();
  for (const fund_schedule& f : s.funds) {
    ojson alliances = ojson::array();
    for (const alliance_schedule& a : f.alliances) {
      ojson payments = ojson::array();
      for (const scheduled_payment& p : a.payments)
        payments.push_back(ojson{{"kind", to_string(p.kind)}, {"month", p.month == 0 ? ojson(nullptr) : ojson(p.month)},
                                 {"amount", opt_amount(p.amount)}, {"declared", opt_date(p.declared)},
                                 {"due", opt_date(p.due)}, {"rule", p.rule}, {"clause", p.clause}});
      ojson aj{{"id", a.id}, {"name", a.name}, {"year_over", a.year_over}, {"budget", a.budget.str()}};
      if (s.claims_paid) aj["claims_total"] = opt_amount(a.claims_total);
      aj["entitlement"] = opt_amount(a.entitlement);
      aj["year_end_payment"] = opt_amount(a.year_end_payment);
      aj["in_alliance_nonlocal"] = opt_amount(a.in_alliance_nonlocal);
      if (a.pass_through_clearing && *a.pass_through_clearing != fen{})  // NL, U under pass_through
        aj["pass_through_clearing"] = a.pass_through_clearing->str();
      if (a.paid_vs_schedule_difference) aj["paid_vs_schedule_difference"] = a.paid_vs_schedule_difference->str();
      aj["payments"] = payments;
      alliances.push_back(aj);
    }
    funds.push_back(ojson{{"insutype", f.insutype}, {"alliances", alliances}});
  }
  j["funds"] = funds;
  return j.dump(1) + "\n";
}

std::string schedule_text(const payment_schedule& s, const render_options& opt) {
  const bool zh = opt.lang == language::zh;
  using io::grouped;
  using io::pad_left;
  using io::pad_right;
  std::string out;
  for (const fund_schedule& f : s.funds) {
    for (const alliance_schedule& a : f.alliances) {
      out += page_heading(
          zh ? fmt::format("{} {}年度 医共体医保基金付款计划", s.county_name, s.year)
             : fmt::format("{} {} payment schedule", s.county_name, s.year),
          a.id, a.name, f.insutype, s.policy_id,
          zh ? fmt::format("金额单位：元；工作日按国务院节假日安排（{}–{}年）", s.calendar_first_year, s.calendar_last_year)
             : fmt::format("amounts in yuan; working days per the State Council's holiday notices ({}–{})",
                           s.calendar_first_year, s.calendar_last_year),
          zh);
      std::size_t label_w = 0, amount_w = 6;
      for (const auto& p : a.payments) {
        label_w = std::max(label_w, io::display_width(payment_label(p, zh)));
        if (p.amount) amount_w = std::max(amount_w, io::display_width(grouped(p.amount->str())));
      }
      out += "  " + pad_right(zh ? "款项" : "payment", label_w) + "  " + pad_right(zh ? "申报日" : "declared", 10) + "  " +
             pad_right(zh ? "到期日" : "due", 10) + "  " + pad_left(zh ? "金额" : "amount", amount_w) + "  " +
             (zh ? "规则" : "rule") + "\n";
      for (const auto& p : a.payments) {
        const std::string amount = p.amount       ? grouped(p.amount->str())
                                   : a.year_over ? (zh ? "未分月" : "not by month")
                                                 : (zh ? "待定" : "not yet known");
        out += "  " + pad_right(payment_label(p, zh), label_w) + "  " + pad_right(date_text(p.declared), 10) + "  " +
               pad_right(date_text(p.due), 10) + "  " + pad_left(amount, amount_w) + "  " + p.rule + "\n";
      }
      out += "  " + std::string(98, '-') + "\n";
      const bool months_unknown = std::any_of(a.payments.begin(), a.payments.end(), [](const scheduled_payment& p) {
        return p.kind == payment_kind::monthly_claims && !p.amount;
      });
      if (a.claims_total && months_unknown)
        out += zh ? fmt::format("  据实结算全年合计 I = {} 元（未按月提供）\n", grouped(a.claims_total->str()))
                  : fmt::format("  claims of the year I = {} yuan (not given by month)\n", grouped(a.claims_total->str()));
      if (a.entitlement)
        out += zh ? fmt::format("  年度应得 {} 元 = 年内拨付与年终清算之和\n", grouped(a.entitlement->str()))
                  : fmt::format("  entitlement {} yuan = the payments above\n", grouped(a.entitlement->str()));
      else
        out += zh ? "  年度未结束：年终清算金额待定\n" : "  the year is not over: the year-end payment is not known yet\n";
      if (a.paid_vs_schedule_difference)
        out += zh ? fmt::format("  实际拨付与应拨付差额 {} 元，已在年终清算中多退少补\n",
                                grouped(a.paid_vs_schedule_difference->str()))
                  : fmt::format("  the payments made differ from the schedule by {} yuan, settled at the year end\n",
                                grouped(a.paid_vs_schedule_difference->str()));
      if (a.pass_through_clearing && *a.pass_through_clearing != fen{})
        out += zh ? fmt::format("  年终清算含非属地（未归属）参保人员费用清算 {} 元\n", grouped(a.pass_through_clearing->str()))
                  : fmt::format("  the year-end payment includes pass-through clearings of {} yuan\n",
                                grouped(a.pass_through_clearing->str()));
      if (a.in_alliance_nonlocal && *a.in_alliance_nonlocal != fen{})
        out += zh ? fmt::format("  另：非属地参保人员医共体内费用 {} 元按实际结算，不在预算内\n", grouped(a.in_alliance_nonlocal->str()))
                  : fmt::format("  also: non-local spend {} yuan paid at actuals, outside the budget\n",
                                grouped(a.in_alliance_nonlocal->str()));
      out += "\n";
    }
  }
  return out;
}

std::string schedule_csv(const payment_schedule& s, const render_options& opt) {
  const bool zh = opt.lang == language::zh;
  using io::csv_cell;
  using io::csv_text_cell;
  std::string out = "policy,year,county,insutype,alliance,kind,month,label,declared,due,amount,rule,clause\r\n";
  for (const fund_schedule& f : s.funds)
    for (const alliance_schedule& a : f.alliances)
      for (const auto& p : a.payments)
        // Text cells neutralised against formula injection; amounts and dates stay as they are.
        out += csv_text_cell(s.policy_id) + "," + std::to_string(s.year) + "," + csv_text_cell(s.county_admdvs) + "," +
               csv_text_cell(f.insutype) + "," + csv_text_cell(a.id) + "," + to_string(p.kind) + "," +
               (p.month == 0 ? std::string() : std::to_string(p.month)) + "," + csv_text_cell(payment_label(p, zh)) + "," +
               (p.declared ? format_date(*p.declared) : "") + "," + (p.due ? format_date(*p.due) : "") + "," +
               (p.amount ? p.amount->str() : "") + "," + csv_text_cell(p.rule) + "," + csv_text_cell(p.clause) + "\r\n";
  return out;
}

ojson payment_json(const scheduled_payment& p) {
  return ojson{{"kind", to_string(p.kind)}, {"amount", opt_amount(p.amount)}, {"declared", opt_date(p.declared)},
               {"due", opt_date(p.due)}, {"rule", p.rule}};
}

std::string through_text(const monitor_report& r) { return fmt::format("{}-{:02}", r.year, r.through_month); }

std::string monitor_json(const monitor_report& r, const render_options& opt) {
  ojson j;
  header_json(j, r.policy_id, r.year, r.county_admdvs, r.county_name, opt);
  j["through"] = through_text(r);
  j["family"] = r.claims_paid ? "claims_paid" : "package_paid";
  ojson funds = ojson::array();
  for (const fund_monitor& f : r.funds) {
    ojson alliances = ojson::array();
    for (const alliance_monitor& a : f.alliances) {
      ojson months = ojson::array();
      for (const month_figures& m : a.by_month) {
        ojson mj{{"month", m.month},
                 {"in_alliance_local", m.in_alliance.str()},
                 {"out_of_alliance_local", m.out_of_alliance.str()},
                 {"cumulative_spend", m.cumulative_spend.str()},
                 {"cumulative_budget", m.cumulative_budget.str()},
                 {"variance", m.variance.str()}};
        mj["payment"] = m.payment ? payment_json(*m.payment) : ojson(nullptr);
        months.push_back(mj);
      }
      ojson proj{{"in_alliance_local", a.projected_in_alliance.str()},
                 {"out_of_alliance_local", a.projected_out_of_alliance.str()},
                 {"spend", a.projected_spend.str()},
                 {"balance", a.projected_balance.str()}};
      if (a.projected) {
        const alliance_statement& p = *a.projected;
        proj["retained_surplus"] = p.retained_surplus.str();
        proj["returned_surplus"] = p.returned_surplus.str();
        proj["fund_overspend_share"] = p.fund_overspend_share.str();
        proj["alliance_overspend_burden"] = p.alliance_overspend_burden.str();
        proj["reserve_release"] = p.reserve_release.str();
        proj["entitlement"] = p.entitlement.str();
        proj["paid_during_year"] = p.paid_during_year.str();
        proj["year_end_payment"] = p.year_end_payment.str();
      } else {
        proj["year_end_payment"] = nullptr;
        proj["not_computable"] = a.projection_error;
      }
      proj["performance_assumed"] = a.performance_assumed;
      ojson edges = ojson::array();
      for (const corridor_edge& e : a.edges)
        edges.push_back(ojson{{"side", e.overspend ? "overspend" : "surplus"}, {"limit", e.limit.str()},
                              {"spend", e.spend.str()}, {"fund_shares", e.fund_shares}, {"clause", e.clause}});
      alliances.push_back(ojson{{"id", a.id},
                                {"name", a.name},
                                {"months_observed", a.months},
                                {"budget", a.budget.str()},
                                {"final_budget", a.final_budget.str()},
                                {"in_alliance_local_to_date", a.in_alliance_to_date.str()},
                                {"out_of_alliance_local_to_date", a.out_of_alliance_to_date.str()},
                                {"months", months},
                                {"projection", proj},
                                {"warning", ojson{{"level", to_string(a.level)}, {"zh", a.warning_zh}, {"en", a.warning_en}}},
                                {"corridor", edges},
                                {"lines", io::lines_json(a.lines)}});
    }
    funds.push_back(ojson{{"insutype", f.insutype}, {"alliances", alliances}});
  }
  j["funds"] = funds;
  return j.dump(1) + "\n";
}

std::string monitor_text(const monitor_report& r, const render_options& opt) {
  const bool zh = opt.lang == language::zh;
  using io::grouped;
  using io::pad_left;
  using io::pad_right;
  std::string out;
  for (const fund_monitor& f : r.funds) {
    for (const alliance_monitor& a : f.alliances) {
      out += page_heading(zh ? fmt::format("{} {}年度 医共体月度结算单（截至{}月）", r.county_name, r.year, r.through_month)
                             : fmt::format("{} {} monthly statement (through {})", r.county_name, r.year, through_text(r)),
                          a.id, a.name, f.insutype, r.policy_id, zh ? "金额单位：元" : "amounts in yuan", zh);
      const std::vector<std::string> heads =
          zh ? std::vector<std::string>{"月份", "医共体内 I", "医共体外 O", "累计支出", "序时预算", "差额", "本月拨付", "到期日"}
             : std::vector<std::string>{"month", "I", "O", "spend to date", "pro-rata budget", "variance", "paid", "due"};
      std::vector<std::vector<std::string>> rows;
      for (const month_figures& m : a.by_month)
        rows.push_back({zh ? fmt::format("{}月", m.month) : fmt::format("{:02}", m.month), grouped(m.in_alliance.str()),
                        grouped(m.out_of_alliance.str()), grouped(m.cumulative_spend.str()),
                        grouped(m.cumulative_budget.str()), grouped(m.variance.str()),
                        m.payment && m.payment->amount ? grouped(m.payment->amount->str()) : "—",
                        m.payment && m.payment->due ? format_date(*m.payment->due) : "—"});
      std::vector<std::size_t> w(heads.size());
      for (std::size_t i = 0; i < heads.size(); ++i) {
        w[i] = io::display_width(heads[i]);
        for (const auto& row : rows) w[i] = std::max(w[i], io::display_width(row[i]));
      }
      auto emit = [&](const std::vector<std::string>& row) {
        out += " ";
        for (std::size_t i = 0; i < row.size(); ++i) out += " " + (i == 0 || i == 7 ? pad_right(row[i], w[i]) : pad_left(row[i], w[i]));
        out += "\n";
      };
      emit(heads);
      for (const auto& row : rows) emit(row);
      out += "\n" + std::string(zh ? "【全年预测】按已过月份的月均支出外推\n" : "[projection] the months so far at their run rate\n");
      std::size_t label_w = 0, amount_w = 0;
      for (const line& l : a.lines) {
        label_w = std::max(label_w, io::display_width(zh ? l.label_zh : l.label_en));
        amount_w = std::max(amount_w, io::display_width(grouped(l.amount)));
      }
      for (const line& l : a.lines)
        out += "  " + pad_right(zh ? l.label_zh : l.label_en, label_w) + "  " + pad_left(grouped(l.amount), amount_w) +
               "  " + l.figures + "\n";
      if (!a.projected)
        out += zh ? "  预计年终清算：无法计算 — " + a.projection_error + "\n"
                  : "  projected year-end payment: not computable — " + a.projection_error + "\n";
      if (a.performance_assumed)
        out += zh ? "  （绩效尚未考核：按考核达标、得分100预测）\n"
                  : "  (performance not yet assessed: projected as met, score 100)\n";
      const char* level_zh = a.level == warning_level::none ? "正常" : a.level == warning_level::watch ? "关注" : "预警";
      out += "  " + std::string(98, '-') + "\n";
      out += zh ? fmt::format("  预警级别：{}（{}）— {}\n", level_zh, to_string(a.level), a.warning_zh)
                : fmt::format("  warning level: {} — {}\n", to_string(a.level), a.warning_en);
      out += "\n";
    }
  }
  return out;
}

}  // namespace

std::string render(const monitor_report& r, const render_options& opt) {
  if (opt.format == output_format::text) return monitor_text(r, opt);
  return monitor_json(r, opt);
}

std::string render(const payment_schedule& s, const render_options& opt) {
  switch (opt.format) {
    case output_format::json: return schedule_json(s, opt);
    case output_format::text: return schedule_text(s, opt);
    case output_format::csv: return io::encoded_csv(schedule_csv(s, opt), opt);
  }
  return schedule_json(s, opt);
}

}  // namespace medbudget
