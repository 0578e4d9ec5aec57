// Fuzz target: any bytes as a condition, compiled against the policy fields and,
// when it compiles, evaluated with every field null and with values set, both
// through the virtual interface (by text) and through the template walk with
// an environment that answers coded fields by number: the two must agree.
#include "expr/evaluate.hpp"
#include "expr/expr.hpp"
#include "policy/policy.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace {

using cprules::expr::coded_set;
using cprules::expr::value;

const cprules::expr::field* field_at(int slot) {
    for (const auto& f : cprules::policy::condition_schema().fields())
        if (f.slot == slot) return &f;
    return nullptr;
}
bool coded(const cprules::expr::field* f) { return f && !f->codes.empty() && f->codes.size() == f->values.size(); }

/// Every field null (filled = false), or set from `salt`: a coded field to one of its
/// words (a list to several), answered by text in get() and by number in word()/words().
struct environment final : cprules::expr::environment {
    bool filled = false;
    unsigned salt = 0;
    mutable std::array<std::string_view, 64> list{};
    std::size_t pick(int slot, std::size_t n) const { return (salt + static_cast<unsigned>(slot) * 7u) % n; }
    std::uint64_t subset(int slot, std::size_t n) const {
        std::uint64_t bits = 0;
        for (std::size_t i = 0; i < n; ++i)
            if (((salt >> (i % 16)) ^ static_cast<unsigned>(slot)) & 1u) bits |= std::uint64_t{1} << i;  // bit i: the i-th value
        return bits;
    }
    value get(int slot) const override {
        if (!filled) return value::null();
        const auto* f = field_at(slot);
        if (coded(f) && f->type == cprules::expr::type::string) return value::of(std::string_view(f->values[pick(slot, f->values.size())]));
        if (coded(f) && f->type == cprules::expr::type::string_list) {
            const std::uint64_t bits = subset(slot, f->values.size());
            std::size_t n = 0;
            for (std::size_t i = 0; i < f->values.size(); ++i)
                if (bits >> i & 1u) list[n++] = f->values[i];
            return value::of(std::span<const std::string_view>(list.data(), n));
        }
        static const std::array<std::string_view, 2> words{"health", "neglect"};
        switch (slot % 4) {
            case 0: return value::of(12.0);
            case 1: return value::of(true);
            case 2: return value::of(std::string_view("initial"));
            default: return value::of(std::span<const std::string_view>(words));
        }
    }
    int word(int slot) const {
        const auto* f = field_at(slot);
        if (!filled || !coded(f)) return -1;
        return f->codes[pick(slot, f->values.size())];
    }
    coded_set words(int slot) const {
        const auto* f = field_at(slot);
        if (!filled || !coded(f)) return {};
        const std::uint64_t bits = subset(slot, f->values.size());
        coded_set out{true, 0};
        for (std::size_t i = 0; i < f->values.size(); ++i)
            if (bits >> i & 1u) out.bits |= std::uint64_t{1} << f->codes[i];
        return out;
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<cprules::expr::error> errors;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto program = cprules::expr::program::compile(text, cprules::policy::condition_schema(), errors)) {
        environment env;
        for (unsigned salt = 0; salt < 4; ++salt) {
            env.filled = salt > 0;
            env.salt = salt * 2654435761u + static_cast<unsigned>(size);
            const bool by_text = program->evaluate(env);
            if (cprules::expr::evaluate(*program, env) != by_text) std::abort();  // by number must agree
        }
    }
    return 0;
}
