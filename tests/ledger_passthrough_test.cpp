// Year-end ledger, revision 3 (docs/rules.md): the year end in two parts, the
// budget clearing and the clearings of pass-through money; U by the unattributed_local rule; payments
// actually made; Guangdong's total payment released by score; monthly netting of O; Harbin's stated
// reasonable overspend, growth-cap bases and failed indicators.
//
// Every expected figure is worked by hand from the rules in the comment above it (exact products in
// fen, rounded half away from zero), never copied from the program's output.
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

// An alliance with its actuals O and I (yuan).
mb::alliance_input alliance(std::string id, std::string_view O, std::string_view I) {
  mb::alliance_input a = budget_fixtures::alliance(std::move(id));
  a.actuals = mb::alliance_actuals{};
  a.actuals->out_of_alliance_local = Y(O);
  a.actuals->in_alliance_local = Y(I);
  return a;
}

mb::alliance_statement settle_first(const mb::case_input& c) { return mb::settle_year(c).funds.at(0).alliances.at(0); }


const mb::line* find_line(const mb::alliance_statement& a, std::string_view key) {
  for (const mb::line& l : a.lines)
    if (l.key == key) return &l;
  return nullptr;
}

void set_option(mb::case_input& c, const char* name, mb::parameter_value v) { c.pol = mb::with_overrides(c.pol, {{name, v}}); }

// ---- Harbin fixture (as in ledger_test): B' = 950000.09 ------------------------------------------
// E_2023 = 1000000.10 in band 0-17 (1000 insured): X = 1000000.10, K = round(50000.005) = 50000.01,
// R = B = B' = 950000.09; advance = round(95000009 fen / 12) = 7916667 fen = 79166.67;
// 15% band = round(14250001.35 fen) = 142500.01; growth cap round(B' × 6%) = round(5700000.54) = 57000.01.
mb::case_input harbin(std::string_view O, std::string_view I, std::optional<bool> met = true,
                      std::optional<const char*> ratio = "0.5", std::optional<const char*> g = "0.06") {
  mb::fund_input f;
  f.insutype = "390";
  f.inputs.first_year = false;
  f.inputs.history = {{2023, {Y("1000000.10"), fen{}, fen{}, fen{}, fen{}}}};
  f.inputs.insured_budget_by_band = mb::band_counts{1000, 0, 0, 0, 0};
  if (ratio) f.situation.overspend_share_ratio = R(*ratio);
  if (g) f.situation.city_avg_growth_rate = R(*g);
  mb::alliance_input a = alliance("YL01", O, I);
  a.perf.indicators_met = met;
  f.alliances.push_back(a);
  return make_case(mb::preset("harbin"), f);
}

// ================================================================================================
// NL: paid at actuals, cleared at the year end
// ================================================================================================
// O 300000, I 600000: S = 950000.09 − 900000 = 50000.09 ≤ 142500.01, all retained;
// entitlement = 950000.09 − 300000 = 650000.09; scheduled = I + advance = 679166.67;
// budget clearing = 650000.09 − 679166.67 = −29166.58.
TEST(LedgerPassThrough, NonlocalPaidInFullClearsZero) {
  mb::case_input c = harbin("300000.00", "600000.00");
  c.funds[0].alliances[0].actuals->in_alliance_nonlocal = Y("100000.00");
  const mb::alliance_statement a = settle_first(c);
  EXPECT_EQ(a.paid_during_year, Y("679166.67"));
  EXPECT_EQ(a.budget_clearing, Y("-29166.58"));
  EXPECT_EQ(a.nonlocal_paid_during_year, Y("100000.00"));  // default NL_paid = NL
  EXPECT_EQ(a.nonlocal_clearing, Y("0.00"));
  EXPECT_EQ(a.unattributed_local, Y("0.00"));
  EXPECT_EQ(a.unattributed_clearing, Y("0.00"));
  EXPECT_EQ(a.year_end_payment, Y("-29166.58"));
  EXPECT_FALSE(a.paid_vs_schedule_difference.has_value());
  const mb::line* l = find_line(a, "year_end_payment");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->formula, "budget clearing + pass-through clearings");
  EXPECT_EQ(l->figures, "-29166.58 + 0.00 + 0.00 = -29166.58");
  const mb::line* nl = find_line(a, "nonlocal_clearing");
  ASSERT_NE(nl, nullptr);
  EXPECT_EQ(nl->clause, "哈医保规〔2022〕2号 五(一)3(3) 并清算拨付非属地参保人员在医共体内就医费用");
}

