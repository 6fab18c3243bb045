// The options of the program's commands (commands.hpp): the options object of the C interface and
// the checks every flag goes through, so that a flag and its key are validated alike.
#include <charconv>     // from_chars
#include <cstdint>      // int64_t
#include <string>       // string
#include <system_error> // errc
#include <string_view>  // string_view

#include "json_tree.hpp"
#include "medbudget/error.hpp"
#include "medbudget/io/commands.hpp"

namespace medbudget {

namespace {

std::string string_option(const io::jnode& v, const std::string& name, std::size_t max = 4096) {
  if (v.k != io::jnode::kind::string) throw usage_error(name, name + " takes a string");
  if (v.text.empty()) throw usage_error(name, name + " must not be empty");
  if (v.text.size() > max) throw usage_error(name, name + " is longer than " + std::to_string(max) + " bytes");
  return v.text;
}

std::int64_t whole_option(const io::jnode& v, const std::string& name, std::int64_t min, std::int64_t max,
                          const std::string& says) {
  if (v.k != io::jnode::kind::number || !v.integer) throw usage_error(name, says);
  try {
    return whole_number_option(v.text, name, min, max);
  } catch (const usage_error&) {
    throw usage_error(name, says);
  }
}


std::string year_says(const std::string& name) { return name + " takes a year from 1990 to 2100, such as 2024"; }

}  // namespace

int year_option(std::string_view text, const std::string& name) {
  if (text.size() != 4 || text.find_first_not_of("0123456789") != std::string_view::npos)
    throw usage_error(name, year_says(name));
  const int y = std::stoi(std::string(text));
  if (y < 1990 || y > 2100) throw usage_error(name, year_says(name));
  return y;
}

std::int64_t whole_number_option(std::string_view text, const std::string& name, std::int64_t min, std::int64_t max) {
  const std::string says = name + " takes a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
  if (!digits || (text.size() > 1 && text[0] == '0')) throw usage_error(name, says);
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);  // range-checked
  if (ec != std::errc{} || end != text.data() + text.size() || n < min || n > max) throw usage_error(name, says);
  return n;
}

std::string printable(std::string_view message) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(message.size());
  for (std::size_t i = 0; i < message.size(); ++i) {
    const auto c = static_cast<unsigned char>(message[i]);
    unsigned code = 0x100;  // none
    if (c < 0x20 || c == 0x7f) code = c;
    else if (c == 0xc2 && i + 1 < message.size() && static_cast<unsigned char>(message[i + 1]) >= 0x80 &&
             static_cast<unsigned char>(message[i + 1]) < 0xa0)
      code = static_cast<unsigned char>(message[++i]);
    if (code == 0x100) out.push_back(message[i]);
    else out += std::string("\\u00") + hex[code >> 4] + hex[code & 0xf];
  }
  return out;
}

csv_encoding encoding_option(std::string_view text, const std::string& name) {
  if (text == "utf-8") return csv_encoding::utf8;
  if (text == "utf-8-bom") return csv_encoding::utf8_bom;
  if (text == "gb18030") return csv_encoding::gb18030;
  throw usage_error(name, name + " takes utf-8, utf-8-bom or gb18030, not " + std::string(text));
}

std::string county_option(std::string_view text, const std::string& name) {
  if (text.size() != 6 || text.find_first_not_of("0123456789") != std::string_view::npos)
    throw usage_error(name, name + " takes a 6-digit 医保区划 code");
  return std::string(text);
}

command_options parse_options(std::string_view options_json, std::span<const std::string_view> keys) {
  command_options o;
  if (options_json.empty()) return o;
  io::jnode root;
  try {
    root = io::parse_json(options_json, "options");
  } catch (const input_error& e) {
    throw usage_error(e.where(), e.what());
  }
  if (root.k != io::jnode::kind::object) throw usage_error("options", "options must be a JSON object");
  for (const auto& [key, v] : root.members) {
    bool known = false;
    for (auto k : keys) known = known || k == key;
    if (!known) throw usage_error(key, "unknown option " + key);
    if (v.k == io::jnode::kind::null) continue;  // null: the default
    if (key == "format") {
      const std::string f = v.k == io::jnode::kind::string ? v.text : io::a_kind(v.k);
      if (f == "json") o.render.format = output_format::json;
      else if (f == "text") o.render.format = output_format::text;
      else if (f == "csv") o.render.format = output_format::csv;
      else throw usage_error(key, "format takes json, text or csv, not " + f);
    } else if (key == "lang") {
      const std::string l = v.k == io::jnode::kind::string ? v.text : io::a_kind(v.k);
      if (l == "zh") o.render.lang = language::zh;
      else if (l == "en") o.render.lang = language::en;
      else throw usage_error(key, "lang takes zh or en, not " + l);
    } else if (key == "encoding") {
      o.render.encoding = encoding_option(v.k == io::jnode::kind::string ? v.text : io::a_kind(v.k), key);
    } else if (key == "threads") {
      o.threads = static_cast<unsigned>(whole_option(v, key, 1, 999, "threads takes a whole number from 1 to 999"));
    } else if (key == "year") {
      if (v.k != io::jnode::kind::number || !v.integer) throw usage_error(key, year_says(key));
      o.year = year_option(v.text, key);
    } else if (key == "allow_policy_path") {
      if (v.k != io::jnode::kind::boolean) throw usage_error(key, "allow_policy_path takes true or false");
      o.allow_policy_path = v.boolean;
    } else if (key == "source") {
      o.source = string_option(v, key);
    } else if (key == "base_dir") {
      o.base_dir = string_option(v, key);
    } else if (key == "claims") {
      o.claims = string_option(v, key);
    } else if (key == "registry") {
      o.registry = string_option(v, key);
    } else if (key == "attribution") {
      o.attribution = string_option(v, key);
    } else if (key == "previous_claims") {
      o.previous_claims = string_option(v, key);
    } else if (key == "county") {
      o.county = string_option(v, key, 6);
    } else if (key == "policy") {
      o.policy = string_option(v, key);
    } else if (key == "calendar") {
      o.calendar = string_option(v, key);
    } else if (key == "year_end_date") {
      o.year_end_date = string_option(v, key, 10);
    } else if (key == "through") {
      o.through = string_option(v, key, 7);
    } else if (key == "question") {
      o.question = string_option(v, key, 32);
    } else if (key == "date") {
      o.date = string_option(v, key, 10);
    } else if (key == "to") {
      o.to = string_option(v, key, 10);
    } else if (key == "days") {
      o.days = static_cast<int>(whole_option(v, key, 0, 3660, "days takes a whole number from 0 to 3660"));
    } else {
      throw invariant_error("option " + key + " is in a command's keys but not parsed");
    }
  }
  return o;
}


}  // namespace medbudget
