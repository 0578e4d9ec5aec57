// Formatters: findings of one case -> JSON (contract section 2), text, CSV, Markdown.
// They append to a caller-owned buffer, so a batch reuses one string.
#pragma once

#include "eval/eval.hpp"

#include <string>

namespace cprules::report {

enum class format : std::uint8_t { text, json, jsonl, csv, markdown };

/// Everything known about one case after evaluation. `facts` may be null (a
/// case that did not load); `origin` says where it came from ("cases.jsonl:17").
struct case_output {
    const policy::compiled_policy* policy = nullptr;
    const facts::case_facts* facts = nullptr;
    const std::vector<eval::finding>* findings = nullptr;
    const std::vector<diagnostic>* errors = nullptr;
    date as_of;
    std::string_view origin;
};

eval::summary summarise(const std::vector<eval::finding>& findings);

/// One JSON object (contract section 2); `pretty` indents it. No trailing newline.
void append_json(std::string& out, const case_output& c, bool pretty);
void append_csv_header(std::string& out);
void append_csv(std::string& out, const case_output& c);
void append_markdown(std::string& out, const case_output& c);
void append_text(std::string& out, const case_output& c, bool colour);

/// JSON string escaping (RFC 8259), appended with quotes.
void append_json_string(std::string& out, std::string_view s);

}  // namespace cprules::report
