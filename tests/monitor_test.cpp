// In-year monitoring: figures worked by hand (in the comments), the projection settled by the same
// ledger as settle, the warning levels of each policy, the chart, and the errors.
#include <gtest/gtest.h>

#include <string>

#include "medbudget/error.hpp"
#include "medbudget/io/calendar_json.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/io/render.hpp"
#include "medbudget/monitor.hpp"
#include "medbudget/settle.hpp"

namespace {

using medbudget::fen;
using medbudget::warning_level;

std::string src(const std::string& rel) { return std::string(MEDBUDGET_SOURCE_DIR) + "/" + rel; }

medbudget::case_input load(const std::string& rel) {
  return medbudget::load_case(medbudget::read_file(src(rel)), rel, src("examples/cases")).value;
}

// Every month the same I and O, n months.
void set_months(medbudget::case_input& c, std::size_t a, const char* i, const char* o, int n) {
  auto& al = c.funds[0].alliances[a];
  if (!al.actuals) al.actuals = medbudget::alliance_actuals{};
  medbudget::monthly_actuals m;
  m.in_alliance_local.assign(static_cast<std::size_t>(n), fen::parse(i));
  m.out_of_alliance_local.assign(static_cast<std::size_t>(n), fen::parse(o));
  al.actuals->monthly = m;
}

const medbudget::alliance_monitor& first(const medbudget::monitor_report& r) { return r.funds[0].alliances[0]; }

TEST(Monitor, HarbinSurplusPaceHandWorked) {
  const auto c = load("tests/data/schedule/harbin-june.case.json");  // 6 months of I 8,230,452.67, O 3,045,267.58
  const auto r = medbudget::monitor_year(c, medbudget::national_calendar(), 6);
  const auto& a = first(r);
  EXPECT_EQ(a.final_budget.str(), "137792253.15");  // B' of harbin-surplus.expected.json
  ASSERT_EQ(a.by_month.size(), 6u);
  // B' / 12 = 11,482,687.7625: months 1–3 get 11,482,687.77 (the 3 leftover fen), 4–12 get .76.
  EXPECT_EQ(a.by_month[0].cumulative_budget.str(), "11482687.77");
  EXPECT_EQ(a.by_month[5].cumulative_budget.str(), "68896126.59");  // 3 × .77 + 3 × .76
  EXPECT_EQ(a.by_month[5].cumulative_spend.str(), "67654321.50");   // 6 × 11,275,720.25
  EXPECT_EQ(a.by_month[5].variance.str(), "1241805.09");
  // Run rate: I 49,382,716.02 × 12 / 6 = 98,765,432.04; O 18,271,605.48 × 2 = 36,543,210.96.
  EXPECT_EQ(a.projected_in_alliance.str(), "98765432.04");
  EXPECT_EQ(a.projected_out_of_alliance.str(), "36543210.96");
  // S = 137,792,253.15 − 36,543,210.96 − 98,765,432.04 = 2,483,610.15: a surplus.
  EXPECT_EQ(a.projected_balance.str(), "2483610.15");
  EXPECT_EQ(a.level, warning_level::none);
  ASSERT_TRUE(a.projected);
  // Retained min(S, round(15% × B') = 20,668,837.97) = S; entitlement = B' − O = 101,249,042.19;
  // paid = I + advance 11,431,217.03 = 110,196,649.07; year end −8,947,606.88.
  EXPECT_EQ(a.projected->retained_surplus.str(), "2483610.15");
  EXPECT_EQ(a.projected->year_end_payment.str(), "-8947606.88");
  EXPECT_FALSE(a.performance_assumed);
  // The months' payments: Harbin's claims declared on the 10th, no deadline in the notice.
  ASSERT_TRUE(a.by_month[0].payment);
  EXPECT_EQ(a.by_month[0].payment->amount->str(), "8230452.67");
  EXPECT_FALSE(a.by_month[0].payment->due);
}

TEST(Monitor, HarbinOverspendBeyondTheBandIsAnAlert) {
  const auto c = load("tests/data/schedule/harbin-september-overspend.case.json");  // 9 × (10.5 M, 3.9 M)
  const auto r = medbudget::monitor_year(c, medbudget::national_calendar(), 9);
  const auto& a = first(r);
  // I 94.5 M × 12 / 9 = 126 M; O 35.1 M → 46.8 M; S = 137,792,253.15 − 172.8 M = −35,007,746.85.
  EXPECT_EQ(a.projected_balance.str(), "-35007746.85");
  // Band: round(15% × 137,792,253.15) = 20,668,837.97 < D: the alliance alone bears 14,338,908.88.
  EXPECT_EQ(a.level, warning_level::alert);
  EXPECT_NE(a.warning_zh.find("14338908.88"), std::string::npos) << a.warning_zh;
  // Fund share min(round(0.5 × 20,668,837.97) = 10,334,418.99, round(6% × B') = 8,267,535.19);
  // entitlement = 137,792,253.15 − 46,800,000 + 8,267,535.19 = 99,259,788.34;
  // paid = 126,000,000 + 11,431,217.03; year end = −38,171,428.69.
  ASSERT_TRUE(a.projected);
  EXPECT_EQ(a.projected->fund_overspend_share.str(), "8267535.19");
  EXPECT_EQ(a.projected->year_end_payment.str(), "-38171428.69");
  // Edges: surplus B' − 20,668,837.97 = 117,123,415.18; overspend B' + 20,668,837.97 = 158,461,091.12.
  ASSERT_EQ(a.edges.size(), 2u);
  EXPECT_EQ(a.edges[0].spend.str(), "117123415.18");
  EXPECT_EQ(a.edges[1].spend.str(), "158461091.12");
  EXPECT_TRUE(a.edges[1].fund_shares);
}

TEST(Monitor, HarbinOverspendInsideTheBandIsWatch) {
  auto c = load("tests/data/schedule/harbin-june.case.json");
  set_months(c, 0, "9000000.00", "3000000.00", 9);  // 108 M + 36 M projected
  const auto r = medbudget::monitor_year(c, medbudget::national_calendar(), 9);
  const auto& a = first(r);
  EXPECT_EQ(a.projected_balance.str(), "-6207746.85");  // 137,792,253.15 − 144,000,000
  EXPECT_EQ(a.level, warning_level::watch);            // 6,207,746.85 ≤ 20,668,837.97
}

TEST(Monitor, TheWholeYearProjectsToTheSettlement) {
  const auto c = load("tests/data/schedule/harbin-monthly.case.json");
  const auto r = medbudget::monitor_year(c, medbudget::national_calendar(), 12);
  const auto& a = first(r);
  EXPECT_EQ(a.projected_in_alliance.str(), "98765432.10");  // the case's I: no extrapolation
  ASSERT_TRUE(a.projected);
  EXPECT_EQ(a.projected->year_end_payment.str(), "-8947606.96");  // harbin-surplus.expected.json
  EXPECT_EQ(a.projected->year_end_payment, medbudget::settle_year(c).funds[0].alliances[0].year_end_payment);
}

TEST(Monitor, SanmingSharesNoOverspend) {
  auto c = load("examples/cases/sanming-package.case.json");
  set_months(c, 0, "12000000.00", "4000000.00", 9);  // 144 M + 48 M = 192 M projected
  const auto r = medbudget::monitor_year(c, medbudget::national_calendar(), 9);
  const auto& a = first(r);
  EXPECT_EQ(a.projected_balance.str(), "-11205729.25");  // 180,794,270.75 − 192,000,000
  EXPECT_EQ(a.level, warning_level::alert);               // 超支不补
  // Installments are dated: September's on 2024-09-02 (09-01 is a Sunday).
  ASSERT_TRUE(a.by_month[8].payment);
  EXPECT_EQ(medbudget::format_date(*a.by_month[8].payment->due), "2024-09-02");
}

TEST(Monitor, GuangdongSharesTheWholeReasonableOverspend) {
  auto c = load("examples/cases/guangdong-surplus.case.json");
  set_months(c, 0, "24000000.00", "6000000.00", 9);  // 288 M + 72 M = 360 M
  const auto under = medbudget::monitor_year(c, medbudget::national_calendar(), 9);
  EXPECT_EQ(first(under).projected_balance.str(), "11111111.02");  // 371,111,111.02 − 360,000,000
  EXPECT_EQ(first(under).level, warning_level::none);
  set_months(c, 0, "25000000.00", "7000000.00", 9);  // 300 M + 84 M = 384 M
  const auto r = medbudget::monitor_year(c, medbudget::national_calendar(), 9);
  const auto& a = first(r);
  EXPECT_EQ(a.projected_balance.str(), "-12888888.98");
  EXPECT_EQ(a.level, warning_level::watch);  // no reasonable amount stated: all of D is in the shared band
}

TEST(Monitor, HunanSharesOnlyForceMajeure) {
  auto c = load("examples/cases/hunan-two-alliances.case.json");
  set_months(c, 0, "16000000.00", "4000000.00", 9);  // 192 M + 48 M = 240 M
  set_months(c, 1, "20000000.00", "2000000.00", 9);
  const auto r = medbudget::monitor_year(c, medbudget::national_calendar(), 9);
  const auto& a = first(r);
  EXPECT_EQ(a.projected_balance.str(), "-11570000.00");  // 228,430,000.00 − 240,000,000 (revision 3 budget)
  EXPECT_EQ(a.level, warning_level::alert);
  // Hunan's claims are due 30 working days after the 10th: January's on 2024-03-28.
  EXPECT_EQ(medbudget::format_date(*a.by_month[0].payment->due), "2024-03-28");
}

TEST(Monitor, UnassessedPerformanceIsAssumedAndSaid) {
  auto c = load("tests/data/schedule/harbin-june.case.json");
  c.funds[0].alliances[0].perf = {};
  const auto r = medbudget::monitor_year(c, medbudget::national_calendar(), 6);
  const auto& a = first(r);
  EXPECT_TRUE(a.performance_assumed);
  ASSERT_TRUE(a.projected);
  EXPECT_EQ(a.projected->retained_surplus.str(), "2483610.15");  // as if the indicators were met
}

TEST(Monitor, AProjectionThatCannotBeSettledSaysWhy) {
  auto c = load("tests/data/schedule/harbin-september-overspend.case.json");
  c.funds[0].situation = {};  // no overspend share ratio yet
  const auto r = medbudget::monitor_year(c, medbudget::national_calendar(), 9);
  const auto& a = first(r);
  EXPECT_FALSE(a.projected);
  EXPECT_NE(a.projection_error.find("overspend_share_ratio"), std::string::npos) << a.projection_error;
  EXPECT_EQ(a.level, warning_level::alert);  // the balance and the bands still say it
}

TEST(Monitor, ErrorsNameThePath) {
  auto c = load("tests/data/schedule/harbin-june.case.json");
  try {
    (void)medbudget::monitor_year(c, medbudget::national_calendar(), 7);
    FAIL();
  } catch (const medbudget::input_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "funds[0].alliances[0].actuals.monthly: 6 months given; monitoring through month 7 needs 7");
  }
  EXPECT_THROW((void)medbudget::monitor_year(c, medbudget::national_calendar(), 0), medbudget::input_error);
  EXPECT_THROW((void)medbudget::monitor_year(c, medbudget::national_calendar(), 13), medbudget::input_error);
  const auto annual = load("examples/cases/harbin-surplus.case.json");  // no months
  EXPECT_THROW((void)medbudget::monitor_year(annual, medbudget::national_calendar(), 3), medbudget::input_error);
}

