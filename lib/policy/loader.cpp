// Policy YAML -> compiled_policy. Stages: parse (yaml-cpp, with marks) ->
// resolve `extends` -> check keys, types and values -> compile conditions ->
// check the calendar. Every problem becomes a diagnostic with file:line:column.
#include "policy/fields.hpp"
#include "policy/policy.hpp"
#include "support/data_dir.hpp"
#include "support/suggest.hpp"
#include "support/yaml_document.hpp"
#include "support/yaml_keys.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace cprules::policy {

namespace fs = std::filesystem;

const rule* compiled_policy::find(std::string_view rule_id) const {
    for (const auto& r : rules)
        if (r.id == rule_id) return &r;
    return nullptr;
}

std::string_view item_key(const rule& r) {
    bool exclusion = r.kind == rule_kind::exclusion;
    if (const auto* p = std::get_if<item_deadline_params>(&r.params)) exclusion = on_exclusions(p->field);
    if (const auto* p = std::get_if<check_params>(&r.params)) exclusion = p->on == check_params::subject::exclusion;
    return exclusion ? "exclusion" : "report";
}

const ground* compiled_policy::find_ground(std::string_view ground_id) const {
    for (const auto& g : grounds)
        if (g.id == ground_id) return &g;
    return nullptr;
}

std::string bundled_dir() { return cprules::detail::data_dir(); }

