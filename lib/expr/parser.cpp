#include "expr/detail.hpp"

#include <fmt/format.h>

#include <utility>

namespace cprules::expr::detail {
namespace {

constexpr int failed = -1;

class parser {
public:
    parser(std::string_view text, lexed&& lx, ast& out, std::vector<error>& errors)
        : text_(text), tokens_(std::move(lx.tokens)), out_(out), errors_(errors) {
        out_.strings = std::move(lx.strings);
    }

    bool run() {
        if (peek().kind == tok::end) return fail(0, "the condition is empty");
        int root = parse_or();
        if (root == failed) return false;
        const token& t = peek();
        if (t.kind != tok::end) {
            if (t.kind == tok::rparen) return fail(t.offset, "unmatched ')'");
            return fail(t.offset, "expected 'and', 'or' or the end of the condition, found " + show(t));
        }
        out_.root = root;
        return true;
    }

private:
    const token& peek(std::size_t ahead = 0) const {
        std::size_t i = pos_ + ahead;
        return i < tokens_.size() ? tokens_[i] : tokens_.back();
    }
    const token& take() { const token& t = tokens_[pos_]; if (t.kind != tok::end) ++pos_; return t; }
    std::string_view source(const token& t) const { return text_.substr(t.offset, t.length); }

    std::string show(const token& t) const {
        if (t.kind == tok::end) return "the end of the condition";
        // fmt, not "..." + std::string: GCC 12 warns falsely (-Wrestrict) on the latter.
        if (t.kind == tok::string) return fmt::format("the string {}", source(t));
        return fmt::format("'{}'", source(t));
    }

    bool fail(std::size_t at, std::string message) {
        errors_.push_back(error{at, "expr.syntax", std::move(message)});
        return false;
    }
    int fail_node(std::size_t at, std::string message) { fail(at, std::move(message)); return failed; }

    // Entering a parenthesis, `not` or `has(`: bounded so that neither this parser
    // nor the evaluator recurses without limit.
    bool enter(const token& t) {
        if (++depth_ <= max_depth) return true;
        errors_.push_back(error{t.offset, "expr.too_deep",
                                "the condition is nested too deeply (more than " + std::to_string(max_depth) +
                                    " levels of parentheses and 'not')"});
        return false;
    }

    int add(node n) {
        out_.nodes.push_back(n);
        return static_cast<int>(out_.nodes.size()) - 1;
    }

    int parse_or() { return parse_chain(tok::kw_or, node_kind::or_); }
    int parse_and() { return parse_chain(tok::kw_and, node_kind::and_); }

    // operand { op operand }, as one n-ary node so that long chains stay shallow.
    int parse_chain(tok op, node_kind kind) {
        int first = kind == node_kind::or_ ? parse_and() : parse_not();
        if (first == failed || peek().kind != op) return first;
        std::vector<int> items{first};
        std::size_t op_offset = peek().offset;
        while (peek().kind == op) {
            take();
            int next = kind == node_kind::or_ ? parse_and() : parse_not();
            if (next == failed) return failed;
            items.push_back(next);
        }
        node n;
        n.kind = kind;
        n.offset = out_.nodes[static_cast<std::size_t>(first)].offset;
        n.op_offset = op_offset;
        n.first = static_cast<int>(out_.args.size());
        n.count = static_cast<int>(items.size());
        out_.args.insert(out_.args.end(), items.begin(), items.end());
        return add(n);
    }

    int parse_not() {
        if (peek().kind != tok::kw_not) return parse_comparison();
        const token& t = take();
        if (!enter(t)) return failed;
        int operand = parse_not();
        --depth_;
        if (operand == failed) return failed;
        node n;
        n.kind = node_kind::not_;
        n.offset = n.op_offset = t.offset;
        n.lhs = operand;
        return add(n);
    }

    static bool is_compare(tok k) {
        return k == tok::eq || k == tok::ne || k == tok::lt || k == tok::le || k == tok::gt || k == tok::ge;
    }
    bool at_not_in() const {
        return peek().kind == tok::kw_not && source(peek()) == "not" && peek(1).kind == tok::kw_in;
    }

