// Deductibles of referred stays (deductible.hpp).
#include "medbudget/deductible.hpp"

#include "medbudget/error.hpp"

namespace medbudget {

std::vector<stay_deductible> referral_deductibles(const referral_rule& rule, const std::vector<stay>& chain,
                                                  const std::string& path) {
  using K = referral_rule::kind;
  std::vector<stay_deductible> out;
  out.reserve(chain.size());
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const stay& s = chain[i];
    const std::string sp = path + "[" + std::to_string(i) + "]";
    if (s.level < 0 || s.level > 3) throw input_error(sp + ".level", "expected 0 to 3");
    if (s.deductible < fen{}) throw input_error(sp + ".deductible", "must not be negative");
    if (i == 0 && s.referred) throw input_error(sp + ".referred", "the first stay has no earlier stay to be referred from");
    stay_deductible d;
    d.standard = s.deductible;
    d.charged = s.deductible;
    d.clause = rule.clause;
    const bool inside = i > 0 && s.referred && s.in_alliance && chain[i - 1].in_alliance;
    if (!inside) {
      d.rule = s.referred ? "referred across the alliance's boundary: its own deductible" : "not referred: its own deductible";
      d.figures = s.deductible.str();
      out.push_back(d);
      continue;
    }
    const stay& prev = chain[i - 1];
    switch (rule.rule) {
      case K::none:
        d.rule = "referred inside the alliance; the policy has no referral rule: its own deductible";
        d.figures = s.deductible.str();
        break;
      case K::level_difference:
        if (s.level < prev.level) {
          d.charged = fen{};
          d.rule = "referred down inside the alliance: waived";
          d.figures = "level " + std::to_string(prev.level) + " → " + std::to_string(s.level) + ": 0.00";
        } else if (s.level > prev.level) {
          const fen diff = s.deductible - prev.deductible;
          d.charged = diff > fen{} ? diff : fen{};
          d.rule = "referred up inside the alliance: the two levels' difference";
          d.figures = s.deductible.str() + " − " + prev.deductible.str() + " = " + diff.str() +
                      (diff < fen{} ? " → 0.00 (never below zero)" : "");
        } else {
          d.rule = "referred at the same level: its own deductible (the notice relieves only up and down: local default)";
          d.figures = s.deductible.str();
        }
        break;
      case K::once_per_episode:
        d.charged = fen{};
        d.rule = "referred inside the alliance: one stay with the first, whose deductible was charged";
        d.figures = "0.00";
        break;
    }
    out.push_back(d);
  }
  return out;
}

}  // namespace medbudget