std::vector<std::string> bundled_names() {
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(bundled_dir(), ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code status;  // a link that cannot be followed is not a policy
        if (it->is_regular_file(status) && it->path().extension() == ".yaml") names.push_back(it->path().stem().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

namespace {

// Canonical ids (contract section 3) and the kinds that may encode them.
const std::map<std::string_view, std::vector<rule_kind>>& canonical_ids() {
    using k = rule_kind;
    static const std::map<std::string_view, std::vector<rule_kind>> ids = {
        {"icpc.request", {k::deadline}},
        {"icpc.timescale", {k::deadline}},
        {"transfer_in.timescale", {k::deadline}},
        {"pre_birth.timescale", {k::deadline}},
        {"birth_response_plan.timescale", {k::deadline}},
        {"reports.to_chair", {k::item_deadline}},
        {"reports.to_parents", {k::item_deadline}},
        {"quorum", {k::quorum}},
        {"quorum.reconvene", {k::conference_deadline}},
        {"deferral.reconvene", {k::conference_deadline}},
        {"decision.method", {k::decision}},
        {"decision.categories", {k::categories}},
        {"decision.circulated", {k::conference_deadline}},
        {"decision.letter_to_parents", {k::conference_deadline}},
        {"minutes.circulated", {k::conference_deadline}},
        {"review.first", {k::recurring}},
        {"review.after_pre_birth", {k::recurring}},
        {"review.subsequent", {k::recurring}},
        {"core_group.first", {k::recurring}},
        {"core_group.frequency", {k::recurring}},
        {"visits.frequency", {k::recurring}},
        {"exclusion.grounds", {k::exclusion, k::check}},
        {"exclusion.notice", {k::item_deadline, k::check}},
        {"plan.discontinuation", {k::plan_end, k::check}},
        {"plan.duration_escalation", {k::deadline, k::recurring}},
    };
    return ids;
}

const std::vector<std::string_view> common_rule_keys = {"id", "variant", "kind", "severity", "summary", "applies_when", "source", "note"};

const std::vector<std::string_view>& kind_keys(rule_kind k) {
    static const std::array<std::vector<std::string_view>, rule_kind_names.size()> keys = {{
        {"due", "done", "cancelled_by", "cancel_until", "waivable", "counting"},
        {"offset", "done", "decided_when", "cancelled_by", "cancel_until", "counting"},
        {"offset", "done", "where", "counting"},
        {"start", "series", "first", "every", "chain_from", "waivable", "suspended_when", "resume_after", "counting"},
        {"required", "others_with_contact", "excuse_without_contact", "excuse_others_without_contact", "not_expected", "excuse_one_absent_with_report",
         "waivable", "waivable_when", "consequence"},
        {"method", "voters", "one_voice_per", "casting_vote", "chair_needs_reasons"},
        {"min", "max", "more_with_reason", "transfer_in_makes_plan", "never_alone", "avoid", "avoid_when"},
        {"grounds", "evidence_required", "decided_by", "reason_recorded"},
        {"first_review_needs_reasons", "first_review_needs_exceptional_reason", "first_review_excused_when", "requires_quorate", "strict_quorum"},
        {"kinds", "agencies"},
        {"from", "except", "match", "offset"},
        {"each", "per_child", "require", "failure", "waivable"},
    }};
    return keys[static_cast<std::size_t>(k)];
}

template <std::size_t N>
std::vector<std::string_view> word_list(const std::array<std::string_view, N>& names) {
    std::vector<std::string_view> out;
    for (auto n : names)
        if (!n.empty()) out.push_back(n);
    return out;
}

std::string join(const std::vector<std::string_view>& words) {
    std::string out;
    for (auto w : words) {
        if (!out.empty()) out += ", ";
        out += w;
    }
    return out;
}

/// Whether a condition's value depends only on one event: that event's own recorded
/// fields, not a child, a date or other events. `offset`: 0 for `event.*` fields,
/// field::conference_offset for `conference.*`.
bool event_only(const expr::program& program, int offset = 0) {
    const auto slots = program.slots();
    return std::all_of(slots.begin(), slots.end(), [&](int slot) { return slot >= offset && event_own(slot - offset); });
}

/// Whether a condition reads a child's fields (child.*).
bool reads_child(const expr::program& program) {
    const auto slots = program.slots();
    return std::any_of(slots.begin(), slots.end(), [](int slot) { return scope_of(slot) == field_scope::child; });
}

/// Gives each selector whose `where` is event-only, and each `applies_when` on one
/// event's own fields, a slot in the evaluator's memo, so that it is evaluated once
/// per event, not once per child and rule. Conditions of the same text share a slot:
/// the same text reads the same fields of the same event.
void assign_memo_slots(compiled_policy& p) {
    std::map<std::string, int, std::less<>> slots;
    auto slot_of = [&](const expr::program& where) {
        return slots.try_emplace(where.text(), static_cast<int>(slots.size())).first->second;
    };
    auto slot = [&](selector& s) {
        if (s.where && event_only(*s.where)) s.memo = slot_of(*s.where);
    };
    for (auto& r : p.rules) {
        if (r.applies_when) {
            const bool conference = event_only(*r.applies_when, static_cast<int>(field::conference_offset));
            if (conference || event_only(*r.applies_when)) {
                r.applies_memo = slot_of(*r.applies_when);
                r.memo_on_conference = conference;
            }
        }
        std::visit(
            [&](auto& params) {
                using T = std::decay_t<decltype(params)>;
                if constexpr (std::is_same_v<T, deadline_params>) {
                    for (auto& c : params.due.candidates)
                        if (c.from == anchor::origin::event) slot(c.events);
                    slot(params.done);
                    if (params.cancelled_by) slot(*params.cancelled_by);
                } else if constexpr (std::is_same_v<T, conference_deadline_params>) {
                    if (params.cancelled_by) slot(*params.cancelled_by);
                    if (params.deciding) slot(*params.deciding);
                } else if constexpr (std::is_same_v<T, recurring_params>) {
                    slot(params.start);
                    slot(params.series);
                    if (params.first)
                        for (auto& c : params.first->candidates)
                            if (c.from == anchor::origin::event) slot(c.events);
                } else if constexpr (std::is_same_v<T, check_params>) {
                    if (params.on == check_params::subject::event) slot(params.events);
                }
            },
            r.params);
    }
    p.memo_count = static_cast<int>(slots.size());
}

class compiler {
public:
    compiler(std::string file, std::vector<diagnostic>& diags, int depth) : file_(std::move(file)), diags_(diags), depth_(depth) {}

    std::shared_ptr<compiled_policy> run(const std::string& text) {
        text_ = text;
        YAML::Node root;
        try {
            root = detail::load_one_document(text, "a second YAML document: a policy file holds one policy");
        } catch (const YAML::ParserException& e) {
            error(e.mark, "policy.bad_yaml", e.msg);
            return nullptr;
        }
        if (!root.IsMap()) {
            error(root.Mark(), "policy.bad_type", "a policy is a YAML mapping (id, title, rules, ...)");
            return nullptr;
        }
        auto p = std::make_shared<compiled_policy>();
        p->file = file_;
        check_keys(root, {"cprules", "id", "title", "partnership", "version", "effective", "calendar", "extends", "remove",
                          "sources", "grounds", "restart_plan_at_initial", "rules"}, "policy");
        if (auto v = root["cprules"]) {
            if (scalar(v, "cprules") != "1") error(v.Mark(), "policy.bad_value", "this build reads policy format 1 (cprules: 1)");
        }
        std::vector<std::string> removed;
        if (auto base_name = root["extends"]) {
            if (!load_base(base_name, *p)) return nullptr;
            if (auto r = root["remove"]) removed = string_list(r, "remove");
        } else if (auto r = root["remove"]) {
            error(r.Mark(), "policy.bad_key", "`remove` only makes sense with `extends`");
        }
        read_metadata(root, *p);
        if (auto n = root["restart_plan_at_initial"]) p->restart_plan_at_initial = boolean(n, "restart_plan_at_initial").value_or(false);
        if (auto g = root["grounds"]) read_grounds(g, *p);
        for (const auto& id : removed) {
            auto before = p->rules.size();
            std::erase_if(p->rules, [&](const rule& r) { return r.id == id; });
            if (p->rules.size() == before) error(root["remove"].Mark(), "policy.unknown_rule", fmt::format("`remove` names '{}', which the base policy does not have", id));
        }
        if (auto rules = root["rules"]) read_rules(rules, *p);
        else if (!root["extends"]) error(root.Mark(), "policy.missing_key", "a policy needs `rules`");
        for (const auto& r : p->rules)
            if (const auto* pe = std::get_if<plan_end_params>(&r.params); pe && pe->requires_quorate && !p->find("quorum"))
                diags_.push_back({"policy.never_applies", diagnostic_severity::error,
                                  "`requires_quorate` needs the policy's `quorum` rule, and this policy has none", r.location, {}});
        p->reads_quorate = p->reads_quorate || reads_quorate_;
        if (has_errors(diags_)) return nullptr;
        return p;
    }

private:
    source_location loc(const YAML::Mark& m) const { return {file_, m.line + 1, m.column + 1}; }
    void error(const YAML::Mark& m, std::string code, std::string message) {
        diags_.push_back({std::move(code), diagnostic_severity::error, std::move(message), loc(m), {}});
    }
    void warning(const YAML::Mark& m, std::string code, std::string message) {
        diags_.push_back({std::move(code), diagnostic_severity::warning, std::move(message), loc(m), {}});
    }

    void check_keys(const YAML::Node& map, const std::vector<std::string_view>& allowed, std::string_view what) {
        if (!map.IsMap()) return;
        for (const auto& twice : detail::repeated_keys(map))  // yaml-cpp keeps only the first of two equal keys: say so
            error(twice.at, "policy.duplicate_key",
                  fmt::format("key '{}' appears twice in this mapping (first at line {}); only the first would be read", twice.key, twice.first_line));
        for (auto it = map.begin(); it != map.end(); ++it) {
            const std::string key = it->first.Scalar();
            if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
            std::string hint = detail::closest(key, allowed);
            error(it->first.Mark(), "policy.unknown_key",
                  hint.empty() ? fmt::format("unknown key '{}' in {} (allowed: {})", key, what, join(allowed))
                               : fmt::format("unknown key '{}' in {}; did you mean '{}'?", key, what, hint));
        }
    }

    std::string scalar(const YAML::Node& n, std::string_view what) {
        if (!n.IsScalar()) {
            error(n.Mark(), "policy.bad_type", fmt::format("`{}` must be a single value", what));
            return {};
        }
        return n.Scalar();
    }
    std::string required_scalar(const YAML::Node& map, const char* key, std::string_view what) {
        auto n = map[key];
        if (!n) {
            error(map.Mark(), "policy.missing_key", fmt::format("{} needs `{}`", what, key));
            return {};
        }
        return scalar(n, key);
    }
    std::optional<bool> boolean(const YAML::Node& n, std::string_view what) {
        const std::string s = scalar(n, what);
        if (s == "true") return true;
        if (s == "false") return false;
        if (!s.empty()) error(n.Mark(), "policy.bad_type", fmt::format("`{}` must be true or false, not '{}'", what, s));
        return std::nullopt;
    }
    std::optional<int> integer(const YAML::Node& n, std::string_view what, int lo, int hi) {
        const std::string s = scalar(n, what);
        if (s.empty()) return std::nullopt;
        char* end = nullptr;
        long v = std::strtol(s.c_str(), &end, 10);
        if (*end != '\0' || v < lo || v > hi) {
            error(n.Mark(), "policy.bad_type", fmt::format("`{}` must be a whole number from {} to {}, not '{}'", what, lo, hi, s));
            return std::nullopt;
        }
        return static_cast<int>(v);
    }
    std::vector<std::string> string_list(const YAML::Node& n, std::string_view what) {
        std::vector<std::string> out;
        if (n.IsScalar()) {
            out.push_back(n.Scalar());
            return out;
        }
        if (!n.IsSequence()) {
            error(n.Mark(), "policy.bad_type", fmt::format("`{}` must be a list", what));
            return out;
        }
        for (const auto& item : n) {
            auto s = scalar(item, what);
            if (!s.empty()) out.push_back(s);
        }
        return out;
    }
    template <std::size_t N>
    std::optional<std::size_t> word(const YAML::Node& n, std::string_view what, const std::array<std::string_view, N>& names) {
        const std::string s = scalar(n, what);
        if (s.empty()) {  // not a scalar: reported by scalar()
            if (n.IsScalar()) error(n.Mark(), "policy.bad_value", fmt::format("`{}` is empty (one of: {})", what, join(word_list(names))));
            return std::nullopt;
        }
        for (std::size_t i = 0; i < N; ++i)
            if (!names[i].empty() && names[i] == s) return i;
        auto words = word_list(names);
        std::string hint = detail::closest(s, words);
        error(n.Mark(), "policy.bad_value",
              hint.empty() ? fmt::format("'{}' is not a valid `{}` (one of: {})", s, what, join(words))
                           : fmt::format("'{}' is not a valid `{}`; did you mean '{}'?", s, what, hint));
        return std::nullopt;
    }
    template <std::size_t N>
    std::uint32_t word_set(const YAML::Node& n, std::string_view what, const std::array<std::string_view, N>& names) {
        std::uint32_t set = 0;
        auto each = [&](const YAML::Node& item) {
            if (auto i = word(item, what, names)) set |= 1u << *i;
        };
        if (n.IsSequence()) {
            for (const auto& item : n) each(item);
        } else {
            each(n);
        }
        return set;
    }
    std::optional<calendar::offset> offset(const YAML::Node& n, std::string_view what) {
        const std::string s = scalar(n, what);
        if (s.empty()) return std::nullopt;
        std::string why;
        auto o = calendar::parse_offset(s, &why);
        if (!o) error(n.Mark(), "policy.bad_offset", fmt::format("`{}`: {}", what, why));
        return o;
    }
    /// `items`: whose report.* or exclusion.* fields the condition may read (they have a value only in a rule about those items).
    std::optional<expr::program> condition(const YAML::Node& n, std::string_view what, field_scope items = field_scope::event) {
        const std::string text = scalar(n, what);
        if (text.empty()) return std::nullopt;
        std::vector<expr::error> errors;
        auto program = expr::program::compile(text, condition_schema(), errors);
        for (const auto& e : errors)
            error(locate(n, e.offset), e.code == "expr.unknown_field" ? "policy.unknown_field" : e.code, fmt::format("in `{}`: {}", what, e.message));
        if (program)
            for (int slot : program->slots()) {
                reads_quorate_ = reads_quorate_ || reads_quorum(slot);
                const auto scope = scope_of(slot);
                if ((scope == field_scope::report || scope == field_scope::exclusion) && scope != items) {
                    const bool report = scope == field_scope::report;
                    error(n.Mark(), "policy.bad_value",
                          fmt::format("`{}` cannot use {} fields: they have a value only in a rule about {} (an item_deadline's "
                                      "`where`, or a check's `each: {{item: {}}}`)",
                                      what, report ? "report.*" : "exclusion.*", report ? "reports" : "exclusions",
                                      report ? "report" : "exclusion"));
                    break;
                }
            }
        return program;
    }

    bool load_base(const YAML::Node& n, compiled_policy& p) {
        const std::string name = scalar(n, "extends");
        if (name.empty()) return false;
        if (depth_ > 8) {
            error(n.Mark(), "policy.extends_cycle", "`extends` goes more than 8 policies deep (is there a cycle?)");
            return false;
        }
        std::string path = name;
        if (name.find('/') == std::string::npos && !name.ends_with(".yaml")) path = bundled_dir() + "/" + name + ".yaml";
        else if (fs::path(name).is_relative()) path = (fs::path(file_).parent_path() / name).string();
        std::ifstream in(path);
        if (!in) {
            error(n.Mark(), "policy.not_found", fmt::format("`extends`: cannot read policy '{}' ({})", name, path));
            return false;
        }
        std::stringstream ss;
        ss << in.rdbuf();
        compiler base(path, diags_, depth_ + 1);
        auto b = base.run(ss.str());
        if (!b) return false;
        p = *b;
        p.file = file_;
        return true;
    }

    void read_metadata(const YAML::Node& root, compiled_policy& p) {
        auto text = [&](const char* key, std::string& field) {
            if (auto n = root[key]) field = scalar(n, key);
            else if (field.empty()) error(root.Mark(), "policy.missing_key", fmt::format("a policy needs `{}`", key));
        };
        text("id", p.id);
        text("title", p.title);
        text("partnership", p.partnership);
        text("version", p.version);
        if (auto n = root["effective"]) {
            p.effective = scalar(n, "effective");
            std::string why;
            if (!parse_date(p.effective, &why)) error(n.Mark(), "policy.bad_date", fmt::format("`effective`: {}", why));
        }
        std::string cal_name = p.calendar ? p.calendar->name() : "england-and-wales";
        YAML::Mark cal_mark = root.Mark();
        if (auto n = root["calendar"]) {
            cal_name = scalar(n, "calendar");
            cal_mark = n.Mark();
        }
        if (!p.calendar || root["calendar"]) {
            std::vector<diagnostic> cal_diags;
            std::string dir = calendar::bundled_dir();
            std::string name = cal_name;
            if ((name.find('/') != std::string::npos || name.ends_with(".yaml")) && fs::path(name).is_relative())
                name = (fs::path(file_).parent_path() / name).string();
            p.calendar = calendar::working_calendar::load(name, dir, cal_diags);
            for (auto& d : cal_diags) {
                if (d.location.file.empty()) d.location = loc(cal_mark);  // e.g. no such calendar: point at `calendar:`
                diags_.push_back(std::move(d));
            }
            if (!p.calendar && !has_errors(cal_diags))
                error(cal_mark, "policy.bad_calendar", fmt::format("cannot load calendar '{}'", cal_name));
        }
        if (p.calendar && !p.effective.empty()) {
            if (auto d = parse_date(p.effective); d && !p.calendar->covers(*d))
                error(root["effective"].Mark(), "policy.date_outside_calendar",
                      fmt::format("`effective` {} is outside the calendar {} ({} to {})", p.effective, p.calendar->name(),
                                  to_string(p.calendar->first()), to_string(p.calendar->last())));
        }
        if (auto s = root["sources"]) {
            if (!s.IsSequence()) error(s.Mark(), "policy.bad_type", "`sources` is a list of {file, title}");
            else if (s.size() == 0) error(s.Mark(), "policy.missing_key", "`sources` is empty: name the procedure documents the policy encodes");
            else {
                p.sources.clear();
                for (const auto& item : s) {
                    check_keys(item, {"file", "title"}, "a source");
                    p.sources.push_back({required_scalar(item, "file", "a source"), item["title"] ? scalar(item["title"], "title") : ""});
                }
            }
        } else if (p.sources.empty()) {
            error(root.Mark(), "policy.missing_key", "a policy needs `sources` (the procedure documents it encodes)");
        }
    }

    void read_grounds(const YAML::Node& g, compiled_policy& p) {
        if (!g.IsSequence()) {
            error(g.Mark(), "policy.bad_type", "`grounds` is a list of {id, words}");
            return;
        }
        for (const auto& item : g) {
            check_keys(item, {"id", "words"}, "a ground");
            ground gr{required_scalar(item, "id", "a ground"), required_scalar(item, "words", "a ground")};
            if (p.find_ground(gr.id)) error(item.Mark(), "policy.duplicate_id", fmt::format("ground '{}' is defined twice", gr.id));
            p.grounds.push_back(std::move(gr));
        }
    }

    /// `allow_select`: anchors choose first/last (and `each`, with allow_each); `done`,
    /// `start`, `series` and `cancelled_by` always mean every matching event in order.
    selector read_selector(const YAML::Node& n, std::string_view what, bool allow_each, bool allow_select = false,
                           bool allow_date = false) {
        selector s;
        if (!n.IsMap()) {
            error(n.Mark(), "policy.bad_type", fmt::format("`{}` is a mapping {{event: TYPE, where: CONDITION, select: first|last}}", what));
            return s;
        }
        if (allow_date) check_keys(n, {"event", "where", "select", "date"}, what);
        else check_keys(n, {"event", "where", "select"}, what);
        if (auto e = n["event"]) {
            if (auto t = word(e, "event", facts::event_type_names)) s.type = static_cast<facts::event_type>(*t);
        } else {
            error(n.Mark(), "policy.missing_key", fmt::format("`{}` needs `event`", what));
        }
        if (auto w = n["where"]) s.where = condition(w, "where");
        if (auto sel = n["select"]; sel && !allow_select) {
            error(sel.Mark(), "policy.bad_key", fmt::format("`select` chooses an anchor; `{}` takes every matching event in order", what));
        } else if (sel) {
            const std::string v = scalar(sel, "select");
            const auto& names = selector::pick_names;
            const std::size_t allowed = allow_each ? names.size() : 2;  // first and last anywhere
            const auto k = static_cast<std::size_t>(std::find(names.begin(), names.begin() + allowed, v) - names.begin());
            if (k < allowed) s.select = static_cast<selector::pick>(k);
            else error(sel.Mark(), "policy.bad_value",
                       fmt::format("`select` must be {}, not '{}'", allow_each ? "first, last, each, first_of_episode or last_of_episode" : "first or last", v));
        }
        return s;
    }

    std::optional<anchor> read_anchor(const YAML::Node& n, bool allow_start) {
        if (!n.IsMap()) {
            error(n.Mark(), "policy.bad_type", "a due date is {from: ..., offset: +15wd}");
            return std::nullopt;
        }
        check_keys(n, {"from", "offset"}, "a due date");
        anchor a;
        auto from = n["from"];
        if (!from) {
            if (!allow_start) error(n.Mark(), "policy.missing_key", "a due date needs `from`");
            a.from = anchor::origin::start;
        } else if (from.IsScalar() && from.Scalar() == "start" && allow_start) {
            a.from = anchor::origin::start;
        } else if (from.IsMap() && from["child"]) {
            check_keys(from, {"child"}, "from");
            const std::string f = scalar(from["child"], "child");
            a.from = anchor::origin::child_date;
            if (f == "date_of_birth") a.field = anchor::child_date::date_of_birth;
            else if (f == "expected_date_of_delivery") a.field = anchor::child_date::expected_date_of_delivery;
            else error(from["child"].Mark(), "policy.bad_value", fmt::format("`child` must be date_of_birth or expected_date_of_delivery, not '{}'", f));
        } else if (from.IsMap()) {
            a.from = anchor::origin::event;
            if (auto d = from["date"]) {  // {event: emergency_protection_order, date: expires}
                const std::string which = scalar(d, "date");
                if (which == "expires") a.expires = true;
                else if (which != "date") error(d.Mark(), "policy.bad_value", fmt::format("`date` must be date or expires, not '{}'", which));
            }
            a.events = read_selector(from, "from", /*allow_each=*/!allow_start, /*allow_select=*/true, /*allow_date=*/true);
            if (a.expires && a.events.type != facts::event_type::emergency_protection_order)
                error(from["date"].Mark(), "policy.bad_value", "`date: expires` is a date of emergency_protection_order events only");
        } else {
            error(from.Mark(), "policy.bad_type", allow_start ? "`from` is start, {event: ...} or {child: ...}" : "`from` is {event: ...} or {child: ...}");
        }
        if (auto o = n["offset"]) {
            if (auto off = offset(o, "offset")) a.offset = *off;
        } else {
            error(n.Mark(), "policy.missing_key", "a due date needs `offset` (+15wd, +3m, -10w ...)");
        }
        return a;
    }

    due_rule read_due(const YAML::Node& n, bool allow_start) {
        due_rule d;
        if (n.IsMap() && n["earliest_of"]) {
            check_keys(n, {"earliest_of"}, "a due date");
            auto list = n["earliest_of"];
            if (!list.IsSequence() || list.size() < 2) {
                error(list.Mark(), "policy.bad_type", "`earliest_of` is a list of two or more {from, offset}");
                return d;
            }
            for (const auto& item : list)
                if (auto a = read_anchor(item, allow_start)) d.candidates.push_back(std::move(*a));
        } else if (auto a = read_anchor(n, allow_start)) {
            d.candidates.push_back(std::move(*a));
        }
        return d;
    }

    void read_rules(const YAML::Node& rules, compiled_policy& p) {
        if (!rules.IsSequence()) {
            error(rules.Mark(), "policy.bad_type", "`rules` is a list of rules");
            return;
        }
        std::set<std::pair<std::string, std::string>> seen;
        for (const auto& n : rules) {
            if (!n.IsMap()) {
                error(n.Mark(), "policy.bad_type", "a rule is a mapping (id, kind, severity, source, ...)");
                continue;
            }
            rule r;
            r.location = loc(n.Mark());
            r.id = required_scalar(n, "id", "a rule");
            std::string variant = n["variant"] ? scalar(n["variant"], "variant") : "";
            if (!r.id.empty()) {
                const bool id_ok = std::all_of(r.id.begin(), r.id.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
                });
                if (!id_ok) error(n["id"].Mark(), "policy.bad_id", fmt::format("rule id '{}' must be lower-case words joined by '.' or '_'", r.id));
            }
            if (!seen.insert({r.id, variant}).second)
                error(n["id"].Mark(), "policy.duplicate_id",
                      variant.empty() ? fmt::format("rule id '{}' is used twice (give each a distinct `variant`)", r.id)
                                      : fmt::format("rule id '{}' with variant '{}' is used twice", r.id, variant));
            if (!variant.empty()) r.variant = variant;
            auto kind_node = n["kind"];
            std::optional<std::size_t> kind;
            if (!kind_node) error(n.Mark(), "policy.missing_key", "a rule needs `kind`");
            else kind = word(kind_node, "kind", rule_kind_names);
            if (auto sev = n["severity"]) {
                static constexpr std::array<std::string_view, 2> severities = {"violation", "advice"};
                if (auto w = word(sev, "severity", severities)) r.severity = *w == 0 ? severity::violation : severity::advice;
            } else {
                error(n.Mark(), "policy.missing_key", "a rule needs `severity` (violation or advice)");
            }
            r.summary = required_scalar(n, "summary", "a rule");
            if (auto s = n["source"]) {
                check_keys(s, {"document", "section", "quote"}, "source");
                r.source = {required_scalar(s, "document", "`source`"), required_scalar(s, "section", "`source`"),
                            required_scalar(s, "quote", "`source`")};
                if (!r.source.document.empty() && !p.sources.empty() &&
                    std::none_of(p.sources.begin(), p.sources.end(), [&](const source_document& d) { return d.file == r.source.document; }))
                    error(s["document"].Mark(), "policy.unknown_source", fmt::format("`document` '{}' is not one of the policy's `sources`", r.source.document));
            } else {
                error(n.Mark(), "policy.missing_source", fmt::format("rule '{}' needs a `source` (document, section, quote)", r.id));
            }
            if (auto note = n["note"]) r.note = scalar(note, "note");
            if (auto a = n["applies_when"]) r.applies_when = condition(a, "applies_when");
            if (!kind) continue;
            r.kind = static_cast<rule_kind>(*kind);
            std::vector<std::string_view> allowed = common_rule_keys;
            const auto& extra = kind_keys(r.kind);
            allowed.insert(allowed.end(), extra.begin(), extra.end());
            check_keys(n, allowed, fmt::format("a rule of kind {}", rule_kind_names[*kind]));
            if (auto it = canonical_ids().find(r.id); it != canonical_ids().end()) {
                if (std::find(it->second.begin(), it->second.end(), r.kind) == it->second.end())
                    error(n["kind"].Mark(), "policy.canonical_kind",
                          fmt::format("'{}' is a canonical id (contract section 3) encoded by a {} rule, not {}", r.id,
                                      rule_kind_names[static_cast<std::size_t>(it->second.front())], rule_kind_names[*kind]));
            } else if (r.id.find('.') == std::string::npos && !r.id.empty()) {
                error(n["id"].Mark(), "policy.bad_id", fmt::format("'{}' is not a canonical id; a policy's own ids are <area>.<name>", r.id));
            }
            read_params(n, r, p);
            if (n["counting"]) read_counting(n["counting"], r);
            // Rules about a whole conference have no single child: child.* would always be null there.
            const auto* check = std::get_if<check_params>(&r.params);
            const bool per_child = r.kind == rule_kind::deadline || r.kind == rule_kind::recurring || r.kind == rule_kind::attendance ||
                                   (check && check->per_child);
            // event.quorate is the quorum rule's own answer: a quorum rule cannot depend on it.
            if (r.kind == rule_kind::quorum && r.applies_when) {
                const auto slots = r.applies_when->slots();
                if (std::any_of(slots.begin(), slots.end(), reads_quorum))
                    error(n["applies_when"].Mark(), "policy.bad_value",
                          "a quorum rule's `applies_when` cannot read event.quorate or conference.quorate: they are the quorum rule's own answer");
            }
            if (!per_child && r.applies_when && reads_child(*r.applies_when))
                error(n["applies_when"].Mark(), "policy.child_field",
                      fmt::format("a {} rule is about a whole {}, not one child: `applies_when` cannot use child fields{}",
                                  rule_kind_names[*kind], check ? "event" : "conference", check ? " (unless it has `per_child: true`)" : ""));
            // Later rules with the same id and variant replace a base policy's.
            auto same = std::find_if(p.rules.begin(), p.rules.end(), [&](const rule& x) { return x.id == r.id && x.variant == r.variant; });
            if (same != p.rules.end()) *same = std::move(r);
            else p.rules.push_back(std::move(r));
        }
    }

    /// `counting: inclusive`: every offset of the rule counts its anchor day as day 1
    /// (contract section 5: a policy may declare another counting convention for a rule).
    void read_counting(const YAML::Node& n, rule& r) {
        static constexpr std::array<std::string_view, 2> conventions = {"exclusive", "inclusive"};
        const auto w = word(n, "counting", conventions);
        if (!w || *w == 0) return;
        auto mark = [&](calendar::offset& o) {
            if (o.unit == calendar::unit::months || o.unit == calendar::unit::hours)
                error(n.Mark(), "policy.bad_value",
                      fmt::format("`counting: inclusive` counts days (wd, d, w); {} is in {}", calendar::to_string(o),
                                  o.unit == calendar::unit::months ? "months, which go to the corresponding date" : "hours, which are exact"));
            o.start_is_day_1 = true;
        };
        auto mark_due = [&](policy::due_rule& d) {
            for (auto& c : d.candidates) mark(c.offset);
        };
        std::visit(
            [&](auto& x) {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, deadline_params>) mark_due(x.due);
                else if constexpr (std::is_same_v<T, conference_deadline_params> || std::is_same_v<T, item_deadline_params>) mark(x.offset);
                else if constexpr (std::is_same_v<T, recurring_params>) {
                    if (x.first) mark_due(*x.first);
                    if (x.every) mark(*x.every);
                    if (x.resume_after) mark(*x.resume_after);
                }
            },
            r.params);
    }

    void require(const YAML::Node& n, const char* key, std::string_view kind) {
        if (!n[key]) error(n.Mark(), "policy.missing_key", fmt::format("a {} rule needs `{}`", kind, key));
    }

    /// `cancelled_by` and `cancel_until`, of a deadline or a conference deadline.
    template <class Params>
    void read_cancellation(const YAML::Node& n, Params& d) {
        if (n["cancelled_by"]) d.cancelled_by = read_selector(n["cancelled_by"], "cancelled_by", false);
        if (n["cancel_until"]) {
            static constexpr std::array<std::string_view, 2> until = {"done", "due"};
            if (auto u = word(n["cancel_until"], "cancel_until", until)) d.cancel_until_due = *u == 1;
            if (!n["cancelled_by"]) error(n["cancel_until"].Mark(), "policy.bad_key", "`cancel_until` needs `cancelled_by`");
        }
    }

    void read_params(const YAML::Node& n, rule& r, const compiled_policy& p) {
        switch (r.kind) {
            case rule_kind::deadline: {
                deadline_params d;
                require(n, "due", "deadline");
                require(n, "done", "deadline");
                if (n["due"]) d.due = read_due(n["due"], false);
                for (const auto& c : d.due.candidates)
                    if (c.from == anchor::origin::event && d.due.candidates.size() > 1 && c.events.select > selector::pick::last)
                        error(n["due"].Mark(), "policy.bad_value",
                              fmt::format("`select: {}` cannot be combined with `earliest_of`", selector::pick_names[static_cast<std::size_t>(c.events.select)]));
                if (n["done"]) d.done = read_selector(n["done"], "done", false);
                read_cancellation(n, d);
                if (n["waivable"]) d.waivable = boolean(n["waivable"], "waivable").value_or(false);
                r.params = std::move(d);
                break;
            }
            case rule_kind::conference_deadline: {
                conference_deadline_params c;
                require(n, "offset", "conference_deadline");
                require(n, "done", "conference_deadline");
                if (n["offset"]) c.offset = offset(n["offset"], "offset").value_or(calendar::offset{});
                static constexpr std::array<std::string_view, 6> fields = {
                    "decision_circulated", "outline_plan_circulated", "minutes_circulated", "decision_letter_to_parents", "reconvened", "decided"};
                if (n["done"])
                    if (auto f = word(n["done"], "done", fields)) c.done = static_cast<conference_field>(*f);
                if (auto w = n["decided_when"]) {
                    if (c.done != conference_field::decided) error(w.Mark(), "policy.bad_key", "`decided_when` needs `done: decided`");
                    selector s;
                    s.type = facts::event_type::conference;
                    s.where = condition(w, "decided_when");
                    if (s.where && reads_child(*s.where))
                        error(w.Mark(), "policy.bad_value",
                              "`decided_when` is asked of each sitting, not of a child: it can use event.* and conference.* fields only");
                    c.deciding = std::move(s);
                }
                read_cancellation(n, c);
                r.params = std::move(c);
                break;
            }
            case rule_kind::item_deadline: {
                item_deadline_params c;
                require(n, "offset", "item_deadline");
                require(n, "done", "item_deadline");
                if (n["offset"]) c.offset = offset(n["offset"], "offset").value_or(calendar::offset{});
                static constexpr std::array<std::string_view, 4> fields = {"report.to_chair", "report.to_parents", "exclusion.notified_in_writing_on",
                                                                           "exclusion.requested_on"};
                if (n["done"])
                    if (auto f = word(n["done"], "done", fields)) c.field = static_cast<item_field>(*f);
                if (n["where"]) {
                    const bool exclusions = on_exclusions(c.field);
                    c.where = condition(n["where"], "where", exclusions ? field_scope::exclusion : field_scope::report);
                    // Only the item's own fields (and the conference's) make sense here.
                    if (c.where && reads_child(*c.where))
                        error(n["where"].Mark(), "policy.bad_value",
                              fmt::format("`where` of a rule on {} can use {} and conference fields only", exclusions ? "exclusions" : "reports",
                                          exclusions ? "exclusion.*" : "report.*"));
                }
                r.params = std::move(c);
                break;
            }
            case rule_kind::recurring: {
                recurring_params c;
                require(n, "start", "recurring");
                require(n, "series", "recurring");
                if (n["start"]) c.start = read_selector(n["start"], "start", false);
                if (n["series"]) c.series = read_selector(n["series"], "series", false);
                if (n["first"]) c.first = read_due(n["first"], true);
                if (n["every"]) c.every = offset(n["every"], "every");
                if (n["chain_from"]) {
                    const std::string v = scalar(n["chain_from"], "chain_from");
                    if (v == "start") {
                        c.chain_from_start = true;
                        // With both, the first occurrence would answer the first due date and the chain's first.
                        if (n["first"])
                            error(n["chain_from"].Mark(), "policy.bad_key",
                                  "`chain_from: start` does not combine with `first`: after `first`, `every` runs from the occurrence that met it");
                    } else if (v != "first") error(n["chain_from"].Mark(), "policy.bad_value", fmt::format("`chain_from` must be start or first, not '{}'", v));
                }
                if (!n["first"] && !n["every"]) error(n.Mark(), "policy.missing_key", "a recurring rule needs `first`, `every` or both");
                if (n["waivable"]) {
                    const std::string w = scalar(n["waivable"], "waivable");
                    if (w == "true") c.waivable = waiver::occurrence;
                    else if (w == "start") c.waivable = waiver::start;
                    else if (w != "false" && !w.empty())
                        error(n["waivable"].Mark(), "policy.bad_value", fmt::format("`waivable` of a recurring rule must be true, false or start, not '{}'", w));
                }
                if (n["suspended_when"]) c.suspended_when = condition(n["suspended_when"], "suspended_when");
                if (c.suspended_when)
                    c.suspended_by_spell = std::ranges::all_of(c.suspended_when->slots(), [](int slot) {
                        return same_every_day(slot) || slot == static_cast<int>(field::child_looked_after);
                    });
                if (n["resume_after"]) {
                    c.resume_after = offset(n["resume_after"], "resume_after");
                    if (!n["suspended_when"]) error(n["resume_after"].Mark(), "policy.bad_key", "`resume_after` needs `suspended_when`: it says when a suspended series is owed again");
                    else if (c.resume_after && (c.resume_after->amount < 0 || c.resume_after->unit == calendar::unit::hours))
                        error(n["resume_after"].Mark(), "policy.bad_value", "`resume_after` counts forward in days, working days, weeks or months from the suspension's last day");
                }
                r.params = std::move(c);
                break;
            }
            case rule_kind::check: {
                check_params c;
                require(n, "each", "check");
                require(n, "require", "check");
                if (n["per_child"]) c.per_child = boolean(n["per_child"], "per_child").value_or(false);
                field_scope items = field_scope::event;
                if (auto on = n["each"]) {
                    if (on.IsMap() && on["item"]) {
                        check_keys(on, {"item", "where"}, "`each`");
                        static constexpr std::array<std::string_view, 2> kinds = {"report", "exclusion"};
                        if (auto k = word(on["item"], "item", kinds)) c.on = *k == 0 ? check_params::subject::report : check_params::subject::exclusion;
                        items = c.on == check_params::subject::report ? field_scope::report : field_scope::exclusion;
                        c.events.type = facts::event_type::conference;
                        if (auto w = on["where"]) c.events.where = condition(w, "where", items);
                        if (c.per_child) error(n["per_child"].Mark(), "policy.bad_value", "a check on reports or exclusions is about the conference, not one child");
                    } else {
                        c.events = read_selector(on, "each", false);
                    }
                }
                if (n["require"]) c.require = condition(n["require"], "require", items);
                if (n["failure"]) c.failure = scalar(n["failure"], "failure");
                if (n["waivable"]) c.waivable = boolean(n["waivable"], "waivable").value_or(false);
                // Without a child in scope, child.* would always be null.
                const std::pair<const std::optional<expr::program>*, YAML::Node> programs[] = {
                    {&c.events.where, n["each"] && n["each"].IsMap() ? n["each"]["where"] : YAML::Node()}, {&c.require, n["require"]}};
                for (const auto& [program, node] : programs)
                    if (*program && !c.per_child && reads_child(**program))
                        error(node.Mark(), "policy.child_field", "a check uses child fields only with `per_child: true`");
                r.params = std::move(c);
                break;
            }
            case rule_kind::quorum: {
                quorum_params q;
                if (n["required"]) q.required = static_cast<facts::agency_set>(word_set(n["required"], "required", facts::agency_names));
                if (n["others_with_contact"]) q.others_with_contact = integer(n["others_with_contact"], "others_with_contact", 0, 13).value_or(0);
                if (n["excuse_without_contact"]) q.excuse_without_contact = boolean(n["excuse_without_contact"], "excuse_without_contact").value_or(false);
                if (n["waivable"]) q.waivable = boolean(n["waivable"], "waivable").value_or(false);
                if (n["excuse_others_without_contact"])
                    q.excuse_others_without_contact = boolean(n["excuse_others_without_contact"], "excuse_others_without_contact").value_or(false);
                if (n["not_expected"]) {
                    q.not_expected = static_cast<facts::agency_set>(word_set(n["not_expected"], "not_expected", facts::agency_names));
                    if (!q.excuse_others_without_contact)
                        error(n["not_expected"].Mark(), "policy.never_applies", "`not_expected` changes only the exception of `excuse_others_without_contact: true`");
                    else if (q.not_expected & q.required)
                        error(n["not_expected"].Mark(), "policy.bad_value", "an agency cannot be both `required` and `not_expected`");
                }
                if (n["excuse_one_absent_with_report"]) {
                    static constexpr std::array<std::string_view, 2> recommendations = {"plan", "no_plan"};
                    if (auto w = word(n["excuse_one_absent_with_report"], "excuse_one_absent_with_report", recommendations))
                        q.excuse_one_absent_with_report = *w == 0 ? facts::recommendation::plan : facts::recommendation::no_plan;
                }
                if (n["waivable_when"]) q.waivable_when = condition(n["waivable_when"], "waivable_when");
                if (n["consequence"]) q.consequence = scalar(n["consequence"], "consequence");
                if (q.required == 0 && q.others_with_contact == 0)
                    error(n.Mark(), "policy.never_applies", "a quorum rule needs `required` agencies or `others_with_contact`");
                r.params = std::move(q);
                break;
            }
            case rule_kind::decision: {
                decision_params d;
                if (n["method"]) {
                    const std::string m = scalar(n["method"], "method");
                    if (m == "majority") d.how = decision_params::method::majority;
                    else if (m == "consensus_or_chair") d.how = decision_params::method::consensus_or_chair;
                    else error(n["method"].Mark(), "policy.bad_value", fmt::format("`method` must be majority or consensus_or_chair, not '{}'", m));
                } else {
                    error(n.Mark(), "policy.missing_key", "a decision rule needs `method`");
                }
                if (n["voters"]) {
                    d.voters.clear();
                    auto set = word_set(n["voters"], "voters", facts::attendee_kind_names);
                    for (std::size_t i = 0; i < facts::attendee_kind_names.size(); ++i)
                        if (set & (1u << i)) d.voters.push_back(static_cast<facts::attendee_kind>(i));
                }
                if (n["one_voice_per"]) {
                    const std::string v = scalar(n["one_voice_per"], "one_voice_per");
                    if (v == "attendee") d.one_voice_per = decision_params::one_voice::each;
                    else if (v == "line_manager") d.one_voice_per = decision_params::one_voice::line_manager;
                    else if (v == "agency") d.one_voice_per = decision_params::one_voice::agency;
                    else error(n["one_voice_per"].Mark(), "policy.bad_value", fmt::format("`one_voice_per` must be attendee, line_manager or agency, not '{}'", v));
                }
                if (n["casting_vote"]) d.casting_vote = boolean(n["casting_vote"], "casting_vote").value_or(true);
                if (n["chair_needs_reasons"]) d.chair_needs_reasons = boolean(n["chair_needs_reasons"], "chair_needs_reasons").value_or(true);
                r.params = std::move(d);
                break;
            }
            case rule_kind::categories: {
                categories_params c;
                if (n["min"]) c.min = integer(n["min"], "min", 0, 4).value_or(1);
                if (n["max"]) c.max = integer(n["max"], "max", 1, 4).value_or(4);
                if (c.min > c.max) error(n["min"].Mark(), "policy.never_applies", "`min` is greater than `max`");
                if (n["more_with_reason"]) c.more_with_reason = boolean(n["more_with_reason"], "more_with_reason").value_or(false);
                if (n["transfer_in_makes_plan"]) c.transfer_in_makes_plan = boolean(n["transfer_in_makes_plan"], "transfer_in_makes_plan").value_or(false);
                if (n["never_alone"]) c.never_alone = static_cast<facts::category_set>(word_set(n["never_alone"], "never_alone", facts::category_names));
                if (n["avoid"]) c.avoid = static_cast<facts::category_set>(word_set(n["avoid"], "avoid", facts::category_names));
                if (n["avoid_when"]) c.avoid_when = condition(n["avoid_when"], "avoid_when");
                if ((c.avoid != 0) != n["avoid_when"].IsDefined())
                    error(n.Mark(), "policy.missing_key", "`avoid` and `avoid_when` go together");
                r.params = std::move(c);
                break;
            }
            case rule_kind::exclusion: {
                exclusion_params x;
                if (n["grounds"]) {
                    x.grounds = string_list(n["grounds"], "grounds");
                    for (const auto& g : x.grounds)
                        if (!p.find_ground(g))
                            error(n["grounds"].Mark(), "policy.unknown_ground", fmt::format("ground '{}' is not defined in the policy's `grounds`", g));
                }
                if (n["evidence_required"]) x.evidence_required = boolean(n["evidence_required"], "evidence_required").value_or(false);
                if (n["decided_by"]) x.decided_by = string_list(n["decided_by"], "decided_by");
                if (n["reason_recorded"]) x.reason_recorded = boolean(n["reason_recorded"], "reason_recorded").value_or(false);
                r.params = std::move(x);
                break;
            }
            case rule_kind::plan_end: {
                plan_end_params x;
                using need = plan_end_params::first_review_need;
                if (n["first_review_needs_reasons"] && boolean(n["first_review_needs_reasons"], "first_review_needs_reasons").value_or(false))
                    x.first_review = need::reasons;
                if (n["first_review_needs_exceptional_reason"] &&
                    boolean(n["first_review_needs_exceptional_reason"], "first_review_needs_exceptional_reason").value_or(false)) {
                    if (x.first_review == need::reasons)
                        error(n["first_review_needs_exceptional_reason"].Mark(), "policy.bad_value",
                              "choose one of `first_review_needs_reasons` (recorded reasons suffice) and `first_review_needs_exceptional_reason` (only an exceptional reason excuses it)");
                    x.first_review = need::exceptional_reason;
                }
                if (n["first_review_excused_when"]) {
                    x.first_review_excused_when = condition(n["first_review_excused_when"], "first_review_excused_when");
                    if (x.first_review == need::none)
                        error(n["first_review_excused_when"].Mark(), "policy.never_applies",
                              "`first_review_excused_when` goes with `first_review_needs_reasons` or `first_review_needs_exceptional_reason`");
                }
                if (n["requires_quorate"]) x.requires_quorate = boolean(n["requires_quorate"], "requires_quorate").value_or(false);
                if (n["strict_quorum"]) x.strict_quorum = boolean(n["strict_quorum"], "strict_quorum").value_or(false);
                if (x.strict_quorum && !x.requires_quorate)
                    error(n["strict_quorum"].Mark(), "policy.never_applies", "`strict_quorum` goes with `requires_quorate: true`");
                if (x.first_review == need::none && !x.requires_quorate)
                    error(n.Mark(), "policy.never_applies",
                          "a plan_end rule needs first_review_needs_reasons, first_review_needs_exceptional_reason or requires_quorate");
                r.params = std::move(x);
                break;
            }
            case rule_kind::attendance: {
                attendance_params a;
                if (n["kinds"]) {
                    auto set = word_set(n["kinds"], "kinds", facts::attendee_kind_names);
                    for (std::size_t i = 0; i < facts::attendee_kind_names.size(); ++i)
                        if (set & (1u << i)) a.kinds.push_back(static_cast<facts::attendee_kind>(i));
                }
                if (n["agencies"]) a.agencies = static_cast<facts::agency_set>(word_set(n["agencies"], "agencies", facts::agency_names));
                if (a.kinds.empty() && a.agencies == 0) error(n.Mark(), "policy.never_applies", "an attendance rule needs `kinds` or `agencies`");
                r.params = std::move(a);
                break;
            }
            case rule_kind::reports_required: {
                reports_required_params x;
                if (n["from"]) {
                    static constexpr std::array<std::string_view, 3> sources = {"agencies_in_contact", "attending", "absent"};
                    if (auto f = word(n["from"], "from", sources)) x.from = static_cast<reports_required_params::source>(*f);
                } else {
                    error(n.Mark(), "policy.missing_key", "a reports_required rule needs `from` (agencies_in_contact, attending or absent)");
                }
                if (n["except"]) x.except = static_cast<facts::agency_set>(word_set(n["except"], "except", facts::agency_names));
                if (auto m = n["match"]) {
                    static constexpr std::array<std::string_view, 2> matches = {"agency", "author"};
                    if (auto w = word(m, "match", matches)) x.by = static_cast<reports_required_params::match>(*w);
                    if (x.by == reports_required_params::match::author && x.from == reports_required_params::source::agencies_in_contact)
                        error(m.Mark(), "policy.bad_value", "`match: author` needs `from: attending` or `from: absent`: agencies in contact name no one");
                }
                if (n["offset"]) {
                    x.offset = offset(n["offset"], "offset");
                    if (x.offset && x.offset->amount > 0)
                        error(n["offset"].Mark(), "policy.bad_value",
                              fmt::format("reports are due before the conference: `offset` is {}, after it (e.g. -2d)", calendar::to_string(*x.offset)));
                }
                r.params = x;
                break;
            }
        }
    }

    /// Where the `offset`-th character of scalar `n`'s value is in the source: through the
    /// escapes of a quoted scalar ("\"" and '' stand for one character) and down the lines of a
    /// block scalar (`>-`, `|`), whose value starts on the line after the indicator.
    YAML::Mark locate(const YAML::Node& n, std::size_t offset) {
        if (lines_.empty())  // the source lines, split only when an error needs placing
            for (std::size_t at = 0; at <= text_.size();) {
                const std::size_t end = std::min(text_.find('\n', at), text_.size());
                lines_.push_back(text_.substr(at, end - at));
                at = end + 1;
            }
        YAML::Mark m = n.Mark();
        if (m.line < 0 || static_cast<std::size_t>(m.line) >= lines_.size()) return m;
        std::size_t ln = static_cast<std::size_t>(m.line);
        std::string_view line = lines_[ln];
        const std::size_t start = static_cast<std::size_t>(m.column);
        const char open = start < line.size() ? line[start] : '\0';
        if (open == '"' || open == '\'') {
            std::size_t raw = start + 1;
            for (std::size_t k = 0; k < offset;) {  // k: bytes of the value; raw: bytes of the source line
                if (raw >= line.size()) {  // a quoted scalar folded onto the next line: the line break reads as one space
                    if (++ln >= lines_.size()) break;
                    line = lines_[ln];
                    raw = std::min(line.find_first_not_of(' '), line.size());
                    ++k;
                    continue;
                }
                auto [source, value] = escape_at(line, raw, open);
                raw += source;
                k += value;
            }
            m.line = static_cast<int>(ln);
            m.column = static_cast<int>(raw);
        } else if (open == '>' || open == '|') {
            std::size_t k = offset, indent = std::string_view::npos;
            for (++ln; ln < lines_.size(); ++ln) {
                line = lines_[ln];
                if (line.find_first_not_of(' ') == std::string_view::npos) {  // a blank line is one separator
                    if (k == 0) break;
                    --k;
                    continue;
                }
                if (indent == std::string_view::npos) indent = line.find_first_not_of(' ');
                const std::size_t length = line.size() > indent ? line.size() - indent : 0;
                if (k <= length) {
                    m.line = static_cast<int>(ln);
                    m.column = static_cast<int>(indent + k);
                    break;
                }
                k -= length + 1;  // the line and its break (a space when folded)
            }
        } else {
            m.column += static_cast<int>(offset);
        }
        return m;
    }

    /// At `line[at]` in a scalar quoted with `open`: how many source bytes the next character
    /// takes, and how many bytes of the value it gives (a YAML escape such as "\u00e9" is six
    /// bytes of source for two of UTF-8; '' in single quotes is one quote).
    static std::pair<std::size_t, std::size_t> escape_at(std::string_view line, std::size_t at, char open) {
        if (open == '\'') return {line[at] == '\'' && at + 1 < line.size() && line[at + 1] == '\'' ? 2 : 1, 1};
        if (line[at] != '\\' || at + 1 >= line.size()) return {1, 1};
        auto utf8_bytes = [](unsigned long cp) -> std::size_t { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; };
        auto hex = [&](std::size_t digits) -> std::pair<std::size_t, std::size_t> {
            const std::string_view h = line.substr(at + 2, digits);
            unsigned long cp = 0;
            for (const char c : h) cp = cp * 16 + static_cast<unsigned long>(std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10) & 15);
            return {2 + h.size(), utf8_bytes(cp)};
        };
        switch (line[at + 1]) {
            case 'x': return hex(2);
            case 'u': return hex(4);
            case 'U': return hex(8);
            case 'N': case '_': return {2, 2};  // U+0085, U+00A0
            case 'L': case 'P': return {2, 3};  // U+2028, U+2029
            default: return {2, 1};
        }
    }

    std::string_view text_;  // run()'s text, while it runs
    std::vector<std::string_view> lines_;
    std::string file_;
    std::vector<diagnostic>& diags_;
    int depth_;
    bool reads_quorate_ = false;  // a condition compiled so far reads event.quorate or conference.quorate
};

}  // namespace

