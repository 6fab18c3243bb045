// medbudget/io/files.hpp — reading input files and writing output files, safely.
//
//   std::string bytes = medbudget::read_file("case.json", medbudget::max_json_file_bytes);
//
//   medbudget::file_set out("charts");        // all or nothing: nothing is visible before commit()
//   out.add("310-A01.svg", svg_text);
//   out.commit();                             // every file renamed to its name, or none
//
// Reading: by chunks, the size limit checked while reading (so /dev/zero or a huge file stops at the
// limit without allocating more), from regular files, pipes, FIFOs and /dev/stdin alike (their size
// is never trusted); a directory is named as one.
//
// Writing: each file goes to a temporary of an unpredictable name in the target directory, created
// with O_CREAT|O_EXCL|O_NOFOLLOW (a planted symlink is never followed), written, fsync'd and closed;
// commit() renames them all. On any failure, and when a file_set is destroyed uncommitted, every
// temporary and every file this set already renamed is removed (best effort: a file of the same
// name that existed before is replaced by the rename and not restored).
#pragma once

#include <cstddef>      // size_t
#include <stdexcept>    // runtime_error
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // pair
#include <vector>       // vector

namespace medbudget {

// A JSON file (case, policy, calendar, model, chain) is at most 64 MiB.
inline constexpr std::size_t max_json_file_bytes = std::size_t{64} << 20;
// Any other file read whole (a registry, an attribution file) is at most 256 MiB.
inline constexpr std::size_t max_read_bytes = std::size_t{256} << 20;

// Memory (std::bad_alloc) or threads (std::thread's resource_unavailable_try_again) ran out while
// reading `where`; the program exits 4, as the C interface's MB_NO_MEMORY.
class out_of_memory_error : public std::runtime_error {
 public:
  out_of_memory_error(std::string where, const std::string& what)
      : std::runtime_error(what), where_(std::move(where)) {}
  [[nodiscard]] const std::string& where() const noexcept { return where_; }

 private:
  std::string where_;
};

// A whole file, at most `max_bytes`: input_error naming the path when it cannot be opened or read,
// is a directory (`PATH: is a directory, not a file`) or is larger (`PATH: file larger than N MiB`).
[[nodiscard]] std::string read_file(const std::string& path, std::size_t max_bytes = max_read_bytes);

// Writes every byte to the descriptor (retrying short writes and EINTR); input_error
// `WHAT: cannot write: REASON` on failure (a full disk, a closed descriptor, a closed pipe).
void write_all(int fd, std::string_view bytes, const std::string& what);

// Files written into one directory, all or nothing (see the top of this header).
class file_set {
 public:
  // `dir` is created if missing (input_error `DIR: cannot create the directory: REASON`).
  explicit file_set(std::string dir);
  ~file_set();
  file_set(const file_set&) = delete;
  file_set& operator=(const file_set&) = delete;

  // Starts the file `name` (a plain name, no '/'); returns its index for write().
  std::size_t open(const std::string& name);
  // Appends bytes to an opened file (input_error `DIR/NAME: cannot write: REASON`).
  void write(std::size_t file, std::string_view bytes);
  // open + write + close of a whole file.
  void add(const std::string& name, std::string_view bytes);
  // Flushes to disk and closes every file, still under its temporary name.
  void finish();
  // finish(), then renames every file to its name; on a failure removes them all and throws.
  void commit();
  // Bytes written to a file so far.
  [[nodiscard]] std::size_t bytes(std::size_t file) const { return files_.at(file).bytes; }
  [[nodiscard]] std::size_t size() const { return files_.size(); }

 private:
  struct entry {
    std::string final_path, temp_path;
    int fd = -1;
    std::size_t bytes = 0;
    bool renamed = false;
  };
  void rollback() noexcept;
  std::string dir_;
  std::vector<entry> files_;
  bool committed_ = false;
};

// Writes each (name, bytes) into `dir` through a file_set: all or nothing. Returns the number written.
std::size_t write_files(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace medbudget
