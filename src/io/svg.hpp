// Internal: a small SVG writer for charts (histograms, monthly lines, bars).
//
// Coordinates are pixels (double: a double here only places a pixel, it never holds money). Text is
// XML-escaped. Axis ticks are "nice" whole numbers (1, 2 or 5 × 10^k) computed in integers, so an axis
// of fen is labelled with exact amounts. Colours come from a fixed palette so that charts look alike.
//
//   medbudget::svg::document d(640, 400);
//   d.rect(10, 10, 50, 100, medbudget::svg::filled(medbudget::svg::palette[0]));
//   d.line(0, 390, 640, 390, medbudget::svg::stroked(medbudget::svg::axis_grey));
//   d.text(320, 20, "年终清算 <P50>", medbudget::svg::font(14, medbudget::svg::anchor::middle));
//   for (std::int64_t t : medbudget::svg::nice_ticks(-1234567, 9876543, 6)) { … }
//   std::string bytes = d.str();
#pragma once

#include <array>        // array
#include <cstdint>      // int64_t
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // pair
#include <vector>       // vector

namespace medbudget::svg {

// A fixed palette (colour-blind safe, Okabe–Ito order); index modulo its size.
inline constexpr std::array<std::string_view, 8> palette = {"#0072B2", "#E69F00", "#009E73", "#D55E00",
                                                            "#56B4E9", "#CC79A7", "#F0E442", "#000000"};
inline constexpr std::string_view grid_grey = "#DDDDDD";
inline constexpr std::string_view axis_grey = "#444444";

struct style {
  std::string_view fill = "none";
  std::string_view stroke = "none";
  double stroke_width = 1.0;
  double opacity = 1.0;
  std::string_view dash;  // stroke-dasharray, e.g. "4 2"; empty: solid
};

// Shorthands (designated initialisers would leave fields unnamed): a filled shape, a stroked line.
[[nodiscard]] inline style filled(std::string_view colour, double opacity = 1.0) {
  style s;
  s.fill = colour;
  s.opacity = opacity;
  return s;
}
[[nodiscard]] inline style stroked(std::string_view colour, double width = 1.0, std::string_view dash = {}) {
  style s;
  s.stroke = colour;
  s.stroke_width = width;
  s.dash = dash;
  return s;
}

enum class anchor { start, middle, end };

struct text_style {
  double size = 12.0;
  anchor align = anchor::start;
  std::string_view fill = "#000000";
  bool bold = false;
  double rotate = 0.0;  // degrees, about the text's anchor point
};

[[nodiscard]] inline text_style font(double size, anchor align = anchor::start, std::string_view fill = "#000000",
                                    bool bold = false, double rotate = 0.0) {
  text_style t;
  t.size = size;
  t.align = align;
  t.fill = fill;
  t.bold = bold;
  t.rotate = rotate;
  return t;
}

// `text` with &, <, >, " and ' replaced by entities (for text content and attribute values).
[[nodiscard]] std::string escape(std::string_view text);

// Whole-number ticks covering [lo, hi]: a step of 1, 2 or 5 × 10^k chosen so that about `target`
// ticks (at least 2) span the range; the first tick ≤ lo, the last ≥ hi. lo == hi gives a range of
// one step around it. Exact in integers (fen, counts).
[[nodiscard]] std::vector<std::int64_t> nice_ticks(std::int64_t lo, std::int64_t hi, int target);
// The step nice_ticks uses for the same arguments.
[[nodiscard]] std::int64_t nice_step(std::int64_t lo, std::int64_t hi, int target);

// A linear map from a value range onto a pixel range (e.g. fen → x).
struct scale {
  double v0, v1, p0, p1;
  [[nodiscard]] double operator()(double v) const { return v1 == v0 ? p0 : p0 + (v - v0) * (p1 - p0) / (v1 - v0); }
};

class document {
 public:
  document(double width, double height);
  void rect(double x, double y, double w, double h, const style& s);
  void line(double x1, double y1, double x2, double y2, const style& s);
  void polyline(const std::vector<std::pair<double, double>>& points, const style& s);
  void text(double x, double y, std::string_view content, const text_style& s);
  // A <title> for the whole drawing (accessibility; shown as a tooltip).
  void title(std::string_view content);
  // The document's bytes: an XML declaration, <svg> with a white background, the elements in order.
  [[nodiscard]] std::string str() const;

 private:
  double width_, height_;
  std::string title_;
  std::string body_;
};

}  // namespace medbudget::svg
