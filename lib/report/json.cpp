// Contract section 2 JSON, written straight into a reused buffer.
#include "report/report.hpp"

#include <fmt/format.h>

namespace cprules::report {

eval::summary summarise(const std::vector<eval::finding>& findings) {
    eval::summary s;
    for (const auto& f : findings) ++s.counts[static_cast<std::size_t>(f.state)];
    return s;
}

void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            }
        }
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

namespace {

void append_date(std::string& out, date_time d) {
    char buf[16];
    char* end = format_to(buf, d.day);
    if (d.has_time()) end += std::snprintf(end, 8, "T%02d:%02d", d.minute / 60, d.minute % 60);
    out += '"';
    out.append(buf, end);
    out += '"';
}

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

}  // namespace

void append_json(std::string& out, const case_output& c, bool pretty) {
    writer w{out, pretty};
    w.open('{');
    w.key("case_id", true);
    append_json_string(out, c.facts ? c.facts->case_id : std::string_view{});
    if (c.policy) {
        w.key("policy");
        w.open('{');
        w.key("id", true);
        append_json_string(out, c.policy->id);
        w.key("version");
        append_json_string(out, c.policy->version);
        w.key("title");
        append_json_string(out, c.policy->title);
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
            if (!first) out += ',';
            first = false;
            w.nl();
            w.open('{');
            w.key("rule", true);
            append_json_string(out, f.rule->id);
            if (!f.rule->variant.empty()) {
                w.key("variant");
                append_json_string(out, f.rule->variant);
            }
            if (f.child >= 0) {
                w.key("child");
                append_json_string(out, c.facts->children[static_cast<std::size_t>(f.child)].id);
            }
            if (f.subject) {
                w.key("subject");
                if (!f.subject->id.empty()) append_json_string(out, f.subject->id);
                else append_json_string(out, eval::subject_name(*f.subject));
            }
            if (f.item >= 0) {
                w.key(f.rule->kind == policy::rule_kind::exclusion ||
                              (f.rule->kind == policy::rule_kind::item_deadline &&
                               std::get<policy::item_deadline_params>(f.rule->params).field == policy::item_field::exclusion_notice)
                          ? "exclusion" : "report");
                out += std::to_string(f.item);
            }
            w.key("status");
            append_json_string(out, eval::status_names[static_cast<std::size_t>(f.state)]);
            if (f.has_due) {
                w.key("due");
                append_date(out, f.due);
            }
            if (f.has_done) {
                w.key("done");
                append_date(out, f.done);
            }
            if (f.state == eval::status::late) {
                w.key("days_late");
                out += std::to_string(f.days_late);
            }
            w.key("severity");
            out += f.rule->severity == policy::severity::violation ? "\"violation\"" : "\"advice\"";
            w.key("message");
            append_json_string(out, eval::message(f, *c.facts));
            w.key("source");
            w.open('{');
            w.key("document", true);
            append_json_string(out, f.rule->source.document);
            w.key("section");
            append_json_string(out, f.rule->source.section);
            w.key("quote");
            append_json_string(out, f.rule->source.quote);
            w.close('}');
            w.close('}');
        }
    }
    w.close(']');
    w.key("summary");
    w.open('{');
    const auto s = c.findings ? summarise(*c.findings) : eval::summary{};
    for (std::size_t i = 0; i < eval::status_names.size(); ++i) {
        w.key(eval::status_names[i], i == 0);
        out += std::to_string(s.counts[i]);
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
                out += std::to_string(d.location.line);
            }
            w.key("message");
            append_json_string(out, d.message);
            w.close('}');
        }
    }
    w.close(']');
    w.close('}');
}

}  // namespace cprules::report
