// The records scan's second pass (second_pass.hpp, docs/claims.md "Duplicates and reversals in
// bounded memory").
#include "second_pass.hpp"

#include <algorithm>      // lower_bound, sort
#include <array>          // array
#include <future>         // async: the next batch read while this one is looked at
#include <memory>         // unique_ptr
#include <atomic>         // atomic: bytes read by all threads
#include <cstring>        // memchr
#include <unordered_map>  // unordered_map: the suspects' first lines

#include "../csv.hpp"
#include "cells.hpp"
#include "ids.hpp"
#include "row_reader.hpp"
#include "medbudget/error.hpp"
#include "medbudget/money.hpp"

namespace medbudget::io {

void second_pass(const batch_reader& in, const header& head, const std::string& path, int year, unsigned threads,
                 std::vector<reversal>& reversals, const std::vector<std::uint64_t>& suspects, record_counters& counters,
                 const std::function<void(const claims_progress&)>& report, claims_progress progress) {
  hash_set wanted;       // the ids reversals name
  hash_set suspect_set;  // ids whose hash was seen twice
  hash_set either;       // both: the one test made on every row
  for (const reversal& r : reversals) {
    wanted.insert(r.init_hash);
    either.insert(r.init_hash);
  }
  for (std::uint64_t h : suspects) {
    suspect_set.insert(h);
    either.insert(h);
  }
  // A bitmap of the wanted hashes, small enough to stay in the cache, answers most rows without
  // a read of the set (a random read of a large table costs hundreds of nanoseconds here).
  std::size_t filter_bits = std::size_t{1} << 12;
  while (filter_bits < 16 * (reversals.size() + suspects.size()) && filter_bits < (std::size_t{1} << 22)) filter_bits *= 2;
  std::vector<std::uint64_t> filter(filter_bits / 64, 0);
  const std::size_t filter_mask = filter_bits - 1;
  for (const reversal& r : reversals) filter[(r.init_hash & filter_mask) / 64] |= std::uint64_t{1} << (r.init_hash & 63);
  for (std::uint64_t h : suspects) filter[(h & filter_mask) / 64] |= std::uint64_t{1} << (h & 63);
  const auto maybe_wanted = [&](std::uint64_t h) {
    return ((filter[(h & filter_mask) / 64] >> (h & 63)) & 1u) != 0 && either.contains(h);
  };
  struct hit {
    std::uint64_t hash;
    std::string id;
    std::int64_t line;
    bool counted;
    std::int64_t hifp;
    std::uint64_t psn_hash;
  };
  std::vector<hit> hits;
  // The batches of pass 1 again, each read by the thread that takes it (reading in parallel:
  // this pass does little per row, and one reader would hold it back).
  progress.pass = 2;
  progress.records = 0;
  const std::vector<batch_span>& spans = in.spans();
  std::int64_t pass_bytes = 0;
  for (const batch_span& b : spans) pass_bytes += static_cast<std::int64_t>(b.bytes);
  std::atomic<std::int64_t> bytes_read{0};
  const auto id_column = static_cast<std::size_t>(head.at[c_setl_id]);
  const std::string year_text = std::to_string(year);
  std::vector<std::vector<hit>> batch_hits(spans.size());
  // A thread's buffer of a batch's bytes.
  struct reading {
    big_array<char> bytes;
  };
  // Reads batch `batch` into `r`; returns its bytes.
  const auto load = [&](std::size_t batch, reading& r) -> std::string_view {
    const batch_span& span = spans[batch];
    if (r.bytes.size() < span.bytes) r.bytes = big_array<char>(span.bytes);
    in.read_at(span.offset, span.bytes, r.bytes.data());
    return {r.bytes.data(), span.bytes};
  };
  // A GB18030 file is looked at in its own bytes (its newlines, quotes and commas are where UTF-8's
  // would be); a cell whose hash or text must equal the first pass's is decoded when it holds
  // anything but ASCII. One per thread.
  struct cells_as_utf8 {
    std::unique_ptr<gb18030_decoder> decoder;
    std::array<std::string, 2> text;
  };
  std::vector<cells_as_utf8> as_utf8(threads);
  const auto utf8 = [&](std::size_t thread, std::size_t slot, std::string_view cell, std::int64_t line) -> std::string_view {
    if (!in.gb18030()) return cell;
    bool ascii = true;
    for (char ch : cell) ascii = ascii && static_cast<unsigned char>(ch) < 0x80;
    if (ascii) return cell;
    cells_as_utf8& u = as_utf8[thread];
    if (!u.decoder) u.decoder = std::make_unique<gb18030_decoder>();
    if (const std::size_t bad = u.decoder->decode(cell, u.text[slot]); bad != std::string_view::npos)
      refuse_gb18030(path, cell, bad, line);
    return u.text[slot];
  };
  // Looks at the rows of batch `batch`, read as `text`.
  const auto scan = [&](std::size_t thread, std::size_t batch, std::string_view text) {
    const batch_span& span = spans[batch];
    const chunk c{text.data(), text.data() + text.size(), span.first_line};
    csv_cursor cur(c.begin, c.end, c.first_line, &path);
    std::vector<std::string_view> f;
    const char* p = c.begin;
    std::int64_t line = c.first_line;
    while (p < c.end) {
      // A line without quotes is looked at only when its setl_id is wanted; rows were checked in
      // pass 1, so the id is found by counting commas.
      const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(c.end - p)));
      const char* e = nl == nullptr ? c.end : nl;
      if (std::memchr(p, '"', static_cast<std::size_t>(e - p)) == nullptr) {
        const char* s = p;
        for (std::size_t k = 0; k < id_column && s != nullptr; ++k) {
          s = static_cast<const char*>(std::memchr(s, ',', static_cast<std::size_t>(e - s)));
          if (s != nullptr) ++s;
        }
        if (s != nullptr) {
          const auto* t = static_cast<const char*>(std::memchr(s, ',', static_cast<std::size_t>(e - s)));
          if (t == nullptr) t = e > s && e[-1] == '\r' ? e - 1 : e;
          if (!maybe_wanted(hash64(utf8(thread, 0, std::string_view(s, static_cast<std::size_t>(t - s)), line)))) {
            p = nl == nullptr ? c.end : nl + 1;
            ++line;
            continue;
          }
        }
      }
      cur.seek(p, line);
      (void)cur.next(f);
      p = cur.position();
      line = cur.next_line();
      if (f.size() != head.fields) continue;  // a blank line; rows were checked in pass 1
      const std::string_view id = utf8(thread, 0, f[id_column], cur.line());
      const std::uint64_t h = hash64(id);
      if (!either.contains(h)) continue;
      auto cell = [&](column col) { return head.at[col] < 0 ? std::string_view() : f[static_cast<std::size_t>(head.at[col])]; };
      const std::string_view vali = head.at[c_vali_flag] < 0 ? "1" : cell(c_vali_flag);
      const std::string_view it = cell(c_insutype);
      const bool counted = vali == "1" && (it == "310" || it == "390") && cell(c_setl_time).substr(0, 4) == year_text;
      const std::uint64_t psn = hash64(utf8(thread, 1, cell(c_psn_no), cur.line()));
      batch_hits[batch].push_back({h, std::string(id), cur.line(), counted, accepted_amount(cell(c_hifp_pay)), psn});
    }
    bytes_read += static_cast<std::int64_t>(span.bytes);
    if (thread == 0 && report) {  // progress from one thread only
      progress.bytes_done = in.total_bytes() - pass_bytes + bytes_read.load();
      report(progress);
    }
  };
  if (threads == 1) {
    // One thread: the next batch is read while this one is looked at, as in the first pass.
    std::array<reading, 2> readings;
    std::string_view text;
    if (!spans.empty()) text = load(0, readings[0]);
    for (std::size_t k = 0; k < spans.size(); ++k) {
      std::future<std::string_view> next;
      if (k + 1 < spans.size()) next = std::async(std::launch::async, [&, k] { return load(k + 1, readings[(k + 1) % 2]); });
      scan(0, k, text);
      if (next.valid()) text = next.get();
    }
  } else {
    std::vector<reading> readings(threads);
    run_chunks(threads, spans.size(), [&](std::size_t thread, std::size_t batch) {
      scan(thread, batch, load(batch, readings[thread]));
    });
  }
  for (auto& v : batch_hits)
    for (auto& x : v) hits.push_back(std::move(x));
  // Duplicates: the first repeated id in file order, named with both lines.
  std::unordered_map<std::string, std::int64_t> first_line;
  for (const hit& x : hits) {
    if (!suspect_set.contains(x.hash)) continue;
    const auto [it, inserted] = first_line.emplace(x.id, x.line);
    if (!inserted)
      throw input_error(path + ":" + std::to_string(x.line),
                        "setl_id " + quoted_cell(x.id) + " appears twice: lines " + std::to_string(it->second) + " and " +
                            std::to_string(x.line));
  }
  // Reversals, in file order: matched against counted originals with the same id. One by another
  // person than its original, or reversing more than the original paid (with the reversals
  // before it), is an error naming both lines.
  struct original {
    std::uint64_t hash;
    std::string_view id;  // into `hits`
    std::int64_t hifp, line;
    std::uint64_t psn_hash;
    std::int64_t reversed = 0;
  };
  // Sorted by the id's hash (a sorted array: no node per original), found by hash and then id.
  std::vector<original> originals;
  for (const hit& x : hits)
    if (x.counted && wanted.contains(x.hash)) originals.push_back({x.hash, x.id, x.hifp, x.line, x.psn_hash});
  std::sort(originals.begin(), originals.end(),
            [](const original& a, const original& b) { return a.hash != b.hash ? a.hash < b.hash : a.line < b.line; });
  const auto original_of = [&](const reversal& r) -> original* {
    auto it = std::lower_bound(originals.begin(), originals.end(), r.init_hash,
                               [](const original& o, std::uint64_t h) { return o.hash < h; });
    for (; it != originals.end() && it->hash == r.init_hash; ++it)
      if (it->id == r.init_id) return &*it;
    return nullptr;
  };
  std::sort(reversals.begin(), reversals.end(), [](const reversal& a, const reversal& b) { return a.line < b.line; });
  for (const reversal& r : reversals) {
    original* found = original_of(r);
    if (found == nullptr) {
      ++counters.reversals_unmatched;
      continue;
    }
    original& o = *found;
    const std::string where = path + ":" + std::to_string(r.line);
    if (o.psn_hash != r.psn_hash)
      throw input_error(where, "the reversal of setl_id " + quoted_cell(r.init_id) + " (line " + std::to_string(o.line) +
                                   ") is another person's: psn_no differs");
    if (__builtin_add_overflow(o.reversed, r.hifp, &o.reversed) || o.hifp + o.reversed < 0)
      throw input_error(where, "the reversal of setl_id " + quoted_cell(r.init_id) + " reverses more than was paid: hifp_pay " +
                                   fen::from_fen(o.reversed).str() + " reversed, " + fen::from_fen(o.hifp).str() +
                                   " paid (line " + std::to_string(o.line) + ")");
    if (o.hifp + r.hifp != 0) ++counters.reversals_partial;
  }
}

}  // namespace medbudget::io
