// Settlement records to actuals: streaming CSV in batches, parsed on all cores, with duplicate
// detection and reversal matching in bounded memory (claims-format.md).
#include "medbudget/io/claims_csv.hpp"

#include <algorithm>      // count, min
#include <array>          // array
#include <cstdio>         // FILE
#include <cstring>        // memchr, memcpy
#include <deque>          // deque: stable strings
#include <exception>      // exception_ptr
#include <filesystem>     // file_size
#include <future>         // async: read the next batch while this one is parsed
#include <map>            // map: records of other years
#include <new>            // bad_alloc
#include <thread>         // thread
#include <type_traits>    // is_trivially_copyable_v
#include <unordered_map>  // unordered_map
#include <unordered_set>  // unordered_set

#include <sys/mman.h>  // madvise
#include <sys/stat.h>  // fstat: a stream is copied before it is read
#include <unistd.h>    // close

#include <cstdlib>  // getenv, mkstemp

#include "csv.hpp"
#include "records/cells.hpp"
#include "medbudget/calendar.hpp"
#include "medbudget/io/json.hpp"
#include "medbudget/records.hpp"

namespace medbudget {

namespace io {

std::size_t invalid_utf8_at(std::string_view bytes) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {  // ASCII fast path
      std::uint64_t w;
      std::memcpy(&w, s + i, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return i;
    i += len;
  }
  return std::string_view::npos;
}

namespace {

// ---- small tools --------------------------------------------------------------------------------

// Zero-filled memory straight from the kernel (no second zero fill), 2 MiB aligned and advised for
// transparent huge pages when it is that large. On this kind of virtual machine every first touch of a
// 4 KiB page costs a trap of several microseconds and every random access a page walk; a huge page
// takes one trap for 2 MiB and one TLB entry. For trivially copyable T only.
template <class T>
class big_array {
 public:
  big_array() noexcept = default;
  explicit big_array(std::size_t n) { allocate(n); }
  ~big_array() { release(); }
  big_array(big_array&& o) noexcept { take(o); }
  big_array& operator=(big_array&& o) noexcept {
    if (this != &o) {
      release();
      take(o);
    }
    return *this;
  }
  big_array(const big_array&) = delete;
  big_array& operator=(const big_array&) = delete;

  [[nodiscard]] T* data() noexcept { return data_; }
  [[nodiscard]] const T* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  T& operator[](std::size_t i) noexcept { return data_[i]; }
  const T& operator[](std::size_t i) const noexcept { return data_[i]; }
  T* begin() noexcept { return data_; }
  T* end() noexcept { return data_ + size_; }
  const T* begin() const noexcept { return data_; }
  const T* end() const noexcept { return data_ + size_; }

  // Grows to `n` elements keeping the contents (the new ones zero).
  void resize(std::size_t n) {
    if (n <= size_) {
      size_ = n;
      return;
    }
    big_array bigger(n);
    if (size_ > 0) std::memcpy(bigger.data_, data_, size_ * sizeof(T));
    *this = std::move(bigger);
  }

 private:
  static constexpr std::size_t huge = std::size_t{2} << 20;
  void allocate(std::size_t n) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (n == 0) return;
    const std::size_t bytes = n * sizeof(T);
    const bool use_huge = bytes >= huge;
    map_bytes_ = use_huge ? (bytes + 2 * huge - 1) / huge * huge : bytes;
    void* m = ::mmap(nullptr, map_bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) throw std::bad_alloc();
    map_ = m;
    auto addr = reinterpret_cast<std::uintptr_t>(m);
    if (use_huge) {
      addr = (addr + huge - 1) & ~(huge - 1);
#if defined(MADV_HUGEPAGE)
      ::madvise(reinterpret_cast<void*>(addr), (bytes + huge - 1) / huge * huge, MADV_HUGEPAGE);
#endif
    }
    data_ = reinterpret_cast<T*>(addr);
    size_ = n;
  }
  void release() noexcept {
    if (map_ != nullptr) ::munmap(map_, map_bytes_);
    map_ = nullptr;
    data_ = nullptr;
    size_ = map_bytes_ = 0;
  }
  void take(big_array& o) noexcept {
    map_ = o.map_;
    data_ = o.data_;
    size_ = o.size_;
    map_bytes_ = o.map_bytes_;
    o.map_ = nullptr;
    o.data_ = nullptr;
    o.size_ = o.map_bytes_ = 0;
  }
  void* map_ = nullptr;
  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t map_bytes_ = 0;
};

// The number of newlines in [b, e), 16 bytes at a time.
std::size_t count_newlines(const char* b, const char* e) noexcept {
  std::size_t n = 0;
#if defined(__SSE2__)
  const __m128i nl = _mm_set1_epi8('\n');
  while (e - b >= 16) {
    __m128i acc = _mm_setzero_si128();  // 16 byte counters, summed before any can pass 255
    const char* stop = b + std::min<std::ptrdiff_t>((e - b) / 16, 255) * 16;
    for (; b < stop; b += 16)
      acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b)), nl));
    const __m128i sums = _mm_sad_epu8(acc, _mm_setzero_si128());
    n += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) + static_cast<std::size_t>(_mm_extract_epi16(sums, 4));
  }
