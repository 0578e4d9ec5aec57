// Contract section 2 JSON, written straight into a reused buffer.
#include "report/report.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstring>
#include <stdexcept>

namespace cprules::report {

eval::summary summarise(const std::vector<eval::finding>& findings) {
    eval::summary s;
    for (const auto& f : findings) {
        ++s.counts[static_cast<std::size_t>(f.state)];
        if (f.state == eval::status::late || f.state == eval::status::overdue || f.state == eval::status::breached)
            ++s.failed[static_cast<std::size_t>(f.rule->severity)];
    }
    return s;
}

namespace {

void append_date(std::string& out, date_time d) {
    char buf[24];
    out += '"';
    out.append(buf, format_to(buf, d));
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

// ---- the findings: written through a raw pointer into space reserved for them

char* put(char* p, std::string_view s) noexcept {
    std::memcpy(p, s.data(), s.size());
    return p + s.size();
}

/// `s` JSON-escaped, without quotes: at most 6 bytes a byte.
char* put_escaped(char* p, std::string_view s) noexcept {
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c != '"' && c != '\\') {
            *p++ = ch;
            continue;
        }
        *p++ = '\\';
        switch (c) {
            case '"': *p++ = '"'; break;
            case '\\': *p++ = '\\'; break;
            case '\n': *p++ = 'n'; break;
            case '\r': *p++ = 'r'; break;
            case '\t': *p++ = 't'; break;
            default:
                constexpr char hex[] = "0123456789abcdef";
                p = put(p, "u00");
                *p++ = hex[c >> 4];
                *p++ = hex[c & 15];
        }
    }
    return p;
}

char* put_number(char* p, long long n) noexcept { return std::to_chars(p, p + 24, n).ptr; }

/// The whole fixed-size text is stored; only `size` bytes count.
template <class Short>
char* put_short(char* p, const Short& s) noexcept {
    std::memcpy(p, s.text.data(), s.text.size());
    return p + s.size;
}
constexpr std::size_t slack = 48;  // room for put_short's full-width stores

/// write_message_detail's sink for a JSON string: user text escaped.
struct json_sink {
    char* p;
    void text(std::string_view s) noexcept { p = put(p, s); }
    void user(std::string_view s) noexcept { p = put_escaped(p, s); }
    void date(date_time d) noexcept { p = format_to(p, d); }
    void number(long long n) noexcept { p = put_number(p, n); }
};

constexpr std::size_t date_bound = 16;  // YYYY-MM-DDTHH:MM
constexpr std::size_t number_bound = 21;

}  // namespace

json_writer::json_writer(const policy::compiled_policy& p, bool pretty) : policy_(&p), pretty_(pretty) {
    auto fixed = [](const std::string& s) {
        short_text t;
        if (s.size() > t.text.size()) throw std::logic_error("json_writer: a key longer than short_text holds");
        std::copy(s.begin(), s.end(), t.text.begin());
        t.size = s.size();
        return t;
    };
    auto key_text = [&](std::string_view k) {
        std::string s;
        writer w{s, pretty, finding_depth + 1};
        w.key(k);
        return s;
    };
    auto key = [&](std::string_view k) { return fixed(key_text(k)); };
    {
        std::string between;
        writer w{between, pretty, finding_depth};
        w.nl();
        keys_.between = fixed(between);
    }
    keys_.child = key("child");
    keys_.subject = key("subject");
    keys_.due = key("due");
    keys_.done = key("done");
    keys_.days_late = key("days_late");
    std::size_t longest_status = 0;
    for (std::size_t i = 0; i < eval::status_names.size(); ++i) {
        std::string s = key_text("status");
        append_json_string(s, eval::status_names[i]);
        keys_.status[i] = fixed(s);
        longest_status = std::max(longest_status, s.size());
    }
    keys_.bound = keys_.between.size + keys_.child.size + keys_.subject.size + keys_.due.size + keys_.done.size +
                  keys_.days_late.size + longest_status + 16 /* ",", quotes */ + 3 * date_bound + 2 * number_bound;
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
        f.item = key(policy::item_key(r));
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
        f.bound = f.head.size() + f.item.size + f.severity.size() + f.tail.size();
        rules_.push_back(std::move(f));
    }
}

void json_writer::append_findings(std::string& out, const case_output& c) const {
    const auto& children = c.facts->children;
    // An upper bound on what the findings take, so that they are written with no checks on the way.
    std::size_t bound = 0;
    for (const auto& f : *c.findings) {
        if (!c.shows(f)) continue;
        bound += rules_[static_cast<std::size_t>(f.rule - policy_->rules.data())].bound + keys_.bound + eval::message_detail_bound(f);
        if (f.child >= 0) bound += 6 * children[static_cast<std::size_t>(f.child)].id.size();
        if (f.subject) bound += 6 * f.subject->id.size() + 48;  // or type@date
    }
    const std::size_t start = out.size();
    out.resize(start + bound + slack);
    char* const begin = out.data();
    char* p = begin + start;
    bool first = true;
    for (const auto& f : *c.findings) {
        if (!c.shows(f)) continue;
        const auto& frag = rules_[static_cast<std::size_t>(f.rule - policy_->rules.data())];
        if (!first) *p++ = ',';
        first = false;
        p = put_short(p, keys_.between);
        p = put(p, frag.head);
        if (f.child >= 0) {
            p = put_short(p, keys_.child);
            *p++ = '"';
            p = put_escaped(p, children[static_cast<std::size_t>(f.child)].id);
            *p++ = '"';
        }
        if (f.subject) {
            p = put_short(p, keys_.subject);
            *p++ = '"';
            if (!f.subject->id.empty()) {
                p = put_escaped(p, f.subject->id);
            } else {
                p = put(p, facts::event_type_names[static_cast<std::size_t>(f.subject->type)]);
                *p++ = '@';
                p = format_to(p, f.subject->when.day);
            }
            *p++ = '"';
        }
        if (f.item >= 0) {
            p = put_short(p, frag.item);
            p = put_number(p, f.item);
        }
        p = put_short(p, keys_.status[static_cast<std::size_t>(f.state)]);
        if (f.has_due) {
            p = put_short(p, keys_.due);
            *p++ = '"';
            p = format_to(p, f.due);
            *p++ = '"';
        }
        if (f.has_done) {
            p = put_short(p, keys_.done);
            *p++ = '"';
            p = format_to(p, f.done);
            *p++ = '"';
        }
        if (f.state == eval::status::late) {
            p = put_short(p, keys_.days_late);
            p = put_number(p, f.days_late);
        }
        p = put(p, frag.severity);
        json_sink message{p};
        eval::write_message_detail(message, f);
        p = message.p;
        *p++ = '"';
        p = put(p, frag.tail);
    }
    out.resize(static_cast<std::size_t>(p - begin));
}

void json_writer::append(std::string& out, const case_output& c, std::string&) const {
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
    if (c.findings && c.facts) append_findings(out, c);
    w.close(']');
    w.key("summary");
    w.open('{');
    const auto s = c.summary ? *c.summary : c.findings ? summarise(*c.findings) : eval::summary{};
    for (std::size_t i = 0; i < eval::status_names.size(); ++i) {
        w.key(eval::status_names[i], i == 0);
        append_number(out, s.counts[i]);
    }
    w.close('}');
    w.key("errors");
    w.open('[');
    bool first = true;
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
