// Internal: the bytes of CSV output in the encoding render_options asks for.
#pragma once

#include <string>  // string

#include "medbudget/io/render.hpp"

namespace medbudget::io {

// `utf8`, CSV text in UTF-8, as `opt.encoding` writes it: unchanged (utf8), after the byte order mark
// EF BB BF (utf8_bom), or converted to GB18030 (gb18030); by_language is utf8_bom for zh, utf8 for
// en. input_error ("csv output") when the text cannot be converted.
[[nodiscard]] std::string encoded_csv(std::string utf8, const render_options& opt);

// The encoding `by_language` stands for under `lang`; any other encoding as it is.
[[nodiscard]] csv_encoding effective_encoding(csv_encoding e, language lang);

}  // namespace medbudget::io
