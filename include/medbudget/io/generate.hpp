// medbudget/io/generate.hpp — deterministic sample data: a registry, an attribution file and
// settlement records with realistic mixes (local and non-local insured, members and non-members, in
// and out of the county, reversals, invalid rows, ages 0–100, both funds). The demo, the tests and
// the benchmarks use it; the same seed gives the same bytes on every platform (integers only).
//
//   medbudget::generate_sample({.county = "230123", .insured = 50000, .records = 1000000, .seed = 7,
//                               .year = 2024, .out_dir = "sample"});
#pragma once

#include <cstdint>     // int64_t, uint64_t
#include <functional>  // function
#include <string>      // string

namespace medbudget {

struct sample_spec {
  std::string county = "230123";  // 6-digit admdvs
  std::int64_t insured = 50000;   // persons
  std::int64_t records = 100000;  // settlement rows before reversals are added
  std::uint64_t seed = 1;
  int year = 2024;
  std::string out_dir;            // registry.csv, attribution.csv, claims.csv
  // Called with the records written so far and `records`, every 65,536 records and at the end.
  std::function<void(std::int64_t done, std::int64_t total)> progress;
};

struct sample_written {
  std::int64_t rows = 0;        // rows of claims.csv (reversals included)
  std::int64_t reversals = 0;
  std::int64_t bytes = 0;       // of claims.csv
};

// Writes the three files, all or nothing (io/files.hpp file_set: temporaries renamed at the end);
// input_error when the directory cannot be written.
sample_written generate_sample(const sample_spec& spec);

}  // namespace medbudget
