// Case JSON of the revision-3 ledger inputs (the pass-through money paid, U, the payments made, the
// performance facts, prior-year spend): read with their paths, and their errors with exact text.
#include <gtest/gtest.h>

#include <functional>   // function
#include <optional>     // optional
#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include "medbudget/case.hpp"
#include "medbudget/error.hpp"
#include "medbudget/io/calendar_json.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/monitor.hpp"
#include "medbudget/policy.hpp"
#include "medbudget/schedule.hpp"
#include "medbudget/settle.hpp"
#include "medbudget/statement.hpp"

#include "budget_fixtures.hpp"

namespace mb = medbudget;
using mb::fen;
using mb::rate;
using budget_fixtures::error_text;
using budget_fixtures::make_case;
using budget_fixtures::R;
using budget_fixtures::Y;

namespace {

std::string guangdong_json(const std::string& actuals_extra, const std::string& alliance_extra = "",
                           const std::string& overrides = "") {
  return R"({"policy": "guangdong_yangxi", "year": 2024, )" + overrides +
         R"("county": {"admdvs": "441721", "name": "阳西县"},
  "funds": [{"insutype": "390", "budget_inputs": {"fund_revenue": "12345678.91"},
    "alliances": [{"id": "G1", "share": "1", "performance": {"score": "90")" + alliance_extra + R"(},
      "actuals": {"in_alliance_local": "9000000.00", "out_of_alliance_local": "1000000.00",
                  "in_alliance_nonlocal": "0.00")" + actuals_extra + R"(}}]}]})";
}

std::string load_error(const std::string& json) {
  return error_text([&] { (void)mb::load_case(json, "case.json", "."); });
}

TEST(LedgerPassThroughJson, ReadsTheNewActuals) {
  const mb::loaded_case lc = mb::load_case(
      guangdong_json(R"(, "in_alliance_nonlocal_paid": "1.50", "unattributed_local": "2.00",
      "payments_made": {"advance": "3.00", "monthly": ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "-12.34"]})",
                     R"(, "facts": {"fraud_events": 0, "shirking_complaints": 2, "signing_rate": "0.46",
                        "signing_rate_prev": "0.41", "satisfaction": "91.0"})"),
      "case.json", ".");
  const mb::alliance_input& a = lc.value.funds[0].alliances[0];
  EXPECT_EQ(*a.actuals->in_alliance_nonlocal_paid, Y("1.50"));
  EXPECT_EQ(a.actuals->unattributed_local, Y("2.00"));
  EXPECT_FALSE(a.actuals->unattributed_from_records);
  EXPECT_EQ(a.actuals->payments_made->advance, Y("3.00"));
  EXPECT_EQ(a.actuals->payments_made->monthly.size(), 12u);
  EXPECT_EQ(a.actuals->payments_made->monthly[11], Y("-12.34"));
  EXPECT_EQ(a.perf.facts.at("shirking_complaints"), R("2"));
  EXPECT_EQ(a.perf.facts.at("signing_rate"), R("0.46"));
  EXPECT_EQ(a.perf.facts.at("satisfaction"), R("91.0"));
  EXPECT_EQ(a.perf.facts.size(), 5u);
}

