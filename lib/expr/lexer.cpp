#include "expr/detail.hpp"

#include <charconv>
#include <system_error>
#include <cstdio>

namespace cprules::expr::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c) || c == '.'; }

tok keyword(std::string_view word) {
    if (word == "and") return tok::kw_and;
    if (word == "or") return tok::kw_or;
    if (word == "not") return tok::kw_not;
    if (word == "in") return tok::kw_in;
    if (word == "true") return tok::kw_true;
    if (word == "false") return tok::kw_false;
    return tok::name;
}

std::string quote_char(char c) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "0x%02X", u);
        return std::string("byte ") + buf;
    }
    return std::string("'") + c + "'";
}

}  // namespace

lexed lex(std::string_view text, std::vector<error>& errors) {
    lexed out;
    std::size_t i = 0;
    auto add = [&](tok kind, std::size_t start, std::size_t length) {
        out.tokens.push_back(token{kind, start, length, 0, -1});
        i = start + length;
    };
    auto fail = [&](std::size_t at, std::string message) {
        errors.push_back(error{at, "expr.syntax", std::move(message)});
    };
    auto next_is = [&](char c) { return i + 1 < text.size() && text[i + 1] == c; };

    while (i < text.size()) {
        char c = text[i];
        std::size_t start = i;
        if (is_space(c)) { ++i; continue; }
        if (is_name_start(c)) {
            std::size_t j = i;
            while (j < text.size() && is_name_char(text[j])) ++j;
            add(keyword(text.substr(i, j - i)), i, j - i);
            continue;
        }
        if (is_digit(c) || (c == '-' && i + 1 < text.size() && is_digit(text[i + 1]))) {
            std::size_t j = i + 1;
            while (j < text.size() && is_digit(text[j])) ++j;
            if (j + 1 < text.size() && text[j] == '.' && is_digit(text[j + 1])) {
                j += 2;
                while (j < text.size() && is_digit(text[j])) ++j;
            }
            if (j < text.size() && (is_name_char(text[j]) || text[j] == '-')) {
                while (j < text.size() && (is_name_char(text[j]) || text[j] == '-')) ++j;
                fail(start, "malformed number '" + std::string(text.substr(start, j - start)) +
                                "'; numbers are written like 12, 0.5 or -3");
                i = j;
                continue;
            }
            double n = 0;
            if (std::from_chars(text.data() + i, text.data() + j, n).ec != std::errc{}) {
                fail(start, "number '" + std::string(text.substr(start, j - start)) + "' is out of range");
                i = j;
                continue;
            }
            add(tok::number, i, j - i);
            out.tokens.back().number = n;
            continue;
        }
        if (c == '\'' || c == '"') {
            std::string decoded;
            std::size_t j = i + 1;
            bool closed = false;
            while (j < text.size()) {
                char d = text[j];
                if (d == c) { closed = true; ++j; break; }
                if (d == '\\') {
                    char e = j + 1 < text.size() ? text[j + 1] : '\0';
                    if (e == '\\' || e == '\'' || e == '"') decoded += e;
                    else if (e == 'n') decoded += '\n';
                    else if (e == 't') decoded += '\t';
                    else if (j + 1 >= text.size()) { j += 1; continue; }
                    else fail(j, "unknown escape '\\" + std::string(1, e) + "' in a string; use \\\\, \\', \\\", \\n or \\t");
                    j += 2;
                    continue;
                }
                decoded += d;
                ++j;
            }
            if (!closed) {
                fail(start, std::string("unterminated string: no closing ") + (c == '\'' ? "'" : "\""));
                i = text.size();
                break;
            }
            add(tok::string, i, j - i);
            out.tokens.back().string_index = static_cast<int>(out.strings.size());
            out.strings.push_back(std::move(decoded));
            continue;
        }
        switch (c) {
        case '(': add(tok::lparen, i, 1); continue;
        case ')': add(tok::rparen, i, 1); continue;
        case '[': add(tok::lbracket, i, 1); continue;
        case ']': add(tok::rbracket, i, 1); continue;
        case ',': add(tok::comma, i, 1); continue;
        case '<': next_is('=') ? add(tok::le, i, 2) : add(tok::lt, i, 1); continue;
        case '>': next_is('=') ? add(tok::ge, i, 2) : add(tok::gt, i, 1); continue;
        case '!': next_is('=') ? add(tok::ne, i, 2) : add(tok::kw_not, i, 1); continue;
        case '=':
            if (next_is('=')) { add(tok::eq, i, 2); continue; }
            fail(i, "unexpected '='; use '==' to compare");
            ++i;
            continue;
        case '&':
            if (next_is('&')) { add(tok::kw_and, i, 2); continue; }
            fail(i, "unexpected '&'; use 'and' or '&&'");
            ++i;
            continue;
        case '|':
            if (next_is('|')) { add(tok::kw_or, i, 2); continue; }
            fail(i, "unexpected '|'; use 'or' or '||'");
            ++i;
            continue;
        default:
            fail(i, "unexpected " + quote_char(c));
            ++i;
            // One error for a whole UTF-8 sequence: skip its continuation bytes.
            while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
            continue;
        }
    }
    out.tokens.push_back(token{tok::end, text.size(), 0, 0, -1});
    return out;
}

}  // namespace cprules::expr::detail
