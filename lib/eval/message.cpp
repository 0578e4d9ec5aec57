#include "eval/eval.hpp"

#include <fmt/format.h>

namespace cprules::eval {

namespace {

/// Plain text: everything is copied as it is.
struct text_sink {
    std::string& out;
    void text(std::string_view s) { out += s; }
    void user(std::string_view s) { out += s; }
    void date(date_time d) {
        char buf[24];
        out.append(buf, format_to(buf, d));
    }
    void number(long long n) { fmt::format_to(std::back_inserter(out), "{}", n); }
};

}  // namespace

void append_message_detail(std::string& out, const finding& f) {
    text_sink sink{out};
    write_message_detail(sink, f);
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
