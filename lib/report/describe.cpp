// Rules in plain words (see describe.hpp).
#include "report/describe.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdlib>

namespace cprules::report {

namespace {

constexpr std::array<std::string_view, 25> canonical_order = {
    "icpc.request", "icpc.timescale", "transfer_in.timescale", "pre_birth.timescale", "birth_response_plan.timescale",
    "reports.to_chair", "reports.to_parents", "quorum", "quorum.reconvene", "deferral.reconvene", "decision.method",
    "decision.categories", "decision.circulated", "decision.letter_to_parents", "minutes.circulated", "review.first",
    "review.after_pre_birth", "review.subsequent", "core_group.first", "core_group.frequency", "visits.frequency",
    "exclusion.grounds", "exclusion.notice", "plan.discontinuation", "plan.duration_escalation"};

std::string words_of(std::string_view name) {
    std::string out(name);
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

/// "a, b and c"; `none` when empty.
std::string join_and(const std::vector<std::string>& items, std::string_view none = "none") {
    if (items.empty()) return std::string(none);
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
        out += items[i];
    }
    return out;
}

std::string join_or(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
        out += items[i];
    }
    return out;
}

std::vector<std::string> agency_items(facts::agency_set set) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < facts::agency_names.size(); ++i)
        if (set & (1u << i)) out.push_back(words_of(facts::agency_names[i]));
    return out;
}

std::vector<std::string> category_items(facts::category_set set) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < facts::category_names.size(); ++i)
        if (set & (1u << i)) out.emplace_back(facts::category_names[i]);
    return out;
}

std::vector<std::string> kind_items(const std::vector<facts::attendee_kind>& kinds) {
    std::vector<std::string> out;
    for (auto k : kinds) out.emplace_back(facts::attendee_kind_names[static_cast<std::size_t>(k)]);
    return out;
}

std::string where_words(const policy::selector& s) {
    return s.where ? " where " + s.where->text() : std::string();
}

/// The selector for a `done`: always the first matching event (on or after the anchor).
std::string done_words(const policy::selector& s) { return "the first " + event_noun(s.type) + where_words(s); }

std::string series_words(const policy::selector& s) { return event_noun(s.type, true) + where_words(s); }

std::string yes_no(bool b, std::string_view yes) { return b ? fmt::format("yes: {}", yes) : "no"; }

class builder {
public:
    rule_description out;
    std::vector<std::string> sentence;

    aspect& add(std::string name, std::string words, std::string group = {}) {
        auto& a = out.aspects.emplace_back();
        a.name = std::move(name);
        a.words = std::move(words);
        a.group = std::move(group);
        return a;
    }
    void add_set(std::string name, std::vector<std::string> items, std::string added, std::string removed, std::string_view none = "none") {
        aspect& a = add(std::move(name), join_and(items, none));
        a.items = std::move(items);
        a.is_set = true;
        a.added = std::move(added);
        a.removed = std::move(removed);
    }
    void say(std::string s) {
        if (!s.empty()) sentence.push_back(std::move(s));
    }
};

void describe_due_aspects(builder& b, const policy::due_rule& d) {
    const std::string whole = due_words(d);
    b.out.groups.emplace_back("due", whole);
    if (d.candidates.size() == 1) {
        b.add("anchor", anchor_origin_words(d.candidates.front()), "due");
        b.add("offset", offset_words(d.candidates.front().offset), "due");
    } else {
        b.add("due", whole, "due");
    }
}

/// What ends a deadline's or a conference deadline's obligation before it is done (its
/// `cancelled by` aspect). `each_child`: a conference's obligation ends once there is such an
/// event for every child it concerns that is on a plan (or every one, where none is).
template <class Params>
std::string cancellation_words(const Params& p, bool each_child) {
    if (!p.cancelled_by) return "nothing";
    std::string words = selector_words(*p.cancelled_by, false);
    if (each_child) words += " for every child of the conference (on a plan, where any is)";
    if (p.cancel_until_due) words += " on or before the due day (after it, the obligation stays overdue)";
    return words;
}

void describe_params(builder& b, const policy::deadline_params& p, const policy::compiled_policy&) {
    describe_due_aspects(b, p.due);
    b.add("done", done_words(p.done));
    b.add("cancelled by", cancellation_words(p, false));
    b.add("waivable", yes_no(p.waivable, "lateness waived when an exceptional reason is recorded"));
    b.say(due_words(p.due));
    b.say("done by " + done_words(p.done));
    if (p.cancelled_by) b.say("cancelled by " + cancellation_words(p, false));
    if (p.waivable) b.say("lateness waived when the conference records an exceptional reason");
}

