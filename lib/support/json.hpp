// JSON string escaping (RFC 8259), shared by the facts loader (YAML -> JSON)
// and the report writers.
#pragma once

#include <string>
#include <string_view>

namespace cprules::detail {

/// The length (1 to 4) of the well-formed UTF-8 sequence at `p` (RFC 3629: no overlong
/// forms, no surrogates, nothing above U+10FFFF), or 0 when the bytes there are not one.
inline std::size_t utf8_length(const unsigned char* p, const unsigned char* end) noexcept {
    const unsigned c = p[0];
    if (c < 0x80) return 1;
    const std::size_t n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n == 0 || static_cast<std::size_t>(end - p) < n) return 0;
    for (std::size_t i = 1; i < n; ++i)
        if ((p[i] & 0xc0) != 0x80) return 0;
    if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) || (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f)) return 0;
    return n;
}
/// The UTF-8 byte order mark. Editors and exporters on Windows may start a file
/// with it; RFC 8259 lets a parser ignore it, and the case loaders do.
inline constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";
/// U+FFFD, written where text holds bytes that are not UTF-8: JSON output stays valid.
inline constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

/// At most `max` bytes of `text`, in quotes, cut at a character boundary, with "..." when cut.
std::string quoted_excerpt(std::string_view text, std::size_t max = 40);

/// `s` escaped, without quotes; bytes that are not UTF-8 become U+FFFD.
void append_json_escaped(std::string& out, std::string_view s);
/// `s` escaped, with quotes.
inline void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    append_json_escaped(out, s);
    out += '"';
}

}  // namespace cprules::detail
