// Evaluating a checked condition: a walk over its flat tree. A template over
// the environment, so that a caller with a concrete environment (the
// evaluator's) has its get() called directly and inlined; program::evaluate is
// the same walk through the virtual interface.
#pragma once

#include "expr/detail.hpp"

#include <algorithm>
#include <cassert>
#include <concepts>

namespace cprules::expr {

/// An environment that answers coded fields (expr::field::codes) by number.
template <class Env>
concept coded_environment = requires(const Env& e, int slot) {
    { e.word(slot) } -> std::convertible_to<int>;
    { e.words(slot) } -> std::convertible_to<coded_set>;
};

/// An environment that answers a boolean field as 1 (true), 0 (false) or -1 (null).
template <class Env>
concept flag_environment = requires(const Env& e, int slot) {
    { e.flag(slot) } -> std::convertible_to<int>;
};

namespace detail {

/// Recursion over the checked tree: its depth is bounded by max_depth, and nothing allocates.
template <class Env>
class walk {
public:
    walk(const program::impl& p, const Env& env) : p_(p), env_(env) {}

    /// Whether node `i` is true: eval(i) is a true boolean. The boolean nodes are
    /// answered here without building their value.
    bool truth(int i) const {
        const node& n = at(i);
        switch (n.kind) {
        case node_kind::has: return has(n);
        case node_kind::not_: return !truth(n.lhs);
        case node_kind::and_:
            for (int k = 0; k < n.count; ++k)
                if (!truth(arg(n, k))) return false;
            return true;
        case node_kind::or_:
            for (int k = 0; k < n.count; ++k)
                if (truth(arg(n, k))) return true;
            return false;
        case node_kind::compare:
        case node_kind::in: return test(n);
        case node_kind::field:
            if constexpr (flag_environment<Env>) {
                if (n.coded == 0) {  // a boolean field
                    const int flag = env_.flag(n.slot);
                    assert(flag == (env_.get(n.slot).type == type::boolean ? int{env_.get(n.slot).boolean} : -1));
                    return flag > 0;
                }
            }
            [[fallthrough]];
        default: {
            const value v = eval(i);
            return v.type == type::boolean && v.boolean;
        }
        }
    }

private:
    const node& at(int i) const { return p_.tree.nodes[static_cast<std::size_t>(i)]; }
    int arg(const node& n, int k) const { return p_.tree.args[static_cast<std::size_t>(n.first + k)]; }

    static bool equal(const value& a, const value& b) {
        if (a.type != b.type) return false;
        switch (a.type) {
        case type::boolean: return a.boolean == b.boolean;
        case type::number: return a.number == b.number;
        case type::string: return a.string == b.string;
        default: return false;
        }
    }

    /// A compare or in node between a coded field and literal words (node::coded >= 0),
    /// by the field's code: the same answer as by its text.
    bool coded_test(const node& n) const {
        if (n.kind == node_kind::compare) {
            const int code = env_.word(at(n.coded == 0 ? n.lhs : n.rhs).slot);
            if (code < 0) return false;  // null
            return ((n.codes >> code) & 1u) != (n.op == compare_op::ne);
        }
        if (n.coded == 0) {  // field in [words]
            const int code = env_.word(at(n.lhs).slot);
            if (code < 0) return false;
            return ((n.codes >> code) & 1u) != n.negated;
        }
        const coded_set set = env_.words(at(n.rhs).slot);  // 'word' in field
        if (!set.known) return false;
        return ((set.bits & n.codes) != 0) != n.negated;
    }
    /// A has() node: by code where the node (a coded field) and the environment allow, with no value built.
    bool has(const node& n) const {
        const int slot = at(n.lhs).slot;
        if constexpr (coded_environment<Env>) {
            if (n.coded >= 0) {
                const bool result = n.coded == 0 ? env_.word(slot) >= 0 : env_.words(slot).known;
                assert(result == (env_.get(slot).type != type::null));
                return result;
            }
        }
        return env_.get(slot).type != type::null;
    }
    /// A compare or in node: by code where the node and the environment allow, else by text.
    bool test(const node& n) const {
        if constexpr (coded_environment<Env>) {
            if (n.coded >= 0) {
                const bool result = coded_test(n);
                assert(result == test_text(n));
                return result;
            }
        }
        return test_text(n);
    }
    bool test_text(const node& n) const { return n.kind == node_kind::compare ? compare_text(n) : contains_text(n); }

    bool compare_text(const node& n) const {
        const value a = eval(n.lhs);
        const value b = eval(n.rhs);
        if (a.type != b.type || a.type == type::null) return false;
        switch (n.op) {
        case compare_op::eq: return equal(a, b);
        case compare_op::ne: return a.type != type::string_list && !equal(a, b);
        default: break;
        }
        if (a.type != type::number) return false;
        switch (n.op) {
        case compare_op::lt: return a.number < b.number;
        case compare_op::le: return a.number <= b.number;
        case compare_op::gt: return a.number > b.number;
        case compare_op::ge: return a.number >= b.number;
        default: return false;
        }
    }

    bool contains_text(const node& n) const {
        const value a = eval(n.lhs);
        if (a.type == type::null || a.type == type::string_list) return false;
        bool found = false;
        const node& r = at(n.rhs);
        if (r.kind == node_kind::list) {
            for (int k = 0; k < r.count && !found; ++k) found = equal(a, at(arg(r, k)).lit);
        } else {
            const value b = eval(n.rhs);
            if (b.type != type::string_list || a.type != type::string) return false;
            found = std::find(b.list.begin(), b.list.end(), a.string) != b.list.end();
        }
        return found != n.negated;
    }

    value eval(int i) const {
        const node& n = at(i);
        switch (n.kind) {
        case node_kind::literal: return n.lit;
        case node_kind::field: return env_.get(n.slot);
        case node_kind::has: return value::of(truth(i));
        case node_kind::count: {
            const value list = env_.get(at(n.lhs).slot);
            if (list.type != type::string_list) return value::null();
            return value::of(static_cast<double>(list.list.size()));
        }
        case node_kind::not_:
        case node_kind::and_:
        case node_kind::or_:
        case node_kind::compare:
        case node_kind::in: return value::of(truth(i));
        case node_kind::list: break;
        }
        return value::null();
    }

    const program::impl& p_;
    const Env& env_;
};

}  // namespace detail

/// `p.evaluate(env)`, with `env`'s own type known: the same answers.
template <class Env>
bool evaluate(const program& p, const Env& env) {
    const program::impl* impl = p.internals();
    if (!impl) return false;
    return detail::walk<Env>(*impl, env).truth(impl->tree.root);
}

}  // namespace cprules::expr
