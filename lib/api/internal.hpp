// The public API's view of the engine. Include this, not <cprules/cprules.hpp>,
// in lib/api: the public class `cprules::policy` (in the inline namespace v1)
// makes `cprules::policy::` ambiguous with the internal `policy` module once
// both are declared, so the module is named through `api::compiled` here,
// before the public header is seen.
#pragma once

#include "eval/eval.hpp"
#include "facts/facts.hpp"
#include "policy/policy.hpp"
#include "report/report.hpp"

namespace cprules::api {
namespace compiled = ::cprules::policy;
}

#include <cprules/cprules.hpp>

namespace cprules::inline v1 {

struct policy::impl {
    explicit impl(std::shared_ptr<const api::compiled::compiled_policy> p)
        : compiled(std::move(p)), json(*compiled, /*pretty=*/false) {}
    std::shared_ptr<const api::compiled::compiled_policy> compiled;
    std::vector<std::string> rule_ids;
    report::json_writer json;  // the rules' fixed JSON text, escaped once; immutable
};

struct policy_access {
    using impl = policy::impl;
    static policy make(std::shared_ptr<const policy::impl> p) noexcept { return policy(std::move(p)); }
    static const policy::impl& get(const policy& p) noexcept { return *p.impl_; }
};

}  // namespace cprules::v1
