// Contract section 2 JSON, written straight into a reused buffer.
#include "report/report.hpp"

#include "calendar/calendar.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <stdexcept>

namespace cprules::report {

namespace {

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

/// `s` JSON-escaped, without quotes, bytes that are not UTF-8 as U+FFFD: at most 6 bytes a byte.
[[gnu::noinline]] char* put_escaped_slow(char* p, std::string_view s) noexcept {
    const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char ch = s[i];
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x80) {
            if (const std::size_t n = detail::utf8_length(bytes + i, bytes + s.size())) {
                std::memcpy(p, s.data() + i, n);
                p += n;
                i += n - 1;
            } else {
                p = put(p, detail::replacement_character);
            }
            continue;
        }
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

/// The same, inline for the usual ASCII text that needs no escaping (ids, words,
/// the engine's details): sixteen bytes at a time where SSE2 is there, the last
/// sixteen of the text as one block too. Anything else, non-ASCII included (to be
/// checked as UTF-8), goes the slow way.
char* put_escaped(char* p, std::string_view s) noexcept {
    const char* from = s.data();
    const char* const end = from + s.size();
#if defined(__SSE2__)
    if (s.size() >= 16) {
        const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), control = _mm_set1_epi8(0x1f);
        // A byte that needs escaping (a quote, a backslash, <= 0x1f) becomes 0xff, and a
        // non-ASCII byte has its top bit set already: either sets the byte's mask bit.
        auto plain = [&](__m128i v) {
            const __m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                             _mm_cmpeq_epi8(_mm_max_epu8(v, control), control));
            return _mm_movemask_epi8(_mm_or_si128(bad, v)) == 0;
        };
        for (; end - from > 16; from += 16, p += 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from));
            if (!plain(v)) return put_escaped_slow(p, {from, static_cast<std::size_t>(end - from)});
            _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
        }
        // 1 to 16 bytes are left: the text's last 16, of which those before `from`
        // were checked and copied already, and are copied again the same.
        const auto left = end - from;
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(end - 16));
        if (!plain(v)) return put_escaped_slow(p, {from, static_cast<std::size_t>(left)});
        _mm_storeu_si128(reinterpret_cast<__m128i*>(p + left - 16), v);
        return p + left;
    }
#endif
    for (const char* c = from; c != end; ++c) {
        const auto u = static_cast<unsigned char>(*c);
        if (u < 0x20 || u == '"' || u == '\\' || u >= 0x80) return put_escaped_slow(p + (c - from), {c, static_cast<std::size_t>(end - c)});
        p[c - from] = *c;
    }
    return p + (end - from);
}

/// format_to(p, d), inline: most dates are copied from calendar::date_texts().
/// `:SS`, for the rare date-time given with seconds.
[[gnu::noinline, gnu::cold]] char* put_seconds(char* p, int second) noexcept {
    const auto s = static_cast<unsigned>(second);
    p[0] = ':';
    p[1] = static_cast<char>('0' + s / 10);
    p[2] = static_cast<char>('0' + s % 10);
    return p + 3;
}

[[gnu::always_inline]] inline char* put_date(char* p, date_time d, const calendar::date_text_table& days) noexcept {
    const auto i = static_cast<std::uint32_t>(d.day.days() - days.first_day);
    if (i >= days.count) return format_to(p, d);
    std::memcpy(p, days.text + static_cast<std::size_t>(i) * 10, 10);
    p += 10;
    if (d.minute < 0) return p;
    const auto h = static_cast<unsigned>(d.minute / 60), m = static_cast<unsigned>(d.minute % 60);
    p[0] = 'T';
    p[1] = static_cast<char>('0' + h / 10);
    p[2] = static_cast<char>('0' + h % 10);
    p[3] = ':';
    p[4] = static_cast<char>('0' + m / 10);
    p[5] = static_cast<char>('0' + m % 10);
    if (d.second != 0) [[unlikely]] return put_seconds(p + 6, d.second);
    return p + 6;
}

char* put_number(char* p, long long n) noexcept { return std::to_chars(p, p + 24, n).ptr; }

