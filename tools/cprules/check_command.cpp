// cprules check: evaluate cases against a policy and report the findings.
#include "commands.hpp"
#include "report/report.hpp"
#include "session.hpp"

#include <chrono>
#include <map>
#include <cstdio>
#include <fmt/format.h>
#include <unistd.h>

namespace cprules::cli {

void add_check_command(CLI::App& app, action& run) {
    struct options {
        std::string policy, as_of, format = "text", fail_on = "violation";
        std::vector<std::string> statuses;
        std::vector<std::string> inputs;
    };
    auto opt = std::make_shared<options>();
    auto* cmd = app.add_subcommand("check", "Evaluate case facts against a policy");
    cmd->add_option("--policy", opt->policy, "A bundled policy name or a policy file (default: each case's partnership)");
    cmd->add_option("--as-of", opt->as_of, "Evaluate as of this date, YYYY-MM-DD (default: today)");
    cmd->add_option("--format", opt->format, "Output format")->check(CLI::IsMember({"text", "json", "jsonl", "csv", "markdown"}));
    cmd->add_option("--fail-on", opt->fail_on, "Exit 1 when findings fail at this severity")->check(CLI::IsMember({"violation", "advice", "never"}));
    cmd->add_option("--status", opt->statuses, "Print only findings with these statuses (the summary still counts all)")
        ->delimiter(',')
        ->check(CLI::IsMember({"met", "pending", "late", "overdue", "breached", "waived"}));
    cmd->add_option("inputs", opt->inputs, "Case files (.json, .yaml, .jsonl), directories, or - for standard input")->required();
    cmd->callback([opt, &run] {
        run = [opt]() -> int {
            std::string why;
            auto as_of = as_of_date(opt->as_of, why);
            if (!as_of) {
                std::fprintf(stderr, "cprules check: --as-of: %s\n", why.c_str());
                return 2;
            }
            std::uint8_t shown = opt->statuses.empty() ? 0x3f : 0;
            for (const auto& st : opt->statuses)
                for (std::size_t i = 0; i < eval::status_names.size(); ++i)
                    if (eval::status_names[i] == st) shown |= static_cast<std::uint8_t>(1u << i);
            const std::optional<policy::severity> fail_on =
                opt->fail_on == "never" ? std::nullopt
                : opt->fail_on == "advice" ? std::optional(policy::severity::advice) : std::optional(policy::severity::violation);
            session s(opt->policy);
            if (!s.prepare()) return 2;
            const auto fmt_kind = opt->format == "json" ? report::format::json
                                  : opt->format == "jsonl" ? report::format::jsonl
                                  : opt->format == "csv" ? report::format::csv
                                  : opt->format == "markdown" ? report::format::markdown : report::format::text;
            const bool colour = fmt_kind == report::format::text && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
            const bool progress = isatty(STDERR_FILENO);
            std::string out;
            out.reserve(1 << 16);
            std::size_t cases = 0, bad = 0, failing = 0;
            eval::summary total;
            evaluated_case ec;
            // One JSON writer per policy: each rule's fixed text is escaped once for the whole batch.
            std::map<const policy::compiled_policy*, report::json_writer> writers;
            std::string scratch;
            auto append_json = [&](std::string& to, const report::case_output& co, bool pretty) {
                if (!co.policy || pretty) {
                    report::append_json(to, co, pretty);
                    return;
                }
                auto it = writers.find(co.policy);
                if (it == writers.end()) it = writers.emplace(co.policy, report::json_writer(*co.policy, false)).first;
                it->second.append(to, co, scratch);
            };
            if (fmt_kind == report::format::csv) report::append_csv_header(out);
            // json: a single case prints one object; several print an array of them.
            std::string pending_json;
            auto flush = [&](bool force) {
                if (force || out.size() > (1 << 16)) {
                    std::fwrite(out.data(), 1, out.size(), stdout);
                    out.clear();
                }
            };
            const auto started = std::chrono::steady_clock::now();
            std::string origin;  // only for cases with errors
            auto each = [&](std::string_view text, case_format format, const case_source& where) {
                s.evaluate(text, format, *as_of, ec);
                ++cases;
                origin.clear();
                if (!ec.errors.empty()) {
                    origin = where.text();
                    ++bad;
                    for (const auto& d : ec.errors) {
                        std::string id = ec.facts.case_id.empty() ? std::string() : fmt::format(" case {}:", ec.facts.case_id);
                        std::fprintf(stderr, "%s:%s %s\n", origin.c_str(), id.c_str(), to_string(d).c_str());
                    }
                }
                eval::summary sm;
                if (ec.findings) {
                    sm = report::summarise(*ec.findings);
                    for (std::size_t i = 0; i < sm.counts.size(); ++i) total.counts[i] += sm.counts[i];
                    if (fail_on) failing += sm.failures(*fail_on);
                }
                report::case_output co{ec.policy, &ec.facts, ec.findings, &ec.errors, *as_of, origin, shown, ec.findings ? &sm : nullptr};
                switch (fmt_kind) {
                    case report::format::json:
                        if (cases > 1) {
                            out += cases == 2 ? "[\n" : ",\n";
                            out += pending_json;
                        }
                        pending_json.clear();
                        append_json(pending_json, co, true);
                        break;
                    case report::format::jsonl:
                        append_json(out, co, false);
                        out += '\n';
                        break;
                    case report::format::csv: report::append_csv(out, co); break;
                    case report::format::markdown: report::append_markdown(out, co); break;
                    case report::format::text:
                        report::append_text(out, co, colour);
                        out += '\n';
                        break;
                }
                flush(false);
                if (progress && cases % 10000 == 0) {
                    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
                    std::fprintf(stderr, "\r%zu cases (%.0f/s)", cases, cases / std::max(secs, 1e-9));
                }
            };
            std::vector<std::string> unreadable;
            for_each_case(opt->inputs, each, unreadable);
            if (fmt_kind == report::format::json) {
                if (cases > 1) out += ",\n" + pending_json + "\n]\n";
                else if (cases == 1) out += pending_json + "\n";
                else out += "[]\n";
            }
            flush(true);
            std::fflush(stdout);
            if (progress && cases >= 10000) std::fprintf(stderr, "\n");
            for (const auto& u : unreadable) std::fprintf(stderr, "cprules check: cannot read '%s'\n", u.c_str());
            if (cases > 1 || bad > 0 || !unreadable.empty()) {
                std::string counts;
                for (std::size_t i = 0; i < total.counts.size(); ++i)
                    counts += fmt::format("{}{} {}", i ? ", " : "", total.counts[i], eval::status_names[i]);
                std::fprintf(stderr, "%zu case%s: %zu evaluated, %zu with input errors; findings: %s\n", cases, cases == 1 ? "" : "s",
                             cases - bad, bad, counts.c_str());
            }
            if (bad > 0 || !unreadable.empty()) return 2;
            return failing > 0 ? 1 : 0;
        };
    });
}

}  // namespace cprules::cli
