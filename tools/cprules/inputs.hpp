// Reading case inputs for `check` and `explain`: files (.json, .yaml, .jsonl),
// directories of them, and standard input ("-"). Streams JSON Lines.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cprules::cli {

enum class case_format { json, yaml };

/// Calls `each(text, format, origin)` for every case, in order; `origin` is
/// "file", "file:line" for JSON Lines, or "<stdin>". Returns false and sets
/// `error` when an input cannot be read at all (the remaining inputs are still read).
bool for_each_case(const std::vector<std::string>& inputs,
                   const std::function<void(std::string_view, case_format, const std::string&)>& each,
                   std::vector<std::string>& unreadable);

}  // namespace cprules::cli
