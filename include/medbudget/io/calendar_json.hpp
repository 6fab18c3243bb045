// medbudget/io/calendar_json.hpp — working-day calendars from JSON (data/cn-workdays.json's format).
//
//   const medbudget::calendar& cal = medbudget::national_calendar();     // embedded, 2019–2026
//   medbudget::calendar local = medbudget::layer_calendar(cal, medbudget::read_file(p), p);
//
// A calendar file: {"calendar": id, "description": text, "years": [{"year": 2027, "notice": text,
// "rest": [{"name": "春节", "from": "2027-02-06", "to": "2027-02-13", "notice"?: text}],
// "workdays": ["2027-02-14"], "working_days"?: 250}]}. Every error names the file and JSON path.
#pragma once

#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include "medbudget/calendar.hpp"

namespace medbudget {

// The years declared in a calendar file's text, checked for form (dates, keys, lengths).
[[nodiscard]] std::vector<calendar_year> read_calendar_years(std::string_view json, const std::string& source);

// The national calendar embedded from data/cn-workdays.json, built once.
[[nodiscard]] const calendar& national_calendar();
// The text of the embedded national calendar file.
[[nodiscard]] std::string_view national_calendar_json();

// `base` with the calendar file `json` layered on top (calendar::layered).
[[nodiscard]] calendar layer_calendar(const calendar& base, std::string_view json, const std::string& source);

}  // namespace medbudget
