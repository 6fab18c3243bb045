// The program's output: stdout written and checked, output files all or nothing (output.hpp).
#include "output.hpp"

#include <fcntl.h>   // open
#include <unistd.h>  // fcntl, dup2, close

#include "medbudget/error.hpp"
#include "medbudget/io/files.hpp"

namespace medbudget::cli {

namespace {

// Whether the program was started with stdout closed (`>&-`): its descriptor then holds /dev/null,
// so that no file opened later takes it, and any output is a write error.
bool stdout_closed = false;

}  // namespace

// Every byte checked: a full disk, a closed stdout or a pipe whose reader has gone (SIGPIPE ignored)
// is an error, never a silent success.
void emit(std::string_view bytes) {
  if (bytes.empty()) return;
  if (stdout_closed) throw medbudget::input_error("stdout", "cannot write: Bad file descriptor");
  medbudget::write_all(STDOUT_FILENO, bytes, "stdout");
}

// The report and its files, all or nothing: the files complete under temporary names, then stdout,
// then the renames (an uncommitted file_set removes its files when an exception leaves here).
void emit_with_files(std::string_view report, const std::string& dir,
                     const std::vector<std::pair<std::string, std::string>>& files) {
  medbudget::file_set set(dir);
  for (const auto& [name, bytes] : files) set.add(name, bytes);
  set.finish();
  emit(report);
  set.commit();
}

// Descriptors 0, 1 and 2 stay taken (by /dev/null when the program was started without them), so that a
// file the program opens never becomes its stdout; a closed stdout is remembered as a write error.
void hold_standard_descriptors() {
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1) continue;
    if (fd == STDOUT_FILENO) stdout_closed = true;
    const int n = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
    if (n >= 0 && n != fd) {
      ::dup2(n, fd);
      ::close(n);
    }
  }
}

}  // namespace medbudget::cli