void describe_params(builder& b, const policy::conference_deadline_params& p, const policy::compiled_policy&) {
    b.add("done", std::string(field_words(p.done)));
    b.add("offset", offset_words(p.offset));
    b.add("cancelled by", cancellation_words(p, true));
    const std::string deciding = p.deciding && p.deciding->where ? "a sitting where " + p.deciding->where->text() : "any sitting that decides";
    if (p.done == policy::conference_field::decided) b.add("decided at", deciding);
    b.say(fmt::format("{} by {} the conference", field_words(p.done), offset_words(p.offset)));
    if (p.deciding && p.deciding->where) b.say("decided at " + deciding);
    if (p.cancelled_by) b.say("cancelled by " + cancellation_words(p, true));
}

void describe_params(builder& b, const policy::item_deadline_params& p, const policy::compiled_policy&) {
    b.add("done", std::string(field_words(p.field)));
    b.add("offset", offset_words(p.offset));
    if (p.where) b.add("which", p.where->text());
    b.say(fmt::format("each {}{} by {} the conference", field_words(p.field), p.where ? " where " + p.where->text() : std::string(),
                      offset_words(p.offset)));
}

void describe_params(builder& b, const policy::recurring_params& p, const policy::compiled_policy&) {
    b.add("series", series_words(p.series));
    b.add("start", selector_words(p.start, false) + " deciding a plan");
    b.add("first", p.first ? due_words(*p.first) : "not set");
    b.add("every", p.every ? offset_words(*p.every) + " the previous one" : "not set");
    if (p.every) b.add("chain from", p.chain_from_start ? "the start of the plan" : "the first occurrence");
    const std::string one = event_noun(p.series.type) + where_words(p.series);
    std::string s;
    if (p.first) s = fmt::format("the first {} by {}", one, due_words(*p.first));
    if (p.every) {
        s += p.first ? fmt::format(", then each by {} the previous one", offset_words(*p.every))
                     : fmt::format("each {} by {} the previous one", one, offset_words(*p.every));
        if (p.chain_from_start) s += ", the first of these counted from the start of the plan";
    }
    b.say(s);
    b.say("for plans started by " + selector_words(p.start, false));
    switch (p.waivable) {
        case policy::waiver::none: b.add("waivable", "no"); break;
        case policy::waiver::occurrence:
            b.add("waivable", "yes: a late occurrence with a recorded exceptional reason is waived");
            b.say("a late one with a recorded exceptional reason is waived");
            break;
        case policy::waiver::start:
            b.add("waivable", "by the start: a late or overdue first occurrence is waived when the start conference set a later "
                              "date (next_review_date) not yet passed and recorded an exceptional reason");
            b.say("the first, late or overdue, is waived by a later date the start conference set with an exceptional reason");
            break;
    }
    b.add("suspended when", p.suspended_when ? p.suspended_when->text() : "never");
    if (p.suspended_when) b.say("none owed while " + p.suspended_when->text());
    b.add("resume after", p.resume_after ? fmt::format("{} the suspension's last day, unless one is held while it lasts", offset_words(*p.resume_after)) : "never");
    if (p.resume_after)
        b.say(fmt::format("one that falls due then, unless one is held before it ends, is due {} its last day", offset_words(*p.resume_after)));
}

void describe_params(builder& b, const policy::quorum_params& p, const policy::compiled_policy&) {
    b.add_set("required", agency_items(p.required), "{} now required", "{} no longer required");
    const std::string others = p.others_with_contact > 0
                                   ? fmt::format("{} other agenc{} with direct contact with each child", p.others_with_contact,
                                                 p.others_with_contact == 1 ? "y" : "ies")
                                   : "none";
    b.add("others with contact", others);
    b.add("excuse without contact", yes_no(p.excuse_without_contact, "a required agency with no contact with the children may be missing, with a recorded reason"));
    b.add("excuse others without contact", yes_no(p.excuse_others_without_contact, "a child known to fewer other agencies needs only those, with a recorded reason"));
    b.add_set("not expected", agency_items(p.not_expected), "{} now not expected", "{} now expected");
    b.add("excuse one absent with report",
          p.excuse_one_absent_with_report == facts::recommendation::none
              ? std::string("no")
              : fmt::format("yes: short of one agency only, absent, whose report recommends {}, with a recorded reason",
                            facts::recommendation_names[static_cast<std::size_t>(p.excuse_one_absent_with_report)]));
    b.add("waivable", yes_no(p.waivable, "may proceed inquorate with a recorded exceptional reason"));
    b.add("waivable when", p.waivable_when ? fmt::format("{} (for every child), with a recorded exceptional reason", p.waivable_when->text()) : "never");
    b.add("consequence", p.consequence.empty() ? "not stated" : fmt::format("\"{}\"", p.consequence));
    std::string s;
    if (p.required) s = join_and(agency_items(p.required)) + " present";
    if (p.others_with_contact > 0) s += (s.empty() ? "" : ", plus ") + others;
    b.say(s);
    if (p.excuse_without_contact) b.say("a required agency with no contact with the children may be missing, with a recorded reason");
    if (p.excuse_others_without_contact) b.say("a child known to fewer other agencies needs only those, with a recorded reason");
    if (p.not_expected) b.say(fmt::format("{} not expected to attend: if absent, the exception does not ask for them", join_and(agency_items(p.not_expected))));
    if (p.excuse_one_absent_with_report != facts::recommendation::none)
        b.say(fmt::format("short of one absent agency whose report recommends {}, with a recorded reason",
                          facts::recommendation_names[static_cast<std::size_t>(p.excuse_one_absent_with_report)]));
    if (p.waivable) b.say("exception with a recorded reason");
    if (p.waivable_when) b.say(fmt::format("may proceed inquorate where {} for every child, with a recorded reason", p.waivable_when->text()));
    if (!p.consequence.empty()) b.say(fmt::format("otherwise: \"{}\"", p.consequence));
}

