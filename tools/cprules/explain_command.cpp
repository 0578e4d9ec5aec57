// cprules explain: how each finding of one rule came about, in words: the
// anchor chosen and why, the offset, every weekend day and bank holiday
// stepped over, the due date, what satisfied it, the status, and the source.
#include "commands.hpp"
#include "report/describe.hpp"
#include "report/report.hpp"
#include "session.hpp"
#include "support/suggest.hpp"

#include <cstdio>
#include <fmt/format.h>

namespace cprules::cli {

namespace {

constexpr std::array<std::string_view, 7> weekday_names = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

/// One finding, explained; rendered as text or JSON.
struct explanation {
    const eval::finding* f = nullptr;
    std::string child, subject, rule_words;
    // Date obligations.
    std::string anchor_words, anchor_why, anchor_event;
    std::string counting;
    std::vector<calendar::stepped_day> stepped;
    std::string recompute_note;  // set when recomputing disagrees with the evaluator (should not happen)
    std::string done_words;
    // Every finding.
    std::string status_words;
    std::vector<std::string> facts;  // further facts shown (quorum: who was present)
};

std::string day_words(date d) { return fmt::format("{} ({})", to_string(d), weekday_names[d.weekday()]); }

std::string plural(std::size_t n, std::string_view one, std::string_view many) { return fmt::format("{} {}", n, n == 1 ? one : many); }

std::string where_suffix(const policy::selector& s) { return s.where ? " where " + s.where->text() : std::string(); }

/// "conference icpc (2025-01-27)", or "the strategy discussion of 2024-12-20" for events without an id.
std::string event_ref(const facts::event& e, bool with_date = true) {
    if (!e.id.empty())
        return with_date ? fmt::format("{} {} ({})", report::event_noun(e.type), e.id, to_string(e.when)) : fmt::format("{} {}", report::event_noun(e.type), e.id);
    return fmt::format("the {} of {}", report::event_noun(e.type), to_string(e.when));
}

bool starts_plan(const facts::event& e) { return e.type == facts::event_type::conference && e.outcome.decision == facts::decision::plan; }

/// The candidate anchor a date finding was counted from, when the rule has one.
const policy::anchor* candidate_of(const eval::finding& f) {
    const auto pick = [&](const policy::due_rule& d) -> const policy::anchor* {
        return f.basis.candidate < d.candidates.size() ? &d.candidates[f.basis.candidate] : nullptr;
    };
    if (const auto* d = std::get_if<policy::deadline_params>(&f.rule->params)) return pick(d->due);
    if (const auto* r = std::get_if<policy::recurring_params>(&f.rule->params); r && r->first) {
        if (f.basis.chained || f.basis.resumed) return nullptr;  // from the `every` chain or a suspension's end, not `first`
        const policy::anchor* a = pick(*r->first);
        if (!a || a->offset != f.basis.offset) return nullptr;
        switch (a->from) {
            case policy::anchor::origin::event: return f.basis.anchor && f.basis.anchor->type == a->events.type ? a : nullptr;
            case policy::anchor::origin::child_date: return f.basis.anchor ? nullptr : a;
            case policy::anchor::origin::start: return f.basis.anchor && starts_plan(*f.basis.anchor) ? a : nullptr;
        }
    }
    return nullptr;
}

/// Which event (or date) the due date was counted from, and why that one.
void explain_anchor(explanation& x, const eval::finding& f, const facts::case_facts& c) {
    const auto& b = f.basis;
    const std::string when = to_string(b.anchor_date);
    if (b.anchor) x.anchor_event = eval::subject_name(*b.anchor);
    if (b.anchor_what == "date_of_birth") {
        // A child's date of birth is its date_of_birth, else the date of its birth event.
        const bool recorded = f.child >= 0 && c.children[static_cast<std::size_t>(f.child)].date_of_birth;
        x.anchor_words = fmt::format("the child's date of birth ({}{})", when, recorded ? "" : ", the date of its birth event");
    } else if (b.anchor_what == "expected_date_of_delivery") {
        x.anchor_words = fmt::format("the child's expected date of delivery ({})", when);
    } else if (f.rule->kind == policy::rule_kind::conference_deadline || f.rule->kind == policy::rule_kind::item_deadline) {
        x.anchor_words = b.anchor ? event_ref(*b.anchor) : when;
        x.anchor_why = "counted from the conference itself";
    } else if (f.rule->kind == policy::rule_kind::recurring) {
        const auto& p = std::get<policy::recurring_params>(f.rule->params);
        const policy::anchor* cand = candidate_of(f);
        if (b.resumed) {
            x.anchor_words = fmt::format("the last day of a suspension ({} held to {})", p.suspended_when->text(), to_string(b.anchor_date.day));
            x.anchor_why = fmt::format("one fell due on a day the rule was suspended, and none was held before the suspension ended: it is owed {} the suspension's last day",
                                       report::offset_words(*p.resume_after));
        } else if (b.anchor && starts_plan(*b.anchor) && (!cand || cand->from == policy::anchor::origin::start || p.chain_from_start)) {
            x.anchor_words = fmt::format("the conference that started the plan: {}", event_ref(*b.anchor));
            x.anchor_why = "the plan runs from the conference that decided `plan`";
        } else if (b.anchor && p.every && b.chained) {
            x.anchor_words = fmt::format("the previous {}: {}", report::event_noun(b.anchor->type), event_ref(*b.anchor));
            x.anchor_why = fmt::format("each is due {} the previous one", report::offset_words(*p.every));
        } else if (cand && b.anchor) {
            x.anchor_words = fmt::format("{} ({})", report::selector_words(cand->events), when);
        } else {
            x.anchor_words = b.anchor ? event_ref(*b.anchor) : when;
        }
        if (p.first && p.first->candidates.size() > 1 && cand)
            x.anchor_why = fmt::format("{}: candidate {} gave the earliest due date", report::due_words(*p.first), b.candidate + 1);
    } else if (const policy::anchor* cand = candidate_of(f)) {
        const auto& s = cand->events;
        // Counted from an event's expiry (an emergency protection order's): say when it was made, and when it expires.
        const std::string anchor_on = cand->expires && b.anchor ? fmt::format("{}, which expires {}", to_string(b.anchor->when), to_string(b.anchor_date))
                                                           : to_string(b.anchor_date);
        const std::string noun = report::event_noun(s.type) + where_suffix(s);
        const std::string nouns = report::event_noun(s.type, true) + where_suffix(s);
        const std::size_t n = b.anchor_candidates;
        const std::string only = fmt::format("the only {} ({})", noun, anchor_on);
        switch (s.select) {
            case policy::selector::pick::each:
                x.anchor_words = fmt::format("the {} of {}", noun, anchor_on);
                x.anchor_why = fmt::format("one obligation for each {}", noun);
                break;
            case policy::selector::pick::first_of_episode:
                x.anchor_words = fmt::format("the {} of {}", noun, anchor_on);
                x.anchor_why = fmt::format("the first {} since the previous obligation was done or cancelled; later ones do not restart the clock", noun);
                break;
            case policy::selector::pick::last_of_episode:
                x.anchor_words = n <= 1 ? fmt::format("the {} of {}", noun, anchor_on) : fmt::format("the last of {} {} in this episode ({})", n, nouns, anchor_on);
                x.anchor_why = fmt::format("the last {} since the previous obligation was done or cancelled{}", noun,
                                           f.satisfied_by ? fmt::format(", on or before {}, which satisfied it", event_ref(*f.satisfied_by))
                                                          : std::string("; nothing has satisfied it yet"));
                break;
            case policy::selector::pick::first:
                x.anchor_words = n <= 1 ? only : fmt::format("the first of {} {} ({})", n, nouns, anchor_on);
                if (n > 1) x.anchor_why = "the rule counts from the first one; later ones do not restart the clock";
                break;
            case policy::selector::pick::last:
                x.anchor_words = n <= 1 ? only : fmt::format("the last of {} {} ({})", n, nouns, anchor_on);
                if (n > 1)
                    x.anchor_why = f.satisfied_by
                                       ? fmt::format("the rule counts from the last one on or before {}, which satisfied it", event_ref(*f.satisfied_by))
                                       : "the rule counts from the last one; nothing has satisfied it yet";
                break;
        }
        const auto* d = std::get_if<policy::deadline_params>(&f.rule->params);
        if (d && d->due.candidates.size() > 1) {
            x.anchor_why = fmt::format("{}: candidate {} gave the earliest due date{}", report::due_words(d->due), b.candidate + 1,
                                       x.anchor_why.empty() ? "" : "; " + x.anchor_why);
        }
    } else {
        x.anchor_words = b.anchor ? event_ref(*b.anchor) : when;
    }
}

/// The offset in words, and every non-working day stepped over (recomputed with a trace).
void explain_counting(explanation& x, const eval::finding& f, const policy::compiled_policy& p) {
    const auto o = f.basis.offset;
    // Day units count from the day (the evaluator drops any time); hours from the date-time,
    // unless what was done is a bare date: then whole days from the anchor's day.
    const bool exact = o.unit == calendar::unit::hours && f.basis.anchor_date.has_time() && f.due.has_time();
    const date_time anchor = exact ? f.basis.anchor_date : date_time{f.basis.anchor_date.day, -1};
    const std::string from = o.unit == calendar::unit::hours ? to_string(f.basis.anchor_date) : to_string(f.basis.anchor_date.day);
    switch (o.unit) {
        case calendar::unit::working_days:
            x.counting = fmt::format("{} {} ({}): {}; weekends and bank holidays are stepped over", report::offset_words(o), from,
                                     calendar::to_string(o),
                                     calendar::counts_start_day(o) ? "the anchor day counts as day 1" : "the anchor day itself never counts");
            break;
        case calendar::unit::days:
        case calendar::unit::weeks:
            x.counting = fmt::format("{} {} ({}): calendar days{}", report::offset_words(o), from, calendar::to_string(o),
                                     calendar::counts_start_day(o) ? ", the anchor day counting as day 1" : "");
            break;
        case calendar::unit::months:
            x.counting = fmt::format("{} {} ({}): the same day number, or the last day of a shorter month", report::offset_words(o), from,
                                     calendar::to_string(o));
            break;
        case calendar::unit::hours:
            x.counting = fmt::format("{} {} ({}){}", report::offset_words(o), from, calendar::to_string(o),
                                     exact                          ? ": exact, on date-times"
                                     : f.basis.anchor_date.has_time() ? ": whole days, as what was done is a bare date"
                                                                      : ": whole days, as the anchor is a bare date");
            break;
    }
    calendar::trace how;
    std::string error;
    std::optional<date> again;
    if (o.unit == calendar::unit::hours) {
        if (auto dt = p.calendar->apply(anchor, o, &error, &how)) again = dt->day;
    } else {
        again = p.calendar->apply(f.basis.anchor_date.day, o, &error, &how);  // eval drops the time for day units
    }
    x.stepped = how.stepped_over;
    if (!again) x.recompute_note = "recomputing the due date failed: " + error;
    else if (*again != f.due.day) x.recompute_note = fmt::format("recomputing gives {}, not {}", to_string(*again), to_string(f.due.day));
}

/// A finding left overdue by `cancel_until: due`: the event that ended it after the due day.
std::string ended_words(const eval::finding& f, const policy::selector& cancelled_by) {
    return fmt::format("not done: {} ended it after the due date (a {}{} cancels it only on or before the due day); nothing "
                       "recorded after it counts",
                       event_ref(*f.status_by), report::event_noun(cancelled_by.type), where_suffix(cancelled_by));
}

void explain_done(explanation& x, const eval::finding& f, const facts::case_facts& c) {
    const auto& r = *f.rule;
    if (const auto* d = std::get_if<policy::deadline_params>(&r.params)) {
        const std::string what = fmt::format("the first {}{}", report::event_noun(d->done.type), where_suffix(d->done));
        // Where run_deadline looked: from the anchor event's own day (an order's, not its expiry),
        // or anywhere in the case for a child's date counted backwards from.
        const policy::anchor* cand = candidate_of(f);
        std::string where = "on or after the anchor";
        if (f.basis.anchor && cand && cand->expires)
            where = fmt::format("on or after the day the {} was made", report::event_noun(f.basis.anchor->type));
        else if (!f.basis.anchor && cand && cand->offset.amount < 0)
            where = "recorded for the child";
        if (f.satisfied_by)
            x.done_words = fmt::format("{}: {}, {} {}", to_string(f.done), event_ref(*f.satisfied_by, false), what, where);
        else if (f.status_by && d->cancelled_by)
            x.done_words = ended_words(f, *d->cancelled_by);
        else
            x.done_words = fmt::format("not done: no {}{} recorded", report::event_noun(d->done.type), where_suffix(d->done));
    } else if (const auto* cd = std::get_if<policy::conference_deadline_params>(&r.params)) {
        if (f.satisfied_by)
            x.done_words = fmt::format("{}: {} {}", to_string(f.done),
                                       cd->done == policy::conference_field::decided ? "decided at" : "reconvened by",
                                       event_ref(*f.satisfied_by, false));
        else if (f.status_by && cd->cancelled_by) x.done_words = ended_words(f, *cd->cancelled_by);
        else if (f.has_done) x.done_words = fmt::format("{}: {}", to_string(f.done), report::field_words(cd->done));
        else x.done_words = fmt::format("not done: no date for \"{}\" recorded", report::field_words(cd->done));
    } else if (const auto* id = std::get_if<policy::item_deadline_params>(&r.params)) {
        std::string item = fmt::format("item {}", f.item);
        if (f.subject && f.item >= 0) {
            const auto i = static_cast<std::size_t>(f.item);
            if (policy::on_exclusions(id->field)) {
                auto xs = c.exclusions_of(*f.subject);
                if (i < xs.size()) item = fmt::format("exclusion {} ({})", f.item, xs[i].person.empty() ? "person not named" : std::string(xs[i].person));
            } else {
                auto rs = c.reports_of(*f.subject);
                if (i < rs.size())
                    item = fmt::format("report {} ({})", f.item, rs[i].agency ? facts::agency_names[static_cast<std::size_t>(*rs[i].agency)] : "agency not given");
            }
        }
        x.done_words = f.has_done ? fmt::format("{}: {}, {}", to_string(f.done), item, report::field_words(id->field))
                                  : fmt::format("not done: {} has no date for \"{}\"", item, report::field_words(id->field));
    } else if (const auto* rp = std::get_if<policy::recurring_params>(&r.params)) {
        x.done_words = f.satisfied_by ? fmt::format("{}: {}", to_string(f.done), event_ref(*f.satisfied_by, false))
                                      : fmt::format("not done: no later {}{} recorded while this plan lasted", report::event_noun(rp->series.type), where_suffix(rp->series));
    } else if (f.has_done) {
        x.done_words = to_string(f.done);
    } else if (std::holds_alternative<policy::reports_required_params>(r.params) && !f.detail.empty()) {
        x.done_words = fmt::format("not yet: {}", f.detail);  // reports owed before a conference still to come
    }
}

std::string status_words(const eval::finding& f, date as_of) {
    switch (f.state) {
        case eval::status::met:
            return f.has_due ? fmt::format("met: done on or before the due date") : "met: the requirement holds";
        case eval::status::pending:
            return "pending: not done yet, and the due date has not passed";
        case eval::status::late:
            return fmt::format("late: done {} day{} after the due date", f.days_late, f.days_late == 1 ? "" : "s");
        case eval::status::overdue: {
            if (f.status_by) {
                const int after = f.status_by->when.day - f.due.day;
                return fmt::format("overdue: not done by the due date, and ended {} day{} after it: missed before it ended", after,
                                   after == 1 ? "" : "s");
            }
            const int days = as_of - f.due.day;
            return fmt::format("overdue: not done, and the due date passed {} day{} ago", days, days == 1 ? "" : "s");
        }
        case eval::status::breached: return "breached: " + (f.detail.empty() ? std::string("not met") : std::string(f.detail));
        case eval::status::waived: {
            if (!f.status_by) return "waived";
            return fmt::format("waived: it would fail{}, but {} records an exceptional reason the policy allows: \"{}\"",
                               f.detail.empty() ? "" : " (" + std::string(f.detail) + ")", event_ref(*f.status_by, false),
                               f.status_by->outcome.exceptional_reason);
        }
    }
    return {};
}

explanation explain(const eval::finding& f, const facts::case_facts& c, const policy::compiled_policy& p, date as_of) {
    explanation x;
    x.f = &f;
    if (f.child >= 0) x.child = std::string(c.children[static_cast<std::size_t>(f.child)].id);
    if (f.subject) x.subject = eval::subject_name(*f.subject);
    x.rule_words = report::describe(*f.rule, p).text;
    if (f.has_due) {
        explain_anchor(x, f, c);
        explain_counting(x, f, p);
        explain_done(x, f, c);
    }
    x.status_words = status_words(f, as_of);
    if (f.rule->kind == policy::rule_kind::quorum && f.subject) {
        std::string present;
        for (const auto& a : c.attendees_of(*f.subject))
            if (a.present && a.agency && a.kind == facts::attendee_kind::professional)
                present += fmt::format("{}{} ({})", present.empty() ? "" : ", ", report::agency_words(facts::bit(*a.agency)), a.name);
        x.facts.push_back("professionals present: " + (present.empty() ? std::string("none recorded") : present));
    }
    return x;
}

std::string severity_name(const policy::rule& r) { return r.severity == policy::severity::violation ? "violation" : "advice"; }

void append_text(std::string& out, const explanation& x, date as_of) {
    const auto& f = *x.f;
    auto line = [&](std::string_view key, const std::string& value) { out += fmt::format("  {:<9} {}\n", key, value); };
    auto more = [&](const std::string& value) { out += fmt::format("  {:<9} {}\n", "", value); };
    std::string head = report::rule_label(*f.rule);
    if (!x.child.empty()) head += " — child " + x.child;
    if (!x.subject.empty()) head += " — " + x.subject;
    if (f.item >= 0) head += fmt::format(" {} {}", policy::item_key(*f.rule), f.item);
    out += fmt::format("{}: {} ({})\n", head, eval::status_names[static_cast<std::size_t>(f.state)], severity_name(*f.rule));
    line("rule", x.rule_words);
    if (f.has_due) {
        line("anchor", x.anchor_words);
        if (!x.anchor_why.empty()) more(x.anchor_why);
        line("counting", x.counting);
        if (!x.stepped.empty()) {
            line("skipped", plural(x.stepped.size(), "non-working day:", "non-working days:"));
            for (const auto& s : x.stepped)
                more(s.day.is_weekend() ? fmt::format("  {} {}", to_string(s.day), s.reason)
                                        : fmt::format("  {} {} ({})", to_string(s.day), s.reason, weekday_names[s.day.weekday()]));
        }
        if (!x.recompute_note.empty()) more("(" + x.recompute_note + ")");
        line("due", f.due.has_time() ? to_string(f.due) : day_words(f.due.day));
        line("done", x.done_words);
    }
    for (const auto& s : x.facts) line("facts", s);
    line("status", fmt::format("{} (as of {})", x.status_words, to_string(as_of)));
    line("source", fmt::format("{} — {}", f.rule->source.document, f.rule->source.section));
    more(fmt::format("\"{}\"", f.rule->source.quote));
    if (!f.rule->note.empty()) line("note", f.rule->note);
}

void json_field(std::string& out, std::string_view key, std::string_view value, std::string_view indent) {
    out += fmt::format(",\n{}\"{}\": ", indent, key);
    report::append_json_string(out, value);
}

void append_json(std::string& out, const explanation& x) {
    const auto& f = *x.f;
    constexpr std::string_view in = "      ";
    out += "    {\n      \"rule\": ";
    report::append_json_string(out, f.rule->id);
    if (!f.rule->variant.empty()) json_field(out, "variant", f.rule->variant, in);
    if (!x.child.empty()) json_field(out, "child", x.child, in);
    if (!x.subject.empty()) json_field(out, "subject", x.subject, in);
    if (f.item >= 0) out += fmt::format(",\n{}\"{}\": {}", in, policy::item_key(*f.rule), f.item);  // as check's findings carry it
    json_field(out, "status", eval::status_names[static_cast<std::size_t>(f.state)], in);
    json_field(out, "severity", severity_name(*f.rule), in);
    json_field(out, "rule_words", x.rule_words, in);
    if (f.has_due) {
        out += fmt::format(",\n{}\"anchor\": {{\"words\": ", in);
        report::append_json_string(out, x.anchor_words);
        if (!x.anchor_why.empty()) {
            out += ", \"why\": ";
            report::append_json_string(out, x.anchor_why);
        }
        if (!x.anchor_event.empty()) {
            out += ", \"event\": ";
            report::append_json_string(out, x.anchor_event);
        }
        out += ", \"what\": ";
        report::append_json_string(out, f.basis.anchor_what);
        out += ", \"date\": ";
        report::append_json_string(out, to_string(f.basis.anchor_date));
        out += fmt::format(", \"matched\": {}}}", f.basis.anchor_candidates);
        out += fmt::format(",\n{}\"offset\": {{\"value\": ", in);
        report::append_json_string(out, calendar::to_string(f.basis.offset));
        out += ", \"words\": ";
        report::append_json_string(out, report::offset_words(f.basis.offset));
        out += "}";
        json_field(out, "counting", x.counting, in);
        out += fmt::format(",\n{}\"stepped_over\": [", in);
        for (std::size_t i = 0; i < x.stepped.size(); ++i) {
            out += fmt::format("{}\n{}  {{\"date\": \"{}\", \"reason\": ", i ? "," : "", in, to_string(x.stepped[i].day));
            report::append_json_string(out, x.stepped[i].reason);
            out += "}";
        }
        out += x.stepped.empty() ? "]" : fmt::format("\n{}]", in);
        if (!x.recompute_note.empty()) json_field(out, "recompute_note", x.recompute_note, in);
        json_field(out, "due", to_string(f.due), in);
        if (f.has_done) json_field(out, "done", to_string(f.done), in);
        json_field(out, "done_words", x.done_words, in);
        if (f.state == eval::status::overdue && f.status_by) json_field(out, "ended_by", eval::subject_name(*f.status_by), in);
    }
    if (!f.detail.empty()) json_field(out, "detail", f.detail, in);
    if (f.state == eval::status::late) out += fmt::format(",\n{}\"days_late\": {}", in, f.days_late);
    if (!x.facts.empty()) {
        out += fmt::format(",\n{}\"facts\": [", in);
        for (std::size_t i = 0; i < x.facts.size(); ++i) {
            out += i ? ", " : "";
            report::append_json_string(out, x.facts[i]);
        }
        out += "]";
    }
    json_field(out, "status_words", x.status_words, in);
    out += fmt::format(",\n{}\"source\": {{\"document\": ", in);
    report::append_json_string(out, f.rule->source.document);
    out += ", \"section\": ";
    report::append_json_string(out, f.rule->source.section);
    out += ", \"quote\": ";
    report::append_json_string(out, f.rule->source.quote);
    out += "}";
    if (!f.rule->note.empty()) json_field(out, "note", f.rule->note, in);
    out += "\n    }";
}

}  // namespace

void add_explain_command(CLI::App& app, action& run) {
    struct options {
        std::string policy, rule, format = "text";
        std::optional<std::string> as_of;  // not given: today in England
        std::vector<std::string> inputs;
    };
    auto opt = std::make_shared<options>();
    auto* cmd = app.add_subcommand("explain", "Explain how each finding of one rule came about: anchor, days stepped over, due date, status");
    cmd->add_option("--policy", opt->policy, "A bundled policy name or a policy file (default: each case's partnership)");
    cmd->add_option("--as-of", opt->as_of, "Evaluate as of this date, YYYY-MM-DD (default: today in England)");
    cmd->add_option("--rule", opt->rule, "The rule id to explain (all its variants)")->required();
    cmd->add_option("--format", opt->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    cmd->add_option("input", opt->inputs, "A case file (.json, .yaml, .jsonl), a directory, or - for standard input")->required();
    cmd->callback([opt, &run] {
        run = [opt]() -> int {
            std::string why;
            auto as_of = as_of_date(opt->as_of, why);
            if (!as_of) {
                std::fprintf(stderr, "cprules explain: --as-of: %s\n", why.c_str());
                return 2;
            }
            session s(opt->policy);
            if (!s.prepare()) return 2;
            const bool json = opt->format == "json";
            int status = 0;
            std::size_t cases = 0;
            std::string out;
            evaluated_case ec;
            std::size_t read = 0;  // cases in the input, explained or not
            auto each = [&](std::string_view text, case_format format, const case_source& where) {
                ++read;
                s.evaluate(text, format, *as_of, ec);
                if (!ec.errors.empty()) {
                    std::string err;
                    for (const auto& d : ec.errors) append_case_error(err, where, ec.facts.case_id, d);
                    std::fputs(err.c_str(), stderr);
                    status = 2;
                }
                if (!ec.findings) return;
                const auto& p = *ec.policy;
                if (!p.find(opt->rule)) {
                    std::vector<std::string> ids;
                    for (const auto& r : p.rules) ids.push_back(r.id);
                    const std::string hint = detail::closest(opt->rule, ids);
                    std::fprintf(stderr, "cprules explain: policy '%s' has no rule '%s'%s\n", p.id.c_str(), opt->rule.c_str(),
                                 hint.empty() ? "" : fmt::format("; did you mean '{}'?", hint).c_str());
                    status = 2;
                    return;
                }
                std::vector<explanation> xs;
                for (const auto& f : *ec.findings)
                    if (f.rule->id == opt->rule) xs.push_back(explain(f, ec.facts, p, *as_of));
                if (json) {
                    out += cases++ ? ",\n" : "";
                    out += "{\n  \"case_id\": ";
                    report::append_json_string(out, ec.facts.case_id);
                    out += ",\n  \"policy\": {\"id\": ";
                    report::append_json_string(out, p.id);
                    out += ", \"version\": ";
                    report::append_json_string(out, p.version);
                    out += fmt::format("}},\n  \"as_of\": \"{}\",\n  \"rule\": ", to_string(*as_of));
                    report::append_json_string(out, opt->rule);
                    out += ",\n  \"findings\": [";
                    for (std::size_t i = 0; i < xs.size(); ++i) {
                        out += i ? ",\n" : "\n";
                        append_json(out, xs[i]);
                    }
                    out += xs.empty() ? "]\n}" : "\n  ]\n}";
                } else {
                    out += cases++ ? "\n" : "";
                    out += fmt::format("Case {} — policy {} {} — as of {}\n", ec.facts.case_id, p.id, p.version, to_string(*as_of));
                    if (xs.empty()) {
                        const policy::rule& r = *p.find(opt->rule);
                        std::string why = "the rule did not apply, or nothing it counts from has happened";
                        if (const auto* rp = std::get_if<policy::recurring_params>(&r.params); rp && rp->suspended_when)
                            why += fmt::format(", or what fell due came while {} held{}", rp->suspended_when->text(),
                                               rp->resume_after ? ", and that has no end recorded while the plan lasts" : "");
                        out += fmt::format("No findings for {} in this case: {}.\n  rule      {}\n", opt->rule, why, report::describe(r, p).text);
                    }
                    for (std::size_t i = 0; i < xs.size(); ++i) {
                        out += i ? "\n" : "";
                        append_text(out, xs[i], *as_of);
                    }
                }
            };
            for_each_case(opt->inputs, each);
            if (read == 0) std::fprintf(stderr, "cprules explain: no cases in the input\n");
            if (json && cases != 1) out = "[\n" + out + (cases ? "\n" : "") + "]\n";
            else if (json) out += "\n";
            std::fwrite(out.data(), 1, out.size(), stdout);
            return status;
        };
    });
}

}  // namespace cprules::cli
