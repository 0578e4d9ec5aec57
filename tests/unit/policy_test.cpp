#include "policy/policy.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace cprules;

namespace {

const char* header = "id: t\ntitle: T\npartnership: P\nversion: '1'\nsources: [{file: a.txt, title: A}]\n";

std::vector<diagnostic> diagnose(const std::string& rules) {
    std::vector<diagnostic> d;
    policy::load_text(std::string(header) + rules, "draft.yaml", d);
    return d;
}

/// `rules:` with one rule of `kind` whose own keys are `body` (lines indented by four).
std::string one_rule(std::string_view id, std::string_view kind, std::string_view body) {
    return fmt::format("rules:\n  - id: {}\n    kind: {}\n    severity: violation\n    summary: s\n{}    source: {{ document: a.txt, section: S, quote: q }}\n",
                       id, kind, body);
}

/// The parameters of the one rule in `rules`, which must load without a diagnostic.
template <class Params>
Params params_of(const std::string& rules) {
    std::vector<diagnostic> d;
    auto p = policy::load_text(std::string(header) + rules, "ok.yaml", d);
    REQUIRE(p);
    CHECK(d.empty());
    return std::get<Params>(p->rules.at(0).params);
}

}  // namespace

TEST_CASE("a valid policy compiles with its rules, conditions and calendar", "[policy]") {
    std::vector<diagnostic> d;
    auto p = policy::load_text(std::string(header) + R"(rules:
  - id: icpc.timescale
    kind: deadline
    severity: violation
    summary: s
    due: { from: { event: strategy_discussion, select: last }, offset: +15wd }
    done: { event: conference, where: "event.kind == 'initial'" }
    source: { document: a.txt, section: S, quote: q }
)", "ok.yaml", d);
    REQUIRE(p);
    CHECK(d.empty());
    REQUIRE(p->rules.size() == 1);
    const auto& params = std::get<policy::deadline_params>(p->rules[0].params);
    CHECK(params.due.candidates[0].offset == calendar::offset{15, calendar::unit::working_days});
    CHECK(params.due.candidates[0].events.select == policy::selector::pick::last);
    CHECK(params.done.where->text() == "event.kind == 'initial'");
    CHECK(p->calendar->name() == "england-and-wales");
    CHECK(p->rules[0].location.line == 7);
}

TEST_CASE("every problem is reported, with file:line:column", "[policy]") {
    auto d = diagnose(R"(rules:
  - id: icpc.timescale
    kind: deadline
    severty: violation
    summary: s
    due: { from: { event: strategy_discusion }, offset: 15 }
    done: { event: conference, where: "event.knd == 'initial'" }
    source: { document: a.txt, section: S, quote: q }
  - id: icpc.timescale
    kind: quorum
    severity: violation
    summary: s
    required: [police]
    source: { document: b.txt, section: S, quote: q }
)");
    std::vector<std::string> lines;
    for (const auto& x : d) lines.push_back(to_string(x));
    REQUIRE(lines.size() == 8);
    CHECK(lines[0] == "draft.yaml:7:5: error[policy.missing_key]: a rule needs `severity` (violation or advice)");
    CHECK(lines[1] == "draft.yaml:9:5: error[policy.unknown_key]: unknown key 'severty' in a rule of kind deadline; did you mean 'severity'?");
    CHECK(lines[2] == "draft.yaml:11:27: error[policy.bad_value]: 'strategy_discusion' is not a valid `event`; did you mean 'strategy_discussion'?");
    CHECK(lines[3] == "draft.yaml:11:57: error[policy.bad_offset]: `offset`: '15' is not an offset: the unit is missing (use wd, d, w, m or h)");
    CHECK(lines[4] == "draft.yaml:12:40: error[policy.unknown_field]: in `where`: unknown field 'event.knd'; did you mean 'event.kind'?");
    CHECK(lines[5] == "draft.yaml:14:9: error[policy.duplicate_id]: rule id 'icpc.timescale' is used twice (give each a distinct `variant`)");
    CHECK(lines[6] == "draft.yaml:15:11: error[policy.canonical_kind]: 'icpc.timescale' is a canonical id (contract section 3) encoded by a deadline rule, not quorum");
    CHECK(lines[7] == "draft.yaml:19:25: error[policy.unknown_source]: `document` 'b.txt' is not one of the policy's `sources`");
}