TEST(LedgerPassThrough, NonlocalUnderpaidAndOverpaid) {
  mb::case_input c = harbin("300000.00", "600000.00");
  c.funds[0].alliances[0].actuals->in_alliance_nonlocal = Y("100000.00");
  // NL_paid 80000.50: clearing 100000 − 80000.50 = 19999.50; payment −29166.58 + 19999.50 = −9167.08
  c.funds[0].alliances[0].actuals->in_alliance_nonlocal_paid = Y("80000.50");
  mb::alliance_statement a = settle_first(c);
  EXPECT_EQ(a.nonlocal_clearing, Y("19999.50"));
  EXPECT_EQ(a.budget_clearing, Y("-29166.58"));  // NL never enters the budget part
  EXPECT_EQ(a.year_end_payment, Y("-9167.08"));
  // NL_paid 120000.00: clearing −20000.00 (recovered); payment −29166.58 − 20000 = −49166.58
  c.funds[0].alliances[0].actuals->in_alliance_nonlocal_paid = Y("120000.00");
  a = settle_first(c);
  EXPECT_EQ(a.nonlocal_clearing, Y("-20000.00"));
  EXPECT_EQ(a.year_end_payment, Y("-49166.58"));
  EXPECT_EQ(a.balance, Y("50000.09"));  // nor the balance
}

// ================================================================================================
// U by unattributed_local
// ================================================================================================
TEST(LedgerPassThrough, UnattributedErrorNamesFundAllianceAmountAndParameter) {
  mb::case_input c = harbin("300000.00", "600000.00");
  c.funds[0].alliances[0].actuals->unattributed_local = Y("1131829.74");
  EXPECT_EQ(error_text([&] { (void)mb::settle_year(c); }),
            "funds[0].alliances[0]: 1131829.74 of spend by local insured of no alliance at YL01's members "
            "(actuals.unattributed_local); set policy_overrides.unattributed_local to by_institution or pass_through");
  c.funds[0].alliances[0].actuals->unattributed_from_records = true;
  EXPECT_EQ(error_text([&] { (void)mb::settle_year(c); }),
            "funds[0].alliances[0]: 1131829.74 of spend by local insured of no alliance at YL01's members "
            "(records); set policy_overrides.unattributed_local to by_institution or pass_through");
  // Zero U is no error under the preset.
  c.funds[0].alliances[0].actuals->unattributed_local = fen{};
  EXPECT_EQ(settle_first(c).year_end_payment, Y("-29166.58"));
}

TEST(LedgerPassThrough, UnattributedByInstitutionCountsInI) {
  mb::case_input c = harbin("300000.00", "600000.00");
  set_option(c, "unattributed_local", mb::choice{"by_institution"});
  c.funds[0].alliances[0].actuals->unattributed_local = Y("40000.00");
  const mb::alliance_statement a = settle_first(c);
  // I + U = 640000; S = 950000.09 − 300000 − 640000 = 10000.09, all retained
  EXPECT_EQ(a.balance, Y("10000.09"));
  EXPECT_EQ(a.retained_surplus, Y("10000.09"));
  EXPECT_EQ(a.entitlement, Y("650000.09"));
  // scheduled = 640000 + 79166.67 = 719166.67; clearing = 650000.09 − 719166.67 = −69166.58
  EXPECT_EQ(a.paid_during_year, Y("719166.67"));
  EXPECT_EQ(a.budget_clearing, Y("-69166.58"));
  EXPECT_EQ(a.unattributed_local, Y("40000.00"));
  EXPECT_EQ(a.unattributed_clearing, Y("0.00"));
  EXPECT_EQ(a.year_end_payment, Y("-69166.58"));
  const mb::line* l = find_line(a, "in_alliance_local");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->amount, "640000.00");
  EXPECT_EQ(l->formula, "I_attributed + U");
  EXPECT_EQ(find_line(a, "unattributed_clearing"), nullptr);
}

