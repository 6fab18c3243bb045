#include "json_tree.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>      // count
#include <unordered_set>  // unordered_set

#include "csv.hpp"  // invalid_utf8_at
#include "medbudget/error.hpp"

namespace medbudget::io {

namespace {

// Builds a jnode tree from nlohmann's SAX events.
class builder {
 public:
  using number_integer_t = std::int64_t;
  using number_unsigned_t = std::uint64_t;
  using number_float_t = double;  // double: nlohmann's interface; only the number's text is kept
  using string_t = std::string;
  using binary_t = nlohmann::json::binary_t;


  bool null() { return put(jnode{}); }
  bool boolean(bool v) {
    jnode n;
    n.k = jnode::kind::boolean;
    n.boolean = v;
    return put(std::move(n));
  }
  bool number_integer(number_integer_t v) { return number(std::to_string(v), true); }
  bool number_unsigned(number_unsigned_t v) { return number(std::to_string(v), true); }
  bool number_float(number_float_t, const string_t& s) {
    const bool integral = s.find_first_of(".eE") == std::string::npos;  // an integer too large for 64 bits
    return number(s, integral);
  }
  bool string(string_t& s) {
    jnode n;
    n.k = jnode::kind::string;
    n.text = std::move(s);
    return put(std::move(n));
  }
  bool binary(binary_t&) { return fail("binary values are not JSON"); }
  bool start_object(std::size_t) { return open(jnode::kind::object); }
  bool key(string_t& k) {
    jnode& obj = *stack_.back();
    // A hash set per open object: a linear search of the members would make an object of n keys
    // cost n²/2 comparisons (100,000 keys took minutes).
    if (!keys_.back().insert(k).second) {
      const std::string container = path(stack_.size() - 1);
      path_ = container.empty() ? k : container + "." + k;
      return fail("duplicate key \"" + k + "\"");
    }
    obj.members.emplace_back(std::move(k), jnode{});
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(jnode::kind::array); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception& ex) {
    // nlohmann's text: "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error
    // while parsing value - invalid literal; last read: '…'". Keep "line 3, column 5: syntax error …"
    // without the last bytes read (they may be anything, even invalid UTF-8).
    std::string what = ex.what();
    const auto at = what.find(" at line ");
    if (at != std::string::npos) what = what.substr(at + 4);
    const auto last = what.find("; last read");
    if (last != std::string::npos) what = what.substr(0, last);
    error_ = what;
    return false;
  }

  jnode take() { return std::move(root_); }
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] const std::string& error_path() const { return path_; }

 private:
  bool number(std::string text, bool integral) {
    jnode n;
    n.k = jnode::kind::number;
    n.text = std::move(text);
    n.integer = integral;
    return put(std::move(n));
  }
  jnode* slot() {
    if (stack_.empty()) return &root_;
    jnode& top = *stack_.back();
    if (top.k == jnode::kind::array) {
      top.items.emplace_back();
      return &top.items.back();
    }
    return &top.members.back().second;
  }
  bool put(jnode n) {
    *slot() = std::move(n);
    return true;
  }
  // The JSON path of the container at depth `levels` ("funds[0].alliances[1]"): each enclosing
  // container's last key or index leads to the next.
  std::string path(std::size_t levels) const {
    std::string p;
    for (std::size_t i = 0; i < levels; ++i) {
      const jnode* n = stack_[i];
      if (n->k == jnode::kind::array) p += "[" + std::to_string(n->items.size() - 1) + "]";
      else p += (p.empty() ? "" : ".") + n->members.back().first;
    }
    return p;
  }
  bool open(jnode::kind k) {
    if (stack_.size() >= max_json_depth) return fail("nesting deeper than " + std::to_string(max_json_depth) + " levels");
    jnode* s = slot();
    s->k = k;
    stack_.push_back(s);
    keys_.emplace_back();
    return true;
  }
  bool close() {
    stack_.pop_back();
    keys_.pop_back();
    return true;
  }
  bool fail(std::string what) {
    error_ = std::move(what);
    return false;
  }

  jnode root_;
  std::vector<jnode*> stack_;
  std::vector<std::unordered_set<std::string>> keys_;  // the keys of each open container (arrays: none)
  std::string error_;
  std::string path_;
};

}  // namespace

const char* kind_name(jnode::kind k) noexcept {
  switch (k) {
    case jnode::kind::null: return "null";
    case jnode::kind::boolean: return "boolean";
    case jnode::kind::number: return "number";
    case jnode::kind::string: return "string";
    case jnode::kind::array: return "array";
    case jnode::kind::object: return "object";
  }
  return "value";
}

std::string a_kind(jnode::kind k) {
  const bool vowel = k == jnode::kind::array || k == jnode::kind::object;
  return k == jnode::kind::null ? "null" : std::string(vowel ? "an " : "a ") + kind_name(k);
}

jnode parse_json(std::string_view bytes, const std::string& source) {
  if (bytes.size() > max_json_bytes)
    throw input_error(source, "file larger than " + std::to_string(max_json_bytes >> 20) + " MiB");
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);  // a UTF-8 BOM is fine
  if (const std::size_t bad = invalid_utf8_at(bytes); bad != std::string_view::npos) {
    const auto line = 1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    throw input_error(source + ":" + std::to_string(line), not_utf8_message(bytes, bad, false));
  }
  builder b;
  const bool ok = nlohmann::json::sax_parse(bytes.begin(), bytes.end(), &b, nlohmann::json::input_format_t::json, true);
  // nlohmann's syntax errors name the line and column; ours (duplicate key, depth) name the key.
  if (!ok) {
    if (!b.error_path().empty()) throw input_error(b.error_path(), b.error());
    throw input_error(source, "invalid JSON at " + b.error());
  }
  return b.take();
}

}  // namespace medbudget::io
