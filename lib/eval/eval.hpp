// Compiled policy + case facts + an explicit as-of date -> findings.
// Deterministic; never reads the clock. One evaluator per thread; it reuses
// its scratch space across cases.
#pragma once

#include "policy/policy.hpp"

#include <array>
#include <cstring>
#include <string>
#include <vector>

namespace cprules::eval {

enum class status : std::uint8_t { met, pending, late, overdue, breached, waived };
inline constexpr std::array<std::string_view, 6> status_names = {"met", "pending", "late", "overdue", "breached", "waived"};

/// `to = from` as one 8-byte copy. GCC copies a date_time's two fields apart,
/// and reading the 2-byte minute of a value stored whole a moment before stalls
/// (store forwarding): the evaluator's hot loops do just that.
inline void store(date_time& to, date_time from) noexcept { std::memcpy(static_cast<void*>(&to), &from, sizeof to); }

/// Why a due date is what it is: the chosen anchor and how it was chosen.
struct basis {
    const facts::event* anchor = nullptr;   // null for a child date or a series start given below
    date_time anchor_date;
    std::string_view anchor_what;           // "strategy_discussion", "expected_date_of_delivery", "previous core_group" ...
    calendar::offset offset;
    std::uint8_t select = 0;                // policy::selector::pick of the anchor
    std::uint8_t candidate = 0;             // which earliest_of candidate gave the due date
    std::uint16_t anchor_candidates = 0;    // how many events matched the anchor selector
    bool chained = false;                   // recurring: due from the previous occurrence (`every`), not `first`
    bool resumed = false;                   // recurring: due `resume_after` the last day of a suspension (anchor_date)

    /// One anchor event, counted from directly. Field by field: assigning a
    /// temporary costs a store-forwarding stall in the evaluator's hot loops.
    void set(const facts::event* a, date_time when, std::string_view what, calendar::offset o, bool chain = false) {
        anchor = a;
        store(anchor_date, when);
        anchor_what = what;
        select = 0;
        anchor_candidates = 1;
        candidate = 0;
        offset = o;
        chained = chain;
        resumed = false;
    }
};

struct finding {
    /// User-provided, so that `findings.emplace_back()` runs the initialisers
    /// below and does not first zero the whole object.
    constexpr finding() noexcept {}
    // Ordered so that it packs into 128 bytes, which a copy of a blank finding moves inline.
    const policy::rule* rule = nullptr;
    const facts::event* subject = nullptr;  // the conference or event the finding is about
    int child = -1;                         // index into case_facts::children; -1: not per child
    int item = -1;                          // report / exclusion index within the subject conference
    date_time due, done;
    const facts::event* satisfied_by = nullptr;
    // The event behind a status that `satisfied_by` does not explain: waived, the event whose
    // exceptional_reason waives it; overdue, the `cancelled_by` event that came after the due
    // day of a `cancel_until: due` deadline or conference deadline (the obligation was missed,
    // then ended).
    const facts::event* status_by = nullptr;
    std::string_view detail;                // what failed, for constraints (empty when met); valid until the evaluator's next run
    eval::basis basis;
    std::int32_t days_late = 0;
    status state = status::met;
    bool has_due = false;
    bool has_done = false;
};
static_assert(sizeof(finding) <= 128, "a finding outgrew the 128 bytes copied inline (see the member order)");

struct summary {
    std::array<std::uint32_t, 6> counts{};  // by status
    /// Late, overdue or breached findings of rules of each severity.
    std::array<std::uint32_t, 2> failed{};   // by policy::severity
    /// Failures at `at_least` or above (advice counts violations too).
    std::uint32_t failures(policy::severity at_least) const {
        return failed[0] + (at_least == policy::severity::advice ? failed[1] : 0);
    }
};

/// The findings counted by status, and the failures by severity.
summary summarise(const std::vector<finding>& findings);

class evaluator {
public:
    explicit evaluator(const policy::compiled_policy& p);
    ~evaluator();
    evaluator(const evaluator&) = delete;
    evaluator& operator=(const evaluator&) = delete;

    /// Evaluates one case as of `as_of`. The findings (and `errors`, for dates
    /// the calendar does not cover) are valid until the next call.
    const std::vector<finding>& run(const facts::case_facts& c, date as_of);
    const std::vector<diagnostic>& errors() const { return errors_; }
    /// The last run's findings counted (as summarise() counts them).
    const eval::summary& summary() const { return summary_; }
    const policy::compiled_policy& policy() const { return policy_; }

private:
    struct state;
    const policy::compiled_policy& policy_;
    std::vector<finding> findings_;
    std::vector<diagnostic> errors_;
    eval::summary summary_;
    std::unique_ptr<state> state_;
};

/// The human sentence for a finding (its rule's summary and what happened).
std::string message(const finding& f, const facts::case_facts& c);
/// The same, appended to `out` (no allocation once `out` has grown).
void append_message(std::string& out, const finding& f);
/// Only what follows the rule's summary in the message ("" when met).
void append_message_detail(std::string& out, const finding& f);

/// The message detail, written through `out`: `out.text(s)` for the engine's own
/// words, `out.user(s)` for text from the facts or the policy (a JSON writer
/// escapes it), `out.date(d)` and `out.number(n)`. One definition for every format.
template <class Sink>
void write_message_detail(Sink& out, const finding& f) {
    switch (f.state) {
        case status::met: return;
        case status::pending:
            out.text(": due ");
            out.date(f.due);
            if (!f.detail.empty()) {
                out.text("; ");
                out.user(f.detail);
            }
            return;
        case status::late:
            out.text(": done ");
            out.date(f.done);
            out.text(", ");
            out.number(f.days_late);
            out.text(f.days_late == 1 ? " day late" : " days late");
            return;
        case status::overdue:
            out.text(": not done, due ");
            out.date(f.due);
            if (!f.detail.empty()) {
                out.text("; ");
                out.user(f.detail);
            }
            return;
        case status::breached:
            out.text(": ");
            if (f.detail.empty()) out.text("not met");
            else out.user(f.detail);
            return;
        case status::waived: {
            out.text(": waived (exceptional reason recorded: ");
            if (f.status_by) out.user(f.status_by->outcome.exceptional_reason);
            out.text(")");
            if (!f.detail.empty()) {
                out.text(": ");
                out.user(f.detail);
            }
            return;
        }
    }
}

/// An upper bound on the bytes write_message_detail writes when `user` text is
/// JSON-escaped (at most 6 bytes a byte).
inline std::size_t message_detail_bound(const finding& f) {
    constexpr std::size_t fixed = 80;  // the longest engine text, a date-time and a number
    std::size_t user = f.detail.size();
    if (f.state == status::waived && f.status_by) user += f.status_by->outcome.exceptional_reason.size();
    return fixed + 6 * user;
}
/// `conference id` or `type@date` for an event subject.
std::string subject_name(const facts::event& e);

}  // namespace cprules::eval
