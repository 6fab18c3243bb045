// Internal: settlement ids as 64-bit hashes, written in sequence by each thread and checked for
// repeats at the end.
#pragma once

#include <cstddef>  // size_t
#include <cstdint>  // uint64_t
#include <vector>   // vector

#include "tables.hpp"

namespace medbudget::io {

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
inline unsigned id_partition_bits(std::size_t expected) {
  unsigned bits = 0;
  while ((expected >> bits) > 16384 && bits < 6) ++bits;
  return bits;
}

}  // namespace medbudget::io