TEST_CASE("a missing or malformed key is one error at its place, with nothing at 0:0 beside it", "[policy]") {
    const auto lines_of = [](const std::vector<diagnostic>& d) {
        std::vector<std::string> lines;
        for (const auto& x : d) lines.push_back(to_string(x));
        return lines;
    };
    // A check without `each`: once yaml-cpp threw on the missing node, adding a shapeless error at 0:0.
    CHECK(lines_of(diagnose(one_rule("area.no_each", "check", "    require: \"event.kind == 'initial'\"\n"))) ==
          std::vector<std::string>{"draft.yaml:7:5: error[policy.missing_key]: a check rule needs `each`"});
    // A list where one word belongs is a bad type, not also a bad word.
    CHECK(lines_of(diagnose("rules:\n  - id: quorum\n    kind: quorum\n    severity: [violation]\n    summary: s\n    required: [police]\n"
                            "    source: { document: a.txt, section: S, quote: q }\n")) ==
          std::vector<std::string>{"draft.yaml:9:15: error[policy.bad_type]: `severity` must be a single value"});
    // An empty word is an error, not the default.
    CHECK(lines_of(diagnose("rules:\n  - id: quorum\n    kind: quorum\n    severity: ''\n    summary: s\n    required: [police]\n"
                            "    source: { document: a.txt, section: S, quote: q }\n")) ==
          std::vector<std::string>{"draft.yaml:9:15: error[policy.bad_value]: `severity` is empty (one of: violation, advice)"});
}

TEST_CASE("a recurring rule's chain runs from its start only when it has no first due date", "[policy]") {
    const auto d = diagnose(one_rule("visits.frequency", "recurring",
                                     "    start: { event: conference }\n    series: { event: visit }\n    first: { offset: +10wd }\n"
                                     "    every: +4w\n    chain_from: start\n"));
    REQUIRE(d.size() == 1);
    CHECK(to_string(d[0]) == "draft.yaml:15:17: error[policy.bad_key]: `chain_from: start` does not combine with `first`: after `first`, "
                             "`every` runs from the occurrence that met it");
    CHECK(params_of<policy::recurring_params>(one_rule("visits.frequency", "recurring",
                                                       "    start: { event: conference }\n    series: { event: visit }\n    every: +4w\n    chain_from: start\n"))
              .chain_from_start);
}

TEST_CASE("a policy names at least one source document", "[policy]") {
    std::vector<diagnostic> d;
    policy::load_text("id: t\ntitle: T\npartnership: P\nversion: '1'\nsources: []\nrules:\n  - id: quorum\n    kind: quorum\n"
                      "    severity: violation\n    summary: s\n    required: [police]\n    source: { document: nowhere.txt, section: S, quote: q }\n",
                      "draft.yaml", d);
    REQUIRE(d.size() == 1);
    CHECK(to_string(d[0]) == "draft.yaml:5:10: error[policy.missing_key]: `sources` is empty: name the procedure documents the policy encodes");
}

TEST_CASE("a source must name one of the policy's documents", "[policy]") {
    auto d = diagnose(R"(rules:
  - id: quorum
    kind: quorum
    severity: violation
    summary: s
    required: [police]
    source: { document: b.txt, section: S, quote: q }
)");
    REQUIRE(d.size() == 1);
    CHECK(d[0].code == "policy.unknown_source");
    CHECK(d[0].location.line == 12);
}

TEST_CASE("extends replaces rules by id and removes named ones", "[policy]") {
    std::vector<diagnostic> d;
    auto p = policy::load_text(R"(extends: ../tests/fixtures/engine/policy.yaml
id: engine-fixture-draft
version: "2"
remove: [participation.child_attends]
rules:
  - id: quorum
    kind: quorum
    severity: violation
    summary: now police are not required
    required: [social_care]
    others_with_contact: 2
    source: { document: fixture.txt, section: Quorum, quote: "quorate" }
)", std::string(CPRULES_TEST_SOURCE_DIR) + "/policies/draft.yaml", d);
    INFO((d.empty() ? std::string() : to_string(d.front())));
    REQUIRE(p);
    CHECK(p->id == "engine-fixture-draft");
    CHECK(p->title == "Engine fixture");
    CHECK(p->find("participation.child_attends") == nullptr);
    const auto* q = p->find("quorum");
    REQUIRE(q);
    CHECK(std::get<policy::quorum_params>(q->params).others_with_contact == 2);
    CHECK(p->rules.size() == 22);  // the fixture's 23 less the one removed
}

