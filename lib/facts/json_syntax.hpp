// Where a text fails to be JSON. simdjson says why a document does not parse but
// not where; a case that does not parse is checked again by this scanner, on the
// error path only, so that the error can name its line and column.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cprules::facts {

/// The length of the JSON number at the start of `s`
/// (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?), or 0 if there is none.
std::size_t json_number_length(std::string_view s);

/// No case field is a number, so a number is only ever an unknown field's value (ignored)
/// or a wrong type (reported where it is). simdjson refuses a document holding a number it
/// cannot hold (1e400, an integer past 64 bits); such a document is parsed again with every
/// whole number outside a string written as 0 and spaces, which keeps every offset.
void zero_numbers(std::string& json);

struct json_syntax_error {
    std::size_t offset;  // the byte where the text stops being JSON
    std::string reason;  // "expected ',' or '}', found ']'"
};

/// The first place where `text` stops being one JSON value as simdjson reads one:
/// RFC 8259, UTF-8 throughout, no lone surrogate in a \u escape, at most `max_depth`
/// arrays and objects one inside another. nullopt if there is none.
std::optional<json_syntax_error> first_json_syntax_error(std::string_view text, std::size_t max_depth);

/// Byte `offset` of `text` as a 1-based line and column. The column counts bytes, as
/// yaml-cpp's do (so a YAML case's and a policy's errors) and as compilers' do.
struct text_position {
    std::size_t line, column;
};
text_position position_of(std::string_view text, std::size_t offset);

}  // namespace cprules::facts
