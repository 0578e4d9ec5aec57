// cprules test: run policies' own test cases (docs/policy-language.md, "Test cases").
#include "commands.hpp"
#include "inputs.hpp"
#include "markup.hpp"
#include "eval/eval.hpp"
#include "facts/facts.hpp"
#include "support/suggest.hpp"
#include "support/yaml_document.hpp"
#include "support/yaml_keys.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <sstream>

namespace cprules::cli {

namespace fs = std::filesystem;

namespace {

struct outcome {
    std::string file, name, failure;  // failure empty: passed
};

std::string field_of(const eval::finding& f, const facts::case_facts& c, const std::string& key) {
    if (key == "rule") return f.rule->id;
    if (key == "variant") return f.rule->variant;
    if (key == "child") return f.child >= 0 ? std::string(c.children[static_cast<std::size_t>(f.child)].id) : "";
    if (key == "subject") return f.subject ? eval::subject_name(*f.subject) : "";
    if (key == "status") return std::string(eval::status_names[static_cast<std::size_t>(f.state)]);
    if (key == "due") return f.has_due ? to_string(f.due) : "";
    if (key == "done") return f.has_done ? to_string(f.done) : "";
    if (key == "days_late") return f.state == eval::status::late ? std::to_string(f.days_late) : "";
    if (key == "severity") return f.rule->severity == policy::severity::violation ? "violation" : "advice";
    if (key == "report" || key == "exclusion") return f.item >= 0 && key == policy::item_key(*f.rule) ? std::to_string(f.item) : "";
    return "\x01";  // not an expectation key (run_test rejects those first): never matches
}

/// The keys an `expect` or `expect_absent` entry may have: field_of's, and message_contains.
const std::vector<std::string_view> expectation_keys = {"rule", "variant", "child",    "subject",  "status",   "due",
                                                        "done", "days_late", "severity", "report", "exclusion", "message_contains"};

std::string describe(const eval::finding& f, const facts::case_facts& c) {
    std::string s = fmt::format("{{rule: {}", f.rule->id);
    for (const char* k : {"variant", "child", "subject", "status", "due", "done", "days_late"}) {
        auto v = field_of(f, c, k);
        if (!v.empty()) s += fmt::format(", {}: {}", k, v);
    }
    if (f.item >= 0) s += fmt::format(", {}: {}", policy::item_key(*f.rule), f.item);
    return s + "}";
}

bool matches(const eval::finding& f, const facts::case_facts& c, const YAML::Node& expect) {
    for (auto it = expect.begin(); it != expect.end(); ++it) {
        const std::string key = it->first.Scalar();
        const std::string want = it->second.Scalar();
        if (key == "message_contains") {
            if (eval::message(f, c).find(want) == std::string::npos) return false;
            continue;
        }
        if (field_of(f, c, key) != want) return false;
    }
    return true;
}

class runner {
public:
    std::vector<outcome> results;

    void run_file(const std::string& path) {
        std::ifstream in(path);
        std::stringstream text;
        if (in) text << in.rdbuf();
        if (!in || in.bad()) {
            results.push_back({path, "(file)", fmt::format("{}: cannot read", path)});
            return;
        }
        YAML::Node root;
        try {
            root = detail::load_one_document(text.str(), "a second YAML document: a file of tests is one document");
        } catch (const YAML::Exception& e) {
            results.push_back({path, "(file)", fmt::format("{}:{}:{}: not valid YAML: {}", path, e.mark.line + 1, e.mark.column + 1, e.msg)});
            return;
        }
        // yaml-cpp reads only the first of two equal keys: an expectation written twice would be half ignored.
        if (const std::string twice = duplicate_key(root); !twice.empty()) {
            results.push_back({path, "(file)", fmt::format("{}:{}", path, twice)});
            return;
        }
        const std::string default_policy = root["policy"] ? root["policy"].Scalar() : "";
        if (root["tests"]) {
            if (const std::string bad = unknown_key(root, {"policy", "tests"}, "a test file"); !bad.empty()) {
                results.push_back({path, "(file)", fmt::format("{}:{}", path, bad)});
                return;
            }
            if (!root["tests"].IsSequence() || root["tests"].size() == 0) {
                results.push_back({path, "(file)", fmt::format("{}:{}:{}: `tests` is a list of tests{}", path, root["tests"].Mark().line + 1,
                                                             root["tests"].Mark().column + 1,
                                                             root["tests"].IsSequence() ? ", and this one is empty: the file checks nothing" : "")});
                return;
            }
            for (const auto& t : root["tests"]) run_test(path, default_policy, t);
        } else {
            run_test(path, default_policy, root, true);
        }
    }

private:
    /// "line:column: unknown key 'k' in WHAT; did you mean 'x'?" for the first key of `n` not in `allowed`, or "".
    static std::string unknown_key(const YAML::Node& n, std::vector<std::string_view> allowed, std::string_view what,
                                   std::string_view also_suggest = {}) {
        if (!n.IsMap()) return {};
        for (auto it = n.begin(); it != n.end(); ++it) {
            const std::string key = it->first.Scalar();
            if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
            if (!also_suggest.empty()) allowed.push_back(also_suggest);
            const std::string hint = detail::closest(key, allowed);
            return fmt::format("{}:{}: unknown key '{}' in {}{}", it->first.Mark().line + 1, it->first.Mark().column + 1, key, what,
                               hint.empty() ? "" : fmt::format("; did you mean '{}'?", hint));
        }
        return {};
    }

