// The performance indicators' report as JSON or text (indicators_render.hpp, docs/indicators.md).
#include "medbudget/io/indicators_render.hpp"

#include <nlohmann/json.hpp>

namespace medbudget {

namespace {

const char* comparison_text(indicator_comparison c) {
  switch (c) {
    case indicator_comparison::lt: return "<";
    case indicator_comparison::le: return "<=";
    case indicator_comparison::gt: return ">";
    case indicator_comparison::ge: return ">=";
  }
  return "?";
}

const char* scoring_text(indicator_scoring s) {
  switch (s) {
    case indicator_scoring::none: return "none";
    case indicator_scoring::pass_fail: return "pass_fail";
    case indicator_scoring::score: return "score";
  }
  return "?";
}

nlohmann::ordered_json requirement_json(const indicator_requirement& q) {
  return {{"comparison", comparison_text(q.comparison)},
          {"threshold", q.threshold.str()},
          {"points", q.points.str()},
          {"clause", q.clause}};
}

std::string text(const indicator_report& r) {
  std::string out = "county " + r.county + ", year " + std::to_string(r.year) + ", policy " +
                    (r.policy_id.empty() ? std::string("(none)") : r.policy_id) + ", scoring " + scoring_text(r.scoring) +
                    ", readmission within " + std::to_string(r.readmission_days) + " days" +
                    (r.previous_year ? ", with the previous year" : ", no previous year") + "\n";
  auto requirement = [&](const indicator_requirement& q, const std::string& unit, bool met) {
    return std::string("  requires ") + comparison_text(q.comparison) + " " + q.threshold.str() + unit + ": " +
           (met ? "met" : "not met") + (r.scoring == indicator_scoring::score ? " (" + q.points.str() + " points)" : "");
  };
  for (const fund_indicators& f : r.funds)
    for (const alliance_indicators& a : f.alliances) {
      out += "fund " + f.insutype + " alliance " + a.id + "\n";
      for (const indicator_value& v : a.values) {
        const std::string unit = v.id.ends_with("_change") ? " percentage points" : "%";
        out += "  " + v.id + ": " +
               (v.value ? percent_beside(*v.value, r.decimals, v.requirement) + unit : "not computable (" + v.why_not + ")");
        if (v.requirement) out += requirement(*v.requirement, unit, v.met);
        out += "\n";
      }
      for (const fact_value& v : a.facts)
        out += "  " + v.name + " (case fact): " + (v.value ? v.value->str() : v.why_not) +
               requirement(v.requirement, "", v.met) + "\n";
      if (r.scoring == indicator_scoring::score) out += "  score: " + a.score.str() + "\n";
      if (r.scoring == indicator_scoring::pass_fail) out += std::string("  indicators met: ") + (a.indicators_met ? "yes" : "no") + "\n";
    }
  return out;
}

}  // namespace

std::string render_indicators(const indicator_report& r, output_format format) {
  using nlohmann::ordered_json;
  if (format == output_format::text) return text(r);
  ordered_json j;
  j["county"] = r.county;
  j["year"] = r.year;
  j["policy"] = r.policy_id;
  j["scoring"] = scoring_text(r.scoring);
  j["decimals"] = r.decimals;
  j["readmission_days"] = r.readmission_days;
  j["previous_year"] = r.previous_year;
  ordered_json funds = ordered_json::array();
  for (const fund_indicators& f : r.funds) {
    ordered_json alliances = ordered_json::array();
    for (const alliance_indicators& a : f.alliances) {
      ordered_json values = ordered_json::object();
      for (const indicator_value& v : a.values) {
        ordered_json x;
        if (v.value) {
          x["percent"] = percent_beside(*v.value, r.decimals, v.requirement);
          x["exact"] = v.value->str();
        } else {
          x["percent"] = nullptr;
          x["not_computable"] = v.why_not;
        }
        if (!v.numerator.empty()) {
          x["numerator"] = v.numerator;
          x["denominator"] = v.denominator;
        }
        if (v.requirement) {
          x["requirement"] = requirement_json(*v.requirement);
          x["met"] = v.met;
        }
        values[v.id] = std::move(x);
      }
      ordered_json aj{{"id", a.id}, {"indicators", std::move(values)}};
      if (!a.facts.empty()) {
        ordered_json facts = ordered_json::object();
        for (const fact_value& v : a.facts) {
          ordered_json x;
          if (v.value) {
            x["value"] = v.value->str();
          } else {
            x["value"] = nullptr;
            x["not_given"] = v.why_not;
          }
          x["requirement"] = requirement_json(v.requirement);
          x["met"] = v.met;
          facts[v.name] = std::move(x);
        }
        aj["case_facts"] = std::move(facts);
      }
      if (r.scoring == indicator_scoring::score) aj["score"] = a.score.str();
      if (r.scoring != indicator_scoring::none) aj["indicators_met"] = a.indicators_met;
      alliances.push_back(std::move(aj));
    }
    funds.push_back({{"insutype", f.insutype}, {"alliances", std::move(alliances)}});
  }
  j["funds"] = std::move(funds);
  return j.dump(1) + "\n";
}

}  // namespace medbudget
