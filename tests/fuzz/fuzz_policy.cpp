// libFuzzer target: the policy JSON loader (medbudget::load_policy).
#include "fuzz_common.hpp"
#include "medbudget/io/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  medbudget::fuzz::answer([&] { (void)medbudget::load_policy(medbudget::fuzz::text(data, size), "policy.json"); });
  return 0;
}
