// The medbudget program: `medbudget COMMAND [ARGS]`. See `medbudget --help`.
#include <cstdio>       // fputs
#include <iostream>     // cout, cerr
#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include "medbudget/io/version.hpp"

namespace {

constexpr std::string_view usage = R"(medbudget — exact settlement of county medical-alliance (医共体) total-budget payments

Usage:
  medbudget --version
  medbudget --help

Exit status: 0 done; 1 the input is wrong; 2 the command line is wrong; 3 internal error (a bug).
)";

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << usage;
    return 2;
  }
  if (args[0] == "--version") {
    std::cout << "medbudget " << medbudget::engine_version() << '\n';
    return 0;
  }
  if (args[0] == "--help" || args[0] == "-h") {
    std::cout << usage;
    return 0;
  }
  std::cerr << "medbudget: unknown command \"" << args[0] << "\" (see medbudget --help)\n";
  return 2;
}
