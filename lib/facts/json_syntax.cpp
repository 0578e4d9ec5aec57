#include "facts/json_syntax.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace cprules::facts {

std::size_t json_number_length(std::string_view s) {
    std::size_t i = 0;
    auto digits = [&] {
        const std::size_t from = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        return i > from;
    };
    if (i < s.size() && s[i] == '-') ++i;
    if (i < s.size() && s[i] == '0') ++i;
    else if (!digits()) return 0;
    if (i < s.size() && s[i] == '.' && (++i, !digits())) return 0;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (!digits()) return 0;
    }
    return i;
}

namespace {

/// The length of the UTF-8 sequence at the start of `s` (1 to 4), or 0 if there is
/// none: the well-formed sequences of the Unicode standard's table 3-7, so no
/// overlong form, no surrogate, nothing past U+10FFFF.
std::size_t utf8_length(std::string_view s) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned first = byte(0);
    if (first < 0x80) return 1;
    std::size_t n = 0;
    unsigned low = 0x80, high = 0xBF;  // the second byte's range
    if (first >= 0xC2 && first <= 0xDF) {
        n = 2;
    } else if (first >= 0xE0 && first <= 0xEF) {
        n = 3;
        if (first == 0xE0) low = 0xA0;
        if (first == 0xED) high = 0x9F;
    } else if (first >= 0xF0 && first <= 0xF4) {
        n = 4;
        if (first == 0xF0) low = 0x90;
        if (first == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (s.size() < n || byte(1) < low || byte(1) > high) return 0;
    for (std::size_t i = 2; i < n; ++i)
        if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
    return n;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_word(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }
/// A character that would run on from a number ("01", "1.", "1e5e", "2abc"): after a whole number there is none.
bool runs_on(char c) { return is_word(c) || c == '.' || c == '+' || c == '-'; }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// The length of the number at `at` if it is one whole token (not "01", "1.", "2abc"), or 0.
std::size_t number_token_length(std::string_view t, std::size_t at) {
    const std::size_t n = json_number_length(t.substr(at));
    const std::size_t end = at + n;
    if (n == 0 || (end < t.size() && runs_on(t[end]))) return 0;
    return n;
}

/// The four hex digits of a \u escape at `at` (the backslash), or -1.
int escaped_unit(std::string_view t, std::size_t at) {
    if (at + 6 > t.size() || t[at] != '\\' || t[at + 1] != 'u') return -1;
    int unit = 0;
    for (std::size_t k = at + 2; k < at + 6; ++k) {
        const int v = hex_value(t[k]);
        if (v < 0) return -1;
        unit = unit * 16 + v;
    }
    return unit;
}

/// What stands at `at`, for a message: a word ('yes', 'tRue') if `words`, a character
/// ('}', '“'), a byte that is not UTF-8, or the end of the text.
std::string found(std::string_view t, std::size_t at, bool words = true) {
    if (at >= t.size()) return "the end of the text";
    if (words && is_word(t[at])) {
        std::size_t end = at;
        while (end < t.size() && end - at < 20 && is_word(t[end])) ++end;
        return fmt::format("'{}'", t.substr(at, end - at));
    }
    const unsigned char c = static_cast<unsigned char>(t[at]);
    if (c >= 0x20 && c != 0x7F) {
        if (const std::size_t n = utf8_length(t.substr(at))) return fmt::format("'{}'", t.substr(at, n));
        return fmt::format("byte 0x{:02X}, which is not UTF-8", c);
    }
    switch (c) {
        case '\n': return "a line break";
        case '\0': return "a NUL byte";
        default: return fmt::format("control character 0x{:02X}", c);
    }
}

/// The string whose opening quote is at `at`: its end (past the closing quote), or the error.
std::size_t scan_string(std::string_view t, std::size_t at, std::optional<json_syntax_error>& error) {
    std::size_t j = at + 1;
    while (j < t.size()) {
        const unsigned char c = static_cast<unsigned char>(t[j]);
        if (c == '"') return j + 1;
        if (c == '\\') {
            if (j + 1 == t.size()) break;
            const char e = t[j + 1];
            if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
                j += 2;
                continue;
            }
            if (e != 'u') {
                error = {j, fmt::format("a backslash and {} is not an escape JSON has (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", found(t, j + 1, false))};
                return t.size();
            }
            const int unit = escaped_unit(t, j);
            if (unit < 0) {
                error = {j, "\\u must be followed by four hex digits"};
                return t.size();
            }
            if (unit >= 0xDC00 && unit <= 0xDFFF) {
                error = {j, fmt::format("\\u{:04X} is the second half of a surrogate pair, with no first half before it", unit)};
                return t.size();
            }
            if (unit >= 0xD800 && unit <= 0xDBFF) {
                const int next = escaped_unit(t, j + 6);
                if (next < 0xDC00 || next > 0xDFFF) {
                    error = {j, fmt::format("\\u{:04X} is the first half of a surrogate pair, and no \\uDC00-\\uDFFF follows it", unit)};
                    return t.size();
                }
                j += 12;
                continue;
            }
            j += 6;
            continue;
        }
        if (c < 0x20) {
            error = {j, fmt::format("{} inside a string must be written as an escape", found(t, j))};
            return t.size();
        }
        if (c >= 0x80) {
            const std::size_t n = utf8_length(t.substr(j));
            if (n == 0) {
                error = {j, fmt::format("byte 0x{:02X} is not UTF-8 (cases are read as UTF-8)", c)};
                return t.size();
            }
            j += n;
            continue;
        }
        ++j;
    }
    error = {at, "this string is not closed"};
    return t.size();
}

}  // namespace

std::optional<json_syntax_error> first_json_syntax_error(std::string_view t, std::size_t max_depth) {
    std::optional<json_syntax_error> error;
    std::vector<char> open;  // '{' or '[' of each array and object not yet closed
    std::size_t i = 0;
    const auto skip_space = [&] {
        while (i < t.size() && is_space(t[i])) ++i;
    };
    const auto fail = [&](std::size_t at, std::string why) { return json_syntax_error{at, std::move(why)}; };
    enum class next { value, value_or_close, key, key_or_close, after_value } want = next::value;
    // Closes the innermost array or object if `close` stands next.
    const auto closes = [&](char close) {
        if (i == t.size() || t[i] != close) return false;
        open.pop_back();
        ++i;
        want = next::after_value;
        return true;
    };
    skip_space();
    if (i == t.size()) return fail(i, "the text has no JSON value");
    for (;;) {
        skip_space();
        switch (want) {
            case next::key_or_close:
                if (closes('}')) continue;
                [[fallthrough]];
            case next::key:
                if (i == t.size() || t[i] != '"') return fail(i, "expected a key in double quotes, found " + found(t, i));
                i = scan_string(t, i, error);
                if (error) return error;
                skip_space();
                if (i == t.size() || t[i] != ':') return fail(i, "expected ':' after the key, found " + found(t, i));
                ++i;
                want = next::value;
                continue;
            case next::value_or_close:
                if (closes(']')) continue;
                [[fallthrough]];
            case next::value: {
                if (i == t.size()) return fail(i, "expected a value, found the end of the text");
                const char c = t[i];
                if (c == '{' || c == '[') {
                    if (open.size() == max_depth) return fail(i, fmt::format("arrays and objects are nested more than {} deep", max_depth));
                    open.push_back(c);
                    ++i;
                    want = c == '{' ? next::key_or_close : next::value_or_close;
                    continue;
                }
                if (c == '"') {
                    i = scan_string(t, i, error);
                    if (error) return error;
                } else if (c == '-' || (c >= '0' && c <= '9')) {
                    const std::size_t n = number_token_length(t, i);
                    if (n == 0) return fail(i, "not a number as JSON writes one (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?)");
                    i += n;
                } else {
                    bool literal = false;
                    for (const std::string_view word : {"true", "false", "null"})
                        if (t.substr(i, word.size()) == word && (i + word.size() == t.size() || !is_word(t[i + word.size()]))) {
                            i += word.size();
                            literal = true;
                            break;
                        }
                    if (!literal)
                        return fail(i, "expected a value, found " + found(t, i) +
                                           (is_word(c) ? " (JSON's only words are true, false and null, in lower case)" : ""));
                }
                want = next::after_value;
                continue;
            }
            case next::after_value:
                if (open.empty()) {
                    if (i < t.size()) return fail(i, "expected the end of the text after the value, found " + found(t, i));
                    return std::nullopt;
                }
                const char close = open.back() == '{' ? '}' : ']';
                if (i < t.size() && t[i] == ',') {
                    ++i;
                    want = close == '}' ? next::key : next::value;
                } else if (!closes(close)) {
                    return fail(i, fmt::format("expected ',' or '{}', found {}", close, found(t, i)));
                }
                continue;
        }
    }
}

void zero_numbers(std::string& json) {
    bool in_string = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char ch = json[i];
        if (in_string) {
            if (ch == '\\') ++i;
            else if (ch == '"') in_string = false;
        } else if (ch == '"') {
            in_string = true;
        } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            const std::size_t n = number_token_length(json, i);
            if (n == 0) {  // not a number ("1e400.5"): simdjson reports it, so none of it is zeroed
                while (i + 1 < json.size() && runs_on(json[i + 1])) ++i;
                continue;
            }
            json[i] = '0';
            std::fill_n(json.begin() + static_cast<std::ptrdiff_t>(i) + 1, n - 1, ' ');
            i += n - 1;
        }
    }
}

text_position position_of(std::string_view text, std::size_t offset) {
    text_position at{1, 1};
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++at.line;
            at.column = 1;
        } else {
            ++at.column;
        }
    }
    return at;
}

}  // namespace cprules::facts
