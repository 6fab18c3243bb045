// The SVG writer: escaping, nice ticks, elements.
#include "svg.hpp"

#include <fmt/format.h>

#include <algorithm>  // max

#include "medbudget/error.hpp"
#include "medbudget/money.hpp"  // int128

namespace medbudget::svg {

namespace {

// A pixel coordinate with two decimals (fixed text, so the same drawing gives the same bytes).
std::string px(double v) { return fmt::format("{:.2f}", v); }

std::string style_attributes(const style& s) {
  std::string a = " fill=\"" + escape(s.fill) + "\" stroke=\"" + escape(s.stroke) + "\"";
  if (s.stroke != "none") a += " stroke-width=\"" + px(s.stroke_width) + "\"";
  if (s.opacity != 1.0) a += " opacity=\"" + px(s.opacity) + "\"";
  if (!s.dash.empty()) a += " stroke-dasharray=\"" + escape(s.dash) + "\"";
  return a;
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::int64_t nice_step(std::int64_t lo, std::int64_t hi, int target) {
  ensure(lo <= hi, "nice_ticks: lo ≤ hi");
  const int n = std::max(target, 2) - 1;  // intervals wanted
  // The span in unsigned 128 bits: hi − lo may exceed INT64_MAX.
  const auto span = static_cast<detail::uint128>(static_cast<int128>(hi) - static_cast<int128>(lo));
  detail::uint128 step = 1;
  for (;;) {
    for (unsigned m : {1u, 2u, 5u}) {
      const detail::uint128 s = step * m;
      if (s * static_cast<unsigned>(n) >= span) return static_cast<std::int64_t>(s);
    }
    step *= 10;
    ensure(step <= static_cast<detail::uint128>(INT64_MAX) / 5, "nice_ticks: step in range");
  }
}

std::vector<std::int64_t> nice_ticks(std::int64_t lo, std::int64_t hi, int target) {
  const std::int64_t step = nice_step(lo, hi, target);
  // First tick: the largest multiple of step ≤ lo (floor division), in 128 bits.
  int128 first = static_cast<int128>(lo) / step * step;
  if (first > lo) first -= step;
  std::vector<std::int64_t> ticks;
  int128 t = first;
  do {
    ticks.push_back(static_cast<std::int64_t>(t));
    t += step;
  } while (ticks.back() < hi && t <= INT64_MAX);
  if (ticks.size() == 1 && t <= INT64_MAX) ticks.push_back(static_cast<std::int64_t>(t));  // lo == hi on a tick
  return ticks;
}

document::document(double width, double height) : width_(width), height_(height) {}

void document::rect(double x, double y, double w, double h, const style& s) {
  body_ += "<rect x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\"" + px(std::max(w, 0.0)) + "\" height=\"" +
           px(std::max(h, 0.0)) + "\"" + style_attributes(s) + "/>\n";
}

void document::line(double x1, double y1, double x2, double y2, const style& s) {
  body_ += "<line x1=\"" + px(x1) + "\" y1=\"" + px(y1) + "\" x2=\"" + px(x2) + "\" y2=\"" + px(y2) + "\"" +
           style_attributes(s) + "/>\n";
}

void document::polyline(const std::vector<std::pair<double, double>>& points, const style& s) {
  std::string p;
  for (const auto& [x, y] : points) p += (p.empty() ? "" : " ") + px(x) + "," + px(y);
  body_ += "<polyline points=\"" + p + "\"" + style_attributes(s) + "/>\n";
}

void document::text(double x, double y, std::string_view content, const text_style& s) {
  const char* a = s.align == anchor::start ? "start" : s.align == anchor::middle ? "middle" : "end";
  body_ += "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" font-size=\"" + px(s.size) + "\" text-anchor=\"" + a +
           "\" fill=\"" + escape(s.fill) + "\"";
  if (s.bold) body_ += " font-weight=\"bold\"";
  if (s.rotate != 0.0) body_ += " transform=\"rotate(" + px(s.rotate) + " " + px(x) + " " + px(y) + ")\"";
  body_ += ">" + escape(content) + "</text>\n";
}

void document::title(std::string_view content) { title_ = std::string(content); }

std::string document::str() const {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px(width_) + "\" height=\"" + px(height_) +
         "\" viewBox=\"0 0 " + px(width_) + " " + px(height_) +
         "\" font-family=\"Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif\">\n";
  if (!title_.empty()) out += "<title>" + escape(title_) + "</title>\n";
  out += "<rect x=\"0\" y=\"0\" width=\"" + px(width_) + "\" height=\"" + px(height_) + "\" fill=\"#FFFFFF\"/>\n";
  out += body_;
  out += "</svg>\n";
  return out;
}

}  // namespace medbudget::svg
