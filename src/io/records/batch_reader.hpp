// Internal: a records file read in batches of whole records, split into chunks for the worker
// threads, and the threads themselves.
#pragma once

#include <algorithm>      // count, min, max
#include <array>          // array
#include <atomic>         // atomic: the next chunk to take
#include <cstdint>        // int64_t, uint64_t
#include <cstdio>         // FILE
#include <cstring>        // memchr, memcpy
#include <string>         // string
#include <string_view>    // string_view
#include <vector>         // vector
#include <exception>      // exception_ptr
#include <future>         // async: read the next batch while this one is parsed
#include <memory>         // unique_ptr
#include <thread>         // thread

#include <sys/stat.h>  // fstat: a stream is copied before it is read
#include <unistd.h>    // pread

#include <cerrno>  // errno, EINTR

#include "../csv.hpp"
#include "../sha256.hpp"
#include "medbudget/error.hpp"
#include "medbudget/io/claims_csv.hpp"
#include "gb18030.hpp"
#include "tables.hpp"

namespace medbudget::io {

// The number of newlines in [b, e), 16 bytes at a time.
[[nodiscard]] std::size_t count_newlines(const char* b, const char* e) noexcept;

struct chunk {
  const char* begin;
  const char* end;
  std::int64_t first_line;
};

// Where a batch of the first reading lies in the file: whole records from `offset`, `bytes` long,
// the first on line `first_line`. A later pass reads the batches again by these, on all threads.
struct batch_span {
  std::int64_t offset;
  std::size_t bytes;
  std::int64_t first_line;
};

class batch_reader {
 public:
  // `gb18030`: the file is GB18030 (GBK), decoded to UTF-8 batch by batch (gb18030.hpp); its
  // newlines, quotes and commas are found in the raw bytes, where no GB18030 character holds them.
  batch_reader(const std::string& path, std::size_t batch_bytes, bool gb18030 = false) : path_(path), batch_(batch_bytes) {
    if (gb18030) decoder_ = std::make_unique<gb18030_decoder>();
    file_ = std::fopen(path.c_str(), "rb");
    if (file_ == nullptr) throw input_error(path, "cannot open the file");
    struct stat st {};
    if (::fstat(::fileno(file_), &st) != 0) throw input_error(path, "cannot read the file");
    if (S_ISDIR(st.st_mode)) throw input_error(path, "is a directory, not a records file");
    if (!S_ISREG(st.st_mode)) spool();
    std::fseek(file_, 0, SEEK_END);
    total_ = std::ftell(file_);
    std::fseek(file_, 0, SEEK_SET);
  }
  ~batch_reader() {
    if (file_ != nullptr) std::fclose(file_);
  }
  batch_reader(const batch_reader&) = delete;
  batch_reader& operator=(const batch_reader&) = delete;

  // Hashes every byte of the file as it is first read into `d` (the whole file once a pass has read
  // it to the end: digested()). Set before header_fields().
  void digest_into(sha256* d) noexcept { digest_ = d; }
  [[nodiscard]] bool digested() const noexcept { return digested_; }

  [[nodiscard]] std::int64_t total_bytes() const noexcept { return total_; }
  [[nodiscard]] std::int64_t bytes_done() const noexcept { return done_; }

  // The header record (line 1), BOM removed; the views stay valid until the next call.
  std::vector<std::string_view> header_fields() {
    fill();
    if (have_ >= 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0) start_ = 3;
    const char* b = buf_.data() + start_;
    const char* nl = static_cast<const char*>(std::memchr(b, '\n', have_ - start_));
    while (nl == nullptr && !eof_) {  // a header longer than a batch: read on
      if (buf_.size() > max_csv_record_bytes) throw input_error(path_ + ":1", "a header longer than 1 MiB");
      buf_.resize(buf_.size() * 2);
      fill();
      b = buf_.data() + start_;
      nl = static_cast<const char*>(std::memchr(b, '\n', have_ - start_));
    }
    const char* e = nl == nullptr ? buf_.data() + have_ : nl + 1;
    const std::string_view raw_head(b, static_cast<std::size_t>(e - b));
    if (decoder_) {
      if (const std::size_t bad = decoder_->decode(raw_head, header_text_); bad != std::string_view::npos)
        refuse_gb18030(path_, raw_head, bad, 1);
    } else {
      if (invalid_utf8_at(raw_head) != std::string_view::npos)
        throw input_error(path_ + ":1", not_utf8_message(raw_head, invalid_utf8_at(raw_head), true));
      header_text_.assign(b, e);
    }
    header_end_ = static_cast<std::int64_t>(start_) + (e - b);  // the file offset of line 2
    csv_cursor cur(header_text_.data(), header_text_.data() + header_text_.size(), 1, &path_);
    std::vector<std::string_view> fields;
    if (!cur.next(fields) || (fields.size() == 1 && fields[0].empty()))
      throw input_error(path_ + ":1", "the file is empty: a header row is required");
    start_ += static_cast<std::size_t>(e - b);
    line_ = 2;
    // A cell unescaped from quotes ("x""y") lives in the cursor's scratch, gone with the cursor:
    // the names are kept here, and the views returned point into them.
    header_cells_.assign(fields.begin(), fields.end());
    return {header_cells_.begin(), header_cells_.end()};
  }

