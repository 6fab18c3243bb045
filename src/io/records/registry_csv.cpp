// The institution registry and the attribution (CSV): small files read whole, every cell checked.
#include <algorithm>      // count, find, sort
#include <unordered_set>  // unordered_set

#include "../csv.hpp"
#include "../sha256.hpp"
#include "cells.hpp"
#include "gb18030.hpp"
#include "medbudget/io/claims_csv.hpp"
#include "medbudget/io/json.hpp"  // read_file

namespace medbudget {

namespace {

struct wanted_column {
  std::string_view name;
  bool required;
};

// Calls `row(cells, line)` for every record of a small CSV file, `cells` holding the named columns
// in the order asked for (an optional column missing from the header: an empty cell); no allocation
// per row. A column named twice in the header is an error naming both. The SHA-256 of the bytes
// read goes to `sha256` when given.
template <class F>
void for_each_row(const std::string& path, std::initializer_list<wanted_column> columns, std::string* sha256,
                  input_encoding encoding, F row) {
  std::string text = read_file(path);
  if (sha256 != nullptr) {
    io::sha256 d;
    d.update(text);
    *sha256 = d.hex();
  }
  if (encoding == input_encoding::gb18030) {
    std::string decoded;
    if (const std::size_t bad = io::gb18030_decoder().decode(text, decoded); bad != std::string_view::npos)
      io::refuse_gb18030(path, text, bad, 1);
    text = std::move(decoded);
  }
  std::string_view body = text;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  if (const std::size_t bad = io::invalid_utf8_at(body); bad != std::string_view::npos)
    throw input_error(path + ":" + std::to_string(1 + std::count(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(bad), '\n')),
                      io::not_utf8_message(body, bad, true));
  io::csv_cursor cur(body.data(), body.data() + body.size(), 1, &path);
  std::vector<std::string_view> fields;
  if (!cur.next(fields)) throw input_error(path, "the file is empty: a header row is required");
  std::vector<int> at;
  for (const wanted_column& want : columns) {
    int found = -1;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (io::lower(fields[i]) != want.name) continue;
      if (found >= 0)
        throw input_error(path + ":1", "column " + std::string(want.name) + " appears twice (as " +
                                           io::quoted_cell(fields[static_cast<std::size_t>(found)]) + " and " +
                                           io::quoted_cell(fields[i]) + ")");
      found = static_cast<int>(i);
    }
    if (found < 0 && want.required) throw input_error(path + ":1", "missing required column " + std::string(want.name));
    at.push_back(found);
  }
  const std::size_t width = fields.size();
  std::vector<std::string_view> cells(at.size());
  while (cur.next(fields)) {
    if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line holds no record
    if (fields.size() != width)
      throw input_error(path + ":" + std::to_string(cur.line()),
                        "expected " + std::to_string(width) + " fields (as the header), found " + std::to_string(fields.size()));
    for (std::size_t k = 0; k < at.size(); ++k) cells[k] = at[k] < 0 ? std::string_view() : fields[static_cast<std::size_t>(at[k])];
    row(cells, cur.line());
  }
}

}  // namespace

registry read_registry(const std::string& path, std::string* sha256, input_encoding encoding) {
  registry reg;
  std::unordered_set<std::string> codes;
  for_each_row(path,
               {{"fixmedins_code", true}, {"fixmedins_name", true}, {"admdvs", true}, {"alliance_id", true},
                {"member_id", true}, {"level", true}, {"primary", true}, {"dual_channel", false}},
               sha256, encoding,
               [&](const std::vector<std::string_view>& row, std::int64_t line) {
    const std::string where = path + ":" + std::to_string(line);
    institution i{std::string(row[0]), std::string(row[1]), std::string(row[2]), std::string(row[3]), std::string(row[4]), 0, false, false};
    if (i.code.empty() || i.code.size() > 64) throw input_error(where, "column fixmedins_code: expected an institution code");
    if (!codes.insert(i.code).second)
      throw input_error(where, "column fixmedins_code: " + io::quoted_cell(i.code) + " appears twice");
    if (i.admdvs.size() != 6 || !io::is_digits(i.admdvs))
      throw input_error(where, "column admdvs: expected 6 digits, got " + io::quoted_cell(i.admdvs));
    if (row[5].size() != 1 || row[5][0] < '0' || row[5][0] > '3')
      throw input_error(where, "column level: expected 0, 1, 2 or 3, got " + io::quoted_cell(row[5]));
    i.level = row[5][0] - '0';
    if (row[6] != "0" && row[6] != "1") throw input_error(where, "column primary: expected 0 or 1, got " + io::quoted_cell(row[6]));
    i.primary = row[6] == "1";
    if (!row[7].empty() && row[7] != "0" && row[7] != "1")
      throw input_error(where, "column dual_channel: expected 0 or 1, got " + io::quoted_cell(row[7]));
    i.dual_channel = row[7] == "1";
    if (!i.alliance_id.empty() && i.member_id.empty()) throw input_error(where, "column member_id: expected the member unit of an alliance member");
    if (i.alliance_id.empty() && !i.member_id.empty()) throw input_error(where, "column alliance_id: a member unit needs its alliance");
    if (i.alliance_id.size() > 64 || i.member_id.size() > 64) throw input_error(where, "ids are at most 64 characters");
    reg.institutions.push_back(std::move(i));
  });
  return reg;
}

attribution read_attribution(const std::string& path, const registry& reg, std::string* sha256, input_encoding encoding) {
  attribution a;
  for (const auto& i : reg.institutions)
    if (!i.alliance_id.empty() && std::find(a.alliance_ids.begin(), a.alliance_ids.end(), i.alliance_id) == a.alliance_ids.end())
      a.alliance_ids.push_back(i.alliance_id);
  if (a.alliance_ids.size() > 65535)  // alliance_of holds 16 bits
    throw input_error("registry", "more than 65535 alliances");
  std::vector<std::int64_t> lines;
  for_each_row(path, {{"psn_no", true}, {"alliance_id", true}}, sha256, encoding, [&](const std::vector<std::string_view>& row, std::int64_t line) {
    if (row[0].empty() || row[0].size() > 64)
      throw input_error(path + ":" + std::to_string(line), "column psn_no: expected a person number");
    const auto it = std::find(a.alliance_ids.begin(), a.alliance_ids.end(), row[1]);
    if (it == a.alliance_ids.end())
      throw input_error(path + ":" + std::to_string(line),
                        "column alliance_id: " + io::quoted_cell(row[1]) + " is no alliance of the registry");
    a.persons.emplace_back(row[0]);
    a.alliance_of.push_back(static_cast<std::uint16_t>(it - a.alliance_ids.begin()));
    lines.push_back(line);
  });
  // A person attributed twice: sort (hash, index) pairs and compare the numbers of equal hashes;
  // the error names the first repeat in file order.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> order(a.persons.size());
  for (std::uint32_t k = 0; k < order.size(); ++k) order[k] = {io::hash64(a.persons[k]), k};
  std::sort(order.begin(), order.end());
  std::size_t first_repeat = order.size();
  for (std::size_t k = 1; k < order.size(); ++k)
    for (std::size_t m = k; m > 0 && order[m - 1].first == order[k].first; --m)
      if (a.persons[order[m - 1].second] == a.persons[order[k].second])
        first_repeat = std::min<std::size_t>(first_repeat, std::max(order[m - 1].second, order[k].second));
  if (first_repeat < order.size())
    throw input_error(path + ":" + std::to_string(lines[first_repeat]), "column psn_no: the person is attributed twice");
  return a;
}

}  // namespace medbudget
