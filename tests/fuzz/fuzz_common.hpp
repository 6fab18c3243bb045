// Shared by the libFuzzer targets: what counts as a correct answer to any input, and the file a
// path-taking reader is given.
//
// A target calls its loader inside `answer`: returning normally or throwing medbudget::input_error
// (the refusal of bad input, overflow_error included) is correct; any other exception escaping is a
// bug and aborts, so libFuzzer records the input as a crash. Crashes, sanitizer reports and hangs
// (-timeout) are caught by libFuzzer itself.
#pragma once
#include <sys/mman.h>  // memfd_create
#include <unistd.h>    // write, ftruncate, lseek, close

#include <cstddef>     // size_t
#include <cstdint>     // uint8_t
#include <cstdio>      // fprintf
#include <cstdlib>     // abort
#include <exception>   // exception
#include <string>      // string
#include <string_view>  // string_view

#include "medbudget/error.hpp"

namespace medbudget::fuzz {

template <class F>
void answer(F&& f) {
  try {
    f();
  } catch (const medbudget::input_error&) {
    // the correct answer to bad input
  } catch (const std::exception& e) {
    std::fprintf(stderr, "an exception other than input_error escaped: %s\n", e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "a non-standard exception escaped\n");
    std::abort();
  }
}

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// An in-memory file (memfd) the readers open by its /proc/self/fd path; rewritten for each input.
class memfile {
 public:
  explicit memfile(const char* name) : fd_(memfd_create(name, 0)) {
    if (fd_ < 0) {
      std::perror("memfd_create");
      std::abort();
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  memfile(const memfile&) = delete;
  memfile& operator=(const memfile&) = delete;
  ~memfile() { ::close(fd_); }

  // Replaces the file's bytes; returns its path.
  const std::string& hold(const std::uint8_t* data, std::size_t size) {
    if (::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) != 0) std::abort();
    std::size_t done = 0;
    while (done < size) {
      const ssize_t n = ::write(fd_, data + done, size - done);
      if (n <= 0) std::abort();
      done += static_cast<std::size_t>(n);
    }
    return path_;
  }

 private:
  int fd_;
  std::string path_;
};

}  // namespace medbudget::fuzz