#endif
  for (; b < e; ++b) n += *b == '\n' ? 1 : 0;
  return n;
}

// A set of 64-bit hashes (never 0), open addressing, growing at a load of 1/2.
class hash_set {
 public:
  hash_set() : slots_(64) {}
  void insert(std::uint64_t h) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    place(h);
  }
  void merge(const hash_set& other) {
    for (std::uint64_t h : other.slots_)
      if (h != 0) insert(h);
  }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool contains(std::uint64_t h) const noexcept {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      if (slots_[i] == h) return true;
      if (slots_[i] == 0) return false;
    }
  }

 private:
  void place(std::uint64_t h) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      if (slots_[i] == h) return;
      if (slots_[i] == 0) {
        slots_[i] = h;
        ++size_;
        return;
      }
    }
  }
  void grow() {
    big_array<std::uint64_t> old(slots_.size() * 2);
    std::swap(old, slots_);
    size_ = 0;
    for (std::uint64_t h : old)
      if (h != 0) place(h);
  }
  big_array<std::uint64_t> slots_;
  std::size_t size_ = 0;
};

// Whether two strings of the same length n are equal; up to 16 bytes without a call.
inline bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
  if (n >= 8 && n <= 16) {
    std::uint64_t a0, a1, b0, b1;
    std::memcpy(&a0, a, 8);
    std::memcpy(&b0, b, 8);
    std::memcpy(&a1, a + n - 8, 8);
    std::memcpy(&b1, b + n - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  return std::memcmp(a, b, n) == 0;
}

// Strings (institution codes, person numbers) to small integers, looked up without allocating:
// open addressing on a 64-bit hash; keys up to 19 bytes live in the slot itself (one cache line per
// lookup), longer ones in a side vector; the key is always compared on a hash hit.
class string_index {
 public:
  // Room for `n` keys without growing, at a load of at most 4/5 (fewer cache lines than at 1/2).
  void reserve(std::size_t n) {
    std::size_t cap = std::max<std::size_t>(64, slots_.size());
    while ((n + 1) * 5 > cap * 4) cap *= 2;
    if (cap != slots_.size()) rehash(cap);
  }
  void add(const std::string& key, std::uint32_t value, std::uint16_t aux = 0) {
    if ((count_ + 1) * 5 > slots_.size() * 4) rehash(std::max<std::size_t>(64, slots_.size() * 2));
    slot s;
    s.hash = hash64(key);
    s.value = value;
    s.aux = aux;
    if (key.size() <= inline_bytes) {
      s.length = static_cast<std::uint8_t>(key.size());
      std::memcpy(s.key, key.data(), key.size());
    } else {
      s.length = 255;
      const auto index = static_cast<std::uint32_t>(long_keys_.size());
      std::memcpy(s.key, &index, sizeof index);
      long_keys_.push_back(key);
    }
    place(s);
    ++count_;
  }
  void prefetch(std::uint64_t h) const noexcept {
    if (!slots_.empty()) __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
  }
  [[nodiscard]] std::optional<std::uint32_t> find(std::string_view key) const noexcept {
    const std::size_t i = find_slot(key, hash64(key));
    if (i == npos) return std::nullopt;
    return slots_[i].value;
  }
  // The slot holding `key` (its hash64 `h`), or npos.
  [[nodiscard]] std::size_t find_slot(std::string_view key, std::uint64_t h) const noexcept {
    if (slots_.empty()) return npos;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const slot& s = slots_[i];
      if (s.hash == 0) return npos;
      if (s.hash != h) continue;
      const std::string_view stored = s.length <= inline_bytes ? std::string_view(s.key, s.length)
                                                                : std::string_view(long_keys_[s.long_index()]);
      if (stored.size() == key.size() && same_bytes(stored.data(), key.data(), key.size())) return i;
    }
  }
  static constexpr std::size_t npos = ~std::size_t{0};
  [[nodiscard]] std::size_t slot_count() const noexcept { return slots_.size(); }
  [[nodiscard]] bool occupied(std::size_t i) const noexcept { return slots_[i].hash != 0; }
  [[nodiscard]] std::uint16_t aux(std::size_t i) const noexcept { return slots_[i].aux; }

 private:
  static constexpr std::size_t inline_bytes = 17;
  struct slot {
    std::uint64_t hash = 0;  // 0: empty
    std::uint32_t value = 0;
    std::uint16_t aux = 0;
    std::uint8_t length = 0;  // > inline_bytes: the key is long_keys_[index], the index stored in `key`
    char key[inline_bytes] = {};
    [[nodiscard]] std::uint32_t long_index() const noexcept {
      std::uint32_t i = 0;
      std::memcpy(&i, key, sizeof i);
      return i;
    }
  };
  static_assert(sizeof(slot) == 32);
  void place(const slot& s) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = s.hash & mask;
    while (slots_[i].hash != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
  void rehash(std::size_t cap) {
    big_array<slot> old(cap);  // zero bytes: every slot empty
    std::swap(old, slots_);
    for (const slot& s : old)
      if (s.hash != 0) place(s);
  }
  big_array<slot> slots_;
  std::vector<std::string> long_keys_;
  std::size_t count_ = 0;
};

// The attribution: psn_no to alliance, in partitions by the hash's top bits, each small enough
// (about 512 KiB) that the lookups of many rows, made partition by partition, stay within the TLB.
// A person is named by a slot number (partition × its slot count + slot).
class person_index {
 public:
  void build(const std::vector<std::string>& persons, const std::vector<std::uint16_t>& alliance) {
    const std::size_t bytes = persons.size() * 5 / 4 * 32;
    bits_ = 0;
    while ((bytes >> bits_) > (std::size_t{512} << 10) && bits_ < 10) ++bits_;
    parts_.clear();
    parts_.resize(std::size_t{1} << bits_);
    std::vector<std::size_t> count(parts_.size(), 0);
    std::vector<std::uint64_t> hashes(persons.size());
    for (std::size_t k = 0; k < persons.size(); ++k) {
      hashes[k] = hash64(persons[k]);
      ++count[part(hashes[k])];
    }
    for (std::size_t p = 0; p < parts_.size(); ++p) parts_[p].reserve(count[p]);
    // Added partition by partition (a counting sort of the persons), each partition's table warm.
    std::vector<std::size_t> at(parts_.size() + 1, 0);
    for (std::size_t p = 0; p < parts_.size(); ++p) at[p + 1] = at[p] + count[p];
    std::vector<std::uint32_t> order(persons.size());
    for (std::size_t k = 0; k < persons.size(); ++k) order[at[part(hashes[k])]++] = static_cast<std::uint32_t>(k);
    for (const std::uint32_t k : order) parts_[part(hashes[k])].add(persons[k], k, alliance[k]);
    stride_ = parts_.front().slot_count();
    for (const string_index& x : parts_) stride_ = std::max(stride_, x.slot_count());
  }
  [[nodiscard]] std::size_t part(std::uint64_t h) const noexcept {
    return bits_ == 0 ? 0 : static_cast<std::size_t>(h >> (64 - bits_));
  }
  [[nodiscard]] std::size_t parts() const noexcept { return parts_.size(); }
  void prefetch(std::uint64_t h) const noexcept { parts_[part(h)].prefetch(h); }
  [[nodiscard]] std::size_t persons_capacity() const noexcept { return parts_.size() * stride_; }
  // The person's number, or npos when not attributed; `alliance` set when found.
  [[nodiscard]] std::size_t find(std::string_view key, std::uint64_t h, std::uint32_t& alliance) const noexcept {
    const std::size_t p = part(h);
    const std::size_t slot = parts_[p].find_slot(key, h);
    if (slot == string_index::npos) return string_index::npos;
    alliance = parts_[p].aux(slot);
    return p * stride_ + slot;
  }
  // Calls f(alliance) for every person number n with seen(n).
  template <class Seen, class F>
  void each_seen(Seen seen, F f) const {
    for (std::size_t p = 0; p < parts_.size(); ++p)
      for (std::size_t i = 0; i < parts_[p].slot_count(); ++i)
        if (parts_[p].occupied(i) && seen(p * stride_ + i)) f(parts_[p].aux(i));
  }

 private:
  unsigned bits_ = 0;
  std::size_t stride_ = 0;
  std::vector<string_index> parts_;
};

// A records date or time (calendar.hpp), from 1900 on: an earlier year in a settlement record is a typo.
bool records_date(std::string_view s, date& out, time_of_day time) noexcept {
  return parse_date_time(s, out, time) && year_of(out) >= 1900;
}

// ---- columns ------------------------------------------------------------------------------------

enum column : int {
  c_setl_id, c_init_setl_id, c_refd_setl_flag, c_vali_flag, c_psn_no, c_insutype, c_med_type, c_setl_time,
  c_fixmedins_code, c_insu_admdvs, c_age, c_brdy, c_hifp_pay, c_medfee_sumamt, c_fulamt_ownpay_amt,
  c_psn_cash_pay, c_adm_time, c_dscg_time, c_acct_pay, c_fund_pay_sumamt, c_count
};

struct column_spec {
  std::initializer_list<std::string_view> names;  // interface name first, then core-table aliases
  bool required;
  bool personal;  // never quoted in an error
};

const column_spec specs[c_count] = {
    {{"setl_id"}, true, false},
    {{"init_setl_id"}, false, false},
    {{"refd_setl_flag"}, false, false},
    {{"vali_flag"}, false, false},
    {{"psn_no"}, true, true},
    {{"insutype"}, true, false},
    {{"med_type"}, true, false},
    {{"setl_time"}, true, false},
    {{"fixmedins_code"}, true, false},
    {{"insu_admdvs", "insuplc_admdvs"}, true, false},
    {{"age"}, false, true},
    {{"brdy"}, false, true},
    {{"hifp_pay"}, true, false},
    {{"medfee_sumamt"}, false, false},
    {{"fulamt_ownpay_amt"}, false, false},
    {{"psn_cash_pay", "cash_payamt", "pdn_cash_pay"}, false, false},
    {{"adm_time"}, false, false},
    {{"dscg_time"}, false, false},
    {{"acct_pay"}, false, false},
    {{"fund_pay_sumamt"}, false, false},
};

struct header {
  std::array<int, c_count> at{};  // field index of each column, −1 when absent
  std::vector<std::string> names; // as written
  std::size_t fields = 0;
};

header read_header(const std::vector<std::string_view>& fields, const std::string& file) {
  header h;
  h.at.fill(-1);
  h.fields = fields.size();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    h.names.emplace_back(fields[i]);
    const std::string name = lower(fields[i]);
    for (int c = 0; c < c_count; ++c)
      for (std::string_view alias : specs[c].names)
        if (alias == name) {
          if (h.at[c] >= 0)
            throw input_error(file + ":1", "column " + std::string(specs[c].names.begin()[0]) + " appears twice (as " +
                                               quoted_cell(h.names[static_cast<std::size_t>(h.at[c])]) + " and " +
                                               quoted_cell(h.names[i]) + ")");
          h.at[c] = static_cast<int>(i);
        }
  }
  for (int c = 0; c < c_count; ++c)
    if (specs[c].required && h.at[c] < 0)
      throw input_error(file + ":1", "missing required column " + std::string(specs[c].names.begin()[0]));
  if (h.at[c_age] < 0 && h.at[c_brdy] < 0) throw input_error(file + ":1", "missing column age or brdy (one is required)");
  return h;
}

