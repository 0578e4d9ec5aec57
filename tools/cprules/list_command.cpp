// cprules list: the bundled policies.
#include "commands.hpp"
#include "policy/policy.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>

namespace cprules::cli {

void add_list_command(CLI::App& app, action& run) {
    auto* cmd = app.add_subcommand("list", "List the bundled policies");
    cmd->callback([&run] {
        run = []() -> int {
            struct row {
                std::string name, version, rules, sources, title;
            };
            std::vector<row> rows{{"NAME", "VERSION", "RULES", "SOURCE", "TITLE"}};
            int status = 0;
            for (const auto& name : policy::bundled_names()) {
                std::vector<diagnostic> diags;
                auto p = policy::load(name, diags);
                if (!p) {
                    rows.push_back({name, "-", "-", "-", fmt::format("(does not load: run 'cprules lint {}')", name)});
                    status = 2;
                    continue;
                }
                std::string sources;
                for (const auto& s : p->sources) sources += (sources.empty() ? "" : ", ") + s.file;
                rows.push_back({name, p->version, std::to_string(p->rules.size()), sources, p->title});
            }
            std::size_t w[4] = {};
            for (const auto& r : rows)
                for (std::size_t i = 0; i < 4; ++i)
                    w[i] = std::max(w[i], std::string_view(i == 0 ? r.name : i == 1 ? r.version : i == 2 ? r.rules : r.sources).size());
            for (const auto& r : rows)
                std::fputs(fmt::format("{:<{}}  {:<{}}  {:>{}}  {:<{}}  {}\n", r.name, w[0], r.version, w[1], r.rules, w[2], r.sources, w[3], r.title).c_str(), stdout);
            std::fprintf(stdout, "Policies are read from %s\n", policy::bundled_dir().c_str());
            return status;
        };
    });
}

}  // namespace cprules::cli
