// The fields policy conditions may read, with their types and allowed words.
#include "policy/fields.hpp"
#include "policy/policy.hpp"

namespace cprules::policy {

namespace {

/// A field's allowed words and, where they are all it can be, their codes.
struct word_list {
    std::vector<std::string> values;
    std::vector<std::uint8_t> codes;
};

/// The words of a facts enum: each coded by its enumerator (the evaluator's
/// environment answers word() and words() in the same numbers). "" (none) is no word.
template <std::size_t N>
word_list words(const std::array<std::string_view, N>& names) {
    static_assert(N <= 64);
    word_list out;
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i].empty()) continue;
        out.values.emplace_back(names[i]);
        out.codes.push_back(static_cast<std::uint8_t>(i));
    }
    return out;
}

expr::schema make_schema() {
    using expr::type;
    expr::schema s;
    auto add = [&](std::string name, type t, field f, word_list values, std::string description) {
        s.add({std::move(name), t, static_cast<int>(f), std::move(values.values), std::move(description), std::move(values.codes)});
    };
    add("child.age_years", type::number, field::child_age_years, {},
        "the child's age in whole years on the reference date (null when unborn or the date of birth is not known)");
    add("child.unborn", type::boolean, field::child_unborn, {}, "the child is not yet born on the reference date");
    add("child.looked_after", type::boolean, field::child_looked_after, {}, "the child is looked after on the reference date");
    add("child.exploitation_suspected", type::boolean, field::child_exploitation_suspected, {}, "exploitation is suspected");
    add("child.agencies_in_contact", type::string_list, field::child_agencies_in_contact, words(facts::agency_names),
        "agencies that have had relevant direct contact with the child (null when not recorded)");
    add("child.date_of_birth", type::string, field::child_date_of_birth, {}, "the date of birth (use with has())");
    add("child.has_plan", type::boolean, field::child_has_plan, {}, "the child is subject to a plan on the reference date");
    add("child.s47_initiated", type::boolean, field::child_s47_initiated, {},
        "a Section 47 enquiry was started for the child on or before the reference date (a strategy discussion with "
        "s47_initiated, or a section47_started event); in a deadline's episode, since the child's last enquiry closed");
    add("child.conference_decided", type::boolean, field::child_conference_decided, {},
        "a decision to hold a conference for the child is recorded on or before the reference date (a decision_to_convene, "
        "or a section47_outcome with conference_required true); in a deadline's episode, since the child's last enquiry closed");
    for (const char* prefix : {"event", "conference"}) {
        const bool ev = std::string_view(prefix) == "event";
        const int base = ev ? 0 : static_cast<int>(field::conference_offset);
        auto addp = [&](std::string name, type t, field f, word_list values, std::string description) {
            s.add({std::string(prefix) + "." + name, t, base + static_cast<int>(f), std::move(values.values), std::move(description),
                   std::move(values.codes)});
        };
        addp("type", type::string, field::event_type, words(facts::event_type_names), "the event's type");
        addp("kind", type::string, field::event_kind, words(facts::conference_kind_names), "the conference's kind");
        addp("decision", type::string, field::event_decision, words(facts::decision_names), "the conference's recorded decision");
        addp("decided_by", type::string, field::event_decided_by, words(facts::decided_by_names), "how the decision was reached");
        addp("categories", type::string_list, field::event_categories, words(facts::category_names), "categories of abuse recorded");
        addp("reasons", type::string, field::event_reasons, {}, "recorded reasons for the decision");
        addp("exceptional_reason", type::string, field::event_exceptional_reason, {}, "recorded reason for an exception");
        addp("reconvenes", type::string, field::event_reconvenes, {}, "the conference this one resumes");
        addp("s47_initiated", type::boolean, field::event_s47_initiated, {}, "strategy discussion: a Section 47 enquiry was initiated");
        addp("recommended_conference", type::boolean, field::event_recommended_conference, {}, "strategy discussion: it recommended a conference");
        addp("conference_required", type::boolean, field::event_conference_required, {}, "Section 47 outcome: a conference is required");
        addp("seen_alone", type::boolean, field::event_seen_alone, {}, "visit: the child was seen alone");
        addp("reason", type::string, field::event_reason, words(facts::plan_end_reason_names), "plan ended: the reason");
        addp("next_review_date", type::string, field::event_next_review_date, {},
             "conference: the date of the next review set in its outcome (use with has())");
        addp("present_kinds", type::string_list, field::event_present_kinds, words(facts::attendee_kind_names),
             "conference: the kinds of the attendees present (null when it lists no attendees)");
        addp("present_agencies", type::string_list, field::event_present_agencies, words(facts::agency_names),
             "conference: the agencies of the professionals present (null when it lists no attendees)");
        addp("report_agencies", type::string_list, field::event_report_agencies, words(facts::agency_names),
             "conference: the agencies of the reports it lists");
        addp("absent_agencies", type::string_list, field::event_absent_agencies, words(facts::agency_names),
             "conference: the agencies of the professionals who sent apologies, with no professional of theirs present "
             "(null when it lists no attendees)");
        addp("recommending_kinds", type::string_list, field::event_recommending_kinds, words(facts::attendee_kind_names),
             "conference: the kinds of the attendees present who made a recommendation (null when it lists no attendees)");
        addp("chair_independent", type::boolean, field::event_chair_independent, {},
             "conference: no chair present is named as the line_manager of anyone working on the case (a professional, "
             "another chair, anyone with direct_contact_with a child) or has direct_contact_with a child "
             "(null when it lists no chair present with a name)");
        addp("oldest_child_age_years", type::number, field::event_oldest_child_age_years, {},
             "the age in whole years, on the reference date, of the oldest child the event concerns; an unborn child is "
             "passed over (null when a born child's age is not known, or none is born)");
        addp("same_day_types", type::string_list, field::event_same_day_types, words(facts::event_type_names),
             "the types of the other events on the same day that concern the child (in a rule about one child) or the "
             "same children");
        addp("same_day_decisions", type::string_list, field::event_same_day_decisions, words(facts::decision_names),
             "the decisions of the other conferences on the same day that concern the child (or the same children)");
        addp("same_day_plan_end_reasons", type::string_list, field::event_same_day_plan_end_reasons, words(facts::plan_end_reason_names),
             "the reasons of the other plan_ended events on the same day that concern the child (or the same children)");
        addp("same_chair_as_previous", type::boolean, field::event_same_chair_as_previous, {},
             "conference: its chair is the chair of the previous conference for the child (or for any of its children); "
             "null when there is no previous conference or either lists no chair");
        addp("quorate", type::boolean, field::event_quorate, {},
             "conference: its attendance meets the policy's quorum rule (the first rule with id quorum that applies to "
             "it), exceptions and waivers aside; null when it lists no attendees or no quorum rule applies");
        addp("quorate_for_child", type::boolean, field::event_quorate_for_child, {},
             "conference: its attendance meets the policy's quorum rule for the child a rule is about (the required "
             "agencies present, and enough others present with direct contact with that child), exceptions and waivers "
             "aside; in a rule about no one child, the same as quorate; null when the conference does not concern the "
             "child, lists no attendees or no quorum rule applies");
        addp("first_review", type::boolean, field::event_first_review, {},
             "conference: a review that is the first review of the plan of the child a rule is about (in a rule about no "
             "one child, of any child it concerns): no earlier review of that plan reached a decision (an adjourned or "
             "deferred sitting decides nothing); false when no plan of the child runs into it (a review that makes a "
             "plan starts it); null when the event is not a review conference");
        addp("starts_plan", type::boolean, field::event_starts_plan, {},
             "conference: a plan of the child a rule is about starts at it (in a rule about no one child, a plan of any "
             "child it concerns): false for a conference recording plan for a child already on one, which continues "
             "that plan; null when the event is not a conference");
        addp("ends_plan", type::boolean, field::event_ends_plan, {},
             "a plan of the child a rule is about ends at the event (in a rule about no one child, a plan of any child "
             "it concerns), or, for a plan_ended event, a conference ended it that day (the same ending, recorded "
             "twice): false for a plan_ended event about a child with no plan then, or one whose plan ended on an "
             "earlier day");
        addp("child_unborn", type::boolean, field::event_child_unborn, {},
             "the child a rule is about was not yet born on the event's own date, whatever the rule's reference date "
             "(in a rule about no one child, any child it concerns); null when the event does not concern the child");
    }
    add("report.agency", type::string, field::report_agency, words(facts::agency_names),
        "rules on reports: the agency of the report");
    add("exclusion.scope", type::string, field::exclusion_scope, word_list{{"whole", "part"}, {}},  // the loader accepts only these two words
        "rules on exclusions: whole or part of the conference");
    add("exclusion.grounds", type::string_list, field::exclusion_grounds, {}, "rules on exclusions: the grounds recorded");
    add("exclusion.requested_on", type::string, field::exclusion_requested_on, {},
        "rules on exclusions: when the exclusion was requested (use with has())");
    add("exclusion.notified_in_writing_on", type::string, field::exclusion_notified_in_writing_on, {},
        "rules on exclusions: when the person was told in writing (use with has())");
    add("exclusion.before_conference", type::boolean, field::exclusion_before_conference, {},
        "rules on exclusions: it was requested before the day of the conference (null when requested_on is not recorded)");
    add("exclusion.evidence", type::boolean, field::exclusion_evidence, {},
        "rules on exclusions: evidence for the grounds is recorded (null when not recorded either way)");
    add("exclusion.decided_by", type::string, field::exclusion_decided_by, {},
        "rules on exclusions: who decided (chair, ...; null when not recorded)");
    return s;
}

}  // namespace

const expr::schema& condition_schema() {
    static const expr::schema s = make_schema();
    return s;
}

}  // namespace cprules::policy
