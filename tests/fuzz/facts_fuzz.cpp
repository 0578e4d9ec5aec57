// Fuzz target: any bytes as a case (JSON, then YAML) through the loader, the
// evaluator (York policy) and the JSON writer. Must never crash or leak; and the
// scanner that places a JSON error must agree with simdjson on what is JSON.
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
    static const auto york = [] {
        std::vector<diagnostic> d;
        return policy::load(std::string(CPRULES_FUZZ_SOURCE_DIR) + "/policies/york.yaml", d);
    }();
    static facts::loader loader;
    static facts::case_facts c;
    static eval::evaluator ev(*york);
    static const report::json_writer writer(*york, false);
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
        const auto& findings = ev.run(c, as_of);
        out.clear();
        const report::case_output co{york.get(), &c, &findings, &ev.errors(), as_of, {}};
        writer.append(out, co, scratch);
        // And into exactly the room the writer asks for, so that AddressSanitizer sees any overrun.
        const std::size_t room = writer.bound(co);
        const auto exact = std::make_unique<char[]>(room);
        if (static_cast<std::size_t>(writer.write(exact.get(), co) - exact.get()) != out.size()) __builtin_trap();
    }
    return 0;
}
