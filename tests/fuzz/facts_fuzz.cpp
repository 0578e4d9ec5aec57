// Fuzz target: any bytes as a case (JSON, then YAML) through the loader, the
// evaluator (each bundled policy) and the JSON writer. Must never crash or leak;
// and the scanner that places a JSON error must agree with simdjson on what is JSON.
#include "eval/eval.hpp"
#include "facts/facts.hpp"
#include "facts/json_syntax.hpp"
#include "report/report.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <simdjson.h>
#include <string_view>

using namespace cprules;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    struct checker {
        std::shared_ptr<const policy::compiled_policy> p;
        eval::evaluator ev;
        report::json_writer writer;
        explicit checker(std::shared_ptr<const policy::compiled_policy> pol) : p(std::move(pol)), ev(*p), writer(*p, false) {}
    };
    static const std::vector<std::unique_ptr<checker>> checkers = [] {
        std::vector<std::unique_ptr<checker>> v;
        for (const char* name : {"york", "bolton", "stockport", "barnsley", "north-yorkshire"}) {
            std::vector<diagnostic> d;
            auto p = policy::load(std::string(CPRULES_FUZZ_SOURCE_DIR) + "/policies/" + name + ".yaml", d);
            if (!p) __builtin_trap();
            v.push_back(std::make_unique<checker>(std::move(p)));
        }
        return v;
    }();
    static facts::loader loader;
    static facts::case_facts c;
    static std::string out, scratch;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    {
        static simdjson::dom::parser parser;
        std::string json(text);
        simdjson::padded_string padded(json);
        auto error = parser.parse(padded).error();
        if (error == simdjson::NUMBER_ERROR) {  // as the loader does: numbers it cannot hold read as 0
            facts::zero_numbers(json);
            padded = simdjson::padded_string(json);
            error = parser.parse(padded).error();
        }
        const auto found = facts::first_json_syntax_error(text, parser.max_depth());
        if (found.has_value() != (error != simdjson::SUCCESS) || (found && found->offset > size)) __builtin_trap();
    }
    for (bool yaml : {false, true}) {
        std::vector<diagnostic> errors;
        const bool ok = yaml ? loader.load_yaml(text, c, errors) : loader.load_json(text, c, errors);
        if (!ok) continue;
        const date as_of = *date::from_ymd(2025, 3, 1);
        for (const auto& k : checkers) {
            const auto& findings = k->ev.run(c, as_of);
            out.clear();
            const report::case_output co{k->p.get(), &c, &findings, &k->ev.errors(), as_of, {}};
            k->writer.append(out, co, scratch);
            // And into exactly the room the writer asks for, so that AddressSanitizer sees any overrun.
            const std::size_t room = k->writer.bound(co);
            const auto exact = std::make_unique<char[]>(room);
            if (static_cast<std::size_t>(k->writer.write(exact.get(), co) - exact.get()) != out.size()) __builtin_trap();
        }
    }
    return 0;
}
