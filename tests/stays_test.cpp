// Stays, transfers and readmissions: count_stays on hand-built stays, then the same rules through a
// hand-built records file (tests/data/indicators/claims_transfers.csv). Every figure is worked by hand
// in the comments.
#include <gtest/gtest.h>

#include <filesystem>

#include "medbudget/indicators.hpp"
#include "medbudget/io/indicators_csv.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/stays.hpp"

namespace fs = std::filesystem;
using medbudget::inpatient_stay;
using medbudget::stay_counts;
using medbudget::stay_time;

namespace {

const fs::path data_dir = fs::path(MEDBUDGET_SOURCE_DIR) / "tests" / "data" / "indicators";

// A stay of person `p` in group 0: admitted day `a` at second `as`, discharged day `d` at `ds`, at a
// member of alliance `m` (no_alliance: elsewhere).
inpatient_stay at(std::uint64_t p, std::int64_t line, int a, int as, int d, int ds, std::uint32_t m, std::uint64_t setl = 0) {
  inpatient_stay s;
  s.person = p;
  s.setl = setl == 0 ? static_cast<std::uint64_t>(line) : setl;
  s.line = line;
  s.adm = stay_time{a, as};
  s.dscg = stay_time{d, ds};
  s.member_of = m;
  return s;
}

stay_counts count(std::vector<inpatient_stay> s, std::int64_t days = 15, std::vector<std::uint64_t> reversed = {}) {
  return medbudget::count_stays(s, reversed, 1, days).at(0);
}

constexpr std::uint32_t none = medbudget::no_alliance;

}  // namespace

TEST(Stays, SameDaySameAllianceIsOneStay) {
  // Day 10 to day 14 at alliance 0, then admitted on day 14 at alliance 0 (earlier in the day than the
  // discharge: the calendar date decides): one stay of 2 records, 1 transfer, no readmission.
  EXPECT_EQ(count({at(1, 2, 10, 0, 14, 36000, 0), at(1, 3, 14, 28800, 16, 0, 0)}), (stay_counts{1, 1, 0}));
  // Chain of three: 10–14, 14–18, 18–20 at alliance 0: one stay, 2 transfers.
  EXPECT_EQ(count({at(1, 2, 10, 0, 14, 0, 0), at(1, 3, 14, 0, 18, 0, 0), at(1, 4, 18, 0, 20, 0, 0)}), (stay_counts{1, 2, 0}));
  // A merged stay keeps the later discharge: 10–14 and 14–20 merge into 10–20, and 20–22 chains on
  // (admitted on day 20): one stay, 2 transfers.
  EXPECT_EQ(count({at(1, 2, 10, 0, 14, 0, 0), at(1, 3, 14, 0, 20, 0, 0), at(1, 4, 20, 0, 22, 0, 0)}), (stay_counts{1, 2, 0}));
  // The stay before is the one just before in the order: 10–20, then 12–14 (nested: admitted day 12 ≠ 20,
  // neither a transfer nor a readmission), then day 20: the stay before it is 12–14 (discharged day 14),
  // so not a transfer; 0 days after the latest discharge (day 20): a readmission → 3 stays.
  EXPECT_EQ(count({at(1, 2, 10, 0, 20, 0, 0), at(1, 3, 12, 0, 14, 0, 0), at(1, 4, 20, 0, 22, 0, 0)}), (stay_counts{3, 0, 1}));
}

TEST(Stays, SameDayElsewhereIsAReadmission) {
  // Discharged day 14 at 10:00 from alliance 0; admitted day 14 at 11:00 out of every alliance: not a
  // transfer; at or after the discharge, 0 days: a readmission.
  EXPECT_EQ(count({at(1, 2, 10, 0, 14, 36000, 0), at(1, 3, 14, 39600, 16, 0, none)}), (stay_counts{2, 0, 1}));
  // Admitted day 14 at 09:00 elsewhere, before the 10:00 discharge: an overlap, neither.
  EXPECT_EQ(count({at(1, 2, 10, 0, 14, 36000, 0), at(1, 3, 14, 32400, 16, 0, none)}), (stay_counts{2, 0, 0}));
  // A member of another alliance (1) the same day: not a transfer, a readmission.
  EXPECT_EQ(count({at(1, 2, 10, 0, 14, 0, 0), at(1, 3, 14, 0, 16, 0, 1)}), (stay_counts{2, 0, 1}));
  // Both out of every alliance the same day: no_alliance is no alliance, not a transfer.
  EXPECT_EQ(count({at(1, 2, 10, 0, 14, 0, none), at(1, 3, 14, 0, 16, 0, none)}), (stay_counts{2, 0, 1}));
}

