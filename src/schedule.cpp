// The payment schedule: the statement's amounts on the calendar's dates.
#include "medbudget/schedule.hpp"

#include <algorithm>  // any_of

#include "medbudget/error.hpp"
#include "medbudget/settle.hpp"

namespace medbudget {

namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

constexpr int months_per_year = 12;

bool months_complete(const alliance_input& al) {
  if (!al.actuals) return false;
  if (!al.actuals->monthly) return true;  // annual figures: the year is over
  return al.actuals->monthly->in_alliance_local.size() >= months_per_year &&
         al.actuals->monthly->out_of_alliance_local.size() >= months_per_year;
}

// Dates beyond the calendar are reported with where in the schedule they arose.
template <class F>
date dated(const std::string& where, F&& f) {
  try {
    return f();
  } catch (const input_error& e) {
    if (!e.where().empty()) throw;
    throw input_error(where, e.message());
  }
}

const std::string& parameter_clause(const policy& pol, const char* name) {
  const auto it = pol.parameters.find(name);
  return it != pol.parameters.end() ? it->second.clause : pol.notice;
}

}  // namespace

const char* to_string(payment_kind k) noexcept {
  switch (k) {
    case payment_kind::advance: return "advance";
    case payment_kind::installment: return "installment";
    case payment_kind::monthly_claims: return "monthly_claims";
    case payment_kind::year_end: return "year_end";
  }
  return "?";
}

date first_working_day_from(const calendar& cal, date d) {
  return cal.is_working_day(d) ? d : cal.add_working_days(d, 1);
}