TEST(LedgerPassThroughJson, Errors) {
  const std::string ap = "funds[0].alliances[0]";
  EXPECT_EQ(load_error(guangdong_json(R"(, "payments_made": {"monthly": ["1", "2"]})")),
            ap + ".actuals.payments_made.monthly: expected exactly 12 months, January first, got 2");
  EXPECT_EQ(load_error(guangdong_json(R"(, "payments_made": {"advance": "-1.00", "monthly": []})")),
            ap + ".actuals.payments_made.advance: must not be negative");
  EXPECT_EQ(load_error(guangdong_json(R"(, "payments_made": {"advance": "1.00"})")),
            ap + ".actuals.payments_made.monthly: missing: the 12 months' payments, January first");
  EXPECT_EQ(load_error(guangdong_json(R"(, "payments_made": {"monthly": [], "extra": 1})")),
            ap + ".actuals.payments_made.extra: unknown field (expected one of: advance, monthly)");
  EXPECT_EQ(load_error(guangdong_json(R"(, "in_alliance_nonlocal_paid": "-0.01")")),
            ap + ".actuals.in_alliance_nonlocal_paid: must not be negative");
  EXPECT_EQ(load_error(guangdong_json(R"(, "unattributed_local": "-5.00")")),
            ap + ".actuals.unattributed_local: must not be negative");
  EXPECT_EQ(load_error(guangdong_json(R"(, "unattributed_local_paid": "-5.00")")),
            ap + ".actuals.unattributed_local_paid: must not be negative");
  EXPECT_EQ(load_error(guangdong_json("", R"(, "facts": {"fraud_events": 1.5})")),
            ap + ".performance.facts.fraud_events: expected a whole number, got \"1.5\"");
  EXPECT_EQ(load_error(guangdong_json("", R"(, "facts": {"shirking_complaints": -1})")),
            ap + ".performance.facts.shirking_complaints: expected at least 0, got -1");
  EXPECT_EQ(load_error(guangdong_json("", R"(, "facts": {"signing_rate_prev": "1.2"})")),
            ap + ".performance.facts.signing_rate_prev: expected a share from 0 to 1");
  EXPECT_EQ(load_error(guangdong_json("", R"(, "facts": {"bribes": 0})")),
            ap + ".performance.facts.bribes: unknown field (expected one of: fraud_events, shirking_complaints, "
                 "signing_rate, signing_rate_prev, satisfaction)");
  EXPECT_EQ(load_error(guangdong_json("", "", R"("policy_overrides": {"unattributed_local": "sometimes"}, )")),
            "policy_overrides.unattributed_local: unknown value \"sometimes\" (expected one of: error, "
            "by_institution, pass_through)");
  EXPECT_EQ(load_error(guangdong_json("", "", R"("policy_overrides": {"out_of_alliance_netting": "weekly"}, )")),
            "policy_overrides.out_of_alliance_netting: unknown value \"weekly\" (expected one of: year_end, monthly)");
}

TEST(LedgerPassThroughJson, PriorYearSpendErrorAndUnusedWarnings) {
  // prior_year_spend under Guangdong: accepted, not used (a warning); negative is an error anywhere.
  const std::string bad = guangdong_json("", "");
  std::string json = bad;
  json.replace(json.find(R"("share": "1")"), 12, R"("share": "1", "prior_year_spend": "-1.00")");
  EXPECT_EQ(load_error(json), "funds[0].alliances[0].prior_year_spend: must not be negative");
  // unattributed_local_paid outside pass_through: one warning.
  const mb::loaded_case lc = mb::load_case(guangdong_json(R"(, "unattributed_local_paid": "1.00")"), "case.json", ".");
  ASSERT_EQ(lc.warnings.size(), 1u);
  EXPECT_EQ(lc.warnings[0],
            "funds[0].alliances[0].actuals.unattributed_local_paid: accepted but not used by policy guangdong_yangxi "
            "(reported once)");
  const mb::loaded_case pt = mb::load_case(
      guangdong_json(R"(, "unattributed_local_paid": "1.00")", "", R"("policy_overrides": {"unattributed_local": "pass_through"}, )"),
      "case.json", ".");
  EXPECT_TRUE(pt.warnings.empty());
}

TEST(LedgerPassThroughJson, UnattributedErrorFromACaseFile) {
  const mb::loaded_case lc = mb::load_case(guangdong_json(R"(, "unattributed_local": "1131829.74")"), "case.json", ".");
  EXPECT_EQ(error_text([&] { (void)mb::settle_year(lc.value); }),
            "funds[0].alliances[0]: 1131829.74 of spend by local insured of no alliance at G1's members "
            "(actuals.unattributed_local); set policy_overrides.unattributed_local to by_institution or pass_through");
}

}  // namespace