  [[nodiscard]] bool gb18030() const noexcept { return decoder_ != nullptr; }

  // The batches of the first reading, in file order (complete once it has read to the end).
  [[nodiscard]] const std::vector<batch_span>& spans() const noexcept { return spans_; }

  // `n` bytes from `offset` into `out`; any thread may call it at once (pread: no shared position).
  void read_at(std::int64_t offset, std::size_t n, char* out) const {
    std::size_t got = 0;
    while (got < n) {
      const ::ssize_t r = ::pread(::fileno(file_), out + got, n - got, static_cast<::off_t>(offset) + static_cast<::off_t>(got));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) throw input_error(path_, "cannot read the file (did it change while it was read?)");
      got += static_cast<std::size_t>(r);
    }
  }

  // Back to the start of the file, keeping the buffers; header_fields() comes next.
  void rewind() {
    recorded_ = true;  // the spans are of the first reading
    if (std::fseek(file_, 0, SEEK_SET) != 0) throw input_error(path_, "cannot read the file");
    have_ = start_ = 0;
    eof_ = false;
    line_ = 1;
    done_ = 0;
    read_ = 0;
  }

  // The next batch of whole records, split into `parts` chunks at record boundaries; empty at the end.
  // The chunks stay valid through the following call: batches alternate between two buffers, so
  // that the next batch can be read while the workers parse this one.
  std::vector<chunk> next(unsigned parts) {
    std::vector<chunk> out;
    // The leftover (a record cut by the end of the last read) opens the other buffer.
    if (spare_.size() < buf_.size()) spare_.resize(buf_.size());
    if (have_ > start_) std::memcpy(spare_.data(), buf_.data() + start_, have_ - start_);
    have_ -= start_;
    start_ = 0;
    std::swap(buf_, spare_);
    while (true) {
      fill();
      if (have_ == 0) return out;
      const std::size_t end = complete_end();
      if (end == 0) {
        if (buf_.size() > max_csv_record_bytes * 4 + batch_)
          throw input_error(path_ + ":" + std::to_string(line_), "a record longer than " +
                                                                     std::to_string(max_csv_record_bytes) + " bytes");
        buf_.resize(buf_.size() * 2);  // a record longer than the batch: read on
        continue;
      }
      if (!recorded_) spans_.push_back({header_end_ + done_, end, line_});
      if (decoder_) {
        std::string& text = decoded_[decoded_index_ ^= 1];  // alternating, as the buffers do
        const std::string_view raw(buf_.data(), end);
        if (const std::size_t bad = decoder_->decode(raw, text); bad != std::string_view::npos)
          refuse_gb18030(path_, raw, bad, line_);
        split(text.data(), text.size(), parts, out);
      } else {
        split(buf_.data(), end, parts, out);
      }
      start_ = end;
      done_ += static_cast<std::int64_t>(end);
      return out;
    }
  }

