// Internal: a JSON document tree that keeps every number's text, so amounts and rates given as JSON
// numbers are parsed exactly (never through a double), keeps objects in input order, and rejects
// duplicate keys, nesting deeper than a limit, and anything after the document.
#pragma once

#include <cstddef>      // size_t
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // pair
#include <vector>       // vector

namespace medbudget::io {

inline constexpr std::size_t max_json_depth = 64;
inline constexpr std::size_t max_json_bytes = 64u << 20;  // 64 MiB

struct jnode {
  enum class kind { null, boolean, number, string, array, object };
  kind k = kind::null;
  bool boolean = false;
  bool integer = false;  // a number written without '.', 'e' or 'E'
  std::string text;      // a number's text, or a string's value
  std::vector<jnode> items;
  std::vector<std::pair<std::string, jnode>> members;

  // Declared here and defaulted after the class: the implicit ones would be defined while
  // std::pair<std::string, jnode> is still incomplete, which clang (with libstdc++) refuses.
  jnode() = default;
  jnode(const jnode&);
  jnode(jnode&&) noexcept;
  jnode& operator=(const jnode&);
  jnode& operator=(jnode&&) noexcept;
  ~jnode();

  [[nodiscard]] const jnode* find(std::string_view key) const;
};

inline jnode::jnode(const jnode&) = default;
inline jnode::jnode(jnode&&) noexcept = default;
inline jnode& jnode::operator=(const jnode&) = default;
inline jnode& jnode::operator=(jnode&&) noexcept = default;
inline jnode::~jnode() = default;

inline const jnode* jnode::find(std::string_view key) const {
  for (const auto& [k2, v] : members)
    if (k2 == key) return &v;
  return nullptr;
}

[[nodiscard]] const char* kind_name(jnode::kind k) noexcept;
// The kind with its article, for messages: "an object", "a string", "null".
[[nodiscard]] std::string a_kind(jnode::kind k);

// Parses `bytes`; input_error naming `source` and the line and column of the fault otherwise.
[[nodiscard]] jnode parse_json(std::string_view bytes, const std::string& source);

}  // namespace medbudget::io
