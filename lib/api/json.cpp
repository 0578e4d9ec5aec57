// evaluation::to_json: contract section 2 from the public values.
//
// The CLI and evaluate_json() write the same JSON from the engine's internal
// views (report::append_json); those views do not outlive an evaluation, so
// the value type has its own writer. tests/unit/api_threads_test.cpp checks
// that the two agree byte for byte on every bundled policy test case.
#include "api/internal.hpp"

namespace cprules::inline v1 {

namespace {

void append_date(std::string& out, date_time d) {
    out += '"';
    out += to_string(d);
    out += '"';
}

void append_key(std::string& out, std::string_view key) {
    out += ",\"";
    out += key;
    out += "\":";
}

}  // namespace

std::string evaluation::to_json() const {
    using report::append_json_string;
    std::string out;
    out.reserve(512 + findings.size() * 400);
    out += "{\"case_id\":";
    append_json_string(out, case_id);
    if (policy) {
        out += ",\"policy\":{\"id\":";
        append_json_string(out, policy->id);
        out += ",\"version\":";
        append_json_string(out, policy->version);
        out += ",\"title\":";
        append_json_string(out, policy->title);
        out += '}';
    }
    append_key(out, "as_of");
    append_date(out, date_time{as_of, -1});
    if (!origin.empty() && !errors.empty()) {
        append_key(out, "origin");
        append_json_string(out, origin);
    }
    out += ",\"findings\":[";
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const finding& f = findings[i];
        out += i ? ",{\"rule\":" : "{\"rule\":";
        append_json_string(out, f.rule);
        if (!f.variant.empty()) {
            append_key(out, "variant");
            append_json_string(out, f.variant);
        }
        if (!f.child.empty()) {
            append_key(out, "child");
            append_json_string(out, f.child);
        }
        if (!f.subject.empty()) {
            append_key(out, "subject");
            append_json_string(out, f.subject);
        }
        if (f.report) {
            append_key(out, "report");
            out += std::to_string(*f.report);
        } else if (f.exclusion) {
            append_key(out, "exclusion");
            out += std::to_string(*f.exclusion);
        }
        append_key(out, "status");
        append_json_string(out, to_string(f.status));
        if (f.due) {
            append_key(out, "due");
            append_date(out, *f.due);
        }
        if (f.done) {
            append_key(out, "done");
            append_date(out, *f.done);
        }
        if (f.status == finding_status::late) {
            append_key(out, "days_late");
            out += std::to_string(f.days_late);
        }
        append_key(out, "severity");
        append_json_string(out, to_string(f.severity));
        append_key(out, "message");
        append_json_string(out, f.message);
        out += ",\"source\":{\"document\":";
        append_json_string(out, f.source.document);
        append_key(out, "section");
        append_json_string(out, f.source.section);
        append_key(out, "quote");
        append_json_string(out, f.source.quote);
        out += "}}";
    }
    out += "],\"summary\":{";
    for (std::size_t i = 0; i < eval::status_names.size(); ++i) {
        if (i) out += ',';
        append_json_string(out, eval::status_names[i]);
        out += ':';
        out += std::to_string(summary.count(static_cast<finding_status>(i)));
    }
    out += "},\"errors\":[";
    for (std::size_t i = 0; i < errors.size(); ++i) {
        const diagnostic& d = errors[i];
        out += i ? ",{\"code\":" : "{\"code\":";
        append_json_string(out, d.code);
        if (report::has_pointer(d)) {
            append_key(out, "pointer");
            append_json_string(out, d.pointer);
        }
        if (d.location.line > 0) {
            append_key(out, "line");
            out += std::to_string(d.location.line);
        }
        if (d.location.column > 0) {
            append_key(out, "column");
            out += std::to_string(d.location.column);
        }
        append_key(out, "message");
        append_json_string(out, d.message);
        out += '}';
    }
    out += "]}";
    return out;
}

}  // namespace cprules::v1
