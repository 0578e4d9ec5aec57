#include "eval/eval.hpp"

#include <fmt/format.h>

#include <iterator>

namespace cprules::eval {

namespace {

void append_date(std::string& out, date_time d) {
    char buf[24];
    char* end = format_to(buf, d.day);
    if (d.has_time()) end = fmt::format_to(end, "T{:02}:{:02}", d.minute / 60, d.minute % 60);
    out.append(buf, end);
}

}  // namespace

void append_message_detail(std::string& out, const finding& f) {
    auto it = std::back_inserter(out);
    switch (f.state) {
        case status::met: return;
        case status::pending:
            out += ": due ";
            append_date(out, f.due);
            if (!f.detail.empty()) {
                out += "; ";
                out += f.detail;
            }
            return;
        case status::late:
            out += ": done ";
            append_date(out, f.done);
            fmt::format_to(it, ", {} day{} late", f.days_late, f.days_late == 1 ? "" : "s");
            return;
        case status::overdue:
            out += ": not done, due ";
            append_date(out, f.due);
            return;
        case status::breached:
            out += ": ";
            out += f.detail.empty() ? std::string_view("not met") : std::string_view(f.detail);
            return;
        case status::waived: {
            std::string_view reason = f.subject ? f.subject->outcome.exceptional_reason : std::string_view{};
            if (f.satisfied_by && reason.empty()) reason = f.satisfied_by->outcome.exceptional_reason;
            fmt::format_to(it, ": waived (exceptional reason recorded: {})", reason);
            if (!f.detail.empty()) fmt::format_to(it, ": {}", f.detail);
            return;
        }
    }
}

void append_message(std::string& out, const finding& f) {
    out += f.rule->summary;
    append_message_detail(out, f);
}

std::string message(const finding& f, const facts::case_facts&) {
    std::string out;
    append_message(out, f);
    return out;
}

}  // namespace cprules::eval
