// medbudget/error.hpp — the two error channels of the library.
//
// * `input_error`: the input is wrong (a field missing, negative, ill-typed, inconsistent). It names
//   where: a JSON path such as `funds[0].alliances[1].actuals.in_alliance_local`, or a file, line and
//   column. The program exits 1 on it.
// * `overflow_error`: an exact computation does not fit in a fen (int64). It names the operation. It is
//   an input error too (the figures are absurdly large), so it derives from `input_error`.
// * `invariant_error`: a broken invariant (a split that does not sum, the ledger identity). A bug; the
//   program exits 3 on it.
//
//   try { settle(...); } catch (const medbudget::input_error& e) { std::cerr << e.what(); }
#pragma once

#include <stdexcept>  // runtime_error, logic_error
#include <string>     // string

namespace medbudget {

class input_error : public std::runtime_error {
 public:
  // `where` is a field path or `file:line:column`; may be empty when the message says it all.
  input_error(std::string where, const std::string& what)
      : std::runtime_error(where.empty() ? what : where + ": " + what), where_(std::move(where)), message_(what) {}
  [[nodiscard]] const std::string& where() const noexcept { return where_; }
  // What is wrong, without the place.
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

 private:
  std::string where_;
  std::string message_;
};

class overflow_error : public input_error {
 public:
  explicit overflow_error(const std::string& operation)
      : input_error("", "overflow: " + operation + " does not fit in 64-bit fen") {}
};

class invariant_error : public std::logic_error {
 public:
  explicit invariant_error(const std::string& what) : std::logic_error("invariant broken: " + what) {}
};

// Checks a programmer invariant in every build type (release included).
inline void ensure(bool ok, const char* what) {
  if (!ok) throw invariant_error(what);
}

}  // namespace medbudget
