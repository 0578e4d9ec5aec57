// Slots of the condition fields (see schema.cpp). `conference.*` fields use the
// same numbering as `event.*` plus conference_offset.
#pragma once

namespace cprules::policy {

enum class field : int {
    child_age_years, child_unborn, child_looked_after, child_exploitation_suspected, child_agencies_in_contact,
    child_date_of_birth, child_has_plan, child_s47_initiated, child_conference_decided,
    event_type, event_kind, event_decision, event_decided_by, event_categories, event_reasons,
    event_exceptional_reason, event_reconvenes, event_s47_initiated, event_recommended_conference,
    event_conference_required, event_seen_alone, event_reason,
    event_next_review_date, event_present_kinds, event_present_agencies, event_report_agencies, event_recommending_kinds,
    event_absent_agencies, event_chair_independent,
    // Event fields derived from the children, the reference date or other events.
    event_oldest_child_age_years, event_same_day_types, event_same_day_decisions, event_same_day_plan_end_reasons,
    event_same_chair_as_previous,
    event_quorate,            // the policy's quorum rule for the conference, as attended
    event_quorate_for_child,  // ... for the child a rule is about
    event_first_review,       // a review that is the first of the plan of the child a rule is about (or of any of its children)
    event_starts_plan,        // a conference at which a plan of the child a rule is about (or of any of its children) starts
    event_ends_plan,          // an event at which (or on whose day) a plan of the child a rule is about (or of any of its children) ends
    event_child_unborn,       // the child a rule is about (or any child it concerns) not yet born on the event's date
    // The item a rule is about: a report, or an exclusion.
    report_agency,
    exclusion_scope, exclusion_grounds, exclusion_requested_on, exclusion_notified_in_writing_on, exclusion_before_conference,
    exclusion_evidence, exclusion_decided_by,
    count,
    conference_offset = 100,
};

/// Which part of the facts a field reads.
enum class field_scope { child, event, report, exclusion };
constexpr field_scope scope_of(int slot) {
    if (slot >= static_cast<int>(field::conference_offset)) return field_scope::event;
    if (slot < static_cast<int>(field::event_type)) return field_scope::child;
    if (slot < static_cast<int>(field::report_agency)) return field_scope::event;
    if (slot == static_cast<int>(field::report_agency)) return field_scope::report;
    return field_scope::exclusion;
}

/// `event.quorate`, `event.quorate_for_child` or their `conference.*` forms.
constexpr bool reads_quorum(int slot) {
    const int f = slot % static_cast<int>(field::conference_offset);
    return f == static_cast<int>(field::event_quorate) || f == static_cast<int>(field::event_quorate_for_child);
}

/// An `event.*` field the event itself records: the same for every child and date.
constexpr bool event_own(int slot) {
    return slot >= static_cast<int>(field::event_type) && slot < static_cast<int>(field::event_oldest_child_age_years);
}

/// A field whose value, for one child and one event or conference, is the same whatever the
/// date it is asked at: what the event records, and the child's recorded facts but for the
/// looked-after spell, the age and the plans.
constexpr bool same_every_day(int slot) {
    const int f = slot % static_cast<int>(field::conference_offset);  // conference.* as event.*
    return event_own(f) || f == static_cast<int>(field::child_exploitation_suspected) ||
           f == static_cast<int>(field::child_agencies_in_contact) || f == static_cast<int>(field::child_date_of_birth);
}

}  // namespace cprules::policy
