// cprules diff: the semantic difference of two policies, rule by rule
// (matched by id and variant), in plain words (report/describe.hpp). A rule id
// both policies have, split into variants differently, is one entry: the
// rules each side has under it.
#include "commands.hpp"
#include "report/describe.hpp"
#include "report/report.hpp"
#include "session.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>
#include <tuple>

namespace cprules::cli {

namespace {

struct change {
    std::string rule, variant, label;
    std::string aspect, before, after;
    std::string text;  // "quorum: police now required"
};

struct only {
    const policy::rule* rule = nullptr;
    std::string text;
};

/// An id both policies have, whose rules do not pair up by variant: the unpaired ones of each side.
struct split {
    std::string id;
    std::vector<only> a, b;
};

struct metadata_change {
    std::string field, before, after;
};

struct policy_diff {
    std::vector<metadata_change> metadata;
    std::vector<std::string> calendar;  // the working days differ: every working-day due date may move
    std::vector<only> only_a, only_b;
    std::vector<split> splits;
    std::vector<change> changed;
    std::size_t split_rules() const {
        std::size_t n = 0;
        for (const auto& s : splits) n += s.a.size() + s.b.size();
        return n;
    }
    std::size_t differences() const { return calendar.size() + only_a.size() + only_b.size() + split_rules() + changed.size(); }
    /// How many rules (id, variant) differ in any way.
    std::size_t rules() const {
        std::vector<std::pair<std::string, std::string>> keys;
        for (const auto& c : changed)
            if (std::find(keys.begin(), keys.end(), std::pair(c.rule, c.variant)) == keys.end()) keys.emplace_back(c.rule, c.variant);
        return keys.size() + only_a.size() + only_b.size() + split_rules();
    }
};

using rule_key = std::pair<std::string, std::string>;  // id, variant

bool key_less(const rule_key& a, const rule_key& b) {
    return std::tuple(report::canonical_rank(a.first), a.first, a.second) < std::tuple(report::canonical_rank(b.first), b.first, b.second);
}

const policy::rule* find(const policy::compiled_policy& p, const rule_key& k) {
    for (const auto& r : p.rules)
        if (r.id == k.first && r.variant == k.second) return &r;
    return nullptr;
}

std::string joined_sources(const policy::compiled_policy& p) {
    std::string out;
    for (const auto& s : p.sources) out += (out.empty() ? "" : ", ") + s.file;
    return out;
}

std::string joined_grounds(const policy::compiled_policy& p) {
    std::string out;
    for (const auto& g : p.grounds) out += (out.empty() ? "" : ", ") + g.id;
    return out.empty() ? "none" : out;
}

void compare_rules(const policy::rule& ra, const policy::rule& rb, const policy::compiled_policy& a, const policy::compiled_policy& b,
                   std::vector<change>& out) {
    const std::string label = report::rule_label(ra);
    auto add = [&](std::string aspect, std::string before, std::string after, std::string text) {
        out.push_back({ra.id, ra.variant, label, std::move(aspect), std::move(before), std::move(after), label + ": " + std::move(text)});
    };
    const auto da = report::describe(ra, a), db = report::describe(rb, b);
    if (ra.kind != rb.kind) {
        const auto ka = std::string(policy::rule_kind_names[static_cast<std::size_t>(ra.kind)]);
        const auto kb = std::string(policy::rule_kind_names[static_cast<std::size_t>(rb.kind)]);
        add("kind", ka, kb, fmt::format("kind: {} → {}", ka, kb));
        add("rule", da.text, db.text, fmt::format("rule: {} → {}", da.text, db.text));
    } else {
        std::vector<std::string> mismatched_groups;
        auto note_group = [&](const std::string& g) {
            if (std::find(mismatched_groups.begin(), mismatched_groups.end(), g) == mismatched_groups.end()) mismatched_groups.push_back(g);
        };
        for (const auto& x : da.aspects) {
            auto y = std::find_if(db.aspects.begin(), db.aspects.end(), [&](const report::aspect& s) { return s.name == x.name; });
            if (y == db.aspects.end()) {
                note_group(x.group.empty() ? x.name : x.group);
                continue;
            }
            if (x.words == y->words && x.items == y->items) continue;
            if (x.is_set && !x.added.empty()) {
                for (const auto& item : y->items)
                    if (std::find(x.items.begin(), x.items.end(), item) == x.items.end())
                        add(x.name, x.words, y->words, fmt::format(fmt::runtime(x.added), item));
                for (const auto& item : x.items)
                    if (std::find(y->items.begin(), y->items.end(), item) == y->items.end())
                        add(x.name, x.words, y->words, fmt::format(fmt::runtime(x.removed), item));
                if (x.items == y->items) add(x.name, x.words, y->words, fmt::format("{}: {} → {}", x.name, x.words, y->words));
            } else {
                add(x.name, x.words, y->words, fmt::format("{}: {} → {}", x.name, x.words, y->words));
            }
        }
        for (const auto& y : db.aspects)
            if (std::none_of(da.aspects.begin(), da.aspects.end(), [&](const report::aspect& s) { return s.name == y.name; }))
                note_group(y.group.empty() ? y.name : y.group);
        for (const auto& g : mismatched_groups) {
            std::string before = da.group_words(g), after = db.group_words(g);
            add(g, before, after, fmt::format("{}: {} → {}", g, before, after));
        }
    }
    // The rule's own words: each finding carries its summary (and a check's failure), source and document.
    auto text = [&](const char* aspect, const std::string& x, const std::string& y) {
        if (x != y) add(aspect, x, y, fmt::format("{}: \"{}\" → \"{}\"", aspect, x, y));
    };
    text("summary", ra.summary, rb.summary);
    const auto* ca = std::get_if<policy::check_params>(&ra.params);
    const auto* cb = std::get_if<policy::check_params>(&rb.params);
    if (ca && cb) text("failure", ca->failure, cb->failure);
    text("source document", ra.source.document, rb.source.document);
    text("source section", ra.source.section, rb.source.section);
    if (ra.source.quote != rb.source.quote) add("source quote", ra.source.quote, rb.source.quote, "source quote changed");
    if (ra.note != rb.note) add("note", ra.note, rb.note, "note changed");
}

/// How two calendars' working days differ, in a few lines; none when they are the same.
std::vector<std::string> calendar_changes(const calendar::working_calendar* a, const calendar::working_calendar* b) {
    std::vector<std::string> out;
    if (!a || !b || a == b) return out;
    if (a->name() != b->name()) out.push_back(fmt::format("calendar: {} → {}", a->name(), b->name()));
    if (a->first() != b->first() || a->last() != b->last())
        out.push_back(fmt::format("calendar range: {} to {} → {} to {}", to_string(a->first()), to_string(a->last()), to_string(b->first()),
                                  to_string(b->last())));
    const date from = std::max(a->first(), b->first()), to = std::min(a->last(), b->last());
    if (from > to) return out;
    const auto ca = a->closures_between(from, to), cb = b->closures_between(from, to);
    auto only = [](const std::vector<calendar::closure>& x, const std::vector<calendar::closure>& y) {
        std::vector<const calendar::closure*> days;
        for (const auto& c : x)
            if (std::none_of(y.begin(), y.end(), [&](const calendar::closure& d) { return d.day == c.day; })) days.push_back(&c);
        return days;
    };
    auto words = [](const std::vector<const calendar::closure*>& days) {
        std::string s;
        for (std::size_t i = 0; i < days.size() && i < 3; ++i) s += fmt::format("{}{} {}", i ? ", " : "", to_string(days[i]->day), days[i]->name);
        if (days.size() > 3) s += fmt::format(" and {} more", days.size() - 3);
        return s;
    };
    if (const auto gone = only(ca, cb); !gone.empty())
        out.push_back(fmt::format("calendar: {} closed day{} of A {} working in B: {}", gone.size(), gone.size() == 1 ? "" : "s",
                                  gone.size() == 1 ? "is" : "are", words(gone)));
    if (const auto added = only(cb, ca); !added.empty())
        out.push_back(fmt::format("calendar: {} working day{} of A {} closed in B: {}", added.size(), added.size() == 1 ? "" : "s",
                                  added.size() == 1 ? "is" : "are", words(added)));
    return out;
}

policy_diff diff(const policy::compiled_policy& a, const policy::compiled_policy& b) {
    policy_diff d;
    auto meta = [&](const char* field, const std::string& x, const std::string& y) {
        if (x != y) d.metadata.push_back({field, x, y});
    };
    meta("id", a.id, b.id);
    meta("title", a.title, b.title);
    meta("partnership", a.partnership, b.partnership);
    meta("version", a.version, b.version);
    meta("effective", a.effective, b.effective);
    meta("sources", joined_sources(a), joined_sources(b));
    meta("grounds", joined_grounds(a), joined_grounds(b));
    meta("restart_plan_at_initial", a.restart_plan_at_initial ? "true" : "false", b.restart_plan_at_initial ? "true" : "false");
    for (const auto& g : a.grounds)
        if (const policy::ground* h = b.find_ground(g.id); h && h->words != g.words) meta(("ground " + g.id).c_str(), g.words, h->words);
    d.calendar = calendar_changes(a.calendar.get(), b.calendar.get());

    std::vector<rule_key> keys;
    for (const auto* p : {&a, &b})
        for (const auto& r : p->rules)
            if (std::find(keys.begin(), keys.end(), rule_key{r.id, r.variant}) == keys.end()) keys.emplace_back(r.id, r.variant);
    std::sort(keys.begin(), keys.end(), key_less);
    auto has_id = [](const policy::compiled_policy& p, const std::string& id) {
        return std::any_of(p.rules.begin(), p.rules.end(), [&](const policy::rule& r) { return r.id == id; });
    };
    // Keys are sorted by id, so one id's unpaired rules are next to each other.
    auto split_of = [&](const std::string& id) -> split& {
        if (d.splits.empty() || d.splits.back().id != id) d.splits.push_back({id, {}, {}});
        return d.splits.back();
    };
    for (const auto& k : keys) {
        const policy::rule* ra = find(a, k);
        const policy::rule* rb = find(b, k);
        if (ra && rb) compare_rules(*ra, *rb, a, b, d.changed);
        else if (!rb && has_id(b, k.first)) split_of(k.first).a.push_back({ra, report::describe(*ra, a).text});
        else if (!ra && has_id(a, k.first)) split_of(k.first).b.push_back({rb, report::describe(*rb, b).text});
        else if (!rb) d.only_a.push_back({ra, report::describe(*ra, a).text});
        else d.only_b.push_back({rb, report::describe(*rb, b).text});
    }
    return d;
}

std::string side_name(const policy::compiled_policy& p) { return p.version.empty() ? p.id : fmt::format("{} {}", p.id, p.version); }

/// "no differences", "3 differences in 2 rules", "2 differences in 1 rule and the calendar" ...
std::string summary_line(const policy_diff& d, bool sentence = false) {
    std::string s;
    if (d.differences() == 0) s = d.metadata.empty() ? "no differences" : "no rule differences";
    else if (d.rules() == 0) s = fmt::format("{} difference{} in the calendar", d.differences(), d.differences() == 1 ? "" : "s");
    else
        s = fmt::format("{} difference{} in {} rule{}{}", d.differences(), d.differences() == 1 ? "" : "s", d.rules(), d.rules() == 1 ? "" : "s",
                        d.calendar.empty() ? "" : " and the calendar");
    if (sentence) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

void print_text(std::string& out, const policy_diff& d, const policy::compiled_policy& a, const policy::compiled_policy& b) {
    out += fmt::format("A: {} ({})\nB: {} ({})\n", side_name(a), a.file, side_name(b), b.file);
    if (!d.metadata.empty()) {
        out += "metadata: ";
        for (std::size_t i = 0; i < d.metadata.size(); ++i)
            out += fmt::format("{}{}: {} → {}", i ? "; " : "", d.metadata[i].field, d.metadata[i].before, d.metadata[i].after);
        out += '\n';
    }
    for (const auto& c : d.calendar) out += c + '\n';
    for (const auto& o : d.only_a) out += fmt::format("only in A: {}: {}\n", report::rule_label(*o.rule), o.text);
    for (const auto& o : d.only_b) out += fmt::format("only in B: {}: {}\n", report::rule_label(*o.rule), o.text);
    for (const auto& s : d.splits) {
        for (const auto& o : s.a) out += fmt::format("{}: in A as {}: {}\n", s.id, report::rule_label(*o.rule), o.text);
        for (const auto& o : s.b) out += fmt::format("{}: in B as {}: {}\n", s.id, report::rule_label(*o.rule), o.text);
    }
    for (const auto& c : d.changed) out += c.text + '\n';
    out += summary_line(d) + '\n';
}

void print_markdown(std::string& out, const policy_diff& d, const policy::compiled_policy& a, const policy::compiled_policy& b) {
    out += fmt::format("# Policy differences: {} → {}\n\n", report::markdown_text(side_name(a)), report::markdown_text(side_name(b)));
    out += fmt::format("- A: {} (`{}`)\n- B: {} (`{}`)\n\n", report::markdown_text(a.title), a.file, report::markdown_text(b.title), b.file);
    if (!d.metadata.empty()) {
        out += "## Metadata\n\n";
        for (const auto& m : d.metadata) out += fmt::format("- {}: {} → {}\n", m.field, report::markdown_text(m.before), report::markdown_text(m.after));
        out += '\n';
    }
    if (!d.calendar.empty()) {
        out += "## Calendar\n\n";
        for (const auto& c : d.calendar) out += fmt::format("- {}\n", report::markdown_text(c));
        out += '\n';
    }
    auto section = [&](const char* title, const std::vector<only>& rules) {
        if (rules.empty()) return;
        out += fmt::format("## {}\n\n", title);
        for (const auto& o : rules) out += fmt::format("- `{}`: {}\n", report::rule_label(*o.rule), report::markdown_text(o.text));
        out += '\n';
    };
    section("Only in A", d.only_a);
    section("Only in B", d.only_b);
    if (!d.splits.empty()) {
        out += "## Split into variants differently\n\n";
        for (const auto& s : d.splits) {
            out += fmt::format("- `{}`\n", s.id);
            for (const auto& o : s.a) out += fmt::format("  - A: `{}`: {}\n", report::rule_label(*o.rule), report::markdown_text(o.text));
            for (const auto& o : s.b) out += fmt::format("  - B: `{}`: {}\n", report::rule_label(*o.rule), report::markdown_text(o.text));
        }
        out += '\n';
    }
    if (!d.changed.empty()) {
        out += "## Changed\n\n";
        for (const auto& c : d.changed) out += fmt::format("- `{}`: {}\n", c.label, report::markdown_text(std::string_view(c.text).substr(c.label.size() + 2)));
        out += '\n';
    }
    out += summary_line(d, true) + ".\n";
}

void json_side(std::string& out, const policy::compiled_policy& p) {
    out += '{';
    report::append_policy_fields(out, p);
    out += '}';
}

void json_rule_key(std::string& out, const std::string& id, const std::string& variant) {
    out += "{\"rule\": ";
    report::append_json_string(out, id);
    if (!variant.empty()) {
        out += ", \"variant\": ";
        report::append_json_string(out, variant);
    }
}

void print_json(std::string& out, const policy_diff& d, const policy::compiled_policy& a, const policy::compiled_policy& b) {
    out += "{\n  \"a\": ";
    json_side(out, a);
    out += ",\n  \"b\": ";
    json_side(out, b);
    out += ",\n  \"metadata\": [";
    for (std::size_t i = 0; i < d.metadata.size(); ++i) {
        out += i ? ",\n    " : "\n    ";
        out += "{\"field\": ";
        report::append_json_string(out, d.metadata[i].field);
        out += ", \"a\": ";
        report::append_json_string(out, d.metadata[i].before);
        out += ", \"b\": ";
        report::append_json_string(out, d.metadata[i].after);
        out += '}';
    }
    out += d.metadata.empty() ? "]" : "\n  ]";
    out += ",\n  \"calendar\": [";
    for (std::size_t i = 0; i < d.calendar.size(); ++i) {
        out += i ? ", " : "";
        report::append_json_string(out, d.calendar[i]);
    }
    out += ']';
    auto onlies = [&](const char* key, const std::vector<only>& rules) {
        out += fmt::format(",\n  \"{}\": [", key);
        for (std::size_t i = 0; i < rules.size(); ++i) {
            out += i ? ",\n    " : "\n    ";
            json_rule_key(out, rules[i].rule->id, rules[i].rule->variant);
            out += ", \"description\": ";
            report::append_json_string(out, rules[i].text);
            out += '}';
        }
        out += rules.empty() ? "]" : "\n  ]";
    };
    onlies("only_in_a", d.only_a);
    onlies("only_in_b", d.only_b);
    out += ",\n  \"split\": [";
    for (std::size_t i = 0; i < d.splits.size(); ++i) {
        const auto& s = d.splits[i];
        out += i ? ",\n    " : "\n    ";
        out += "{\"rule\": ";
        report::append_json_string(out, s.id);
        for (const auto& [key, rules] : {std::pair{"a", &s.a}, std::pair{"b", &s.b}}) {
            out += fmt::format(", \"{}\": [", key);
            for (std::size_t j = 0; j < rules->size(); ++j) {
                const policy::rule& r = *(*rules)[j].rule;
                out += j ? ", {" : "{";
                if (!r.variant.empty()) {
                    out += "\"variant\": ";
                    report::append_json_string(out, r.variant);
                    out += ", ";
                }
                out += "\"description\": ";
                report::append_json_string(out, (*rules)[j].text);
                out += '}';
            }
            out += ']';
        }
        out += '}';
    }
    out += d.splits.empty() ? "]" : "\n  ]";
    out += ",\n  \"changed\": [";
    for (std::size_t i = 0; i < d.changed.size(); ++i) {
        const auto& c = d.changed[i];
        out += i ? ",\n    " : "\n    ";
        json_rule_key(out, c.rule, c.variant);
        out += ", \"aspect\": ";
        report::append_json_string(out, c.aspect);
        out += ", \"a\": ";
        report::append_json_string(out, c.before);
        out += ", \"b\": ";
        report::append_json_string(out, c.after);
        out += ", \"text\": ";
        report::append_json_string(out, c.text);
        out += '}';
    }
    out += d.changed.empty() ? "]" : "\n  ]";
    out += fmt::format(",\n  \"differences\": {},\n  \"rules\": {}\n}}\n", d.differences(), d.rules());
}

}  // namespace

void add_diff_command(CLI::App& app, action& run) {
    struct options {
        std::string a, b, format = "text";
    };
    auto opt = std::make_shared<options>();
    auto* cmd = app.add_subcommand("diff", "The semantic difference of two policies, rule by rule");
    cmd->add_option("policy_a", opt->a, "A bundled policy name or a policy file")->required();
    cmd->add_option("policy_b", opt->b, "A bundled policy name or a policy file")->required();
    cmd->add_option("--format", opt->format, "Output format")->check(CLI::IsMember({"text", "markdown", "json"}));
    cmd->callback([opt, &run] {
        run = [opt]() -> int {
            std::vector<diagnostic> diags;
            auto a = policy::load(opt->a, diags);
            auto b = policy::load(opt->b, diags);
            if (!a || !b) {
                print_diagnostics(diags);
                std::fprintf(stderr, "cprules diff: %s does not load\n", !a ? opt->a.c_str() : opt->b.c_str());
                return 2;
            }
            const auto d = diff(*a, *b);
            std::string out;
            if (opt->format == "json") print_json(out, d, *a, *b);
            else if (opt->format == "markdown") print_markdown(out, d, *a, *b);
            else print_text(out, d, *a, *b);
            std::fwrite(out.data(), 1, out.size(), stdout);
            return d.differences() > 0 ? 1 : 0;
        };
    });
}

}  // namespace cprules::cli
