// Human formats: text (a table per case, optionally coloured), CSV, Markdown.
#include "report/report.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cprules::report {

namespace {

std::string due_text(const eval::finding& f) { return f.has_due ? to_string(f.due) : std::string(); }
std::string done_text(const eval::finding& f) { return f.has_done ? to_string(f.done) : std::string(); }
std::string child_text(const eval::finding& f, const facts::case_facts& c) {
    return f.child >= 0 ? std::string(c.children[static_cast<std::size_t>(f.child)].id) : std::string();
}
std::string subject_text(const eval::finding& f) {
    if (!f.subject) return {};
    std::string s = eval::subject_name(*f.subject);
    if (f.item >= 0) s += fmt::format("#{}", f.item);
    return s;
}
std::string_view severity_text(const eval::finding& f) {
    return f.rule->severity == policy::severity::violation ? "violation" : "advice";
}
std::string rule_text(const eval::finding& f) {
    return f.rule->variant.empty() ? f.rule->id : f.rule->id + " (" + f.rule->variant + ")";
}

/// `s` on one line of a text report: each line break a space.
std::string one_line(std::string_view s) {
    std::string out(s);
    std::replace_if(out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return out;
}

/// Where in the case's text an input error is, when it is a place in the text (a case that
/// does not parse): " (line 3, column 14)"; else nothing.
std::string place_text(const diagnostic& d) {
    if (!d.location.file.empty() || d.location.line <= 0) return {};
    if (d.location.column <= 0) return fmt::format(" (line {})", d.location.line);
    return fmt::format(" (line {}, column {})", d.location.line, d.location.column);
}

std::string summary_line(const eval::summary& s) {
    std::string out;
    for (std::size_t i = 0; i < eval::status_names.size(); ++i)
        out += fmt::format("{}{} {}", i ? ", " : "", s.counts[i], eval::status_names[i]);
    return out;
}

}  // namespace

std::string markdown_text(std::string_view s, bool in_code) {
    std::string out;
    for (char c : s) {
        if (c == '|' || (!in_code && (c == '\\' || c == '*' || c == '`' || c == '<' || c == '[' || c == ']'))) out += '\\';
        out += c == '\n' || c == '\r' ? ' ' : c;
    }
    return out;
}

void append_csv_field(std::string& out, std::string_view s) {
    if (s.find_first_of(",\"\n\r") == std::string_view::npos) {
        out += s;
        return;
    }
    out += '"';
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void append_csv_header(std::string& out) {
    out += "case_id,policy,as_of,rule,variant,child,subject,status,due,done,days_late,severity,message,document,section,quote\n";
}

void append_csv(std::string& out, const case_output& c) {
    const std::string as_of = to_string(c.as_of);
    const std::string_view case_id = c.facts ? c.facts->case_id : std::string_view{};
    const std::string_view policy = c.policy ? std::string_view(c.policy->id) : std::string_view{};
    const std::size_t before = out.size();
    if (c.findings && c.facts) {
        for (const auto& f : *c.findings) {
            if (!c.shows(f)) continue;
            for (std::string_view v : {case_id, policy, std::string_view(as_of), std::string_view(f.rule->id), std::string_view(f.rule->variant)}) {
                append_csv_field(out, v);
                out += ',';
            }
            append_csv_field(out, child_text(f, *c.facts));
            out += ',';
            append_csv_field(out, subject_text(f));
            out += ',';
            out += eval::status_names[static_cast<std::size_t>(f.state)];
            out += ',';
            out += due_text(f);
            out += ',';
            out += done_text(f);
            out += ',';
            if (f.state == eval::status::late) out += std::to_string(f.days_late);
            out += ',';
            out += severity_text(f);
            out += ',';
            append_csv_field(out, eval::message(f, *c.facts));
            out += ',';
            append_csv_field(out, f.rule->source.document);
            out += ',';
            append_csv_field(out, f.rule->source.section);
            out += ',';
            append_csv_field(out, f.rule->source.quote);
            out += '\n';
        }
    }
    if (c.errors)
        for (const auto& d : *c.errors) {
            append_csv_field(out, case_id);
            out += ',';
            append_csv_field(out, policy);
            out += ',' + as_of + ",,,,";
            append_csv_field(out, d.pointer);
            out += ",error,,,,error,";
            append_csv_field(out, fmt::format("{}: {}{}", d.code, d.message, place_text(d)));
            out += ",";
            append_csv_field(out, c.origin);
            out += ",,\n";
        }
    // A case with no finding to show still has its row, so that cases out = cases in.
    if (out.size() == before) {
        append_csv_field(out, case_id);
        out += ',';
        append_csv_field(out, policy);
        out += ',' + as_of + ",,,,,,,,,,,,,\n";
    }
}

void append_markdown(std::string& out, const case_output& c) {
    const std::string_view case_id = c.facts ? c.facts->case_id : std::string_view{};
    out += fmt::format("## Case {}\n\n", markdown_text(case_id.empty() ? c.origin : case_id));
    if (c.policy) out += fmt::format("Policy **{}** ({}), as of {}.\n\n", c.policy->id, c.policy->version, to_string(c.as_of));
    if (c.findings && c.facts && !c.findings->empty()) {
        out += "| Status | Rule | Child | Subject | Due | Done | Severity | Message |\n";
        out += "|---|---|---|---|---|---|---|---|\n";
        for (const auto& f : *c.findings) {
            if (!c.shows(f)) continue;
            out += fmt::format("| {} | `{}` | {} | {} | {} | {} | {} | {} |\n", eval::status_names[static_cast<std::size_t>(f.state)],
                               markdown_text(rule_text(f), true), markdown_text(child_text(f, *c.facts)),
                               markdown_text(subject_text(f)), due_text(f), done_text(f), severity_text(f),
                               markdown_text(eval::message(f, *c.facts)));
        }
        out += '\n';
    }
    if (c.findings) out += fmt::format("Summary: {}.\n\n", summary_line(summarise(*c.findings)));
    if (c.errors && !c.errors->empty()) {
        out += "Input errors:\n\n";
        for (const auto& d : *c.errors) out += fmt::format("- `{}` {}\n", d.code, markdown_text(to_string(d) + place_text(d)));
        out += '\n';
    }
}

void append_text(std::string& out, const case_output& c, bool colour) {
    const std::string_view case_id = c.facts ? c.facts->case_id : std::string_view{};
    out += fmt::format("Case {}", case_id.empty() ? std::string("(unknown)") : one_line(case_id));
    if (c.policy) out += fmt::format(" — policy {} {} — as of {}", c.policy->id, c.policy->version, to_string(c.as_of));
    if (!c.origin.empty()) out += fmt::format(" — {}", c.origin);
    out += '\n';
    if (c.findings && c.facts) {
        std::size_t w_rule = 4, w_child = 5, w_subject = 7;
        for (const auto& f : *c.findings) {
            w_rule = std::max(w_rule, rule_text(f).size());
            w_child = std::max(w_child, child_text(f, *c.facts).size());
            w_subject = std::max(w_subject, subject_text(f).size());
        }
        out += fmt::format("  {:<8}  {:<{}}  {:<{}}  {:<{}}  {:<16}  {:<16}  {}\n", "STATUS", "RULE", w_rule, "CHILD", w_child,
                           "SUBJECT", w_subject, "DUE", "DONE", "MESSAGE");
        for (const auto& f : *c.findings) {
            if (!c.shows(f)) continue;
            std::string_view on, off;
            if (colour) {
                off = "\033[0m";
                switch (f.state) {
                    case eval::status::met: on = "\033[32m"; break;
                    case eval::status::pending: on = "\033[36m"; break;
                    case eval::status::waived: on = "\033[33m"; break;
                    default: on = f.rule->severity == policy::severity::violation ? "\033[31m" : "\033[35m";
                }
            }
            out += fmt::format("  {}{:<8}{}  {:<{}}  {:<{}}  {:<{}}  {:<16}  {:<16}  {}\n", on,
                               eval::status_names[static_cast<std::size_t>(f.state)], off, one_line(rule_text(f)), w_rule,
                               one_line(child_text(f, *c.facts)), w_child, one_line(subject_text(f)), w_subject, due_text(f),
                               done_text(f), one_line(eval::message(f, *c.facts)));
        }
    }
    if (c.errors)
        for (const auto& d : *c.errors) out += fmt::format("  {}{}\n", to_string(d), place_text(d));
    if (c.findings) out += fmt::format("  Summary: {}\n", summary_line(summarise(*c.findings)));
}

}  // namespace cprules::report
