// The counts behind the performance indicators (indicators_csv.hpp, docs/indicators.md): the records
// scan with the indicators' sink on.
#include "medbudget/io/indicators_csv.hpp"

#include "medbudget/io/records_scan.hpp"

namespace medbudget {

indicator_tally tally_indicators(const std::string& path, const registry& reg, const attribution* attr,
                                 const indicator_options& opt) {
  scan_options s;
  s.records.county = opt.county;
  s.records.year = opt.year;
  s.records.batch_bytes = opt.batch_bytes;
  s.records.threads = opt.threads;
  s.indicators = true;
  s.readmission_days = opt.readmission_days;
  return *scan_records(path, reg, attr, s).indicators;
}

}  // namespace medbudget
