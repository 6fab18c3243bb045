// medbudget/io/files.hpp: reading with the limit checked while reading, streams, directories; the
// all-or-nothing file_set; checked writes.
#include "medbudget/io/files.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>     // open
#include <sys/stat.h>  // mkfifo
#include <unistd.h>    // pipe, close

#include <algorithm>   // sort
#include <csignal>     // signal, SIGPIPE
#include <filesystem>  // temp_directory_path
#include <fstream>     // ofstream
#include <string>      // string
#include <thread>      // thread
#include <functional>  // function
#include <vector>      // vector

#include "medbudget/error.hpp"

namespace fs = std::filesystem;

namespace {

// A fresh scratch directory per test.
fs::path scratch(const std::string& name) {
  const fs::path d = fs::path(MEDBUDGET_BINARY_DIR) / "files_test" / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

void write(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const medbudget::input_error& e) {
    return e.what();
  }
  return "(no error)";
}

std::vector<std::string> names_in(const fs::path& d) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(d)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST(ReadFile, TheLimitItselfIsAcceptedAndOneByteMoreRefused) {
  const fs::path d = scratch("limit");
  write(d / "100", std::string(100, 'x'));
  write(d / "101", std::string(101, 'x'));
  EXPECT_EQ(medbudget::read_file((d / "100").string(), 100), std::string(100, 'x'));
  EXPECT_EQ(message_of([&] { (void)medbudget::read_file((d / "101").string(), 100); }),
            (d / "101").string() + ": file larger than 100 bytes");
  // A whole number of MiB is said in MiB.
  EXPECT_EQ(message_of([&] { (void)medbudget::read_file("/dev/zero", std::size_t{1} << 20); }),
            "/dev/zero: file larger than 1 MiB");
}

TEST(ReadFile, ChunksLargerThanOneReadAreJoinedExactly) {
  const fs::path d = scratch("chunks");
  std::string bytes;
  for (int i = 0; i < 200000; ++i) bytes.push_back(static_cast<char>('a' + i % 26));  // 3 chunks of 64 KiB and more
  write(d / "f", bytes);
  EXPECT_EQ(medbudget::read_file((d / "f").string()), bytes);
}

TEST(ReadFile, ADirectoryIsNamedAsOne) {
  const fs::path d = scratch("dir");
  EXPECT_EQ(message_of([&] { (void)medbudget::read_file(d.string()); }), d.string() + ": is a directory, not a file");
}

TEST(ReadFile, AMissingFileCannotBeOpened) {
  const fs::path d = scratch("missing");
  EXPECT_EQ(message_of([&] { (void)medbudget::read_file((d / "none.json").string()); }),
            (d / "none.json").string() + ": cannot open the file");
}

TEST(ReadFile, AFifoGivesItsBytesAndEnds) {
  const fs::path d = scratch("fifo");
  const fs::path f = d / "f";
  ASSERT_EQ(::mkfifo(f.c_str(), 0600), 0);
  const std::string bytes(70000, 'q');  // more than one chunk and more than a pipe's buffer
  std::thread writer([&] { write(f, bytes); });
  const std::string got = medbudget::read_file(f.string());
  writer.join();
  EXPECT_EQ(got, bytes);
}

TEST(ReadFile, AFifoPastTheLimitStopsAtIt) {
  const fs::path d = scratch("fifo-limit");
  const fs::path f = d / "f";
  ASSERT_EQ(::mkfifo(f.c_str(), 0600), 0);
  std::thread writer([&] {
    std::ofstream out(f, std::ios::binary);
    out << std::string(1000, 'q');  // the reader stops after 11 bytes; the rest may fail: a broken pipe
  });
  EXPECT_EQ(message_of([&] { (void)medbudget::read_file(f.string(), 10); }), f.string() + ": file larger than 10 bytes");
  writer.join();
}

TEST(WriteAll, AClosedPipeIsAnErrorNamingTheOutput) {
  std::signal(SIGPIPE, SIG_IGN);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);
  EXPECT_EQ(message_of([&] { medbudget::write_all(fds[1], "statement", "stdout"); }), "stdout: cannot write: Broken pipe");
  ::close(fds[1]);
}

TEST(WriteAll, AFullDeviceIsAnError) {
  const int fd = ::open("/dev/full", O_WRONLY);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(message_of([&] { medbudget::write_all(fd, "x", "out.csv"); }), "out.csv: cannot write: No space left on device");
  ::close(fd);
}

TEST(FileSet, NothingIsVisibleUnderItsNameBeforeCommitAndAllAfter) {
  const fs::path d = scratch("commit");
  {
    medbudget::file_set set(d.string());
    set.add("a.svg", "A");
    set.add("b.svg", "BB");
    set.finish();
    EXPECT_FALSE(fs::exists(d / "a.svg"));
    EXPECT_FALSE(fs::exists(d / "b.svg"));
    EXPECT_EQ(names_in(d).size(), 2u);  // the two temporaries, hidden names
    set.commit();
  }
  EXPECT_EQ(names_in(d), (std::vector<std::string>{"a.svg", "b.svg"}));
  EXPECT_EQ(medbudget::read_file((d / "b.svg").string()), "BB");
}

TEST(FileSet, AnUncommittedSetLeavesNothing) {
  const fs::path d = scratch("abandon");
  {
    medbudget::file_set set(d.string());
    const std::size_t f = set.open("claims.csv");
    set.write(f, "setl_id,");
    // destroyed here, as when an exception leaves the writer
  }
  EXPECT_TRUE(names_in(d).empty());
}

TEST(FileSet, AFailedRenameRemovesTheFilesAlreadyRenamed) {
  const fs::path d = scratch("rename");
  fs::create_directories(d / "b.svg" / "occupied");  // a non-empty directory: no file can be renamed onto it
  medbudget::file_set set(d.string());
  set.add("a.svg", "A");
  set.add("b.svg", "B");
  EXPECT_EQ(message_of([&] { set.commit(); }), (d / "b.svg").string() + ": cannot write: Is a directory");
  EXPECT_EQ(names_in(d), (std::vector<std::string>{"b.svg"}));  // a.svg, renamed first, is gone again
}

TEST(FileSet, TemporaryNamesAreUnpredictable) {
  const fs::path d = scratch("names");
  medbudget::file_set set(d.string());
  set.add("x.svg", "1");
  set.finish();
  const std::vector<std::string> n = names_in(d);
  ASSERT_EQ(n.size(), 1u);
  EXPECT_NE(n[0], "x.svg.tmp");
  EXPECT_EQ(n[0].size(), std::string(".x.svg.").size() + 16 + std::string(".tmp").size());
}

TEST(FileSet, WriteFilesWritesEveryFile) {
  const fs::path d = scratch("write-files") / "new";  // created
  EXPECT_EQ(medbudget::write_files(d.string(), {{"1.svg", "one"}, {"2.svg", "two"}}), 2u);
  EXPECT_EQ(medbudget::read_file((d / "2.svg").string()), "two");
}