TEST(LedgerPassThrough, UnattributedPassThroughClearsBesideTheBudget) {
  mb::case_input c = harbin("300000.00", "600000.00");
  set_option(c, "unattributed_local", mb::choice{"pass_through"});
  c.funds[0].alliances[0].actuals->unattributed_local = Y("40000.00");
  c.funds[0].alliances[0].actuals->unattributed_local_paid = Y("30000.00");
  const mb::alliance_statement a = settle_first(c);
  // U outside S: S = 50000.09, budget clearing −29166.58 as without U
  EXPECT_EQ(a.balance, Y("50000.09"));
  EXPECT_EQ(a.budget_clearing, Y("-29166.58"));
  // clearing U − U_paid = 10000.00; payment −29166.58 + 0 + 10000 = −19166.58
  EXPECT_EQ(a.unattributed_local, Y("40000.00"));
  EXPECT_EQ(a.unattributed_clearing, Y("10000.00"));
  EXPECT_EQ(a.year_end_payment, Y("-19166.58"));
  ASSERT_NE(find_line(a, "unattributed_local"), nullptr);
  const mb::line* paid = find_line(a, "unattributed_paid_during_year");
  ASSERT_NE(paid, nullptr);
  EXPECT_EQ(paid->amount, "30000.00");
  const mb::line* l = find_line(a, "unattributed_clearing");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->figures, "40000.00 − 30000.00 = 10000.00");
  EXPECT_EQ(l->clause, "local default (the notices assume every local insured belongs to an alliance)");
  // U_paid absent: paid in full, clearing 0
  c.funds[0].alliances[0].actuals->unattributed_local_paid.reset();
  EXPECT_EQ(settle_first(c).unattributed_clearing, Y("0.00"));
}

// ================================================================================================
// payments actually made
// ================================================================================================
TEST(LedgerPassThrough, PaymentsMadeWithANegativeMonth) {
  mb::case_input c = harbin("300000.00", "600000.00");
  mb::payments_made made;
  made.advance = Y("79166.67");
  made.monthly = std::vector<fen>(11, Y("50000.00"));
  made.monthly.push_back(Y("-10000.00"));
  c.funds[0].alliances[0].actuals->payments_made = made;
  const mb::alliance_statement a = settle_first(c);
  // paid = 79166.67 + 11 × 50000 − 10000 = 619166.67; scheduled 679166.67; difference −60000.00
  EXPECT_EQ(a.paid_during_year, Y("619166.67"));
  ASSERT_TRUE(a.paid_vs_schedule_difference.has_value());
  EXPECT_EQ(*a.paid_vs_schedule_difference, Y("-60000.00"));
  // clearing = 650000.09 − 619166.67 = 30833.42
  EXPECT_EQ(a.budget_clearing, Y("30833.42"));
  EXPECT_EQ(a.year_end_payment, Y("30833.42"));
  const mb::line* l = find_line(a, "paid_vs_schedule_difference");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->clause, "哈医保规〔2022〕2号 五(一)3(3) 抵扣预付周转金后…多退少补");
}

mb::case_input sanming(std::string_view O, std::string_view I) {
  // B = 1234.57 × 10000 = 12345700.00; installments total = B (rate 1)
  mb::fund_input f;
  f.insutype = "390";
  f.inputs.per_capita_package = Y("1234.57");
  mb::alliance_input a = alliance("S1", O, I);
  a.insured = 10000;
  f.alliances.push_back(a);
  return make_case(mb::preset("sanming"), f);
}

