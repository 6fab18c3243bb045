// medbudget/records.hpp — the record rules: which settlement rows count, for which fund and care
// category, and where every counted fen of hifp_pay ends up (the reconciliation). Core: no file
// reading here (that is medbudget/io/claims_csv.hpp); every reader of settlement records uses these.
//
//   if (medbudget::record_exclusion(vali, insutype, setl_year, year) == medbudget::exclusion::none) {
//     const std::uint32_t fund = *medbudget::record_fund(insutype);       // 0: 310, 1: 390
//     const medbudget::care_category c = medbudget::record_care(med_type);          // inpatient, outpatient, other
//   }
#pragma once

#include <cstdint>      // uint32_t
#include <optional>     // optional
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // pair
#include <vector>       // vector

#include "medbudget/money.hpp"

namespace medbudget {

// ---- which rows count ------------------------------------------------------------------------------

// Why a well-formed row is not counted, tested in this order (docs/claims.md "Which rows count").
enum class exclusion : std::uint8_t { none, invalid, other_insutype, out_of_period };

// The fund of an insutype: 310 (employees) is fund 0, 390 (residents) fund 1; any other code is no
// fund of the budget.
[[nodiscard]] constexpr std::optional<std::uint32_t> record_fund(std::string_view insutype) noexcept {
  if (insutype.size() != 3 || insutype[0] != '3' || insutype[2] != '0') return std::nullopt;
  if (insutype[1] == '1') return 0u;
  if (insutype[1] == '9') return 1u;
  return std::nullopt;
}

// The exclusion of a row: vali_flag not `1`, then insutype not 310/390, then setl_time's year not
// the statement's year.
[[nodiscard]] constexpr exclusion record_exclusion(std::string_view vali_flag, std::string_view insutype, int setl_year,
                                                   int year) noexcept {
  if (vali_flag.size() != 1 || vali_flag[0] != '1') return exclusion::invalid;
  if (!record_fund(insutype)) return exclusion::other_insutype;
  if (setl_year != year) return exclusion::out_of_period;
  return exclusion::none;
}

// A reversal is a row with init_setl_id set, whatever refd_setl_flag says; its hifp_pay is zero or
// negative, a plain row's zero or positive (so are medfee_sumamt's on a plain row).
[[nodiscard]] constexpr bool record_is_reversal(std::string_view init_setl_id) noexcept { return !init_setl_id.empty(); }

// ---- care category ---------------------------------------------------------------------------------

enum class care_category : std::uint8_t { outpatient, inpatient, other };

// By med_type's first two digits: 11–16 and 51 (maternity outpatient) outpatient; 21–28 and 52
// (maternity inpatient) inpatient; 41 (pharmacy) and any other code neither.
[[nodiscard]] constexpr care_category record_care(std::string_view med_type) noexcept {
  if (med_type.size() < 2 || med_type[0] < '0' || med_type[0] > '9' || med_type[1] < '0' || med_type[1] > '9')
    return care_category::other;
  const int two = (med_type[0] - '0') * 10 + (med_type[1] - '0');
  if ((two >= 11 && two <= 16) || two == 51) return care_category::outpatient;
  if ((two >= 21 && two <= 28) || two == 52) return care_category::inpatient;
  return care_category::other;
}

// ---- where every counted fen goes ----------------------------------------------------------------

// Per fund, every counted fen of hifp_pay in exactly one place: I and O by the insured's alliance,
// NL and U by the treating alliance, U elsewhere, and non-local spend outside every alliance. The
// maps name every alliance of the county's registry, sorted by id.
struct reconciliation {
  fen counted_hifp_pay;  // Σ hifp_pay of the fund's counted records, reversals included
  std::vector<std::pair<std::string, fen>> in_alliance_local;      // by owner
  std::vector<std::pair<std::string, fen>> out_of_alliance_local;  // by owner
  std::vector<std::pair<std::string, fen>> in_alliance_nonlocal;   // by treating alliance
  std::vector<std::pair<std::string, fen>> unattributed_local;     // by treating alliance
  fen unattributed_elsewhere;  // local insured of no alliance, at no alliance's member
  fen outside;                 // non-local insured at no alliance's member
  fen sum;                     // of all the above
  bool balanced = false;       // sum == counted_hifp_pay (always true in a result: checked)
};

}  // namespace medbudget
