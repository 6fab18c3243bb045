// libFuzzer target: the case JSON loader (medbudget::load_case), then settlement of what it accepts.
// A case naming a policy file resolves it against an empty directory, so only presets load.
#include <filesystem>

#include "fuzz_common.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/settle.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string base = [] {
    const auto dir = std::filesystem::temp_directory_path() / ("medbudget-fuzz-case-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir.string();
  }();
  medbudget::fuzz::answer([&] {
    const medbudget::loaded_case lc = medbudget::load_case(medbudget::fuzz::text(data, size), "case.json", base);
    (void)medbudget::settle_year(lc.value);
  });
  return 0;
}
