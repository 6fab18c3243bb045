// Shared by the province examples: print a statement and check figures worked out independently.
#pragma once

#include <cstdio>    // printf
#include <iostream>  // cout
#include <string>    // string

#include "medbudget/io/render.hpp"
#include "medbudget/statement.hpp"

namespace example {

inline medbudget::fen yuan(const char* text) { return medbudget::fen::parse(text); }
inline medbudget::rate dec(const char* text) { return medbudget::rate::parse(text); }

// Counts mismatches between a figure and its expected value, naming it.
struct checker {
  int failures = 0;
  void expect(const char* what, medbudget::fen got, const char* expected) {
    if (got != medbudget::fen::parse(expected)) {
      std::fprintf(stderr, "MISMATCH %s: got %s, expected %s\n", what, got.str().c_str(), expected);
      ++failures;
    }
  }
  int finish(const medbudget::statement& s) const {
    medbudget::render_options opt;
    opt.format = medbudget::output_format::text;
    std::cout << medbudget::render(s, opt);
    return failures == 0 ? 0 : 1;
  }
};

}  // namespace example