TEST(LedgerPassThrough, PaymentsMadeAdvanceDefaultsToZero) {
  mb::case_input c = sanming("1000000.00", "10000000.00");
  mb::payments_made made;
  made.monthly = std::vector<fen>(12, Y("1000000.00"));
  c.funds[0].alliances[0].actuals->payments_made = made;
  const mb::alliance_statement a = settle_first(c);
  // paid = 12 × 1000000 = 12000000; scheduled Q = 12345700; difference −345700.00
  EXPECT_EQ(a.paid_during_year, Y("12000000.00"));
  EXPECT_EQ(*a.paid_vs_schedule_difference, Y("-345700.00"));
  // entitlement = 12345700 − 1000000 = 11345700; clearing = 11345700 − 12000000 = −654300.00
  EXPECT_EQ(a.budget_clearing, Y("-654300.00"));
  EXPECT_EQ(find_line(a, "paid_vs_schedule_difference")->clause, "明医保函〔2024〕13号 一 打包支付 (local default)");
}

// ================================================================================================
// monthly netting of O (Sanming), with a negative net month
// ================================================================================================
// Installments: 1234570000 fen / 12 = 102880833 rem 4: months 1–4 1028808.34, 5–12 1028808.33.
// O = 3000000: Jan 1500000, Feb–Apr 500000 each, May–Dec 0.
mb::case_input sanming_netted() {
  mb::case_input c = sanming("3000000.00", "10000000.00");
  set_option(c, "out_of_alliance_netting", mb::choice{"monthly"});
  mb::monthly_actuals m;
  m.out_of_alliance_local = {Y("1500000.00"), Y("500000.00"), Y("500000.00"), Y("500000.00")};
  m.out_of_alliance_local.resize(12, fen{});
  m.in_alliance_local = std::vector<fen>(11, Y("833333.33"));
  m.in_alliance_local.push_back(Y("833333.37"));  // 11 × 833333.33 + 833333.37 = 10000000
  c.funds[0].alliances[0].actuals->monthly = m;
  return c;
}

TEST(LedgerPassThrough, MonthlyNettingNegativeMonth) {
  const mb::alliance_statement a = settle_first(sanming_netted());
  // net: Jan 1028808.34 − 1500000 = −471191.66; Feb–Apr 528808.34; May–Dec 1028808.33
  ASSERT_EQ(a.net_installments.size(), 12u);
  EXPECT_EQ(a.net_installments[0], Y("-471191.66"));
  EXPECT_EQ(a.net_installments[1], Y("528808.34"));
  EXPECT_EQ(a.net_installments[3], Y("528808.34"));
  EXPECT_EQ(a.net_installments[4], Y("1028808.33"));
  EXPECT_EQ(a.net_installments[11], Y("1028808.33"));
  EXPECT_EQ(*a.out_of_alliance_netted, Y("3000000.00"));
  // scheduled = Q − O = 12345700 − 3000000 = 9345700 (= −471191.66 + 3 × 528808.34 + 8 × 1028808.33)
  EXPECT_EQ(a.paid_during_year, Y("9345700.00"));
  // entitlement unchanged: B − O = 9345700 (overspend not shared); the year end takes nothing back
  EXPECT_EQ(a.entitlement, Y("9345700.00"));
  EXPECT_EQ(a.year_end_payment, Y("0.00"));
  const mb::line* l = find_line(a, "net_installments");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->amount, "9345700.00");
  EXPECT_EQ(find_line(a, "out_of_alliance_netted")->clause,
            "明医保函〔2024〕13号 一 钱随人走 (deduction of O: reading; timing: local default)");
  // The preset (year_end): installments in full, the year end takes O back.
  const mb::alliance_statement y = settle_first(sanming("3000000.00", "10000000.00"));
  EXPECT_EQ(y.paid_during_year, Y("12345700.00"));
  EXPECT_EQ(y.year_end_payment, Y("-3000000.00"));
  EXPECT_TRUE(y.net_installments.empty());
}

