// cprules compare: one table of rules across policies, a row per (rule id,
// variant) grouped by area, a column per policy, each cell the rule in plain words.
// A column is named by the policy's id, else "id (version)", else its file; one file
// given twice is refused, so that the names are unique.
#include "commands.hpp"
#include "markup.hpp"
#include "report/describe.hpp"
#include "report/report.hpp"
#include "session.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <tuple>

namespace cprules::cli {

namespace {

constexpr std::string_view none_cell = "—";

struct row {
    std::string area, id, variant;
    std::vector<const policy::rule*> cells;  // one per policy; null where it has none
};

struct table {
    std::vector<std::shared_ptr<const policy::compiled_policy>> policies;
    std::vector<std::string> columns;  // unique column names
    std::vector<row> rows;
};

std::string cell_text(const policy::rule& r, const policy::compiled_policy& p) {
    std::string s = report::describe(r, p).text;
    if (r.severity == policy::severity::advice) s += " (advice)";
    return s;
}

table build(std::vector<std::shared_ptr<const policy::compiled_policy>> policies) {
    table t;
    t.policies = std::move(policies);
    for (const auto& p : t.policies) {
        std::string name = p->id;
        auto taken = [&](const std::string& n) { return std::find(t.columns.begin(), t.columns.end(), n) != t.columns.end(); };
        if (taken(name)) name = fmt::format("{} ({})", p->id, p->version);
        if (taken(name)) name = p->file;
        t.columns.push_back(name);
    }
    std::map<std::string, int, std::less<>> area_rank;  // an area sorts by its first canonical id
    for (const auto& p : t.policies)
        for (const auto& r : p->rules) {
            const std::string area(report::rule_area(r.id));
            auto [it, fresh] = area_rank.emplace(area, report::canonical_rank(r.id));
            if (!fresh) it->second = std::min(it->second, report::canonical_rank(r.id));
            auto found = std::find_if(t.rows.begin(), t.rows.end(), [&](const row& x) { return x.id == r.id && x.variant == r.variant; });
            if (found == t.rows.end()) {
                t.rows.push_back({area, r.id, r.variant, std::vector<const policy::rule*>(t.policies.size())});
                found = t.rows.end() - 1;
            }
            found->cells[static_cast<std::size_t>(&p - t.policies.data())] = &r;
        }
    std::stable_sort(t.rows.begin(), t.rows.end(), [&](const row& a, const row& b) {
        return std::tuple(area_rank[a.area], a.area, report::canonical_rank(a.id), a.id, a.variant) <
               std::tuple(area_rank[b.area], b.area, report::canonical_rank(b.id), b.id, b.variant);
    });
    return t;
}

std::string row_label(const row& r) { return r.variant.empty() ? r.id : fmt::format("{} ({})", r.id, r.variant); }

void markdown(std::string& out, const table& t) {
    out += "| Rule |";
    for (const auto& c : t.columns) out += fmt::format(" {} |", report::markdown_text(c));
    out += "\n|---|";
    for (std::size_t i = 0; i < t.columns.size(); ++i) out += "---|";
    out += '\n';
    std::string area;
    for (const auto& r : t.rows) {
        if (r.area != area) {
            area = r.area;
            out += fmt::format("| **{}** |", report::markdown_text(area));
            for (std::size_t i = 0; i < t.columns.size(); ++i) out += " |";
            out += '\n';
        }
        out += fmt::format("| `{}` |", report::markdown_text(row_label(r), true));
        for (std::size_t i = 0; i < r.cells.size(); ++i)
            out += fmt::format(" {} |", r.cells[i] ? report::markdown_text(cell_text(*r.cells[i], *t.policies[i])) : std::string(none_cell));
        out += '\n';
    }
}

void csv(std::string& out, const table& t) {
    out += "area,rule,variant";
    for (const auto& c : t.columns) {
        out += ',';
        report::append_csv_field(out, c);
    }
    out += "\r\n";
    for (const auto& r : t.rows) {
        report::append_csv_field(out, r.area);
        out += ',';
        report::append_csv_field(out, r.id);
        out += ',';
        report::append_csv_field(out, r.variant);
        for (std::size_t i = 0; i < r.cells.size(); ++i) {
            out += ',';
            if (r.cells[i]) report::append_csv_field(out, cell_text(*r.cells[i], *t.policies[i]));
            else out += none_cell;
        }
        out += "\r\n";
    }
}

void json(std::string& out, const table& t) {
    out += "{\n  \"policies\": [";
    for (std::size_t i = 0; i < t.policies.size(); ++i) {
        const auto& p = *t.policies[i];
        out += i ? ",\n    " : "\n    ";
        out += "{\"column\": ";
        report::append_json_string(out, t.columns[i]);
        out += ", ";
        report::append_policy_fields(out, p);
        out += '}';
    }
    out += "\n  ],\n  \"rows\": [";
    for (std::size_t n = 0; n < t.rows.size(); ++n) {
        const auto& r = t.rows[n];
        out += n ? ",\n    " : "\n    ";
        out += "{\"area\": ";
        report::append_json_string(out, r.area);
        out += ", \"rule\": ";
        report::append_json_string(out, r.id);
        if (!r.variant.empty()) {
            out += ", \"variant\": ";
            report::append_json_string(out, r.variant);
        }
        out += ", \"cells\": {";
        for (std::size_t i = 0; i < r.cells.size(); ++i) {
            out += i ? ", " : "";
            report::append_json_string(out, t.columns[i]);
            out += ": ";
            if (!r.cells[i]) {
                out += "null";
                continue;
            }
            const auto& rule = *r.cells[i];
            out += "{\"text\": ";
            report::append_json_string(out, cell_text(rule, *t.policies[i]));
            out += ", \"kind\": ";
            report::append_json_string(out, policy::rule_kind_names[static_cast<std::size_t>(rule.kind)]);
            out += ", \"severity\": ";
            report::append_json_string(out, rule.severity == policy::severity::violation ? "violation" : "advice");
            out += ", \"section\": ";
            report::append_json_string(out, rule.source.section);
            out += '}';
        }
        out += "}}";
    }
    out += t.rows.empty() ? "]\n}\n" : "\n  ]\n}\n";
}

void html(std::string& out, const table& t) {
    out += R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cprules: rules compared</title>
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
ul.policies { margin: 0 0 1rem; padding-left: 1.2rem; color: #444; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #c8c8c8; padding: .45rem .6rem; vertical-align: top; text-align: left; overflow-wrap: break-word; }
thead th { position: sticky; top: 0; background: #24476b; color: #fff; }
thead th.rule, tbody th { width: 11rem; }
tbody th { font-weight: normal; background: #f6f6f6; }
tbody th code { font-size: .85rem; }
tr.area th { background: #dde6ef; font-weight: bold; text-transform: uppercase; letter-spacing: .04em; font-size: .8rem; }
td.none { color: #888; text-align: center; }
td .source { display: block; color: #666; font-size: .8rem; margin-top: .3rem; }
td .advice { color: #8a5a00; font-size: .8rem; }
</style>
</head>
<body>
<h1>Rules compared</h1>
<ul class="policies">
)";
    for (std::size_t i = 0; i < t.policies.size(); ++i) {
        const auto& p = *t.policies[i];
        out += fmt::format("<li><strong>{}</strong>: {} (version {})</li>\n", markup_escape(t.columns[i]), markup_escape(p.title), markup_escape(p.version));
    }
    out += "</ul>\n<p>Each cell is the policy's rule in plain words; — where the policy has none. Hover over a source for its quote.</p>\n<table>\n<thead>\n<tr><th scope=\"col\" class=\"rule\">Rule</th>";
    for (const auto& c : t.columns) out += fmt::format("<th scope=\"col\" class=\"policy\">{}</th>", markup_escape(c));
    out += "</tr>\n</thead>\n<tbody>\n";
    std::string area;
    for (const auto& r : t.rows) {
        if (r.area != area) {
            area = r.area;
            out += fmt::format("<tr class=\"area\"><th scope=\"rowgroup\" colspan=\"{}\">{}</th></tr>\n", t.columns.size() + 1, markup_escape(area));
        }
        out += fmt::format("<tr><th scope=\"row\"><code>{}</code></th>", markup_escape(row_label(r)));
        for (std::size_t i = 0; i < r.cells.size(); ++i) {
            if (!r.cells[i]) {
                out += fmt::format("<td class=\"none\">{}</td>", none_cell);
                continue;
            }
            const auto& rule = *r.cells[i];
            out += fmt::format("<td>{}", markup_escape(report::describe(rule, *t.policies[i]).text));
            if (rule.severity == policy::severity::advice) out += " <span class=\"advice\">(advice)</span>";
            out += fmt::format("<span class=\"source\" title=\"{}\">{} — {}</span></td>", markup_escape(rule.source.quote),
                               markup_escape(rule.source.document), markup_escape(rule.source.section));
        }
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n</body>\n</html>\n";
}

}  // namespace

void add_compare_command(CLI::App& app, action& run) {
    struct options {
        std::vector<std::string> policies;
        std::string format = "markdown";
    };
    auto opt = std::make_shared<options>();
    auto* cmd = app.add_subcommand("compare", "One table of rules across policies");
    cmd->add_option("policies", opt->policies, "Bundled policy names or policy files")->required();
    cmd->add_option("--format", opt->format, "Output format")->check(CLI::IsMember({"markdown", "csv", "json", "html"}));
    cmd->callback([opt, &run] {
        run = [opt]() -> int {
            std::vector<std::shared_ptr<const policy::compiled_policy>> loaded;
            std::vector<diagnostic> diags;
            bool ok = true;
            for (const auto& name : opt->policies) {
                auto p = policy::load(name, diags);
                if (!p) {
                    std::fprintf(stderr, "cprules compare: %s does not load\n", name.c_str());
                    ok = false;
                }
                loaded.push_back(std::move(p));
            }
            if (!ok) {
                print_diagnostics(diags);
                return 2;
            }
            // Two columns of one file would have one name, and say nothing.
            for (std::size_t i = 0; i < loaded.size(); ++i)
                for (std::size_t j = 0; j < i; ++j) {
                    std::error_code ec;
                    if (!std::filesystem::equivalent(loaded[j]->file, loaded[i]->file, ec)) continue;
                    std::fprintf(stderr, "cprules compare: %s is given twice (as '%s' and '%s'); give each policy once\n",
                                 loaded[i]->file.c_str(), opt->policies[j].c_str(), opt->policies[i].c_str());
                    return 2;
                }
            const table t = build(std::move(loaded));
            std::string out;
            if (opt->format == "csv") csv(out, t);
            else if (opt->format == "json") json(out, t);
            else if (opt->format == "html") html(out, t);
            else markdown(out, t);
            std::fwrite(out.data(), 1, out.size(), stdout);
            return 0;
        };
    });
}

}  // namespace cprules::cli
