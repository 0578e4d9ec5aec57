#include "session.hpp"

#include "support/suggest.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace cprules::cli {

std::optional<date> as_of_date(const std::optional<std::string>& text, std::string& error) {
    if (!text) return today_in_england();
    return parse_date(*text, &error);
}

void print_diagnostics(const std::vector<diagnostic>& diags, std::size_t cap) {
    std::size_t shown = 0;
    for (const auto& d : diags) {
        if (shown++ == cap) {
            std::fprintf(stderr, "... and %zu more\n", diags.size() - cap);
            break;
        }
        std::fprintf(stderr, "%s\n", to_string(d).c_str());
    }
}

bool session::prepare() {
    if (fixed_.empty()) return true;
    entry* e = policy_for(fixed_);
    if (e->policy) return true;
    print_diagnostics(e->diags);
    return false;
}

session::entry* session::policy_for(std::string_view name) {
    auto it = cache_.find(name);
    if (it != cache_.end()) return &it->second;
    entry e;
    e.policy = policy::load(std::string(name), e.diags);
    if (e.policy) e.evaluator = std::make_unique<eval::evaluator>(*e.policy);
    return &cache_.emplace(std::string(name), std::move(e)).first->second;
}

void session::evaluate(std::string_view text, case_format format, date as_of, evaluated_case& out) {
    out.errors.clear();
    out.policy = nullptr;
    out.evaluator = nullptr;
    out.findings = nullptr;
    if (format == case_format::unreadable) {
        out.facts.clear();
        out.errors.push_back({"facts.unreadable", diagnostic_severity::error, fmt::format("cannot read the input: {}", text), {}, {}});
        return;
    }
    const bool ok = format == case_format::json ? loader_.load_json(text, out.facts, out.errors)
                                                : loader_.load_yaml(text, out.facts, out.errors);
    if (!ok) return;
    std::string_view name = fixed_;
    if (name.empty()) {
        name = out.facts.partnership;
        if (name.empty()) {
            out.errors.push_back({"facts.missing_field", diagnostic_severity::error,
                                  "the case has no partnership and no --policy was given", {}, "/partnership"});
            return;
        }
        // A case names one of the bundled policies, never a file: a case must not choose
        // what is read from the machine (contract section 4).
        if (!bundled_) bundled_ = policy::bundled_names();
        const auto& bundled = *bundled_;
        if (!std::binary_search(bundled.begin(), bundled.end(), name)) {
            const std::string hint = detail::closest(name, bundled);
            out.errors.push_back({"facts.unknown_partnership", diagnostic_severity::error,
                                  hint.empty() ? fmt::format("no bundled policy for partnership '{}' (bundled: {})", name, fmt::join(bundled, ", "))
                                               : fmt::format("no bundled policy for partnership '{}'; did you mean '{}'?", name, hint),
                                  {}, "/partnership"});
            return;
        }
    }
    entry* e = policy_for(name);
    if (!e->policy) {
        std::string why = e->diags.empty() ? std::string("cannot load policy") : e->diags.front().message;
        out.errors.push_back({"facts.unknown_partnership", diagnostic_severity::error,
                              fmt::format("policy '{}': {}", name, why), {}, fixed_.empty() ? "/partnership" : ""});
        return;
    }
    out.policy = e->policy.get();
    out.evaluator = e->evaluator.get();
    out.findings = &e->evaluator->run(out.facts, as_of);
    for (const auto& d : e->evaluator->errors()) out.errors.push_back(d);
}

}  // namespace cprules::cli