TEST_CASE("loading an unknown bundled name suggests the closest", "[policy]") {
    std::vector<diagnostic> d;
    CHECK_FALSE(policy::load("yrok", d));
    REQUIRE(d.size() == 1);
    CHECK(d[0].code == "policy.not_found");
}

TEST_CASE("check rules: fields out of scope are load errors, with their position", "[policy]") {
    auto d = diagnose(R"yaml(rules:
  - id: area.child_without_per_child
    kind: check
    severity: advice
    summary: s
    each: { event: conference }
    require: "child.age_years < 10"
    source: { document: a.txt, section: S, quote: q }
  - id: area.item_field_on_events
    kind: check
    severity: advice
    summary: s
    each: { event: conference }
    require: "exclusion.scope == 'part'"
    source: { document: a.txt, section: S, quote: q }
  - id: area.report_field_on_exclusions
    kind: check
    severity: advice
    summary: s
    each: { item: exclusion, where: "report.agency == 'health'" }
    per_child: true
    require: "has(exclusion.requested_on)"
    source: { document: a.txt, section: S, quote: q }
  - id: area.missing
    kind: check
    severity: advice
    summary: s
    each: { item: letter }
    source: { document: a.txt, section: S, quote: q }
  - id: review.first
    kind: recurring
    severity: violation
    summary: s
    start: { event: conference }
    series: { event: conference }
    first: { from: start, offset: +3m }
    suspended_when: "child.looked_after and report.agency == 'health'"
    source: { document: a.txt, section: S, quote: q }
)yaml");
    std::vector<std::string> lines;
    for (const auto& x : d) lines.push_back(to_string(x));
    CHECK(lines == std::vector<std::string>{
        "draft.yaml:12:14: error[policy.child_field]: a check uses child fields only with `per_child: true`",
        "draft.yaml:19:14: error[policy.bad_value]: `require` cannot use exclusion.* fields: they have a value only in a rule about "
        "exclusions (an item_deadline's `where`, or a check's `each: {item: exclusion}`)",
        "draft.yaml:25:37: error[policy.bad_value]: `where` cannot use report.* fields: they have a value only in a rule about reports "
        "(an item_deadline's `where`, or a check's `each: {item: report}`)",
        "draft.yaml:26:16: error[policy.bad_value]: a check on reports or exclusions is about the conference, not one child",
        "draft.yaml:29:5: error[policy.missing_key]: a check rule needs `require`",
        "draft.yaml:33:19: error[policy.bad_value]: 'letter' is not a valid `item` (one of: report, exclusion)",
        "draft.yaml:42:21: error[policy.bad_value]: `suspended_when` cannot use report.* fields: they have a value only in a rule "
        "about reports (an item_deadline's `where`, or a check's `each: {item: report}`)",
    });
}

