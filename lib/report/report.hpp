// Formatters: findings of one case -> JSON (contract section 2), text, CSV, Markdown.
// They append to a caller-owned buffer, so a batch reuses one string.
#pragma once

#include "eval/eval.hpp"
#include "support/json.hpp"

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
    std::uint8_t statuses = 0x3f;  // which findings to print: bit i = eval::status i (the summary counts all)
    const eval::summary* summary = nullptr;  // summarise(*findings), when the caller has it already
    bool shows(const eval::finding& f) const { return (statuses >> static_cast<unsigned>(f.state)) & 1u; }
};

using eval::summarise;

/// Writes contract section 2 JSON for cases evaluated against one policy. It
/// escapes each rule's fixed text (id, severity, source) once, up front, so a
/// batch pays only for what differs per finding. Immutable once built.
class json_writer {
public:
    json_writer(const policy::compiled_policy& p, bool pretty);
    /// One JSON object for the case; no trailing newline. (`scratch` is no
    /// longer used; the parameter stays for source compatibility.)
    void append(std::string& out, const case_output& c, std::string& scratch) const;
    /// The room write() needs for the case: an upper bound on what it writes.
    std::size_t bound(const case_output& c) const;
    /// Writes the case's object at `p`, which has bound(c) bytes of room, and
    /// returns its end. For a buffer that need not be zeroed before it is
    /// filled (std::string's resize zeroes).
    char* write(char* p, const case_output& c) const;

private:
    /// A short fixed text, copied whole (a few wide stores, no call): the
    /// output keeps `slack` bytes free beyond what is written.
    struct short_text {
        static constexpr std::size_t capacity = 48;
        std::array<char, capacity> text{};
        std::size_t size = 0;
    };
    struct fragments {
        std::string head, severity, tail;  // head: `,` and the line break before `{"rule":...`
        short_text item;  // the `report` / `exclusion` key
    };
    /// Keys with their separators, as this writer spaces them.
    struct keys {
        short_text child, subject, done, days_late;  // done: with the value's opening quote
        std::array<short_text, 6> status;      // key and value
        std::array<short_text, 6> status_due;  // the same, then the `due` key and its value's opening quote
        std::size_t bound = 0;             // all of them, with room for the dates and numbers
    };
    /// The case object's own text around its values, as this writer spaces it.
    struct frame {
        std::string open, policy, as_of, origin, findings;  // `{"case_id":`, `,"policy":{...}`, ...
        std::array<std::string, 6> summary;                 // `],"summary":{"met":`, `,"pending":`, ...
        std::string errors, error_code, error_pointer, error_line, error_column, error_message, error_close, close;
    };
    char* write_findings(char* p, const case_output& c) const;
    const policy::compiled_policy* policy_;
    bool pretty_;
    keys keys_;
    frame frame_;
    std::vector<fragments> rules_;  // by rule index
    /// The most a finding writes besides its ids and its message detail: the largest
    /// rule's fixed text, every key with its date or number, and a type@date subject.
    std::size_t finding_bound_ = 0;
};

/// Whether a case's input error is written with its JSON pointer ("" for the whole
/// case): every one but a YAML case that does not parse, which has only a line and column.
inline bool has_pointer(const diagnostic& d) { return !d.pointer.empty() || d.code != "facts.bad_yaml"; }

/// One JSON object (contract section 2); `pretty` indents it. No trailing
/// newline. For many cases, keep a json_writer instead.
void append_json(std::string& out, const case_output& c, bool pretty);
void append_csv_header(std::string& out);
/// One CSV field (RFC 4180: quoted when it holds a comma, quote or line break).
void append_csv_field(std::string& out, std::string_view s);
void append_csv(std::string& out, const case_output& c);
/// Text for one line of Markdown (a table cell, a heading, a list item): each line break
/// a space, and a backslash and | * ` < [ ] escaped, so that it is read as the text itself.
/// In a code span (`in_code`), where a backslash is itself, only | is escaped (as GFM tables read it).
std::string markdown_text(std::string_view s, bool in_code = false);
void append_markdown(std::string& out, const case_output& c);
void append_text(std::string& out, const case_output& c, bool colour);

using detail::append_json_escaped;  // JSON string escaping (RFC 8259), from support/json.hpp
using detail::append_json_string;

/// `"id": ..., "version": ..., "title": ..., "file": ...` of a policy (no braces).
void append_policy_fields(std::string& out, const policy::compiled_policy& p);

}  // namespace cprules::report
