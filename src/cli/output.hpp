// The program's output (src/cli/output.cpp): stdout written and checked, output files all or nothing.
//
// The order of a command that writes files (--chart, generate --out): the whole result in memory;
// the files under temporary names, complete and on disk; stdout, written and checked; then the
// renames. A failure at any step removes every file of the run (medbudget/io/files.hpp file_set).
#pragma once

#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // pair
#include <vector>       // vector

namespace medbudget::cli {

// Keeps descriptors 0, 1 and 2 taken (by /dev/null when the program was started without them), so
// that no file opened later becomes stdout; remembers a closed stdout as a write error to come.
void hold_standard_descriptors();

// Writes the output to stdout, every byte checked: a full disk, a closed stdout or a pipe whose
// reader has gone (SIGPIPE ignored) is an input_error `stdout: cannot write: REASON`.
void emit(std::string_view bytes);

// The report and its files in `dir`, all or nothing, in the order above.
void emit_with_files(std::string_view report, const std::string& dir,
                     const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace medbudget::cli