TEST(LedgerPassThrough, MonthlyNettingShowsInTheSchedule) {
  const mb::payment_schedule s = mb::schedule_year(sanming_netted(), mb::national_calendar());
  const mb::alliance_schedule& a = s.funds.at(0).alliances.at(0);
  ASSERT_EQ(a.payments.size(), 13u);  // 12 installments, the year end
  EXPECT_EQ(*a.payments[0].amount, Y("-471191.66"));
  EXPECT_EQ(*a.payments[11].amount, Y("1028808.33"));
  EXPECT_EQ(*a.payments[12].amount, Y("0.00"));
}

TEST(LedgerPassThrough, MonthlyNettingMonitored) {
  // Whole year: the projection is the settlement (payment 0.00, as in MonthlyNettingNegativeMonth).
  const mb::monitor_report whole = mb::monitor_year(sanming_netted(), mb::national_calendar(), 12);
  const mb::alliance_monitor& w = whole.funds.at(0).alliances.at(0);
  ASSERT_TRUE(w.projected.has_value());
  EXPECT_EQ(w.projected->year_end_payment, Y("0.00"));
  EXPECT_EQ(w.projected->net_installments, settle_first(sanming_netted()).net_installments);
  // Through June: O so far 3000000 → projected round(3000000 × 12 / 6) = 6000000; the 3000000 still to
  // come spread over Jul–Dec, 500000 each: July's net = 1028808.33 − 500000 = 528808.33.
  // entitlement = 12345700 − 6000000 = 6345700 = Q − O scheduled: payment 0.00.
  const mb::monitor_report june = mb::monitor_year(sanming_netted(), mb::national_calendar(), 6);
  const mb::alliance_monitor& j = june.funds.at(0).alliances.at(0);
  ASSERT_TRUE(j.projected.has_value());
  EXPECT_EQ(*j.projected->out_of_alliance_netted, Y("6000000.00"));
  EXPECT_EQ(j.projected->net_installments.at(6), Y("528808.33"));
  EXPECT_EQ(j.projected->year_end_payment, Y("0.00"));
  // The June schedule nets the months observed: January 1028808.34 − 1500000 = −471191.66.
  EXPECT_EQ(*j.by_month.at(0).payment->amount, Y("-471191.66"));
}

TEST(LedgerPassThrough, MonthlyNettingNeedsTheMonthsOfO) {
  mb::case_input c = sanming("3000000.00", "10000000.00");
  set_option(c, "out_of_alliance_netting", mb::choice{"monthly"});
  EXPECT_EQ(error_text([&] { (void)mb::settle_year(c); }),
            "funds[0].alliances[0].actuals.monthly.out_of_alliance_local: missing: the 12 months of O, required "
            "under out_of_alliance_netting monthly");
}

// ================================================================================================
// Guangdong: the total payment not pre-paid, released by score
// ================================================================================================
// V = 12345678.91: A = 246913.58, K = 987654.31, B = T = 11111111.02, Q = 8888888.82;
// U_a = 11111111.02 − 8888888.82 = 2222222.20.
mb::case_input guangdong(std::string_view O, std::string_view I, const char* score) {
  mb::fund_input f;
  f.insutype = "390";
  f.inputs.fund_revenue = Y("12345678.91");
  mb::alliance_input a = alliance("G1", O, I);
  a.share = R("1");
  a.perf.score = R(score);
  f.alliances.push_back(a);
  mb::case_input c = make_case(mb::preset("guangdong_yangxi"), f);
  return c;
}

TEST(LedgerPassThrough, GuangdongNeutralTableReleasesAll) {
  const mb::alliance_statement a = settle_first(guangdong("1000000.00", "9000000.00", "90"));
  EXPECT_EQ(*a.unpaid_total_payment, Y("2222222.20"));
  EXPECT_EQ(*a.total_payment_release, Y("2222222.20"));
  EXPECT_EQ(*a.performance_withhold, Y("0.00"));
  // revision 2's figure stands: entitlement = 11111111.02 − 1000000 + 987654.31 = 11098765.33
  EXPECT_EQ(a.entitlement, Y("11098765.33"));
}

