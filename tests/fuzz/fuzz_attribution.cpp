// libFuzzer target: the attribution reader (medbudget::read_attribution) against the registry of
// tests/data/claims/registry-two.csv (two alliances); the input is written to an in-memory file.
#include "fuzz_common.hpp"
#include "medbudget/io/claims_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const medbudget::registry reg = medbudget::read_registry(MEDBUDGET_FUZZ_DATA "/registry-two.csv");
  static medbudget::fuzz::memfile file("attribution.csv");
  const std::string& path = file.hold(data, size);
  medbudget::fuzz::answer([&] { (void)medbudget::read_attribution(path, reg); });
  return 0;
}