    /// "line:column: key 'k' appears twice in this mapping (first at line n)" for the first repeated key, or "".
    static std::string duplicate_key(const YAML::Node& n) {
        if (n.IsSequence())
            for (const auto& item : n)
                if (std::string found = duplicate_key(item); !found.empty()) return found;
        if (!n.IsMap()) return {};
        if (const auto twice = detail::repeated_keys(n); !twice.empty())
            return fmt::format("{}:{}: key '{}' appears twice in this mapping (first at line {}); only the first would be read",
                               twice[0].at.line + 1, twice[0].at.column + 1, twice[0].key, twice[0].first_line);
        for (auto it = n.begin(); it != n.end(); ++it)
            if (std::string found = duplicate_key(it->second); !found.empty()) return found;
        return {};
    }

    std::map<std::string, std::pair<std::shared_ptr<const policy::compiled_policy>, std::string>> policies_;  // and why it did not load
    facts::loader loader_;

    std::shared_ptr<const policy::compiled_policy> policy_for(const std::string& file, const std::string& name, std::string& error) {
        std::string key = name;
        if (name.find('/') != std::string::npos || name.ends_with(".yaml")) key = (fs::path(file).parent_path() / name).lexically_normal().string();
        auto it = policies_.find(key);
        if (it == policies_.end()) {
            std::vector<diagnostic> diags;
            auto p = policy::load(key, diags);
            std::string why;
            if (!p) {
                why = fmt::format("policy '{}' does not load", name);
                for (const auto& d : diags) why += "\n      " + to_string(d);
            }
            it = policies_.emplace(key, std::pair{p, why}).first;
        }
        error = it->second.second;  // every test of a policy that does not load says why
        return it->second.first;
    }

