// Every spec example settles to its expected statement, field for field (the expected figures were
// worked out independently of this program), and JSON output is deterministic.
#include <gtest/gtest.h>

#include "json_subset.hpp"

#include <filesystem>  // directory_iterator
#include <nlohmann/json.hpp>

#include "medbudget/io/json.hpp"
#include "medbudget/io/render.hpp"
#include "medbudget/settle.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path cases_dir = fs::path(MEDBUDGET_SOURCE_DIR) / "examples" / "cases";

std::vector<std::string> example_names() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(cases_dir)) {
    const std::string f = e.path().filename().string();
    if (f.ends_with(".case.json")) names.push_back(f.substr(0, f.size() - std::string(".case.json").size()));
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string settle_json(const std::string& name) {
  const std::string bytes = medbudget::read_file((cases_dir / (name + ".case.json")).string());
  const auto lc = medbudget::load_case(bytes, name, cases_dir.string());
  medbudget::render_options opt;
  opt.input_sha256 = {medbudget::sha256_of(bytes)};
  return medbudget::render(medbudget::settle_year(lc.value), opt);
}

}  // namespace

TEST(SpecExamples, AllFourProvincesArePresent) {
  const auto names = example_names();
  EXPECT_EQ(names, (std::vector<std::string>{"guangdong-surplus", "harbin-surplus", "hunan-two-alliances",
                                             "sanming-package"}));
}

TEST(SpecExamples, EachStatementMatchesItsExpectedFields) {
  for (const auto& name : example_names()) {
    SCOPED_TRACE(name);
    const auto expected =
        nlohmann::json::parse(medbudget::read_file((cases_dir / (name + ".expected.json")).string()));
    const auto got = nlohmann::json::parse(settle_json(name));
    expect_subset(expected, got, name);
  }
}

TEST(SpecExamples, EveryLineCarriesFormulaFiguresAndClause) {
  for (const auto& name : example_names()) {
    SCOPED_TRACE(name);
    const auto got = nlohmann::json::parse(settle_json(name));
    std::size_t lines = 0;
    auto check = [&](const nlohmann::json& ls) {
      for (const auto& l : ls) {
        ++lines;
        for (const char* k : {"key", "label_zh", "label_en", "formula", "figures", "clause"})
          EXPECT_FALSE(l.at(k).get<std::string>().empty()) << l.dump();
        // An amount, or for a ratio line (adjustment_coefficient, allocation_weight) its exact value.
        EXPECT_NE(l.contains("amount"), l.contains("value")) << l.dump();
        EXPECT_FALSE(l.value(l.contains("amount") ? "amount" : "value", std::string()).empty()) << l.dump();
      }
    };
    for (const auto& f : got["funds"]) {
      check(f["lines"]);
      for (const auto& a : f["alliances"]) check(a["lines"]);
    }
    EXPECT_GT(lines, 10u);
  }
}

TEST(SpecExamples, JsonOutputIsDeterministic) {
  for (const auto& name : example_names()) EXPECT_EQ(settle_json(name), settle_json(name)) << name;
}

TEST(SpecExamples, InputHashIsTheCaseFilesSha256) {
  // sha256("abc") from FIPS 180-4's example.
  EXPECT_EQ(medbudget::sha256_of("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(medbudget::sha256_of(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // 56 bytes: the padding spills into a second block.
  EXPECT_EQ(medbudget::sha256_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
