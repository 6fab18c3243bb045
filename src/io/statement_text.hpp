// Internal: the text statement (年度清算单) and the pieces render.cpp shares with it.
#pragma once

#include <string>  // string

#include "medbudget/io/render.hpp"

namespace medbudget::io {

// Text and CSV show a ratio line's value in the amount column.
inline const std::string& shown_amount(const line& l) { return l.value.empty() ? l.amount : l.value; }

// The records' reconciliation of a fund, when the statement's actuals came from records.
inline const reconciliation* reconciliation_of(const render_options& opt, const std::string& insutype) {
  for (const auto& [fund, rc] : opt.reconciliation)
    if (fund == insutype) return &rc;
  return nullptr;
}

// 【结算记录对账】 / [records reconciliation]: the rows of a reconciliation, aligned.
void reconciliation_text(std::string& out, const reconciliation& rc, bool zh);

// The text statement: per fund a header with its number, the county's and each alliance's lines,
// the reconciliation, and the sign-off block.
[[nodiscard]] std::string statement_text(const statement& s, const render_options& opt);

}  // namespace medbudget::io