TEST(Stays, ReadmissionWindow) {
  // Discharged day 100 at 18:00; admitted day 115 at 08:00 (15 calendar days, N = 15): counts.
  EXPECT_EQ(count({at(1, 2, 90, 0, 100, 64800, 0), at(1, 3, 115, 28800, 117, 0, 0)}), (stay_counts{2, 0, 1}));
  // Day 116 (N + 1): does not.
  EXPECT_EQ(count({at(1, 2, 90, 0, 100, 64800, 0), at(1, 3, 116, 28800, 117, 0, 0)}), (stay_counts{2, 0, 0}));
  // N = 30: day 130 counts, 131 not.
  EXPECT_EQ(count({at(1, 2, 90, 0, 100, 0, 0), at(1, 3, 130, 0, 131, 0, 0)}, 30), (stay_counts{2, 0, 1}));
  EXPECT_EQ(count({at(1, 2, 90, 0, 100, 0, 0), at(1, 3, 131, 0, 132, 0, 0)}, 30), (stay_counts{2, 0, 0}));
  // The latest earlier discharge: 1–30, nested 5–10, then day 40: 10 days after 30 (a readmission), not
  // 30 days after 10.
  EXPECT_EQ(count({at(1, 2, 1, 0, 30, 0, none), at(1, 3, 5, 0, 10, 0, none), at(1, 4, 40, 0, 41, 0, none)}, 15),
            (stay_counts{3, 0, 1}));
  // Another person's discharge is not this person's: 1–10 (P1), day 12 (P2): no readmission.
  EXPECT_EQ(count({at(1, 2, 1, 0, 10, 0, 0), at(2, 3, 12, 0, 14, 0, 0)}), (stay_counts{2, 0, 0}));
}

TEST(Stays, OrderAndReversals) {
  // Listed out of order: admitted day 3 (line 2) and day 1 to 3 (line 3). By admission the day-1 stay
  // comes first, and the day-3 one is its transfer.
  EXPECT_EQ(count({at(1, 2, 3, 0, 4, 0, 0), at(1, 3, 1, 0, 3, 0, 0)}), (stay_counts{1, 1, 0}));
  // Same admission and discharge: the line orders them; both at alliance 0, admitted on day 1, the
  // second's admission is not the first's discharge date (2): two stays, the second overlapping.
  EXPECT_EQ(count({at(1, 3, 1, 0, 2, 0, 0), at(1, 2, 1, 0, 2, 0, 0)}), (stay_counts{2, 0, 0}));
  // A reversed middle link breaks the chain: 1–3, [3–5 reversed], 5–6: 2 stays, a readmission (2 days).
  EXPECT_EQ(count({at(1, 2, 1, 0, 3, 0, 0), at(1, 3, 3, 0, 5, 0, 0, 77), at(1, 4, 5, 0, 6, 0, 0)}, 15, {77}),
            (stay_counts{2, 0, 1}));
}

TEST(Stays, GroupsAreCountedApart) {
  // The same person in group 0 (fund 310) and group 1 (fund 390): a day-14 stay in group 1 is not a
  // transfer or readmission of the group-0 stay.
  std::vector<inpatient_stay> s = {at(1, 2, 10, 0, 14, 0, 0), at(1, 3, 14, 0, 16, 0, 0)};
  s[1].group = 1;
  std::vector<std::uint64_t> reversed;
  const auto c = medbudget::count_stays(s, reversed, 2, 15);
  EXPECT_EQ(c[0], (stay_counts{1, 0, 0}));
  EXPECT_EQ(c[1], (stay_counts{1, 0, 0}));
}

