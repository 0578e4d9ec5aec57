#include "expr/evaluate.hpp"

#include <algorithm>
#include <charconv>

namespace cprules::expr {
namespace {

using detail::compare_op;
using detail::node;
using detail::node_kind;

const node& at(const program::impl& p, int i) { return p.tree.nodes[static_cast<std::size_t>(i)]; }
int arg(const program::impl& p, const node& n, int k) { return p.tree.args[static_cast<std::size_t>(n.first + k)]; }

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
    case node_kind::has:
    case node_kind::count:
        out += n.kind == node_kind::has ? "has(" : "count(";
        write(p, n.lhs, out);
        out += ')';
        return;
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

bool program::evaluate(const environment& env) const { return expr::evaluate(*this, env); }

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
