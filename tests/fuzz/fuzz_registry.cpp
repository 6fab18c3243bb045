// libFuzzer target: the institution registry reader (medbudget::read_registry), which takes a path:
// the input is written to an in-memory file first.
#include "fuzz_common.hpp"
#include "medbudget/io/claims_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static medbudget::fuzz::memfile file("registry.csv");
  const std::string& path = file.hold(data, size);
  medbudget::fuzz::answer([&] { (void)medbudget::read_registry(path); });
  return 0;
}
