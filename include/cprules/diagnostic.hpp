// cprules: diagnostics as values (public API).
#pragma once

#include <string>
#include <vector>

namespace cprules {
inline namespace v1 {

/// 1-based line and column; 0 where unknown.
struct source_location {
    std::string file;
    int line = 0;
    int column = 0;
    friend bool operator==(const source_location&, const source_location&) = default;
};

enum class diagnostic_severity { error, warning };

/// One problem found in a policy, a calendar or a case. `code` is stable
/// (`policy.unknown_key`, `facts.bad_date`, ...); see docs/diagnostics.md.
/// `pointer` is the JSON pointer for problems in case facts, empty otherwise.
struct diagnostic {
    std::string code;
    diagnostic_severity severity = diagnostic_severity::error;
    std::string message;
    source_location location;
    std::string pointer;
    friend bool operator==(const diagnostic&, const diagnostic&) = default;
};

/// `file:line:column: error[code]: message` (the location part is left out
/// where unknown; a pointer is shown as `at /events/3/date`).
std::string to_string(const diagnostic& d);

/// Sorts by file, line, column, code; removes exact duplicates.
void sort_diagnostics(std::vector<diagnostic>& diags);
inline bool has_errors(const std::vector<diagnostic>& diags) {
    for (const auto& d : diags)
        if (d.severity == diagnostic_severity::error) return true;
    return false;
}

}  // namespace v1
}  // namespace cprules