void describe_params(builder& b, const policy::decision_params& p, const policy::compiled_policy&) {
    using m = policy::decision_params::method;
    using v = policy::decision_params::one_voice;
    const std::string voice = p.one_voice_per == v::line_manager ? "line manager" : p.one_voice_per == v::agency ? "agency" : "attendee";
    b.add("method", p.how == m::majority ? "majority of eligible recommendations" : "consensus, else the chair decides");
    b.add_set("voters", kind_items(p.voters), "{} now vote", "{} no longer vote");
    b.add("one voice per", voice);
    b.add("casting vote", p.how == m::majority ? (p.casting_vote ? "the chair's, on a tie" : "none") : "not applicable");
    b.add("chair needs reasons", p.how == m::consensus_or_chair ? (p.chair_needs_reasons ? "yes" : "no") : "not applicable");
    if (p.how == m::majority) {
        b.say(fmt::format("decided by the majority of recommendations of {} attendees, one voice per {}", join_or(kind_items(p.voters)), voice));
        b.say(p.casting_vote ? "the chair's casting vote on a tie" : "no casting vote");
    } else {
        b.say(p.chair_needs_reasons ? "decided by consensus, else by the chair with reasons recorded" : "decided by consensus, else by the chair");
        b.say("a vote breaches it");
    }
}

void describe_params(builder& b, const policy::categories_params& p, const policy::compiled_policy&) {
    const std::string number = p.min == p.max ? fmt::format("exactly {}", p.min)
                               : p.min == 0   ? fmt::format("at most {}", p.max)
                               : p.max == 4   ? fmt::format("at least {}", p.min)
                                              : fmt::format("{} to {}", p.min, p.max);
    b.add("number", number);
    b.add("more with reason", yes_no(p.more_with_reason, "more with a recorded exceptional reason"));
    b.add("transfer in makes plan", yes_no(p.transfer_in_makes_plan, "a transfer-in conference continuing the plan records its categories too"));
    b.add_set("never alone", category_items(p.never_alone), "{} now never alone", "{} now allowed alone");
    const std::string avoid = p.avoid ? fmt::format("{} when {}", join_and(category_items(p.avoid)), p.avoid_when ? p.avoid_when->text() : "?") : "none";
    b.add("avoid", avoid);
    b.say(number + " categor" + ((p.min == 0 || p.min == p.max ? p.max : p.min) == 1 ? "y" : "ies"));
    if (p.more_with_reason) b.say("more with a recorded exceptional reason");
    if (p.transfer_in_makes_plan) b.say("a transfer-in conference continuing the plan records its categories too");
    if (p.never_alone) b.say("never alone: " + join_and(category_items(p.never_alone)));
    if (p.avoid) b.say("avoid " + avoid);
}

void describe_params(builder& b, const policy::exclusion_params& p, const policy::compiled_policy&) {
    // Ground ids are the policy's own words for its grounds (`grounds:` gives the document's).
    aspect& a = b.add("grounds", p.grounds.empty() ? "any" : join_or(p.grounds));
    a.items = p.grounds;
    a.is_set = true;
    a.added = "ground {} now allowed";
    a.removed = "ground {} no longer allowed";
    b.add("evidence", p.evidence_required ? "required" : "not required");
    b.add_set("decided by", p.decided_by, "{} may now decide", "{} may no longer decide", "anyone");
    b.add("reason recorded", p.reason_recorded ? "required" : "not required");
    b.say(p.grounds.empty() ? "any grounds" : "grounds: " + join_or(p.grounds));
    if (p.evidence_required) b.say("evidence required");
    if (!p.decided_by.empty()) b.say("decided by " + join_or(p.decided_by));
    if (p.reason_recorded) b.say("the reason recorded");
}