TEST(LedgerPassThrough, GuangdongReleaseTableTiersAtTheirThresholds) {
  const mb::threshold_table table{{{R("90"), R("1")}, {R("80"), R("0.5")}, {R("0"), R("0")}}};
  struct row {
    const char* score;
    const char* release;      // round(table(score) × 222222220 fen)
    const char* withhold;     // U − release
    const char* entitlement;  // 10111111.02 + reserve release(score) − withhold
  };
  // reserve release (preset table): ≥ 90 987654.31; ≥ 80 790123.45; ≥ 70 493827.16
  const row rows[] = {
      {"90", "2222222.20", "0.00", "11098765.33"},                // 10111111.02 + 987654.31
      {"89.99", "1111111.10", "1111111.10", "9790123.37"},        // 10111111.02 + 790123.45 − 1111111.10
      {"80", "1111111.10", "1111111.10", "9790123.37"},
      {"79.99", "0.00", "2222222.20", "8382715.98"},              // 10111111.02 + 493827.16 − 2222222.20
  };
  for (const row& r : rows) {
    mb::case_input c = guangdong("1000000.00", "9000000.00", r.score);
    set_option(c, "total_payment_release_table", table);
    const mb::alliance_statement a = settle_first(c);
    EXPECT_EQ(*a.total_payment_release, Y(r.release)) << r.score;
    EXPECT_EQ(*a.performance_withhold, Y(r.withhold)) << r.score;
    EXPECT_EQ(a.entitlement, Y(r.entitlement)) << r.score;
    EXPECT_EQ(a.retained_surplus, Y("1111111.02")) << r.score;  // the corridor does not see the withhold
  }
}

TEST(LedgerPassThrough, GuangdongWithholdAfterTheCorridorNotShared) {
  mb::case_input c = guangdong("2000000.00", "9611111.02", "79.99");
  set_option(c, "total_payment_release_table", mb::threshold_table{{{R("80"), R("1")}, {R("0"), R("0")}}});
  const mb::alliance_statement a = settle_first(c);
  // S = −500000; fund share = min(round(0.5 × 500000), A 246913.58) = 246913.58, unchanged by the withhold
  EXPECT_EQ(a.balance, Y("-500000.00"));
  EXPECT_EQ(a.fund_overspend_share, Y("246913.58"));
  EXPECT_EQ(*a.performance_withhold, Y("2222222.20"));
  // entitlement = 11111111.02 − 2000000 + 246913.58 + 493827.16 − 2222222.20 = 7629629.56
  EXPECT_EQ(a.entitlement, Y("7629629.56"));
  // paid = Q = 8888888.82; payment = 7629629.56 − 8888888.82 = −1259259.26
  EXPECT_EQ(a.year_end_payment, Y("-1259259.26"));
}

TEST(LedgerPassThrough, GuangdongOnlyFields) {
  const mb::alliance_statement a = settle_first(harbin("300000.00", "600000.00"));
  EXPECT_FALSE(a.unpaid_total_payment.has_value());
  EXPECT_FALSE(a.performance_withhold.has_value());
  EXPECT_EQ(find_line(a, "performance_withhold"), nullptr);
}