/// The whole fixed-size text is stored; only `size` bytes count.
template <class Short>
char* put_short(char* p, const Short& s) noexcept {
    std::memcpy(p, s.text.data(), s.text.size());
    return p + s.size;
}
constexpr std::size_t slack = 48;  // room for put_short's full-width stores

/// Text already written to the output, by offset from a start.
struct written {
    std::uint32_t offset = 0, size = 0;
};
/// Copies text written earlier in the same output. Short ones go as 32 bytes
/// whole: they were followed by more than that, and there is `slack` room.
char* put_seen(char* p, const char* begin, written w) noexcept {
    static_assert(slack >= 32);
    if (w.size <= 32) std::memcpy(p, begin + w.offset, 32);
    else std::memcpy(p, begin + w.offset, w.size);
    return p + w.size;
}

/// write_message_detail's sink for a JSON string: user text escaped.
struct json_sink {
    char* p;
    const calendar::date_text_table& days;
    void text(std::string_view s) noexcept { p = put(p, s); }
    void user(std::string_view s) noexcept { p = put_escaped(p, s); }
    void date(const date_time& d) noexcept { p = put_date(p, d, days); }
    void number(long long n) noexcept { p = put_number(p, n); }
};

constexpr std::size_t subject_bound = 48;  // `type@date` (an event with no id), beyond the escaped id
constexpr std::size_t date_bound = 23;  // YYYY-MM-DDTHH:MM:SS, with room for an expanded year (+10183-...)
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
    auto key_text = [&](std::string_view k, int depth = finding_depth + 1, bool first = false) {
        std::string s;
        writer w{s, pretty, depth};
        w.key(k, first);
        return s;
    };
    auto key = [&](std::string_view k) { return fixed(key_text(k)); };
    std::string between;  // a finding's line break and indentation (pretty), part of each rule's head
    {
        writer w{between, pretty, finding_depth};
        w.nl();
    }
    keys_.child = key("child");
    keys_.subject = key("subject");
    keys_.done = fixed(key_text("done") + '"');
    keys_.days_late = key("days_late");
    std::size_t longest_status = 0;
    for (std::size_t i = 0; i < eval::status_names.size(); ++i) {
        std::string s = key_text("status");
        append_json_string(s, eval::status_names[i]);
        keys_.status[i] = fixed(s);
        s += key_text("due") + '"';
        keys_.status_due[i] = fixed(s);
        longest_status = std::max(longest_status, s.size());
    }
    keys_.bound = keys_.child.size + keys_.subject.size + keys_.done.size +
                  keys_.days_late.size + longest_status + 16 /* ",", quotes */ + 3 * date_bound + 2 * number_bound;
    rules_.reserve(p.rules.size());
    for (const auto& r : p.rules) {
        fragments f;
        f.head = ',';  // the separator, left out before the first finding
        f.head += between;
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
        f.tail = '"';
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
        finding_bound_ = std::max(finding_bound_, f.head.size() + f.item.size + f.severity.size() + f.tail.size() + keys_.bound + subject_bound);
        rules_.push_back(std::move(f));
    }
    // The case object around the findings, piece by piece, as `writer` spaces it.
    {
        writer w{frame_.open, pretty};
        w.open('{');
        w.key("case_id", true);
    }
    if (!p.id.empty()) {
        writer w{frame_.policy, pretty, 1};
        w.key("policy");
        w.open('{');
        w.key("id", true);
        append_json_string(frame_.policy, p.id);
        w.key("version");
        append_json_string(frame_.policy, p.version);
        w.key("title");
        append_json_string(frame_.policy, p.title);
        w.close('}');
    }
    frame_.as_of = key_text("as_of", 1);
    frame_.origin = key_text("origin", 1);
    {
        writer w{frame_.findings, pretty, 1};
        w.key("findings");
        w.open('[');
    }
    for (std::size_t i = 0; i < eval::status_names.size(); ++i) {
        writer w{frame_.summary[i], pretty, 2};
        if (i == 0) {
            w.close(']');
            w.key("summary");
            w.open('{');
        }
        w.key(eval::status_names[i], i == 0);
    }
    {
        writer w{frame_.errors, pretty, 2};
        w.close('}');
        w.key("errors");
        w.open('[');
    }
    {
        writer w{frame_.error_code, pretty, 2};
        w.nl();
        w.open('{');
        w.key("code", true);
    }
    frame_.error_pointer = key_text("pointer", 3);
    frame_.error_line = key_text("line", 3);
    frame_.error_column = key_text("column", 3);
    frame_.error_message = key_text("message", 3);
    {
        writer w{frame_.error_close, pretty, 3};
        w.close('}');
    }
    {
        writer w{frame_.close, pretty, 2};
        w.close(']');
        w.close('}');
    }
}

