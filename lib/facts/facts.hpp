// Case facts (contract section 1) as an immutable, allocation-light model.
// Strings are views into the loader's buffers: a case_facts is valid until the
// loader that filled it loads the next case.
#pragma once

#include <cprules/date.hpp>
#include <cprules/diagnostic.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cprules::facts {

enum class agency : std::uint8_t {
    social_care, health, police, education, early_years, probation, youth_justice, housing,
    mental_health, substance_misuse, domestic_abuse, legal, voluntary, other
};
inline constexpr std::array<std::string_view, 14> agency_names = {
    "social_care", "health", "police", "education", "early_years", "probation", "youth_justice", "housing",
    "mental_health", "substance_misuse", "domestic_abuse", "legal", "voluntary", "other"};
using agency_set = std::uint16_t;
constexpr agency_set bit(agency a) { return static_cast<agency_set>(1u << static_cast<unsigned>(a)); }

enum class event_type : std::uint8_t {
    strategy_discussion, section47_started, section47_outcome, decision_to_convene, conference_requested,
    transfer_in_notified, emergency_protection_order, conference, core_group, birth, birth_response_plan,
    visit, head_of_service_advice, legal_advice, plan_ended, complaint
};
inline constexpr std::array<std::string_view, 16> event_type_names = {
    "strategy_discussion", "section47_started", "section47_outcome", "decision_to_convene", "conference_requested",
    "transfer_in_notified", "emergency_protection_order", "conference", "core_group", "birth", "birth_response_plan",
    "visit", "head_of_service_advice", "legal_advice", "plan_ended", "complaint"};

enum class conference_kind : std::uint8_t { none, initial, review, transfer_in, pre_birth };
inline constexpr std::array<std::string_view, 5> conference_kind_names = {"", "initial", "review", "transfer_in", "pre_birth"};

enum class attendee_kind : std::uint8_t { chair, professional, family, child, supporter, advocate, observer, interpreter };
inline constexpr std::array<std::string_view, 8> attendee_kind_names = {
    "chair", "professional", "family", "child", "supporter", "advocate", "observer", "interpreter"};

enum class decision : std::uint8_t { none, plan, no_plan, deferred, adjourned, plan_continues, plan_ends };
inline constexpr std::array<std::string_view, 7> decision_names = {
    "", "plan", "no_plan", "deferred", "adjourned", "plan_continues", "plan_ends"};

enum class decided_by : std::uint8_t { none, vote, consensus, chair };
inline constexpr std::array<std::string_view, 4> decided_by_names = {"", "vote", "consensus", "chair"};

enum class recommendation : std::uint8_t { none, plan, no_plan };
inline constexpr std::array<std::string_view, 3> recommendation_names = {"", "plan", "no_plan"};

enum class category : std::uint8_t { physical, emotional, sexual, neglect };
inline constexpr std::array<std::string_view, 4> category_names = {"physical", "emotional", "sexual", "neglect"};
using category_set = std::uint8_t;
constexpr category_set bit(category c) { return static_cast<category_set>(1u << static_cast<unsigned>(c)); }

enum class plan_end_reason : std::uint8_t { none, no_longer_at_risk, moved_area, turned_18, died, left_uk, looked_after, other };
inline constexpr std::array<std::string_view, 8> plan_end_reason_names = {
    "", "no_longer_at_risk", "moved_area", "turned_18", "died", "left_uk", "looked_after", "other"};

/// A boolean fact that may be absent.
enum class tri : std::uint8_t { unknown, no, yes };

using child_set = std::uint64_t;  // bit i = children[i]; at most 64 children a case
inline constexpr std::size_t max_children = 64;

struct child {
    std::string_view id;
    std::optional<date> date_of_birth, expected_date_of_delivery, looked_after_from, looked_after_to;
    agency_set agencies_in_contact = 0;
    bool agencies_in_contact_known = false;  // the list was given (it may be empty)
    bool exploitation_suspected = false;
};

struct attendee {
    std::string_view name, line_manager;
    attendee_kind kind = attendee_kind::professional;
    std::optional<facts::agency> agency;
    child_set direct_contact_with = 0;
    facts::recommendation recommendation = recommendation::none;
    bool present = true;
};

struct report {
    std::optional<facts::agency> agency;
    std::string_view author;
    std::optional<date_time> to_chair, to_parents;
    facts::recommendation recommendation = recommendation::none;
    std::uint32_t index = 0;  // position in the conference's reports list
};

struct exclusion {
    std::string_view person, decided_by;
    std::uint32_t grounds_begin = 0, grounds_count = 0;  // into case_facts::strings
    tri evidence = tri::unknown;
    std::optional<date> requested_on, notified_in_writing_on;
    std::string_view scope;
    tri reason_recorded = tri::unknown;
    std::uint32_t index = 0;
};

