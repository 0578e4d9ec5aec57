// Author-facing checks beyond loading (see lint.hpp). Positions come from
// re-reading the policy's YAML, so that a warning points at the quote or
// ground it is about, not just at the rule.
#include "policy/lint.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace cprules::policy {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t max_quote_words = 50;

std::optional<std::string> read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

source_location loc(const std::string& file, const YAML::Mark& m) { return {file, m.line + 1, m.column + 1}; }

diagnostic warning(std::string code, std::string message, source_location where) {
    return {std::move(code), diagnostic_severity::warning, std::move(message), std::move(where), {}};
}


/// Quotes are compared after folding case, typographic quotes and dashes, and runs of white space.
std::string normalise(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    auto put = [&](char c) {
        if (c == ' ' && (out.empty() || out.back() == ' ')) return;
        out += c;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
            const auto d = static_cast<unsigned char>(s[i + 2]);
            i += 2;
            if (d == 0x98 || d == 0x99) put('\'');
            else if (d == 0x9C || d == 0x9D) put('"');
            else if (d == 0x93 || d == 0x94) put('-');
            else if (d == 0xA6) out += "...";
            else put(' ');
            continue;
        }
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {  // no-break space
            ++i;
            put(' ');
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') put(' ');
        else put(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

/// The parts of a quote between elisions ("...", "[...]") and editorial brackets.
std::vector<std::string> quote_parts(const std::string& quote) {
    std::string q = normalise(quote);
    std::vector<std::string> parts;
    std::string cur;
    auto flush = [&] {
        while (!cur.empty() && (cur.back() == ' ')) cur.pop_back();
        std::size_t b = 0;
        while (b < cur.size() && cur[b] == ' ') ++b;
        // Trailing sentence punctuation and quotation marks often differ from the text.
        std::string part = cur.substr(b);
        while (!part.empty() && std::string_view(".,;:\"'").find(part.back()) != std::string_view::npos) part.pop_back();
        while (!part.empty() && std::string_view("\"'").find(part.front()) != std::string_view::npos) part.erase(0, 1);
        if (part.size() >= 3) parts.push_back(part);
        cur.clear();
    };
    for (std::size_t i = 0; i < q.size(); ++i) {
        if (q.compare(i, 3, "...") == 0) {
            flush();
            i += 2;
        } else if (q[i] == '[') {
            flush();
            const auto close = q.find(']', i);
            if (close == std::string::npos) break;
            i = close;
        } else {
            cur += q[i];
        }
    }
    flush();
    return parts;
}

std::string rule_label_of(const rule& r) { return r.variant.empty() ? r.id : fmt::format("{} ({})", r.id, r.variant); }

std::size_t word_count(std::string_view s) {
    std::size_t n = 0;
    bool in_word = false;
    for (char c : s) {
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (!space && !in_word) ++n;
        in_word = !space;
    }
    return n;
}

/// Rule ids named by `rule:` anywhere in the test files under `dir`.
std::set<std::string> tested_rule_ids(const fs::path& dir) {
    std::set<std::string> ids;
    auto walk = [&](auto&& self, const YAML::Node& n) -> void {
        if (n.IsMap()) {
            for (auto it = n.begin(); it != n.end(); ++it) {
                if (it->first.IsScalar() && it->first.Scalar() == "rule" && it->second.IsScalar()) ids.insert(it->second.Scalar());
                self(self, it->second);
            }
        } else if (n.IsSequence()) {
            for (const auto& item : n) self(self, item);
        }
    };
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const auto ext = it->path().extension();
        std::error_code status;  // a link that cannot be followed is not a test file here
        if (!it->is_regular_file(status) || (ext != ".yaml" && ext != ".yml")) continue;
        try {
            walk(walk, YAML::LoadFile(it->path().string()));
        } catch (const YAML::Exception&) {
            // `cprules test` reports unreadable test files.
        }
    }
    return ids;
}

/// The policy file's own YAML, to find where things are written.
class positions {
public:
    explicit positions(const std::string& file) : file_(file) {
        if (auto text = read_file(file)) {
            try {
                root_ = YAML::Load(*text);
            } catch (const YAML::Exception&) {
            }
        }
    }
    source_location top(const char* key) const {
        if (root_.IsMap() && root_[key]) return loc(file_, root_[key].Mark());
        return {file_, 1, 1};
    }
    /// The node of the rule written at `where`, if any.
    YAML::Node rule_at(const source_location& where) const {
        if (!root_.IsMap() || !root_["rules"] || !root_["rules"].IsSequence()) return {};
        for (const auto& n : root_["rules"])
            if (n.Mark().line + 1 == where.line && n.Mark().column + 1 == where.column) return n;
        return {};
    }
    source_location quote_of(const rule& r) const {
        YAML::Node n = rule_at(r.location);
        if (n.IsMap() && n["source"] && n["source"].IsMap() && n["source"]["quote"]) return loc(file_, n["source"]["quote"].Mark());
        return r.location;
    }
    /// Where this file defines a ground; nullopt when it does not (e.g. inherited).
    std::optional<source_location> ground(std::string_view id) const {
        if (root_.IsMap() && root_["grounds"] && root_["grounds"].IsSequence())
            for (const auto& g : root_["grounds"])
                if (g.IsMap() && g["id"] && g["id"].IsScalar() && g["id"].Scalar() == id) return loc(file_, g.Mark());
        return std::nullopt;
    }

private:
    std::string file_;
    YAML::Node root_;
};

class documents {
public:
    documents(const compiled_policy& p, const lint_options& o) {
        const fs::path dir = fs::path(p.file).parent_path();
        dirs_ = {dir, dir / "sources"};
        for (const auto& d : o.source_dirs) dirs_.emplace_back(d);
    }
    /// The normalised text of a source document, or null when it is not found.
    const std::string* text(const std::string& name) {
        auto it = cache_.find(name);
        if (it == cache_.end()) {
            std::optional<std::string> found;
            for (const auto& d : dirs_)
                if (!found && !name.empty()) found = read_file(d / name);
            it = cache_.emplace(name, found ? std::optional<std::string>(normalise(*found)) : std::nullopt).first;
        }
        return it->second ? &*it->second : nullptr;
    }

private:
    std::vector<fs::path> dirs_;
    std::map<std::string, std::optional<std::string>> cache_;
};

}  // namespace


std::vector<diagnostic> lint(const compiled_policy& p, const lint_options& options) {
    std::vector<diagnostic> out;
    const positions where(p.file);
    documents docs(p, options);
    auto own = [&](const rule& r) { return r.location.file == p.file; };

    // Test cases: <policy dir>/../tests/cases/policies/<id>.
    const fs::path tests = (fs::path(p.file).parent_path() / ".." / "tests" / "cases" / "policies" / p.id).lexically_normal();
    std::error_code ec;
    if (!fs::is_directory(tests, ec)) {
        out.push_back(warning("lint.no_tests", fmt::format("policy '{}' has no test cases (expected a folder {})", p.id, tests.string()),
                              where.top("id")));
    } else {
        const auto tested = tested_rule_ids(tests);
        std::set<std::string> warned;
        for (const auto& r : p.rules)
            if (own(r) && !tested.contains(r.id) && warned.insert(r.id).second)
                out.push_back(warning("lint.no_test", fmt::format("rule '{}' has no test case under {} (no expectation names `rule: {}`)",
                                                                  r.id, tests.string(), r.id),
                                      r.location));
    }

    for (const auto& r : p.rules) {
        if (!own(r)) continue;
        // Quotes: present, short, and found in the document.
        const std::size_t words = word_count(r.source.quote);
        if (words == 0) {
            out.push_back(warning("lint.empty_quote", fmt::format("rule '{}': the source quote is empty; quote the document's own words", rule_label_of(r)),
                                  where.quote_of(r)));
        } else if (words > max_quote_words) {
            out.push_back(warning("lint.long_quote",
                                  fmt::format("rule '{}': the source quote is {} words long; keep it to a short exact quote of at most {} words",
                                              rule_label_of(r), words, max_quote_words),
                                  where.quote_of(r)));
        }
        if (words > 0) {
            if (const std::string* text = docs.text(r.source.document)) {
                for (const auto& part : quote_parts(r.source.quote))
                    if (text->find(part) == std::string::npos) {
                        out.push_back(warning("lint.quote_not_found",
                                              fmt::format("rule '{}': the quote is not in {} (compared ignoring case, quotation marks and line breaks): \"{}\"", rule_label_of(r), r.source.document, part),
                                              where.quote_of(r)));
                        break;
                    }
            }
        }
    }

    // Grounds no exclusion rule allows are never used.
    for (const auto& g : p.grounds) {
        if (auto at = where.ground(g.id)) {
            const bool used = std::any_of(p.rules.begin(), p.rules.end(), [&](const rule& r) {
                const auto* x = std::get_if<exclusion_params>(&r.params);
                return x && std::find(x->grounds.begin(), x->grounds.end(), g.id) != x->grounds.end();
            });
            if (!used)
                out.push_back(warning("lint.unused_ground", fmt::format("ground '{}' is not allowed by any exclusion rule", g.id), *at));
        }
    }
    sort_diagnostics(out);
    return out;
}

}  // namespace cprules::policy
