// Test helpers for the records reader's tests: small records files made from rows, aggregated
// against tests/data/claims registries.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>  // path, create_directories
#include <fstream>     // ofstream
#include <optional>    // optional
#include <stdexcept>   // runtime_error
#include <string>      // string
#include <vector>      // vector

#include "medbudget/error.hpp"
#include "medbudget/io/claims_csv.hpp"

namespace claims_files {

namespace fs = std::filesystem;
using medbudget::claims_result;
using medbudget::input_error;

inline const fs::path data_dir = fs::path(MEDBUDGET_SOURCE_DIR) / "tests" / "data" / "claims";

// ---- building small files -------------------------------------------------------------------------

// The columns of every hand-made file, in this order; the column numbers errors must name.
inline const std::string header =
    "setl_id,init_setl_id,refd_setl_flag,vali_flag,psn_no,insutype,med_type,setl_time,fixmedins_code,insu_admdvs,"
    "age,brdy,hifp_pay";
enum col { c_psn = 5, c_insutype = 6, c_setl_time = 8, c_admdvs = 10, c_brdy = 12, c_hifp = 13 };

// One record; fields not given take a plain local resident's visit to the lead hospital of A1.
struct rec {
  std::string id;
  std::string hifp = "10.00";
  std::string psn = "P1";
  std::string inst = "H01";
  std::string time = "2024-03-01 10:00:00";
  std::string insutype = "390";
  std::string admdvs = "230123";
  std::string age = "40";
  std::string brdy = "";
  std::string vali = "1";
  std::string init = "";
  std::string med = "11";
  [[nodiscard]] std::string line() const {
    return id + "," + init + "," + (init.empty() ? "0" : "1") + "," + vali + "," + psn + "," + insutype + "," + med + "," + time +
           "," + inst + "," + admdvs + "," + age + "," + brdy + "," + hifp;
  }
};

inline std::string csv(const std::vector<rec>& rows) {
  std::string out = header + "\n";
  for (const rec& r : rows) out += r.line() + "\n";
  return out;
}

// `n` plain records F0, F1, … of 1.00 each.
inline std::vector<rec> filler(int n, const std::string& prefix = "F") {
  std::vector<rec> rows;
  for (int i = 0; i < n; ++i) rows.push_back({.id = prefix + std::to_string(i), .hifp = "1.00"});
  return rows;
}

// Writes `bytes` to a file named after the running test (tests run in parallel processes).
inline std::string file(const std::string& bytes, const std::string& suffix = "") {
  const fs::path dir = fs::path(MEDBUDGET_BINARY_DIR) / "claims_test_files";
  fs::create_directories(dir);
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const fs::path p = dir / (std::string(info->test_suite_name()) + "." + info->name() + suffix + ".csv");
  std::ofstream(p, std::ios::binary) << bytes;
  return p.string();
}

struct run_options {
  std::string registry = "registry-one.csv";
  std::string attribution = "";  // file under data_dir, or none
  int year = 2024;
  unsigned threads = 0;
  std::size_t batch_bytes = 1u << 20;  // small files: spare zeroing the default 32 MiB buffer
};

inline claims_result aggregate(const std::string& path, const run_options& o = {}) {
  const auto reg = medbudget::read_registry((data_dir / o.registry).string());
  std::optional<medbudget::attribution> attr;
  if (!o.attribution.empty()) attr = medbudget::read_attribution((data_dir / o.attribution).string(), reg);
  medbudget::claims_options opt;
  opt.county = "230123";
  opt.year = o.year;
  opt.threads = o.threads;
  opt.batch_bytes = o.batch_bytes;
  return medbudget::aggregate_claims(path, reg, attr ? &*attr : nullptr, opt);
}

// The input_error aggregating `path` throws (a test failure when it throws none or another type).
inline std::optional<input_error> error_of(const std::string& path, const run_options& o = {}) {
  try {
    (void)aggregate(path, o);
  } catch (const input_error& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not an input_error: " << e.what();
    return std::nullopt;
  }
  ADD_FAILURE() << path << " was accepted";
  return std::nullopt;
}

inline std::string at(const std::string& path, int line) { return path + ":" + std::to_string(line); }
inline std::string at(const std::string& path, int line, int column) { return at(path, line) + ":" + std::to_string(column); }

inline const medbudget::alliance_claims& alliance(const claims_result& r, const std::string& insutype, const std::string& id) {
  for (const auto& f : r.funds)
    if (f.insutype == insutype)
      for (const auto& a : f.alliances)
        if (a.id == id) return a;
  throw std::runtime_error("no alliance " + id + " in fund " + insutype);
}

inline std::string split_of(const std::vector<std::pair<std::string, medbudget::fen>>& split, const std::string& key) {
  for (const auto& [k, v] : split)
    if (k == key) return v.str();
  return "(absent)";
}

inline void expect_read_is_counted_plus_excluded(const medbudget::record_counters& c) {
  EXPECT_EQ(c.read, c.counted + c.excluded_invalid + c.excluded_other_insutype + c.excluded_out_of_period);
}

}  // namespace claims_files