std::size_t json_writer::bound(const case_output& c) const {
    std::size_t n = frame_.open.size() + frame_.policy.size() + frame_.as_of.size() + frame_.origin.size() + frame_.findings.size() +
                    frame_.errors.size() + frame_.close.size() + 6 * c.origin.size() + date_bound + 8 /* quotes */ + slack;
    for (const auto& s : frame_.summary) n += s.size() + number_bound;
    if (c.facts) n += 6 * c.facts->case_id.size();
    if (c.errors)
        for (const auto& d : *c.errors)
            n += frame_.error_code.size() + frame_.error_pointer.size() + frame_.error_line.size() + frame_.error_column.size() +
                 frame_.error_message.size() + frame_.error_close.size() + 6 * (d.code.size() + d.pointer.size() + d.message.size()) +
                 2 * number_bound + 8;
    if (c.findings && c.facts) {
        // Each finding as the largest any rule writes, with its own message detail and ids. Where
        // the case's longest child id and event id are short (as ids are), every finding counts
        // those two; else each finding counts its own, so that one long id does not reserve its
        // length six times over for every finding.
        const auto& children = c.facts->children;
        std::size_t longest_child = 0, longest_event = 0;
        for (const auto& child : children) longest_child = std::max(longest_child, child.id.size());
        for (const auto& e : c.facts->events) longest_event = std::max(longest_event, e.id.size());
        const bool short_ids = longest_child + longest_event <= 64;
        std::size_t shown = 0, details = 0, ids = 0;
        for (const auto& f : *c.findings) {
            if (!c.shows(f)) continue;
            ++shown;
            details += eval::message_detail_bound(f);
            if (!short_ids)
                ids += (f.child >= 0 ? children[static_cast<std::size_t>(f.child)].id.size() : 0) + (f.subject ? f.subject->id.size() : 0);
        }
        n += shown * finding_bound_ + details + 6 * (short_ids ? shown * (longest_child + longest_event) : ids);
    }
    return n;
}

