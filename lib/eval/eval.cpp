// The evaluator: one function per rule kind, sharing the anchor / due-date /
// status machinery. See docs/architecture.md ("Adding a rule kind").
#include "eval/eval.hpp"

#include "expr/evaluate.hpp"
#include "policy/fields.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <iterator>
#include <limits>
#include <memory>
#include <span>
#include <tuple>
#include <fmt/compile.h>
#include <fmt/format.h>

namespace cprules::eval {

using facts::event;
using facts::event_type;
using policy::rule;
constexpr date no_day = calendar::working_calendar::no_day;

std::string subject_name(const event& e) {
    if (!e.id.empty()) return std::string(e.id);
    return fmt::format("{}@{}", facts::event_type_names[static_cast<std::size_t>(e.type)], to_string(e.when.day));
}

namespace {

// ----------------------------------------------------------------- plans

struct plan_period {
    const event* start = nullptr;
    const event* end = nullptr;  // the conference or plan_ended event that ended it
};

/// Events (or pointers to them) in date order, from the first at or after `t`. Searching
/// instead of scanning from the start keeps a case with thousands of events linear.
template <class T>
std::span<const T> from(const std::vector<T>& events, date_time t) {
    const auto when = [](const T& e) -> const date_time& {
        if constexpr (std::is_pointer_v<T>) return e->when;
        else return e.when;
    };
    const auto it = std::partition_point(events.begin(), events.end(), [&](const T& e) { return when(e) < t; });
    return {std::to_address(it), events.size() - static_cast<std::size_t>(it - events.begin())};
}
/// The earliest date-time of day `d`, for from().
constexpr date_time start_of(date d) { return {d, std::numeric_limits<std::int16_t>::min()}; }

/// Whether the child is on a plan at `t`: by day, or, where `t` and the conferences or events
/// that start and end a plan all have times, by the time (a discussion at 09:00 on the day of a
/// review ending the plan at 14:00 is during the plan). A child's periods are in date order and
/// do not overlap, so only the last to start on or before `t` can hold it. period_at: that
/// period, if it holds `t`.
const plan_period* period_at(const std::vector<std::vector<plan_period>>& plans, int child, date_time t) {
    if (child < 0) return nullptr;
    const auto& periods = plans[static_cast<std::size_t>(child)];
    const auto after = std::partition_point(periods.begin(), periods.end(), [&](const plan_period& p) { return calendar::on_or_before(p.start->when, t); });
    if (after == periods.begin()) return nullptr;
    const plan_period& p = *std::prev(after);
    return !p.end || !calendar::on_or_before(p.end->when, t) ? &p : nullptr;
}
bool in_plan(const std::vector<std::vector<plan_period>>& plans, int child, date_time t) { return period_at(plans, child, t) != nullptr; }

/// The first of a child's periods (in date order) that starts at event `e` or after it: the one
/// before it, if any, is the one that runs into `e` or ended before it.
std::vector<plan_period>::const_iterator periods_from(const std::vector<plan_period>& periods, const event& e) {
    return std::partition_point(periods.begin(), periods.end(), [&](const plan_period& x) { return x.start < &e; });
}

/// A strategy discussion that initiated a Section 47 enquiry, or the start of one.
bool starts_s47(const event& e) {
    return e.type == event_type::section47_started || (e.type == event_type::strategy_discussion && e.s47_initiated == facts::tri::yes);
}

/// A conference deciding `plan`, or a transfer-in conference deciding `plan_continues`: the plan made by
/// the authority the child came from goes on here (it starts a plan only for a child not already on one).
bool starts_plan(const event& e) {
    return e.type == event_type::conference &&
           (e.outcome.decision == facts::decision::plan ||
            (e.outcome.decision == facts::decision::plan_continues && e.kind == facts::conference_kind::transfer_in));
}
/// For a policy with `restart_plan_at_initial`: an initial conference deciding `plan` or `no_plan`
/// for a child whose running plan a pre-birth or transfer-in conference made (`started`), and
/// which no review has yet reviewed (see reviewed()), is the child's own initial conference,
/// after the birth or the move: the plan before it ends there, and with `plan` one starts. A plan
/// made at an initial conference or a review runs on through one held for a sibling.
bool restarts_plan(const event& started, const event& e) {
    return e.type == event_type::conference && e.kind == facts::conference_kind::initial &&
           (e.outcome.decision == facts::decision::plan || e.outcome.decision == facts::decision::no_plan) &&
           (started.kind == facts::conference_kind::pre_birth || started.kind == facts::conference_kind::transfer_in);
}

/// A conference sitting that reached a decision: one not adjourned, and not deferring its decision.
bool reaches_decision(const event& e) {
    return e.outcome.decision != facts::decision::adjourned && e.outcome.decision != facts::decision::deferred;
}

/// Whether a review conference concerning child `c` sat after `start` and before `e` (`conferences`
/// in date order) and reached a decision: the plan has been reviewed, the child is in the review
/// cycle, and an initial conference after that is a sibling's. An adjourned or deferred review
/// reviewed nothing yet.
bool reviewed(const std::vector<const event*>& conferences, const event& start, const event& e, std::size_t c) {
    for (const event* x : from(conferences, start.when)) {
        if (x->when >= e.when) break;
        if (x != &start && x->kind == facts::conference_kind::review && x->concerns(c) && reaches_decision(*x)) return true;
    }
    return false;
}

/// Two date-times on the same day whose order a bare date leaves open.
constexpr bool same_day_unordered(date_time a, date_time b) {
    return a.day == b.day && !(a.has_time() && b.has_time());
}

/// Whether sitting `e` resumes `earlier`: reconvenes it, or a sitting that does
/// (case_facts::for_each_sitting_back).
bool resumes_sitting(const facts::case_facts& c, const event& e, const event& earlier) {
    bool found = false;
    c.for_each_sitting_back(e, [&](const event& s) {
        found = &s != &e && &s == &earlier;
        return !found;
    });
    return found;
}

bool ends_plan(const event& e) {
    if (e.type == event_type::plan_ended) return true;
    return e.type == event_type::conference &&
           (e.outcome.decision == facts::decision::plan_ends ||
            (e.outcome.decision == facts::decision::no_plan && e.kind == facts::conference_kind::review));
}

// ----------------------------------------------------------------- quorum counting

bool counts_for_quorum(const facts::attendee& a) {
    return a.present && a.agency && a.kind == facts::attendee_kind::professional;
}

/// The agencies other than the required ones present with direct contact with child `c`.
facts::agency_set others_with_contact(const facts::case_facts& facts, const policy::quorum_params& p, const event& e, std::size_t c) {
    facts::agency_set with_contact = 0;
    for (const auto& a : facts.attendees_of(e))
        if (counts_for_quorum(a) && (a.direct_contact_with >> c & 1u) && !(p.required & facts::bit(*a.agency)))
            with_contact |= facts::bit(*a.agency);
    return with_contact;
}

/// The agencies of the professionals present, who count for quorum.
facts::agency_set present_agencies(const facts::case_facts& facts, const event& e) {
    facts::agency_set present = 0;
    for (const auto& a : facts.attendees_of(e))
        if (counts_for_quorum(a)) present |= facts::bit(*a.agency);
    return present;
}

/// The quorum rule `p` is met for child `c` of conference `e`: the required agencies present,
/// and enough others present with direct contact with the child.
bool quorate_for(const facts::case_facts& facts, const policy::quorum_params& p, const event& e, std::size_t c) {
    return !(p.required & ~present_agencies(facts, e)) &&
           std::popcount(static_cast<unsigned>(others_with_contact(facts, p, e, c))) >= p.others_with_contact;
}

/// Whether review conference `e` is the first review of the plan of child `c` that runs into it (or
/// that it ends): no earlier review of that plan, concerning the child and after the conference that
/// made it, reached a decision (an adjourned or deferred sitting decides nothing, so the sitting that
/// does is still the first). False when no plan of the child runs into it: a review that makes the
/// plan starts it and is not its review.
bool first_review_of_plan(const std::vector<plan_period>& periods, const std::vector<const event*>& conferences, const event& e,
                          std::size_t c) {
    if (e.type != event_type::conference || e.kind != facts::conference_kind::review || !e.concerns(c)) return false;
    const auto after = periods_from(periods, e);
    if (after == periods.begin()) return false;
    const plan_period& period = *std::prev(after);
    if (period.end && period.end < &e) return false;  // ended before it
    for (const event* x : from(conferences, period.start->when)) {
        if (x->when >= e.when) break;
        if (x != &e && x->kind == facts::conference_kind::review && x->concerns(c) && x->when > period.start->when &&
            reaches_decision(*x))
            return false;
    }
    return true;
}

/// Whether one of a child's plans starts at conference `e`.
bool starts_plan_at(const std::vector<plan_period>& periods, const event& e) {
    const auto at = periods_from(periods, e);
    return at != periods.end() && at->start == &e;
}

/// Whether one of a child's plans ends at `e`, or, `e` being a plan_ended event, at a conference on its day.
/// Only a period that starts by `e`'s day can; the periods do not overlap, so their ends are in
/// date order too, and the search goes back from there only while they end on that day or later.
bool ends_plan_at(const std::vector<plan_period>& periods, const event& e) {
    auto it = std::partition_point(periods.begin(), periods.end(), [&](const plan_period& p) { return p.start->when.day <= e.when.day; });
    while (it != periods.begin()) {
        const plan_period& p = *--it;
        if (!p.end) continue;  // the plan running now
        if (p.end->when.day < e.when.day) return false;
        if (p.end == &e || (e.type == event_type::plan_ended && p.end->when.day == e.when.day)) return true;
    }
    return false;
}

// ----------------------------------------------------------------- conditions

/// Answers condition fields for one child, one event and one conference at a reference date.
class environment final : public expr::environment {
public:
    // The case: set once for it.
    const facts::case_facts* facts = nullptr;
    const std::vector<std::optional<date>>* births = nullptr;      // per child: date_of_birth, or a recorded birth event's date
    const std::vector<year_month_day>* births_ymd = nullptr;       // per child: the same as year, month and day (where known)
    const std::vector<std::optional<date>>* s47_starts = nullptr;  // per child: the first Section 47 start
    const std::vector<std::vector<plan_period>>* plans = nullptr;  // per child
    const std::vector<const event*>* conferences = nullptr;        // in date order
    const std::array<std::vector<const event*>, facts::event_type_names.size()>* by_type = nullptr;  // each in date order
    // What a condition is asked about.
    int child_index = -1;
    const facts::child* child = nullptr;
    /// In a deadline's episode: when the child's last Section 47 enquiry before it closed
    /// (the previous episode, a conference, a no-conference outcome). Then
    /// child.s47_initiated and child.conference_decided count only what is recorded after it.
    std::optional<date_time> episode_after;
    const event* ev = nullptr;
    const event* conference = nullptr;
    const facts::report* report = nullptr;        // item_deadline rules on reports
    const facts::exclusion* exclusion = nullptr;  // ... and on exclusions
    date reference;
    /// event.quorate per event: -1 null, 0 false, 1 true (filled only for a policy that reads it).
    const std::vector<std::int8_t>* quorate = nullptr;
    /// Per event: the quorum rule that applies to the conference (filled with `quorate`).
    const std::vector<const policy::quorum_params*>* quorum_rules = nullptr;
    // Views the evaluator may hand out; filled on demand.
    using list = std::array<std::string_view, 16>;
    mutable list list_a{}, list_b{};
    /// Text of date fields, one buffer a field, so that two dates in one condition do not share one.
    enum date_buffer : std::size_t { event_date, conference_date, child_date, requested_date, notified_date, date_buffers };
    mutable std::array<std::string, date_buffers> date_text;
    mutable std::vector<const facts::attendee*> chairs;  // chair_independent's, reused

