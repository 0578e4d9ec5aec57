// Fuzz target: any bytes as a policy through the compiler. Must never crash or leak.
#include "policy/policy.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<cprules::diagnostic> diags;
    cprules::policy::load_text(std::string(reinterpret_cast<const char*>(data), size), "fuzz.yaml", diags);
    return 0;
}
