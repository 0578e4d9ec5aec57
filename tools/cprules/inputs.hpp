// Reading case inputs for `check` and `explain`: files (.json, .yaml, .jsonl),
// directories of them, and standard input ("-"). JSON Lines stream: a file
// through a window mapped into memory, standard input through a fixed buffer.
#pragma once

#include <cprules/diagnostic.hpp>

#include <filesystem>
#include <functional>
#include <system_error>
#include <string>
#include <string_view>
#include <vector>

namespace cprules::cli {

/// How a case's text is read; `unreadable`: the input could not be read, and the text says why.
enum class case_format { json, yaml, unreadable };

/// Where a case came from: a file (or "<stdin>"), and its line for JSON Lines (0: the whole input).
struct case_source {
    std::string_view file;
    std::size_t line = 0;
    /// "file" or "file:line".
    std::string text() const;
};

/// One input error of a case, as check and explain print it (docs/diagnostics.md):
/// "file:line: case ID: error[code]: message (at /pointer)" and a line break; a case that
/// does not parse, "file:line:column: error[code]: message", the line counted in the file.
void append_case_error(std::string& out, const case_source& where, std::string_view case_id, const diagnostic& d);

/// The files under `dir`, at any depth, whose names `wanted` accepts, sorted. Links to
/// directories are followed. An entry that cannot be followed (a dangling or looping link, a
/// link to a directory that contains it) is listed all the same, so that reading it fails and
/// is reported, never skipped. `ec` is set when the walk itself failed part-way.
std::vector<std::string> files_under(const std::string& dir, bool (*wanted)(const std::filesystem::path&), std::error_code& ec);

using case_handler = std::function<void(std::string_view text, case_format format, const case_source& where)>;

/// Calls `each` for every case, in order. An input that cannot be read, or not to its end,
/// is one more case, of format `unreadable`, and the remaining inputs are still read.
void for_each_case(const std::vector<std::string>& inputs, const case_handler& each);

/// Whether a file's name says it holds cases: .json, .jsonl, .ndjson, .yaml or .yml, in any case.
bool is_case_file(const std::filesystem::path& p);

}  // namespace cprules::cli
