// medbudget/settle.hpp — the driver: a case's budget, or its whole year-end settlement, as a statement.
//
//   medbudget::statement s = medbudget::settle_year(c);    // every fund, every alliance, with lines
//   medbudget::statement b = medbudget::budget_year(c);    // the budget part only (no actuals needed)
//
// One function owns the order: budget → actuals in scope → year-end ledger → member distribution →
// lines. Invariants (the ledger identity, every split summing) are checked on every statement, in
// release builds too; a broken one is an invariant_error.
#pragma once

#include "medbudget/case.hpp"
#include "medbudget/statement.hpp"

namespace medbudget {

[[nodiscard]] statement budget_year(const case_input& c);
[[nodiscard]] statement settle_year(const case_input& c);

}  // namespace medbudget
