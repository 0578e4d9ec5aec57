#include "support/json.hpp"

#include <cstdio>

namespace cprules::detail {

std::string quoted_excerpt(std::string_view text, std::size_t max) {
    std::string out = "'";
    if (text.size() > max) {
        std::size_t cut = max;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;  // not inside a character
        out.append(text.substr(0, cut));
        out += "...";
    } else {
        out.append(text);
    }
    out += '\'';
    return out;
}

void append_json_escaped(std::string& out, std::string_view s) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            if (const std::size_t n = utf8_length(bytes + i, bytes + s.size())) {
                i += n - 1;
                continue;
            }
            out.append(s.data() + run, i - run);
            run = i + 1;
            out += replacement_character;
            continue;
        }
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
}

}  // namespace cprules::detail
