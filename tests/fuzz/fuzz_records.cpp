// libFuzzer target: the settlement records scan (medbudget::scan_records) with the registry of
// tests/data/claims/small, county 230123, year 2024; the input is written to an in-memory file. The
// first byte picks the thread count (1 or 2), a small batch size, so batch and chunk boundaries
// fall inside small inputs too, (bit 2) stream mode: the file is read from a pipe, as
// `--claims <(cat FILE)` gives it, written by another thread, (bit 3) the indicators' sink on and
// (bit 4) the file read as GB18030; the rest is the file.
#include <unistd.h>  // pipe, write, close

#include <thread>  // thread: the pipe's writer

#include "fuzz_common.hpp"
#include "medbudget/io/records_scan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const medbudget::registry reg = medbudget::read_registry(MEDBUDGET_FUZZ_DATA "/small/registry.csv");
  static medbudget::fuzz::memfile file("claims.csv");
  if (size == 0) return 0;
  const std::uint8_t knob = data[0];
  const std::string& path = file.hold(data + 1, size - 1);
  medbudget::scan_options opt;
  opt.records.county = "230123";
  opt.records.year = 2024;
  opt.records.threads = 1u + (knob & 1u);
  opt.records.batch_bytes = (knob & 2u) ? 256u : (64u << 10);
  opt.indicators = (knob & 8u) != 0;
  opt.records.encoding = (knob & 16u) != 0 ? medbudget::input_encoding::gb18030 : medbudget::input_encoding::utf8;
  if ((knob & 4u) == 0) {
    medbudget::fuzz::answer([&] { (void)medbudget::scan_records(path, reg, nullptr, opt); });
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
  medbudget::fuzz::answer([&] { (void)medbudget::scan_records(stream, reg, nullptr, opt); });
  ::close(fds[0]);
  writer.join();
  return 0;
}
