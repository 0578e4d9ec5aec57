// A compiled policy: YAML as written -> validated, immutable, shareable.
// Loading runs named stages (parse, resolve `extends`, check keys and types,
// compile conditions, check the calendar) and reports every problem found.
#pragma once

#include "calendar/calendar.hpp"
#include "expr/expr.hpp"
#include "facts/facts.hpp"

#include <cprules/diagnostic.hpp>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cprules::policy {

enum class severity : std::uint8_t { violation, advice };

struct source_ref {
    std::string document, section, quote;
};

/// Which events an anchor, a `done` or a series refers to.
struct selector {
    /// `each` and the episode picks (deadline anchors only) make an obligation per event / per episode.
    enum class pick : std::uint8_t { first, last, each, first_of_episode, last_of_episode };
    static constexpr std::array<std::string_view, 5> pick_names = {"first", "last", "each", "first_of_episode", "last_of_episode"};
    facts::event_type type = facts::event_type::strategy_discussion;
    std::optional<expr::program> where;  // over `event.*` (and `child.*`)
    pick select = pick::first;
    /// For a `where` that reads only the event's own fields (the same for every
    /// child and date): its slot in the evaluator's per-case memo, else -1. Conditions
    /// with the same text share a slot.
    int memo = -1;
};

/// Where one candidate due date is counted from.
struct anchor {
    enum class origin : std::uint8_t { event, child_date, start };
    origin from = origin::start;
    selector events;                       // origin::event
    enum class child_date : std::uint8_t { date_of_birth, expected_date_of_delivery } field{};  // origin::child_date
    bool expires = false;  // origin::event: count from the event's `expires` date, not its own date
    calendar::offset offset;
};

/// A due date: the earliest of the candidates that are known.
struct due_rule {
    std::vector<anchor> candidates;
};

struct deadline_params {
    due_rule due;
    selector done;
    std::optional<selector> cancelled_by;  // an event that ends the obligation
    bool cancel_until_due = false;         // `cancel_until: due`: one after the due day leaves it missed (overdue)
    bool waivable = false;                 // an exceptional_reason on the done conference waives lateness
};

enum class conference_field : std::uint8_t {
    decision_circulated, outline_plan_circulated, minutes_circulated, decision_letter_to_parents, reconvened,
    decided  // the conference's decision: a later sitting of the same conference not deferring or adjourning again
};
struct conference_deadline_params {
    calendar::offset offset;
    conference_field done = conference_field::decision_circulated;
    std::optional<selector> cancelled_by;  // an event that ends the obligation, once there is one for every child asked (eval)
    bool cancel_until_due = false;         // as for deadline_params
    /// With `done: decided`, `decided_when`: which sittings that record a decision take it (a
    /// conference selector whose `where` reads the sitting's own fields); none: every one.
    std::optional<selector> deciding;
};

enum class item_field : std::uint8_t { report_to_chair, report_to_parents, exclusion_notice, exclusion_request };
/// Whether the items are a conference's exclusions (else its reports).
constexpr bool on_exclusions(item_field f) { return f == item_field::exclusion_notice || f == item_field::exclusion_request; }
struct item_deadline_params {
    calendar::offset offset;  // from the conference, usually negative
    item_field field = item_field::report_to_chair;
    std::optional<expr::program> where;  // which reports (report.agency) or exclusions (exclusion.scope)
};

/// Who may waive a recurring rule's lateness: nobody; the late occurrence, by
/// recording an exceptional_reason (`waivable: true`); or, for the first
/// occurrence, the start conference, by setting it a later date and recording
/// why (`waivable: start`).
enum class waiver : std::uint8_t { none, occurrence, start };