// ================================================================================================
// Harbin: stated reasonable overspend, growth-cap bases, indicators not met
// ================================================================================================
TEST(LedgerPassThrough, HarbinReasonableOverspendBindingOrNot) {
  // O 300000, I 700000.09: D = 1000000.09 − 950000.09 = 50000.00
  mb::case_input c = harbin("300000.00", "700000.09");
  // not stated: band = min(50000, 142500.01) = 50000 → share 25000.00 (< cap 57000.01)
  EXPECT_EQ(settle_first(c).fund_overspend_share, Y("25000.00"));
  EXPECT_EQ(find_line(settle_first(c), "reasonable_overspend"), nullptr);
  // stated 30000: band = min(50000, 142500.01, 30000) = 30000 → 15000.00; burden 35000.00
  c.funds[0].alliances[0].actuals->reasonable_overspend = Y("30000.00");
  mb::alliance_statement a = settle_first(c);
  EXPECT_EQ(a.fund_overspend_share, Y("15000.00"));
  EXPECT_EQ(a.alliance_overspend_burden, Y("35000.00"));
  const mb::line* l = find_line(a, "reasonable_overspend");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->amount, "30000.00");
  EXPECT_EQ(l->figures, "min(50000.00, 142500.01, 30000.00) = 30000.00");
  // stated 80000 > D: not binding, share 25000.00
  c.funds[0].alliances[0].actuals->reasonable_overspend = Y("80000.00");
  EXPECT_EQ(settle_first(c).fund_overspend_share, Y("25000.00"));
  // D = 200000 (I 850000.09), stated 160000: band = min(200000, 142500.01, 160000) = 142500.01;
  // share round(0.5 × 14250001 fen) = 7125001 fen = 71250.01 > cap 57000.01 → 57000.01
  mb::case_input d = harbin("300000.00", "850000.09");
  d.funds[0].alliances[0].actuals->reasonable_overspend = Y("160000.00");
  a = settle_first(d);
  EXPECT_EQ(a.fund_overspend_share, Y("57000.01"));
  EXPECT_EQ(a.alliance_overspend_burden, Y("142999.99"));
  // A surplus shows no reasonable_overspend line even when stated.
  mb::case_input s = harbin("300000.00", "600000.00");
  s.funds[0].alliances[0].actuals->reasonable_overspend = Y("30000.00");
  EXPECT_EQ(find_line(settle_first(s), "reasonable_overspend"), nullptr);
}

TEST(LedgerPassThrough, HarbinGrowthCapFinalBudgetLine) {
  // D = 200000: band 142500.01 → share 71250.01; cap round(950000.09 × 6%) = 57000.01 binds
  const mb::alliance_statement a = settle_first(harbin("300000.00", "850000.09"));
  EXPECT_EQ(a.fund_overspend_share, Y("57000.01"));
  const mb::line* l = find_line(a, "growth_cap");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->amount, "57000.01");
  EXPECT_EQ(l->formula, "round(B' × g)");
  EXPECT_EQ(l->clause,
            "哈医保规〔2022〕2号 五(一)3(3) 原则上最高不超过全市医保决算认可的平均增长率确定的医保基金补偿额 (basis: local default)");
}

TEST(LedgerPassThrough, HarbinGrowthCapPriorSpendGrowth) {
  mb::case_input c = harbin("300000.00", "850000.09");
  set_option(c, "growth_cap_basis", mb::choice{"prior_spend_growth"});
  // One alliance, no prior_year_spend: P = Σ_b E_2023,b = 1000000.10;
  // round(1000000.10 × 1.06) = round(106000010.6 fen) = 1060000.11; cap = 1060000.11 − 950000.09 = 110000.02
  // share 71250.01 < cap → fund 71250.01; burden 200000 − 71250.01 = 128749.99
  mb::alliance_statement a = settle_first(c);
  EXPECT_EQ(a.fund_overspend_share, Y("71250.01"));
  EXPECT_EQ(a.alliance_overspend_burden, Y("128749.99"));
  EXPECT_EQ(find_line(a, "growth_cap")->amount, "110000.02");
  EXPECT_EQ(find_line(a, "growth_cap")->formula, "max(0, round(P × (1 + g)) − B')");
  // prior_year_spend 900000: round(954000.00) − 950000.09 = 3999.91 → fund 3999.91
  c.funds[0].alliances[0].prior_year_spend = Y("900000.00");
  EXPECT_EQ(settle_first(c).fund_overspend_share, Y("3999.91"));
  // prior_year_spend 800000: 848000 − 950000.09 < 0 → cap 0 → fund 0, burden all of D
  c.funds[0].alliances[0].prior_year_spend = Y("800000.00");
  a = settle_first(c);
  EXPECT_EQ(a.fund_overspend_share, Y("0.00"));
  EXPECT_EQ(a.alliance_overspend_burden, Y("200000.00"));
}