    expr::value get(int slot) const override {
        using policy::field;
        if (slot >= static_cast<int>(field::conference_offset))
            return event_field(conference, static_cast<field>(slot - static_cast<int>(field::conference_offset)), list_b, date_text[conference_date]);
        const auto f = static_cast<field>(slot);
        switch (f) {
            case field::child_age_years: {
                const auto born = born_date();
                if (!child || !born || *born > reference) return expr::value::null();
                return expr::value::of(static_cast<double>(age_on((*births_ymd)[static_cast<std::size_t>(child_index)], reference.ymd())));
            }
            case field::child_unborn:
            case field::child_looked_after:
            case field::child_exploitation_suspected:
            case field::child_has_plan: return of_flag(flag(slot));
            case field::child_agencies_in_contact: return listed(words(slot), facts::agency_names, list_a);
            case field::child_date_of_birth: return date_value(born_date(), date_text[child_date]);
            case field::child_s47_initiated:
                if (!child) return expr::value::null();
                if (!episode_after) {
                    const auto& s47 = (*s47_starts)[static_cast<std::size_t>(child_index)];
                    return expr::value::of(s47 && *s47 <= reference);
                }
                for (const auto& e : from(facts->events, *episode_after)) {
                    if (e.when.day > reference) break;
                    if (e.when > *episode_after && starts_s47(e) && e.concerns(static_cast<std::size_t>(child_index))) return expr::value::of(true);
                }
                return expr::value::of(false);
            case field::child_conference_decided: {
                if (!child) return expr::value::null();
                const auto decides = [&](const event& e) {
                    return e.concerns(static_cast<std::size_t>(child_index)) &&
                           (e.type == event_type::decision_to_convene || e.conference_required == facts::tri::yes ||
                            e.recommended_conference == facts::tri::yes);
                };
                for (const auto type : {event_type::decision_to_convene, event_type::section47_outcome, event_type::strategy_discussion}) {
                    const auto& events = (*by_type)[static_cast<std::size_t>(type)];
                    for (const event* e : episode_after ? from(events, *episode_after) : std::span(events)) {
                        if (e->when.day > reference) break;
                        if ((!episode_after || e->when > *episode_after) && decides(*e)) return expr::value::of(true);
                    }
                }
                return expr::value::of(false);
            }
            case field::report_agency: return named(word(slot), facts::agency_names);
            case field::exclusion_scope:
                return exclusion && !exclusion->scope.empty() ? expr::value::of(exclusion->scope) : expr::value::null();
            case field::exclusion_grounds:
                return exclusion ? expr::value::of(facts->grounds_of(*exclusion)) : expr::value::null();
            case field::exclusion_requested_on:
                return exclusion ? date_value(exclusion->requested_on, date_text[requested_date]) : expr::value::null();
            case field::exclusion_notified_in_writing_on:
                return exclusion ? date_value(exclusion->notified_in_writing_on, date_text[notified_date]) : expr::value::null();
            case field::exclusion_evidence: return exclusion ? tri(exclusion->evidence) : expr::value::null();
            case field::exclusion_decided_by: return exclusion ? some_text(exclusion->decided_by) : expr::value::null();
            case field::exclusion_before_conference:
                if (!exclusion || !exclusion->requested_on || !conference) return expr::value::null();
                return expr::value::of(*exclusion->requested_on < conference->when.day);
            default:
                return event_field(ev, f, list_a, date_text[event_date]);
        }
    }

    /// A boolean field as 1 (true), 0 (false) or -1 (null), with no value built: the
    /// child's flags and an event's own recorded ones here, the others through get().
    int flag(int slot) const {
        using policy::field;
        const bool of_conference = slot >= static_cast<int>(field::conference_offset);
        const auto f = static_cast<field>(of_conference ? slot - static_cast<int>(field::conference_offset) : slot);
        switch (f) {
            case field::child_unborn:
                return child ? unborn(static_cast<std::size_t>(child_index)) : -1;
            case field::child_looked_after: {
                if (!child) return -1;
                const bool from = child->looked_after_from && *child->looked_after_from <= reference;
                const bool to = !child->looked_after_to || *child->looked_after_to >= reference;
                return from && to;
            }
            case field::child_exploitation_suspected: return child ? child->exploitation_suspected : -1;
            case field::child_has_plan: {
                if (!child) return -1;
                // At the event's own time when the condition is about it on its day; else by day.
                const bool own_day = ev && ev->when.day == reference;
                const plan_period* p = period_at(*plans, child_index, own_day && ev->when.has_time() ? ev->when : date_time{reference, -1});
                // An event other than a conference (a strategy discussion, an order, a decision to
                // convene) on the day of the conference that starts the plan, their order left open
                // by a bare date, is read as before that conference: it leads to it.
                if (p && own_day && ev->type != event_type::conference && same_day_unordered(p->start->when, ev->when)) return false;
                return p != nullptr;
            }
            case field::event_s47_initiated:
            case field::event_recommended_conference:
            case field::event_conference_required:
            case field::event_seen_alone: {
                const event* e = of_conference ? conference : ev;
                return e ? tri_flag(recorded_flag(*e, f)) : -1;
            }
            default: {
                const expr::value v = get(slot);
                return v.type == expr::type::boolean ? v.boolean : -1;
            }
        }
    }
    /// Whole years from `born` to `on`.
    static int age_on(const year_month_day& born, const year_month_day& on) {
        int age = on.year - born.year;
        if (on.month < born.month || (on.month == born.month && on.day < born.day)) --age;
        return age;
    }
    /// The child's date of birth, or the date of its recorded birth event.
    std::optional<date> born_date() const { return child ? (*births)[static_cast<std::size_t>(child_index)] : std::nullopt; }
    /// Child `c` not yet born on the reference date: born after it, or no birth known and an
    /// expected date of delivery given.
    bool unborn(std::size_t c) const { return unborn_on(c, reference); }
    bool unborn_on(std::size_t c, date d) const {
        const auto& b = (*births)[c];
        return b ? *b > d : facts->children[c].expected_date_of_delivery.has_value();
    }

    /// Coded fields (expr::field::codes) by number: a string field's code, -1 for null.
    int word(int slot) const {
        using policy::field;
        if (slot >= static_cast<int>(field::conference_offset))
            return event_word(conference, static_cast<field>(slot - static_cast<int>(field::conference_offset)));
        if (static_cast<field>(slot) == field::report_agency) return report && report->agency ? static_cast<int>(*report->agency) : -1;
        return event_word(ev, static_cast<field>(slot));
    }
    /// A string-list field as the set of its words' codes.
    expr::coded_set words(int slot) const {
        using policy::field;
        if (slot >= static_cast<int>(field::conference_offset))
            return event_words(conference, static_cast<field>(slot - static_cast<int>(field::conference_offset)));
        if (static_cast<field>(slot) == field::child_agencies_in_contact) {
            if (!child || !child->agencies_in_contact_known) return {};  // not recorded: unknown, not none
            return {true, child->agencies_in_contact};
        }
        return event_words(ev, static_cast<field>(slot));
    }

private:
    /// The word of a code, or null.
    template <std::size_t N>
    static expr::value named(int code, const std::array<std::string_view, N>& names) {
        return code < 0 ? expr::value::null() : expr::value::of(names[static_cast<std::size_t>(code)]);
    }
    /// The words of a set of codes, in code order, or null.
    template <std::size_t N>
    static expr::value listed(expr::coded_set set, const std::array<std::string_view, N>& names, list& out) {
        static_assert(N <= std::tuple_size_v<list>);
        if (!set.known) return expr::value::null();
        std::size_t n = 0;
        for (std::size_t i = 0; i < N; ++i)
            if (set.bits >> i & 1u) out[n++] = names[i];
        return expr::value::of(std::span<const std::string_view>(out.data(), n));
    }
    /// The code of enumerator `i` of `names`; -1 for the unnamed "none".
    template <std::size_t N>
    static int code(std::size_t i, const std::array<std::string_view, N>& names) {
        return names[i].empty() ? -1 : static_cast<int>(i);
    }
    int event_word(const event* e, policy::field f) const {
        using policy::field;
        if (!e) return -1;
        switch (f) {
            case field::event_type: return static_cast<int>(e->type);
            case field::event_kind:
                return e->type == event_type::conference ? code(static_cast<std::size_t>(e->kind), facts::conference_kind_names) : -1;
            case field::event_decision: return code(static_cast<std::size_t>(e->outcome.decision), facts::decision_names);
            case field::event_decided_by: return code(static_cast<std::size_t>(e->outcome.decided_by), facts::decided_by_names);
            case field::event_reason: return code(static_cast<std::size_t>(e->reason), facts::plan_end_reason_names);
            default: return -1;  // not a coded string field
        }
    }
    expr::coded_set event_words(const event* e, policy::field f) const {
        using policy::field;
        if (!e) return {};
        const bool conf = e->type == event_type::conference;
        switch (f) {
            case field::event_categories:
                if (!e->has_outcome) return {};
                return {true, e->outcome.categories};
            case field::event_present_kinds:
            case field::event_present_agencies:
            case field::event_absent_agencies:
            case field::event_recommending_kinds: {
                if (!conf || e->attendees.count == 0) return {};  // attendance not recorded
                // Of the attendees present (recommending, for recommending_kinds); apologies: the
                // agencies of the professionals who sent them.
                unsigned kinds = 0, agencies = 0, apologies = 0;
                for (const auto& a : facts->attendees_of(*e)) {
                    const bool professional = a.agency && a.kind == facts::attendee_kind::professional;
                    if (!a.present) {
                        if (professional) apologies |= facts::bit(*a.agency);
                        continue;
                    }
                    if (f == field::event_recommending_kinds && a.recommendation == facts::recommendation::none) continue;
                    kinds |= 1u << static_cast<unsigned>(a.kind);
                    if (professional) agencies |= facts::bit(*a.agency);
                }
                if (f == field::event_absent_agencies) return {true, apologies & ~agencies};
                return {true, f == field::event_present_agencies ? agencies : kinds};
            }
            case field::event_report_agencies: {
                if (!conf) return {};
                return {true, facts->agencies_reporting(*e)};
            }
            case field::event_same_day_types:
            case field::event_same_day_decisions:
            case field::event_same_day_plan_end_reasons: {
                // Events are in date order: those on e's day are its neighbours.
                unsigned set = 0;
                auto add = [&](const event& x) {
                    if (!shares_child(*e, x)) return;
                    if (f == field::event_same_day_types) set |= 1u << static_cast<unsigned>(x.type);
                    else if (f == field::event_same_day_plan_end_reasons) {
                        if (x.type == event_type::plan_ended && x.reason != facts::plan_end_reason::none)
                            set |= 1u << static_cast<unsigned>(x.reason);
                    } else if (x.type == event_type::conference && x.outcome.decision != facts::decision::none)
                        set |= 1u << static_cast<unsigned>(x.outcome.decision);
                };
                const event* const first = facts->events.data();
                const event* const last = first + facts->events.size();
                for (const event* x = e; x != first && (x - 1)->when.day == e->when.day;) add(*--x);
                for (const event* x = e + 1; x != last && x->when.day == e->when.day; ++x) add(*x);
                return {true, set};
            }
            default: return {};  // not a coded list field
        }
    }

