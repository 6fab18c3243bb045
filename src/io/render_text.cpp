// The text statement (年度清算单 / 医共体总额预算表): aligned columns for people, a document
// number per fund, and the sign-off block of a statement that is printed, signed and filed.
#include <fmt/format.h>

#include <algorithm>  // max
#include <array>      // array
#include <utility>    // pair
#include <vector>     // vector

#include "medbudget/capital_amount.hpp"
#include "statement_text.hpp"
#include "text.hpp"

namespace medbudget::io {

namespace {

void text_table(std::string& out, const std::vector<line>& lines, bool zh) {
  std::size_t label_w = 0, amount_w = 0;
  for (const line& l : lines) {
    label_w = std::max(label_w, display_width(zh ? l.label_zh : l.label_en));
    amount_w = std::max(amount_w, display_width(grouped(shown_amount(l))));
  }
  for (const line& l : lines) {
    out += "  " + pad_right(zh ? l.label_zh : l.label_en, label_w) + "  " + pad_left(grouped(shown_amount(l)), amount_w) +
           "  " + l.figures + "\n";
    out += "  " + std::string(label_w + amount_w + 4, ' ') + (zh ? "依据: " : "clause: ") + l.clause + "\n";
  }
}

// The sign-off block that ends each fund's statement (经办人 / 复核人 / 负责人, 单位盖章).
void sign_off_text(std::string& out, bool zh) {
  // Who prepared, checked and approved the statement, each with a date, then the agency's seal.
  const std::array<std::string, 3> who = zh ? std::array<std::string, 3>{"经办人：", "复核人：", "负责人："}
                                             : std::array<std::string, 3>{"prepared by: ", "checked by: ", "approved by: "};
  const std::string blank = zh ? std::string(10, '_') : std::string(20, '_');
  const std::string date = zh ? "日期：____年__月__日" : "date: ____-__-__";
  std::size_t w = 0;
  for (const std::string& label : who) w = std::max(w, display_width(label));
  out += "\n";
  for (const std::string& label : who) out += "  " + pad_right(label, w) + blank + "  " + date + "\n";
  out += zh ? "  （单位盖章）\n" : "  (official seal)\n";
}

}  // namespace

std::string statement_text(const statement& s, const render_options& opt) {
  const bool zh = opt.lang == language::zh;
  std::string out;
  const std::string rule(100, '=');
  const std::string digest = document_digest(s, opt);
  for (const fund_statement& f : s.funds) {
    const std::string fund_name = f.insutype == "310" ? (zh ? "职工基本医疗保险" : "employee basic medical insurance")
                                                      : (zh ? "城乡居民基本医疗保险" : "resident basic medical insurance");
    out += rule + "\n";
    out += zh ? fmt::format("{} {}年度 {}\n", s.county_name, s.year, opt.budget_only ? "医共体总额预算表" : "医共体年度清算单")
              : fmt::format("{} {} {}\n", s.county_name, s.year, opt.budget_only ? "alliance budget" : "year-end settlement statement");
    out += fmt::format("{}: {} ({})   {}: {} {}   {}: {}\n", zh ? "县域" : "county", s.county_name, s.county_admdvs,
                       zh ? "险种" : "fund", f.insutype, fund_name, zh ? "政策" : "policy", s.policy_id);
    const std::string number = document_number(s.county_admdvs, f.insutype, s.year, digest);
    out += zh ? fmt::format("{}：{}\n", opt.budget_only ? "预算表编号" : "清算单编号", number)
              : fmt::format("document no. {}\n", number);
    out += zh ? "金额单位：元\n" : "amounts in yuan\n";
    out += rule + "\n";
    if (!f.lines.empty()) {
      out += zh ? "【县域】\n" : "[county]\n";
      text_table(out, f.lines, zh);
    }
    for (const alliance_statement& a : f.alliances) {
      out += "\n" + std::string(zh ? "【医共体】" : "[alliance] ") + a.id + " " + a.name + "\n";
      text_table(out, a.lines, zh);
      if (!opt.budget_only) {
        const bool pay = a.year_end_payment >= fen{};
        const fen magnitude = pay ? a.year_end_payment : -a.year_end_payment;
        out += "  " + std::string(100 - 2, '-') + "\n";
        // The printed statement's totals in capital numerals (大写金额) beside the figures.
        if (zh)
          out += fmt::format("  年度应得：{} 元（大写：人民币{}）\n  年终结算：{} {} 元（大写：人民币{}）\n",
                             grouped(a.entitlement.str()), capital_amount(a.entitlement),
                             pay ? "应拨付医共体" : "医共体应返还", grouped(magnitude.str()), capital_amount(magnitude));
        else
          out += fmt::format("  year end: {} {} yuan\n", pay ? "the agency pays the alliance" : "the alliance pays back",
                             grouped(magnitude.str()));
      }
    }
    if (const reconciliation* rc = reconciliation_of(opt, f.insutype)) reconciliation_text(out, *rc, zh);
    sign_off_text(out, zh);
    out += "\n";
  }
  return out;
}

void reconciliation_text(std::string& out, const reconciliation& rc, bool zh) {
  std::vector<std::pair<std::string, std::string>> rows;
  rows.emplace_back(zh ? "计入记录统筹基金支出" : "counted hifp_pay", rc.counted_hifp_pay.str());
  for (const auto& [id, v] : rc.in_alliance_local) rows.emplace_back((zh ? "医共体内属地 I " : "I ") + id, v.str());
  for (const auto& [id, v] : rc.out_of_alliance_local) rows.emplace_back((zh ? "医共体外属地 O " : "O ") + id, v.str());
  for (const auto& [id, v] : rc.in_alliance_nonlocal) rows.emplace_back((zh ? "医共体内非属地 NL " : "NL ") + id, v.str());
  for (const auto& [id, v] : rc.unattributed_local) rows.emplace_back((zh ? "未归属属地参保人 U " : "U ") + id, v.str());
  rows.emplace_back(zh ? "未归属属地参保人 U 其他机构" : "U elsewhere", rc.unattributed_elsewhere.str());
  rows.emplace_back(zh ? "非属地参保人 非成员机构" : "outside (non-local, no alliance's member)", rc.outside.str());
  rows.emplace_back(zh ? "合计" : "sum", rc.sum.str());
  std::size_t lw = 0, aw = 0;
  for (const auto& [label, amount] : rows) {
    lw = std::max(lw, display_width(label));
    aw = std::max(aw, display_width(grouped(amount)));
  }
  out += zh ? "\n【结算记录对账】\n" : "\n[records reconciliation]\n";
  for (const auto& [label, amount] : rows) out += "  " + pad_right(label, lw) + "  " + pad_left(grouped(amount), aw) + "\n";
  out += zh ? (rc.balanced ? "  合计等于计入记录统筹基金支出\n" : "  合计不等于计入记录统筹基金支出\n")
            : (rc.balanced ? "  the sum equals the counted hifp_pay\n" : "  the sum differs from the counted hifp_pay\n");
}

}  // namespace medbudget::io