// ---- settlement ids: 64-bit hashes, written in sequence, repeats found at the end -------------------

// Each thread writes the hash of every setl_id it reads into one of P partitions (by the hash's top
// bits), in sequence: no random read of a large table while the file is parsed. At the end, the
// partitions are shared among the threads and each is put in an open-addressing table small enough
// to stay in the cache; a hash found twice is a suspect (a duplicate, or two ids with one hash).
class id_writer {
 public:
  id_writer() = default;
  // `bits`: log2 of the partitions; `capacity`: hashes a partition holds before spilling over.
  id_writer(unsigned bits, std::size_t capacity)
      : bits_(bits), capacity_(capacity), arena_(capacity << bits), fill_(std::size_t{1} << bits, 0),
        overflow_(std::size_t{1} << bits) {}
  void add(std::uint64_t h) {
    const std::size_t p = bits_ == 0 ? 0 : static_cast<std::size_t>(h >> (64 - bits_));
    if (fill_[p] < capacity_) arena_[p * capacity_ + fill_[p]++] = h;
    else overflow_[p].push_back(h);
  }
  template <class F>
  void each(std::size_t p, F f) const {
    if (p >= fill_.size()) return;  // no row was read
    const std::uint64_t* b = arena_.data() + p * capacity_;
    for (std::size_t k = 0; k < fill_[p]; ++k) f(b[k]);
    for (const std::uint64_t h : overflow_[p]) f(h);
  }
  [[nodiscard]] std::size_t count(std::size_t p) const { return p < fill_.size() ? fill_[p] + overflow_[p].size() : 0; }
  [[nodiscard]] unsigned bits() const noexcept { return bits_; }