    static expr::value date_value(const std::optional<date>& d, std::string& text) {
        if (!d) return expr::value::null();
        text = to_string(*d);
        return expr::value::of(std::string_view(text));
    }
    /// Whether `other` concerns the child in scope, or else shares a child with `e`.
    bool shares_child(const event& e, const event& other) const {
        return child_index >= 0 ? other.concerns(static_cast<std::size_t>(child_index)) : (e.children & other.children) != 0;
    }
    /// The name of the conference's first chair present (one sending apologies did not chair it).
    std::string_view chair_of(const event& e) const {
        for (const auto& a : facts->attendees_of(e))
            if (a.kind == facts::attendee_kind::chair && a.present && !a.name.empty()) return a.name;
        return {};
    }
    /// event.chair_independent: null without a chair present with a name; false when
    /// such a chair manages someone working on the case (is named as the line_manager
    /// of a professional, another chair, or anyone with direct contact with a child),
    /// whether or not they came, or has direct contact with a child. Managing an
    /// observer or an interpreter with no part in the case is not counted.
    expr::value chair_independent(const event& e) const {
        if (e.type != event_type::conference) return expr::value::null();
        const auto attendees = facts->attendees_of(e);
        chairs.clear();
        bool independent = true;
        for (const auto& a : attendees) {
            if (a.kind != facts::attendee_kind::chair || !a.present || a.name.empty()) continue;
            chairs.push_back(&a);
            if (a.direct_contact_with) independent = false;
        }
        if (chairs.empty()) return expr::value::null();
        // Sorted by name, so that each attendee's line manager is looked up, not compared with every chair.
        const auto name = [](const facts::attendee* x) { return x->name; };
        std::ranges::sort(chairs, {}, name);
        for (const auto& a : attendees) {
            if (!independent) break;
            const bool on_the_case = a.kind == facts::attendee_kind::professional || a.kind == facts::attendee_kind::chair || a.direct_contact_with;
            if (a.line_manager.empty() || !on_the_case) continue;
            for (auto it = std::ranges::lower_bound(chairs, a.line_manager, {}, name); it != chairs.end() && (*it)->name == a.line_manager; ++it)
                if (*it != &a) independent = false;  // managed by a chair, other than themselves
        }
        return expr::value::of(independent);
    }
    expr::value derived_field(const event& e, policy::field f, list& out) const {
        using policy::field;
        switch (f) {
            case field::event_oldest_child_age_years: {
                // An unborn child is younger than any born child: passed over.
                int oldest = -1;
                const auto r = reference.ymd();
                for (std::size_t c = 0; c < facts->children.size(); ++c) {
                    if (!e.concerns(c) || unborn(c)) continue;
                    if (!(*births)[c]) return expr::value::null();
                    oldest = std::max(oldest, age_on((*births_ymd)[c], r));
                }
                return oldest < 0 ? expr::value::null() : expr::value::of(static_cast<double>(oldest));
            }
            case field::event_same_day_types: return listed(event_words(&e, f), facts::event_type_names, out);
            case field::event_same_day_decisions: return listed(event_words(&e, f), facts::decision_names, out);
            case field::event_same_day_plan_end_reasons: return listed(event_words(&e, f), facts::plan_end_reason_names, out);
            case field::event_same_chair_as_previous: {
                // Null for an adjourned sitting: a conference not held has no chair to compare.
                if (e.type != event_type::conference || e.outcome.decision == facts::decision::adjourned) return expr::value::null();
                // The nearest earlier conference sharing a child, an adjourned sitting (not held)
                // passed over: conferences are listed in date order, their order in the case's events.
                const event* previous = nullptr;
                for (auto it = std::lower_bound(conferences->begin(), conferences->end(), &e); it != conferences->begin();)
                    if (--it; shares_child(e, **it) && (*it)->outcome.decision != facts::decision::adjourned) {
                        previous = *it;
                        break;
                    }
                if (!previous) return expr::value::null();
                const auto mine = chair_of(e), theirs = chair_of(*previous);
                if (mine.empty() || theirs.empty()) return expr::value::null();
                return expr::value::of(mine == theirs);
            }
            case field::event_quorate:
            case field::event_quorate_for_child: {
                const auto i = static_cast<std::size_t>(&e - facts->events.data());
                if (!quorate || i >= quorate->size() || (*quorate)[i] < 0) return expr::value::null();
                if (f == field::event_quorate || child_index < 0) return expr::value::of((*quorate)[i] == 1);
                if (!e.concerns(static_cast<std::size_t>(child_index))) return expr::value::null();
                return expr::value::of(quorate_for(*facts, *(*quorum_rules)[i], e, static_cast<std::size_t>(child_index)));
            }
            case field::event_first_review: {
                if (e.type != event_type::conference || e.kind != facts::conference_kind::review) return expr::value::null();
                if (child_index >= 0) {
                    const auto c = static_cast<std::size_t>(child_index);
                    return expr::value::of(first_review_of_plan((*plans)[c], *conferences, e, c));
                }
                for (std::size_t c = 0; c < facts->children.size(); ++c)
                    if (first_review_of_plan((*plans)[c], *conferences, e, c)) return expr::value::of(true);
                return expr::value::of(false);
            }
            case field::event_starts_plan: {
                if (e.type != event_type::conference) return expr::value::null();
                if (child_index >= 0) return expr::value::of(starts_plan_at((*plans)[static_cast<std::size_t>(child_index)], e));
                for (std::size_t c = 0; c < facts->children.size(); ++c)
                    if (starts_plan_at((*plans)[c], e)) return expr::value::of(true);
                return expr::value::of(false);
            }
            case field::event_ends_plan: {
                if (child_index >= 0) return expr::value::of(ends_plan_at((*plans)[static_cast<std::size_t>(child_index)], e));
                for (std::size_t c = 0; c < facts->children.size(); ++c)
                    if (e.concerns(c) && ends_plan_at((*plans)[c], e)) return expr::value::of(true);
                return expr::value::of(false);
            }
            case field::event_child_unborn: {
                if (child_index >= 0) {
                    const auto c = static_cast<std::size_t>(child_index);
                    return e.concerns(c) ? expr::value::of(unborn_on(c, e.when.day)) : expr::value::null();
                }
                for (std::size_t c = 0; c < facts->children.size(); ++c)
                    if (e.concerns(c) && unborn_on(c, e.when.day)) return expr::value::of(true);
                return expr::value::of(false);
            }
            default: return expr::value::null();
        }
    }

    static expr::value some_text(std::string_view w) { return w.empty() ? expr::value::null() : expr::value::of(w); }
    static expr::value of_flag(int f) { return f < 0 ? expr::value::null() : expr::value::of(f > 0); }
    static int tri_flag(facts::tri t) { return t == facts::tri::unknown ? -1 : t == facts::tri::yes; }
    /// An event's own true/false field, as the facts record it.
    static facts::tri recorded_flag(const event& e, policy::field f) {
        using policy::field;
        switch (f) {
            case field::event_s47_initiated: return e.s47_initiated;
            case field::event_recommended_conference: return e.recommended_conference;
            case field::event_conference_required: return e.conference_required;
            default: return e.seen_alone;
        }
    }
    static expr::value tri(facts::tri t) { return of_flag(tri_flag(t)); }
    expr::value event_field(const event* e, policy::field f, list& out, std::string& text) const {
        using policy::field;
        if (!e) return expr::value::null();
        switch (f) {
            case field::event_type: return named(event_word(e, f), facts::event_type_names);
            case field::event_kind: return named(event_word(e, f), facts::conference_kind_names);
            case field::event_decision: return named(event_word(e, f), facts::decision_names);
            case field::event_decided_by: return named(event_word(e, f), facts::decided_by_names);
            case field::event_categories: return listed(event_words(e, f), facts::category_names, out);
            case field::event_reasons: return some_text(e->outcome.reasons);
            case field::event_exceptional_reason: return some_text(e->outcome.exceptional_reason);
            case field::event_reconvenes: return some_text(e->reconvenes);
            case field::event_s47_initiated:
            case field::event_recommended_conference:
            case field::event_conference_required:
            case field::event_seen_alone: return tri(recorded_flag(*e, f));
            case field::event_reason: return named(event_word(e, f), facts::plan_end_reason_names);
            case field::event_next_review_date: return date_value(e->outcome.next_review_date, text);
            case field::event_present_kinds:
            case field::event_recommending_kinds: return listed(event_words(e, f), facts::attendee_kind_names, out);
            case field::event_present_agencies:
            case field::event_absent_agencies:
            case field::event_report_agencies: return listed(event_words(e, f), facts::agency_names, out);
            case field::event_chair_independent: return chair_independent(*e);
            default: return derived_field(*e, f, out);
        }
    }
};

}  // namespace

/// Text the findings point at (their details), kept in chunks that never move
/// and are reused from case to case: clearing findings then frees nothing.
class text_arena {
public:
    void reset() { chunk_ = used_ = 0; }
    std::string_view keep(std::string_view s) {
        if (s.empty()) return {};
        if (chunk_ == chunks_.size() || used_ + s.size() > chunks_[chunk_].size) {
            if (chunk_ < chunks_.size()) ++chunk_;
            while (chunk_ < chunks_.size() && chunks_[chunk_].size < s.size()) ++chunk_;
            if (chunk_ == chunks_.size()) {
                const std::size_t size = std::max<std::size_t>(chunk_size, s.size());
                chunks_.push_back({std::make_unique_for_overwrite<char[]>(size), size});
            }
            used_ = 0;
        }
        char* at = chunks_[chunk_].data.get() + used_;
        std::memcpy(at, s.data(), s.size());
        used_ += s.size();
        return {at, s.size()};
    }

private:
    static constexpr std::size_t chunk_size = 4096;
    struct chunk {
        std::unique_ptr<char[]> data;
        std::size_t size;
    };
    std::vector<chunk> chunks_;
    std::size_t chunk_ = 0, used_ = 0;
};

/// A recommendation under a key (a line manager, an agency) that has one voice; `order`: the attendee's turn.
struct voice {
    std::string_view key;
    bool own;  // keyed by the attendee's own name (no line manager recorded), not a line manager's
    std::uint32_t order;
    facts::recommendation said;
};

/// One child's plan periods as run_recurring evaluated them for a rule, so that the next
/// child's can be copied: where a period has the same start and end and the same
/// occurrences, and nothing else the rule reads depends on the child, its findings are the
/// same but for the child.
struct period_record {
    struct block {
        const event* start;
        const event* end;
        std::uint32_t occurrences_begin, occurrences_end;  // in `occurrences`
        std::uint32_t findings_begin, findings_end;        // in the evaluator's findings
        bool copyable;                                     // its findings may be copied for another child
    };
    std::vector<const event*> occurrences;
    std::vector<block> blocks;  // in the order of their starts, as a child's periods come
    std::size_t next = 0;       // find()'s place: the next child asks in the same order
    void clear() {
        occurrences.clear();
        blocks.clear();
        next = 0;
    }
    void add(const event* start, const event* end, std::span<const event* const> occ, std::size_t findings_begin, std::size_t findings_end,
             bool copyable) {
        const auto from = static_cast<std::uint32_t>(occurrences.size());
        occurrences.insert(occurrences.end(), occ.begin(), occ.end());
        blocks.push_back({start, end, from, static_cast<std::uint32_t>(occurrences.size()), static_cast<std::uint32_t>(findings_begin),
                          static_cast<std::uint32_t>(findings_end), copyable});
    }
    /// The block of the period from `start` to `end`, or nullptr. Asked in the order of the
    /// periods' starts (events are in date order, so by address), it moves forward only.
    const block* find(const event* start, const event* end) {
        std::size_t i = next;
        while (i < blocks.size() && blocks[i].start < start) ++i;
        next = i;
        return i < blocks.size() && blocks[i].start == start && blocks[i].end == end ? &blocks[i] : nullptr;
    }
    std::span<const event* const> occurrences_of(const block& b) const {
        return std::span(occurrences).subspan(b.occurrences_begin, b.occurrences_end - b.occurrences_begin);
    }
};

struct evaluator::state {
    text_arena texts;
    environment env;
    std::vector<std::vector<plan_period>> plans;  // per child
    std::vector<std::optional<date>> births;      // per child: date_of_birth, else a birth event's date
    std::vector<year_month_day> births_ymd;       // per child: the same as year, month and day (where known)
    std::vector<std::optional<date>> s47_starts;  // per child: the first Section 47 start
    std::vector<const event*> scratch;
    std::array<period_record, 2> periods;  // run_recurring's: the previous child's, this child's
    std::vector<const event*> plan_events, s47_events;  // the case's events that start or end a plan; that start a Section 47 enquiry
    std::vector<voice> voices;
    std::vector<std::string_view> authors;  // reports_required's, by author
    std::array<std::vector<const event*>, facts::event_type_names.size()> by_type;  // each in date order
    std::vector<std::uint8_t> memo;
    std::vector<std::int8_t> quorate;                        // environment::quorate
    std::vector<const policy::quorum_params*> quorum_rules;  // environment::quorum_rules
    std::string detail;                // a finding's detail as it is built, before texts keeps it
};

evaluator::evaluator(const policy::compiled_policy& p) : policy_(p), state_(std::make_unique<state>()) {
    state_->env.quorate = &state_->quorate;
    state_->env.quorum_rules = &state_->quorum_rules;
    state_->env.births_ymd = &state_->births_ymd;
}
evaluator::~evaluator() = default;

namespace {

struct context {
    const policy::compiled_policy& policy;
    const calendar::working_calendar* calendar;  // policy.calendar, loaded once
    const facts::case_facts& facts;
    date as_of;
    environment& env;
    std::vector<std::vector<plan_period>>& plans;
    const std::vector<std::optional<date>>& births;
    const std::vector<std::optional<date>>& s47_starts;
    std::vector<const event*>& scratch;
    std::array<period_record, 2>& periods;
    std::vector<voice>& voices;
    std::vector<std::string_view>& authors;
    const std::array<std::vector<const event*>, facts::event_type_names.size()>& by_type;
    std::vector<std::uint8_t>& memo;  // conditions on one event's own fields: answers by memo slot x event
    text_arena& texts;
    std::vector<finding>& out;
    std::vector<diagnostic>& errors;
    std::string& detail;  // reused, so that building a detail allocates nothing once it has grown
    /// Event types whose every event in the case concerns every child (a bit a type).
    std::uint32_t every_child_types = 0;
    static_assert(facts::event_type_names.size() <= 32);

    /// The reused detail string, emptied for a new finding.
    std::string& new_detail() {
        detail.clear();
        return detail;
    }
    /// The case's events of one type, in date order.
    const std::vector<const event*>& of(event_type t) const { return by_type[static_cast<std::size_t>(t)]; }
    /// Whether every event of type `t` in the case concerns every child.
    bool concern_every_child(event_type t) const { return every_child_types >> static_cast<unsigned>(t) & 1u; }
    const std::vector<const event*>& conferences() const { return of(event_type::conference); }
    /// When the child's last Section 47 enquiry before `t` closed: `after` (the previous
    /// episode's end), or a later conference for the child or section47_outcome recording
    /// that no conference is required.
    std::optional<date_time> last_s47_close(int child, date_time t, std::optional<date_time> after) const {
        auto latest = [&](const std::vector<const event*>& events, auto&& closes) {
            for (const event* const* p = from(events, t).data(); p != events.data();) {
                const event& e = **--p;
                if (!e.concerns(static_cast<std::size_t>(child)) || !closes(e)) continue;
                if (!after || e.when > *after) after = e.when;
                return;
            }
        };
        latest(conferences(), [](const event&) { return true; });
        latest(of(event_type::section47_outcome), [](const event& e) { return e.conference_required == facts::tri::no; });
        return after;
    }

