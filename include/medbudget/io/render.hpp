// medbudget/io/render.hpp — statements as JSON (deterministic bytes), text (年度清算单) and CSV.
//
//   std::string out = medbudget::render(s, {.format = medbudget::output_format::text});
#pragma once

#include <string>  // string
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

struct render_options {
  output_format format = output_format::json;
  language lang = language::zh;
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


// SHA-256 of bytes, lowercase hex.
[[nodiscard]] std::string sha256_of(std::string_view bytes);
// SHA-256 of a file's bytes, read in pieces.
[[nodiscard]] std::string sha256_of_file(const std::string& path);

// A parameter's value as it is written in a policy file: "0.15", 1, [["90","1"],…].
[[nodiscard]] std::string parameter_text(const parameter_value& v);

}  // namespace medbudget
