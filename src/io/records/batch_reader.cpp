// The records file's bytes: newlines counted, and the worker threads' count.
#include "batch_reader.hpp"

#include <emmintrin.h>  // count_newlines: 16 bytes at a time

namespace medbudget::io {

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

unsigned thread_count(unsigned requested) {
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

}  // namespace medbudget::io
