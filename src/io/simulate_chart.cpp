// SVG histograms of the simulated year-end payment (one per alliance and fund).
#include <fmt/format.h>

#include <algorithm>   // max
#include <cstdlib>     // abs
#include <filesystem>  // path

#include "medbudget/io/render.hpp"
#include "medbudget/io/simulate.hpp"
#include "svg.hpp"

namespace medbudget {

namespace {

constexpr double width = 760, height = 440;
constexpr double left = 80, right = 30, top = 60, bottom = 70;
constexpr int target_bins = 60;

// An axis label in yuan: whole yuan when the tick is, else two decimals; ten thousands as 万.
std::string yuan_label(std::int64_t fen_value) {
  const fen f = fen::from_fen(fen_value);
  if (fen_value % 1'000'000 == 0) return fmt::format("{}万", fen_value / 1'000'000);
  std::string s = f.str();
  if (s.ends_with(".00")) s.resize(s.size() - 3);
  return s;
}

// "-1234567.80" → "-1,234,567.80".
std::string grouped(const fen& amount) {
  std::string s = amount.str();
  const std::size_t start = s[0] == '-' ? 1 : 0;
  for (std::size_t i = s.find('.'); i > start + 3; i -= 3) s.insert(i - 3, ",");
  return s;
}

std::string file_name(const std::string& insutype, const std::string& id) {
  std::string safe;
  for (char ch : id) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
    safe += ok ? ch : '_';
  }
  return insutype + "-" + safe + "-year-end-payment.svg";
}

std::string chart(const simulation_result& r, const fund_simulation& f, const alliance_simulation& a) {
  const std::vector<fen>& v = a.year_end_payments;
  ensure(!v.empty() && v.size() == r.scenarios, "the chart needs every scenario's payment");
  // Every scenario alike (no spread): an axis of ±5% (at least ±1 yuan) around the one payment.
  const std::int64_t pad = v.front() == v.back() ? std::max<std::int64_t>(std::abs(v.front().value() / 20), 100) : 0;
  const std::int64_t lo = v.front().value() - pad, hi = v.back().value() + pad;
  // Bins of a nice width in fen, from a multiple of the width at or below the smallest payment.
  const std::int64_t w = svg::nice_step(lo, hi, target_bins);
  const std::int64_t first = (lo >= 0 ? lo / w : -((-lo + w - 1) / w)) * w;
  std::vector<std::uint64_t> counts;
  for (fen x : v) {
    const auto b = static_cast<std::size_t>((x.value() - first) / w);
    if (b >= counts.size()) counts.resize(b + 1, 0);
    ++counts[b];
  }
  const std::int64_t last = std::max(first + static_cast<std::int64_t>(counts.size()) * w, hi);
  const std::vector<std::int64_t> xt = svg::nice_ticks(first, last, 7);
  std::uint64_t peak = 0;
  for (auto c : counts) peak = std::max(peak, c);
  const std::vector<std::int64_t> yt = svg::nice_ticks(0, static_cast<std::int64_t>(peak), 5);
  // Pixel positions (doubles place pixels only).
  const svg::scale sx{static_cast<double>(xt.front()), static_cast<double>(xt.back()), left, width - right};
  const svg::scale sy{0.0, static_cast<double>(yt.back()), height - bottom, top};

  svg::document d(width, height);
  d.title(fmt::format("year-end payment, fund {} alliance {}", f.insutype, a.id));
  d.text(left, 24, fmt::format("年终清算 year-end payment · fund {} · {} {}", f.insutype, a.id, a.name),
         svg::font(15, svg::anchor::start, "#000000", true));
  d.text(left, 44,
         fmt::format("{} scenarios, seed {}; bin {} yuan; P5 {} · P50 {} · P95 {} yuan", r.scenarios, r.seed,
                     grouped(fen::from_fen(w)), grouped(a.year_end_payment.p5), grouped(a.year_end_payment.p50),
                     grouped(a.year_end_payment.p95)),
         svg::font(11, svg::anchor::start, svg::axis_grey));
  for (std::int64_t t : yt) {
    const double y = sy(static_cast<double>(t));
    d.line(left, y, width - right, y, svg::stroked(svg::grid_grey));
    d.text(left - 6, y + 4, fmt::format("{}", t), svg::font(10, svg::anchor::end, svg::axis_grey));
  }
  for (std::size_t b = 0; b < counts.size(); ++b) {
    const auto x0 = static_cast<double>(first + static_cast<std::int64_t>(b) * w);
    const double px0 = sx(x0), px1 = sx(x0 + static_cast<double>(w));
    const double py = sy(static_cast<double>(counts[b]));
    const bool pays_back = first + static_cast<std::int64_t>(b + 1) * w <= 0;
    d.rect(px0, py, std::max(px1 - px0 - 1.0, 0.5), height - bottom - py,
           svg::filled(svg::palette[pays_back ? 3 : 0], 0.85));
  }
  d.line(left, height - bottom, width - right, height - bottom, svg::stroked(svg::axis_grey));
  d.line(left, top, left, height - bottom, svg::stroked(svg::axis_grey));
  for (std::int64_t t : xt) {
    const double x = sx(static_cast<double>(t));
    d.line(x, height - bottom, x, height - bottom + 5, svg::stroked(svg::axis_grey));
    d.text(x, height - bottom + 18, yuan_label(t), svg::font(10, svg::anchor::middle, svg::axis_grey));
  }
  const std::pair<const char*, fen> marks[] = {
      {"P5", a.year_end_payment.p5}, {"P50", a.year_end_payment.p50}, {"P95", a.year_end_payment.p95}};
  for (const auto& [label, value] : marks) {
    const double x = sx(static_cast<double>(value.value()));
    d.line(x, top, x, height - bottom, svg::stroked(svg::palette[7], 1.2, "5 3"));
    d.text(x + 3, top + 10, label, svg::font(10));
  }
  if (xt.front() < 0 && xt.back() > 0) {
    const double x = sx(0.0);
    d.line(x, top, x, height - bottom, svg::stroked(svg::palette[3], 1.5));
  }
  d.text((left + width - right) / 2, height - 22,
         "year-end payment (yuan; below 0 the alliance pays back 医共体应返还)",
         svg::font(11, svg::anchor::middle));
  d.text(18, (top + height - bottom) / 2, "scenarios", svg::font(11, svg::anchor::middle, "#000000", false, -90));
  return d.str();
}

}  // namespace

std::vector<std::pair<std::string, std::string>> simulation_charts(const simulation_result& r) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& f : r.funds)
    for (const auto& a : f.alliances) out.emplace_back(file_name(f.insutype, a.id), chart(r, f, a));
  return out;
}

std::size_t write_simulation_charts(const simulation_result& r, const std::string& dir) {
  return write_files(dir, simulation_charts(r));
}

}  // namespace medbudget