 private:
  // A pipe, a FIFO or a terminal cannot be read twice nor measured: its bytes are copied to an
  // unnamed temporary file (in /tmp, deleted when closed), which is then read like the file.
  void spool() {
    std::FILE* copy = std::tmpfile();
    if (copy == nullptr) throw input_error(path_, "cannot make the temporary copy of a stream in /tmp");
    std::vector<char> b(std::size_t{1} << 20);
    while (true) {
      const std::size_t n = std::fread(b.data(), 1, b.size(), file_);
      if (n == 0) {
        if (std::ferror(file_)) {
          std::fclose(copy);
          throw input_error(path_, "cannot read the file");
        }
        break;
      }
      if (std::fwrite(b.data(), 1, n, copy) != n) {
        std::fclose(copy);
        throw input_error(path_, "cannot copy the stream to a temporary file in /tmp (is the disk full?)");
      }
    }
    if (std::fflush(copy) != 0) {
      std::fclose(copy);
      throw input_error(path_, "cannot copy the stream to a temporary file in /tmp (is the disk full?)");
    }
    std::fclose(file_);
    file_ = copy;
  }
  void fill() {
    // A batch, or the whole file when it is smaller (no full-size buffer for a small file).
    const std::size_t want = std::min(batch_, static_cast<std::size_t>(total_) + 1);
    if (buf_.size() < want) buf_.resize(want);
    while (!eof_ && have_ < buf_.size()) {
      const std::size_t n = std::fread(buf_.data() + have_, 1, buf_.size() - have_, file_);
      if (n == 0) {
        if (std::ferror(file_)) throw input_error(path_, "cannot read the file");
        eof_ = true;
        digested_ = digest_ != nullptr && read_ == hashed_;
      }
      if (digest_ != nullptr && read_ == hashed_) {  // bytes not hashed yet (a second pass re-reads)
        digest_->update(std::string_view(buf_.data() + have_, n));
        hashed_ += static_cast<std::int64_t>(n);
      }
      read_ += static_cast<std::int64_t>(n);
      have_ += n;
    }
  }
  // The end of the last whole record in buf_[0, have_): after the last newline outside quotes, or
  // everything at the end of the file.
  std::size_t complete_end() const {
    const char* b = buf_.data();
    if (eof_) return have_;
    if (std::memchr(b, '"', have_) == nullptr) {
      for (std::size_t i = have_; i > 0; --i)
        if (b[i - 1] == '\n') return i;
      return 0;
    }
    bool quoted = false;
    std::size_t last = 0;
    for (std::size_t i = 0; i < have_; ++i) {
      if (b[i] == '"') quoted = !quoted;
      else if (b[i] == '\n' && !quoted) last = i + 1;
    }
    return last;
  }
  // Cuts b[0, end), whole records, into `parts` chunks at record boundaries.
  void split(const char* b, std::size_t end, unsigned parts, std::vector<chunk>& out) {
    const bool any_quote = std::memchr(b, '"', end) != nullptr;
    std::size_t from = 0;
    bool quoted = false;
    std::size_t scan = 0;  // quote state is known up to here
    for (unsigned k = 1; k <= parts && from < end; ++k) {
      std::size_t cut = k == parts ? end : std::max(from, end * k / parts);
      if (cut < end) {
        if (!any_quote) {
          const void* nl = std::memchr(b + cut, '\n', end - cut);
          cut = nl == nullptr ? end : static_cast<std::size_t>(static_cast<const char*>(nl) - b) + 1;
        } else {
          for (; scan < end; ++scan) {
            if (b[scan] == '"') quoted = !quoted;
            else if (b[scan] == '\n' && !quoted && scan >= cut) break;
          }
          cut = scan < end ? scan + 1 : end;
          scan = cut;
        }
      }
      if (cut <= from) continue;
      out.push_back({b + from, b + cut, line_});
      line_ += static_cast<std::int64_t>(count_newlines(b + from, b + cut));
      from = cut;
    }
  }

  std::string path_;
  std::size_t batch_;
  std::FILE* file_ = nullptr;
  big_array<char> buf_, spare_;
  std::size_t have_ = 0, start_ = 0;
  bool eof_ = false;
  std::int64_t line_ = 1;
  std::int64_t total_ = 0, done_ = 0;
  std::string header_text_;
  std::vector<std::string> header_cells_;  // the header's cells, as header_fields() gave them
  std::int64_t header_end_ = 0;
  std::vector<batch_span> spans_;
  bool recorded_ = false;  // rewound: spans_ is complete
  std::unique_ptr<gb18030_decoder> decoder_;  // when the file is GB18030
  std::array<std::string, 2> decoded_;        // the batches as UTF-8, alternating
  unsigned decoded_index_ = 0;
  sha256* digest_ = nullptr;
  std::int64_t read_ = 0, hashed_ = 0;  // bytes read from the file in this pass; bytes hashed
  bool digested_ = false;
};

// Runs `work(chunk_index)` for each chunk on its own thread (the calling thread takes the first),
// then rethrows the error of the earliest chunk, if any.
template <class F>
void run_parallel(std::size_t n, F work) {
  std::vector<std::exception_ptr> errors(n);
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < n; ++i)
    threads.emplace_back([&, i] {
      try {
        work(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  if (n > 0) {
    try {
      work(0);
    } catch (...) {
      errors[0] = std::current_exception();
    }
  }
  for (auto& t : threads) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

// Runs `work(thread, chunk_index)` for each of `n` chunks on `threads` threads, each thread taking
// the next chunk nobody has taken (so a slow chunk holds one thread, not the batch), then rethrows
// the error of the earliest chunk that failed, if any: every chunk before it was done, so that is
// the first error in file order. A thread stops at its first error.
template <class F>
void run_chunks(unsigned threads, std::size_t n, F work) {
  std::vector<std::exception_ptr> errors(n);
  std::atomic<std::size_t> next{0};
  run_parallel(std::min<std::size_t>(threads, n), [&](std::size_t t) {
    for (std::size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) {
      try {
        work(t, i);
      } catch (...) {
        errors[i] = std::current_exception();
        return;
      }
    }
  });
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

// The chunks a batch is cut into for `threads` threads: several per thread, so that the threads
// share a batch's work evenly whatever each chunk's rows cost.
[[nodiscard]] constexpr unsigned chunks_for(unsigned threads) noexcept { return threads == 1 ? 1 : threads * 4; }

// `requested` threads, or as many as the machine has when 0.
[[nodiscard]] unsigned thread_count(unsigned requested);

}  // namespace medbudget::io