// claims_transfers.csv: fund 390, persons P1–P7 all of YX01 (attribution_stays.csv). A1, A2 are YX01's
// members (A2 primary), B1 is YX02's, X1 and Y1 (primary) are out of county.
TEST(Stays, TransfersFromRecords) {
  const auto reg = medbudget::read_registry((data_dir / "registry_stays.csv").string());
  const auto attr = medbudget::read_attribution((data_dir / "attribution_stays.csv").string(), reg);
  medbudget::indicator_options o;
  o.county = "441721";
  o.year = 2024;
  auto tally = [&](std::int64_t days) {
    o.readmission_days = days;
    return medbudget::tally_indicators((data_dir / "claims_transfers.csv").string(), reg, &attr, o).funds[1][0];
  };
  const medbudget::indicator_counts c = tally(15);
  // P1: T01 (A1, 01-01 08:00 → 01-05 09:00), T02 (A2, admitted 01-05), T03 (A1, admitted 01-09, T02's
  //     discharge date): a chain of three, 2 transfers; T04 admitted 01-27, 15 days after 01-12: readmission.
  // P2: T05 (A1, out 02-05 10:00), T06 (X1, in 02-05 11:00: out of the alliance, a readmission), T07 (A1,
  //     in 02-08 12:00 after T06's 02-08 discharge; T06 is no member: a readmission) → 3 stays, 2 readmissions.
  // P3: T08 (A1, out 03-04), T09 (B1 of YX02, in 03-04): not a transfer, a readmission.
  // P4: T10 (A1, 04-01 → 04-10), T11 (X1, 04-03 → 04-05, nested: neither), T12 (A1, in 04-26: 16 days after
  //     the latest discharge 04-10): not a readmission → 3 stays, 0.
  // P5: T13 (A1, out 05-05 10:00), T14 (A2, in 05-05 08:00, same date): 1 transfer.
  // P6: T16 (A2, 06-03 → 06-04) is listed before T15 (A1, 06-01 → 06-03); by admission T15 first: 1 transfer.
  // P7: T18 (A1, 07-01 → 07-03), T19 (A2, 07-03 → 07-05) reversed by T20, T21 (A1, in 07-05): T19 removed,
  //     T21 is no transfer of T18 (07-05 ≠ 07-03) but a readmission (2 days).
  // Records: 4 + 3 + 2 + 3 + 2 + 2 + (3 − 1) = 18 net; transfers 2 + 1 + 1 = 4 → 14 stays.
  EXPECT_EQ(c.transfers, 4);
  EXPECT_EQ(c.stays, 14);
  // In county: all but T06, T11 (X1) → 16 net, less the 4 transfers (members: in county) → 12.
  EXPECT_EQ(c.stays_in_county, 12);
  EXPECT_EQ(c.readmit_stays, 14);
  EXPECT_EQ(c.readmissions, 1 + 2 + 1 + 0 + 0 + 0 + 1);
  // Visits count records, unmerged: 18 + T22 (Y1) + T23 (A2) = 20. In-county primary (A2 only, not Y1):
  // T02, T14, T16, T19, −T20, T23 = 4.
  EXPECT_EQ(c.visits, 20);
  EXPECT_EQ(c.primary_visits, 4);
  // hifp: 18 × 100 + 50 + 30 = 1880.00; at A2: 400 − 100 + 30 = 330.00; in county: 1880 − 200 (X1) − 50 (Y1).
  EXPECT_EQ(c.hifp, 188000);
  EXPECT_EQ(c.hifp_primary, 33000);
  EXPECT_EQ(c.hifp_in_county, 163000);
  // N = 14: P1's T04 (15 days) drops out → 4; N = 16: P4's T12 (16 days) comes in → 6.
  EXPECT_EQ(tally(14).readmissions, 4);
  EXPECT_EQ(tally(16).readmissions, 6);
  // The shares: in-county stays 12/14 = 6/7 (85.71%), readmissions 5/14 (35.71%), primary visits 4/20
  // = 20%, primary spend 330/1880 = 33/188 (17.55%).
  o.readmission_days = 15;
  const medbudget::indicator_tally t = medbudget::tally_indicators((data_dir / "claims_transfers.csv").string(), reg, &attr, o);
  const auto r = medbudget::evaluate_indicators(medbudget::preset("hunan"), t, nullptr);
  const auto& v = r.funds[1].alliances[0].values;
  EXPECT_EQ(*v[0].value, medbudget::cpp_rational(6, 7));
  EXPECT_EQ(*v[6].value, medbudget::cpp_rational(1, 5));
  EXPECT_EQ(*v[8].value, medbudget::cpp_rational(33, 188));
}
