// Deterministic sample data for demos, tests and benchmarks (integers only: the same bytes everywhere).
#include "medbudget/io/generate.hpp"

#include <fmt/format.h>

#include <string_view>  // string_view
#include <vector>       // vector

#include "medbudget/calendar.hpp"
#include "medbudget/error.hpp"
#include "medbudget/io/files.hpp"

namespace medbudget {

namespace {

// splitmix64: a small, well-mixed 64-bit generator whose output is the same on every platform.
struct rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) (n ≤ 2^32: the bias of the multiply-shift is below 2^-32).
  std::uint64_t below(std::uint64_t n) { return ((next() >> 32) * n) >> 32; }
  bool percent(std::uint64_t p) { return below(10000) < p; }  // p in hundredths of a percent
};

// One file of the sample, buffered, written through the run's file_set (all three or none).
class out_file {
 public:
  out_file(file_set& set, const std::string& name) : set_(set), index_(set.open(name)) {}
  fmt::memory_buffer& buf() { return buf_; }
  void flush_if_full() {
    if (buf_.size() > (1u << 20)) flush();
  }
  std::int64_t close() {
    flush();
    return static_cast<std::int64_t>(set_.bytes(index_));
  }

 private:
  void flush() {
    set_.write(index_, std::string_view(buf_.data(), buf_.size()));
    buf_.clear();
  }
  file_set& set_;
  std::size_t index_;
  fmt::memory_buffer buf_;
};

struct inst {
  std::string code;
  int alliance;  // 0, 1; −1 none
  int place;     // 0 member, 1 county non-member, 2 out of county
};

struct person {
  bool local;
  int fund;      // 310 or 390
  int alliance;  // 0, 1, −1 unattributed
  int birth_y, birth_m, birth_d;
};


}  // namespace

