// What `check` and `explain` share: choosing the policy for each case, the
// as-of date, and evaluators kept per policy.
#pragma once

#include "eval/eval.hpp"
#include "facts/facts.hpp"
#include "inputs.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace cprules::cli {

/// Parses --as-of; not given: today in England, from the system clock. An empty value is
/// an error like any other that is not a date.
std::optional<date> as_of_date(const std::optional<std::string>& text, std::string& error);

/// Prints policy diagnostics to stderr, capped, as file:line:column: error[code]: message.
void print_diagnostics(const std::vector<diagnostic>& diags, std::size_t cap = 50);

struct evaluated_case {
    facts::case_facts facts;
    std::vector<diagnostic> errors;              // input errors (facts or calendar)
    const policy::compiled_policy* policy = nullptr;
    eval::evaluator* evaluator = nullptr;
    const std::vector<eval::finding>* findings = nullptr;
};

class session {
public:
    /// `fixed`: a --policy NAME|FILE for every case; empty: each case's `partnership` chooses.
    explicit session(std::string fixed) : fixed_(std::move(fixed)) {}
    /// Loads the fixed policy up front; false (diagnostics printed) when it does not load.
    bool prepare();
    /// Loads and evaluates one case; input problems land in `out.errors`.
    void evaluate(std::string_view text, case_format format, date as_of, evaluated_case& out);

private:
    struct entry {
        std::shared_ptr<const policy::compiled_policy> policy;
        std::unique_ptr<eval::evaluator> evaluator;
        std::vector<diagnostic> diags;
    };
    entry* policy_for(std::string_view name);
    std::string fixed_;
    std::map<std::string, entry, std::less<>> cache_;
    std::optional<std::vector<std::string>> bundled_;  // sorted; read when a case first names its partnership
    facts::loader loader_;
};

}  // namespace cprules::cli
