// The indicators' sink of the records scan (indicator_sink.hpp, docs/indicators.md).
#include "indicator_sink.hpp"

#include <algorithm>  // find

#include "medbudget/calendar.hpp"
#include "medbudget/error.hpp"

namespace medbudget::io {

indicator_context make_indicator_context(const registry& reg, const std::string& county, std::uint32_t institution_numbers) {
  indicator_context ctx;
  for (const institution& i : reg.institutions)
    if (!i.alliance_id.empty() && std::find(ctx.alliances.begin(), ctx.alliances.end(), i.alliance_id) == ctx.alliances.end())
      ctx.alliances.push_back(i.alliance_id);
  ctx.institutions.assign(institution_numbers, indicator_institution{});  // the last: unregistered
  for (std::size_t k = 0; k < reg.institutions.size() && k < institution_numbers; ++k) {
    const institution& i = reg.institutions[k];
    indicator_institution& x = ctx.institutions[k];
    x.in_county = i.admdvs == county;
    if (!i.alliance_id.empty() && x.in_county)
      x.alliance = static_cast<std::uint32_t>(std::find(ctx.alliances.begin(), ctx.alliances.end(), i.alliance_id) -
                                              ctx.alliances.begin());
    x.primary = i.primary && x.in_county;
    x.county_nonmember = x.in_county && i.alliance_id.empty() && !i.dual_channel;
  }
  return ctx;
}

bool stay_moment(std::string_view s, stay_time& t) noexcept {
  date d{};
  int second = 0;
  if (!parse_date_time(s, d, time_of_day::optional, &second) || year_of(d) < 1900) return false;
  t.day = static_cast<std::int32_t>(day_number(d));
  t.second = second;
  return true;
}

indicator_tally finish_indicators(const indicator_context& ctx, std::vector<indicator_state*> parts,
                                  std::vector<std::uint64_t>& reversed, const std::string& file, const std::string& county,
                                  int year, std::int64_t readmission_days, bool has_medfee, bool has_ownpay) {
  indicator_tally t;
  t.county = county;
  t.year = year;
  t.readmission_days = readmission_days;
  t.alliances = ctx.alliances;
  t.has_medfee = has_medfee;
  t.has_ownpay = has_ownpay;
  t.has_stay_times = ctx.has_stay_times;
  const std::size_t A = t.alliances.size();
  t.funds.assign(claims_layout::funds, std::vector<indicator_counts>(A));
  std::array<bool, 3> overflow{};
  const auto add = [&](std::int64_t& total, std::int64_t part, indicator_sum column) {
    overflow[column] |= __builtin_add_overflow(total, part, &total);
  };
  std::vector<inpatient_stay> stays;
  for (indicator_state* s : parts) {
    for (std::size_t k = 0; k < 3; ++k) overflow[k] = overflow[k] || s->overflow[k];
    for (std::size_t g = 0; g < s->counts.size(); ++g) {
      const indicator_counts& p = s->counts[g];
      indicator_counts& c = t.funds[g / A][g % A];
      c.stays += p.stays;
      c.stays_in_county += p.stays_in_county;
      c.visits += p.visits;
      c.primary_visits += p.primary_visits;
      add(c.medfee, p.medfee, sum_medfee);
      add(c.scope_medfee, p.scope_medfee, sum_medfee);
      add(c.member_medfee, p.member_medfee, sum_medfee);
      add(c.member_ownpay, p.member_ownpay, sum_ownpay);
      add(c.hifp, p.hifp, sum_hifp);
      add(c.hifp_in_county, p.hifp_in_county, sum_hifp);
      add(c.hifp_primary, p.hifp_primary, sum_hifp);
      add(c.scope_hifp, p.scope_hifp, sum_hifp);
    }
    stays.insert(stays.end(), s->stays.begin(), s->stays.end());
    s->stays = {};
  }
  constexpr std::array<const char*, 3> names{"medfee_sumamt", "fulamt_ownpay_amt", "hifp_pay"};
  for (std::size_t k = 0; k < 3; ++k)
    if (overflow[k])
      throw input_error(file, std::string(names[k]) + " adds up past 92233720368547758.07 yuan, the largest total the program holds");

  // The stays left once every reversed one is removed, transfers merged: a merged stay counts once
  // (its parts are at members, so in county), and readmissions among them.
  const std::vector<stay_counts> merged = count_stays(stays, reversed, claims_layout::funds * A, readmission_days);
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

}  // namespace medbudget::io
