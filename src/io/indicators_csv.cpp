// The counts behind the performance indicators (indicators_csv.hpp, docs/indicators.md).
#include "medbudget/io/indicators_csv.hpp"

#include <algorithm>      // sort, find
#include <array>          // array
#include <cstdio>         // FILE
#include <cstring>        // memcmp
#include <string_view>    // string_view
#include <unordered_map>  // unordered_map

#include "csv.hpp"
#include "medbudget/calendar.hpp"
#include "medbudget/error.hpp"
#include "medbudget/stays.hpp"

namespace medbudget {

namespace {

// 64-bit FNV-1a: the same value on every platform and run.
std::uint64_t fnv64(std::string_view s) noexcept {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

enum col : int {
  k_setl_id, k_init, k_vali, k_psn, k_insutype, k_med, k_setl_time, k_inst, k_admdvs, k_hifp, k_medfee,
  k_ownpay, k_adm, k_dscg, k_count
};
// Interface names first, then core-table aliases (as claims-format.md lists them).
const std::array<std::vector<std::string_view>, k_count> names = {{
    {"setl_id"}, {"init_setl_id"}, {"vali_flag"}, {"psn_no"}, {"insutype"}, {"med_type"}, {"setl_time"},
    {"fixmedins_code"}, {"insu_admdvs", "insuplc_admdvs"}, {"hifp_pay"}, {"medfee_sumamt"},
    {"fulamt_ownpay_amt"}, {"adm_time"}, {"dscg_time"},
}};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Care category by med_type's first two digits (claims-format.md).
enum class care { outpatient, inpatient, other };
care category(std::string_view med) {
  if (med.size() < 2 || med[0] < '0' || med[0] > '9' || med[1] < '0' || med[1] > '9') return care::other;
  const int c = (med[0] - '0') * 10 + (med[1] - '0');
  if ((c >= 11 && c <= 16) || c == 51) return care::outpatient;
  if ((c >= 21 && c <= 28) || c == 52) return care::inpatient;
  return care::other;
}

// "yyyy-MM-dd[ HH:mm:ss]" to a moment (a date alone is 00:00:00); false when malformed.
bool moment_of(std::string_view s, stay_time& t) {
  date d{};
  int second = 0;
  if (!parse_date_time(s, d, time_of_day::optional, &second)) return false;
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

// Whole records from the file, a batch at a time: a batch ends at the last line end outside quotes.
class batches {
 public:
  batches(const std::string& path, std::size_t size) : path_(path), size_(size) {
    f_ = std::fopen(path.c_str(), "rb");
    if (f_ == nullptr) throw input_error(path, "cannot open the file");
  }
  ~batches() { std::fclose(f_); }
  batches(const batches&) = delete;
  batches& operator=(const batches&) = delete;

  // The next run of whole records [begin, end); false at the end of the file.
  bool next(const char*& begin, const char*& end) {
    buf_.erase(0, used_);
    used_ = 0;
    while (true) {
      const std::size_t had = buf_.size();
      buf_.resize(had + size_);
      const std::size_t got = std::fread(buf_.data() + had, 1, size_, f_);
      buf_.resize(had + got);
      const bool eof = got < size_;
      if (first_ && buf_.size() >= 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0) buf_.erase(0, 3);
      first_ = false;
      // The last newline with an even number of quotes before it.
      std::size_t cut = 0;
      bool in_quotes = false;
      for (std::size_t i = 0; i < buf_.size(); ++i) {
        if (buf_[i] == '"') in_quotes = !in_quotes;
        else if (buf_[i] == '\n' && !in_quotes) cut = i + 1;
      }
      if (eof) cut = buf_.size();
      if (cut > 0 || eof) {
        used_ = cut;
        begin = buf_.data();
        end = buf_.data() + cut;
        return cut > 0;
      }
      if (buf_.size() > io::max_csv_record_bytes + size_) throw input_error(path_, "a record longer than 1 MiB");
    }
  }

 private:
  std::string path_;
  std::size_t size_;
  std::FILE* f_ = nullptr;
  std::string buf_;
  std::size_t used_ = 0;
  bool first_ = true;
};

// "[-]d[.d[d]]" with at most 15 whole digits, in fen, as fen::parse reads it; else fen::parse, whose
// error `where()` names the line and column.
template <class Where>
std::int64_t amount(std::string_view v, Where where) {
  if (v.empty()) return 0;
  std::size_t i = v[0] == '-' ? 1 : 0;
  const bool negative = i == 1;
  const std::size_t whole_start = i;
  std::int64_t whole = 0;
  while (i < v.size() && i - whole_start < 15 && v[i] >= '0' && v[i] <= '9') whole = whole * 10 + (v[i++] - '0');
  bool plain = i > whole_start;
  std::int64_t cents = 0;
  if (plain && i < v.size()) {
    const std::size_t frac_start = i + 1;
    plain = v[i] == '.';
    i = frac_start;
    while (plain && i < v.size() && i - frac_start < 2 && v[i] >= '0' && v[i] <= '9') cents = cents * 10 + (v[i++] - '0');
    plain = plain && i > frac_start && i == v.size();
    if (i - frac_start == 1) cents *= 10;
  }
  if (plain) return negative ? -(whole * 100 + cents) : whole * 100 + cents;
  try {
    return fen::parse(v).value();
  } catch (const input_error& e) {
    throw input_error(where(), "expected an amount in yuan (" + e.message() + ")");
  }
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

  std::vector<stay> stays;
  std::vector<std::uint64_t> reversed;  // fnv64(init_setl_id) of every counted reversal
  batches in(path, opt.batch_bytes);
  const char* b = nullptr;
  const char* e = nullptr;
  std::array<int, k_count> at{};
  at.fill(-1);
  std::size_t header_fields = 0;
  std::int64_t line = 1;
  std::vector<std::string_view> f;
  bool header = true;
  const std::string year_text = std::to_string(opt.year);
  while (in.next(b, e)) {
    io::csv_cursor cur(b, e, line, &path);
    while (cur.next(f)) {
      if (header) {
        header = false;
        header_fields = f.size();
        for (std::size_t i = 0; i < f.size(); ++i) {
          const std::string n = lower(f[i]);
          for (int c = 0; c < k_count; ++c)
            for (std::string_view alias : names[static_cast<std::size_t>(c)])
              if (alias == n) at[static_cast<std::size_t>(c)] = static_cast<int>(i);
        }
        for (int c : {k_setl_id, k_psn, k_insutype, k_med, k_setl_time, k_inst, k_admdvs, k_hifp})
          if (at[static_cast<std::size_t>(c)] < 0)
            throw input_error(path + ":1", "missing required column " + std::string(names[static_cast<std::size_t>(c)][0]));
        t.has_medfee = at[k_medfee] >= 0;
        t.has_ownpay = at[k_ownpay] >= 0;
        t.has_stay_times = at[k_adm] >= 0 && at[k_dscg] >= 0;
        continue;
      }
      const std::int64_t row_line = cur.line();
      if (f.size() != header_fields)
        throw input_error(path + ":" + std::to_string(row_line), "expected " + std::to_string(header_fields) + " fields (as the header)");
      auto cell = [&](int c) {
        const int i = at[static_cast<std::size_t>(c)];
        return i < 0 ? std::string_view() : f[static_cast<std::size_t>(i)];
      };
      auto where = [&](int c) { return path + ":" + std::to_string(row_line) + ":" + std::to_string(at[static_cast<std::size_t>(c)] + 1); };
      auto at_col = [&](int c) { return [&where, c] { return where(c); }; };
      // The aggregation's order of exclusion: invalid, other fund, out of period.
      if (at[k_vali] >= 0 && cell(k_vali) != "1") continue;
      std::size_t fund = 0;
      if (cell(k_insutype) == "310") fund = 0;
      else if (cell(k_insutype) == "390") fund = 1;
      else continue;
      const std::string_view st = cell(k_setl_time);
      if (st.size() < 4 || st.substr(0, 4) != year_text) continue;
      const bool reversal = !cell(k_init).empty();
      const std::int64_t sign = reversal ? -1 : 1;
      if (reversal) reversed.push_back(fnv64(cell(k_init)));
      inst_info inst;
      if (const auto it = institutions.find(cell(k_inst)); it != institutions.end()) inst = it->second;
      const std::int64_t hifp = amount(cell(k_hifp), at_col(k_hifp));
      const std::int64_t medfee = t.has_medfee ? amount(cell(k_medfee), at_col(k_medfee)) : 0;
      const std::int64_t ownpay = t.has_ownpay ? amount(cell(k_ownpay), at_col(k_ownpay)) : 0;
      const care kind = category(cell(k_med));
      if (inst.alliance != no_alliance) {
        indicator_counts& m = t.funds[fund][inst.alliance];
        m.member_medfee += medfee;
        m.member_ownpay += ownpay;
      }
      // The insured's alliance.
      if (cell(k_admdvs) != opt.county || A == 0) continue;
      std::uint32_t pa = 0;
      if (A > 1) {
        const auto it = attributed.find(cell(k_psn));
        if (it == attributed.end()) continue;  // a local insured of no alliance
        pa = it->second;
      }
      indicator_counts& c = t.funds[fund][pa];
      c.medfee += medfee;
      c.hifp += hifp;
      if (inst.in_county) c.hifp_in_county += hifp;
      if (inst.primary) c.hifp_primary += hifp;
      if (!inst.county_nonmember) {
        c.scope_hifp += hifp;
        c.scope_medfee += medfee;
      }
      if (kind != care::other) {
        c.visits += sign;
        if (inst.primary) c.primary_visits += sign;
      }
      if (kind == care::inpatient) {
        c.stays += sign;
        if (inst.in_county) c.stays_in_county += sign;
        if (!reversal && t.has_stay_times) {
          stay s;
          if (!moment_of(cell(k_adm), s.adm)) throw input_error(where(k_adm), "expected the admission time of an inpatient stay, yyyy-MM-dd[ HH:mm:ss]");
          if (!moment_of(cell(k_dscg), s.dscg)) throw input_error(where(k_dscg), "expected the discharge time of an inpatient stay, yyyy-MM-dd[ HH:mm:ss]");
          if (s.dscg < s.adm) throw input_error(where(k_dscg), "expected a discharge on or after the admission");
          s.person = fnv64(cell(k_psn));
          s.setl = fnv64(cell(k_setl_id));
          s.line = row_line;
          s.group = static_cast<std::uint32_t>(fund * A + pa);
          s.member_of = inst.alliance;
          stays.push_back(s);
        }
      }
    }
    line = cur.next_line();
  }
  if (header) throw input_error(path + ":1", "an empty file (no header)");

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
