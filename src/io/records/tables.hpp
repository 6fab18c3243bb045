// Internal: the records reader's tables — memory straight from the kernel (big_array), a set of
// 64-bit hashes, an index of strings (institution codes) and the attribution's person index — each
// sized for millions of rows and read from every worker thread.
#pragma once

#include <algorithm>      // count, min, max
#include <array>          // array
#include <cstdint>        // int64_t, uint64_t
#include <cstdio>         // FILE
#include <cstring>        // memchr, memcpy
#include <string>         // string
#include <string_view>    // string_view
#include <vector>         // vector
#include <new>            // bad_alloc
#include <optional>       // optional
#include <type_traits>    // is_trivially_copyable_v

#include <sys/mman.h>  // madvise

#include "cells.hpp"

namespace medbudget::io {

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

}  // namespace medbudget::io
