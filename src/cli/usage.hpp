// The text of `medbudget --help` (src/cli/main.cpp prints it).
#pragma once

#include <string_view>  // string_view

namespace medbudget::cli {

constexpr std::string_view usage = R"(medbudget — exact settlement of county medical-alliance (医共体) total-budget payments

Usage:
  medbudget budget CASE.json [--format json|text|csv] [--lang zh|en] [--encoding E]
      The budget part of the statement: the county pot, deductions, caps, each alliance's budget.
  medbudget settle CASE.json [--claims FILE --registry FILE [--attribution FILE] [--threads N]]
                  [--previous-claims FILE] [--format json|text|csv] [--lang zh|en] [--encoding E]
      The year-end settlement statement of every alliance and fund; with --claims, each alliance's
      actuals come from the settlement records, and its performance too unless the case states it.
  medbudget aggregate --claims FILE --registry FILE --county ADMDVS --year YYYY
                      [--attribution FILE] [--threads N] [--policy ID|FILE] [--format json|text]
                      [--encoding gb18030]
      Settlement records to actuals: I, O, NL by alliance and fund, by month, member, band, place.
  medbudget indicators --claims FILE --registry FILE --county ADMDVS --year YYYY [--previous-claims FILE]
                       [--attribution FILE] [--threads N] [--policy ID|FILE] [--format json|text]
                       [--encoding gb18030]
      Performance indicators by alliance and fund from the records, and the policy's pass/fail or score.
  medbudget generate --county ADMDVS --insured N --records M --seed S --out DIR [--year YYYY]
      Writes deterministic sample data: DIR/registry.csv, DIR/attribution.csv, DIR/claims.csv.
  medbudget schedule CASE.json [--claims FILE --registry FILE [--attribution FILE]] [--calendar FILE]
                    [--year-end-date YYYY-MM-DD] [--format json|text|csv] [--lang zh|en]
                    [--encoding E]
      The dated payment schedule of the year: the advance or the 12 installments, each month's claims
      with its declaration and due date (working days), the year-end payment; sums to the ledger.
  medbudget monitor CASE.json --through YYYY-MM [--claims FILE --registry FILE [--attribution FILE]]
                   [--chart DIR] [--calendar FILE] [--format json|text] [--lang zh|en]
      In-year monitoring: the months so far (月度结算单) against the pro-rata budget, the run-rate
      projection of the year end settled by the ledger, a warning level from the policy's bands;
      --chart writes an SVG chart per alliance and fund (DIR/<insutype>-<alliance>.svg).
  medbudget simulate CASE.json --scenarios N --seed S [--model FILE] [--grid PARAM=v1,v2,…]…
                    [--claims FILE --registry FILE [--attribution FILE]] [--threads N]
                    [--format json|text] [--chart DIR]
      Monte Carlo of the year end from the months observed so far (docs/simulate.md): quantiles of
      balance, payment, shares and fund outflow, probabilities of overspend, a grid of policy
      parameters; --chart writes an SVG histogram of the year-end payment per alliance and fund.
  medbudget deductible CHAIN.json [--format json|text] [--lang zh|en]
      The deductible (起付线) of each stay in a chain of referrals under the chain's policy (Harbin:
      down waived, up the levels' difference; Guangdong: one per referral episode).
  medbudget calendar add-workdays YYYY-MM-DD N | is-workday YYYY-MM-DD | between FROM TO | data
                     [--calendar FILE]
      The working-day calendar (State Council rest days and make-up working days, 2019–2026):
      the N-th working day strictly after a date; yes or no; working days in (FROM, TO]; the data.
  medbudget demo [DIR] [--monitoring DIR2] [--format text|json|csv] [--lang zh|en]
      Settles every *.case.json in DIR (default: examples/cases) and prints each statement with its
      payment schedule, then a monitoring report of every year in progress in DIR2 (default:
      examples/monitoring), through the months it has.
  medbudget presets
      Lists the embedded policy presets.
  medbudget policy ID
      Prints an embedded preset's JSON (to copy and adapt into a policy file of your own).
  medbudget --version | --help

Options:
  --format F   json (default; deterministic bytes), text (年度清算单 to print: numbered, with a
               sign-off block), csv (one row per line)
  --lang L     zh (default) or en: the labels of text and csv output
  --encoding E the CSV files' encoding: of --format csv output, utf-8, utf-8-bom (EF BB BF first,
               for Excel) or gb18030 (default utf-8-bom with --lang zh, utf-8 with --lang en); of the
               records, registry and attribution read, gb18030 (as saved on Chinese Windows) or UTF-8
  --threads N  worker threads for reading records (default: all cores); results never depend on N
  --quiet      no warnings or progress on stderr
  --calendar F a calendar file layered on the embedded national one (next year's notice, local days)

`medbudget CMD --help` (or `medbudget help CMD`) prints one command's usage. An option's value may
follow it or be joined with = (--format=text). A file given as - is standard input (a case, a
chain, --claims, --registry, --attribution, --previous-claims, --calendar, --model).
Amounts are yuan with two decimals. A case names its policy (a preset id or a policy JSON path).
Exit status: 0 done; 1 the input is wrong or the output cannot be written; 2 the command line is
wrong; 3 internal error (a bug); 4 out of memory (or threads) while reading a file.
)";

}  // namespace medbudget::cli
