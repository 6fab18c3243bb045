// medbudget/schedule.hpp — the dated payment schedule of a case's year (docs/cycle.md).
//
// Claims-paid (Harbin, Hunan): the advance at the start of the year, each month's claims declared on
// the policy's `declaration_day` of the following month and due `due_workdays` working days later (the
// calendar's convention), and the year-end payment. Package-paid (Guangdong/Yangxi, Sanming): the 12
// installments and the year-end payment. Amounts come from the same statement `settle` prints, so the
// schedule's amounts sum to the ledger: advance + Σ monthly claims + the year end's budget part =
// entitlement (claims-paid), Σ installments (net of O when netted monthly) + the year end's budget part =
// entitlement (package-paid). The year-end payment is that budget part plus the pass-through clearings
// (NL, U under pass_through), less the difference of the payments actually made. Checked on every schedule.
//
//   medbudget::payment_schedule s = medbudget::schedule_year(c, medbudget::national_calendar());
#pragma once

#include <optional>  // optional
#include <string>    // string
#include <vector>    // vector

#include "medbudget/calendar.hpp"
#include "medbudget/case.hpp"
#include "medbudget/money.hpp"

namespace medbudget {

enum class payment_kind { advance, installment, monthly_claims, year_end };
[[nodiscard]] const char* to_string(payment_kind k) noexcept;

struct scheduled_payment {
  payment_kind kind = payment_kind::advance;
  int month = 0;                 // 1–12 for installments and monthly claims; 0 otherwise
  std::optional<fen> amount;     // absent: not known yet (a month not observed, a year not over)
  std::optional<date> declared;  // monthly claims: the declaration date
  std::optional<date> due;       // the payment date; absent where neither the notice nor the case sets one
  std::string rule;              // how the date was set
  std::string clause;            // the notice clause (or local default) behind amount and date
};

struct alliance_schedule {
  std::string id, name;
  bool year_over = false;         // every month's actuals known: the year-end payment is settled
  std::vector<scheduled_payment> payments;  // in date order of the year: advance/installments, months, year end
  fen budget;                     // B
  std::optional<fen> claims_total;       // claims-paid: I, when known
  std::optional<fen> entitlement;        // when the year is over
  std::optional<fen> year_end_payment;   // when the year is over
  std::optional<fen> in_alliance_nonlocal;  // NL: paid at actuals too, outside the budget (a memo)
  std::optional<fen> pass_through_clearing;        // nonlocal + unattributed clearing, in the year-end payment
  std::optional<fen> paid_vs_schedule_difference;  // with the payments actually made
};

struct fund_schedule {
  std::string insutype;
  std::vector<alliance_schedule> alliances;
};

struct payment_schedule {
  std::string policy_id;
  int year = 0;
  std::string county_admdvs, county_name;
  bool claims_paid = true;
  int calendar_first_year = 0, calendar_last_year = 0;
  std::vector<fund_schedule> funds;
};

struct schedule_options {
  std::optional<date> year_end_date;  // the year-end payment's date, when the agency has set it
  int dated_through_month = 12;       // months after this one get no due date (monitoring mid-year)
};

// The schedule of every fund and alliance. A year with every alliance's actuals for 12 months (or
// annual figures) is settled as by `settle_year`; otherwise the budget part gives the advance or
// installments and the months observed so far are listed, the rest without amounts. Errors: the
// case's (field paths), a date past the calendar (naming its last year), a year-end date not after
// the year.
[[nodiscard]] payment_schedule schedule_year(const case_input& c, const calendar& cal, const schedule_options& opt = {});

// The first working day on or after `d`.
[[nodiscard]] date first_working_day_from(const calendar& cal, date d);

}  // namespace medbudget
