// The `cprules` subcommands. Each file adds one subcommand to the app and, when
// that subcommand is chosen, sets `action` to the code that runs it and returns
// the exit status (0 fine, 1 failures found, 2 usage or input error).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace cprules::cli {

using action = std::function<int()>;

void add_date_command(CLI::App& app, action& run);
void add_check_command(CLI::App& app, action& run);
void add_list_command(CLI::App& app, action& run);
void add_test_command(CLI::App& app, action& run);
void add_lint_command(CLI::App& app, action& run);
void add_explain_command(CLI::App& app, action& run);
void add_diff_command(CLI::App& app, action& run);
void add_compare_command(CLI::App& app, action& run);

}  // namespace cprules::cli
