#include "expr/detail.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace cprules::expr::detail {
namespace {

class checker {
public:
    checker(std::string_view text, const schema& s, ast& tree, std::vector<error>& errors)
        : text_(text), schema_(s), tree_(tree), errors_(errors), fields_(tree.nodes.size(), nullptr) {}

    void resolve() {
        for (std::size_t i = 0; i < tree_.nodes.size(); ++i) {
            node& n = tree_.nodes[i];
            if (n.kind != node_kind::field) continue;
            std::string_view name = text_.substr(n.offset, n.length);
            const field* f = schema_.find(name);
            if (f == nullptr) {
                std::string message = "unknown field '" + std::string(name) + "'";
                if (std::string s = schema_.suggest(name); !s.empty()) message += "; did you mean '" + s + "'?";
                errors_.push_back(error{n.offset, "expr.unknown_field", std::move(message)});
                continue;
            }
            fields_[i] = f;
            n.slot = f->slot;
        }
    }

    void check_root() {
        auto t = type_of(tree_.root);
        if (t && *t != type::boolean)
            fail(at(tree_.root).offset, "a condition must be true or false, not " + std::string(describe(*t)));
    }

    /// Marks the tests of a coded field against literal words with the words' codes
    /// (node::coded, node::codes), has() of a coded field with the field's type (0 a
    /// string, 1 a string list), and a boolean field with 0. Only for a tree that
    /// checked without errors.
    void code_words() {
        for (std::size_t i = 0; i < tree_.nodes.size(); ++i) {
            node& n = tree_.nodes[i];
            if (n.kind == node_kind::field) {
                if (const field* f = field_of(static_cast<int>(i)); f && f->type == type::boolean) mark(n, 0, 0);
            } else if (n.kind == node_kind::has) {
                if (coded(n.lhs, type::string)) mark(n, 0, 0);
                else if (coded(n.lhs, type::string_list)) mark(n, 1, 0);
            } else if (n.kind == node_kind::compare && (n.op == compare_op::eq || n.op == compare_op::ne)) {
                for (int side = 0; side < 2; ++side) {
                    const int f = side == 0 ? n.lhs : n.rhs, w = side == 0 ? n.rhs : n.lhs;
                    if (const field* fd = coded(f, type::string); fd && at(w).kind == node_kind::literal) {
                        if (const auto bits = codes_of(*fd, w)) mark(n, side, *bits);
                        break;
                    }
                }
            } else if (n.kind == node_kind::in) {
                const node& r = at(n.rhs);
                if (const field* fd = coded(n.lhs, type::string); fd && r.kind == node_kind::list) {
                    std::optional<std::uint64_t> all = 0;
                    for (int k = 0; k < r.count && all; ++k) {
                        const auto bits = codes_of(*fd, tree_.args[static_cast<std::size_t>(r.first + k)]);
                        all = bits ? std::optional(*all | *bits) : std::nullopt;
                    }
                    if (all) mark(n, 0, *all);
                } else if (const field* fl = coded(n.rhs, type::string_list); fl && at(n.lhs).kind == node_kind::literal) {
                    if (const auto bits = codes_of(*fl, n.lhs)) mark(n, 1, *bits);
                }
            }
        }
    }

private:
    const node& at(int i) const { return tree_.nodes[static_cast<std::size_t>(i)]; }
    const field* field_of(int i) const { return fields_[static_cast<std::size_t>(i)]; }
    void fail(std::size_t offset, std::string message) {
        errors_.push_back(error{offset, "expr.type", std::move(message)});
    }

    // The static type of node i, or nullopt when unknown (an error was reported already).
    std::optional<type> type_of(int i) {
        const node& n = at(i);
        switch (n.kind) {
        case node_kind::literal: return n.lit.type;
        case node_kind::field: {
            const field* f = field_of(i);
            if (f == nullptr || f->type == type::null) return std::nullopt;
            return f->type;
        }
        case node_kind::list: return std::nullopt;  // the parser allows lists only after `in`
        case node_kind::has:
            if (at(n.lhs).kind != node_kind::field) {
                type_of(n.lhs);
                fail(at(n.lhs).offset, "has() takes a field name");
            }
            return type::boolean;
        case node_kind::count: {
            const bool of_field = at(n.lhs).kind == node_kind::field;
            const auto t = type_of(n.lhs);
            if (!of_field) fail(at(n.lhs).offset, "count() takes a field name");
            else if (t && *t != type::string_list) fail(at(n.lhs).offset, "count() counts a list of strings, not " + std::string(describe(*t)));
            return type::number;
        }
        case node_kind::not_:
            need_boolean(n.lhs, "'not' needs true or false, not ");
            return type::boolean;
        case node_kind::and_:
        case node_kind::or_:
            for (int k = 0; k < n.count; ++k)
                need_boolean(tree_.args[static_cast<std::size_t>(n.first + k)],
                             n.kind == node_kind::and_ ? "'and' needs true or false on each side, not "
                                                       : "'or' needs true or false on each side, not ");
            return type::boolean;
        case node_kind::compare: check_compare(n); return type::boolean;
        case node_kind::in: check_in(n); return type::boolean;
        }
        return std::nullopt;
    }

