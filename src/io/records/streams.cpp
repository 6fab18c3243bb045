// A stream given as a records, registry or attribution path, copied to a temporary file so that every
// reading of it sees the same bytes (claims_csv.hpp).
#include <cstdio>    // FILE, fopen, remove
#include <cstdlib>   // getenv, mkstemp
#include <string>    // string
#include <vector>    // vector

#include <sys/stat.h>  // stat: a stream is copied before it is read
#include <unistd.h>    // close

#include "medbudget/error.hpp"
#include "medbudget/io/claims_csv.hpp"

namespace medbudget {

std::optional<std::string> copy_if_stream(const std::string& path, std::uintmax_t max_bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) return std::nullopt;
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (in == nullptr) return std::nullopt;
  const char* tmpdir = std::getenv("TMPDIR");
  std::string copy = std::string(tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp") + "/medbudget-input-XXXXXX";
  const int fd = ::mkstemp(copy.data());
  if (fd < 0) {
    std::fclose(in);
    throw input_error(path, "cannot make the temporary copy of a stream in " + copy.substr(0, copy.rfind('/')));
  }
  std::FILE* out = ::fdopen(fd, "wb");
  std::vector<char> b(std::size_t{1} << 20);
  bool ok = out != nullptr, read_error = false, too_large = false;
  std::uintmax_t copied = 0;
  while (ok) {
    const std::size_t n = std::fread(b.data(), 1, b.size(), in);
    if (n == 0) {
      read_error = std::ferror(in) != 0;
      break;
    }
    copied += n;
    if (copied > max_bytes) {  // an endless stream (/dev/zero) stops here, not at a full disk
      too_large = true;
      break;
    }
    ok = std::fwrite(b.data(), 1, n, out) == n;
  }
  std::fclose(in);
  ok = ok && std::fflush(out) == 0;
  if (out != nullptr) ok = std::fclose(out) == 0 && ok;
  else ::close(fd);
  if (too_large) {
    std::remove(copy.c_str());
    const bool gib = max_bytes % (std::uintmax_t{1} << 30) == 0;
    throw input_error(path, "file larger than " + std::to_string(max_bytes >> (gib ? 30 : 20)) + (gib ? " GiB" : " MiB"));
  }
  if (!ok || read_error) {
    std::remove(copy.c_str());
    throw input_error(path, read_error ? "cannot read the file"
                                       : "cannot copy the stream to a temporary file (is the disk full?)");
  }
  return copy;
}

}  // namespace medbudget
