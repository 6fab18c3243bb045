#include "explain.hpp"

namespace medbudget::explain {

line make(const policy& pol, const std::string& key, std::string label_zh, std::string label_en, std::string amount,
          std::string formula, std::string figures) {
  return line{key, std::move(label_zh), std::move(label_en), std::move(amount), std::move(formula),
              std::move(figures), pol.clause(key)};
}

std::string rational_text(const cpp_rational& fen_value) {
  const fen rounded = round_to_fen(fen_value, rounding::half_away_from_zero, "displayed value");
  return (exact(rounded) == fen_value ? "" : "≈") + rounded.str();
}

std::string join_years(const std::vector<int>& years) {
  std::string s;
  for (int y : years) s += (s.empty() ? "" : ", ") + std::to_string(y);
  return s;
}

std::string join_rates(const std::vector<rate>& rates) {
  std::string s;
  for (rate r : rates) s += (s.empty() ? "[" : ", ") + r.str();
  return s + "]";
}

std::string factors_text(const std::vector<adjustment_factor>& factors, rate product) {
  if (factors.empty()) return "no factors: k = 1";
  std::string s;
  for (const auto& f : factors) {
    const bool negative = f.value < rate{};
    s += "(1 " + std::string(negative ? "− " : "+ ") +
         (negative ? (rate{} - f.value).percent() : f.value.percent()) + " " + f.reason + ")";
  }
  return s + " = " + product.str();
}

std::string deductions_text(const std::vector<std::pair<std::string, fen>>& deductions) {
  std::string s;
  for (const auto& [key, amount] : deductions) s += " − " + amount.str();
  return s;
}

}  // namespace medbudget::explain
