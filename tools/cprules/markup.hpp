// Escaping text for HTML and XML output (compare --format html, test --junit).
#pragma once

#include "support/json.hpp"

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
            case '\t': case '\n': case '\r': out += c; break;
            default:
                // Other control characters are not allowed in XML 1.0, even as references: U+FFFD stands for them.
                if (static_cast<unsigned char>(c) < 0x20) out += detail::replacement_character;
                else out += c;
        }
    }
    return out;
}

}  // namespace cprules::cli