sample_written generate_sample(const sample_spec& spec) {
  if (spec.county.size() != 6) throw input_error("--county", "expected a 6-digit 医保区划 code");
  if (spec.insured <= 0 || spec.records < 0) throw input_error("--insured", "expected a positive number of insured");
  // All three files or none: each is written under a temporary name and renamed at the end; a
  // failure (a full disk) removes them, and a kill leaves only a temporary, never a cut claims.csv.
  file_set set(spec.out_dir);
  rng r{spec.seed};
  const std::string& c = spec.county;

  // Registry: two alliances (a lead hospital and eight township centres each, the centres of an
  // alliance in four member units), three private hospitals in the county, four hospitals elsewhere.
  std::vector<inst> insts;
  {
    out_file reg(set, "registry.csv");
    fmt::format_to(std::back_inserter(reg.buf()), "fixmedins_code,fixmedins_name,admdvs,alliance_id,member_id,level,primary\n");
    for (int a = 0; a < 2; ++a) {
      const std::string code = fmt::format("H{}{}00", c, a + 1);
      insts.push_back({code, a, 0});
      fmt::format_to(std::back_inserter(reg.buf()), "{},县第{}人民医院,{},A0{},LEAD,2,0\n", code, a + 1, c, a + 1);
      for (int t = 1; t <= 8; ++t) {
        const std::string tc = fmt::format("H{}{}{:02d}", c, a + 1, t);
        insts.push_back({tc, a, 0});
        fmt::format_to(std::back_inserter(reg.buf()), "{},\"第{}片区, 第{}乡镇卫生院\",{},A0{},T{},0,1\n", tc, a + 1, t, c,
                       a + 1, (t + 1) / 2);
      }
    }
    for (int p = 1; p <= 3; ++p) {
      const std::string code = fmt::format("H{}P{:02d}", c, p);
      insts.push_back({code, -1, 1});
      fmt::format_to(std::back_inserter(reg.buf()), "{},县民营医院{},{},,,1,0\n", code, p, c);
    }
    for (int o = 1; o <= 4; ++o) {
      const std::string admdvs = o <= 2 ? c.substr(0, 4) + "02" : "110105";
      const std::string code = fmt::format("H{}X{:02d}", admdvs, o);
      insts.push_back({code, -1, 2});
      fmt::format_to(std::back_inserter(reg.buf()), "{},市外医院{},{},,,3,0\n", code, o, admdvs);
    }
    reg.close();
  }

  // Persons: 85% local (60/40 between the alliances, 2% unattributed), 30% employees.
  std::vector<person> persons(static_cast<std::size_t>(spec.insured));
  {
    out_file attr(set, "attribution.csv");
    fmt::format_to(std::back_inserter(attr.buf()), "psn_no,alliance_id\n");
    for (std::size_t i = 0; i < persons.size(); ++i) {
      person& p = persons[i];
      p.local = !r.percent(1500);
      p.fund = r.percent(3000) ? 310 : 390;
      p.alliance = !p.local ? -1 : r.percent(200) ? -1 : r.percent(6000) ? 0 : 1;
      p.birth_y = spec.year - 2 - static_cast<int>(r.below(99));  // born before any settlement: ages 0–100
      p.birth_m = static_cast<int>(r.below(12)) + 1;
      const int dim = days_in_month(p.birth_y, p.birth_m);
      p.birth_d = static_cast<int>(r.below(static_cast<std::uint64_t>(dim))) + 1;
      if (p.local && p.alliance >= 0) fmt::format_to(std::back_inserter(attr.buf()), "P{:010d},A0{}\n", i, p.alliance + 1);
      attr.flush_if_full();
    }
    attr.close();
  }

  sample_written w;
  out_file claims(set, "claims.csv");
  auto& b = claims.buf();
  fmt::format_to(std::back_inserter(b),
                 "setl_id,init_setl_id,refd_setl_flag,vali_flag,psn_no,insutype,med_type,setl_time,fixmedins_code,"
                 "insu_admdvs,age,brdy,medfee_sumamt,hifp_pay,fulamt_ownpay_amt,psn_cash_pay\n");
  const std::string other_admdvs = c.substr(0, 4) + (c.substr(4) == "99" ? "98" : "99");
  std::int64_t seq = 0;
  for (std::int64_t k = 0; k < spec.records; ++k) {
    const std::size_t pi = static_cast<std::size_t>(r.below(static_cast<std::uint64_t>(persons.size())));
    const person& p = persons[pi];
    // Where: a local insured mostly in the own alliance; a non-local one at an alliance member.
    const inst* where = nullptr;
    if (p.local) {
      const std::uint64_t x = r.below(100);
      int want_alliance = p.alliance >= 0 ? p.alliance : static_cast<int>(r.below(2));
      if (x >= 70 && x < 78) want_alliance = 1 - want_alliance;
      if (x < 78) where = &insts[static_cast<std::size_t>(want_alliance * 9 + static_cast<int>(r.below(9)))];
      else if (x < 86) where = &insts[18 + r.below(3)];
      else where = &insts[21 + r.below(4)];
    } else {
      where = &insts[r.below(18)];
    }
    const std::uint64_t kind = r.below(100);
    const int med_type = kind < 70 ? 11 : kind < 75 ? 14 : kind < 95 ? 21 : 41;
    const std::int64_t fee = med_type == 21 ? 200000 + static_cast<std::int64_t>(r.below(3800000))
                                            : 2000 + static_cast<std::int64_t>(r.below(78000));  // fen
    const std::int64_t hifp = fee * (40 + static_cast<std::int64_t>(r.below(41))) / 100;
    const std::int64_t ownpay = (fee - hifp) * static_cast<std::int64_t>(r.below(30)) / 100;
    const std::int64_t cash = fee - hifp;
    int year = spec.year;
    int month = static_cast<int>(r.below(12)) + 1;
    if (r.percent(30)) {  // 0.3% from December of the previous year: out of period
      year = spec.year - 1;
      month = 12;
    }
    const int dim = days_in_month(year, month);
    const int day = static_cast<int>(r.below(static_cast<std::uint64_t>(dim))) + 1;
    const int hh = static_cast<int>(r.below(24)), mm = static_cast<int>(r.below(60)), ss = static_cast<int>(r.below(60));
    const bool invalid = r.percent(50);
    const int insutype = r.percent(30) ? 392 : p.fund;
    const std::string admdvs = p.local ? c : other_admdvs;
    const bool with_age = r.percent(3000);
    int age = age_on(make_date(p.birth_y, p.birth_m, p.birth_d), make_date(year, month, day));
    if (age < 0) age = 0;
    const auto money = [](std::int64_t f) { return fmt::format("{}.{:02d}", f / 100, f % 100); };
    const std::string age_cell = with_age ? (r.percent(5000) ? fmt::format("{}.0", age) : fmt::format("{}", age)) : "";
    const std::string brdy = with_age ? "" : fmt::format("{:04d}-{:02d}-{:02d}", p.birth_y, p.birth_m, p.birth_d);
    const std::int64_t id = ++seq;
    fmt::format_to(std::back_inserter(b), "S{}{:010d},,0,{},P{:010d},{},{},{:04d}-{:02d}-{:02d} {:02d}:{:02d}:{:02d},{},{},{},{},{},{},{},{}\n",
                   c, id, invalid ? 0 : 1, pi, insutype, med_type, year, month, day, hh, mm, ss, where->code, admdvs,
                   age_cell, brdy, money(fee), money(hifp), money(ownpay), money(cash));
    ++w.rows;
    if (r.percent(200)) {  // 2% reversed, in the same or a later month; one in ten only in part
      const bool partial = r.percent(1000);
      const std::int64_t back = partial ? hifp / 2 : hifp;
      const std::int64_t back_fee = partial ? fee / 2 : fee;
      const int rmonth = month + static_cast<int>(r.below(static_cast<std::uint64_t>(13 - month)));
      // A reversal in February stays on or before the 28th in every year, as generated files always have.
      const int rday = std::min(day, rmonth == 2 ? 28 : days_in_month(year, rmonth));
      fmt::format_to(std::back_inserter(b), "S{}{:010d},S{}{:010d},1,1,P{:010d},{},{},{:04d}-{:02d}-{:02d} 09:00:00,{},{},{},{},-{},-{},0.00,-{}\n",
                     c, ++seq, c, id, pi, insutype, med_type, year, rmonth, rday, where->code, admdvs, age_cell, brdy,
                     money(back_fee), money(back), money(back_fee - back));
      ++w.rows;
      ++w.reversals;
    }
    claims.flush_if_full();
    if (spec.progress && ((k + 1) % 65536 == 0 || k + 1 == spec.records)) spec.progress(k + 1, spec.records);
  }
  w.bytes = claims.close();
  set.commit();
  return w;
}

}  // namespace medbudget