TEST(LedgerPassThrough, HarbinPriorSpendRequiredWithSeveralAlliances) {
  // Two alliances on 500 insured each: Bex = 475000.045 each; apportion(950000.09) → 475000.05, 475000.04.
  mb::case_input c = harbin("300000.00", "400000.00");
  mb::fund_input& f = c.funds[0];
  f.alliances[0].insured_budget_by_band = mb::band_counts{500, 0, 0, 0, 0};
  mb::alliance_input second = alliance("YL02", "0.00", "0.00");
  second.insured_budget_by_band = mb::band_counts{500, 0, 0, 0, 0};
  second.perf.indicators_met = true;
  f.alliances.push_back(second);
  set_option(c, "growth_cap_basis", mb::choice{"prior_spend_growth"});
  // YL01: S = 475000.05 − 700000 < 0, indicators met, ratio 0.5: the cap needs P_a
  EXPECT_EQ(error_text([&] { (void)mb::settle_year(c); }),
            "funds[0].alliances[0].prior_year_spend: missing: last year's pooled spend of the alliance's local "
            "insured (growth_cap_basis prior_spend_growth, required with several alliances)");
  c.funds[0].alliances[0].prior_year_spend = Y("500000.00");
  // D = 224999.95; band round(0.15 × 47500005 fen) = round(7125000.75) = 71250.01 → share round(3562500.5 fen)
  // = 35625.01; cap = round(500000 × 1.06) − 475000.05 = 530000 − 475000.05 = 54999.95 → fund 35625.01
  EXPECT_EQ(settle_first(c).fund_overspend_share, Y("35625.01"));
}

TEST(LedgerPassThrough, HarbinIndicatorsNotMet) {
  // D = 200000, indicators not met: fund share 0, ratio and g not required, no growth_cap line
  const mb::alliance_statement a = settle_first(harbin("300000.00", "850000.09", false, std::nullopt, std::nullopt));
  EXPECT_EQ(a.fund_overspend_share, Y("0.00"));
  EXPECT_EQ(a.alliance_overspend_burden, Y("200000.00"));
  EXPECT_EQ(find_line(a, "growth_cap"), nullptr);
  // entitlement = 950000.09 − 300000 = 650000.09; paid = 850000.09 + 79166.67 = 929166.76;
  // payment = −279166.67
  EXPECT_EQ(a.year_end_payment, Y("-279166.67"));
}

// Hunan needs the score only on a surplus.
TEST(LedgerPassThrough, HunanOverspendNeedsNoScore) {
  mb::fund_input f;
  f.insutype = "310";
  f.inputs.expenditure_budget = Y("12000000.00");
  f.alliances.push_back(alliance("H1", "1000000.00", "11300000.00"));
  // S = 12000000 − 12300000 = −300000; no force majeure: the alliance bears all
  const mb::alliance_statement a = settle_first(make_case(mb::preset("hunan"), f));
  EXPECT_EQ(a.alliance_overspend_burden, Y("300000.00"));
}

// Hunan: on a surplus (S ≥ 0) the score is required, S = 0 included (retention needs its ratio).
TEST(LedgerPassThrough, HunanBreakEvenNeedsTheScore) {
  mb::fund_input f;
  f.insutype = "310";
  f.inputs.expenditure_budget = Y("12000000.00");
  f.alliances.push_back(alliance("H1", "1000000.00", "11000000.00"));  // S = 12000000 − 12000000 = 0
  EXPECT_EQ(error_text([&] { (void)mb::settle_year(make_case(mb::preset("hunan"), f)); }),
            "funds[0].alliances[0].performance.score: missing: the performance score sets the share of this band");
}

}  // namespace
