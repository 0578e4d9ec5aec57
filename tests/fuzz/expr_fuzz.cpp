// Fuzz target: any bytes as a condition, compiled against the policy fields and,
// when it compiles, evaluated with every field null and with values set.
#include "expr/expr.hpp"
#include "policy/policy.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

struct environment final : cprules::expr::environment {
    bool filled = false;
    std::array<std::string_view, 2> list{"health", "neglect"};
    cprules::expr::value get(int slot) const override {
        if (!filled) return cprules::expr::value::null();
        switch (slot % 4) {
            case 0: return cprules::expr::value::of(12.0);
            case 1: return cprules::expr::value::of(true);
            case 2: return cprules::expr::value::of(std::string_view("initial"));
            default: return cprules::expr::value::of(std::span<const std::string_view>(list));
        }
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<cprules::expr::error> errors;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto program = cprules::expr::program::compile(text, cprules::policy::condition_schema(), errors)) {
        environment env;
        (void)program->evaluate(env);
        env.filled = true;
        (void)program->evaluate(env);
    }
    return 0;
}