    int parse_comparison() {
        int lhs = parse_operand();
        if (lhs == failed) return failed;
        node n;
        n.offset = out_.nodes[static_cast<std::size_t>(lhs)].offset;
        n.lhs = lhs;
        const token& t = peek();
        n.op_offset = t.offset;
        if (is_compare(t.kind)) {
            take();
            n.kind = node_kind::compare;
            n.op = static_cast<compare_op>(static_cast<int>(t.kind) - static_cast<int>(tok::eq));
            n.rhs = parse_operand(&t);
        } else if (t.kind == tok::kw_in || at_not_in()) {
            n.kind = node_kind::in;
            n.negated = t.kind == tok::kw_not;
            if (n.negated) take();
            const token& in = take();
            n.rhs = peek().kind == tok::lbracket ? parse_list() : parse_operand(&in);
        } else {
            return lhs;
        }
        if (n.rhs == failed) return failed;
        if (is_compare(peek().kind) || peek().kind == tok::kw_in || at_not_in())
            return fail_node(peek().offset, "comparisons cannot be chained; join them with 'and'");
        return add(n);
    }

    int parse_operand(const token* after = nullptr) {
        const token& t = peek();
        node n;
        n.offset = t.offset;
        switch (t.kind) {
        case tok::number:
            take();
            n.lit = value::of(t.number);
            return add(n);
        case tok::string:
            take();
            n.lit.type = type::string;
            n.string_index = t.string_index;
            return add(n);
        case tok::kw_true:
        case tok::kw_false:
            take();
            n.lit = value::of(t.kind == tok::kw_true);
            return add(n);
        case tok::name:
            take();
            if (peek().kind == tok::lparen) return parse_call(t);
            n.kind = node_kind::field;
            n.length = t.length;
            return add(n);
        case tok::lparen: {
            take();
            if (!enter(t)) return failed;
            int inner = parse_or();
            --depth_;
            if (inner == failed) return failed;
            if (peek().kind != tok::rparen)
                return fail_node(peek().offset, "expected ')' to close '(' at offset " + std::to_string(t.offset));
            take();
            return inner;
        }
        case tok::lbracket:
            return fail_node(t.offset, "a list is only allowed on the right of 'in'");
        default:
            if (after != nullptr)
                return fail_node(t.offset, "expected a value after '" + std::string(source(*after)) + "', found " + show(t));
            return fail_node(t.offset, "expected a value, found " + show(t));
        }
    }

    /// `has(field)` or `count(field)`.
    int parse_call(const token& name) {
        const std::string_view function = source(name);
        if (function != "has" && function != "count")
            return fail_node(name.offset, "unknown function '" + std::string(function) + "'; the functions are has() and count()");
        take();
        if (!enter(name)) return failed;
        int arg = parse_or();
        --depth_;
        if (arg == failed) return failed;
        if (peek().kind != tok::rparen)
            return fail_node(peek().offset, "expected ')' to close '" + std::string(function) + "(' at offset " + std::to_string(name.offset));
        take();
        node n;
        n.kind = function == "has" ? node_kind::has : node_kind::count;
        n.offset = n.op_offset = name.offset;
        n.lhs = arg;
        return add(n);
    }

    int parse_list() {
        const token& open = take();
        std::vector<int> items;
        for (;;) {
            const token& t = peek();
            if (t.kind == tok::end)
                return fail_node(t.offset, "expected ']' to close '[' at offset " + std::to_string(open.offset));
            if (t.kind != tok::number && t.kind != tok::string && t.kind != tok::kw_true && t.kind != tok::kw_false)
                return fail_node(t.offset, "expected a number, string, true or false in the list, found " + show(t));
            items.push_back(parse_operand());
            const token& sep = peek();
            if (sep.kind == tok::rbracket) { take(); break; }
            if (sep.kind == tok::end)
                return fail_node(sep.offset, "expected ']' to close '[' at offset " + std::to_string(open.offset));
            if (sep.kind != tok::comma) return fail_node(sep.offset, "expected ',' or ']' in the list, found " + show(sep));
            take();
        }
        node n;
        n.kind = node_kind::list;
        n.offset = open.offset;
        n.first = static_cast<int>(out_.args.size());
        n.count = static_cast<int>(items.size());
        out_.args.insert(out_.args.end(), items.begin(), items.end());
        return add(n);
    }

    std::string_view text_;
    std::vector<token> tokens_;
    std::size_t pos_ = 0;
    int depth_ = 0;
    ast& out_;
    std::vector<error>& errors_;
};

}  // namespace

std::string_view op_text(compare_op op) {
    switch (op) {
    case compare_op::eq: return "==";
    case compare_op::ne: return "!=";
    case compare_op::lt: return "<";
    case compare_op::le: return "<=";
    case compare_op::gt: return ">";
    case compare_op::ge: return ">=";
    }
    return "?";
}

bool parse(std::string_view text, lexed&& tokens, ast& out, std::vector<error>& errors) {
    return parser(text, std::move(tokens), out, errors).run();
}

}  // namespace cprules::expr::detail
