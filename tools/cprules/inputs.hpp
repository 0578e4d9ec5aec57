// Reading case inputs for `check` and `explain`: files (.json, .yaml, .jsonl),
// directories of them, and standard input ("-"). JSON Lines stream through a
// fixed buffer, from files and from standard input alike.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cprules::cli {

enum class case_format { json, yaml };

/// Where a case came from: a file (or "<stdin>"), and its line for JSON Lines (0: the whole input).
struct case_source {
    std::string_view file;
    std::size_t line = 0;
    /// "file" or "file:line".
    std::string text() const;
};

using case_handler = std::function<void(std::string_view text, case_format format, const case_source& where)>;

/// Calls `each` for every case, in order. An input that cannot be read is
/// added to `unreadable` and the remaining inputs are still read; returns
/// whether every input was read.
bool for_each_case(const std::vector<std::string>& inputs, const case_handler& each, std::vector<std::string>& unreadable);

}  // namespace cprules::cli