TEST_CASE("a recurring rule is waivable by the occurrence (true) or by the start (start), and nothing else", "[policy]") {
    auto recurring = [](std::string_view waivable) {
        return one_rule("review.first", "recurring", fmt::format(R"(    start: {{ event: conference }}
    series: {{ event: conference }}
    first: {{ from: start, offset: +3m }}
    waivable: {}
)", waivable));
    };
    for (auto [text, expected] : {std::pair{"true", policy::waiver::occurrence}, std::pair{"start", policy::waiver::start},
                                  std::pair{"false", policy::waiver::none}}) {
        INFO(text);
        CHECK(params_of<policy::recurring_params>(recurring(text)).waivable == expected);
    }
    const auto d = diagnose(recurring("later"));
    REQUIRE(d.size() == 1);
    CHECK(to_string(d[0]) == "draft.yaml:14:15: error[policy.bad_value]: `waivable` of a recurring rule must be true, false or start, not 'later'");
}

TEST_CASE("a recurring rule's resume_after is a forward offset and needs suspended_when", "[policy]") {
    const std::string series = "    start: { event: conference }\n    series: { event: conference }\n    first: { from: start, offset: +3m }\n";
    const std::string suspended = "    suspended_when: \"child.looked_after\"\n";
    const auto p = params_of<policy::recurring_params>(one_rule("review.first", "recurring", series + suspended + "    resume_after: +6m\n"));
    REQUIRE(p.resume_after);
    CHECK(*p.resume_after == calendar::offset{6, calendar::unit::months});
    // Whether the condition changes from day to day only with the looked-after spell.
    CHECK(p.suspended_by_spell);
    auto by_spell = [&](std::string_view condition) {
        return params_of<policy::recurring_params>(
                   one_rule("review.first", "recurring", series + fmt::format("    suspended_when: \"{}\"\n", condition)))
            .suspended_by_spell;
    };
    CHECK(by_spell("not child.looked_after or conference.kind == 'review' or child.exploitation_suspected"));
    CHECK_FALSE(by_spell("child.looked_after and child.age_years >= 12"));
    CHECK_FALSE(by_spell("child.looked_after or child.has_plan"));
    CHECK_FALSE(by_spell("child.looked_after and event.quorate"));
    CHECK_FALSE(params_of<policy::recurring_params>(one_rule("review.first", "recurring", series + suspended)).resume_after);
    const auto alone = diagnose(one_rule("review.first", "recurring", series + "    resume_after: +6m\n"));
    REQUIRE(alone.size() == 1);
    CHECK(to_string(alone[0]) == "draft.yaml:14:19: error[policy.bad_key]: `resume_after` needs `suspended_when`: it says when a suspended series is owed again");
    for (const char* bad : {"-6m", "+48h"}) {
        INFO(bad);
        const auto d = diagnose(one_rule("review.first", "recurring", series + suspended + "    resume_after: " + bad + "\n"));
        REQUIRE(d.size() == 1);
        CHECK(to_string(d[0]) == "draft.yaml:15:19: error[policy.bad_value]: `resume_after` counts forward in days, working days, weeks or months "
                                 "from the suspension's last day");
    }
}

TEST_CASE("counting: inclusive marks every day offset of the rule; months and hours are load errors", "[policy]") {
    const auto deadline = params_of<policy::deadline_params>(one_rule("icpc.timescale", "deadline", R"(    due: { earliest_of: [{ from: { event: strategy_discussion }, offset: +15wd }, { from: { event: decision_to_convene }, offset: +3w }] }
    done: { event: conference }
    counting: inclusive
)"));
    REQUIRE(deadline.due.candidates.size() == 2);
    CHECK(deadline.due.candidates[0].offset.start_is_day_1);
    CHECK(deadline.due.candidates[1].offset.start_is_day_1);
    const auto visits = params_of<policy::recurring_params>(one_rule("visits.frequency", "recurring", R"(    start: { event: conference }
    series: { event: visit }
    first: { from: start, offset: +10wd }
    every: +10wd
)"));
    CHECK(!visits.every->start_is_day_1);  // exclusive is the default
    const auto item = params_of<policy::item_deadline_params>(one_rule("reports.to_chair", "item_deadline", R"(    offset: -2wd
    done: report.to_chair
    counting: exclusive
)"));
    CHECK(!item.offset.start_is_day_1);

    auto d = diagnose(one_rule("review.first", "recurring", R"(    start: { event: conference }
    series: { event: conference }
    first: { from: start, offset: +3m }
    counting: inclusive
)"));
    REQUIRE(d.size() == 1);
    CHECK(to_string(d[0]) == "draft.yaml:14:15: error[policy.bad_value]: `counting: inclusive` counts days (wd, d, w); +3m is in months, which go to the corresponding date");
    d = diagnose(one_rule("reports.to_chair", "item_deadline", R"(    offset: -48h
    done: report.to_chair
    counting: both
)"));
    REQUIRE(d.size() == 1);
    CHECK(d[0].code == "policy.bad_value");
    CHECK(d[0].location.line == 13);
}

TEST_CASE("select: each and the episode picks are for deadline anchors alone, and not with earliest_of", "[policy]") {
    auto deadline = [](std::string_view select) {
        return one_rule("icpc.timescale", "deadline", fmt::format(R"(    due: {{ from: {{ event: strategy_discussion, select: {} }}, offset: +15wd }}
    done: {{ event: conference }}
)", select));
    };
    for (auto [text, expected] : {std::pair{"first", policy::selector::pick::first}, std::pair{"last", policy::selector::pick::last},
                                  std::pair{"each", policy::selector::pick::each},
                                  std::pair{"first_of_episode", policy::selector::pick::first_of_episode},
                                  std::pair{"last_of_episode", policy::selector::pick::last_of_episode}}) {
        INFO(text);
        CHECK(params_of<policy::deadline_params>(deadline(text)).due.candidates.at(0).events.select == expected);
    }
    auto d = diagnose(deadline("latest"));
    REQUIRE(d.size() == 1);
    CHECK(to_string(d[0]) ==
          "draft.yaml:11:56: error[policy.bad_value]: `select` must be first, last, each, first_of_episode or last_of_episode, not 'latest'");
    d = diagnose(one_rule("review.first", "recurring", R"(    start: { event: conference }
    series: { event: conference }
    first: { from: { event: strategy_discussion, select: last_of_episode }, offset: +3m }
)"));
    REQUIRE(d.size() == 1);
    CHECK(to_string(d[0]) == "draft.yaml:13:58: error[policy.bad_value]: `select` must be first or last, not 'last_of_episode'");
    d = diagnose(one_rule("icpc.timescale", "deadline", R"(    due:
      earliest_of:
        - { from: { event: strategy_discussion, select: last_of_episode }, offset: +15wd }
        - { from: { event: section47_started }, offset: +20wd }
    done: { event: conference }
)"));
    REQUIRE(d.size() == 1);
    CHECK(to_string(d[0]) == "draft.yaml:12:7: error[policy.bad_value]: `select: last_of_episode` cannot be combined with `earliest_of`");
}

TEST_CASE("a policy reading event.quorate says so; its quorum rule cannot read it", "[policy]") {
    auto quorum = [](std::string_view applies_when) {
        return one_rule("quorum", "quorum", fmt::format("    applies_when: \"{}\"\n    required: [social_care]\n", applies_when));
    };
    std::vector<diagnostic> d;
    auto plain = policy::load_text(std::string(header) + quorum("conference.kind == 'initial'"), "ok.yaml", d);
    REQUIRE(plain);
    CHECK_FALSE(plain->reads_quorate);
    const std::string adjourn = R"y(  - id: quorum.adjourn
    kind: check
    severity: violation
    summary: s
    each: { event: conference, where: "has(event.decision)" }
    require: "conference.quorate or event.decision == 'adjourned'"
    source: { document: a.txt, section: S, quote: q }
)y";
    auto reading = policy::load_text(std::string(header) + quorum("conference.kind == 'initial'") + adjourn, "ok.yaml", d);
    REQUIRE(reading);
    CHECK(reading->reads_quorate);
    CHECK(d.empty());
    d = diagnose(quorum("not event.quorate"));
    REQUIRE(d.size() == 1);
    CHECK(to_string(d[0]) == "draft.yaml:11:19: error[policy.bad_value]: a quorum rule's `applies_when` cannot read event.quorate or "
                             "conference.quorate: they are the quorum rule's own answer");
}

TEST_CASE("reports_required matches by agency unless told author, which needs people to match", "[policy]") {
    auto reports = [](std::string_view from, std::string_view match) {
        return one_rule("reports.from_apologies", "reports_required", fmt::format("    from: {}\n{}", from, match));
    };
    using params = policy::reports_required_params;
    CHECK(params_of<params>(reports("absent", "")).by == params::match::agency);
    CHECK(params_of<params>(reports("absent", "    match: author\n")).by == params::match::author);
    CHECK(params_of<params>(reports("attending", "    match: agency\n")).by == params::match::agency);
    auto d = diagnose(reports("agencies_in_contact", "    match: author\n"));
    REQUIRE(d.size() == 1);
    CHECK(to_string(d[0]) == "draft.yaml:12:12: error[policy.bad_value]: `match: author` needs `from: attending` or `from: absent`: "
                             "agencies in contact name no one");
    d = diagnose(reports("absent", "    match: name\n"));
    REQUIRE(d.size() == 1);
    CHECK(d[0].code == "policy.bad_value");
}

TEST_CASE("conditions on one event's own fields get memo slots, shared by text and keyed by the event they read", "[policy]") {
    auto rule = [](std::string_view id, std::string_view kind, std::string_view body, std::string_view applies) {
        return fmt::format("  - id: {}\n    kind: {}\n    severity: violation\n    summary: s\n{}    applies_when: \"{}\"\n"
                           "    source: {{ document: a.txt, section: S, quote: q }}\n",
                           id, kind, body, applies);
    };
    const std::string circulated = "    done: decision_circulated\n    offset: +1d\n";
    const std::string rules = "rules:\n" +
                              rule("a.one", "conference_deadline", circulated, "conference.kind == 'review'") +
                              rule("a.two", "conference_deadline", circulated, "conference.kind == 'review'") +
                              rule("a.three", "conference_deadline", circulated, "event.kind == 'review'") +
                              rule("a.four", "conference_deadline", circulated, "event.kind == 'review' and conference.kind == 'initial'") +
                              rule("a.five", "deadline", "    due: { from: { event: strategy_discussion }, offset: +15wd }\n    done: { event: conference }\n",
                                   "not child.unborn") +
                              rule("a.six", "conference_deadline", circulated, "event.same_chair_as_previous") +
                              "  - id: a.seven\n    kind: deadline\n    severity: violation\n    summary: s\n"
                              "    due: { from: { event: strategy_discussion, where: \"not child.has_plan\" }, offset: +15wd }\n"
                              "    done: { event: conference, where: \"event.kind == 'review'\" }\n"
                              "    source: { document: a.txt, section: S, quote: q }\n";
    std::vector<diagnostic> d;
    auto p = policy::load_text(std::string(header) + rules, "ok.yaml", d);
    REQUIRE(p);
    CHECK(d.empty());
    const auto& r = p->rules;
    REQUIRE(r.size() == 7);
    CHECK(r[0].applies_memo >= 0);
    CHECK(r[0].memo_on_conference);
    CHECK(r[1].applies_memo == r[0].applies_memo);  // the same text: one slot
    CHECK(r[2].applies_memo >= 0);
    CHECK_FALSE(r[2].memo_on_conference);  // event.*: keyed by the event, not the conference
    CHECK(r[2].applies_memo != r[0].applies_memo);
    CHECK(r[3].applies_memo == -1);  // two events' fields
    CHECK(r[4].applies_memo == -1);  // a child's
    CHECK(r[5].applies_memo == -1);  // derived from other events
    const auto& seven = std::get<policy::deadline_params>(r[6].params);
    CHECK(seven.due.candidates[0].events.memo == -1);
    CHECK(seven.done.memo == r[2].applies_memo);  // a selector's `where` shares the slot of its text
    CHECK(p->memo_count == 2);
}

TEST_CASE("a deadline's cancel_until is done or due, and needs cancelled_by", "[policy]") {
    const std::string deadline = "    due: { from: { event: transfer_in_notified }, offset: +15wd }\n    done: { event: conference }\n";
    CHECK_FALSE(params_of<policy::deadline_params>(one_rule("transfer_in.timescale", "deadline", deadline + "    cancelled_by: { event: plan_ended }\n"))
                    .cancel_until_due);
    CHECK_FALSE(params_of<policy::deadline_params>(
                    one_rule("transfer_in.timescale", "deadline", deadline + "    cancelled_by: { event: plan_ended }\n    cancel_until: done\n"))
                    .cancel_until_due);
    CHECK(params_of<policy::deadline_params>(
              one_rule("transfer_in.timescale", "deadline", deadline + "    cancelled_by: { event: plan_ended }\n    cancel_until: due\n"))
              .cancel_until_due);
    const auto alone = diagnose(one_rule("transfer_in.timescale", "deadline", deadline + "    cancel_until: due\n"));
    REQUIRE(alone.size() == 1);
    CHECK(to_string(alone[0]) == "draft.yaml:13:19: error[policy.bad_key]: `cancel_until` needs `cancelled_by`");
    const auto bad = diagnose(one_rule("transfer_in.timescale", "deadline", deadline + "    cancelled_by: { event: plan_ended }\n    cancel_until: anchor\n"));
    REQUIRE(bad.size() == 1);
    CHECK(to_string(bad[0]) == "draft.yaml:14:19: error[policy.bad_value]: 'anchor' is not a valid `cancel_until` (one of: done, due)");
}

TEST_CASE("a conference deadline takes cancelled_by and cancel_until as a deadline does", "[policy]") {
    const std::string reconvene = "    offset: +20wd\n    done: reconvened\n";
    const auto none = params_of<policy::conference_deadline_params>(one_rule("quorum.reconvene", "conference_deadline", reconvene));
    CHECK_FALSE(none.cancelled_by);
    const auto until_due = params_of<policy::conference_deadline_params>(one_rule(
        "quorum.reconvene", "conference_deadline",
        reconvene + "    cancelled_by: { event: plan_ended, where: \"event.reason == 'moved_area'\" }\n    cancel_until: due\n"));
    REQUIRE(until_due.cancelled_by);
    CHECK(until_due.cancelled_by->type == facts::event_type::plan_ended);
    CHECK(until_due.cancelled_by->where);
    CHECK(until_due.cancel_until_due);
    const auto alone = diagnose(one_rule("quorum.reconvene", "conference_deadline", reconvene + "    cancel_until: due\n"));
    REQUIRE(alone.size() == 1);
    CHECK(to_string(alone[0]) == "draft.yaml:13:19: error[policy.bad_key]: `cancel_until` needs `cancelled_by`");
}

TEST_CASE("restart_plan_at_initial is a policy's true or false, false by default, and taken from a policy it extends", "[policy]") {
    const std::string rule = one_rule("decision.circulated", "conference_deadline", "    offset: +1wd\n    done: decision_circulated\n");
    std::vector<diagnostic> d;
    const auto plain = policy::load_text(std::string(header) + rule, "plain.yaml", d);
    REQUIRE(plain);
    CHECK_FALSE(plain->restart_plan_at_initial);
    const auto restarting = policy::load_text(std::string(header) + "restart_plan_at_initial: true\n" + rule, "restart.yaml", d);
    REQUIRE(restarting);
    CHECK(restarting->restart_plan_at_initial);
    CHECK(d.empty());
    const auto bad = diagnose("restart_plan_at_initial: sometimes\n" + rule);
    REQUIRE(bad.size() == 1);
    CHECK(bad[0].code == "policy.bad_type");
    CHECK(bad[0].location.line == 6);
    // The engine fixture that extends the base fixture with the key, and the base without it.
    const auto extended = policy::load(std::string(CPRULES_TEST_SOURCE_DIR) + "/tests/fixtures/engine/restart.yaml", d);
    REQUIRE(extended);
    CHECK(extended->restart_plan_at_initial);
    const auto base = policy::load(std::string(CPRULES_TEST_SOURCE_DIR) + "/tests/fixtures/engine/policy.yaml", d);
    REQUIRE(base);
    CHECK_FALSE(base->restart_plan_at_initial);
    CHECK(extended->rules.size() == base->rules.size());
}

TEST_CASE("a reports_required rule's offset is before the conference, or none", "[policy]") {
    const auto p = params_of<cprules::policy::reports_required_params>(
        one_rule("reports.required", "reports_required", "    from: agencies_in_contact\n    offset: -2d\n"));
    REQUIRE(p.offset);
    CHECK(p.offset->amount == -2);
    CHECK(p.offset->unit == cprules::calendar::unit::days);
    CHECK_FALSE(params_of<cprules::policy::reports_required_params>(
                    one_rule("reports.required", "reports_required", "    from: agencies_in_contact\n"))
                    .offset);
    const auto d = diagnose(one_rule("reports.required", "reports_required", "    from: agencies_in_contact\n    offset: +2d\n"));
    REQUIRE(d.size() == 1);
    CHECK(to_string(d[0]) ==
          "draft.yaml:12:13: error[policy.bad_value]: reports are due before the conference: `offset` is +2d, after it (e.g. -2d)");
}
