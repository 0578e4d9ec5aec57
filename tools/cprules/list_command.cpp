// cprules list: the bundled policies.
#include "commands.hpp"
#include "policy/policy.hpp"

#include <cstdio>
#include <fmt/format.h>

namespace cprules::cli {

void add_list_command(CLI::App& app, action& run) {
    auto* cmd = app.add_subcommand("list", "List the bundled policies");
    cmd->callback([&run] {
        run = []() -> int {
            int status = 0;
            std::fprintf(stdout, "%-16s %-10s %-6s %-22s %s\n", "NAME", "VERSION", "RULES", "SOURCE", "TITLE");
            for (const auto& name : policy::bundled_names()) {
                std::vector<diagnostic> diags;
                auto p = policy::load(name, diags);
                if (!p) {
                    std::fprintf(stdout, "%-16s (does not load: run 'cprules lint %s')\n", name.c_str(), name.c_str());
                    status = 2;
                    continue;
                }
                std::string sources;
                for (const auto& s : p->sources) sources += (sources.empty() ? "" : ", ") + s.file;
                std::fprintf(stdout, "%-16s %-10s %-6zu %-22s %s\n", name.c_str(), p->version.c_str(), p->rules.size(), sources.c_str(),
                             p->title.c_str());
            }
            std::fprintf(stdout, "Policies are read from %s\n", policy::bundled_dir().c_str());
            return status;
        };
    });
}

}  // namespace cprules::cli
