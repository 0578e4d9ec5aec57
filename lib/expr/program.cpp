#include "expr/detail.hpp"

#include <algorithm>
#include <charconv>

namespace cprules::expr {
namespace {

using detail::compare_op;
using detail::node;
using detail::node_kind;

const node& at(const program::impl& p, int i) { return p.tree.nodes[static_cast<std::size_t>(i)]; }
int arg(const program::impl& p, const node& n, int k) { return p.tree.args[static_cast<std::size_t>(n.first + k)]; }

bool equal(const value& a, const value& b) {
    if (a.type != b.type) return false;
    switch (a.type) {
    case type::boolean: return a.boolean == b.boolean;
    case type::number: return a.number == b.number;
    case type::string: return a.string == b.string;
    default: return false;
    }
}

// Recursion over the checked tree: its depth is bounded by max_depth, and nothing allocates.
value eval(const program::impl& p, const environment& env, int i);

bool truth(const program::impl& p, const environment& env, int i) {
    value v = eval(p, env, i);
    return v.type == type::boolean && v.boolean;
}

bool compare(const program::impl& p, const environment& env, const node& n) {
    value a = eval(p, env, n.lhs);
    value b = eval(p, env, n.rhs);
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

bool contains(const program::impl& p, const environment& env, const node& n) {
    value a = eval(p, env, n.lhs);
    if (a.type == type::null || a.type == type::string_list) return false;
    bool found = false;
    const node& r = at(p, n.rhs);
    if (r.kind == node_kind::list) {
        for (int k = 0; k < r.count && !found; ++k) found = equal(a, at(p, arg(p, r, k)).lit);
    } else {
        value b = eval(p, env, n.rhs);
        if (b.type != type::string_list || a.type != type::string) return false;
        found = std::find(b.list.begin(), b.list.end(), a.string) != b.list.end();
    }
    return found != n.negated;
}

value eval(const program::impl& p, const environment& env, int i) {
    const node& n = at(p, i);
    switch (n.kind) {
    case node_kind::literal: return n.lit;
    case node_kind::field: return env.get(n.slot);
    case node_kind::has: return value::of(env.get(at(p, n.lhs).slot).type != type::null);
    case node_kind::not_: return value::of(!truth(p, env, n.lhs));
    case node_kind::and_:
        for (int k = 0; k < n.count; ++k)
            if (!truth(p, env, arg(p, n, k))) return value::of(false);
        return value::of(true);
    case node_kind::or_:
        for (int k = 0; k < n.count; ++k)
            if (truth(p, env, arg(p, n, k))) return value::of(true);
        return value::of(false);
    case node_kind::compare: return value::of(compare(p, env, n));
    case node_kind::in: return value::of(contains(p, env, n));
    case node_kind::list: break;
    }
    return value::null();
}

void write_literal(const value& v, std::string& out) {
    switch (v.type) {
    case type::boolean: out += v.boolean ? "true" : "false"; return;
    case type::number: {
        char buf[32];
        auto r = std::to_chars(buf, buf + sizeof buf, v.number);
        out.append(buf, r.ptr);
        return;
    }
    case type::string:
        out += '\'';
        for (char c : v.string) {
            if (c == '\\' || c == '\'') out += '\\';
            if (c == '\n') { out += "\\n"; continue; }
            if (c == '\t') { out += "\\t"; continue; }
            out += c;
        }
        out += '\'';
        return;
    default: out += "null"; return;
    }
}

void write(const program::impl& p, int i, std::string& out) {
    const node& n = at(p, i);
    switch (n.kind) {
    case node_kind::literal: write_literal(n.lit, out); return;
    case node_kind::field: out += std::string_view(p.text).substr(n.offset, n.length); return;
    case node_kind::has: out += "has("; write(p, n.lhs, out); out += ')'; return;
    case node_kind::not_: out += "(not "; write(p, n.lhs, out); out += ')'; return;
    case node_kind::and_:
    case node_kind::or_:
    case node_kind::list:
        out += n.kind == node_kind::list ? '[' : '(';
        for (int k = 0; k < n.count; ++k) {
            if (k > 0) out += n.kind == node_kind::list ? ", " : n.kind == node_kind::and_ ? " and " : " or ";
            write(p, arg(p, n, k), out);
        }
        out += n.kind == node_kind::list ? ']' : ')';
        return;
    case node_kind::compare:
    case node_kind::in:
        out += '(';
        write(p, n.lhs, out);
        out += ' ';
        out += n.kind == node_kind::in ? (n.negated ? "not in" : "in") : detail::op_text(n.op);
        out += ' ';
        write(p, n.rhs, out);
        out += ')';
        return;
    }
}

const std::string empty_text;

}  // namespace

std::optional<program> program::compile(std::string_view text, const schema& s, std::vector<error>& errors) {
    auto p = std::make_shared<impl>();
    p->text = std::string(text);
    const std::size_t before = errors.size();
    detail::lexed tokens = detail::lex(p->text, errors);
    if (errors.size() == before) {
        bool parsed = detail::parse(p->text, std::move(tokens), p->tree, errors);
        detail::check(p->text, s, p->tree, parsed, errors);
    }
    if (errors.size() != before) {
        std::stable_sort(errors.begin() + static_cast<std::ptrdiff_t>(before), errors.end(),
                         [](const error& a, const error& b) { return a.offset < b.offset; });
        return std::nullopt;
    }
    // The tree is final: point string literals at its own storage, and list the slots read.
    for (node& n : p->tree.nodes) {
        if (n.kind == node_kind::literal && n.string_index >= 0)
            n.lit.string = p->tree.strings[static_cast<std::size_t>(n.string_index)];
        if (n.kind == node_kind::field && std::find(p->slots.begin(), p->slots.end(), n.slot) == p->slots.end())
            p->slots.push_back(n.slot);
    }
    return program(std::move(p));
}

bool program::evaluate(const environment& env) const {
    if (!impl_) return false;
    return truth(*impl_, env, impl_->tree.root);
}

const std::string& program::text() const { return impl_ ? impl_->text : empty_text; }

std::vector<int> program::slots() const { return impl_ ? impl_->slots : std::vector<int>{}; }

std::string program::canonical() const {
    std::string out;
    if (impl_) write(*impl_, impl_->tree.root, out);
    return out;
}

program::program(std::shared_ptr<const impl> p) : impl_(std::move(p)) {}
program::program(const program&) = default;
program& program::operator=(const program&) = default;
program::program(program&&) noexcept = default;
program& program::operator=(program&&) noexcept = default;
program::~program() = default;

}  // namespace cprules::expr