struct recurring_params {
    waiver waivable = waiver::none;
    selector start;   // the conference that starts a plan (its decision must be `plan`)
    selector series;  // the occurrences
    std::optional<due_rule> first;
    std::optional<calendar::offset> every;
    bool chain_from_start = false;  // `every` counts from the start, not from the first occurrence
    /// An occurrence due while this holds for the child (at its due date) is not owed: no finding.
    std::optional<expr::program> suspended_when;
    /// With suspended_when: unless an occurrence is held while the suspension lasts, one is due
    /// this long after its last day (the next day it no longer holds is the resumption).
    std::optional<calendar::offset> resume_after;
    /// suspended_when reads, of what changes from day to day, only child.looked_after: its
    /// value changes only where the child's spell starts or ends.
    bool suspended_by_spell = false;
};

struct quorum_params {
    facts::agency_set required = 0;
    int others_with_contact = 0;  // further agencies with direct contact with each child
    bool excuse_without_contact = false;  // a required agency with no contact with the children may be missing, with a reason
    bool excuse_others_without_contact = false;  // a child known to fewer other agencies needs only those, with a reason
    /// With excuse_others_without_contact: agencies not expected to attend. Absent, they are
    /// left out of the child's known agencies the exception asks for; present, they count.
    facts::agency_set not_expected = 0;
    /// Not none: short of exactly one agency, which is absent and whose report to the conference
    /// recommends this, the conference may proceed, with a reason.
    facts::recommendation excuse_one_absent_with_report = facts::recommendation::none;
    bool waivable = false;                // an exceptional_reason allows proceeding inquorate
    /// Evaluated for each child of the conference (on its day): where it holds for every one,
    /// an exceptional_reason allows proceeding inquorate.
    std::optional<expr::program> waivable_when;
    std::string consequence;
};

struct decision_params {
    enum class method : std::uint8_t { majority, consensus_or_chair } how = method::majority;
    std::vector<facts::attendee_kind> voters{facts::attendee_kind::professional};
    enum class one_voice : std::uint8_t { each, line_manager, agency } one_voice_per = one_voice::each;
    bool casting_vote = true;        // chair's casting vote on a tie
    bool chair_needs_reasons = true; // consensus_or_chair: the chair's decision records reasons
};

struct categories_params {
    int min = 1, max = 4;
    bool more_with_reason = false;       // more than max allowed with an exceptional_reason (waived)
    /// A transfer-in conference recording plan_continues is checked as one deciding plan (the
    /// child is made subject to a plan here), not only when it records categories.
    bool transfer_in_makes_plan = false;
    facts::category_set never_alone = 0; // may only be recorded with another category
    facts::category_set avoid = 0;       // should not be recorded when `avoid_when` holds
    std::optional<expr::program> avoid_when;
};

struct exclusion_params {
    std::vector<std::string> grounds;  // allowed ground ids (policy `grounds:`)
    bool evidence_required = false;
    std::vector<std::string> decided_by;
    bool reason_recorded = false;
};

struct plan_end_params {
    /// What ending a plan at its first review needs: nothing (`none`), recorded reasons
    /// (`first_review_needs_reasons`) or an exceptional reason, reasons alone not sufficing
    /// (`first_review_needs_exceptional_reason`); an exceptional reason waives the first two.
    enum class first_review_need : std::uint8_t { none, reasons, exceptional_reason };
    first_review_need first_review = first_review_need::none;
    /// A child for whom this holds on the day of the review (child.* fields) may leave the plan at its
    /// first review: that child's ending is met, as the procedure's own example of the circumstances.
    std::optional<expr::program> first_review_excused_when;
    bool requires_quorate = false;  // uses the policy's `quorum` rule that applies to the conference
    bool strict_quorum = false;     // a conference excused by a quorum exception does not count as quorate
};

struct attendance_params {
    std::vector<facts::attendee_kind> kinds;  // any present attendee of these kinds ...
    facts::agency_set agencies = 0;           // ... or of these agencies
};

struct reports_required_params {
    /// Whose reports: every agency the conference's children are in contact with,
    /// every agency attending, or every agency that sent apologies.
    enum class source : std::uint8_t { agencies_in_contact, attending, absent } from = source::agencies_in_contact;
    facts::agency_set except = 0;  // agencies the requirement leaves out
    /// `author` (with attending or absent): a report for each professional, its
    /// `author` their name; a report with no author, or a professional with no
    /// name, is matched by agency.
    enum class match : std::uint8_t { agency, author } by = match::agency;
    /// When the reports are due, from the conference: none (the day of the conference)
    /// or an offset before it (`-2d`). Missing reports for a conference still to come are
    /// pending until then and overdue after.
    std::optional<calendar::offset> offset;
};

