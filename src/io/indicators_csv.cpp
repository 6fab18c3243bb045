// The counts behind the performance indicators (indicators_csv.hpp, docs/indicators.md).
#include "medbudget/io/indicators_csv.hpp"

#include <algorithm>      // find
#include <string_view>    // string_view
#include <vector>         // vector
#include <unordered_map>  // unordered_map

#include "csv.hpp"
#include "records/batch_reader.hpp"
#include "records/cells.hpp"
#include "records/columns.hpp"
#include "records/row_reader.hpp"
#include "medbudget/calendar.hpp"
#include "medbudget/error.hpp"
#include "medbudget/records.hpp"
#include "medbudget/stays.hpp"

namespace medbudget {

namespace {

// "yyyy-MM-dd[ HH:mm:ss]" to a moment (a date alone is 00:00:00); false when malformed or before
// 1900, as the records reader refuses it.
bool moment_of(std::string_view s, stay_time& t) {
  date d{};
  int second = 0;
  if (!parse_date_time(s, d, time_of_day::optional, &second) || year_of(d) < 1900) return false;
  t.day = static_cast<std::int32_t>(day_number(d));
  t.second = second;
  return true;
}

// The registry's `dual_channel` flag where the registry model carries it (a 双通道 pharmacy stays in
// the budget scope); false for a model without it.
template <class I>
bool dual_channel_of(const I& i) {
  if constexpr (requires { i.dual_channel; }) return static_cast<bool>(i.dual_channel);
  else return false;
}

}  // namespace

indicator_tally tally_indicators(const std::string& path, const registry& reg, const attribution* attr,
                                 const indicator_options& opt) {
  indicator_tally t;
  t.county = opt.county;
  t.year = opt.year;
  t.readmission_days = opt.readmission_days;
  // Alliances in registry order, as the aggregation numbers them.
  for (const institution& i : reg.institutions)
    if (!i.alliance_id.empty() && std::find(t.alliances.begin(), t.alliances.end(), i.alliance_id) == t.alliances.end())
      t.alliances.push_back(i.alliance_id);
  const std::size_t A = t.alliances.size();
  t.funds.assign(2, std::vector<indicator_counts>(A));
  // An institution as the indicators see it: a member of an alliance when its alliance_id names one
  // and its admdvs is the county; primary counts only in county.
  struct inst_info {
    std::uint32_t alliance = no_alliance;
    bool in_county = false, primary = false, county_nonmember = false;
  };
  std::unordered_map<std::string_view, inst_info> institutions;
  for (const institution& i : reg.institutions) {
    inst_info x;
    x.in_county = i.admdvs == opt.county;
    if (!i.alliance_id.empty() && x.in_county)
      x.alliance = static_cast<std::uint32_t>(std::find(t.alliances.begin(), t.alliances.end(), i.alliance_id) - t.alliances.begin());
    x.primary = i.primary && x.in_county;
    x.county_nonmember = x.in_county && i.alliance_id.empty() && !dual_channel_of(i);
    institutions.emplace(i.code, x);
  }
  std::unordered_map<std::string_view, std::uint32_t> attributed;
  if (attr != nullptr && A > 1) {
    attributed.reserve(attr->persons.size());
    for (std::size_t k = 0; k < attr->persons.size(); ++k) {
      const auto at = std::find(t.alliances.begin(), t.alliances.end(), attr->alliance_ids[attr->alliance_of[k]]);
      attributed.emplace(attr->persons[k], static_cast<std::uint32_t>(at - t.alliances.begin()));
    }
  }

  std::vector<inpatient_stay> stays;
  std::vector<std::uint64_t> reversed;  // hash64(init_setl_id) of every counted reversal
  // The records reader's batches, columns, cells and rules (records.hpp): what it refuses, this
  // refuses with the same words, and a row counts here when it counts there.
  using namespace io;
  batch_reader in(path, opt.batch_bytes);
  const header head = read_header(in.header_fields(), path);
  t.has_medfee = head.at[c_medfee_sumamt] >= 0;
  t.has_ownpay = head.at[c_fulamt_ownpay_amt] >= 0;
  t.has_stay_times = head.at[c_adm_time] >= 0 && head.at[c_dscg_time] >= 0;
  std::vector<std::string_view> f;
  for (std::vector<chunk> chunks = in.next(1); !chunks.empty(); chunks = in.next(1))
    for (const chunk& ch : chunks) {
      csv_cursor cur(ch.begin, ch.end, ch.first_line, &path);
      while (cur.next(f)) {
        const std::int64_t row_line = cur.line();
        if (f.size() != head.fields)
          throw input_error(path + ":" + std::to_string(row_line),
                            "expected " + std::to_string(head.fields) + " fields (as the header), found " + std::to_string(f.size()));
        const row_reader r(head, path, f, row_line);
        date when{};
        if (!records_date(r.cell(c_setl_time), when, time_of_day::required))
          r.fail(c_setl_time, "a settlement time yyyy-MM-dd HH:mm:ss");
        const std::string_view insutype = r.cell(c_insutype);
        // The aggregation's order of exclusion: invalid, other fund, out of period.
        if (record_exclusion(r.flag(c_vali_flag, "1"), insutype, year_of(when), opt.year) != exclusion::none) continue;
        const std::size_t fund = *record_fund(insutype);
        const bool reversal = record_is_reversal(r.cell(c_init_setl_id));
        const std::int64_t sign = reversal ? -1 : 1;
        if (reversal) reversed.push_back(hash64(r.cell(c_init_setl_id)));
        inst_info inst;
        if (const auto it = institutions.find(r.cell(c_fixmedins_code)); it != institutions.end()) inst = it->second;
        const std::int64_t hifp = r.amount(c_hifp_pay);
        const std::int64_t medfee = r.cell(c_medfee_sumamt).empty() ? 0 : r.amount(c_medfee_sumamt);
        const std::int64_t ownpay = r.cell(c_fulamt_ownpay_amt).empty() ? 0 : r.amount(c_fulamt_ownpay_amt);
        const care_category kind = record_care(r.cell(c_med_type));
        // Every money sum checked, as the aggregation's: a total past int64 is the file's fault.
        const auto add = [&](std::int64_t& total, std::int64_t amount, column c) {
          if (__builtin_add_overflow(total, amount, &total))
            throw input_error(path, std::string(*column_specs[c].names.begin()) +
                                        " adds up past 92233720368547758.07 yuan, the largest total the program holds");
        };
        if (inst.alliance != no_alliance) {
          indicator_counts& m = t.funds[fund][inst.alliance];
          add(m.member_medfee, medfee, c_medfee_sumamt);
          add(m.member_ownpay, ownpay, c_fulamt_ownpay_amt);
        }
        // The insured's alliance.
        if (r.cell(c_insu_admdvs) != opt.county || A == 0) continue;
        std::uint32_t pa = 0;
        if (A > 1) {
          const auto it = attributed.find(r.cell(c_psn_no));
          if (it == attributed.end()) continue;  // a local insured of no alliance
          pa = it->second;
        }
        indicator_counts& c = t.funds[fund][pa];
        add(c.medfee, medfee, c_medfee_sumamt);
        add(c.hifp, hifp, c_hifp_pay);
        if (inst.in_county) add(c.hifp_in_county, hifp, c_hifp_pay);
        if (inst.primary) add(c.hifp_primary, hifp, c_hifp_pay);
        if (!inst.county_nonmember) {
          add(c.scope_hifp, hifp, c_hifp_pay);
          add(c.scope_medfee, medfee, c_medfee_sumamt);
        }
        if (kind != care_category::other) {
          c.visits += sign;
          if (inst.primary) c.primary_visits += sign;
        }
        if (kind == care_category::inpatient) {
          c.stays += sign;
          if (inst.in_county) c.stays_in_county += sign;
          if (!reversal && t.has_stay_times) {
            inpatient_stay s;
            if (!moment_of(r.cell(c_adm_time), s.adm))
              throw input_error(r.where(c_adm_time), "expected the admission time of an inpatient stay, yyyy-MM-dd[ HH:mm:ss]");
            if (!moment_of(r.cell(c_dscg_time), s.dscg))
              throw input_error(r.where(c_dscg_time), "expected the discharge time of an inpatient stay, yyyy-MM-dd[ HH:mm:ss]");
            if (s.dscg < s.adm) throw input_error(r.where(c_dscg_time), "expected a discharge on or after the admission");
            s.person = hash64(r.cell(c_psn_no));
            s.setl = hash64(r.cell(c_setl_id));
            s.line = row_line;
            s.group = static_cast<std::uint32_t>(fund * A + pa);
            s.member_of = inst.alliance;
            stays.push_back(s);
          }
        }
      }
    }

  // The stays left once every reversed one is removed, transfers merged: a merged stay counts once
  // (its parts are at members, so in county), and readmissions among them.
  const std::vector<stay_counts> merged = count_stays(stays, reversed, 2 * A, opt.readmission_days);
  for (std::size_t g = 0; g < merged.size(); ++g) {
    indicator_counts& c = t.funds[g / A][g % A];
    c.transfers = merged[g].transfers;
    c.stays -= merged[g].transfers;
    c.stays_in_county -= merged[g].transfers;
    c.readmit_stays = merged[g].stays;
    c.readmissions = merged[g].readmissions;
  }
  return t;
}

}  // namespace medbudget