    /// The environment's case, set once for it.
    void set_case() {
        env.facts = &facts;
        env.births = &births;
        env.s47_starts = &s47_starts;
        env.plans = &plans;
        env.conferences = &conferences();
        env.by_type = &by_type;
    }
    void set_env(int child, const event* ev, const event* conference, date reference) {
        env.child_index = child;
        env.child = child >= 0 ? &facts.children[static_cast<std::size_t>(child)] : nullptr;
        env.episode_after.reset();
        env.ev = ev;
        env.conference = conference;
        env.reference = reference;
    }
    /// `episode_after`: see environment::episode_after.
    bool applies(const rule& r, int child, const event* ev, const event* conference, date reference,
                 std::optional<date_time> episode_after = std::nullopt) {
        if (!r.applies_when) return true;
        return holds(*r.applies_when, r.applies_memo, r.memo_on_conference ? conference : ev, [&] {
            set_env(child, ev, conference, reference);
            env.episode_after = episode_after;
        });
    }
    bool matches(const policy::selector& s, const event& e, int child, date reference) {
        if (e.type != s.type) return false;
        if (child >= 0 && !e.concerns(static_cast<std::size_t>(child))) return false;
        if (!s.where) return true;
        return holds(*s.where, s.memo, &e, [&] { set_env(child, &e, e.type == event_type::conference ? &e : nullptr, reference); });
    }
    /// Whether condition `c` holds, `prepare()` having set the environment. With a memo
    /// slot (policy::assign_memo_slots) it is evaluated once a case for the event `key`.
    template <class Prepare>
    bool holds(const expr::program& c, int slot, const event* key, Prepare&& prepare) {
        std::uint8_t* known = nullptr;  // 0 not yet evaluated, 1 false, 2 true
        if (slot >= 0 && key) {
            known = &memo[static_cast<std::size_t>(slot) * facts.events.size() + static_cast<std::size_t>(key - facts.events.data())];
            if (*known) return *known == 2;
        }
        prepare();
        const bool result = expr::evaluate(c, env);
        if (known) *known = result ? 2 : 1;
        return result;
    }
    /// Applies an offset; a date the calendar does not cover is an error for this
    /// case, and the answer's day is calendar::working_calendar::no_day.
    [[gnu::always_inline]] date_time shift(date_time from, calendar::offset o, const rule& r) {
        if (o.unit != calendar::unit::hours) from = date_time{from.day, -1};  // day-granular units give a due day
        const date_time d = calendar->shift(from, o);
        if (d.day == no_day) [[unlikely]] outside_calendar(from, o, r);
        return d;
    }
    /// A date shift() could not give, for the reason (apply() again) as an error of this case.
    [[gnu::noinline, gnu::cold]] void outside_calendar(date_time from, calendar::offset o, const rule& r) {
        std::string why;
        calendar->apply(from, o, &why);
        std::string message = r.variant.empty() ? fmt::format("rule {}: {}", r.id, why) : fmt::format("rule {} ({}): {}", r.id, r.variant, why);
        errors.push_back({"eval.date_outside_calendar", diagnostic_severity::error, std::move(message), {}, {}});
    }
    finding& add(const rule& r, int child, const event* subject) {
        // Copied from a blank finding: a few wide copies, where initialising it member by
        // member took a store each.
        static constexpr finding blank;
        finding& f = out.emplace_back(blank);
        f.rule = &r;
        f.child = child;
        f.subject = subject;
        return f;
    }
    /// Findings [from, to) again, for `child`.
    void copy_for_child(std::size_t from, std::size_t to, int child) {
        if (out.capacity() < out.size() + (to - from)) out.reserve(std::max(out.size() + (to - from), 2 * out.capacity()));
        for (std::size_t i = from; i < to; ++i) out.emplace_back(out[i]).child = child;
    }
    /// Waived by the exceptional_reason `by` records.
    static void waive(finding& f, const event& by) {
        f.state = status::waived;
        f.status_by = &by;
    }
    /// A constraint not met: waived where the rule allows it and `e` records an exceptional reason, else breached.
    static void waive_or_breach(finding& f, const event& e, bool allowed) {
        if (allowed && !e.outcome.exceptional_reason.empty()) waive(f, e);
        else f.state = status::breached;
    }
    /// Hours counted from a date-time, done on a bare date: "where either side is a bare date,
    /// whole days" (contract section 5), so the due day is the anchor's day shifted by whole days,
    /// not the day of the exact time, which a clock change in between can move.
    [[gnu::noinline, gnu::cold]] date_time whole_days(const finding& f, date_time exact) {
        const date_time due = calendar->shift(date_time{f.basis.anchor_date.day, -1}, f.basis.offset);
        return due.day == no_day ? exact : due;
    }
    /// A date obligation's due date, its done date if it was done, and the status they
    /// and as_of give. Worked out from the values, not read back from the finding: a
    /// read of what was just written there stalls (store forwarding).
    [[gnu::always_inline]] void set_dates(finding& f, date_time due, const date_time* done_at) {
        if (done_at && due.has_time() && !done_at->has_time()) [[unlikely]] due = whole_days(f, due);
        f.has_due = true;
        store(f.due, due);
        if (!done_at) {
            f.state = as_of <= due.day ? status::pending : status::overdue;
            return;
        }
        // Exact where both are date-times (a due date has a time only then); else by day.
        const date_time done = due.has_time() ? *done_at : date_time{done_at->day, -1};
        f.has_done = true;
        store(f.done, done);
        const bool on_time = due.has_time() ? done <= due : done.day <= due.day;
        f.state = on_time ? status::met : status::late;
        if (!on_time) f.days_late = done.day - due.day;  // calendar days after due: 0 when hours late on the day
    }
};

/// Where the next part of a detail is written: after a "; " when `detail` has text past `start`.
std::back_insert_iterator<std::string> next_part(std::string& detail, std::size_t start = 0) {
    if (detail.size() > start) detail += "; ";
    return std::back_inserter(detail);
}

/// Where the rule allows it, a late obligation whose satisfying event records an
/// exceptional reason is waived (deadlines; recurring rules with `waivable: true`).
void waive_late(finding& f, bool allowed) {
    if (allowed && f.state == status::late && f.satisfied_by && !f.satisfied_by->outcome.exceptional_reason.empty())
        context::waive(f, *f.satisfied_by);
}

/// A date-time for a bare date anchor stays bare; hours on bare dates are whole days.
date_time at(date d) { return date_time{d, -1}; }

// ----------------------------------------------------------------- anchors

struct resolved_anchor {
    bool known = false;
    date_time when;
    const event* ev = nullptr;
    std::uint16_t matched = 0;
};

/// Resolves one candidate anchor for a child. For `last`, the last matching
/// event on or before `limit` (the event that satisfied the obligation), if any.
/// `first_only`: the first matching event, whatever the anchor's own `select`
/// (and `matched` counts no further).
resolved_anchor resolve(context& cx, const policy::anchor& a, int child, const event* start,
                        std::optional<date_time> limit, bool first_only = false) {
    resolved_anchor r;
    switch (a.from) {
        case policy::anchor::origin::start:
            if (start) { r.known = true; r.when = start->when; r.ev = start; r.matched = 1; }
            return r;
        case policy::anchor::origin::child_date: {
            if (child < 0) return r;
            const auto& c = cx.facts.children[static_cast<std::size_t>(child)];
            const auto& d = a.field == policy::anchor::child_date::date_of_birth ? cx.births[static_cast<std::size_t>(child)]
                                                                               : c.expected_date_of_delivery;
            if (d) { r.known = true; r.when = at(*d); }
            return r;
        }
        case policy::anchor::origin::event: {
            const auto select = first_only ? policy::selector::pick::first : a.events.select;
            for (const event* ep : cx.of(a.events.type)) {
                const event& e = *ep;
                if (!cx.matches(a.events, e, child, e.when.day)) continue;
                // "the last of N": only those up to the event that satisfied the obligation.
                if (select != policy::selector::pick::last || !limit || e.when <= *limit) ++r.matched;
                const bool take = select == policy::selector::pick::first ? !r.known : (!limit || e.when <= *limit);
                if (take) {
                    if (a.expires && !e.expires) continue;  // an order with no expiry recorded gives no date
                    r.known = true;
                    r.when = a.expires ? at(*e.expires) : e.when;
                    r.ev = &e;
                    if (first_only) return r;  // its callers need no count of the others
                }
            }
            return r;
        }
    }
    return r;
}

struct due_result {
    bool known = false;
    date_time due;
    basis how;
};

due_result compute_due(context& cx, const rule& r, const policy::due_rule& d, int child, const event* start,
                       std::optional<date_time> limit, std::string_view start_what) {
    due_result out;
    for (std::size_t i = 0; i < d.candidates.size(); ++i) {
        const auto& cand = d.candidates[i];
        auto a = resolve(cx, cand, child, start, limit);
        if (!a.known) continue;
        const date_time due = cx.shift(a.when, cand.offset, r);
        if (due.day == no_day) continue;
        if (!out.known || due < out.due) {
            out.known = true;
            out.due = due;
            out.how.anchor = a.ev;
            out.how.anchor_date = a.when;
            out.how.anchor_candidates = a.matched;
            out.how.candidate = static_cast<std::uint8_t>(i);
            out.how.offset = cand.offset;
            switch (cand.from) {
                case policy::anchor::origin::start: out.how.anchor_what = start_what; break;
                case policy::anchor::origin::child_date:
                    out.how.anchor_what = cand.field == policy::anchor::child_date::date_of_birth ? "date_of_birth" : "expected_date_of_delivery";
                    break;
                case policy::anchor::origin::event:
                    out.how.anchor_what = facts::event_type_names[static_cast<std::size_t>(cand.events.type)];
                    out.how.select = static_cast<std::uint8_t>(cand.events.select);
                    break;
            }
        }
    }
    return out;
}

// ----------------------------------------------------------------- deadline

/// The first `by` event for `child` at or after `after` and before `done` (if done): where a bare
/// date leaves the order within a day open, one on the day of `after` counts as after it, and one on
/// the day of `done` as not before it (what was done stands).
const event* first_cancelling(context& cx, const policy::selector& by, int child, date_time after, const date_time* done) {
    for (const event* x : from(cx.of(by.type), start_of(after.day))) {
        if (!calendar::on_or_before(after, x->when)) continue;  // earlier that day than `after`
        if (done && calendar::on_or_before(*done, x->when)) break;
        if (cx.matches(by, *x, child, x->when.day)) return x;
    }
    return nullptr;
}

void run_deadline(context& cx, const rule& r, const policy::deadline_params& p) {
    const auto children = static_cast<int>(cx.facts.children.size());
    for (int child = 0; child < children; ++child) {
        // Anchors with `select: each` make one obligation per anchor event; with
        // `select: first_of_episode` or `last_of_episode`, one per episode: an anchor
        // while the previous obligation is neither done nor cancelled belongs to it.
        // `each_anchor` is the event that makes the obligation (the episode's first).
        const policy::anchor& first = p.due.candidates.front();
        const auto pick = first.from == policy::anchor::origin::event ? first.events.select : policy::selector::pick::first;
        const bool episode = pick == policy::selector::pick::first_of_episode || pick == policy::selector::pick::last_of_episode;
        const bool each = episode || pick == policy::selector::pick::each;
        const auto& candidates = cx.of(first.events.type);
        // The next candidate anchor at or after `from` that counts for the child.
        auto next_anchor = [&](std::size_t& from) -> const event* {
            for (; from < candidates.size(); ++from) {
                const auto& e = *candidates[from];
                if (first.expires && !e.expires) continue;  // no expiry recorded: no date to count from
                if (cx.matches(first.events, e, child, e.when.day)) return candidates[from++];
            }
            return nullptr;
        };
        std::size_t next_event = 0;
        std::optional<date_time> episode_after;  // when the previous episode closed
        for (;;) {
            const event* each_anchor = nullptr;
            if (each && !(each_anchor = next_anchor(next_event))) break;
            // Where the done event may be: from the earliest anchor event's own date (an order's
            // date, not its expiry), or anywhere before a child's date counted backwards from.
            std::optional<date_time> earliest;
            bool from_anywhere = false;
            for (const auto& cand : p.due.candidates) {
                auto a = each ? resolved_anchor{true, each_anchor->when, each_anchor, 1} : resolve(cx, cand, child, nullptr, std::nullopt, true);
                if (!a.known) continue;
                const date_time from = a.ev ? a.ev->when : a.when;
                if (!earliest || from < *earliest) earliest = from;
                if (!a.ev && cand.offset.amount < 0) from_anywhere = true;
            }
            if (!earliest) break;
            const event* done = nullptr;
            const auto& of_done = cx.of(p.done.type);
            for (const event* ep : from_anywhere ? std::span(of_done) : from(of_done, start_of(earliest->day))) {
                const event& e = *ep;
                if (&e == each_anchor) continue;
                // What closed the previous episode does not also do this one: it was held before
                // this episode's anchor (earlier the same day, as "earlier that day counts" allows).
                if (episode_after && e.when <= *episode_after) continue;
                // Earlier the same day counts only where a bare date leaves the order open: an event
                // timed before a timed anchor was not after it.
                if (!from_anywhere && !calendar::on_or_before(*earliest, e.when)) continue;
                if (cx.matches(p.done, e, child, e.when.day)) { done = &e; break; }
            }
            due_result due;
            if (!each) due = compute_due(cx, r, p.due, child, nullptr, done ? std::optional<date_time>(done->when) : std::nullopt, {});
            // Cancelled by an event after the chosen anchor (an episode's first; not an earlier
            // episode's) and before it was done.
            const event* cancelled = nullptr;
            if (p.cancelled_by) {
                const date_time window = each ? each_anchor->when : due.how.anchor ? due.how.anchor->when : *earliest;
                cancelled = first_cancelling(cx, *p.cancelled_by, child, window, done ? &done->when : nullptr);
            }
            if (cancelled && p.cancel_until_due) {
                // `cancel_until: due`: nothing after the cancellation does the obligation, and its
                // due date is counted up to the cancellation, which ends it only if not after it.
                done = nullptr;
                if (!each) due = compute_due(cx, r, p.due, child, nullptr, cancelled->when, {});
            }
            if (each && (!cancelled || p.cancel_until_due)) {
                // `last_of_episode`: counted from the episode's last anchor on or before the done
                // (or cancelling) event (by day where either date is bare: one that day counts).
                const event* anchor = each_anchor;
                const event* closes = cancelled ? cancelled : done;
                std::uint16_t matched = 1;
                if (pick == policy::selector::pick::last_of_episode) {
                    for (std::size_t k = next_event; const event* later = next_anchor(k);) {
                        if (closes && !calendar::on_or_before(later->when, closes->when)) break;
                        anchor = later;
                        ++matched;
                    }
                }
                const date_time anchor_date = first.expires ? at(*anchor->expires) : anchor->when;
                const date_time shifted = cx.shift(anchor_date, first.offset, r);
                if (shifted.day != no_day) {
                    due.known = true;
                    due.due = shifted;
                    due.how = {.anchor = anchor,
                               .anchor_date = anchor_date,
                               .anchor_what = facts::event_type_names[static_cast<std::size_t>(first.events.type)],
                               .offset = first.offset,
                               .select = static_cast<std::uint8_t>(pick),
                               .anchor_candidates = matched};
                }
            }
            // child.s47_initiated and child.conference_decided count what was recorded since the
            // child's last enquiry closed before this episode began.
            const auto since = [&] {
                return episode && r.applies_when && child >= 0 ? cx.last_s47_close(child, each_anchor->when, episode_after) : episode_after;
            };
            // With `cancel_until: due`, an obligation cancelled after its due day was missed first:
            // it stays, overdue (the cancellation still closes an episode).
            const bool cancels = cancelled && !(p.cancel_until_due && due.known && cancelled->when.day > due.due.day);
            if (due.known && !cancels &&
                cx.applies(r, child, due.how.anchor, done && done->type == event_type::conference ? done : nullptr, due.due.day, since())) {
                finding& f = cx.add(r, child, done ? done : due.how.anchor);
                f.basis = due.how;
                f.satisfied_by = done;
                f.status_by = cancelled;  // set only when it ended the obligation after its due day
                cx.set_dates(f, due.due, done ? &done->when : nullptr);
                waive_late(f, p.waivable);
            }
            if (!each) break;
            if (episode) {  // the next episode starts after this one was done or cancelled
                const event* closed = cancelled ? cancelled : done;  // a cancellation comes before the done event
                if (!closed) break;
                episode_after = closed->when;
                while (next_event < candidates.size() && calendar::on_or_before(candidates[next_event]->when, closed->when)) ++next_event;
            }
        }
    }
}

// ----------------------------------------------------------------- conference and item deadlines

/// What ended a conference's obligation before it was done (`done`, if it was): for each child
/// the conference concerns (only those on a plan at it, where any is), the first `by` event for
/// the child at or after the conference and before `done`; the latest of those, once every such
/// child has one (one child's plan ending leaves a sibling's owed). Nothing for a conference that
/// concerns no child.
const event* conference_cancelled(context& cx, const policy::selector& by, const event& conference, const std::optional<date_time>& done) {
    // The children whose plans the conference is about, where any of them is on one (a review);
    // else every child it concerns (an initial conference).
    facts::child_set asked = 0, concerned = 0;
    for (std::size_t c = 0; c < cx.facts.children.size(); ++c) {
        if (!conference.concerns(c)) continue;
        concerned |= facts::child_set{1} << c;
        if (in_plan(cx.plans, static_cast<int>(c), conference.when)) asked |= facts::child_set{1} << c;
    }
    if (!asked) asked = concerned;
    const event* last = nullptr;
    for (std::size_t c = 0; c < cx.facts.children.size(); ++c) {
        if (!(asked >> c & 1u)) continue;
        const event* first = first_cancelling(cx, by, static_cast<int>(c), conference.when, done ? &*done : nullptr);
        if (!first) return nullptr;
        if (!last || last->when < first->when) last = first;
    }
    return last;
}

void run_conference_deadline(context& cx, const rule& r, const policy::conference_deadline_params& p) {
    // For `reconvened` and `decided`: the conferences that reconvene another, by its id and then in date order.
    auto& reconvening = cx.scratch;
    reconvening.clear();
    const auto sittings_naming = [&](const event& x) {  // the sittings naming x, in date order
        const auto by_id = [](const event* y, std::string_view id) { return y->reconvenes < id; };
        const auto lo = std::lower_bound(reconvening.begin(), reconvening.end(), x.id, by_id);
        return std::span(lo, std::find_if(lo, reconvening.end(), [&](const event* y) { return y->reconvenes != x.id; }));
    };
    if (p.done == policy::conference_field::reconvened || p.done == policy::conference_field::decided) {
        for (const event* x : cx.conferences())
            if (!x->reconvenes.empty()) reconvening.push_back(x);
        std::sort(reconvening.begin(), reconvening.end(),
                  [](const event* x, const event* y) { return std::tie(x->reconvenes, x) < std::tie(y->reconvenes, y); });
    }
    for (const event* ep : cx.conferences()) {
        const event& e = *ep;
        if (!cx.applies(r, -1, &e, &e, e.when.day)) continue;
        const date_time due = cx.shift(e.when, p.offset, r);
        if (due.day == no_day) continue;
        std::optional<date_time> done;
        const event* reconvened = nullptr;
        switch (p.done) {
            case policy::conference_field::decision_circulated: done = e.decision_circulated; break;
            case policy::conference_field::outline_plan_circulated: done = e.outline_plan_circulated; break;
            case policy::conference_field::minutes_circulated: done = e.minutes_circulated; break;
            case policy::conference_field::decision_letter_to_parents: done = e.decision_letter_to_parents; break;
            case policy::conference_field::reconvened: {
                // Reconvened for each of its children: done by the sitting, of those naming it (in
                // date order), after which none of them is left out.
                facts::child_set left = e.children;
                for (const event* x : sittings_naming(e))
                    if (left &= ~x->children; !left) {
                        reconvened = x;
                        break;
                    }
                if (reconvened) done = reconvened->when;
                break;
            }
            case policy::conference_field::decided: {
                // The conference's decision, for each of its children: of the sittings of the
                // conference it is a sitting of (its first sitting, and those resuming it in turn),
                // the earliest from it on that decides and concerns the child. Done when the last
                // child's is. At most max_sittings_followed sittings are followed, back and on.
                const event* first = &e;
                cx.facts.for_each_sitting_back(e, [&](const event& s) { return first = &s, true; });
                std::array<const event*, facts::case_facts::max_sittings_followed> queue, deciding;
                std::size_t head = 0, tail = 0, n = 0;
                queue[tail++] = first;
                while (head < tail)
                    for (const event* x : sittings_naming(*queue[head++])) {
                        if (reaches_decision(*x) && x != &e && !(x->when < e.when) && (!p.deciding || cx.matches(*p.deciding, *x, -1, x->when.day)))
                            deciding[n++] = x;
                        if (tail < queue.size()) queue[tail++] = x;
                    }
                // Events are in date order, so their addresses are too.
                std::sort(deciding.begin(), deciding.begin() + static_cast<std::ptrdiff_t>(n));
                facts::child_set undecided = e.children;
                for (std::size_t i = 0; i < n && undecided; ++i)
                    if (undecided & deciding[i]->children) {
                        undecided &= ~deciding[i]->children;
                        reconvened = deciding[i];
                    }
                if (undecided) reconvened = nullptr;  // not yet decided for every child
                if (reconvened) done = reconvened->when;
                break;
            }
        }
        const event* cancelled = p.cancelled_by ? conference_cancelled(cx, *p.cancelled_by, e, done) : nullptr;
        if (cancelled) {
            // As for a deadline: ended, no finding; with `cancel_until: due`, ended after the due
            // day, it was missed first and stays overdue, and nothing after the ending does it.
            if (!p.cancel_until_due || cancelled->when.day <= due.day) continue;
            done.reset();
            reconvened = nullptr;
        }
        finding& f = cx.add(r, -1, &e);
        f.basis.set(&e, e.when, "conference", p.offset);
        f.satisfied_by = reconvened;
        f.status_by = cancelled;
        cx.set_dates(f, due, done ? &*done : nullptr);
    }
}

void run_item_deadline(context& cx, const rule& r, const policy::item_deadline_params& p) {
    for (const event* ep : cx.conferences()) {
        const event& e = *ep;
        if (!cx.applies(r, -1, &e, &e, e.when.day)) continue;
        const date_time due = cx.shift(e.when, p.offset, r);
        if (due.day == no_day) continue;
        auto emit = [&](int item, const std::optional<date_time>& done) {
            if (p.where) {
                cx.set_env(-1, &e, &e, e.when.day);
                const bool exclusion = policy::on_exclusions(p.field);
                cx.env.report = exclusion ? nullptr : &cx.facts.reports_of(e)[static_cast<std::size_t>(item)];
                cx.env.exclusion = exclusion ? &cx.facts.exclusions_of(e)[static_cast<std::size_t>(item)] : nullptr;
                const bool wanted = expr::evaluate(*p.where, cx.env);
                cx.env.report = nullptr;
                cx.env.exclusion = nullptr;
                if (!wanted) return;
            }
            finding& f = cx.add(r, -1, &e);
            f.item = item;
            f.basis.set(&e, e.when, "conference", p.offset);
            cx.set_dates(f, due, done ? &*done : nullptr);
        };
        if (policy::on_exclusions(p.field)) {
            for (const auto& x : cx.facts.exclusions_of(e)) {
                const auto& done = p.field == policy::item_field::exclusion_notice ? x.notified_in_writing_on : x.requested_on;
                emit(static_cast<int>(x.index), done ? std::optional<date_time>(at(*done)) : std::nullopt);
            }
        } else {
            for (const auto& rep : cx.facts.reports_of(e))
                emit(static_cast<int>(rep.index), p.field == policy::item_field::report_to_chair ? rep.to_chair : rep.to_parents);
        }
    }
}

// ----------------------------------------------------------------- recurring


/// `waivable: start`: a first occurrence, late or overdue, that the start
/// conference put off. It set a later date (outcome.next_review_date), the
/// occurrence was held by then (or, not held, it is not yet past), and it
/// recorded why (outcome.exceptional_reason).
void waive_agreed_delay(finding& f, const policy::recurring_params& p, const event& start, date as_of) {
    if (p.waivable != policy::waiver::start || (f.state != status::late && f.state != status::overdue)) return;
    const auto& agreed = start.outcome;
    if (agreed.exceptional_reason.empty() || !agreed.next_review_date) return;
    if ((f.has_done ? f.done.day : as_of) <= *agreed.next_review_date) context::waive(f, start);
}

void run_recurring(context& cx, const rule& r, const policy::recurring_params& p) {
    const auto children = static_cast<int>(cx.facts.children.size());
    const std::string_view start_what = facts::event_type_names[static_cast<std::size_t>(p.start.type)];
    const std::string_view series_what = facts::event_type_names[static_cast<std::size_t>(p.series.type)];
    // Whether a period's findings follow from its start, end and occurrences alone, the same
    // for every child that shares them: nothing due is counted from the child's own dates
    // and no suspension asks about the child. (applies_when is asked for each child.)
    const bool same_for_each_child =
        !p.suspended_when && (!p.first || std::ranges::all_of(p.first->candidates, [](const policy::anchor& a) {
                                  return a.from == policy::anchor::origin::start;
                              }));
    // Whether a period's occurrences are the same for every child: the series' events each
    // concern every child, and its `where` reads only the event.
    const bool same_occurrences = cx.concern_every_child(p.series.type) && (!p.series.where || p.series.memo >= 0);
    const bool reuse = same_for_each_child || same_occurrences;  // else each child's periods are worked out alone
    auto& [before, now] = cx.periods;  // the previous child's periods, this child's
    before.clear();
    now.clear();
    for (int child = 0; child < children; ++child) {
        std::swap(before, now);
        now.clear();
        for (const auto& period : cx.plans[static_cast<std::size_t>(child)]) {
            const event& start = *period.start;
            if (!cx.matches(p.start, start, child, start.when.day)) continue;
            if (!cx.applies(r, child, &start, &start, start.when.day)) continue;
            const date end = period.end ? period.end->when.day : date::from_days(INT32_MAX);
            const auto* b = reuse ? before.find(&start, period.end) : nullptr;  // the previous child's same period
            auto& occ = cx.scratch;
            occ.clear();
            if (b && same_occurrences) {
                const auto same = before.occurrences_of(*b);
                occ.assign(same.begin(), same.end());
            } else {
                // From the start on: where a bare date leaves the order within its day open, an
                // event on the start's day counts as after it (as both dates bare do).
                for (const event* e : from(cx.of(p.series.type), start_of(start.when.day))) {
                    if (e->when.day > end) break;
                    if (e != &start && calendar::on_or_before(start.when, e->when) && cx.matches(p.series, *e, child, e->when.day))
                        occ.push_back(e);
                }
            }
            const std::size_t first_finding = cx.out.size(), errors_before = cx.errors.size();
            if (b && b->copyable && (same_occurrences || std::ranges::equal(occ, before.occurrences_of(*b)))) {
                cx.copy_for_child(b->findings_begin, b->findings_end, child);
                now.add(&start, period.end, occ, first_finding, cx.out.size(), true);
                continue;
            }
            // An occurrence due while the rule is suspended for the child is not owed.
            auto suspended = [&](date due) {
                if (!p.suspended_when) return false;
                cx.set_env(child, &start, &start, due);
                return expr::evaluate(*p.suspended_when, cx.env);
            };
            // With resume_after, the last day of the suspension that holds on `from`: the day before
            // the first day after it that is not suspended, where that comes while the plan lasts
            // (no_day if not). Where the condition changes only with the child's looked-after spell,
            // only the next day and the spell's two ends can be that day; otherwise each day is asked.
            // The days found suspended are remembered, so that a series restarted within a long
            // suspension does not ask about them again.
            date held_from = no_day, held_to = no_day;
            auto last_suspended = [&](date from) {
                if (held_from != no_day && held_from <= from && from <= held_to) return held_to;
                const date limit = std::min(end, cx.calendar->last());
                date first_free = no_day;  // the first day after `from` that is not suspended
                if (p.suspended_by_spell) {
                    const auto& c = cx.facts.children[static_cast<std::size_t>(child)];
                    std::array<date, 3> days{from + 1, c.looked_after_from.value_or(no_day),
                                             c.looked_after_to ? *c.looked_after_to + 1 : no_day};
                    std::sort(days.begin(), days.end());
                    for (const date d : days)
                        if (d != no_day && d > from && d <= limit && !suspended(d)) {
                            first_free = d;
                            break;
                        }
                } else {
                    for (date d = from + 1; d <= limit; d = d + 1)
                        if (!suspended(d)) {
                            first_free = d;
                            break;
                        }
                }
                if (first_free == no_day) return no_day;
                held_from = from;
                held_to = first_free + -1;
                return held_to;
            };
            // Whether an occurrence due `due`, which `done` (if any) met, is owed: yes, unless the rule
            // is suspended that day; then only with resume_after, and only where no occurrence came
            // while the suspension lasted, `due` becoming `resume_after` its last day, `resumed_from`.
            auto owed_when_suspended = [&](date_time& due, const event* done, date& resumed_from) {
                for (int guard = 0; suspended(due.day); ++guard) {
                    if (!p.resume_after || guard == 8) return false;
                    const date last = last_suspended(due.day);
                    if (last == no_day || (done && done->when.day <= last)) return false;
                    due = cx.shift(date_time{last, -1}, *p.resume_after, r);
                    if (due.day == no_day || (!done && period.end && end <= due.day)) return false;  // the plan ended before it was due
                    resumed_from = last;
                }
                return true;
            };
            auto resumed_basis = [&](basis& how, date last) {
                how.set(nullptr, date_time{last, -1}, "suspension", *p.resume_after);
                how.resumed = true;
            };
            if (p.first) {
                auto due = compute_due(cx, r, *p.first, child, &start, std::nullopt, start_what);
                const event* done = occ.empty() ? nullptr : occ.front();
                date resumed_from = no_day;
                if (due.known && (done || !period.end || end > due.due.day) && owed_when_suspended(due.due, done, resumed_from)) {
                    finding& f = cx.add(r, child, done ? done : &start);
                    f.basis = due.how;
                    if (resumed_from != no_day) resumed_basis(f.basis, resumed_from);
                    f.satisfied_by = done;
                    cx.set_dates(f, due.due, done ? &done->when : nullptr);
                    waive_late(f, p.waivable == policy::waiver::occurrence);
                    waive_agreed_delay(f, p, start, cx.as_of);
                }
            }
            if (p.every) {
                const event* prev = p.chain_from_start ? &start : (occ.empty() ? nullptr : occ.front());
                std::size_t next = p.chain_from_start ? 0 : 1;
                for (int guard = 0; prev && guard < 10000; ++guard) {
                    date_time due = cx.shift(prev->when, *p.every, r);
                    if (due.day == no_day) break;
                    const event* done = next < occ.size() ? occ[next] : nullptr;
                    if (!done && period.end && end <= due.day) break;  // the plan ended before the next was due
                    date resumed_from = no_day;
                    if (p.suspended_when && !owed_when_suspended(due, done, resumed_from)) {
                        prev = done;  // not owed; a later occurrence, if any, restarts the series
                        ++next;
                        continue;
                    }
                    finding& f = cx.add(r, child, done ? done : prev);
                    if (resumed_from == no_day) f.basis.set(prev, prev->when, prev == &start ? start_what : series_what, *p.every, true);
                    else resumed_basis(f.basis, resumed_from);
                    f.satisfied_by = done;
                    cx.set_dates(f, due, done ? &done->when : nullptr);
                    waive_late(f, p.waivable == policy::waiver::occurrence);
                    prev = done;
                    ++next;
                }
            }
            // A period whose dates left the calendar is not copied: its errors are the child's.
            if (reuse) now.add(&start, period.end, occ, first_finding, cx.out.size(), same_for_each_child && cx.errors.size() == errors_before);
        }
    }
}

// ----------------------------------------------------------------- quorum

struct quorum_result {
    bool quorate = true;
    bool excusable = true;  // every shortfall is one the policy lets the chair excuse with a reason
};

/// Whether the conference is quorate: the required agencies are `present` and, for each of
/// `children` (some of those it concerns), enough others with direct contact. `extra_bit`:
/// one more agency (or none, 0), counted as present with direct contact with every child.
bool quorate_with(const context& cx, const policy::quorum_params& p, const event& e, facts::child_set children, facts::agency_set present,
                  facts::agency_set extra_bit = 0) {
    if (p.required & ~(present | extra_bit)) return false;
    const facts::agency_set extra_other = p.required & extra_bit ? 0 : extra_bit;
    for (std::size_t c = 0; c < cx.facts.children.size(); ++c)
        if ((children >> c & 1u) && std::popcount(static_cast<unsigned>(others_with_contact(cx.facts, p, e, c) | extra_other)) < p.others_with_contact)
            return false;
    return true;
}

/// `waivable_when` holds for every one of `children` (some of those the conference concerns), on its day.
bool waivable_for_all(context& cx, const policy::quorum_params& p, const event& e, facts::child_set children) {
    bool any = false;
    for (std::size_t c = 0; c < cx.facts.children.size(); ++c) {
        if (!(children >> c & 1u)) continue;
        any = true;
        cx.set_env(static_cast<int>(c), &e, &e, e.when.day);
        if (!expr::evaluate(*p.waivable_when, cx.env)) return false;
    }
    return any;
}

/// The policy's quorum rule for a conference: the first rule with id `quorum` (of any variant) that applies to it.
const policy::quorum_params* quorum_rule_for(context& cx, const event& e) {
    for (const auto& q : cx.policy.rules)
        if (q.id == "quorum" && cx.applies(q, -1, &e, &e, e.when.day)) return std::get_if<policy::quorum_params>(&q.params);
    return nullptr;
}

/// `detail`: what falls short is appended to it (the caller's reused string). Judged for
/// `children` of those the conference concerns (by default all of them).
quorum_result check_quorum(context& cx, const policy::quorum_params& p, const event& e, std::string& detail,
                           facts::child_set children = ~facts::child_set{0}) {
    quorum_result q;
    const std::size_t start = detail.size();
    const facts::agency_set present = present_agencies(cx.facts, e);
    const facts::child_set judged = e.children & children;
    // Agencies any child judged has had contact with. Where a child's contacts are not
    // recorded, no agency can be shown to have had none, so nothing is excused.
    facts::agency_set contact = 0;
    for (std::size_t c = 0; c < cx.facts.children.size(); ++c) {
        if (!(judged >> c & 1u)) continue;
        const auto& child = cx.facts.children[c];
        contact |= child.agencies_in_contact_known ? child.agencies_in_contact : static_cast<facts::agency_set>(~0u);
    }
    const facts::agency_set missing = p.required & ~present;
    for (std::size_t i = 0; i < facts::agency_names.size(); ++i) {
        if (!(missing & (1u << i))) continue;
        q.quorate = false;
        const bool excusable = p.excuse_without_contact && !(contact & (1u << i));
        if (!excusable && !p.waivable) q.excusable = false;
        fmt::format_to(next_part(detail, start), FMT_COMPILE("{} not present{}"), facts::agency_names[i], excusable ? " (no contact with the child)" : "");
    }
    if (p.others_with_contact > 0) {
        for (std::size_t c = 0; c < cx.facts.children.size(); ++c) {
            if (!(judged >> c & 1u)) continue;
            const facts::agency_set with_contact = others_with_contact(cx.facts, p, e, c);
            const int n = std::popcount(static_cast<unsigned>(with_contact));
            if (n < p.others_with_contact) {
                q.quorate = false;
                // A child known to fewer other agencies than required: every one of them attending may
                // suffice, with a recorded reason (only where the child's contacts are recorded). An
                // agency not expected to attend is left out of them unless it came.
                const auto& ch = cx.facts.children[c];
                const auto known_others = static_cast<facts::agency_set>(ch.agencies_in_contact & ~p.required & ~(p.not_expected & ~with_contact));
                const bool all_known_attend = p.excuse_others_without_contact && ch.agencies_in_contact_known &&
                                              std::popcount(static_cast<unsigned>(known_others)) < p.others_with_contact &&
                                              (known_others & ~with_contact) == 0;
                if (!p.waivable && !all_known_attend) q.excusable = false;
                fmt::format_to(next_part(detail, start), FMT_COMPILE("child {}: {} of {} other agencies with direct contact present"),
                               cx.facts.children[c].id, n, p.others_with_contact);
            }
        }
    }
    // One agency absent whose report recommends what the policy names: the conference may proceed.
    if (!q.quorate && !q.excusable && p.excuse_one_absent_with_report != facts::recommendation::none)
        cx.facts.for_each_report_given(e, [&](const facts::report& rep) {
            if (!q.excusable && rep.agency && rep.recommendation == p.excuse_one_absent_with_report && !(present & facts::bit(*rep.agency)) &&
                quorate_with(cx, p, e, judged, present, facts::bit(*rep.agency))) {
                q.excusable = true;
                fmt::format_to(std::back_inserter(detail), FMT_COMPILE("; {} absent, its report recommends {}"), facts::agency_names[static_cast<std::size_t>(*rep.agency)],
                               facts::recommendation_names[static_cast<std::size_t>(rep.recommendation)]);
            }
        });
    if (!q.quorate && !q.excusable && p.waivable_when && waivable_for_all(cx, p, e, judged)) {
        q.excusable = true;
        fmt::format_to(std::back_inserter(detail), FMT_COMPILE("; an exception applies ({})"), p.waivable_when->text());
    }
    return q;
}

void run_quorum(context& cx, const rule& r, const policy::quorum_params& p) {
    for (const event* ep : cx.conferences()) {
        const event& e = *ep;
        if (e.attendees.count == 0 || !cx.applies(r, -1, &e, &e, e.when.day)) continue;
        std::string& detail = cx.new_detail();
        const auto q = check_quorum(cx, p, e, detail);
        finding& f = cx.add(r, -1, &e);
        if (q.quorate) f.state = status::met;
        else cx.waive_or_breach(f, e, q.excusable);
        if (f.state == status::breached && q.excusable) detail += "; no exceptional reason recorded";
        if (f.state == status::breached && !p.consequence.empty()) fmt::format_to(std::back_inserter(detail), FMT_COMPILE(" ({})"), p.consequence);
        f.detail = cx.texts.keep(detail);
    }
}

// ----------------------------------------------------------------- decision

int normalise(facts::decision d) {
    switch (d) {
        case facts::decision::plan:
        case facts::decision::plan_continues: return 1;
        case facts::decision::no_plan:
        case facts::decision::plan_ends: return 0;
        default: return -1;
    }
}

void run_decision(context& cx, const rule& r, const policy::decision_params& p) {
    for (const event* ep : cx.conferences()) {
        const event& e = *ep;
        if (!e.has_outcome) continue;
        const int decided = normalise(e.outcome.decision);
        if (decided < 0 || !cx.applies(r, -1, &e, &e, e.when.day)) continue;
        std::string& detail = cx.new_detail();
        if (p.how == policy::decision_params::method::majority) {
            // One voice per attendee, line manager or agency; family and others never vote.
            int plan = 0, no_plan = 0, voices = 0;
            auto count = [&](facts::recommendation said) {
                ++voices;
                (said == facts::recommendation::plan ? plan : no_plan)++;
            };
            std::vector<voice>& keyed = cx.voices;
            keyed.clear();
            for (const auto& a : cx.facts.attendees_of(e)) {
                if (!a.present || a.recommendation == facts::recommendation::none) continue;
                if (std::find(p.voters.begin(), p.voters.end(), a.kind) == p.voters.end()) continue;
                std::string_view key;
                bool own = false;
                if (p.one_voice_per == policy::decision_params::one_voice::line_manager) {
                    // Someone with no line manager recorded is a voice of their own, even where
                    // their name is another's line manager (a manager and the worker they manage).
                    own = a.line_manager.empty();
                    key = own ? a.name : a.line_manager;
                } else if (p.one_voice_per == policy::decision_params::one_voice::agency && a.agency) {
                    key = facts::agency_names[static_cast<std::size_t>(*a.agency)];
                }
                if (key.empty()) count(a.recommendation);
                else keyed.push_back({key, own, static_cast<std::uint32_t>(keyed.size()), a.recommendation});
            }
            // The first recommendation under each key is its voice (sorted, not searched: a
            // conference with thousands of attendees stays n log n).
            std::sort(keyed.begin(), keyed.end(),
                      [](const voice& x, const voice& y) { return std::tie(x.own, x.key, x.order) < std::tie(y.own, y.key, y.order); });
            for (std::size_t i = 0; i < keyed.size(); ++i)
                if (i == 0 || keyed[i].key != keyed[i - 1].key || keyed[i].own != keyed[i - 1].own) count(keyed[i].said);
            // Nothing recorded to check: no voice and no method, or no attendance recorded at all.
            if (voices == 0 && (e.outcome.decided_by == facts::decided_by::none || e.attendees.count == 0)) continue;
            int expected = plan > no_plan ? 1 : plan < no_plan ? 0 : -1;
            if (expected < 0 && p.casting_vote) {  // a split: the chair's casting vote, recorded, or cast the way a chair's decision went
                if (e.outcome.chair_casting_vote != facts::recommendation::none)
                    expected = e.outcome.chair_casting_vote == facts::recommendation::plan ? 1 : 0;
                else if (e.outcome.decided_by == facts::decided_by::chair)
                    expected = decided;
            }
            if (voices == 0) detail = "no eligible recommendations recorded";
            else if (expected < 0) fmt::format_to(std::back_inserter(detail), FMT_COMPILE("{} plan, {} no plan: a tie with no casting vote recorded"), plan, no_plan);
            else if (expected != decided)
                fmt::format_to(std::back_inserter(detail), FMT_COMPILE("{} plan, {} no plan, but the recorded decision is {}"), plan, no_plan,
                               facts::decision_names[static_cast<std::size_t>(e.outcome.decision)]);
        } else {
            switch (e.outcome.decided_by) {
                case facts::decided_by::consensus: break;
                case facts::decided_by::chair:
                    if (p.chair_needs_reasons && e.outcome.reasons.empty()) detail = "decided by the chair with no reasons recorded";
                    break;
                case facts::decided_by::vote: detail = "decided by a vote; the procedure decides by consensus, else the chair"; break;
                case facts::decided_by::none: break;
            }
            if (e.outcome.decided_by == facts::decided_by::none) continue;  // nothing recorded to check, as for majority
        }
        finding& f = cx.add(r, -1, &e);
        f.state = detail.empty() ? status::met : status::breached;
        f.detail = cx.texts.keep(detail);
    }
}

// ----------------------------------------------------------------- categories

void run_categories(context& cx, const rule& r, const policy::categories_params& p) {
    for (const event* ep : cx.conferences()) {
        const event& e = *ep;
        if (!e.has_outcome) continue;
        const bool plan = e.outcome.decision == facts::decision::plan ||
                          (e.outcome.decision == facts::decision::plan_continues &&
                           (e.outcome.categories != 0 || (p.transfer_in_makes_plan && e.kind == facts::conference_kind::transfer_in)));
        if (!plan || !cx.applies(r, -1, &e, &e, e.when.day)) continue;
        const int n = std::popcount(static_cast<unsigned>(e.outcome.categories));
        // Written into the reused detail (formatting to a new string and assigning it would
        // hand that string's buffer back, and the next rule's detail would allocate again).
        std::string& detail = cx.new_detail();
        auto out = std::back_inserter(detail);
        bool waivable = false;
        if (n < p.min) fmt::format_to(out, FMT_COMPILE("{} categories recorded; at least {} required"), n, p.min);
        else if (n > p.max) {
            fmt::format_to(out, FMT_COMPILE("{} categories recorded; at most {}{}"), n, p.max, p.more_with_reason ? " without an exceptional reason" : "");
            waivable = p.more_with_reason;
        }
        if ((e.outcome.categories & p.never_alone) && n == 1) {
            detail.clear();
            fmt::format_to(out, FMT_COMPILE("{} recorded as the only category"),
                           facts::category_names[static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(e.outcome.categories)))]);
        }
        if (p.avoid && (e.outcome.categories & p.avoid)) {
            for (std::size_t c = 0; c < cx.facts.children.size(); ++c) {
                if (!e.concerns(c)) continue;
                cx.set_env(static_cast<int>(c), &e, &e, e.when.day);
                if (expr::evaluate(*p.avoid_when, cx.env))
                    fmt::format_to(next_part(detail), FMT_COMPILE("child {}: category to avoid here ({})"), cx.facts.children[c].id, p.avoid_when->text());
            }
        }
        finding& f = cx.add(r, -1, &e);
        if (detail.empty()) f.state = status::met;
        else cx.waive_or_breach(f, e, waivable && n > p.max && !(p.never_alone & e.outcome.categories && n == 1));
        f.detail = cx.texts.keep(detail);
    }
}

