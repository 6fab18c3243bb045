// medbudget/io/render.hpp — statements as JSON (deterministic bytes), text (年度清算单) and CSV.
//
//   std::string out = medbudget::render(s, {.format = medbudget::output_format::text});
#pragma once

#include <string>  // string
#include <string_view>  // string_view
#include <utility>  // pair
#include <vector>  // vector

#include "medbudget/claims.hpp"
#include "medbudget/io/files.hpp"  // write_files
#include "medbudget/monitor.hpp"
#include "medbudget/schedule.hpp"
#include "medbudget/statement.hpp"

namespace medbudget {

enum class output_format { json, text, csv };
enum class language { zh, en };
// The bytes of CSV output (`--format csv`; other formats are always UTF-8): by_language is
// utf8_bom for zh and utf8 for en, so that Excel on Chinese Windows opens a zh CSV as UTF-8.
enum class csv_encoding { by_language, utf8, utf8_bom, gb18030 };

struct render_options {
  output_format format = output_format::json;
  language lang = language::zh;
  csv_encoding encoding = csv_encoding::by_language;  // CSV only
  bool budget_only = false;                 // the budget part (medbudget budget)
  std::vector<std::string> input_sha256;    // of the case file, then each records file
  // Per fund (insutype), the records' reconciliation when the actuals came from records
  // (settle --claims): every counted fen of hifp_pay in one place, rendered with the fund.
  std::vector<std::pair<std::string, medbudget::reconciliation>> reconciliation;
};

[[nodiscard]] std::string render(const statement& s, const render_options& opt);

// The actuals of settlement records (`medbudget aggregate`): JSON as docs/claims.md describes, or text.
[[nodiscard]] std::string render(const claims_result& r, const render_options& opt);

// A payment schedule (`medbudget schedule`): JSON, text (付款计划) or CSV (one row per payment).
[[nodiscard]] std::string render(const payment_schedule& s, const render_options& opt);

// In-year monitoring (`medbudget monitor`): JSON, or text (月度结算单 and the projection).
[[nodiscard]] std::string render(const monitor_report& r, const render_options& opt);

// The monitoring chart of one alliance and fund as SVG: cumulative spend by month against the
// pro-rata budget line and the corridor's band edges, with the run-rate projection dashed.
[[nodiscard]] std::string monitor_chart_svg(const monitor_report& r, const fund_monitor& f, const alliance_monitor& a,
                                            language lang);


// The number of a fund's statement (清算单编号, document no.): "<admdvs>-<insutype>-<year>-<DIGEST>"
// with DIGEST the first 8 hex digits of `sha256_hex` in upper case, e.g. 441721-390-2024-1A2B3C4D.
// The same inputs give the same number. std::invalid_argument when `sha256_hex` does not start
// with 8 hex digits.
[[nodiscard]] std::string document_number(const std::string& county_admdvs, const std::string& insutype, int year,
                                          std::string_view sha256_hex);
// The digest a statement's numbers come from: the case's SHA-256 when it is the only input
// (opt.input_sha256[0]); with records (several input digests), the SHA-256 of the digests joined
// by newlines, so that other records give another number; when none is set (a library caller),
// the SHA-256 of the statement's JSON rendered without numbers.
[[nodiscard]] std::string document_digest(const statement& s, const render_options& opt);

// SHA-256 of bytes, lowercase hex.
[[nodiscard]] std::string sha256_of(std::string_view bytes);
// SHA-256 of a file's bytes, read in pieces.
[[nodiscard]] std::string sha256_of_file(const std::string& path);

// A parameter's value as it is written in a policy file: "0.15", 1, [["90","1"],…].
[[nodiscard]] std::string parameter_text(const parameter_value& v);

}  // namespace medbudget
