// Checks for policy authors beyond what loading requires (`cprules lint`):
// rules without test cases, empty or long quotes, quotes
// not found in their source document, and requirements that silently do nothing.
#pragma once

#include "policy/policy.hpp"

#include <string>
#include <vector>

namespace cprules::policy {

struct lint_options {
    /// Further folders holding the source documents (`sources: file`); the policy's
    /// own folder and its `sources/` subfolder are always searched.
    std::vector<std::string> source_dirs;
};

/// Warnings about a loaded policy, for the rules written in `p.file` itself
/// (not those inherited through `extends`):
///  - `lint.no_tests`: no test folder `<policy dir>/../tests/cases/policies/<id>`;
///  - `lint.no_test`: a rule id that no test case there mentions (`rule: ID`);
///  - `lint.empty_quote`, `lint.long_quote` (over 50 words);
///  - `lint.quote_not_found`: the quote is not in the source document (when the document is found);
///  - `lint.unused_ground`: a ground no exclusion rule allows.
std::vector<diagnostic> lint(const compiled_policy& p, const lint_options& options = {});

}  // namespace cprules::policy