// ----------------------------------------------------------------- exclusion

void run_exclusion(context& cx, const rule& r, const policy::exclusion_params& p) {
    for (const event* ep : cx.conferences()) {
        const event& e = *ep;
        if (!cx.applies(r, -1, &e, &e, e.when.day)) continue;
        for (const auto& x : cx.facts.exclusions_of(e)) {
            std::string& detail = cx.new_detail();
            auto grounds = cx.facts.grounds_of(x);
            if (!p.grounds.empty()) {
                if (grounds.empty()) fmt::format_to(next_part(detail), FMT_COMPILE("no grounds recorded"));
                for (auto g : grounds)
                    if (std::find(p.grounds.begin(), p.grounds.end(), g) == p.grounds.end())
                        fmt::format_to(next_part(detail), FMT_COMPILE("'{}' is not a ground the procedure allows"), g);
            }
            if (p.evidence_required && x.evidence != facts::tri::yes) fmt::format_to(next_part(detail), FMT_COMPILE("no evidence recorded"));
            if (!p.decided_by.empty() && std::find(p.decided_by.begin(), p.decided_by.end(), x.decided_by) == p.decided_by.end()) {
                if (x.decided_by.empty()) fmt::format_to(next_part(detail), FMT_COMPILE("who decided is not recorded"));
                else fmt::format_to(next_part(detail), FMT_COMPILE("decided by {}"), x.decided_by);
            }
            if (p.reason_recorded && x.reason_recorded != facts::tri::yes) fmt::format_to(next_part(detail), FMT_COMPILE("the reason is not recorded"));
            finding& f = cx.add(r, -1, &e);
            f.item = static_cast<int>(x.index);
            f.state = detail.empty() ? status::met : status::breached;
            f.detail = cx.texts.keep(detail);
        }
    }
}

