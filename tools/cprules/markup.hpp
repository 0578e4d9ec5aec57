// Escaping text for HTML and XML output (compare --format html, test --junit).
#pragma once

#include <string>
#include <string_view>

namespace cprules::cli {

inline std::string markup_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace cprules::cli