TEST(Monitor, ChartShowsTheMonthsAndTheBands) {
  const auto c = load("tests/data/schedule/harbin-september-overspend.case.json");
  const auto r = medbudget::monitor_year(c, medbudget::national_calendar(), 9);
  const std::string svg = medbudget::monitor_chart_svg(r, r.funds[0], r.funds[0].alliances[0], medbudget::language::zh);
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_NE(svg.find("截至9月"), std::string::npos);
  EXPECT_NE(svg.find("158,461,091.12"), std::string::npos);  // the overspend band edge in the legend
  EXPECT_NE(svg.find("172,800,000.00"), std::string::npos);  // the projection
  // The spend line: the origin and nine months.
  const auto p = svg.find("stroke=\"#000000\" stroke-width=\"2.50\"");
  ASSERT_NE(p, std::string::npos);
  const auto start = svg.rfind("points=\"", p);
  const std::string points = svg.substr(start, p - start);
  EXPECT_EQ(std::count(points.begin(), points.end(), ','), 10);
}

TEST(Monitor, RendersTextWithTheWarning) {
  const auto c = load("tests/data/schedule/harbin-september-overspend.case.json");
  const auto r = medbudget::monitor_year(c, medbudget::national_calendar(), 9);
  medbudget::render_options o;
  o.format = medbudget::output_format::text;
  const std::string t = medbudget::render(r, o);
  EXPECT_NE(t.find("医共体月度结算单（截至9月）"), std::string::npos);
  EXPECT_NE(t.find("预警级别：预警（alert）"), std::string::npos);
  EXPECT_NE(t.find("129,600,000.00"), std::string::npos);  // spend to date, September
}

}  // namespace
