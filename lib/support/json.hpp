// JSON string escaping (RFC 8259), shared by the facts loader (YAML -> JSON)
// and the report writers.
#pragma once

#include <string>
#include <string_view>

namespace cprules::detail {

/// `s` escaped, without quotes.
void append_json_escaped(std::string& out, std::string_view s);
/// `s` escaped, with quotes.
inline void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    append_json_escaped(out, s);
    out += '"';
}

}  // namespace cprules::detail