 private:
  unsigned bits_ = 0;
  std::size_t capacity_ = 0;
  big_array<std::uint64_t> arena_;
  std::vector<std::size_t> fill_;
  std::vector<std::vector<std::uint64_t>> overflow_;
};

// The partitions' log2 for about `expected` ids: at most 64 partitions, so that the pages written
// to stay few (a TLB miss is dear here); a large partition is split again at the end.
unsigned id_partition_bits(std::size_t expected) {
  unsigned bits = 0;
  while ((expected >> bits) > 16384 && bits < 6) ++bits;
  return bits;
}

// ---- batches ------------------------------------------------------------------------------------

struct chunk {
  const char* begin;
  const char* end;
  std::int64_t first_line;
};

class batch_reader {
 public:
  batch_reader(const std::string& path, std::size_t batch_bytes) : path_(path), batch_(batch_bytes) {
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

  [[nodiscard]] std::int64_t total_bytes() const noexcept { return total_; }
  [[nodiscard]] std::int64_t bytes_done() const noexcept { return done_; }

  // The header record (line 1), BOM removed.
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
    if (invalid_utf8_at(std::string_view(b, static_cast<std::size_t>(e - b))) != std::string_view::npos)
      throw input_error(path_ + ":1", "not valid UTF-8");
    header_text_.assign(b, e);
    csv_cursor cur(header_text_.data(), header_text_.data() + header_text_.size(), 1, &path_);
    std::vector<std::string_view> fields;
    if (!cur.next(fields) || (fields.size() == 1 && fields[0].empty()))
      throw input_error(path_ + ":1", "the file is empty: a header row is required");
    start_ += static_cast<std::size_t>(e - b);
    line_ = 2;
    return fields;
  }