std::shared_ptr<const compiled_policy> load_text(const std::string& yaml, const std::string& file, std::vector<diagnostic>& diags) {
    const std::size_t before = diags.size();
    std::shared_ptr<compiled_policy> p;
    try {
        p = compiler(file, diags, 0).run(yaml);
    } catch (const YAML::Exception& e) {
        // yaml-cpp throws when a node is not the shape asked of it (a scalar where a
        // mapping belongs, deep in a damaged file): a diagnostic like any other.
        diags.push_back({"policy.bad_type", diagnostic_severity::error,
                         fmt::format("this part of the policy is not shaped as the language expects ({})", e.msg),
                         {file, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1}, {}});
        p = nullptr;
    }
    if (p) assign_memo_slots(*p);
    std::sort(diags.begin() + static_cast<std::ptrdiff_t>(before), diags.end(), [](const diagnostic& a, const diagnostic& b) {
        return std::tie(a.location.file, a.location.line, a.location.column, a.code) <
               std::tie(b.location.file, b.location.line, b.location.column, b.code);
    });
    return p;
}

std::shared_ptr<const compiled_policy> load(const std::string& name_or_path, std::vector<diagnostic>& diags) {
    std::string path = name_or_path;
    const bool is_path = name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".yaml") || name_or_path.ends_with(".yml");
    if (!is_path) path = bundled_dir() + "/" + name_or_path + ".yaml";
    std::ifstream in(path);
    if (!in) {
        std::string message = is_path ? fmt::format("cannot read policy file '{}'", path)
                                      : fmt::format("no bundled policy named '{}'", name_or_path);
        if (!is_path) {
            auto names = bundled_names();
            std::string hint = detail::closest(name_or_path, names);
            message += hint.empty() ? fmt::format(" (bundled: {})", fmt::join(names, ", ")) : fmt::format("; did you mean '{}'?", hint);
        }
        diags.push_back({"policy.not_found", diagnostic_severity::error, message, {path, 0, 0}, {}});
        return nullptr;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    return load_text(ss.str(), path, diags);
}

}  // namespace cprules::policy
