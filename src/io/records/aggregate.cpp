// Settlement records to actuals (and the indicators' counts) in one scan: streaming CSV in batches,
// parsed on all cores, with duplicate detection and reversal matching in bounded memory
// (docs/claims.md).
#include "medbudget/io/records_scan.hpp"

#include <algorithm>      // count, min, max
#include <array>          // array
#include <cstdint>        // int64_t, uint64_t
#include <string>         // string
#include <string_view>    // string_view
#include <vector>         // vector
#include <future>         // async: read the next batch while this one is parsed
#include <map>            // map
#include <memory>         // unique_ptr
#include <unordered_map>  // unordered_map

#include "../csv.hpp"
#include "batch_reader.hpp"
#include "cells.hpp"
#include "columns.hpp"
#include "ids.hpp"
#include "indicator_sink.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/records.hpp"
#include "rows.hpp"
#include "second_pass.hpp"
#include "tables.hpp"

namespace medbudget {

// ---- the aggregation ------------------------------------------------------------------------------

namespace {

constexpr const char* overflow_message =
    "hifp_pay adds up past 92233720368547758.07 yuan, the largest total the program holds";

// The five most frequent insu_admdvs codes of the file's rows with their counts, most frequent
// first: a pass made only for the error that the file holds no insured of the county.
std::string most_frequent_admdvs(io::batch_reader& in, const io::header& head, const std::string& path) {
  in.rewind();
  (void)in.header_fields();
  std::unordered_map<std::string, std::int64_t> count;
  const auto column = static_cast<std::size_t>(head.at[io::c_insu_admdvs]);
  std::vector<std::string_view> f;
  for (std::vector<io::chunk> chunks = in.next(1); !chunks.empty(); chunks = in.next(1))
    for (const io::chunk& c : chunks) {
      io::csv_cursor cur(c.begin, c.end, c.first_line, &path);
      while (cur.next(f))
        if (f.size() == head.fields) ++count[std::string(f[column])];
    }
  std::vector<std::pair<std::string, std::int64_t>> codes(count.begin(), count.end());
  std::sort(codes.begin(), codes.end(), [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
  std::string out;
  for (std::size_t k = 0; k < codes.size() && k < 5; ++k)
    out += (k == 0 ? "" : ", ") + codes[k].first + " (" + std::to_string(codes[k].second) +
           (codes[k].second == 1 ? " record)" : " records)");
  return out;
}

}  // namespace

records_scan scan_records(const std::string& claims_path, const registry& reg, const attribution* attr,
                          const scan_options& sopt) {
  using namespace io;
  const claims_options& opt = sopt.records;
  if (opt.county.size() != 6 || !is_digits(opt.county)) throw input_error("--county", "expected a 6-digit 医保区划 code");
  const std::vector<age_band> bands = opt.bands.empty() ? preset("harbin").age_bands() : opt.bands;
  const claims_layout layout(reg, opt.county, bands);
  context ctx;
  ctx.layout = &layout;
  ctx.file = &claims_path;
  ctx.year = opt.year;
  for (std::uint32_t i = 0; i < reg.institutions.size(); ++i) ctx.institutions.add(reg.institutions[i].code, i);
  ctx.several_alliances = layout.alliances().size() > 1;
  if (ctx.several_alliances) {
    if (attr == nullptr)
      throw input_error("--attribution", "the registry names " + std::to_string(layout.alliances().size()) +
                                             " alliances: an attribution file is required");
    std::vector<std::uint32_t> alliance_of_id;  // attribution's alliance index → layout's
    for (const std::string& id : attr->alliance_ids) {
      const auto alliance = layout.alliance_index(id);
      if (!alliance) throw input_error("--attribution", "names an alliance the registry does not have");
      alliance_of_id.push_back(*alliance);
    }
    std::vector<std::uint16_t> alliance(attr->persons.size());
    for (std::size_t k = 0; k < attr->persons.size(); ++k)
      alliance[k] = static_cast<std::uint16_t>(alliance_of_id.at(attr->alliance_of[k]));
    ctx.attributed.build(attr->persons, alliance);
  }
  std::vector<std::string> warnings;
  if (!ctx.several_alliances && attr != nullptr)
    warnings.push_back(layout.alliances().empty()
                           ? "the registry names no alliance: the attribution file is ignored"
                           : "the registry names one alliance (" + layout.alliances().front() +
                                 "): every local insured belongs to it and the attribution file is ignored");
  // Each worker holds a table of the layout's cells: the workers are as many as fit in
  // table_memory_budget, at least one, so that memory is bounded by the table, not threads × table.
  const std::size_t table_bytes = std::size_t{layout.cell_count()} * sizeof(std::int64_t);
  const unsigned threads = static_cast<unsigned>(std::max<std::size_t>(
      1, std::min<std::size_t>(thread_count(opt.threads), claims_table_memory_budget / std::max<std::size_t>(table_bytes, 1))));
  const std::size_t person_numbers = ctx.several_alliances ? ctx.attributed.persons_capacity() : 0;
  std::vector<worker_state> states;
  states.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) states.emplace_back(layout, person_numbers);
  std::vector<reversal> reversals;
  std::vector<std::uint64_t> suspects;
  claims_progress progress;
  header head;
  // Both passes read through the same reader and its two buffers.
  batch_reader in(claims_path, opt.batch_bytes, opt.encoding == input_encoding::gb18030);
  sha256 digest;
  if (opt.digest) in.digest_into(&digest);
  head = read_header(in.header_fields(), claims_path);
  ctx.head = &head;
  progress.bytes_total = in.total_bytes();
  // The indicators' sink, when asked for: each worker's part of the counts.
  indicator_context indicators;
  if (sopt.indicators) {
    indicators = make_indicator_context(reg, opt.county, layout.institution_count());
    indicators.has_stay_times = head.at[c_adm_time] >= 0 && head.at[c_dscg_time] >= 0;
    ctx.indicators = &indicators;
    for (worker_state& s : states) s.indicators = std::make_unique<indicator_state>(layout.alliances().size());
  }

  // Pass 1: parse, check, classify and aggregate.
  const unsigned parts_per_batch = chunks_for(threads);
  {
    std::vector<chunk> chunks = in.next(parts_per_batch);
    if (!chunks.empty()) {
      // Size the id partitions once, from the first batch's bytes per row and the file's size.
      const auto batch_bytes = static_cast<std::uintmax_t>(chunks.back().end - chunks.front().begin);
      std::uintmax_t batch_rows = 0;
      for (const chunk& c : chunks) batch_rows += count_newlines(c.begin, c.end);
      std::uintmax_t estimate = batch_rows + 1;
      if (batch_rows > 0)
        estimate = static_cast<std::uintmax_t>(in.total_bytes()) / (batch_bytes / batch_rows + 1) * 21 / 20;
      const auto expected = static_cast<std::size_t>(std::min<std::uintmax_t>(estimate, std::uintmax_t{48} << 20));
      const unsigned bits = id_partition_bits(expected);
      const std::size_t per_part = (expected / threads >> bits) * 9 / 8 + 64;
      for (worker_state& s : states) s.ids = id_writer(bits, per_part);
    }
    while (!chunks.empty()) {
      // The next batch is read while this one is parsed (the reader's buffers alternate).
      std::future<std::vector<chunk>> next_batch = std::async(std::launch::async, [&] { return in.next(parts_per_batch); });
      // The sinks are chosen here, once per chunk: the row loop is compiled for each choice.
      const auto parse = [&]<bool Indicators>(std::size_t t, std::size_t i) {
        const chunk& c = chunks[i];
        if (const std::size_t bad = invalid_utf8_at(std::string_view(c.begin, static_cast<std::size_t>(c.end - c.begin)));
            bad != std::string_view::npos) {
          // Reported at the line where the record holding the bad byte starts.
          csv_cursor find(c.begin, c.end, c.first_line, &claims_path);
          std::vector<std::string_view> f;
          while (find.next(f) && find.position() <= c.begin + bad) {
          }
          throw input_error(claims_path + ":" + std::to_string(find.line()),
                            not_utf8_message(std::string_view(c.begin, static_cast<std::size_t>(c.end - c.begin)), bad, true));
        }
        // Rows are checked, classified and added as they are read; the attribution lookups wait
        // in st.pending until the chunk is read.
        csv_cursor cur(c.begin, c.end, c.first_line, &claims_path);
        std::vector<std::string_view> fields;
        worker_state& st = states[t];
        while (cur.next(fields)) {
          if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line holds no record
          process_row<Indicators>(ctx, fields, cur.line(), st, cur.unescaped());
        }
        finish_rows<Indicators>(ctx, st);
      };
      run_chunks(threads, chunks.size(), [&](std::size_t t, std::size_t i) {
        if (sopt.indicators) parse.template operator()<true>(t, i);
        else parse.template operator()<false>(t, i);
      });
      chunks = next_batch.get();
      for (const worker_state& s : states)
        if (s.overflow || s.totals.overflowed()) throw input_error(claims_path, overflow_message);
      progress.bytes_done = in.bytes_done();
      progress.records = 0;
      for (const worker_state& s : states) progress.records += s.counters.read;
      if (opt.progress) opt.progress(progress);
    }
    // Repeated id hashes, partition by partition, the partitions shared among the threads.
    const std::size_t parts = std::size_t{1} << states.front().ids.bits();
    std::vector<std::vector<std::uint64_t>> repeats(threads);
    run_parallel(threads, [&](std::size_t t) {
      big_array<std::uint64_t> table, part;
      std::vector<std::size_t> start;
      for (std::size_t p = t; p < parts; p += threads) {
        std::size_t n = 0;
        for (const worker_state& s : states) n += s.ids.count(p);
        // Split the partition by the hash's next bits into pieces of some 16 thousand hashes
        // (a counting sort), then look for repeats piece by piece in a table that fits in the cache.
        unsigned sub_bits = 0;
        while ((n >> sub_bits) > 16384 && sub_bits < 16) ++sub_bits;
        const unsigned shift = 64 - states.front().ids.bits() - sub_bits;
        const auto piece = [&](std::uint64_t h) {
          return sub_bits == 0 ? std::size_t{0} : static_cast<std::size_t>((h >> shift) & ((std::uint64_t{1} << sub_bits) - 1));
        };
        start.assign((std::size_t{1} << sub_bits) + 1, 0);
        for (const worker_state& s : states) s.ids.each(p, [&](std::uint64_t h) { ++start[piece(h) + 1]; });
        for (std::size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
        if (part.size() < n) part = big_array<std::uint64_t>(n);
        std::vector<std::size_t> at(start.begin(), start.end() - 1);
        for (const worker_state& s : states) s.ids.each(p, [&](std::uint64_t h) { part[at[piece(h)]++] = h; });
        for (std::size_t k = 0; k + 1 < start.size(); ++k) {
          const std::size_t m = start[k + 1] - start[k];
          std::size_t cap = 64;
          while (cap < 2 * m) cap *= 2;
          if (table.size() < cap) table = big_array<std::uint64_t>(cap);
          else std::fill(table.begin(), table.begin() + cap, std::uint64_t{0});
          const std::size_t mask = cap - 1;
          for (std::size_t j = start[k]; j < start[k + 1]; ++j) {
            const std::uint64_t h = part[j];  // hash64 is never 0
            for (std::size_t slot = h & mask;; slot = (slot + 1) & mask) {
              if (table[slot] == 0) {
                table[slot] = h;
                break;
              }
              if (table[slot] == h) {
                repeats[t].push_back(h);
                break;
              }
            }
          }
        }
      }
    });
    for (const auto& r : repeats) suspects.insert(suspects.end(), r.begin(), r.end());
  }

  // The workers' sums.
  claims_totals totals(layout);
  record_counters counters;
  const std::size_t A = layout.alliances().size();
  person_counts persons(claims_layout::funds * A, 0);
  pooled_sums pooled(std::size_t{claims_layout::funds} * 3 * bands.size(), 0);
  std::int64_t in_year = 0, counted_local = 0;
  std::map<int, std::array<std::int64_t, 2>> other_years;
  std::vector<std::unique_ptr<indicator_state>> indicator_parts;
  {
    std::vector<hash_set> person_sets(claims_layout::funds * A);
    big_array<std::uint8_t> person_seen(person_numbers * claims_layout::funds);
    for (worker_state& s : states) {
      totals.merge(s.totals);
      record_counters& t = counters;
      t.read += s.counters.read;
      t.counted += s.counters.counted;
      t.reversals += s.counters.reversals;
      t.excluded_invalid += s.counters.excluded_invalid;
      t.excluded_other_insutype += s.counters.excluded_other_insutype;
      t.excluded_out_of_period += s.counters.excluded_out_of_period;
      t.unregistered_institutions += s.counters.unregistered_institutions;
      bool overflow = totals.overflowed();
      const auto sum = [&](std::int64_t& a, std::int64_t b) { overflow |= __builtin_add_overflow(a, b, &a); };
      sum(t.hifp_read, s.counters.hifp_read);
      sum(t.hifp_counted, s.counters.hifp_counted);
      sum(t.hifp_excluded_invalid, s.counters.hifp_excluded_invalid);
      sum(t.hifp_excluded_other_insutype, s.counters.hifp_excluded_other_insutype);
      sum(t.hifp_excluded_out_of_period, s.counters.hifp_excluded_out_of_period);
      for (std::size_t f = 0; f < claims_layout::funds; ++f) sum(t.hifp_counted_by_fund[f], s.counters.hifp_counted_by_fund[f]);
      for (std::size_t k = 0; k < pooled.size(); ++k) sum(pooled[k], s.pooled[k]);
      if (overflow) throw input_error(claims_path, overflow_message);
      in_year += s.in_year;
      counted_local += s.counted_local;
      for (const auto& [y, c] : s.other_years) {
        other_years[y][0] += c[0];
        other_years[y][1] += c[1];
      }
      for (auto& r : s.reversals) reversals.push_back(std::move(r));
      if (s.indicators) indicator_parts.push_back(std::move(s.indicators));
      for (std::size_t k = 0; k < s.persons.size(); ++k) person_sets[k].merge(s.persons[k]);
      for (std::size_t k = 0; k < person_seen.size(); ++k) person_seen[k] = static_cast<std::uint8_t>(person_seen[k] | s.person_seen[k]);
    }
    states.clear();
    for (std::size_t k = 0; k < person_sets.size(); ++k) persons[k] = static_cast<std::int64_t>(person_sets[k].size());
    for (std::uint32_t f = 0; f < claims_layout::funds; ++f)
      if (person_numbers > 0)
        ctx.attributed.each_seen([&](std::size_t n) { return person_seen[n * claims_layout::funds + f] != 0; },
                                 [&](std::uint32_t alliance) { ++persons[f * A + alliance]; });
  }

  // Pass 2, only when needed: confirm possible duplicates, and find the originals of reversals.
  if (!reversals.empty() || !suspects.empty())
    second_pass(in, head, claims_path, opt.year, threads, reversals, suspects, counters, opt.progress, progress);

  // No silent wrong answers: a file of other years, or of another county's insured, is an error
  // naming what it holds; records of other years left out are said.
  if (counters.read > 0 && in_year == 0) {
    std::string held;
    for (const auto& [y, c] : other_years)
      held += (held.empty() ? "" : ", ") + std::to_string(y) + " (" + std::to_string(c[0]) + (c[0] == 1 ? " record)" : " records)");
    throw input_error(claims_path, "no record of " + std::to_string(opt.year) + " (setl_time); the file's records are of " + held);
  }
  if (counters.counted > 0 && counted_local == 0)
    throw input_error(claims_path, "no counted record is of an insured of county " + opt.county +
                                       " (insu_admdvs); the file's most frequent insu_admdvs: " +
                                       most_frequent_admdvs(in, head, claims_path));
  if (counters.excluded_out_of_period > 0) {
    std::string left;
    for (const auto& [y, c] : other_years)
      if (c[1] > 0) left += (left.empty() ? "" : ", ") + std::to_string(c[1]) + " of " + std::to_string(y);
    warnings.push_back(claims_path + ": records outside " + std::to_string(opt.year) +
                       " left out (excluded_out_of_period): " + left);
  }

  records_scan result;
  try {
    result.claims = summarize(layout, totals, counters, persons, opt.year, pooled);
  } catch (const overflow_error&) {
    throw input_error(claims_path, overflow_message);
  }
  result.claims.warnings = std::move(warnings);
  if (opt.digest) result.claims.sha256 = in.digested() ? digest.hex() : sha256_file(claims_path);
  if (sopt.indicators) {
    // The stays that reversals name are removed before the stays are counted.
    std::vector<std::uint64_t> reversed;
    reversed.reserve(reversals.size());
    for (const reversal& r : reversals) reversed.push_back(r.init_hash);
    std::vector<indicator_state*> parts;
    for (auto& p : indicator_parts) parts.push_back(p.get());
    result.indicators = finish_indicators(indicators, parts, reversed, claims_path, opt.county, opt.year,
                                          sopt.readmission_days, head.at[c_medfee_sumamt] >= 0,
                                          head.at[c_fulamt_ownpay_amt] >= 0);
  }
  return result;
}

claims_result aggregate_claims(const std::string& claims_path, const registry& reg, const attribution* attr,
                               const claims_options& opt) {
  scan_options sopt;
  sopt.records = opt;
  return scan_records(claims_path, reg, attr, sopt).claims;
}

}  // namespace medbudget
