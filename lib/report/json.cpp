// Contract section 2 JSON, written straight into a reused buffer.
#include "report/report.hpp"

#include <fmt/format.h>

namespace cprules::report {

eval::summary summarise(const std::vector<eval::finding>& findings) {
    eval::summary s;
    for (const auto& f : findings) ++s.counts[static_cast<std::size_t>(f.state)];
    return s;
}

namespace {

void append_date(std::string& out, date_time d) {
    char buf[24];
    char* end = format_to(buf, d.day);
    if (d.has_time()) end = fmt::format_to(end, "T{:02}:{:02}", d.minute / 60, d.minute % 60);
    out += '"';
    out.append(buf, end);
    out += '"';
}

void append_number(std::string& out, long long n) {
    char buf[24];
    out.append(buf, fmt::format_to(buf, "{}", n));
}

/// Keys, commas and (when pretty) newlines with two-space indentation.
struct writer {
    std::string& out;
    bool pretty;
    int depth = 0;
    void nl() {
        if (!pretty) return;
        out += '\n';
        out.append(static_cast<std::size_t>(depth) * 2, ' ');
    }
    void key(std::string_view k, bool first = false) {
        if (!first) out += ',';
        nl();
        out += '"';
        out += k;
        out += pretty ? "\": " : "\":";
    }
    void open(char c) { out += c; ++depth; }
    void close(char c) { --depth; nl(); out += c; }
};

constexpr int finding_depth = 2;  // case object -> findings array -> finding

std::string_view item_key(const policy::rule& r) {
    const bool exclusion = r.kind == policy::rule_kind::exclusion ||
                           (r.kind == policy::rule_kind::item_deadline &&
                            std::get<policy::item_deadline_params>(r.params).field == policy::item_field::exclusion_notice);
    return exclusion ? "exclusion" : "report";
}

}  // namespace

json_writer::json_writer(const policy::compiled_policy& p, bool pretty) : policy_(&p), pretty_(pretty) {
    rules_.reserve(p.rules.size());
    for (const auto& r : p.rules) {
        fragments f;
        writer head{f.head, pretty, finding_depth};
        head.open('{');
        head.key("rule", true);
        append_json_string(f.head, r.id);
        if (!r.variant.empty()) {
            head.key("variant");
            append_json_string(f.head, r.variant);
        }
        writer sev{f.severity, pretty, finding_depth + 1};
        sev.key("severity");
        f.severity += r.severity == policy::severity::violation ? "\"violation\"" : "\"advice\"";
        sev.key("message");
        append_json_string(f.severity, r.summary);
        f.severity.pop_back();  // the closing quote comes after the finding's own detail
        writer tail{f.tail, pretty, finding_depth + 1};
        tail.key("source");
        tail.open('{');
        tail.key("document", true);
        append_json_string(f.tail, r.source.document);
        tail.key("section");
        append_json_string(f.tail, r.source.section);
        tail.key("quote");
        append_json_string(f.tail, r.source.quote);
        tail.close('}');
        tail.close('}');
        rules_.push_back(std::move(f));
    }
}

void json_writer::append(std::string& out, const case_output& c, std::string& scratch) const {
    writer w{out, pretty_};
    w.open('{');
    w.key("case_id", true);
    append_json_string(out, c.facts ? c.facts->case_id : std::string_view{});
    if (!policy_->id.empty()) {
        w.key("policy");
        w.open('{');
        w.key("id", true);
        append_json_string(out, policy_->id);
        w.key("version");
        append_json_string(out, policy_->version);
        w.key("title");
        append_json_string(out, policy_->title);
        w.close('}');
    }
    w.key("as_of");
    append_date(out, date_time{c.as_of, -1});
    if (!c.origin.empty()) {
        w.key("origin");
        append_json_string(out, c.origin);
    }
    w.key("findings");
    w.open('[');
    bool first = true;
    if (c.findings && c.facts) {
        for (const auto& f : *c.findings) {
            if (!c.shows(f)) continue;
            const auto& frag = rules_[static_cast<std::size_t>(f.rule - policy_->rules.data())];
            if (!first) out += ',';
            first = false;
            w.nl();
            out += frag.head;
            writer fw{out, pretty_, finding_depth + 1};
            if (f.child >= 0) {
                fw.key("child");
                append_json_string(out, c.facts->children[static_cast<std::size_t>(f.child)].id);
            }
            if (f.subject) {
                fw.key("subject");
                if (!f.subject->id.empty()) {
                    append_json_string(out, f.subject->id);
                } else {  // type@date, written in place
                    out += '"';
                    out += facts::event_type_names[static_cast<std::size_t>(f.subject->type)];
                    out += '@';
                    char buf[16];
                    out.append(buf, format_to(buf, f.subject->when.day));
                    out += '"';
                }
            }
            if (f.item >= 0) {
                fw.key(item_key(*f.rule));
                append_number(out, f.item);
            }
            fw.key("status");
            out += '"';
            out += eval::status_names[static_cast<std::size_t>(f.state)];
            out += '"';
            if (f.has_due) {
                fw.key("due");
                append_date(out, f.due);
            }
            if (f.has_done) {
                fw.key("done");
                append_date(out, f.done);
            }
            if (f.state == eval::status::late) {
                fw.key("days_late");
                append_number(out, f.days_late);
            }
            out += frag.severity;
            scratch.clear();
            eval::append_message_detail(scratch, f);
            append_json_escaped(out, scratch);
            out += '"';
            out += frag.tail;
        }
    }
    w.close(']');
    w.key("summary");
    w.open('{');
    const auto s = c.findings ? summarise(*c.findings) : eval::summary{};
    for (std::size_t i = 0; i < eval::status_names.size(); ++i) {
        w.key(eval::status_names[i], i == 0);
        append_number(out, s.counts[i]);
    }
    w.close('}');
    w.key("errors");
    w.open('[');
    first = true;
    if (c.errors) {
        for (const auto& d : *c.errors) {
            if (!first) out += ',';
            first = false;
            w.nl();
            w.open('{');
            w.key("code", true);
            append_json_string(out, d.code);
            if (!d.pointer.empty() || d.location.line == 0) {
                w.key("pointer");
                append_json_string(out, d.pointer);
            }
            if (d.location.line > 0) {
                w.key("line");
                append_number(out, d.location.line);
            }
            w.key("message");
            append_json_string(out, d.message);
            w.close('}');
        }
    }
    w.close(']');
    w.close('}');
}

void append_policy_fields(std::string& out, const policy::compiled_policy& p) {
    out += "\"id\": ";
    append_json_string(out, p.id);
    out += ", \"version\": ";
    append_json_string(out, p.version);
    out += ", \"title\": ";
    append_json_string(out, p.title);
    out += ", \"file\": ";
    append_json_string(out, p.file);
}

void append_json(std::string& out, const case_output& c, bool pretty) {
    std::string scratch;
    if (c.policy) {
        json_writer(*c.policy, pretty).append(out, c, scratch);
        return;
    }
    // A case that never reached a policy: its id, as-of date and errors only.
    const policy::compiled_policy none{};
    case_output without = c;
    without.findings = nullptr;
    json_writer(none, pretty).append(out, without, scratch);
}

}  // namespace cprules::report
