#include "reader.hpp"

#include <limits>  // numeric_limits

namespace medbudget::io {

std::string child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string index(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

void expect(const jnode& n, jnode::kind k, const std::string& path) {
  if (n.k != k) throw input_error(path, "expected " + a_kind(k) + ", got " + a_kind(n.k));
}

void check_keys(const jnode& obj, const std::string& path, std::initializer_list<std::string_view> allowed) {
  expect(obj, jnode::kind::object, path);
  for (const auto& [key, value] : obj.members) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == key;
    if (!known) {
      std::string list;
      for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      throw input_error(child(path, key), "unknown field (expected one of: " + list + ")");
    }
  }
}

const jnode& required(const jnode& obj, const std::string& path, std::string_view key, const std::string& what) {
  const jnode* n = obj.find(key);
  if (n == nullptr) throw input_error(child(path, key), "missing: " + what);
  return *n;
}

namespace {
const std::string& numeric_text(const jnode& n, const std::string& path, const char* what) {
  if (n.k != jnode::kind::string && n.k != jnode::kind::number)
    throw input_error(path, std::string("expected ") + what + " (a string or number), got " + a_kind(n.k));
  return n.text;
}
}  // namespace

fen amount_of(const jnode& n, const std::string& path) {
  try {
    return fen::parse(numeric_text(n, path, "an amount in yuan"));
  } catch (const input_error& e) {
    if (!e.where().empty()) throw;
    throw input_error(path, e.message());
  }
}

rate rate_of(const jnode& n, const std::string& path) {
  try {
    return rate::parse(numeric_text(n, path, "a decimal rate"));
  } catch (const input_error& e) {
    if (!e.where().empty()) throw;
    throw input_error(path, e.message());
  }
}

std::int64_t integer_of(const jnode& n, const std::string& path, std::int64_t min) {
  if (n.k != jnode::kind::number || !n.integer)
    throw input_error(path, std::string("expected a whole number, got ") +
                                (n.k == jnode::kind::number ? "\"" + n.text + "\"" : a_kind(n.k)));
  std::int64_t v = 0;
  try {
    std::size_t used = 0;
    v = std::stoll(n.text, &used);
    if (used != n.text.size()) throw std::invalid_argument("");
  } catch (const std::exception&) {
    throw input_error(path, "whole number " + n.text + " is out of range");
  }
  if (v < min) throw input_error(path, "expected at least " + std::to_string(min) + ", got " + n.text);
  return v;
}

std::int64_t year_of(const jnode& n, const std::string& path) {
  const std::int64_t y = integer_of(n, path, 1990);
  if (y > 2100) throw input_error(path, "expected a year from 1990 to 2100");
  return y;
}

bool bool_of(const jnode& n, const std::string& path) {
  expect(n, jnode::kind::boolean, path);
  return n.boolean;
}

std::string text_of(const jnode& n, const std::string& path, std::size_t max_length) {
  expect(n, jnode::kind::string, path);
  if (n.text.size() > max_length)
    throw input_error(path, "longer than " + std::to_string(max_length) + " bytes");
  // Ids, names, reasons and references are printed in statements and messages: no control
  // character (U+0000–U+001F, U+007F, U+0080–U+009F) may ride in them.
  for (std::size_t i = 0; i < n.text.size(); ++i) {
    const auto c = static_cast<unsigned char>(n.text[i]);
    unsigned code = c < 0x20 || c == 0x7f ? c : 0;
    if (c == 0xc2 && i + 1 < n.text.size() && static_cast<unsigned char>(n.text[i + 1]) < 0xa0)
      code = static_cast<unsigned char>(n.text[i + 1]);  // a C1 control, UTF-8 C2 80 to C2 9F
    if (code != 0 || c == 0) {
      static constexpr char hex[] = "0123456789ABCDEF";
      throw input_error(path, std::string("control character U+00") + hex[code >> 4] + hex[code & 0xf] +
                                  " is not allowed (ids, names and texts are printed)");
    }
  }
  return n.text;
}

}  // namespace medbudget::io
