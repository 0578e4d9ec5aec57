// Internals of the condition language: tokens, the flat syntax tree, and the
// passes over it (lex -> parse -> check; the evaluating walk is in evaluate.hpp).
#pragma once

#include "expr/expr.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cprules::expr::detail {

enum class tok : std::uint8_t {
    end, number, string, name,
    kw_true, kw_false, kw_and, kw_or, kw_not, kw_in,
    eq, ne, lt, le, gt, ge,
    lparen, rparen, lbracket, rbracket, comma,
};

struct token {
    tok kind = tok::end;
    std::size_t offset = 0;
    std::size_t length = 0;
    double number = 0;
    int string_index = -1;  // tok::string: the decoded text in lexed::strings
};

struct lexed {
    std::vector<token> tokens;  // always ends with tok::end
    std::vector<std::string> strings;
};

/// Splits `text` into tokens. Appends every lexical problem to `errors`
/// (the tokens are then not to be parsed).
lexed lex(std::string_view text, std::vector<error>& errors);

enum class node_kind : std::uint8_t { literal, field, has, count, not_, and_, or_, compare, in, list };
enum class compare_op : std::uint8_t { eq, ne, lt, le, gt, ge };
std::string_view op_text(compare_op op);

struct node {
    node_kind kind = node_kind::literal;
    compare_op op = compare_op::eq;  // compare
    bool negated = false;            // in: `not in`
    std::size_t offset = 0;          // first byte of the expression in the text
    std::size_t op_offset = 0;       // the operator of compare / in / not / and / or
    std::size_t length = 0;          // field: the length of its name
    int lhs = -1;                    // compare, in, not, has, count
    int rhs = -1;                    // compare, in
    int first = 0;                   // and, or, list: children are ast::args[first, first + count)
    int count = 0;
    value lit;                       // literal (a string's view is set once the tree is final)
    int string_index = -1;           // literal string: index into ast::strings
    int slot = -1;                   // field, once resolved
    // compare (== / !=) and in, between a coded field (expr::field::codes) and
    // literal words: which operand is the field (-1: not such a test), and the
    // codes of the words as bits. has() of a coded field: 0 a string, 1 a string list.
    // A field of type boolean: 0.
    std::int8_t coded = -1;
    std::uint64_t codes = 0;
};

struct ast {
    std::vector<node> nodes;
    std::vector<int> args;
    std::vector<std::string> strings;
    int root = -1;
};

/// Builds the tree of `tokens` into `out`. On the first syntax error appends it and
/// returns false; the nodes built before it stay (their field names can still be checked).
bool parse(std::string_view text, lexed&& tokens, ast& out, std::vector<error>& errors);

/// Resolves every field node against `s` (unknown names are errors) and, when the
/// text parsed, type-checks the tree, appending every problem to `errors`.
void check(std::string_view text, const schema& s, ast& tree, bool parsed, std::vector<error>& errors);

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
std::size_t edit_distance(std::string_view a, std::string_view b);
/// The candidate closest to `word` when close enough to be a likely typo, a
/// candidate ending in "." + word, or "".
std::string closest(std::string_view word, const std::vector<std::string_view>& candidates);

/// "a number", "a string", "a list of strings", ...
std::string_view describe(type t);

}  // namespace cprules::expr::detail

struct cprules::expr::program::impl {
    std::string text;
    detail::ast tree;
    std::vector<int> slots;
};