// ----------------------------------------------------------------- plan end

void run_plan_end(context& cx, const rule& r, const policy::plan_end_params& p) {
    for (const event* ep : cx.conferences()) {
        const event& e = *ep;
        if (!ends_plan(e) || !cx.applies(r, -1, &e, &e, e.when.day)) continue;
        const policy::quorum_params* quorum = p.requires_quorate ? quorum_rule_for(cx, e) : nullptr;
        std::string& detail = cx.new_detail();
        bool any_plan = false, first_review_unreasoned = false;
        facts::child_set ended = 0;            // the children whose plan ended there
        facts::child_set at_first_review = 0;  // ... at the first review, unexcused
        auto excused_at_first_review = [&](std::size_t c) {
            if (!p.first_review_excused_when) return false;
            cx.set_env(static_cast<int>(c), &e, &e, e.when.day);
            return expr::evaluate(*p.first_review_excused_when, cx.env);
        };
        for (std::size_t c = 0; c < cx.facts.children.size(); ++c) {
            if (!e.concerns(c)) continue;
            // The child's periods are in date order; the one e ended, if any, is the last to start before it.
            const auto& periods = cx.plans[c];
            const auto after = periods_from(periods, e);
            if (after == periods.begin() || std::prev(after)->end != &e) continue;
            any_plan = true;
            ended |= facts::child_set{1} << c;
            // Ending at the first review needs recorded reasons, or an exceptional reason, which (below) waives it.
            using need = policy::plan_end_params::first_review_need;
            const bool unexcused = p.first_review == need::exceptional_reason || (p.first_review == need::reasons && e.outcome.reasons.empty());
            if (unexcused && first_review_of_plan(periods, cx.conferences(), e, c) && !excused_at_first_review(c)) {
                first_review_unreasoned = true;
                at_first_review |= facts::child_set{1} << c;
                detail = p.first_review == need::exceptional_reason ? "plan ended at the first review" : "plan ended at the first review with no reasons recorded";
            }
        }
        if (!any_plan) continue;
        if (first_review_unreasoned) {  // which of its children, where it concerns more than one
            std::size_t concerned = 0;
            for (std::size_t c = 0; c < cx.facts.children.size(); ++c) concerned += e.concerns(c);
            const char* sep = " (child ";
            for (std::size_t c = 0; concerned > 1 && c < cx.facts.children.size(); ++c)
                if (at_first_review >> c & 1u) (detail += sep) += cx.facts.children[c].id, sep = ", ";
            if (concerned > 1) detail += ')';
        }
        bool inquorate = false;
        if (quorum && e.attendees.count > 0) {
            // Written in place, and taken back if the conference was quorate (or excused).
            const std::size_t before = detail.size();
            if (before > 0) detail += "; ";
            detail += "plan ended at a conference that was not quorate (";
            const auto q = check_quorum(cx, *quorum, e, detail, ended);  // for the children whose plan it ended
            const bool excused = q.excusable && !e.outcome.exceptional_reason.empty();
            if (!q.quorate && (p.strict_quorum || !excused)) {
                inquorate = true;
                detail += ')';
            } else {
                detail.resize(before);
            }
        }
        finding& f = cx.add(r, -1, &e);
        // The first review's exception, recorded as such, waives it; an inquorate end is not excused by it.
        if (detail.empty()) f.state = status::met;
        else context::waive_or_breach(f, e, first_review_unreasoned && !inquorate);
        f.detail = cx.texts.keep(detail);
    }
}