void describe_params(builder& b, const policy::plan_end_params& p, const policy::compiled_policy&) {
    using need = policy::plan_end_params::first_review_need;
    b.add("first review needs reasons", p.first_review == need::exceptional_reason ? "an exceptional reason" : p.first_review == need::reasons ? "yes" : "no");
    b.add("requires quorate", p.requires_quorate ? (p.strict_quorum ? "yes, an excused conference does not count" : "yes") : "no");
    if (p.first_review == need::reasons) b.say("a plan ended at the first review needs recorded reasons (or an exceptional reason, which waives it)");
    if (p.first_review == need::exceptional_reason) b.say("a plan ended at the first review needs an exceptional reason, which waives it");
    b.add("first review excused when", p.first_review_excused_when ? p.first_review_excused_when->text() : "never");
    if (p.first_review_excused_when) b.say("except for a child for whom " + p.first_review_excused_when->text() + " on the day of the review");
    if (p.requires_quorate)
        b.say(p.strict_quorum ? "a plan ends only at a quorate conference (not one excused by an exception)"
                              : "a plan ends only at a quorate conference");
}

void describe_params(builder& b, const policy::attendance_params& p, const policy::compiled_policy&) {
    b.add_set("kinds", kind_items(p.kinds), "{} now counts", "{} no longer counts");
    b.add_set("agencies", agency_items(p.agencies), "{} now counts", "{} no longer counts");
    std::vector<std::string> who = kind_items(p.kinds);
    for (auto& a : agency_items(p.agencies)) who.push_back(a + " professional");
    b.say("present at each conference: " + join_or(who));
}

void describe_params(builder& b, const policy::reports_required_params& p, const policy::compiled_policy&) {
    static constexpr std::string_view whose[] = {"every agency in contact with the children", "every agency attending",
                                                 "every agency that sent apologies"};
    b.add("from", std::string(whose[static_cast<std::size_t>(p.from)]));
    b.add_set("except", agency_items(p.except), "{} now left out", "{} no longer left out");
    const bool by_author = p.by == policy::reports_required_params::match::author;
    b.add("match", by_author ? "author" : "agency");
    const std::string due = p.offset ? offset_words(*p.offset) + " the conference" : "by the conference";
    b.add("due", due);
    b.say(fmt::format("a report from {}{}{}{}", whose[static_cast<std::size_t>(p.from)],
                      p.except ? " except " + join_and(agency_items(p.except)) : std::string(),
                      by_author ? ", one for each of its professionals, by author (a report with no author counts for its agency)" : "",
                      p.offset ? ", due " + due : ""));
}

void describe_params(builder& b, const policy::check_params& p, const policy::compiled_policy&) {
    using subject = policy::check_params::subject;
    std::string on;
    switch (p.on) {
        case subject::event: on = event_noun(p.events.type, true) + where_words(p.events); break;
        case subject::report: on = "reports to each conference" + where_words(p.events); break;
        case subject::exclusion: on = "exclusions from each conference" + where_words(p.events); break;
    }
    if (p.per_child) on += ", for each child";
    b.add("on", on);
    b.add("require", p.require ? p.require->text() : "?");
    b.say(fmt::format("{} must satisfy {}", on, p.require ? p.require->text() : "?"));
    if (!p.failure.empty()) b.say("if not: " + p.failure);
    b.add("waivable", yes_no(p.waivable, "a breach is waived where the conference records an exceptional reason"));
    if (p.waivable) b.say("waived where the conference records an exceptional reason");
}

}  // namespace

std::string rule_description::group_words(std::string_view group) const {
    for (const auto& [name, words] : groups)
        if (name == group) return words;
    return {};
}

