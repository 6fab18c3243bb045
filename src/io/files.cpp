// Reading input files and writing output files safely (medbudget/io/files.hpp).
#include "medbudget/io/files.hpp"

#include <fcntl.h>     // open, O_*
#include <sys/stat.h>  // fstat, S_ISDIR
#include <unistd.h>    // read, write, close, fsync

#include <algorithm>   // min, max
#include <cerrno>      // errno
#include <cstring>     // strerror
#include <filesystem>  // create_directories
#include <new>         // bad_alloc
#include <random>      // random_device

#include "medbudget/error.hpp"

namespace medbudget {

namespace {

std::string reason(int err) { return std::strerror(err); }

std::string mib(std::size_t bytes) {
  return bytes % (std::size_t{1} << 20) == 0 ? std::to_string(bytes >> 20) + " MiB" : std::to_string(bytes) + " bytes";
}

// Closes a descriptor on every path out of read_file.
struct fd_guard {
  int fd;
  ~fd_guard() {
    if (fd >= 0) ::close(fd);
  }
};

// 16 hex digits from the system's random source: a temporary's name nobody can predict.
std::string random_suffix() {
  static thread_local std::random_device rd;
  const std::uint64_t v = (std::uint64_t{rd()} << 32) ^ rd();
  static constexpr char digits[] = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 0; i < 16; ++i) s[static_cast<std::size_t>(i)] = digits[(v >> (4 * i)) & 0xf];
  return s;
}

}  // namespace

std::string read_file(const std::string& path, std::size_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw input_error(path, "cannot open the file");
  const fd_guard guard{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw input_error(path, "cannot read the file: " + reason(errno));
  if (S_ISDIR(st.st_mode)) throw input_error(path, "is a directory, not a file");
  std::string out;
  try {
    // A regular file's size is a hint for the first allocation only; pipes, FIFOs and devices
    // report 0 or nonsense, and a file may grow while it is read: the limit is checked on the bytes.
    if (S_ISREG(st.st_mode) && st.st_size > 0 && static_cast<std::uintmax_t>(st.st_size) <= max_bytes)
      out.reserve(static_cast<std::size_t>(st.st_size) + 1);
    constexpr std::size_t chunk = std::size_t{64} << 10;
    while (true) {
      if (out.size() > max_bytes) throw input_error(path, "file larger than " + mib(max_bytes));
      const std::size_t at = out.size();
      // Never more than one byte past the limit: enough to know the file is larger.
      const std::size_t want = std::min(chunk, max_bytes + 1 - at);
      // Growth doubles, but never past the limit and one byte: memory stays below twice the limit.
      if (at + want > out.capacity()) out.reserve(std::min(std::max(2 * out.capacity(), at + want), max_bytes + 1));
      out.resize(at + want);
      const ssize_t n = ::read(fd, out.data() + at, want);
      if (n < 0) {
        const int err = errno;
        out.resize(at);
        if (err == EINTR) continue;
        if (err == EISDIR) throw input_error(path, "is a directory, not a file");
        throw input_error(path, "cannot read the file: " + reason(err));
      }
      out.resize(at + static_cast<std::size_t>(n));
      if (n == 0) break;
    }
  } catch (const std::bad_alloc&) {
    throw out_of_memory_error(path, "out of memory while reading " + path + "; a larger memory limit would help");
  }
  return out;
}

void write_all(int fd, std::string_view bytes, const std::string& what) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw input_error(what, "cannot write: " + reason(errno));
    }
    if (n == 0) throw input_error(what, "cannot write: nothing was written");
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

// ---- file_set ---------------------------------------------------------------------------------------

file_set::file_set(std::string dir) : dir_(std::move(dir)) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) throw input_error(dir_, "cannot create the directory: " + ec.message());
}

file_set::~file_set() {
  if (!committed_) rollback();
}

std::size_t file_set::open(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
    throw invariant_error("file_set: a file name must be a plain name");
  entry e;
  e.final_path = dir_ + "/" + name;
  // O_EXCL: an existing name (a planted file or symlink) is never opened; O_NOFOLLOW as well, for
  // systems where O_EXCL alone would follow a symlink. A clash draws another name.
  for (int attempt = 0; attempt < 100 && e.fd < 0; ++attempt) {
    e.temp_path = dir_ + "/." + name + "." + random_suffix() + ".tmp";
    e.fd = ::open(e.temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (e.fd < 0 && errno != EEXIST) throw input_error(e.final_path, "cannot write: " + reason(errno));
  }
  if (e.fd < 0) throw input_error(e.final_path, "cannot write: no free temporary name");
  files_.push_back(std::move(e));
  return files_.size() - 1;
}

void file_set::write(std::size_t file, std::string_view bytes) {
  entry& e = files_.at(file);
  if (e.fd < 0) throw invariant_error("file_set: write to a closed file");
  write_all(e.fd, bytes, e.final_path);
  e.bytes += bytes.size();
}

void file_set::add(const std::string& name, std::string_view bytes) { write(open(name), bytes); }

void file_set::finish() {
  for (entry& e : files_) {
    if (e.fd < 0) continue;
    const int fd = e.fd;
    e.fd = -1;
    const bool synced = ::fsync(fd) == 0;
    const int err = errno;
    if (::close(fd) != 0 || !synced) throw input_error(e.final_path, "cannot write: " + reason(synced ? errno : err));
  }
}

void file_set::commit() {
  try {
    finish();
    for (entry& e : files_) {
      if (::rename(e.temp_path.c_str(), e.final_path.c_str()) != 0)
        throw input_error(e.final_path, "cannot write: " + reason(errno));
      e.renamed = true;
    }
  } catch (...) {
    rollback();
    throw;
  }
  committed_ = true;
  // The renames reach the disk with the directory (best effort: some filesystems refuse fsync on it).
  const int dfd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
}

void file_set::rollback() noexcept {
  for (entry& e : files_) {
    if (e.fd >= 0) ::close(e.fd);
    e.fd = -1;
    ::unlink(e.renamed ? e.final_path.c_str() : e.temp_path.c_str());
  }
  files_.clear();
}

std::size_t write_files(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files) {
  file_set set(dir);
  for (const auto& [name, bytes] : files) set.add(name, bytes);
  set.commit();
  return set.size();
}

}  // namespace medbudget