/// A condition every matching event (for each child it concerns, with `per_child`)
/// or every report or exclusion of a conference must satisfy.
struct check_params {
    enum class subject : std::uint8_t { event, report, exclusion } on = subject::event;
    selector events;  // subject::event: which events; for items, `where` filters the items
    bool per_child = false;
    bool waivable = false;  // a breach is waived where the conference records an exceptional_reason
    std::optional<expr::program> require;
    std::string failure;  // what a breach means, in plain words (default: the condition)
};

enum class rule_kind : std::uint8_t {
    deadline, conference_deadline, item_deadline, recurring, quorum, decision, categories, exclusion, plan_end, attendance,
    reports_required, check
};
inline constexpr std::array<std::string_view, 12> rule_kind_names = {
    "deadline", "conference_deadline", "item_deadline", "recurring", "quorum", "decision", "categories", "exclusion",
    "plan_end", "attendance", "reports_required", "check"};

using rule_params = std::variant<deadline_params, conference_deadline_params, item_deadline_params, recurring_params,
                                 quorum_params, decision_params, categories_params, exclusion_params, plan_end_params,
                                 attendance_params, reports_required_params, check_params>;

struct rule {
    std::string id;
    std::string variant;  // distinguishes rules sharing an id (reports before initial / review conferences)
    rule_kind kind = rule_kind::deadline;
    policy::severity severity = severity::violation;
    std::string summary;  // the obligation in plain words (used in messages)
    source_ref source;
    std::string note;
    std::optional<expr::program> applies_when;
    /// For an `applies_when` that reads only one event's own fields, all `event.*` or
    /// all `conference.*` (`memo_on_conference`): its slot in the evaluator's per-case
    /// memo (shared with conditions of the same text), else -1.
    int applies_memo = -1;
    bool memo_on_conference = false;
    rule_params params;
    source_location location;
};

struct ground {
    std::string id, words;
};

struct source_document {
    std::string file, title;
};

/// An immutable compiled policy. Share it freely across threads.
struct compiled_policy {
    std::string id, title, partnership, version, effective;
    std::vector<source_document> sources;
    std::vector<ground> grounds;
    std::vector<rule> rules;
    std::shared_ptr<const calendar::working_calendar> calendar;
    std::string file;  // where it was loaded from
    // `restart_plan_at_initial`: an initial conference deciding `plan` or `no_plan` for a child whose plan a
    // pre-birth or transfer-in conference made, not yet reviewed, ends that plan (and with `plan` starts one).
    bool restart_plan_at_initial = false;
    int memo_count = 0;  // memo slots: distinct conditions on one event's own fields
    bool reads_quorate = false;  // a condition reads event.quorate or conference.quorate

    const rule* find(std::string_view rule_id) const;
    const ground* find_ground(std::string_view ground_id) const;
};

/// The key naming a finding's item, `report` or `exclusion`, for a rule whose findings have one.
std::string_view item_key(const rule& r);

/// The condition fields (`child.*`, `event.*`, `conference.*`) and their slots.
const expr::schema& condition_schema();

/// The bundled policies directory (support/data_dir.hpp says how it is found).
std::string bundled_dir();
/// The bundled policy names (file stems in bundled_dir()), sorted.
std::vector<std::string> bundled_names();

/// Loads a policy by bundled name or path. Every problem is appended to
/// `diags` (file:line:column); returns nullptr when any is an error.
std::shared_ptr<const compiled_policy> load(const std::string& name_or_path, std::vector<diagnostic>& diags);
/// Loads YAML text; `file` names it in diagnostics; `base_dir` resolves `extends`.
std::shared_ptr<const compiled_policy> load_text(const std::string& yaml, const std::string& file,
                                                 std::vector<diagnostic>& diags);

}  // namespace cprules::policy