payment_schedule schedule_year(const case_input& c, const calendar& cal, const schedule_options& opt) {
  const policy& pol = c.pol;
  const bool claims_paid = pol.family == settlement_family::claims_paid;
  bool year_over = true;
  for (const auto& f : c.funds)
    for (const auto& al : f.alliances) year_over = year_over && months_complete(al);
  const statement st = year_over ? settle_year(c) : budget_year(c);

  if (opt.year_end_date && static_cast<int>(opt.year_end_date->year()) <= c.year)
    throw input_error("year_end_date", format_date(*opt.year_end_date) + " is not after the year " + std::to_string(c.year));

  payment_schedule out;
  out.policy_id = pol.id;
  out.year = c.year;
  out.county_admdvs = c.county.admdvs;
  out.county_name = c.county.name;
  out.claims_paid = claims_paid;
  out.calendar_first_year = cal.first_year();
  out.calendar_last_year = cal.last_year();
  // 0: the policy has no such parameter (a declaration day is 1–28; a deadline at least 1 working day).
  const std::int64_t declaration_day = pol.has("declaration_day") ? pol.get<std::int64_t>("declaration_day") : 0;
  const std::int64_t due_workdays = pol.has("due_workdays") ? pol.get<std::int64_t>("due_workdays") : 0;

  for (std::size_t f = 0; f < c.funds.size(); ++f) {
    fund_schedule fs;
    fs.insutype = c.funds[f].insutype;
    for (std::size_t a = 0; a < c.funds[f].alliances.size(); ++a) {
      const alliance_input& al = c.funds[f].alliances[a];
      const alliance_statement& as = st.funds[f].alliances[a];
      const std::string where = "funds[" + std::to_string(f) + "].alliances[" + std::to_string(a) + "] schedule";
      alliance_schedule s;
      s.id = al.id;
      s.name = al.name;
      s.year_over = year_over;
      s.budget = as.budget;
      if (claims_paid) {
        scheduled_payment adv;
        adv.kind = payment_kind::advance;
        adv.amount = as.advance;
        adv.due = dated(where + " advance", [&] { return first_working_day_from(cal, year{c.year} / 1 / 1); });
        adv.rule = "local default: the first working day of the year (年初预算预付)";
        adv.clause = pol.clause("advance");
        s.payments.push_back(adv);
        const monthly_actuals* monthly = al.actuals && al.actuals->monthly ? &*al.actuals->monthly : nullptr;
        for (int m = 1; m <= months_per_year; ++m) {
          scheduled_payment p;
          p.kind = payment_kind::monthly_claims;
          p.month = m;
          if (monthly != nullptr && monthly->in_alliance_local.size() >= static_cast<std::size_t>(m))
            p.amount = monthly->in_alliance_local[static_cast<std::size_t>(m - 1)];
          p.clause = pol.clause("in_alliance_local");
          if (declaration_day > 0) {
            const int dy = m == months_per_year ? c.year + 1 : c.year;
            const unsigned dm = m == months_per_year ? 1u : static_cast<unsigned>(m + 1);
            p.declared = year{dy} / month{dm} / day{static_cast<unsigned>(declaration_day)};
            p.clause += "; " + parameter_clause(pol, "declaration_day");
            if (m > opt.dated_through_month) {
              p.rule = "declared on day " + std::to_string(declaration_day) + " of the following month; not yet due";
            } else if (due_workdays > 0) {
              p.due = dated(where + " month " + std::to_string(m),
                            [&] { return cal.add_working_days(*p.declared, static_cast<int>(due_workdays)); });
              p.rule = "declared on day " + std::to_string(declaration_day) + " of the following month; due " +
                       std::to_string(due_workdays) + " working days after the declaration";
              p.clause += "; " + parameter_clause(pol, "due_workdays");
            } else {
              p.rule = "declared on day " + std::to_string(declaration_day) +
                       " of the following month; the policy sets no payment deadline";
            }
          } else {
            p.rule = "the policy sets no declaration day";
          }
          s.payments.push_back(p);
        }
        if (al.actuals && (monthly == nullptr || year_over)) {
          s.claims_total = al.actuals->in_alliance_local;
          // U counts in the treating alliance's claims under by_institution.
          if (unattributed_local_rule(pol) == unattributed_rule::by_institution)
            s.claims_total = *s.claims_total + al.actuals->unattributed_local;
        }
      } else {
        for (int m = 1; m <= months_per_year; ++m) {
          scheduled_payment p;
          p.kind = payment_kind::installment;
          p.month = m;
          // O netted monthly: the settled year's net months; in a year not over, the months
          // whose O is known so far.
          const auto k = static_cast<std::size_t>(m - 1);
          const std::vector<fen>* known_out =
              !year_over && out_of_alliance_netting_rule(pol) == netting_rule::monthly && al.actuals && al.actuals->monthly
                  ? &al.actuals->monthly->out_of_alliance_local
                  : nullptr;
          const bool net = !as.net_installments.empty() || (known_out != nullptr && k < known_out->size());
          if (!as.net_installments.empty()) p.amount = as.net_installments.at(k);
          else if (net) p.amount = as.installments.at(k) - (*known_out)[k];
          else p.amount = as.installments.at(k);
          if (m <= opt.dated_through_month)
            p.due = dated(where + " installment " + std::to_string(m),
                          [&] { return first_working_day_from(cal, year{c.year} / month{static_cast<unsigned>(m)} / 1); });
          p.rule = "local default: the first working day of the month (按月预拨)";
          if (net) p.rule += "; the installment less the month's out-of-alliance spend (negative: invoiced to the alliance)";
          p.clause = pol.clause("installments") + "; " + parameter_clause(pol, "installment_rate");
          if (net) p.clause += "; " + pol.clause("net_installments");
          s.payments.push_back(p);
        }
      }
      scheduled_payment ye;
      ye.kind = payment_kind::year_end;
      ye.clause = pol.clause("year_end_payment");
      if (year_over) {
        ye.amount = as.year_end_payment;
        s.entitlement = as.entitlement;
        s.year_end_payment = as.year_end_payment;
        s.in_alliance_nonlocal = as.in_alliance_nonlocal;
        s.pass_through_clearing = as.nonlocal_clearing + as.unattributed_clearing;
        s.paid_vs_schedule_difference = as.paid_vs_schedule_difference;
      }
      ye.due = opt.year_end_date;
      ye.rule = opt.year_end_date ? "the year-end settlement date the agency set"
                                  : "set at the year-end settlement (年终清算); the notice gives no date";
      s.payments.push_back(ye);

      if (year_over) {
        // The scheduled budget payments and the year end's budget part sum to the entitlement; the year-end
        // payment also carries the pass-through clearings, and the difference of the payments actually made.
        const fen year_end_budget_part =
            as.year_end_payment - *s.pass_through_clearing + as.paid_vs_schedule_difference.value_or(fen{});
        fen paid;
        if (claims_paid) paid = as.advance + *s.claims_total;
        else
          for (fen m : as.net_installments.empty() ? as.installments : as.net_installments) paid += m;
        ensure(paid + year_end_budget_part == as.entitlement, "the schedule's payments sum to the entitlement");
        fen listed;
        bool every_month = true;
        for (const auto& p : s.payments) {
          if (p.amount) listed += *p.amount;
          else every_month = false;
        }
        // Under by_institution the months list the attributed claims; U is paid with them.
        const fen unlisted_u = claims_paid && unattributed_local_rule(pol) == unattributed_rule::by_institution
                                   ? al.actuals->unattributed_local
                                   : fen{};
        ensure(!every_month || listed + unlisted_u - as.year_end_payment + year_end_budget_part == as.entitlement,
               "the schedule's listed payments sum to the entitlement");
      }
      fs.alliances.push_back(std::move(s));
    }
    out.funds.push_back(std::move(fs));
  }
  return out;
}

}  // namespace medbudget
