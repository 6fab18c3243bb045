// Internal: the columns of a records file — the one alias table (interface names and the core
// tables' aliases) and the header that maps them to field positions.
#pragma once

#include <array>             // array
#include <cstddef>           // size_t
#include <initializer_list>  // initializer_list
#include <string>            // string
#include <string_view>       // string_view
#include <vector>            // vector

namespace medbudget::io {

enum column : int {
  c_setl_id, c_init_setl_id, c_refd_setl_flag, c_vali_flag, c_psn_no, c_insutype, c_med_type, c_setl_time,
  c_fixmedins_code, c_insu_admdvs, c_age, c_brdy, c_hifp_pay, c_medfee_sumamt, c_fulamt_ownpay_amt,
  c_psn_cash_pay, c_adm_time, c_dscg_time, c_acct_pay, c_fund_pay_sumamt, c_count
};

struct column_spec {
  std::initializer_list<std::string_view> names;  // interface name first, then core-table aliases
  bool required;
  bool personal;  // never quoted in an error
};

// The columns the records reader knows, by interface name and alias (docs/claims.md).
extern const column_spec column_specs[c_count];

struct header {
  std::array<int, c_count> at{};  // field index of each column, −1 when absent
  std::vector<std::string> names; // as written
  std::size_t fields = 0;
};

// The header's columns by name (case ignored) and alias; a column named twice or a required one
// missing is an input_error at `file`:1.
[[nodiscard]] header read_header(const std::vector<std::string_view>& fields, const std::string& file);

}  // namespace medbudget::io