char* json_writer::write_findings(char* p, const case_output& c) const {
    const auto& children = c.facts->children;
    const calendar::date_text_table days = calendar::date_texts();
    // A finding's `"child":"A"` and `"subject":"icpc"` are escaped the first time
    // and copied from where they were written after that: children by index,
    // subjects through a small direct-mapped table by event index.
    char* const begin = p;
    std::array<written, facts::max_children> child_text{};
    std::array<written, 64> subject_text{};
    std::array<std::size_t, 64> subject_of{};
    const facts::event* const events = c.facts->events.data();
    bool first = true;
    for (const auto& f : *c.findings) {
        if (!c.shows(f)) continue;
        const auto& frag = rules_[static_cast<std::size_t>(f.rule - policy_->rules.data())];
        p = put(p, {frag.head.data() + first, frag.head.size() - first});  // no separator before the first
        first = false;
        if (f.child >= 0) {
            auto& seen = child_text[static_cast<std::size_t>(f.child)];
            if (seen.size) {
                p = put_seen(p, begin, seen);
            } else {
                char* const at = p;
                p = put_short(p, keys_.child);
                *p++ = '"';
                p = put_escaped(p, children[static_cast<std::size_t>(f.child)].id);
                *p++ = '"';
                seen = {static_cast<std::uint32_t>(at - begin), static_cast<std::uint32_t>(p - at)};
            }
        }
        if (f.subject) {
            const auto index = static_cast<std::size_t>(f.subject - events);
            auto& seen = subject_text[index % subject_text.size()];
            if (seen.size && subject_of[index % subject_text.size()] == index) {
                p = put_seen(p, begin, seen);
            } else {
                char* const at = p;
                p = put_short(p, keys_.subject);
                *p++ = '"';
                if (!f.subject->id.empty()) {
                    p = put_escaped(p, f.subject->id);
                } else {
                    p = put(p, facts::event_type_names[static_cast<std::size_t>(f.subject->type)]);
                    *p++ = '@';
                    p = put_date(p, date_time{f.subject->when.day, -1}, days);
                }
                *p++ = '"';
                seen = {static_cast<std::uint32_t>(at - begin), static_cast<std::uint32_t>(p - at)};
                subject_of[index % subject_text.size()] = index;
            }
        }
        if (f.item >= 0) {
            p = put_short(p, frag.item);
            p = put_number(p, f.item);
        }
        if (f.has_due) {
            p = put_short(p, keys_.status_due[static_cast<std::size_t>(f.state)]);
            p = put_date(p, f.due, days);
            *p++ = '"';
        } else {
            p = put_short(p, keys_.status[static_cast<std::size_t>(f.state)]);
        }
        if (f.has_done) {
            p = put_short(p, keys_.done);
            p = put_date(p, f.done, days);
            *p++ = '"';
        }
        if (f.state == eval::status::late) {
            p = put_short(p, keys_.days_late);
            p = put_number(p, f.days_late);
        }
        p = put(p, frag.severity);
        json_sink message{p, days};
        eval::write_message_detail(message, f);
        p = put(message.p, frag.tail);
    }
    return p;
}

char* json_writer::write(char* p, const case_output& c) const {
    p = put(p, frame_.open);
    *p++ = '"';
    if (c.facts) p = put_escaped(p, c.facts->case_id);
    *p++ = '"';
    p = put(p, frame_.policy);
    p = put(p, frame_.as_of);
    *p++ = '"';
    p = format_to(p, c.as_of);
    *p++ = '"';
    if (!c.origin.empty()) {
        p = put(p, frame_.origin);
        *p++ = '"';
        p = put_escaped(p, c.origin);
        *p++ = '"';
    }
    p = put(p, frame_.findings);
    if (c.findings && c.facts) p = write_findings(p, c);
    const auto s = c.summary ? *c.summary : c.findings ? summarise(*c.findings) : eval::summary{};
    for (std::size_t i = 0; i < eval::status_names.size(); ++i) {
        p = put(p, frame_.summary[i]);
        p = put_number(p, s.counts[i]);
    }
    p = put(p, frame_.errors);
    if (c.errors) {
        bool first = true;
        for (const auto& d : *c.errors) {
            if (!first) *p++ = ',';
            first = false;
            p = put(p, frame_.error_code);
            *p++ = '"';
            p = put_escaped(p, d.code);
            *p++ = '"';
            if (has_pointer(d)) {
                p = put(p, frame_.error_pointer);
                *p++ = '"';
                p = put_escaped(p, d.pointer);
                *p++ = '"';
            }
            if (d.location.line > 0) {
                p = put(p, frame_.error_line);
                p = put_number(p, d.location.line);
            }
            if (d.location.column > 0) {
                p = put(p, frame_.error_column);
                p = put_number(p, d.location.column);
            }
            p = put(p, frame_.error_message);
            *p++ = '"';
            p = put_escaped(p, d.message);
            *p++ = '"';
            p = put(p, frame_.error_close);
        }
    }
    return put(p, frame_.close);
}

void json_writer::append(std::string& out, const case_output& c, std::string&) const {
    const std::size_t start = out.size();
    out.resize(start + bound(c));
    char* const begin = out.data();
    out.resize(static_cast<std::size_t>(write(begin + start, c) - begin));
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
