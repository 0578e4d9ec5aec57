// cprules lint: load policies and report every problem, with the author-facing
// warnings of policy/lint.hpp, sorted, as file:line:column: severity[code]: message.
#include "commands.hpp"
#include "policy/lint.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cprules::cli {

void add_lint_command(CLI::App& app, action& run) {
    struct options {
        std::vector<std::string> policies, sources;
        bool strict = false;
    };
    auto opt = std::make_shared<options>();
    auto* cmd = app.add_subcommand("lint", "Check policies: every problem, with file:line:column");
    cmd->add_flag("--strict", opt->strict, "Exit 1 when there are warnings (and no errors)");
    cmd->add_option("--sources", opt->sources, "A folder holding the source documents, to check that quotes are exact (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("policies", opt->policies, "Bundled policy names or policy files")->required();
    cmd->callback([opt, &run] {
        run = [opt]() -> int {
            for (const auto& folder : opt->sources) {
                std::error_code ec;
                if (!std::filesystem::is_directory(folder, ec)) {  // else every quote check would be skipped, unsaid
                    std::fprintf(stderr, "cprules lint: --sources '%s' is not a folder\n", folder.c_str());
                    return 2;
                }
            }
            std::vector<diagnostic> all;
            policy::lint_options lo{opt->sources};
            for (const auto& name : opt->policies) {
                std::error_code ec;
                if (std::filesystem::is_directory(name, ec)) {
                    all.push_back({"policy.not_a_file", diagnostic_severity::error,
                                   "is a folder; lint takes policy files or bundled policy names (for a folder of policies: its *.yaml)",
                                   {name, 0, 0}, {}});
                    continue;
                }
                std::vector<diagnostic> diags;
                auto p = policy::load(name, diags);
                if (p)
                    for (auto& d : policy::lint(*p, lo)) diags.push_back(std::move(d));
                for (auto& d : diags) all.push_back(std::move(d));
            }
            sort_diagnostics(all);
            std::size_t errors = 0, warnings = 0;
            for (const auto& d : all) {
                ++(d.severity == diagnostic_severity::error ? errors : warnings);
                std::fprintf(stdout, "%s\n", to_string(d).c_str());
            }
            std::fflush(stdout);
            std::fprintf(stderr, "%zu polic%s checked: %zu error%s, %zu warning%s\n", opt->policies.size(),
                         opt->policies.size() == 1 ? "y" : "ies", errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
            if (errors > 0) return 2;
            return opt->strict && warnings > 0 ? 1 : 0;
        };
    });
}

}  // namespace cprules::cli
