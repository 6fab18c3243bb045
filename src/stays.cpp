// Transfers merged, readmissions counted (stays.hpp, docs/indicators.md).
#include "medbudget/stays.hpp"

#include <algorithm>  // sort, binary_search, max
#include <optional>   // optional

#include "medbudget/error.hpp"

namespace medbudget {

std::vector<stay_counts> count_stays(std::vector<inpatient_stay>& stays, std::vector<std::uint64_t>& reversed,
                                     std::size_t groups, std::int64_t readmission_days) {
  std::sort(reversed.begin(), reversed.end());
  std::erase_if(stays, [&](const inpatient_stay& s) { return std::binary_search(reversed.begin(), reversed.end(), s.setl); });
  std::sort(stays.begin(), stays.end(), [](const inpatient_stay& x, const inpatient_stay& y) {
    if (x.group != y.group) return x.group < y.group;
    if (x.person != y.person) return x.person < y.person;
    if (x.adm != y.adm) return x.adm < y.adm;
    if (x.dscg != y.dscg) return x.dscg < y.dscg;
    return x.line < y.line;
  });
  std::vector<stay_counts> out(groups);
  std::optional<stay_time> latest;  // the latest discharge of the person's stays counted so far
  // A merged stay ends: count it, and whether it is a readmission.
  auto close = [&](const inpatient_stay& merged) {
    ensure(merged.group < groups, "a stay's group is within the groups counted");
    stay_counts& c = out[merged.group];
    ++c.stays;
    if (latest && merged.adm >= *latest && merged.adm.day - latest->day <= readmission_days) ++c.readmissions;
    latest = latest ? std::max(*latest, merged.dscg) : merged.dscg;
  };
  std::size_t k = 0;
  while (k < stays.size()) {
    // One person of one group: stays[k, end).
    std::size_t end = k + 1;
    while (end < stays.size() && stays[end].group == stays[k].group && stays[end].person == stays[k].person) ++end;
    latest.reset();
    inpatient_stay merged = stays[k];
    for (std::size_t i = k + 1; i < end; ++i) {
      const inpatient_stay& s = stays[i];
      if (s.member_of != no_alliance && s.member_of == merged.member_of && s.adm.day == merged.dscg.day) {
        merged.dscg = std::max(merged.dscg, s.dscg);
        ++out[merged.group].transfers;
        continue;
      }
      close(merged);
      merged = s;
    }
    close(merged);
    k = end;
  }
  return out;
}

}  // namespace medbudget