  // Back to the start of the file, keeping the buffers; header_fields() comes next.
  void rewind() {
    if (std::fseek(file_, 0, SEEK_SET) != 0) throw input_error(path_, "cannot read the file");
    have_ = start_ = 0;
    eof_ = false;
    line_ = 1;
    done_ = 0;
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
      split(end, parts, out);
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
      }
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
  void split(std::size_t end, unsigned parts, std::vector<chunk>& out) {
    const char* b = buf_.data();
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

unsigned thread_count(unsigned requested) {
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

// ---- one row ------------------------------------------------------------------------------------

struct reversal {
  std::uint64_t init_hash;
  std::string init_id;
  std::int64_t hifp;
  std::int64_t line;
  std::uint64_t psn_hash;  // of its psn_no: the original's must be the same person's
};

struct context {
  const claims_layout* layout;
  const header* head;
  const std::string* file;
  int year;
  string_index institutions;  // code → index
  person_index attributed;    // psn_no → a person number and the alliance
  bool several_alliances = false;
};

// One per thread for the whole run (summed at the end), on its own cache lines.
// A counted row of a local insured whose alliance the attribution gives: looked up once the chunk
// is read, partition by partition.
struct lookup {
  std::string_view psn;
  std::uint64_t psn_hash;
  std::int64_t hifp;
  std::uint32_t cell_base;  // the cell less its person-alliance part
  std::uint32_t fund;
};

struct alignas(64) worker_state {
  worker_state(const claims_layout& l, std::size_t person_numbers)
      : totals(l), pooled(std::size_t{claims_layout::funds} * 3 * l.bands().size(), 0),
        persons(claims_layout::funds * l.alliances().size()), person_seen(person_numbers * claims_layout::funds) {}
  claims_totals totals;
  record_counters counters;
  pooled_sums pooled;      // local insured's hifp_pay by fund, care and band
  bool overflow = false;   // a sum of hifp_pay (other than the cells') passed the int64 range
  std::int64_t in_year = 0;        // rows (any flags) whose setl_time is in the year
  std::int64_t counted_local = 0;  // counted rows of a local insured
  std::map<int, std::array<std::int64_t, 2>> other_years;  // per year: rows, and rows out of period
  id_writer ids;  // the hash of every setl_id read
  std::vector<reversal> reversals;
  // Distinct persons. Several alliances (an attribution): person_seen[2n + f] is 1 when person
  // number n has a counted record on fund f (a plain store, no read). One alliance: hashed psn_no
  // per fund.
  std::vector<hash_set> persons;
  big_array<std::uint8_t> person_seen;
  std::vector<lookup> pending, sorted;  // this chunk's attribution lookups
  std::vector<std::size_t> start;
  std::deque<std::string> psn_copies;   // psn_no unescaped from quotes, for `pending`
};


// The common amounts, "[-]d[.d[d]]" with at most 15 whole digits, in fen, exactly as fen::parse
// reads them; false for anything else (fen::parse then accepts it or says what is wrong).
bool plain_amount(std::string_view v, std::int64_t& out) noexcept {
  std::size_t i = 0;
  const bool negative = !v.empty() && v[0] == '-';
  if (negative) i = 1;
  const std::size_t whole_start = i;
  std::int64_t whole = 0;
  while (i < v.size() && i - whole_start < 15 && v[i] >= '0' && v[i] <= '9') whole = whole * 10 + (v[i++] - '0');
  if (i == whole_start) return false;
  std::int64_t cents = 0;
  if (i < v.size()) {
    if (v[i] != '.') return false;
    const std::size_t frac_start = ++i;
    while (i < v.size() && i - frac_start < 2 && v[i] >= '0' && v[i] <= '9') cents = cents * 10 + (v[i++] - '0');
    if (i == frac_start || i != v.size()) return false;
    if (i - frac_start == 1) cents *= 10;
  }
  out = negative ? -(whole * 100 + cents) : whole * 100 + cents;
  return true;
}

class row_reader {
 public:
  row_reader(const context& ctx, const std::vector<std::string_view>& f, std::int64_t line)
      : ctx_(ctx), f_(f), line_(line) {}

  std::string_view cell(column c) const {
    const int i = ctx_.head->at[c];
    return i < 0 ? std::string_view() : f_[static_cast<std::size_t>(i)];
  }
  [[noreturn]] void fail(column c, const std::string& expected) const {
    const int i = ctx_.head->at[c];
    const std::string name = i < 0 ? std::string(specs[c].names.begin()[0]) : ctx_.head->names[static_cast<std::size_t>(i)];
    std::string msg = "column " + name + ": expected " + expected;
    if (!specs[c].personal) msg += ", got " + quoted_cell(cell(c));
    throw input_error(*ctx_.file + ":" + std::to_string(line_) + ":" + std::to_string(i + 1), msg);
  }
  std::int64_t amount(column c) const {
    if (std::int64_t v = 0; plain_amount(cell(c), v)) return v;
    try {
      return fen::parse(cell(c)).value();
    } catch (const input_error& e) {
      fail(c, "an amount in yuan with at most two decimals (" + e.message() + ")");
    }
  }
  void optional_amount(column c) const {
    if (!cell(c).empty()) (void)amount(c);
  }
  std::string_view nonempty(column c, std::size_t max_len, const char* what) const {
    const std::string_view v = cell(c);
    if (v.empty() || v.size() > max_len) fail(c, std::string(what) + " (1 to " + std::to_string(max_len) + " characters)");
    return v;
  }
  std::string_view flag(column c, std::string_view fallback) const {
    if (ctx_.head->at[c] < 0) return fallback;
    const std::string_view v = cell(c);
    if (v.size() != 1 || v[0] < '0' || v[0] > '9') fail(c, "a one-digit flag (0 or 1)");
    return v;
  }

 private:
  const context& ctx_;
  const std::vector<std::string_view>& f_;
  std::int64_t line_;
};

// A row of another year than the statement's (rare): counted per year.
[[gnu::cold, gnu::noinline]] void note_other_year(worker_state& st, int year) { ++st.other_years[year][0]; }

// An excluded row: counted, and its hifp_pay added, under the reason it is excluded for.
[[gnu::cold, gnu::noinline]] void exclude(worker_state& st, exclusion why, std::int64_t hifp, int year) {
  record_counters& n = st.counters;
  std::int64_t* amount = &n.hifp_excluded_invalid;
  switch (why) {
    case exclusion::invalid:
      ++n.excluded_invalid;
      break;
    case exclusion::other_insutype:
      ++n.excluded_other_insutype;
      amount = &n.hifp_excluded_other_insutype;
      break;
    case exclusion::out_of_period:
      ++n.excluded_out_of_period;
      ++st.other_years[year][1];
      amount = &n.hifp_excluded_out_of_period;
      break;
    case exclusion::none:
      return;
  }
  st.overflow |= __builtin_add_overflow(*amount, hifp, amount);
}

// Checks a row, classifies it and adds it to its cell; a local insured's attribution lookup is left
// in st.pending for finish_rows. `unescaped`: a field of the row lives in the cursor's scratch.
void process_row(const context& ctx, const std::vector<std::string_view>& f, std::int64_t line, worker_state& st,
                 bool unescaped) {
  if (f.size() != ctx.head->fields)
    throw input_error(*ctx.file + ":" + std::to_string(line),
                      "expected " + std::to_string(ctx.head->fields) + " fields (as the header), found " + std::to_string(f.size()));
  const row_reader r(ctx, f, line);
  ++st.counters.read;
  // Well-formedness of every row, counted or not.
  const std::string_view id = r.nonempty(c_setl_id, 64, "a settlement id");
  const std::string_view init = r.cell(c_init_setl_id);
  if (init.size() > 64) r.fail(c_init_setl_id, "a settlement id of at most 64 characters");
  (void)r.flag(c_refd_setl_flag, "0");
  const std::string_view vali = r.flag(c_vali_flag, "1");
  (void)r.nonempty(c_psn_no, 64, "a person number");
  const std::string_view insutype = r.cell(c_insutype);
  if (!is_digits(insutype) || insutype.size() > 6) r.fail(c_insutype, "a fund code such as 310 or 390");
  const std::string_view med = r.nonempty(c_med_type, 16, "a medical type code");
  for (char c : med)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) r.fail(c_med_type, "a medical type code (letters and digits)");
  date when_date{};
  if (!records_date(r.cell(c_setl_time), when_date, time_of_day::required)) r.fail(c_setl_time, "a settlement time yyyy-MM-dd HH:mm:ss");
  const int when_y = year_of(when_date), when_m = month_of(when_date);
  (void)r.nonempty(c_fixmedins_code, 64, "an institution code");
  const std::string_view admdvs = r.cell(c_insu_admdvs);
  if (admdvs.size() != 6 || !is_digits(admdvs)) r.fail(c_insu_admdvs, "a 6-digit 医保区划 code");
  int age = -1;
  const std::string_view age_text = r.cell(c_age);
  if (!age_text.empty()) {
    const std::size_t dot = age_text.find('.');
    const std::string_view whole = age_text.substr(0, dot);
    const bool ok = is_digits(whole) && whole.size() <= 3 &&
                    (dot == std::string_view::npos || is_digits(age_text.substr(dot + 1)));
    if (!ok) r.fail(c_age, "an age in years (e.g. 45 or 45.0)");
    age = 0;
    for (char ch : whole) age = age * 10 + (ch - '0');
    if (age > 150) r.fail(c_age, "an age from 0 to 150");
  }
  const std::string_view brdy = r.cell(c_brdy);
  date birth{};
  if (!brdy.empty() && !records_date(brdy, birth, time_of_day::none)) r.fail(c_brdy, "a birth date yyyy-MM-dd");
  if (age < 0 && brdy.empty()) r.fail(ctx.head->at[c_age] >= 0 ? c_age : c_brdy, "an age or a birth date");
  if (age < 0) {
    age = age_on(birth, when_date);
    if (age < 0) r.fail(c_brdy, "a birth date on or before the settlement date");
  }
  const std::int64_t hifp = r.amount(c_hifp_pay);
  const bool is_reversal = record_is_reversal(init);
  if (is_reversal && init == id) r.fail(c_init_setl_id, "the id of another settlement (a row cannot reverse itself)");
  if (is_reversal && hifp > 0) r.fail(c_hifp_pay, "zero or a negative amount on a reversal (init_setl_id is set)");
  if (!is_reversal && hifp < 0) r.fail(c_hifp_pay, "zero or a positive amount (a negative one needs init_setl_id)");
  for (column c : {c_medfee_sumamt, c_fulamt_ownpay_amt, c_psn_cash_pay, c_acct_pay, c_fund_pay_sumamt}) r.optional_amount(c);
  if (const std::string_view fee = r.cell(c_medfee_sumamt); !is_reversal && !fee.empty() && fee[0] == '-' && r.amount(c_medfee_sumamt) < 0)
    r.fail(c_medfee_sumamt, "zero or a positive amount (a negative one needs init_setl_id)");
  for (column c : {c_adm_time, c_dscg_time}) {
    date t{};
    if (!r.cell(c).empty() && !records_date(r.cell(c), t, time_of_day::optional)) r.fail(c, "a time yyyy-MM-dd[ HH:mm:ss]");
  }

  st.ids.add(hash64(id));
  record_counters& n = st.counters;
  bool overflow = __builtin_add_overflow(n.hifp_read, hifp, &n.hifp_read);
  if (when_y == ctx.year) ++st.in_year;
  else note_other_year(st, when_y);
  if (const exclusion why = record_exclusion(vali, insutype, when_y, ctx.year); why != exclusion::none) {
    exclude(st, why, hifp, when_y);
    st.overflow |= overflow;
    return;
  }
  const std::uint32_t fund = insutype[1] == '1' ? 0 : 1;  // record_fund: the row is of 310 or 390
  ++n.counted;
  overflow |= __builtin_add_overflow(n.hifp_counted, hifp, &n.hifp_counted);
  overflow |= __builtin_add_overflow(n.hifp_counted_by_fund[fund], hifp, &n.hifp_counted_by_fund[fund]);
  if (is_reversal) {
    ++n.reversals;
    st.reversals.push_back({hash64(init), std::string(init), hifp, line, hash64(r.cell(c_psn_no))});
  }
  const claims_layout& L = *ctx.layout;
  std::uint32_t inst = L.unregistered();
  if (const auto i = ctx.institutions.find(r.cell(c_fixmedins_code))) inst = *i;
  else ++st.counters.unregistered_institutions;
  std::uint32_t band = 0;
  const auto& bands = L.bands();
  while (band + 1 < bands.size() && !bands[band].contains(age)) ++band;
  const std::uint32_t month = static_cast<std::uint32_t>(when_m - 1);
  std::uint32_t pa = L.nonlocal();
  if (admdvs == L.county()) {
    ++st.counted_local;
    std::int64_t& pooled = st.pooled[(fund * 3 + static_cast<std::uint32_t>(record_care(med))) * bands.size() + band];
    overflow |= __builtin_add_overflow(pooled, hifp, &pooled);
    st.overflow |= overflow;
    if (L.alliances().empty()) pa = L.no_alliance();
    else if (!ctx.several_alliances) pa = 0;
    else {
      std::string_view psn = r.cell(c_psn_no);
      if (unescaped) psn = st.psn_copies.emplace_back(psn);
      st.pending.push_back({psn, hash64(psn), hifp, L.cell(fund, 0, inst, month, band), fund});
      return;
    }
  }
  st.overflow |= overflow;
  st.totals.add(L.cell(fund, pa, inst, month, band), hifp);
  if (pa < L.no_alliance()) st.persons[fund * L.alliances().size() + pa].insert(hash64(r.cell(c_psn_no)));
}

// The attribution lookups of a chunk's rows, sorted by partition first (a counting sort), so that
// the lookups of one partition are made together.
void finish_rows(const context& ctx, worker_state& st) {
  const claims_layout& L = *ctx.layout;
  const std::uint32_t pa_stride = L.cell(0, 1, 0, 0, 0);
  const person_index& index = ctx.attributed;
  std::vector<std::size_t>& start = st.start;
  start.assign(index.parts() + 1, 0);
  for (const lookup& q : st.pending) ++start[index.part(q.psn_hash) + 1];
  for (std::size_t p = 1; p < start.size(); ++p) start[p] += start[p - 1];
  st.sorted.resize(st.pending.size());
  for (const lookup& q : st.pending) st.sorted[start[index.part(q.psn_hash)]++] = q;
  constexpr std::size_t ahead = 8;  // slots prefetched this many lookups ahead
  for (std::size_t j = 0; j < std::min(ahead, st.sorted.size()); ++j) index.prefetch(st.sorted[j].psn_hash);
  for (std::size_t j = 0; j < st.sorted.size(); ++j) {
    if (j + ahead < st.sorted.size()) index.prefetch(st.sorted[j + ahead].psn_hash);
    const lookup& q = st.sorted[j];
    std::uint32_t pa = L.no_alliance();
    if (const std::size_t n = index.find(q.psn, q.psn_hash, pa); n != string_index::npos)
      st.person_seen[n * claims_layout::funds + q.fund] = 1;
    st.totals.add(q.cell_base + pa * pa_stride, q.hifp);
  }
  st.pending.clear();
  st.psn_copies.clear();
}

}  // namespace

}  // namespace io

