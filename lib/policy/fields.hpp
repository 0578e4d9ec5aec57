// Slots of the condition fields (see schema.cpp). `conference.*` fields use the
// same numbering as `event.*` plus conference_offset.
#pragma once

namespace cprules::policy {

enum class field : int {
    child_age_years, child_unborn, child_looked_after, child_exploitation_suspected, child_agencies_in_contact,
    child_date_of_birth, child_has_plan, child_s47_initiated,
    event_type, event_kind, event_decision, event_decided_by, event_categories, event_reasons,
    event_exceptional_reason, event_reconvenes, event_s47_initiated, event_recommended_conference,
    event_conference_required, event_seen_alone, event_reason,
    report_agency, exclusion_scope,  // the item an item_deadline rule is about
    count,
    conference_offset = 100,
};

}  // namespace cprules::policy