    void need_boolean(int i, std::string_view message) {
        auto t = type_of(i);
        if (t && *t != type::boolean) fail(at(i).offset, std::string(message) + std::string(describe(*t)));
    }

    void check_compare(const node& n) {
        auto l = type_of(n.lhs);
        auto r = type_of(n.rhs);
        if (!l || !r) return;
        const std::string op = fmt::format("'{}'", op_text(n.op));  // not "'" + std::string: a false GCC 12 -Wrestrict
        bool ordering = n.op != compare_op::eq && n.op != compare_op::ne;
        if (*l == type::string_list || *r == type::string_list)
            fail(n.op_offset, op + " cannot be used on a list of strings; use 'in'");
        else if (*l != *r)
            fail(n.op_offset, op + " cannot compare " + std::string(describe(*l)) + " with " + std::string(describe(*r)));
        else if (ordering && *l != type::number)
            fail(n.op_offset, op + " compares numbers only, not " + std::string(describe(*l)));
        else if (*l == type::string) {
            check_value(n.lhs, n.rhs);
            check_value(n.rhs, n.lhs);
        }
    }

    void check_in(const node& n) {
        auto l = type_of(n.lhs);
        const node& r = at(n.rhs);
        if (l && *l == type::string_list) {
            if (r.kind != node_kind::list) type_of(n.rhs);
            fail(n.op_offset, "'in' needs a single value on its left, not a list of strings");
            return;
        }
        if (r.kind == node_kind::list) {
            for (int k = 0; k < r.count; ++k) {
                int item = tree_.args[static_cast<std::size_t>(r.first + k)];
                type t = at(item).lit.type;
                if (l && t != *l)
                    fail(at(item).offset, "the list holds " + std::string(describe(t)) + " but the left side of 'in' is " +
                                              std::string(describe(*l)));
                else if (t == type::string)
                    check_value(item, n.lhs);
            }
            return;
        }
        auto rt = type_of(n.rhs);
        if (!l || !rt) return;
        if (*rt != type::string_list)
            fail(n.op_offset, "'in' needs a list on its right, not " + std::string(describe(*rt)));
        else if (*l != type::string)
            fail(n.op_offset, "'in' cannot look for " + std::string(describe(*l)) + " in a list of strings");
        else
            check_value(n.lhs, n.rhs);
    }

    // A string literal used with a field that lists its allowed values must be one of them.
    void check_value(int literal, int field_node) {
        const node& lit = at(literal);
        if (lit.kind != node_kind::literal || lit.string_index < 0) return;
        if (at(field_node).kind != node_kind::field) return;
        const field* f = field_of(field_node);
        if (f == nullptr || f->values.empty()) return;
        const std::string& word = tree_.strings[static_cast<std::size_t>(lit.string_index)];
        if (std::find(f->values.begin(), f->values.end(), word) != f->values.end()) return;
        std::string message = "'" + word + "' is not a value of " + f->name + " (";
        std::vector<std::string_view> candidates;
        for (const std::string& v : f->values) {
            if (!candidates.empty()) message += ", ";
            message += v;
            candidates.push_back(v);
        }
        message += ")";
        if (std::string s = closest(word, candidates); !s.empty()) message += "; did you mean '" + s + "'?";
        errors_.push_back(error{lit.offset, "expr.unknown_value", std::move(message)});
    }

    /// The schema field of node i when it is a coded field of type t.
    const field* coded(int i, type t) const {
        if (at(i).kind != node_kind::field) return nullptr;
        const field* f = field_of(i);
        if (f == nullptr || f->type != t || f->codes.size() != f->values.size() || f->values.empty()) return nullptr;
        return f;
    }
    /// The code of the string literal at node i as a bit, if it is one of f's values.
    std::optional<std::uint64_t> codes_of(const field& f, int i) const {
        const node& lit = at(i);
        if (lit.kind != node_kind::literal || lit.string_index < 0) return std::nullopt;
        const std::string& word = tree_.strings[static_cast<std::size_t>(lit.string_index)];
        const auto it = std::find(f.values.begin(), f.values.end(), word);
        if (it == f.values.end()) return std::nullopt;
        const unsigned code = f.codes[static_cast<std::size_t>(it - f.values.begin())];
        if (code >= 64) return std::nullopt;
        return std::uint64_t{1} << code;
    }
    static void mark(node& n, int side, std::uint64_t bits) {
        n.coded = static_cast<std::int8_t>(side);
        n.codes = bits;
    }

    std::string_view text_;
    const schema& schema_;
    ast& tree_;
    std::vector<error>& errors_;
    std::vector<const field*> fields_;  // per node: the schema field of a resolved field node
};

}  // namespace

std::string_view describe(type t) {
    switch (t) {
    case type::null: return "null";
    case type::boolean: return "a boolean";
    case type::number: return "a number";
    case type::string: return "a string";
    case type::string_list: return "a list of strings";
    }
    return "?";
}

void check(std::string_view text, const schema& s, ast& tree, bool parsed, std::vector<error>& errors) {
    const std::size_t before = errors.size();
    checker c(text, s, tree, errors);
    c.resolve();
    if (parsed) c.check_root();
    if (parsed && errors.size() == before) c.code_words();
}

}  // namespace cprules::expr::detail