// ----------------------------------------------------------------- reports required

void run_reports_required(context& cx, const rule& r, const policy::reports_required_params& p) {
    using source = policy::reports_required_params::source;
    for (const event* ep : cx.conferences()) {
        const event& e = *ep;
        if (!cx.applies(r, -1, &e, &e, e.when.day)) continue;
        facts::agency_set needed = 0;
        bool known = true;
        if (p.from == source::agencies_in_contact) {
            for (std::size_t c = 0; c < cx.facts.children.size(); ++c)
                if (e.concerns(c)) {
                    known = known && cx.facts.children[c].agencies_in_contact_known;
                    needed |= cx.facts.children[c].agencies_in_contact;
                }
        } else {
            if (e.attendees.count == 0) continue;  // attendance not recorded
            for (const auto& a : cx.facts.attendees_of(e))
                if (a.agency && a.kind == facts::attendee_kind::professional && a.present == (p.from == source::attending))
                    needed |= facts::bit(*a.agency);
        }
        if (!known) continue;  // whose reports are owed is not recorded
        needed &= static_cast<facts::agency_set>(~p.except);
        std::string& detail = cx.new_detail();
        if (p.by == policy::reports_required_params::match::author) {
            // Each professional: a report they wrote, or one of their agency that names no author (or,
            // for a professional with no name, any of their agency). Authors are sorted and looked up,
            // so a conference with thousands of attendees and reports stays n log n.
            auto& authors = cx.authors;
            authors.clear();
            facts::agency_set unsigned_reports = 0, any_report = 0;
            cx.facts.for_each_report_given(e, [&](const facts::report& rep) {
                if (!rep.author.empty()) authors.push_back(rep.author);
                if (!rep.agency) return;
                any_report |= facts::bit(*rep.agency);
                if (rep.author.empty()) unsigned_reports |= facts::bit(*rep.agency);
            });
            std::sort(authors.begin(), authors.end());
            for (const auto& a : cx.facts.attendees_of(e)) {
                if (!a.agency || !(needed & facts::bit(*a.agency)) || a.kind != facts::attendee_kind::professional ||
                    a.present != (p.from == source::attending))
                    continue;
                const facts::agency_set agency = facts::bit(*a.agency);
                const bool reported = a.name.empty() ? (any_report & agency) != 0
                                                     : (unsigned_reports & agency) != 0 || std::binary_search(authors.begin(), authors.end(), a.name);
                if (reported) continue;
                (detail += detail.empty() ? "no report from " : ", ") += facts::agency_names[static_cast<std::size_t>(*a.agency)];
                if (!a.name.empty()) ((detail += " (") += a.name) += ')';
            }
        } else {
            const facts::agency_set missing = needed & static_cast<facts::agency_set>(~cx.facts.agencies_reporting(e));
            for (std::size_t i = 0; i < facts::agency_names.size(); ++i)
                if (missing & (1u << i)) (detail += detail.empty() ? "no report from " : ", ") += facts::agency_names[i];
        }
        // The conference still to come: the missing reports are due by it, or by the offset before it.
        const bool to_come = !detail.empty() && cx.as_of < e.when.day;
        const date_time day_of{e.when.day, -1};  // without an offset, the day of the conference
        date_time due = day_of;
        if (to_come && p.offset) {
            due = cx.shift(e.when, *p.offset, r);
            if (due.day == no_day) continue;  // outside the calendar: an error of the case
        }
        finding& f = cx.add(r, -1, &e);
        f.state = detail.empty() ? status::met : status::breached;
        if (to_come) {
            f.basis.set(&e, p.offset ? e.when : day_of, "conference", p.offset.value_or(calendar::offset{0, calendar::unit::days}));  // for explain
            cx.set_dates(f, due, nullptr);  // pending until due, overdue after
        }
        f.detail = cx.texts.keep(detail);
    }
}

