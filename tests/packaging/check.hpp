// Shared by the packaging consumers: the figure from medbudget/money.hpp's header comment.
#pragma once

#include <iostream>     // cout, cerr
#include <string>       // string
#include <string_view>  // string_view

#include <medbudget/io/version.hpp>
#include <medbudget/money.hpp>

inline int medbudget_consumer_check(std::string_view how) {
  using namespace medbudget;
  const fen k = mul(fen::parse("145450289.54"), rate::parse("0.05"), rounding::half_away_from_zero);
  const std::string got = k.str();
  std::cout << how << ": medbudget " << engine_version() << ": " << got << '\n';
  if (got != "7272514.48" || k != fen::from_fen(727251448)) {
    std::cerr << how << ": expected 7272514.48, got " << got << '\n';
    return 1;
  }
  if (engine_version().empty()) {
    std::cerr << how << ": empty engine_version()\n";
    return 1;
  }
  return 0;
}
