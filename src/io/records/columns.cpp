// The records file's columns: the alias table and the header (docs/claims.md).
#include "columns.hpp"

#include "../csv.hpp"
#include "cells.hpp"
#include "medbudget/error.hpp"

namespace medbudget::io {

const column_spec column_specs[c_count] = {
    {{"setl_id"}, true, false},
    {{"init_setl_id"}, false, false},
    {{"refd_setl_flag"}, false, false},
    {{"vali_flag"}, false, false},
    {{"psn_no"}, true, true},
    {{"insutype"}, true, false},
    {{"med_type"}, true, false},
    {{"setl_time"}, true, false},
    {{"fixmedins_code"}, true, false},
    {{"insu_admdvs", "insuplc_admdvs"}, true, false},
    {{"age"}, false, true},
    {{"brdy"}, false, true},
    {{"hifp_pay"}, true, false},
    {{"medfee_sumamt"}, false, false},
    {{"fulamt_ownpay_amt"}, false, false},
    {{"psn_cash_pay", "cash_payamt", "pdn_cash_pay"}, false, false},
    {{"adm_time"}, false, false},
    {{"dscg_time"}, false, false},
    {{"acct_pay"}, false, false},
    {{"fund_pay_sumamt"}, false, false},
};

header read_header(const std::vector<std::string_view>& fields, const std::string& file) {
  header h;
  h.at.fill(-1);
  h.fields = fields.size();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    h.names.emplace_back(fields[i]);
    const std::string name = lower(fields[i]);
    for (int c = 0; c < c_count; ++c)
      for (std::string_view alias : column_specs[c].names)
        if (alias == name) {
          if (h.at[c] >= 0)
            throw input_error(file + ":1", "column " + std::string(column_specs[c].names.begin()[0]) + " appears twice (as " +
                                               quoted_cell(h.names[static_cast<std::size_t>(h.at[c])]) + " and " +
                                               quoted_cell(h.names[i]) + ")");
          h.at[c] = static_cast<int>(i);
        }
  }
  for (int c = 0; c < c_count; ++c)
    if (column_specs[c].required && h.at[c] < 0)
      throw input_error(file + ":1", "missing required column " + std::string(column_specs[c].names.begin()[0]));
  if (h.at[c_age] < 0 && h.at[c_brdy] < 0) throw input_error(file + ":1", "missing column age or brdy (one is required)");
  return h;
}

}  // namespace medbudget::io
