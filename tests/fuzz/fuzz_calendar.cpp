// libFuzzer target: the calendar file loader (read_calendar_years), the calendar built from what it
// accepts alone (calendar::from_years) and layered on the national calendar (layer_calendar), and a
// few queries of the result.
#include <chrono>

#include "fuzz_common.hpp"
#include "medbudget/io/calendar_json.hpp"

namespace {
void query(const medbudget::calendar& cal) {
  using namespace std::chrono;
  const medbudget::date first{year{cal.first_year()} / January / 1};
  const medbudget::date last{year{cal.last_year()} / December / 31};
  (void)cal.is_working_day(first);
  (void)cal.working_days_between(first, last);
  (void)cal.working_days_in_year(cal.last_year());
  (void)cal.add_working_days(first, 5);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view json = medbudget::fuzz::text(data, size);
  medbudget::fuzz::answer([&] {
    const auto years = medbudget::read_calendar_years(json, "calendar.json");
    query(medbudget::calendar::from_years(years, "calendar.json"));
  });
  medbudget::fuzz::answer([&] { query(medbudget::layer_calendar(medbudget::national_calendar(), json, "calendar.json")); });
  return 0;
}