    void run_test(const std::string& file, const std::string& default_policy, const YAML::Node& t, bool whole_file = false) {
        outcome o{file, t.IsMap() && t["name"] ? t["name"].Scalar() : "(unnamed)", {}};
        auto fail = [&](std::string why) {
            if (!o.failure.empty()) o.failure += "\n";
            o.failure += "    " + why;
        };
        try {
            // The test's own shape first: a misspelt key or a wrong shape would leave something unchecked.
            if (!t.IsMap()) {
                fail(fmt::format("{}:{}:{}: a test is a mapping (name, as_of, case, expect ...)", file, t.Mark().line + 1, t.Mark().column + 1));
                results.push_back(o);
                return;
            }
            if (const std::string bad = unknown_key(t, {"name", "policy", "as_of", "case", "expect", "expect_absent", "expect_errors", "policy_text",
                                                        "expect_diagnostics"},
                                                    "a test", whole_file ? "tests" : "");
                !bad.empty())
                fail(fmt::format("{}:{}", file, bad));
            for (const char* list : {"expect", "expect_absent", "expect_errors", "expect_diagnostics"})
                if (t[list] && !t[list].IsSequence())
                    fail(fmt::format("{}:{}:{}: `{}` is a list", file, t[list].Mark().line + 1, t[list].Mark().column + 1, list));
            // A misspelt expectation key would match nothing: an `expect` could never pass, an
            // `expect_absent` never fail. Both are reported before the case is run.
            for (const char* list : {"expect", "expect_absent"})
                if (t[list] && t[list].IsSequence())
                    for (const auto& want : t[list]) {
                        if (!want.IsMap())
                            fail(fmt::format("{}:{}:{}: an entry of `{}` is a mapping (rule, child, status ...)", file, want.Mark().line + 1,
                                             want.Mark().column + 1, list));
                        else if (const std::string bad = unknown_key(want, expectation_keys, fmt::format("an entry of `{}`", list)); !bad.empty())
                            fail(fmt::format("{}:{}", file, bad));
                    }
            if (t["policy_text"] ? !t["expect_diagnostics"] : !t["expect"] && !t["expect_absent"] && !t["expect_errors"])
                fail(t["policy_text"] ? "the test checks nothing: a policy_text test needs expect_diagnostics"
                                      : "the test checks nothing: give expect, expect_absent or expect_errors");
            if (!o.failure.empty()) {
                results.push_back(o);
                return;
            }
            if (t["policy_text"]) {
                std::vector<diagnostic> diags;
                policy::load_text(t["policy_text"].Scalar(), "policy_text", diags);
                // An empty list means the policy must load cleanly.
                if (t["expect_diagnostics"] && t["expect_diagnostics"].size() == 0 && has_errors(diags))
                    for (const auto& d : diags) fail("unexpected diagnostic " + to_string(d));
                for (const auto& want : t["expect_diagnostics"]) {
                    const std::string code = want["code"].Scalar();
                    const bool found = std::any_of(diags.begin(), diags.end(), [&](const diagnostic& d) {
                        return d.code == code && (!want["line"] || std::to_string(d.location.line) == want["line"].Scalar()) &&
                               (!want["column"] || std::to_string(d.location.column) == want["column"].Scalar());
                    });
                    if (!found) {
                        std::string got;
                        for (const auto& d : diags) got += "\n      " + to_string(d);
                        fail(fmt::format("expected diagnostic {}{} not reported; got:{}", code,
                                         want["line"] ? fmt::format(" at {}:{}", want["line"].Scalar(), want["column"] ? want["column"].Scalar() : "?") : "",
                                         got.empty() ? " (none)" : got));
                    }
                }
                results.push_back(o);
                return;
            }
            const std::string policy_name = t["policy"] ? t["policy"].Scalar() : default_policy;
            std::string error;
            auto p = policy_for(file, policy_name, error);
            if (!p) {
                fail(error);
                results.push_back(o);
                return;
            }
            std::string why;
            auto as_of = t["as_of"] ? parse_date(t["as_of"].Scalar(), &why) : std::nullopt;
            if (!as_of) {
                fail(t["as_of"] ? fmt::format("as_of: {}", why) : "a test needs as_of");
                results.push_back(o);
                return;
            }
            facts::case_facts c;
            std::vector<diagnostic> errors;
            const bool loaded = loader_.load_yaml(YAML::Dump(t["case"]), c, errors);
            eval::evaluator ev(*p);
            const std::vector<eval::finding>* findings = nullptr;
            if (loaded) {
                findings = &ev.run(c, *as_of);
                for (const auto& d : ev.errors()) errors.push_back(d);
            }
            if (t["expect_errors"]) {
                for (const auto& code : t["expect_errors"])
                    if (std::none_of(errors.begin(), errors.end(), [&](const diagnostic& d) { return d.code == code.Scalar(); }))
                        fail(fmt::format("expected input error {} not reported", code.Scalar()));
            } else if (!errors.empty()) {
                for (const auto& d : errors) fail("unexpected input error: " + to_string(d));
            }
            if (!findings && (t["expect"] || t["expect_absent"]))
                fail("the case did not load, so it was not evaluated: its `expect` and `expect_absent` cannot be checked");
            if (findings) {
                for (const auto& want : t["expect"]) {
                    if (std::any_of(findings->begin(), findings->end(), [&](const eval::finding& f) { return matches(f, c, want); })) continue;
                    std::string expected = YAML::Dump(want);
                    std::replace(expected.begin(), expected.end(), '\n', ' ');
                    std::string actual;
                    const std::string rule = want["rule"] ? want["rule"].Scalar() : "";
                    for (const auto& f : *findings)
                        if (rule.empty() || f.rule->id == rule) actual += "\n        " + describe(f, c);
                    fail(fmt::format("expected {}\n      actual findings{}:{}", expected, rule.empty() ? "" : " of " + rule,
                                     actual.empty() ? " (none)" : actual));
                }
                for (const auto& absent : t["expect_absent"]) {
                    for (const auto& f : *findings)
                        if (matches(f, c, absent)) {
                            fail("unexpected finding " + describe(f, c));
                            break;
                        }
                }
            }
        } catch (const YAML::Exception& e) {
            fail(fmt::format("{}:{}:{}: {}", file, e.mark.line + 1, e.mark.column + 1, e.msg));
        }
        results.push_back(o);
    }
};

}  // namespace

void add_test_command(CLI::App& app, action& run) {
    struct options {
        std::vector<std::string> paths;
        std::string junit;
        bool quiet = false;
    };
    auto opt = std::make_shared<options>();
    auto* cmd = app.add_subcommand("test", "Run policy test cases (default: the bundled policies' own)");
    cmd->add_option("paths", opt->paths, "Test files or directories of them");
    cmd->add_option("--junit", opt->junit, "Also write the results as JUnit XML to this file");
    cmd->add_flag("--quiet,-q", opt->quiet, "Print failures and the summary only");
    cmd->callback([opt, &run] {
        run = [opt]() -> int {
            std::vector<std::string> paths = opt->paths;
            if (paths.empty()) {
                const fs::path bundled = fs::path(policy::bundled_dir()).parent_path() / "tests" / "cases" / "policies";
                std::error_code ec;
                if (!fs::is_directory(bundled, ec)) {
                    std::fprintf(stderr, "cprules test: no bundled test cases at %s; name a path\n", bundled.string().c_str());
                    return 2;
                }
                paths.push_back(bundled.string());
            }
            std::vector<std::string> files;
            for (const auto& p : paths) {
                std::error_code ec;
                if (fs::is_directory(p, ec)) {
                    const auto yaml = [](const fs::path& f) { return f.extension() == ".yaml" || f.extension() == ".yml"; };
                    const auto found = files_under(p, yaml, ec);
                    files.insert(files.end(), found.begin(), found.end());
                    if (ec) {
                        std::fprintf(stderr, "cprules test: cannot read '%s'\n", p.c_str());
                        return 2;
                    }
                } else if (fs::is_regular_file(p, ec)) {
                    files.push_back(p);
                } else {
                    std::fprintf(stderr, "cprules test: cannot read '%s'\n", p.c_str());
                    return 2;
                }
            }
            std::sort(files.begin(), files.end());
            runner r;
            for (const auto& f : files) r.run_file(f);
            std::size_t failed = 0;
            for (const auto& o : r.results) {
                if (!o.failure.empty()) {
                    ++failed;
                    std::printf("FAIL %s: %s\n%s\n", o.file.c_str(), o.name.c_str(), o.failure.c_str());
                } else if (!opt->quiet) {
                    std::printf("pass %s: %s\n", o.file.c_str(), o.name.c_str());
                }
            }
            if (!opt->junit.empty()) {
                std::ofstream out(opt->junit);
                if (!out) {
                    std::fprintf(stderr, "cprules test: cannot write '%s'\n", opt->junit.c_str());
                    return 2;
                }
                out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
                out << fmt::format("<testsuites tests=\"{}\" failures=\"{}\">\n", r.results.size(), failed);
                std::map<std::string, std::vector<const outcome*>> by_file;
                for (const auto& o : r.results) by_file[o.file].push_back(&o);
                for (const auto& [file, list] : by_file) {
                    std::size_t f = std::count_if(list.begin(), list.end(), [](const outcome* o) { return !o->failure.empty(); });
                    out << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n", markup_escape(file), list.size(), f);
                    for (const auto* o : list) {
                        out << fmt::format("    <testcase classname=\"{}\" name=\"{}\"", markup_escape(file), markup_escape(o->name));
                        if (o->failure.empty()) out << "/>\n";
                        else {
                            std::string_view first = o->failure;  // its first line, as the message
                            first = first.substr(0, first.find('\n'));
                            first.remove_prefix(std::min(first.find_first_not_of(' '), first.size()));
                            out << fmt::format(">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n", markup_escape(first),
                                               markup_escape(o->failure));
                        }
                    }
                    out << "  </testsuite>\n";
                }
                out << "</testsuites>\n";
            }
            std::printf("%zu passed, %zu failed\n", r.results.size() - failed, failed);
            if (r.results.empty()) {
                std::fprintf(stderr, "cprules test: no test cases found\n");
                return 2;
            }
            return failed ? 1 : 0;
        };
    });
}

}  // namespace cprules::cli
