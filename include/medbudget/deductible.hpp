// medbudget/deductible.hpp — the deductible (起付线) of each stay in a chain of referrals.
//
// Harbin 五(二): inside the alliance, a referral down to a lower-level institution waives the
// deductible; a referral up charges the difference of the two levels' deductibles. Guangdong 附件1
// 二.5: up and down referrals inside the alliance count as one stay — one deductible, the first
// stay's. Policies without a rule: every stay pays its own. The rule is the policy's
// `referral_deductible` (policy.hpp `referral_rule`).
//
//   std::vector<medbudget::stay> chain = {{"A", 1, fen::parse("300.00")},
//                                         {"B", 3, fen::parse("900.00"), /*referred=*/true}};
//   auto d = medbudget::referral_deductibles(medbudget::preset("harbin").referral, chain);
//   // d[1].charged == 600.00 (900.00 − 300.00)
#pragma once

#include <string>  // string
#include <vector>  // vector

#include "medbudget/money.hpp"
#include "medbudget/policy.hpp"

namespace medbudget {

struct stay {
  std::string id;           // a label for the statement (e.g. the settlement or admission id)
  int level = 0;            // the institution's level: 0 (other), 1, 2, 3 (hospital grade)
  fen deductible;           // the standard deductible of that institution's level
  bool referred = false;    // arrived by referral from the previous stay of the chain
  bool in_alliance = true;  // the institution is a member of the alliance
};

struct stay_deductible {
  fen standard;         // the stay's own deductible
  fen charged;          // after the rule
  std::string rule;     // what applied, in words
  std::string figures;  // the figures: "900.00 − 300.00 = 600.00"
  std::string clause;
};

// Each stay's deductible under `rule`. A referral counts only between two stays at members of the
// alliance. Errors (input_error naming `path`[i]): a first stay marked referred, a level outside 0–3,
// a negative deductible.
[[nodiscard]] std::vector<stay_deductible> referral_deductibles(const referral_rule& rule, const std::vector<stay>& chain,
                                                                const std::string& path = "stays");

}  // namespace medbudget
