// The condition language of policies (`applies_when`, event `where` filters).
// Small, typed, always terminating: lexer -> AST -> checker -> evaluator.
// See docs/policy-language.md, "Conditions".
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cprules::expr {

/// How deeply parentheses, `not`, `has(` and `count(` may nest (error `expr.too_deep` beyond).
inline constexpr int max_depth = 64;

enum class type : std::uint8_t { null, boolean, number, string, string_list };
std::string_view type_name(type t);

/// A value handed to or produced by the evaluator. Strings and lists are views:
/// the environment owns the storage for the duration of one evaluate() call.
/// The member `type` names is the one set (24 bytes: conditions pass many).
struct value {
    expr::type type = type::null;
    union {
        bool boolean;
        double number;
        std::string_view string;
        std::span<const std::string_view> list;
    };
    value() noexcept : boolean(false) {}

    static value null() { return {}; }
    static value of(bool b) { value v; v.type = type::boolean; v.boolean = b; return v; }
    static value of(double n) { value v; v.type = type::number; v.number = n; return v; }
    static value of(std::string_view s) { value v; v.type = type::string; v.string = s; return v; }
    static value of(std::span<const std::string_view> l) { value v; v.type = type::string_list; v.list = l; return v; }
};

/// A name a condition may use (`child.age_years`), its type, and the slot the
/// environment answers it by. `values` lists the allowed words of a string or
/// string-list field; a literal compared with it must be one of them.
///
/// `codes`, when given (one per value, each below 64), says that `values` are
/// all the field can be and numbers them: an environment that has `word(slot)`
/// (the code of a string field's value, -1 for null) and `words(slot)` (a
/// string list as a set of codes, expr::coded_set) is then asked by number, not
/// by text, wherever a condition tests such a field against literal words.
struct field {
    std::string name;
    expr::type type = type::null;
    int slot = 0;
    std::vector<std::string> values;
    std::string description;
    std::vector<std::uint8_t> codes;
};

/// A string-list field's value as a set of codes (bit `code`); `known` is false for null.
struct coded_set {
    bool known = false;
    std::uint64_t bits = 0;
};

class schema {
public:
    void add(field f);
    const field* find(std::string_view name) const;
    /// The closest known name (edit distance), for "did you mean".
    std::string suggest(std::string_view name) const;
    const std::vector<field>& fields() const { return fields_; }
private:
    std::vector<field> fields_;
};

/// Answers field slots during evaluation. A field with no value (a child with
/// no date of birth has no age) answers value::null().
class environment {
public:
    virtual ~environment() = default;
    virtual value get(int slot) const = 0;
};

/// A problem in a condition's text; `offset` is the 0-based byte offset in it.
struct error {
    std::size_t offset = 0;
    std::string code;  // expr.syntax, expr.unknown_field, expr.type, expr.unknown_value, expr.too_deep
    std::string message;
};

/// A checked, immutable boolean condition. Evaluation allocates nothing.
class program {
public:
    /// Compiles `text` against `s`. Returns nullopt and appends every problem to `errors`
    /// when the text does not parse, names an unknown field or value, or is not boolean.
    static std::optional<program> compile(std::string_view text, const schema& s, std::vector<error>& errors);
    /// Comparisons with a null operand are false; `and`/`or`/`not` are the usual.
    bool evaluate(const environment& env) const;
    const std::string& text() const;
    /// Slots of the fields the condition reads.
    std::vector<int> slots() const;
    /// The condition fully parenthesised, e.g. `((a >= 12) and (b in ['x', 'y']))`.
    std::string canonical() const;
    struct impl;
    /// The checked tree (lib/expr/detail.hpp), for expr::evaluate
    /// (lib/expr/evaluate.hpp); null for a moved-from program.
    const impl* internals() const noexcept { return impl_.get(); }

    program(const program&);
    program& operator=(const program&);
    program(program&&) noexcept;
    program& operator=(program&&) noexcept;
    ~program();
private:
    explicit program(std::shared_ptr<const impl> p);
    std::shared_ptr<const impl> impl_;
};

}  // namespace cprules::expr