struct range {
    std::uint32_t begin = 0, count = 0;
};

struct outcome {
    facts::decision decision = decision::none;
    facts::decided_by decided_by = decided_by::none;
    facts::recommendation chair_casting_vote = recommendation::none;
    category_set categories = 0;
    std::string_view reasons, exceptional_reason;
    std::optional<date> next_review_date;
};

struct event {
    event_type type = event_type::strategy_discussion;
    date_time when;
    child_set children = 0;      // the children it concerns (all when not given)
    std::uint32_t index = 0;     // position in the case's events array (for JSON pointers)
    std::int32_t resumes = -1;   // the conference it reconvenes, by position in the case's events (in date order)
    tri s47_initiated = tri::unknown, recommended_conference = tri::unknown,
        conference_required = tri::unknown, seen_alone = tri::unknown;
    std::string_view id, reconvenes, conference_ref, from_authority;
    plan_end_reason reason = plan_end_reason::none;
    std::optional<date> expires;
    // Conferences only.
    conference_kind kind = conference_kind::none;
    range attendees, reports, exclusions;
    facts::outcome outcome;
    bool has_outcome = false;
    std::optional<date_time> decision_circulated, outline_plan_circulated, minutes_circulated,
        decision_letter_to_parents;

    bool concerns(std::size_t child_index) const { return (children >> child_index) & 1u; }
};

/// One case. Events are in chronological order (stable for equal dates).
struct case_facts {
    std::string_view case_id, partnership;
    std::vector<child> children;
    std::vector<event> events;
    std::vector<attendee> attendees;
    std::vector<report> reports;
    std::vector<exclusion> exclusions;
    std::vector<std::string_view> strings;  // exclusion grounds

    std::span<const attendee> attendees_of(const event& e) const {
        return {attendees.data() + e.attendees.begin, e.attendees.count};
    }
    std::span<const report> reports_of(const event& e) const { return {reports.data() + e.reports.begin, e.reports.count}; }
    /// How many sittings back for_each_report_given follows a chain of `reconvenes`: enough for
    /// any real conference, and a bound on the work a case of thousands of sittings in one chain
    /// (or bare-date sittings on one day naming each other in a ring) can make.
    static constexpr std::size_t max_sittings_followed = 64;
    /// Sitting `e`, then the sittings it resumes (`reconvenes`, followed back, at most
    /// max_sittings_followed of them), while `fn(sitting)` returns true. The walk stops where it
    /// started (bare-date sittings on one day may name each other).
    template <class F>
    void for_each_sitting_back(const event& e, F&& fn) const {
        const event* s = &e;
        for (std::size_t steps = 0; steps <= max_sittings_followed; ++steps) {
            if (!fn(*s) || s->resumes < 0) return;
            s = &events[static_cast<std::size_t>(s->resumes)];
            if (s == &e) return;
        }
    }
    /// The reports a conference had: its own, then those listed for the sittings it resumes
    /// (for_each_sitting_back): a report given for a sitting that adjourned or deferred is one
    /// the conference had.
    template <class F>
    void for_each_report_given(const event& e, F&& fn) const {
        for_each_sitting_back(e, [&](const event& s) {
            for (const auto& r : reports_of(s)) fn(r);
            return true;
        });
    }
    /// The agencies of the reports a conference had (for_each_report_given).
    agency_set agencies_reporting(const event& e) const {
        agency_set set = 0;
        for_each_report_given(e, [&](const report& r) {
            if (r.agency) set |= bit(*r.agency);
        });
        return set;
    }
    std::span<const exclusion> exclusions_of(const event& e) const {
        return {exclusions.data() + e.exclusions.begin, e.exclusions.count};
    }
    std::span<const std::string_view> grounds_of(const exclusion& x) const {
        return {strings.data() + x.grounds_begin, x.grounds_count};
    }
    const event* conference(std::string_view id) const;
    void clear();
};

/// Parses cases. Reuse one loader for many cases: its buffers are kept, so
/// loading allocates little once warm. Not thread-safe; use one per thread.
class loader {
public:
    loader();
    ~loader();
    loader(loader&&) noexcept;
    loader& operator=(loader&&) noexcept;

    /// Loads one JSON case. On an input error returns false and appends the
    /// problems (code, message, JSON pointer) to `errors`; `out` is then unspecified.
    bool load_json(std::string_view json, case_facts& out, std::vector<diagnostic>& errors);
    /// Loads one YAML case (same structure); problems carry JSON pointers and the YAML line.
    bool load_yaml(std::string_view yaml, case_facts& out, std::vector<diagnostic>& errors);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace cprules::facts