// ---- streams ----------------------------------------------------------------------------------------

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

claims_result aggregate_claims(const std::string& claims_path, const registry& reg, const attribution* attr,
                               const claims_options& opt) {
  using namespace io;
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
  batch_reader in(claims_path, opt.batch_bytes);
  head = read_header(in.header_fields(), claims_path);
  ctx.head = &head;
  progress.bytes_total = in.total_bytes();

  // Pass 1: parse, check, classify and aggregate.
  {
    std::vector<chunk> chunks = in.next(threads);
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
      std::future<std::vector<chunk>> next_batch = std::async(std::launch::async, [&] { return in.next(threads); });
      run_parallel(chunks.size(), [&](std::size_t i) {
        const chunk& c = chunks[i];
        if (const std::size_t bad = invalid_utf8_at(std::string_view(c.begin, static_cast<std::size_t>(c.end - c.begin)));
            bad != std::string_view::npos) {
          // Reported at the line where the record holding the bad byte starts.
          csv_cursor find(c.begin, c.end, c.first_line, &claims_path);
          std::vector<std::string_view> f;
          while (find.next(f) && find.position() <= c.begin + bad) {
          }
          throw input_error(claims_path + ":" + std::to_string(find.line()), "not valid UTF-8");
        }
        // Rows are checked, classified and added as they are read; the attribution lookups wait
        // in st.pending until the chunk is read.
        csv_cursor cur(c.begin, c.end, c.first_line, &claims_path);
        std::vector<std::string_view> fields;
        worker_state& st = states[i];
        while (cur.next(fields)) {
          if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line holds no record
          process_row(ctx, fields, cur.line(), st, cur.unescaped());
        }
        finish_rows(ctx, st);
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
  if (!reversals.empty() || !suspects.empty()) {
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
    in.rewind();
    (void)in.header_fields();
    progress.pass = 2;
    progress.records = 0;
    const auto id_column = static_cast<std::size_t>(head.at[c_setl_id]);
    const std::string year_text = std::to_string(opt.year);
    std::vector<chunk> chunks = in.next(threads);
    while (!chunks.empty()) {
      std::future<std::vector<chunk>> next_batch = std::async(std::launch::async, [&] { return in.next(threads); });
      std::vector<std::vector<hit>> found(chunks.size());
      run_parallel(chunks.size(), [&](std::size_t i) {
        const chunk& c = chunks[i];
        csv_cursor cur(c.begin, c.end, c.first_line, &claims_path);
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
              if (!maybe_wanted(hash64(std::string_view(s, static_cast<std::size_t>(t - s))))) {
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
          const std::string_view id = f[id_column];
          const std::uint64_t h = hash64(id);
          if (!either.contains(h)) continue;
          auto cell = [&](column col) { return head.at[col] < 0 ? std::string_view() : f[static_cast<std::size_t>(head.at[col])]; };
          const std::string_view vali = head.at[c_vali_flag] < 0 ? "1" : cell(c_vali_flag);
          const std::string_view it = cell(c_insutype);
          const bool counted = vali == "1" && (it == "310" || it == "390") && cell(c_setl_time).substr(0, 4) == year_text;
          found[i].push_back({h, std::string(id), cur.line(), counted, fen::parse(cell(c_hifp_pay)).value(),
                              hash64(cell(c_psn_no))});
        }
      });
      for (auto& v : found)
        for (auto& x : v) hits.push_back(std::move(x));
      chunks = next_batch.get();
      progress.bytes_done = in.bytes_done();
      if (opt.progress) opt.progress(progress);
    }
    // Duplicates: the first repeated id in file order, named with both lines.
    std::unordered_map<std::string, std::int64_t> first_line;
    for (const hit& x : hits) {
      if (!suspect_set.contains(x.hash)) continue;
      const auto [it, inserted] = first_line.emplace(x.id, x.line);
      if (!inserted)
        throw input_error(claims_path + ":" + std::to_string(x.line),
                          "setl_id " + quoted_cell(x.id) + " appears twice: lines " + std::to_string(it->second) + " and " +
                              std::to_string(x.line));
    }
    // Reversals, in file order: matched against counted originals with the same id. One by another
    // person than its original, or reversing more than the original paid (with the reversals
    // before it), is an error naming both lines.
    struct original {
      std::int64_t hifp, line;
      std::uint64_t psn_hash;
      std::int64_t reversed = 0;
    };
    std::unordered_map<std::string_view, original> originals;  // ids point into `hits`
    for (const hit& x : hits)
      if (x.counted && wanted.contains(x.hash)) originals.emplace(x.id, original{x.hifp, x.line, x.psn_hash});
    std::sort(reversals.begin(), reversals.end(), [](const reversal& a, const reversal& b) { return a.line < b.line; });
    for (const reversal& r : reversals) {
      const auto it = originals.find(std::string_view(r.init_id));
      if (it == originals.end()) {
        ++counters.reversals_unmatched;
        continue;
      }
      original& o = it->second;
      const std::string where = claims_path + ":" + std::to_string(r.line);
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

  claims_result result;
  try {
    result = summarize(layout, totals, counters, persons, opt.year, pooled);
  } catch (const overflow_error&) {
    throw input_error(claims_path, overflow_message);
  }
  result.warnings = std::move(warnings);
  return result;
}

}  // namespace medbudget
