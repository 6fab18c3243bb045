// The monitoring chart: cumulative spend by month against the pro-rata budget and the corridor's
// band edges. Amounts are fen until a pixel is placed (a double places a pixel, never holds money);
// axis labels are exact (ticks are whole multiples of a nice step in fen).
#include <fmt/format.h>

#include <algorithm>  // max
#include <optional>   // optional

#include "medbudget/io/render.hpp"
#include "svg.hpp"
#include "text.hpp"

namespace medbudget {

namespace {

constexpr double width = 940, height = 520;
constexpr double left = 100, right = 250, top = 70, bottom = 60;
constexpr std::int64_t fen_per_wan = 1000000;  // 1 万元 = 10,000 yuan = 1,000,000 fen

// An exact amount in 万元 for an axis label: whole when it is, else with its decimals.
std::string wan(std::int64_t fen_value) {
  const bool neg = fen_value < 0;
  const std::uint64_t v = neg ? 0 - static_cast<std::uint64_t>(fen_value) : static_cast<std::uint64_t>(fen_value);
  const std::uint64_t whole = v / fen_per_wan, frac = v % fen_per_wan;
  std::string s = io::grouped(std::to_string(whole));
  if (frac != 0) {
    std::string f = fmt::format("{:06}", frac);
    while (f.back() == '0') f.pop_back();
    s += "." + f;
  }
  return (neg ? "-" : "") + s;
}

double as_pixel_value(fen v) { return static_cast<double>(v.value()); }  // pixel placement only

}  // namespace

std::string monitor_chart_svg(const monitor_report& r, const fund_monitor& f, const alliance_monitor& a, language lang) {
  const bool zh = lang == language::zh;
  svg::document d(width, height);
  const std::string fund = f.insutype == "310" ? (zh ? "职工医保" : "employee insurance")
                                               : f.insutype == "390" ? (zh ? "居民医保" : "resident insurance") : f.insutype;
  const std::string title =
      zh ? fmt::format("{} {}年 {} {}（{}）累计支出与预算，截至{}月", r.county_name, r.year, a.id, a.name, fund, r.through_month)
         : fmt::format("{} {}: {} {} ({}), spend to date against the budget, through {:02}", r.county_name, r.year, a.id,
                       a.name, fund, r.through_month);
  d.title(title);
  d.text(left, 28, title, svg::font(15, svg::anchor::start, "#000000", true));
  d.text(left, 50, zh ? a.warning_zh : a.warning_en,
         svg::font(13, svg::anchor::start,
                   a.level == warning_level::alert ? svg::palette[3] : a.level == warning_level::watch ? svg::palette[1] : svg::palette[2],
                   true));

  // The value range: zero to the highest of B', the edges, the spend and the projection.
  std::int64_t hi = a.final_budget.value();
  for (const auto& e : a.edges) hi = std::max(hi, e.spend.value());
  for (const auto& m : a.by_month) hi = std::max(hi, m.cumulative_spend.value());
  hi = std::max(hi, a.projected_spend.value());
  const std::vector<std::int64_t> ticks = svg::nice_ticks(0, std::max<std::int64_t>(hi, 1), 6);
  const svg::scale x{0, 12, left, width - right};
  const svg::scale y{0, static_cast<double>(ticks.back()), height - bottom, top};

  // Grid and axes.
  for (std::int64_t t : ticks) {
    d.line(left, y(static_cast<double>(t)), width - right, y(static_cast<double>(t)), svg::stroked(svg::grid_grey));
    d.text(left - 8, y(static_cast<double>(t)) + 4, wan(t), svg::font(11, svg::anchor::end));
  }
  for (int m = 0; m <= 12; ++m) {
    d.line(x(m), height - bottom, x(m), height - bottom + 5, svg::stroked(svg::axis_grey));
    if (m > 0) d.text(x(m), height - bottom + 20, zh ? fmt::format("{}月", m) : fmt::format("{:02}", m), svg::font(11, svg::anchor::middle));
  }
  d.line(left, height - bottom, width - right, height - bottom, svg::stroked(svg::axis_grey));
  d.line(left, top, left, height - bottom, svg::stroked(svg::axis_grey));
  d.text(24, (top + height - bottom) / 2, zh ? "累计金额（万元）" : "to date (10,000 yuan)",
         svg::font(12, svg::anchor::middle, "#000000", false, -90));
  d.text((left + width - right) / 2, height - 14, zh ? "月份（月末累计）" : "month (cumulative at month end)",
         svg::font(12, svg::anchor::middle));

  // Zones between the budget line and each edge, then the lines themselves (pro rata: edge × m / 12).
  const double b = as_pixel_value(a.final_budget);
  for (const auto& e : a.edges) {
    const double v = as_pixel_value(e.spend);
    const std::string_view colour = e.overspend ? (e.fund_shares ? svg::palette[1] : svg::palette[3]) : svg::palette[2];
    d.polyline({{x(0), y(0)}, {x(12), y(v)}, {x(12), y(b)}, {x(0), y(0)}}, svg::filled(colour, 0.12));
  }
  // Beyond the outermost overspend edge: the alliance's alone.
  std::optional<fen> outer;
  for (const auto& e : a.edges)
    if (e.overspend && (!outer || e.spend > *outer)) outer = e.spend;
  if (outer)
    d.polyline({{x(0), y(0)}, {x(12), y(static_cast<double>(ticks.back()))}, {x(12), y(as_pixel_value(*outer))}, {x(0), y(0)}},
               svg::filled(svg::palette[3], 0.08));
  d.line(x(0), y(0), x(12), y(b), svg::stroked(svg::palette[0], 2));
  for (const auto& e : a.edges) {
    const std::string_view colour = e.overspend ? (e.fund_shares ? svg::palette[1] : svg::palette[3]) : svg::palette[2];
    d.line(x(0), y(0), x(12), y(as_pixel_value(e.spend)), svg::stroked(colour, 1.5, "6 4"));
  }

  // Spend to date, and the run-rate projection.
  std::vector<std::pair<double, double>> spend{{x(0), y(0)}};
  for (const auto& m : a.by_month) spend.emplace_back(x(m.month), y(as_pixel_value(m.cumulative_spend)));
  d.polyline(spend, svg::stroked("#000000", 2.5));
  for (std::size_t i = 1; i < spend.size(); ++i) d.rect(spend[i].first - 3, spend[i].second - 3, 6, 6, svg::filled("#000000"));
  if (a.months < 12) {
    d.line(spend.back().first, spend.back().second, x(12), y(as_pixel_value(a.projected_spend)),
           svg::stroked("#000000", 2, "3 4"));
    svg::style hollow = svg::stroked("#000000", 1.5);
    hollow.fill = "#FFFFFF";
    d.rect(x(12) - 4, y(as_pixel_value(a.projected_spend)) - 4, 8, 8, hollow);
  }

  // Legend, with the year-end amounts.
  const double lx = width - right + 20;
  double ly = top + 10;
  auto legend = [&](std::string_view colour, std::string_view dash, double w, const std::string& label, const std::string& amount) {
    d.line(lx, ly, lx + 28, ly, svg::stroked(colour, w, dash));
    d.text(lx + 36, ly + 4, label, svg::font(12));
    d.text(lx + 36, ly + 20, amount, svg::font(11, svg::anchor::start, "#555555"));
    ly += 42;
  };
  legend(svg::palette[0], "", 2, zh ? "序时预算 B'×月/12" : "budget B' × month / 12", io::grouped(a.final_budget.str()) + (zh ? " 元" : " yuan"));
  for (const auto& e : a.edges) {
    const std::string_view colour = e.overspend ? (e.fund_shares ? svg::palette[1] : svg::palette[3]) : svg::palette[2];
    const std::string label = e.overspend ? (zh ? (e.fund_shares ? "合理超支上限（基金分担）" : "超支分段边界")
                                                : (e.fund_shares ? "shared overspend band edge" : "overspend band edge"))
                                          : (zh ? "结余留用界限（以下结余返还）" : "surplus retention limit");
    legend(colour, "6 4", 1.5, label, io::grouped(e.spend.str()) + (zh ? " 元" : " yuan"));
  }
  legend("#000000", "", 2.5, zh ? "累计支出 O+I" : "spend to date O + I",
         io::grouped(a.by_month.empty() ? "0.00" : a.by_month.back().cumulative_spend.str()) + (zh ? " 元" : " yuan"));
  if (a.months < 12)
    legend("#000000", "3 4", 2, zh ? "全年预测（按月均）" : "projection (run rate)",
           io::grouped(a.projected_spend.str()) + (zh ? " 元" : " yuan"));
  return d.str();
}

}  // namespace medbudget
