// libFuzzer target: the settlement records reader (medbudget::aggregate_claims) with the registry of
// tests/data/claims/small, county 230123, year 2024; the input is written to an in-memory file. The
// first byte picks the thread count (1 or 2), a small batch size, so batch and chunk boundaries
// fall inside small inputs too, and (bit 2) stream mode: the file is read from a pipe, as
// `--claims <(cat FILE)` gives it, written by another thread; the rest is the file.
#include <unistd.h>  // pipe, write, close

#include <thread>  // thread: the pipe's writer

#include "fuzz_common.hpp"
#include "medbudget/io/claims_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const medbudget::registry reg = medbudget::read_registry(MEDBUDGET_FUZZ_DATA "/small/registry.csv");
  static medbudget::fuzz::memfile file("claims.csv");
  if (size == 0) return 0;
  const std::uint8_t knob = data[0];
  const std::string& path = file.hold(data + 1, size - 1);
  medbudget::claims_options opt;
  opt.county = "230123";
  opt.year = 2024;
  opt.threads = 1u + (knob & 1u);
  opt.batch_bytes = (knob & 2u) ? 256u : (64u << 10);
  if ((knob & 4u) == 0) {
    medbudget::fuzz::answer([&] { (void)medbudget::aggregate_claims(path, reg, nullptr, opt); });
    return 0;
  }
  int fds[2];
  if (::pipe(fds) != 0) std::abort();
  std::thread writer([&] {
    std::size_t done = 1;
    while (done < size) {
      const ssize_t n = ::write(fds[1], data + done, size - done);
      if (n <= 0) break;  // the reader closed early: its error is the answer
      done += static_cast<std::size_t>(n);
    }
    ::close(fds[1]);
  });
  const std::string stream = "/proc/self/fd/" + std::to_string(fds[0]);
  medbudget::fuzz::answer([&] { (void)medbudget::aggregate_claims(stream, reg, nullptr, opt); });
  ::close(fds[0]);
  writer.join();
  return 0;
}