// ----------------------------------------------------------------- check

void run_check(context& cx, const rule& r, const policy::check_params& p) {
    using subject = policy::check_params::subject;
    auto judge = [&](int child, const event& e, int item) {
        const bool ok = p.require && expr::evaluate(*p.require, cx.env);
        cx.env.report = nullptr;
        cx.env.exclusion = nullptr;
        finding& f = cx.add(r, child, &e);
        f.item = item;
        if (ok) f.state = status::met;
        else cx.waive_or_breach(f, e, p.waivable);
        if (!ok && p.failure.empty()) {
            std::string& detail = cx.new_detail();
            detail += "not so: ";
            if (p.require) detail += p.require->text();
            f.detail = cx.texts.keep(detail);
        } else if (!ok) {
            f.detail = p.failure;
        }
    };
    if (p.on == subject::event) {
        const int children = p.per_child ? static_cast<int>(cx.facts.children.size()) : 0;
        for (const event* e : cx.of(p.events.type)) {
            const event* conference = e->type == event_type::conference ? e : nullptr;
            for (int child = p.per_child ? 0 : -1; child < children; ++child) {
                if (child >= 0 && !e->concerns(static_cast<std::size_t>(child))) continue;
                if (!cx.matches(p.events, *e, child, e->when.day) || !cx.applies(r, child, e, conference, e->when.day)) continue;
                cx.set_env(child, e, conference, e->when.day);
                judge(child, *e, -1);
            }
        }
        return;
    }
    for (const event* ep : cx.conferences()) {
        const event& e = *ep;
        if (!cx.applies(r, -1, &e, &e, e.when.day)) continue;
        auto one = [&](const facts::report* report, const facts::exclusion* exclusion, int item) {
            cx.set_env(-1, &e, &e, e.when.day);
            cx.env.report = report;
            cx.env.exclusion = exclusion;
            if (p.events.where && !expr::evaluate(*p.events.where, cx.env)) {
                cx.env.report = nullptr;
                cx.env.exclusion = nullptr;
                return;
            }
            judge(-1, e, item);
        };
        if (p.on == subject::report)
            for (const auto& rep : cx.facts.reports_of(e)) one(&rep, nullptr, static_cast<int>(rep.index));
        else
            for (const auto& x : cx.facts.exclusions_of(e)) one(nullptr, &x, static_cast<int>(x.index));
    }
}

// ----------------------------------------------------------------- attendance

void run_attendance(context& cx, const rule& r, const policy::attendance_params& p) {
    for (const event* ep : cx.conferences()) {
        const event& e = *ep;
        if (e.attendees.count == 0) continue;
        bool present = false;
        for (const auto& a : cx.facts.attendees_of(e)) {
            if (!a.present) continue;
            if (std::find(p.kinds.begin(), p.kinds.end(), a.kind) != p.kinds.end()) present = true;
            if (a.agency && (p.agencies & facts::bit(*a.agency)) && a.kind == facts::attendee_kind::professional) present = true;
        }
        for (std::size_t c = 0; c < cx.facts.children.size(); ++c) {
            if (!e.concerns(c) || !cx.applies(r, static_cast<int>(c), &e, &e, e.when.day)) continue;
            finding& f = cx.add(r, static_cast<int>(c), &e);
            f.state = present ? status::met : status::breached;
            if (!present) f.detail = "not present at the conference";
        }
    }
}

}  // namespace

summary summarise(const std::vector<finding>& findings) {
    summary s;
    // Late, overdue and breached count as failures; without a branch, as statuses come in no order.
    constexpr std::array<std::uint64_t, 6> fails = {0, 0, 1, 1, 1, 0};
    static_assert(static_cast<int>(status::late) == 2 && static_cast<int>(status::breached) == 4);
    // Counted in two registers, a field of bits for each status and each severity: an
    // increment of a count in memory waits for the one before it, and the findings of a
    // rule mostly share a status. Fields of 10 bits, emptied every 1,023 findings.
    constexpr std::size_t bits = 10, block = (std::size_t{1} << bits) - 1;
    static_assert(bits * status_names.size() <= 64);
    for (std::size_t from = 0; from < findings.size(); from += block) {
        std::uint64_t by_status = 0, failed = 0;
        for (std::size_t i = from, end = std::min(findings.size(), from + block); i < end; ++i) {
            const auto state = static_cast<std::size_t>(findings[i].state);
            by_status += std::uint64_t{1} << (bits * state);
            failed += fails[state] << (32 * static_cast<std::size_t>(findings[i].rule->severity));
        }
        for (std::size_t k = 0; k < s.counts.size(); ++k) s.counts[k] += static_cast<std::uint32_t>(by_status >> (bits * k) & block);
        s.failed[0] += static_cast<std::uint32_t>(failed);
        s.failed[1] += static_cast<std::uint32_t>(failed >> 32);
    }
    return s;
}

const std::vector<finding>& evaluator::run(const facts::case_facts& c, date as_of) {
    findings_.clear();
    errors_.clear();
    auto& st = *state_;
    for (auto& list : st.by_type) list.clear();
    st.plan_events.clear();
    st.s47_events.clear();
    const facts::child_set all_children = c.children.size() >= 64 ? ~facts::child_set{0} : (facts::child_set{1} << c.children.size()) - 1;
    std::uint32_t some_children = 0;  // event types with an event that leaves a child out
    for (const auto& e : c.events) {
        st.by_type[static_cast<std::size_t>(e.type)].push_back(&e);
        if ((e.children & all_children) != all_children) some_children |= 1u << static_cast<unsigned>(e.type);
        const bool own_initial_no_plan = policy_.restart_plan_at_initial && e.type == event_type::conference &&
                                         e.kind == facts::conference_kind::initial && e.outcome.decision == facts::decision::no_plan;
        const bool resumed_no_plan = e.type == event_type::conference && e.outcome.decision == facts::decision::no_plan && e.resumes >= 0;
        if (starts_plan(e) || ends_plan(e) || own_initial_no_plan || resumed_no_plan) st.plan_events.push_back(&e);
        if (starts_s47(e)) st.s47_events.push_back(&e);
    }
    st.memo.assign(static_cast<std::size_t>(policy_.memo_count) * c.events.size(), 0);
    // Plan periods per child, from the events that start or end one.
    if (st.plans.size() < c.children.size()) st.plans.resize(c.children.size());  // grown only: each child's list keeps its room
    for (std::size_t i = 0; i < c.children.size(); ++i) {
        auto& periods = st.plans[i];
        periods.clear();
        for (const event* ep : st.plan_events) {
            const event& e = *ep;
            if (!e.concerns(i)) continue;
            const bool open = !periods.empty() && !periods.back().end;
            if (open && ends_plan(e)) {
                periods.back().end = &e;
            } else if (!open && !periods.empty() && ends_plan(e) && e.type == event_type::conference && periods.back().end->type == event_type::plan_ended &&
                       periods.back().end->when.day == e.when.day) {
                // A plan_ended event recorded earlier that day (or with its order left open by a bare
                // date) records the ending the conference decided: the plan ends at the conference (so
                // that it is, say, the review that ended the plan), whatever time the export gives
                // the record (midnight, often, where a date was made a date-time).
                periods.back().end = &e;
            } else if (open && e.outcome.decision == facts::decision::no_plan && resumes_sitting(c, e, *periods.back().start)) {
                periods.back().end = &e;  // the conference's decision, taken at a later sitting, replaces the plan of an earlier one
            } else if (open && starts_plan(e) && resumes_sitting(c, e, *periods.back().start)) {
                // So when it decides plan (or, a transfer-in sitting, keeps the plan): the plan is
                // the one made there (an interim plan before it).
                periods.back().start = &e;
            } else if (!open && starts_plan(e)) {
                periods.push_back({&e, nullptr});
            } else if (open && policy_.restart_plan_at_initial && restarts_plan(*periods.back().start, e) &&
                       !reviewed(st.by_type[static_cast<std::size_t>(event_type::conference)], *periods.back().start, e, i)) {
                periods.back().end = &e;  // deciding no_plan, the child's own initial conference ends it
                if (e.outcome.decision == facts::decision::plan) periods.push_back({&e, nullptr});
            }
        }
    }
    st.births.assign(c.children.size(), std::nullopt);
    for (std::size_t i = 0; i < c.children.size(); ++i) {
        st.births[i] = c.children[i].date_of_birth;
        if (!st.births[i])
            for (const event* e : st.by_type[static_cast<std::size_t>(event_type::birth)])
                if (e->concerns(i)) {
                    st.births[i] = e->when.day;
                    break;
                }
    }
    st.births_ymd.assign(c.children.size(), year_month_day{});  // none left from the case before
    for (std::size_t i = 0; i < c.children.size(); ++i)
        if (st.births[i]) st.births_ymd[i] = st.births[i]->ymd();
    st.s47_starts.assign(c.children.size(), std::nullopt);
    for (std::size_t i = 0; i < c.children.size(); ++i)
        for (const event* e : st.s47_events)
            if (e->concerns(i)) {
                st.s47_starts[i] = e->when.day;
                break;
            }
    st.texts.reset();
    context cx{policy_, policy_.calendar.get(), c, as_of, st.env, st.plans, st.births, st.s47_starts, st.scratch, st.periods, st.voices, st.authors, st.by_type, st.memo, st.texts, findings_, errors_, st.detail};
    cx.every_child_types = ~some_children;
    cx.set_case();
    st.quorate.clear();
    if (policy_.reads_quorate) {
        st.quorate.assign(c.events.size(), -1);
        st.quorum_rules.assign(c.events.size(), nullptr);
        for (const event* e : cx.conferences())
            if (e->attendees.count > 0)
                if (const auto* q = quorum_rule_for(cx, *e)) {
                    const auto i = static_cast<std::size_t>(e - c.events.data());
                    st.quorate[i] = quorate_with(cx, *q, *e, e->children, present_agencies(cx.facts, *e)) ? 1 : 0;
                    st.quorum_rules[i] = q;
                }
    }
    for (const auto& r : policy_.rules) {
        std::visit(
            [&](const auto& p) {
                using T = std::decay_t<decltype(p)>;
                if constexpr (std::is_same_v<T, policy::deadline_params>) run_deadline(cx, r, p);
                else if constexpr (std::is_same_v<T, policy::conference_deadline_params>) run_conference_deadline(cx, r, p);
                else if constexpr (std::is_same_v<T, policy::item_deadline_params>) run_item_deadline(cx, r, p);
                else if constexpr (std::is_same_v<T, policy::recurring_params>) run_recurring(cx, r, p);
                else if constexpr (std::is_same_v<T, policy::quorum_params>) run_quorum(cx, r, p);
                else if constexpr (std::is_same_v<T, policy::decision_params>) run_decision(cx, r, p);
                else if constexpr (std::is_same_v<T, policy::categories_params>) run_categories(cx, r, p);
                else if constexpr (std::is_same_v<T, policy::exclusion_params>) run_exclusion(cx, r, p);
                else if constexpr (std::is_same_v<T, policy::plan_end_params>) run_plan_end(cx, r, p);
                else if constexpr (std::is_same_v<T, policy::attendance_params>) run_attendance(cx, r, p);
                else if constexpr (std::is_same_v<T, policy::reports_required_params>) run_reports_required(cx, r, p);
                else run_check(cx, r, p);
            },
            r.params);
    }
    summary_ = summarise(findings_);  // while the findings are still in cache
    return findings_;
}

}  // namespace cprules::eval