std::string event_noun(facts::event_type t, bool plural) {
    using e = facts::event_type;
    switch (t) {
        case e::strategy_discussion: return plural ? "strategy discussions" : "strategy discussion";
        case e::section47_started: return plural ? "Section 47 enquiry starts" : "Section 47 enquiry start";
        case e::section47_outcome: return plural ? "Section 47 outcomes" : "Section 47 outcome";
        case e::decision_to_convene: return plural ? "decisions to convene" : "decision to convene";
        case e::conference_requested: return plural ? "conference requests" : "conference request";
        case e::transfer_in_notified: return plural ? "transfer-in notifications" : "transfer-in notification";
        case e::emergency_protection_order: return plural ? "emergency protection orders" : "emergency protection order";
        case e::conference: return plural ? "conferences" : "conference";
        case e::core_group: return plural ? "core groups" : "core group";
        case e::birth: return plural ? "births" : "birth";
        case e::birth_response_plan: return plural ? "birth response plans" : "birth response plan";
        case e::visit: return plural ? "visits" : "visit";
        case e::head_of_service_advice: return plural ? "pieces of head of service advice" : "head of service advice";
        case e::legal_advice: return plural ? "pieces of legal advice" : "legal advice";
        case e::plan_ended: return plural ? "plan endings" : "plan ending";
        case e::complaint: return plural ? "complaints" : "complaint";
    }
    return "event";
}

std::string agency_words(facts::agency_set agencies) { return join_and(agency_items(agencies)); }

std::string offset_words(calendar::offset o) { return calendar::describe(o); }

std::string selector_words(const policy::selector& s, bool pick) {
    const std::string noun = event_noun(s.type) + where_words(s);
    if (!pick) {
        const char first = noun.empty() ? 'x' : noun.front();
        return (std::string_view("aeiouAEIOU").find(first) != std::string_view::npos ? "an " : "a ") + noun;
    }
    switch (s.select) {
        case policy::selector::pick::first: return "the first " + noun;
        case policy::selector::pick::last: return "the last " + noun;
        case policy::selector::pick::each: return "each " + noun;
        case policy::selector::pick::first_of_episode: return "the first " + noun + " of each episode";
        case policy::selector::pick::last_of_episode: return "the last " + noun + " of each episode";
    }
    return noun;
}

std::string anchor_origin_words(const policy::anchor& a) {
    switch (a.from) {
        case policy::anchor::origin::start: return "the start of the plan";
        case policy::anchor::origin::child_date:
            return a.field == policy::anchor::child_date::date_of_birth ? "the child's date of birth" : "the expected date of delivery";
        case policy::anchor::origin::event:
            return a.expires ? "the expiry of " + selector_words(a.events) : selector_words(a.events);
    }
    return {};
}

std::string anchor_words(const policy::anchor& a) { return offset_words(a.offset) + " " + anchor_origin_words(a); }

std::string due_words(const policy::due_rule& d) {
    if (d.candidates.size() == 1) return anchor_words(d.candidates.front());
    std::string out = "the earliest of: ";
    for (std::size_t i = 0; i < d.candidates.size(); ++i) out += (i ? "; " : "") + anchor_words(d.candidates[i]);
    return out;
}

std::string_view field_words(policy::conference_field f) {
    switch (f) {
        case policy::conference_field::decision_circulated: return "decision circulated";
        case policy::conference_field::outline_plan_circulated: return "outline plan circulated";
        case policy::conference_field::minutes_circulated: return "minutes circulated";
        case policy::conference_field::decision_letter_to_parents: return "decision letter sent to the parents";
        case policy::conference_field::reconvened: return "reconvened (a later conference that reconvenes it)";
        case policy::conference_field::decided: return "decided (at a later sitting of the same conference that does not defer or adjourn again)";
    }
    return {};
}

std::string_view field_words(policy::item_field f) {
    switch (f) {
        case policy::item_field::report_to_chair: return "report to the chair";
        case policy::item_field::report_to_parents: return "report shared with the parents";
        case policy::item_field::exclusion_notice: return "written notice of an exclusion";
        case policy::item_field::exclusion_request: return "request for an exclusion";
    }
    return {};
}

rule_description describe(const policy::rule& r, const policy::compiled_policy& p) {
    builder b;
    b.add("severity", r.severity == policy::severity::violation ? "violation" : "advice");
    b.add("applies when", r.applies_when ? r.applies_when->text() : "always");
    std::visit([&](const auto& params) { describe_params(b, params, p); }, r.params);
    if (r.applies_when) b.say("only when " + r.applies_when->text());
    for (const auto& s : b.sentence) b.out.text += (b.out.text.empty() ? "" : "; ") + s;
    return std::move(b.out);
}

std::string rule_label(const policy::rule& r) { return r.variant.empty() ? r.id : fmt::format("{} ({})", r.id, r.variant); }

std::string_view rule_area(std::string_view id) { return id.substr(0, id.find('.')); }

int canonical_rank(std::string_view id) {
    auto it = std::find(canonical_order.begin(), canonical_order.end(), id);
    return it == canonical_order.end() ? static_cast<int>(canonical_order.size()) : static_cast<int>(it - canonical_order.begin());
}

}  // namespace cprules::report
