#include "facts/facts.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <random>

using namespace cprules;

namespace {

struct loaded {
    bool ok;
    std::vector<diagnostic> errors;
};

loaded load(facts::loader& l, facts::case_facts& c, std::string_view json) {
    loaded r;
    r.ok = l.load_json(json, c, r.errors);
    return r;
}

/// One input error: its code and JSON pointer, and its message unless none is given.
void check_error(const diagnostic& d, std::string_view code, std::string_view pointer, std::string_view message = {}) {
    CAPTURE(d.code, d.pointer, d.message);
    CHECK(d.code == code);
    CHECK(d.pointer == pointer);
    if (!message.empty()) CHECK(d.message == message);
}

/// A case that does not load, for exactly one input error.
void check_one_error(const loaded& r, std::string_view code, std::string_view pointer, std::string_view message = {}) {
    CHECK_FALSE(r.ok);
    REQUIRE(r.errors.size() == 1);
    check_error(r.errors[0], code, pointer, message);
}

}  // namespace

TEST_CASE("a well-formed case loads into the model", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    auto r = load(l, c, R"({"case_id":"C1","partnership":"york","extra":{"kept":"ignored"},
      "children":[{"id":"A","date_of_birth":"2016-03-02","agencies_in_contact":["health","police"]},{"id":"B","expected_date_of_delivery":"2025-09-10"}],
      "events":[
        {"type":"conference","id":"icpc","kind":"initial","date":"2025-01-27T10:00","children":["A"],
         "attendees":[{"name":"SW","kind":"professional","agency":"social_care","direct_contact_with":["A"],"recommendation":"plan"}],
         "reports":[{"agency":"health","to_chair":"2025-01-22T16:00"}],
         "outcome":{"decision":"plan","decided_by":"vote","categories":["neglect","sexual"]}},
        {"type":"strategy_discussion","date":"2025-01-06","s47_initiated":true}]})");
    REQUIRE(r.ok);
    REQUIRE(r.errors.empty());
    CHECK(c.case_id == "C1");
    REQUIRE(c.children.size() == 2);
    CHECK(c.children[0].agencies_in_contact == (facts::bit(facts::agency::health) | facts::bit(facts::agency::police)));
    CHECK(c.children[1].expected_date_of_delivery == date::from_ymd(2025, 9, 10));
    REQUIRE(c.events.size() == 2);
    // Chronological order: the strategy discussion comes first; `index` keeps the input position.
    CHECK(c.events[0].type == facts::event_type::strategy_discussion);
    CHECK(c.events[0].index == 1);
    CHECK(c.events[0].children == 0b11);  // no `children`: all of them
    CHECK(c.events[0].s47_initiated == facts::tri::yes);
    const auto& conf = c.events[1];
    CHECK(conf.children == 0b01);
    CHECK(conf.when == date_time{*date::from_ymd(2025, 1, 27), 600});
    REQUIRE(c.attendees_of(conf).size() == 1);
    CHECK(c.attendees_of(conf)[0].direct_contact_with == 0b01);
    CHECK(c.reports_of(conf)[0].to_chair == date_time{*date::from_ymd(2025, 1, 22), 16 * 60});
    CHECK(conf.outcome.categories == (facts::bit(facts::category::neglect) | facts::bit(facts::category::sexual)));
    CHECK(c.conference("icpc") == &conf);
}

TEST_CASE("a field of another event type is unknown there: ignored, whatever its value", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    auto r = load(l, c, R"({"case_id":"C1","children":[{"id":"A"}],"events":[
        {"type":"visit","date":"2025-01-10","expires":"garbage","s47_initiated":"yes","from_authority":7,"conference_required":1},
        {"type":"core_group","date":"2025-01-11","seen_alone":true,"recommended_conference":true},
        {"type":"strategy_discussion","date":"2025-01-06","s47_initiated":true,"seen_alone":"no","expires":"2025-13-01"},
        {"type":"emergency_protection_order","date":"2025-01-07","expires":"2025-01-15","s47_initiated":true}]})");
    REQUIRE(r.errors.empty());
    REQUIRE(r.ok);
    REQUIRE(c.events.size() == 4);
    CHECK(c.events[0].type == facts::event_type::strategy_discussion);
    CHECK(c.events[0].s47_initiated == facts::tri::yes);  // its own field is read
    CHECK(c.events[0].seen_alone == facts::tri::unknown);
    CHECK(c.events[1].type == facts::event_type::emergency_protection_order);
    CHECK(c.events[1].expires == date::from_ymd(2025, 1, 15));
    CHECK(c.events[1].s47_initiated == facts::tri::unknown);
    CHECK(c.events[2].type == facts::event_type::visit);
    CHECK(!c.events[2].expires);
    CHECK(c.events[3].seen_alone == facts::tri::unknown);
    CHECK(c.events[3].recommended_conference == facts::tri::unknown);
}

TEST_CASE("null is not given; a required field that is null is missing", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    auto r = load(l, c, R"({"case_id":"C1","partnership":null,"children":[{"id":"A","date_of_birth":null,"agencies_in_contact":null}],
      "events":[{"type":"visit","date":"2025-01-10","seen_alone":null,"children":null},
        {"type":"conference","id":"icpc","kind":null,"date":"2025-01-27","attendees":null,"reports":[{"agency":"health","to_chair":null}],
         "exclusions":[{"person":"F","scope":null,"evidence":null}],"outcome":{"decision":"plan","next_review_date":null,"categories":null}}]})");
    REQUIRE(r.errors.empty());
    REQUIRE(r.ok);
    CHECK(!c.children[0].date_of_birth);
    CHECK(!c.children[0].agencies_in_contact_known);  // null: not known, not none
    CHECK(c.events[0].seen_alone == facts::tri::unknown);
    CHECK(c.events[0].children == 0b1);  // null children: all of them
    const auto& conf = c.events[1];
    CHECK(conf.kind == facts::conference_kind::none);  // a conference's kind may be left out
    CHECK(!c.reports_of(conf)[0].to_chair);
    CHECK(c.exclusions_of(conf)[0].scope.empty());
    CHECK(conf.outcome.decision == facts::decision::plan);
    CHECK(!conf.outcome.next_review_date);

    auto missing = load(l, c, R"({"case_id":null,"children":[{"id":null}],"events":[{"type":null,"date":"2025-01-10"},{"type":"visit","date":null},
      {"type":"conference","id":null,"date":"2025-01-27"}]})");
    REQUIRE(!missing.ok);
    std::vector<std::string> got;
    for (const auto& d : missing.errors) got.push_back(d.code + " " + d.pointer);
    CHECK(got == std::vector<std::string>{"facts.missing_field /case_id", "facts.missing_field /children/0/id", "facts.missing_field /events/0/type",
                                          "facts.missing_field /events/1/date", "facts.missing_field /events/2/id"});
}

TEST_CASE("an exclusion's scope is whole or part", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    auto r = load(l, c, R"({"case_id":"C1","children":[{"id":"A"}],"events":[{"type":"conference","id":"icpc","kind":"initial","date":"2025-01-27",
      "exclusions":[{"person":"F","scope":"part"},{"person":"M","scope":"half"}]}]})");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].code == "facts.unknown_value");
    CHECK(r.errors[0].pointer == "/events/0/exclusions/1/scope");
}

TEST_CASE("events are put in date order, keeping the input order of equal dates", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    auto indices = [&] {
        std::vector<std::uint32_t> out;
        for (const auto& e : c.events) out.push_back(e.index);
        return out;
    };
    // Already in order (the usual export): unchanged.
    REQUIRE(load(l, c, R"({"case_id":"C","children":[{"id":"A"}],"events":[
        {"type":"visit","date":"2025-01-01"},{"type":"core_group","date":"2025-01-01"},{"type":"visit","date":"2025-01-02"}]})").ok);
    CHECK(indices() == std::vector<std::uint32_t>{0, 1, 2});
    // Out of order: sorted, stable for the two events on 2025-01-01 (a bare date sorts before a time that day).
    REQUIRE(load(l, c, R"({"case_id":"C","children":[{"id":"A"}],"events":[
        {"type":"visit","date":"2025-01-03"},{"type":"visit","date":"2025-01-01"},{"type":"core_group","date":"2025-01-01"},
        {"type":"visit","date":"2025-01-01T09:00"}]})").ok);
    CHECK(indices() == std::vector<std::uint32_t>{1, 2, 3, 0});
}

TEST_CASE("date order is stable however shuffled the events are", "[facts]") {
    // Nearly in order (sorted in place) and badly shuffled (handed to std::stable_sort): the same rule.
    facts::loader l;
    facts::case_facts c;
    std::mt19937 rng(7);
    for (const int swaps : {1, 3, 10, 1000}) {
        std::vector<int> days(300);
        for (std::size_t i = 0; i < days.size(); ++i) days[i] = static_cast<int>(i / 4);  // four events a day
        for (int k = 0; k < swaps; ++k) std::swap(days[rng() % days.size()], days[rng() % days.size()]);
        std::string json = R"({"case_id":"C","children":[{"id":"A"}],"events":[)";
        for (std::size_t i = 0; i < days.size(); ++i)
            json += (i ? "," : "") + std::string(R"({"type":"visit","date":")") + to_string(*date::from_ymd(2025, 1, 1) + days[i]) + "\"}";
        json += "]}";
        REQUIRE(load(l, c, json).ok);
        std::vector<std::uint32_t> expected(days.size()), got;
        std::iota(expected.begin(), expected.end(), 0u);
        std::stable_sort(expected.begin(), expected.end(), [&](std::uint32_t a, std::uint32_t b) { return days[a] < days[b]; });
        for (const auto& e : c.events) got.push_back(e.index);
        CHECK(got == expected);
    }
}

TEST_CASE("input errors name the JSON pointer and the reason, all of them", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    auto r = load(l, c, R"({"case_id":"C2","children":[{"id":"A"}],"events":[
        {"type":"strategy_discussion","date":"2025-02-30"},
        {"type":"conference","id":"x","kind":"initail","date":"2025-01-01","children":["Z"]},
        {"type":"core_group"},
        {"type":"conference","id":"y","kind":"review","date":"2025-03-01","reconvenes":"nope"}]})");
    CHECK_FALSE(r.ok);
    REQUIRE(r.errors.size() == 5);
    check_error(r.errors[0], "facts.bad_date", "/events/0/date", "'2025-02-30' is not a date-time: February 2025 has 28 days");
    check_error(r.errors[1], "facts.unknown_value", "/events/1/kind",
                "'initail' is not a conference kind (one of: initial, review, transfer_in, pre_birth)");
    check_error(r.errors[2], "facts.unknown_child", "/events/1/children/0", "no child with id 'Z' in this case");
    check_error(r.errors[3], "facts.missing_field", "/events/2/date");
    check_error(r.errors[4], "facts.unknown_conference", "/events/3/reconvenes");
}

TEST_CASE("every word of every coded field is read, and a look-alike of each is refused", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    // The loader finds a word by its length and first and last bytes, then compares it
    // whole: a look-alike (same length, first and last byte) lands on the word's slot.
    const auto look_alike = [](std::string_view w) {
        std::string s(w);
        if (s.size() > 2) s[1] = s[1] == 'x' ? 'y' : 'x';
        else s += 'x';
        return s;
    };
    // Each set, an event using one of its words (where `@` is), and the pointer an unknown word gets.
    struct set {
        std::vector<std::string_view> words;
        std::string_view event, pointer;
    };
    const auto case_with = [](std::string_view event, std::string_view word) {
        std::string e(event);
        e.replace(e.find('@'), 1, word);
        return fmt::format(R"({{"case_id":"W","children":[{{"id":"A"}}],"events":[{}]}})", e);
    };
    const auto all = [](const auto& names) {
        std::vector<std::string_view> out;
        for (auto n : names)
            if (!n.empty()) out.push_back(n);
        return out;
    };
    const std::vector<set> sets = {
        {all(facts::event_type_names), R"({"type":"@","id":"e","date":"2025-01-01"})", "/events/0/type"},
        {all(facts::conference_kind_names), R"({"type":"conference","id":"c","date":"2025-01-01","kind":"@"})", "/events/0/kind"},
        {all(facts::decision_names), R"({"type":"conference","id":"c","date":"2025-01-01","outcome":{"decision":"@"}})",
         "/events/0/outcome/decision"},
        {all(facts::decided_by_names), R"({"type":"conference","id":"c","date":"2025-01-01","outcome":{"decided_by":"@"}})",
         "/events/0/outcome/decided_by"},
        {all(facts::category_names), R"({"type":"conference","id":"c","date":"2025-01-01","outcome":{"categories":["@"]}})",
         "/events/0/outcome/categories/0"},
        {all(facts::attendee_kind_names), R"({"type":"conference","id":"c","date":"2025-01-01","attendees":[{"kind":"@"}]})",
         "/events/0/attendees/0/kind"},
        {all(facts::agency_names), R"({"type":"conference","id":"c","date":"2025-01-01","reports":[{"agency":"@"}]})",
         "/events/0/reports/0/agency"},
        {all(facts::recommendation_names), R"({"type":"conference","id":"c","date":"2025-01-01","attendees":[{"recommendation":"@"}]})",
         "/events/0/attendees/0/recommendation"},
        {all(facts::plan_end_reason_names), R"({"type":"plan_ended","date":"2025-01-01","reason":"@"})", "/events/0/reason"},
    };
    for (const auto& s : sets) {
        for (const auto word : s.words) {
            CAPTURE(word);
            auto r = load(l, c, case_with(s.event, word));
            CHECK(r.ok);
            const auto other = look_alike(word);
            CAPTURE(other);
            check_one_error(load(l, c, case_with(s.event, other)), "facts.unknown_value", s.pointer);
        }
    }
    // What was read is the word given, not only some word of the set.
    REQUIRE(load(l, c, case_with(R"({"type":"conference","id":"c","date":"2025-01-01","kind":"@","attendees":[{"kind":"advocate","agency":"youth_justice"}]})",
                                 "transfer_in")).ok);
    CHECK(c.events[0].kind == facts::conference_kind::transfer_in);
    CHECK(c.attendees[0].kind == facts::attendee_kind::advocate);
    CHECK(c.attendees[0].agency == facts::agency::youth_justice);
}

TEST_CASE("references to unknown conferences are errors", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    auto r = load(l, c, R"({"case_id":"C3","children":[{"id":"A"}],"events":[
        {"type":"conference","id":"y","kind":"review","date":"2025-03-01","reconvenes":"nope"}]})");
    CHECK_FALSE(r.ok);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].pointer == "/events/0/reconvenes");
    CHECK(r.errors[0].code == "facts.unknown_conference");
}

TEST_CASE("a sitting that reconvenes a conference and records no kind has that conference's kind", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    // Listed out of date order, and a chain: c resumes b, which resumes a; d records its own kind;
    // e resumes a conference of no kind.
    auto r = load(l, c, R"({"case_id":"K1","children":[{"id":"A"}],"events":[
        {"type":"conference","id":"c","date":"2025-03-20","reconvenes":"b"},
        {"type":"conference","id":"a","kind":"initial","date":"2025-03-01","outcome":{"decision":"adjourned"}},
        {"type":"conference","id":"b","date":"2025-03-10","reconvenes":"a","outcome":{"decision":"deferred"}},
        {"type":"conference","id":"d","kind":"review","date":"2025-03-25","reconvenes":"a"},
        {"type":"conference","id":"n","date":"2025-03-26"},
        {"type":"conference","id":"e","date":"2025-03-27","reconvenes":"n"}]})");
    REQUIRE(r.ok);
    const auto kind_of = [&](std::string_view id) { return c.conference(id)->kind; };
    CHECK(kind_of("a") == facts::conference_kind::initial);
    CHECK(kind_of("b") == facts::conference_kind::initial);
    CHECK(kind_of("c") == facts::conference_kind::initial);
    CHECK(kind_of("d") == facts::conference_kind::review);  // its own kind stands
    CHECK(kind_of("n") == facts::conference_kind::none);
    CHECK(kind_of("e") == facts::conference_kind::none);
}

TEST_CASE("a sitting has the reports of the sittings it resumes, at most max_sittings_followed back", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    // A chain of 70 sittings, one a day, each with one report and resuming the day before.
    std::string json = R"({"case_id":"CH","children":[{"id":"A"}],"events":[)";
    for (int i = 0; i < 70; ++i) {
        const int month = i < 31 ? 1 : i < 59 ? 2 : 3, day = i < 31 ? i + 1 : i < 59 ? i - 30 : i - 58;
        json += fmt::format(R"({}{{"type":"conference","id":"s{}","kind":"review","date":"2025-{:02}-{:02}","reports":[{{"agency":"health","author":"r{}"}}]{}}})",
                            i ? "," : "", i, month, day, i, i ? fmt::format(R"(,"reconvenes":"s{}")", i - 1) : "");
    }
    json += "]}";
    auto r = load(l, c, json);
    REQUIRE(r.ok);
    const auto given = [&](std::string_view id) {
        std::vector<std::string_view> authors;
        c.for_each_report_given(*c.conference(id), [&](const facts::report& rep) { authors.push_back(rep.author); });
        return authors;
    };
    CHECK(given("s0") == std::vector<std::string_view>{"r0"});
    CHECK(given("s2") == std::vector<std::string_view>{"r2", "r1", "r0"});
    const auto last = given("s69");
    REQUIRE(last.size() == facts::case_facts::max_sittings_followed + 1);
    CHECK(last.front() == "r69");
    CHECK(last.back() == "r5");
}

TEST_CASE("a sitting reconvenes an earlier conference: not itself, not one held after it", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    auto r = load(l, c, R"({"case_id":"RC","children":[{"id":"A"}],"events":[
        {"type":"conference","id":"f","kind":"review","date":"2025-03-28","reconvenes":"f"},
        {"type":"conference","id":"early","kind":"review","date":"2025-03-01","reconvenes":"late"},
        {"type":"conference","id":"late","kind":"review","date":"2025-03-10","outcome":{"decision":"adjourned"}},
        {"type":"conference","id":"pm","kind":"review","date":"2025-04-01T14:00","outcome":{"decision":"adjourned"}},
        {"type":"conference","id":"am","kind":"review","date":"2025-04-01T09:00","reconvenes":"pm"},
        {"type":"conference","id":"same","kind":"review","date":"2025-04-01","reconvenes":"pm"}]})");
    CHECK_FALSE(r.ok);
    REQUIRE(r.errors.size() == 3);
    CHECK(r.errors[0].pointer == "/events/0/reconvenes");
    CHECK(r.errors[0].code == "facts.bad_value");
    CHECK(r.errors[0].message == "conference 'f' names itself as the conference it reconvenes");
    CHECK(r.errors[1].pointer == "/events/1/reconvenes");
    CHECK(r.errors[1].message == "conference 'early' reconvenes 'late', which is held after it (2025-03-10)");
    CHECK(r.errors[2].pointer == "/events/4/reconvenes");
    CHECK(r.errors[2].message == "conference 'am' reconvenes 'pm', which is held after it (2025-04-01T14:00)");
    // A bare date on the same day leaves the order open: 'same' is not an error.
}

TEST_CASE("a looked-after spell ends on or after the day it starts", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    auto r = load(l, c, R"({"case_id":"LA","children":[
        {"id":"A","looked_after_from":"2025-03-10","looked_after_to":"2025-03-09"},
        {"id":"B","looked_after_from":"2025-03-10","looked_after_to":"2025-03-10"},
        {"id":"C","looked_after_to":"2025-03-09"}],"events":[]})");
    check_one_error(r, "facts.bad_value", "/children/0/looked_after_to",
                    "the child stops being looked after (2025-03-09) before it starts (2025-03-10)");
}

TEST_CASE("an unknown reference is reported with the case's other errors, unless an event was lost", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    // Every problem at once: a bad date elsewhere does not hide the unknown conference.
    auto both = load(l, c, R"({"case_id":"R2","children":[{"id":"A"}],"events":[
        {"type":"visit","date":"2025-02-30"},
        {"type":"conference","id":"y","kind":"review","date":"2025-03-01","reconvenes":"nope"},
        {"type":"complaint","date":"2025-03-04","conference":"gone"}]})");
    CHECK_FALSE(both.ok);
    REQUIRE(both.errors.size() == 3);
    check_error(both.errors[0], "facts.bad_date", "/events/0/date");
    check_error(both.errors[1], "facts.unknown_conference", "/events/1/reconvenes", "no conference with id 'nope' in this case");
    check_error(both.errors[2], "facts.unknown_conference", "/events/2/conference", "no conference with id 'gone' in this case");
    // A conference lost to its own error (its date, its type, its id) may be the one referred to:
    // only its error is reported, not a reference it might have answered.
    for (const std::string_view lost : {R"({"type":"conference","id":"x","kind":"initial","date":"2025-02-30"})",
                                        R"({"type":"conferense","id":"x","kind":"initial","date":"2025-02-03"})",
                                        R"({"type":"conference","id":7,"kind":"initial","date":"2025-02-03"})", R"("x")"}) {
        CAPTURE(lost);
        auto r = load(l, c, fmt::format(R"({{"case_id":"R3","children":[{{"id":"A"}}],"events":[{},
            {{"type":"conference","id":"y","kind":"initial","date":"2025-03-01","reconvenes":"x"}}]}})", lost));
        CHECK_FALSE(r.ok);
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].pointer.starts_with("/events/0"));
        CHECK(r.errors[0].code != "facts.unknown_conference");
    }
}

TEST_CASE("conference ids are checked alike in a case with few conferences and with many", "[facts]") {
    // The loader scans the conferences of a case with up to 64 events and hashes those of a longer one.
    for (const int n : {3, 63, 64, 65, 200}) {
        CAPTURE(n);
        auto with = [&](std::string_view extra) {
            std::string json = R"({"case_id":"N","children":[{"id":"A"}],"events":[)";
            for (int i = 0; i < n; ++i)
                json += fmt::format(R"({{"type":"conference","id":"c{}","kind":"review","date":"2025-01-{:02}"}},)", i, 1 + i % 28);
            return json + std::string(extra) + "]}";
        };
        facts::loader l;
        facts::case_facts c;
        const std::string last = fmt::format("c{}", n - 1);
        auto ok = load(l, c, with(fmt::format(R"({{"type":"conference","id":"r","kind":"review","date":"2025-03-03","reconvenes":"c0"}},)"
                                              R"({{"type":"complaint","date":"2025-03-04","conference":"{}"}})", last)));
        CHECK(ok.ok);
        CHECK(ok.errors.empty());
        auto unknown = load(l, c, with(R"({"type":"conference","id":"r","kind":"review","date":"2025-03-03","reconvenes":"nope"})"));
        REQUIRE(unknown.errors.size() == 1);
        CHECK(unknown.errors[0].code == "facts.unknown_conference");
        CHECK(unknown.errors[0].pointer == fmt::format("/events/{}/reconvenes", n));
        auto twice = load(l, c, with(fmt::format(R"({{"type":"conference","id":"c0","kind":"review","date":"2025-03-03"}},)"
                                                 R"({{"type":"conference","id":"{}","kind":"review","date":"2025-03-04"}})", last)));
        REQUIRE(twice.errors.size() == 2);
        CHECK(twice.errors[0].code == "facts.duplicate_id");
        CHECK(twice.errors[0].pointer == fmt::format("/events/{}/id", n));
        CHECK(twice.errors[0].message == "conference id 'c0' is used twice");
        CHECK(twice.errors[1].pointer == fmt::format("/events/{}/id", n + 1));
        CHECK(twice.errors[1].message == fmt::format("conference id '{}' is used twice", last));
    }
}

TEST_CASE("malformed JSON and wrong shapes", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    auto bad = load(l, c, R"({"case_id": "C4", "children": [)");
    CHECK_FALSE(bad.ok);
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.errors[0].code == "facts.bad_json");
    auto shape = load(l, c, R"({"case_id":"C5","children":{"id":"A"},"events":[]})");
    CHECK_FALSE(shape.ok);
    CHECK(shape.errors[0].pointer == "/children");
    CHECK(shape.errors[0].message == "expected an array");
    auto missing = load(l, c, R"({"children":[],"events":[]})");
    CHECK_FALSE(missing.ok);
    CHECK(missing.errors[0].pointer == "/case_id");
    auto dup = load(l, c, R"({"case_id":"C6","children":[{"id":"A"},{"id":"A"}],"events":[]})");
    CHECK(dup.errors[0].code == "facts.duplicate_id");
    CHECK(dup.errors[0].pointer == "/children/1/id");
}

TEST_CASE("the loader is reusable: a failed case leaves the next one clean", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    CHECK_FALSE(load(l, c, "not json").ok);
    auto r = load(l, c, R"({"case_id":"C7","children":[{"id":"A"}],"events":[{"type":"visit","date":"2025-01-01","seen_alone":true}]})");
    CHECK(r.ok);
    CHECK(c.events.size() == 1);
    CHECK(c.events[0].seen_alone == facts::tri::yes);
}

TEST_CASE("a UTF-8 byte order mark before a case is skipped, one inside a value is kept, UTF-16 is named", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    const std::string bom = "\xEF\xBB\xBF";
    REQUIRE(load(l, c, bom + R"({"case_id":"C8","children":[{"id":"A"}],"events":[]})").ok);
    CHECK(c.case_id == "C8");
    REQUIRE(load(l, c, R"({"case_id":")" + bom + R"(C9","children":[{"id":"A"}],"events":[]})").ok);
    CHECK(c.case_id == bom + "C9");
    // UTF-16 is not read: its error says why, where simdjson would speak of unescaped characters.
    const std::string utf16("\xFF\xFE{\0}\0", 6);
    check_one_error(load(l, c, utf16), "facts.bad_json", "", "not valid JSON: the text has NUL bytes; is it UTF-16? Cases are read as UTF-8");
    // A C string's terminator counted in its length is named as such.
    check_one_error(load(l, c, std::string_view(R"({"case_id":"C","children":[],"events":[]})", 42)), "facts.bad_json", "",
                    "not valid JSON: the text ends in a NUL byte (a C string's terminator counted in its length?)");
    // Only one is skipped, and only at the start: a second is not JSON.
    check_one_error(load(l, c, bom + bom + "{}"), "facts.bad_json", "");
    std::vector<diagnostic> errors;
    REQUIRE(l.load_yaml(bom + "case_id: C10\nchildren: [{id: A}]\nevents: []\n", c, errors));
    CHECK(c.case_id == "C10");
}

TEST_CASE("YAML cases load like JSON, quoted scalars stay strings", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    std::vector<diagnostic> errors;
    REQUIRE(l.load_yaml("case_id: '1042'\nchildren: [{id: A}]\nevents:\n  - {type: strategy_discussion, date: 2025-01-06, s47_initiated: true}\n", c, errors));
    CHECK(c.case_id == "1042");
    CHECK(c.events[0].s47_initiated == facts::tri::yes);
    CHECK_FALSE(l.load_yaml("case_id: [unclosed\n", c, errors));
    CHECK(errors.back().code == "facts.bad_yaml");
    CHECK(errors.back().location.line == 2);
}

TEST_CASE("a YAML plain scalar is text unless true, false or null: numbers read as written", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    std::vector<diagnostic> errors;
    // No case field is a number: an id written 1042 is the id "1042", and an unknown field holding
    // what JSON could not write as a number (0123, 1., .5) is ignored like any other.
    REQUIRE(l.load_yaml("case_id: 1042\nref: 0123\nx: 1.\ny: .5\nz: -0.0e+5\nchildren: [{id: 7, nhs: 01234}]\nevents:\n"
                        "  - {type: conference, id: 12, kind: initial, date: 2025-01-06, reconvened_by: 1e999}\n",
                        c, errors));
    CAPTURE(errors.size());
    CHECK(c.case_id == "1042");
    CHECK(c.children[0].id == "7");
    CHECK(c.events[0].id == "12");
    REQUIRE(l.load_yaml("case_id: C\nchildren: [{id: A}]\nevents: [{type: visit, date: 2025-01-06, seen_alone: false}]\n", c, errors));
    CHECK(c.events[0].seen_alone == facts::tri::no);
}

TEST_CASE("a number JSON allows but cannot be held is an unknown field's value like any other", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    // simdjson refuses 1e400 and integers past 64 bits; the case is read without them.
    auto r = load(l, c, R"({"case_id":"N \"1e400\" -5","nhs_ref":123456789012345678901234567890,"x":[1e400,-1E-400,0.5],)"
                        R"("children":[{"id":"A","y":-99999999999999999999999}],"events":[{"type":"visit","date":"2025-01-06","z":1e999}]})");
    CHECK(r.ok);
    CHECK(r.errors.empty());
    CHECK(c.case_id == "N \"1e400\" -5");
    REQUIRE(c.events.size() == 1);
    // In a field that must be text it is that field's bad_type, at its pointer.
    check_one_error(load(l, c, R"({"case_id":"N","children":[{"id":"A"}],"events":[{"type":"visit","date":1e400}]})"),
                    "facts.bad_type", "/events/0/date");
    // A number JSON does not allow stays a JSON error, however it is placed.
    for (const std::string_view bad : {"01", "1.", "-", ".5", "1e", "+1", "1e400.5"}) {
        CAPTURE(bad);
        check_one_error(load(l, c, fmt::format(R"({{"case_id":"N","x":[1e400,{}],"children":[],"events":[]}})", bad)), "facts.bad_json", "");
    }
}

// Input errors whose code, pointer or limit no other test pins.

TEST_CASE("an id of the wrong type is one bad_type error and not also a missing one", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    check_one_error(load(l, c, R"({"case_id":7,"children":[{"id":"A"}],"events":[]})"), "facts.bad_type", "/case_id");
    check_one_error(load(l, c, R"({"case_id":"C","children":[{"id":1}],"events":[]})"), "facts.bad_type", "/children/0/id");
    check_one_error(load(l, c, R"({"case_id":"C","children":[{"id":"A"}],"events":[{"type":"conference","id":[],"date":"2025-01-06"}]})"),
                    "facts.bad_type", "/events/0/id");
    // An empty id is given but is no id.
    check_one_error(load(l, c, R"({"case_id":"C","children":[{"id":""}],"events":[]})"), "facts.missing_field", "/children/0/id");
}

TEST_CASE("a case without children or events is missing_field at each", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    auto r = load(l, c, R"({"case_id":"C1"})");
    CHECK_FALSE(r.ok);
    REQUIRE(r.errors.size() == 2);
    check_error(r.errors[0], "facts.missing_field", "/children", "the case has no children");
    check_error(r.errors[1], "facts.missing_field", "/events", "the case has no events");
}

TEST_CASE("a case may have 64 children and not 65", "[facts]") {
    auto with = [](int n) {
        std::string json = R"({"case_id":"K","children":[)";
        for (int i = 0; i < n; ++i) json += fmt::format(R"({}{{"id":"k{}"}})", i ? "," : "", i);
        return json + R"(],"events":[{"type":"visit","date":"2025-01-01"}]})";
    };
    facts::loader l;
    facts::case_facts c;
    auto ok = load(l, c, with(64));
    CHECK(ok.ok);
    CHECK(ok.errors.empty());
    CHECK(c.children.size() == 64);
    CHECK(c.events[0].children == ~facts::child_set{0});
    auto over = load(l, c, with(65));
    check_one_error(over, "facts.too_many_children", "/children/64");
}

TEST_CASE("a birth event names exactly one child and not none or two", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    for (const char* children : {R"([])", R"(["A","B"])"}) {
        CAPTURE(children);
        auto r = load(l, c, fmt::format(R"({{"case_id":"B","children":[{{"id":"A"}},{{"id":"B"}}],"events":[{{"type":"birth","date":"2025-01-01","children":{}}}]}})", children));
        check_one_error(r, "facts.bad_value", "/events/0/children");
    }
    CHECK(load(l, c, R"({"case_id":"B","children":[{"id":"A"},{"id":"B"}],"events":[{"type":"birth","date":"2025-01-01","children":["B"]}]})").ok);
}

TEST_CASE("a complaint about an unknown conference points at its conference field", "[facts]") {
    facts::loader l;
    facts::case_facts c;
    auto r = load(l, c, R"({"case_id":"C3","children":[{"id":"A"}],"events":[
        {"type":"conference","id":"icpc","kind":"initial","date":"2025-03-01"},
        {"type":"complaint","date":"2025-03-04","conference":"nope"}]})");
    check_one_error(r, "facts.unknown_conference", "/events/1/conference", "no conference with id 'nope' in this case");
}

TEST_CASE("children are found by their whole id, short or long, where ids share a length and a start", "[facts]") {
    const std::string long_a(30, 'x'), long_b = std::string(29, 'x') + "y";
    const std::string json = fmt::format(
        R"({{"case_id":"K","children":[{{"id":"child-1"}},{{"id":"child-2"}},{{"id":"{}"}},{{"id":"{}"}}],"events":[)"
        R"({{"type":"visit","date":"2025-01-01","children":["child-2"]}},)"
        R"({{"type":"visit","date":"2025-01-02","children":["{}","child-1"]}},)"
        R"({{"type":"visit","date":"2025-01-03","children":["child-3"]}}]}})",
        long_a, long_b, long_b);
    facts::loader l;
    facts::case_facts c;
    auto r = load(l, c, json);
    check_one_error(r, "facts.unknown_child", "/events/2/children/0", "no child with id 'child-3' in this case");
    auto ok = load(l, c, json.substr(0, json.rfind(",{")) + "]}");
    REQUIRE(ok.ok);
    REQUIRE(c.events.size() == 2);
    CHECK(c.events[0].children == facts::child_set{0b0010});
    CHECK(c.events[1].children == facts::child_set{0b1001});
}

// ------------------------------------------------ a case that does not parse

#include "facts/json_syntax.hpp"

#include <simdjson.h>

TEST_CASE("a case that does not parse is placed by line and column, and says why", "[facts][json_syntax]") {
    facts::loader l;
    facts::case_facts c;
    struct example {
        std::string text;
        int line, column;
        std::string message;
    };
    const std::vector<example> examples{
        {R"({"case_id": "C4", "children": [)", 1, 32, "not valid JSON: expected a value, found the end of the text"},
        {R"({"case_id":"C","children":[}]})", 1, 28, "not valid JSON: expected a value, found '}'"},
        {R"({"case_id":"C",,"children":[]})", 1, 16, "not valid JSON: expected a key in double quotes, found ','"},
        {R"({"case_id":"C","children":[],})", 1, 30, "not valid JSON: expected a key in double quotes, found '}'"},
        {R"({"case_id":"C" "children":[]})", 1, 16, "not valid JSON: expected ',' or '}', found '\"'"},
        {R"({"case_id":"C","children":[1 2]})", 1, 30, "not valid JSON: expected ',' or ']', found '2'"},
        {R"({"case_id" "C"})", 1, 12, "not valid JSON: expected ':' after the key, found '\"'"},
        {R"({"case_id":yes})", 1, 12, "not valid JSON: expected a value, found 'yes' (JSON's only words are true, false and null, in lower case)"},
        {R"({"ok":True})", 1, 7, "not valid JSON: expected a value, found 'True' (JSON's only words are true, false and null, in lower case)"},
        {R"({"n":01})", 1, 6, "not valid JSON: not a number as JSON writes one (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?)"},
        {R"({"n":1.})", 1, 6, "not valid JSON: not a number as JSON writes one (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?)"},
        {R"({"case_id":"C} )", 1, 12, "not valid JSON: this string is not closed"},
        {R"({"case_id":"a\qb"})", 1, 14, R"(not valid JSON: a backslash and 'q' is not an escape JSON has (\" \\ \/ \b \f \n \r \t \uXXXX))"},
        {R"({"case_id":"a\u00G1"})", 1, 14, R"(not valid JSON: \u must be followed by four hex digits)"},
        {R"({"case_id":"\uDE00"})", 1, 13, R"(not valid JSON: \uDE00 is the second half of a surrogate pair, with no first half before it)"},
        {R"({"case_id":"\uD83Dx"})", 1, 13, R"(not valid JSON: \uD83D is the first half of a surrogate pair, and no \uDC00-\uDFFF follows it)"},
        {"{\"case_id\":\"a\tb\"}", 1, 14, "not valid JSON: control character 0x09 inside a string must be written as an escape"},
        {"{\"case_id\":\"a\nb\"}", 1, 14, "not valid JSON: a line break inside a string must be written as an escape"},
        {"{\"case_id\":\"caf\xE9\"}", 1, 16, "not valid JSON: byte 0xE9 is not UTF-8 (cases are read as UTF-8)"},
        {"{\"case_id\":\xE2\x80\x9C" "C1\xE2\x80\x9D}", 1, 12, "not valid JSON: expected a value, found '\xE2\x80\x9C'"},
        {R"({"case_id":"C"} {"case_id":"D"})", 1, 17, "not valid JSON: expected the end of the text after the value, found '{'"},
        {" \n\t ", 2, 3, "not valid JSON: the text has no JSON value"},
        {std::string(1025, '[') + std::string(1025, ']'), 1, 1025, "not valid JSON: arrays and objects are nested more than 1024 deep"},
        // Lines count line breaks; columns count bytes, as yaml-cpp's and compilers' do.
        {"{\n  \"case_id\": \"C-\xC3\xA9\xC3\xA9\",\n  \"children\": [{\"id\": \"A\"}]\n  \"events\": []\n}", 4, 3,
         "not valid JSON: expected ',' or '}', found '\"'"},
        {"{\"case_id\": \"\xC3\xA9\xC3\xA9\xC3\xA9\" \"children\"}", 1, 22, "not valid JSON: expected ',' or '}', found '\"'"},
        // A byte order mark is not counted: it is skipped, and editors do not show it.
        {"\xEF\xBB\xBF{\"case_id\":}", 1, 12, "not valid JSON: expected a value, found '}'"},
        // A number simdjson cannot hold is read as 0 (its offsets kept), and the text then fails where it fails.
        {R"({"big":1e400,"n":-01})", 1, 18, "not valid JSON: not a number as JSON writes one (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?)"},
        {R"({"big":123456789012345678901234567890,"x":[)", 1, 44, "not valid JSON: expected a value, found the end of the text"},
        {R"({"big":1e400,"x":[1e400 2e400]})", 1, 25, "not valid JSON: expected ',' or ']', found '2e400'"},
    };
    for (const auto& e : examples) {
        CAPTURE(e.text);
        const auto r = load(l, c, e.text);
        check_one_error(r, "facts.bad_json", "", e.message);
        CHECK(r.errors[0].location.file.empty());
        CHECK(r.errors[0].location.line == e.line);
        CHECK(r.errors[0].location.column == e.column);
    }
    // UTF-16 and a counted terminator keep their own messages, with no place.
    const auto utf16 = load(l, c, std::string("\xFF\xFE{\0}\0", 6));
    REQUIRE(utf16.errors.size() == 1);
    CHECK(utf16.errors[0].location.line == 0);
    // 1024 arrays deep is still JSON.
    const auto deep = load(l, c, std::string(1024, '[') + std::string(1024, ']'));
    check_one_error(deep, "facts.not_an_object", "");
}

namespace {

/// A text changed in one to three random places: a byte removed, replaced or inserted
/// (from JSON's punctuation, digits, letters, escapes and UTF-8 that is and is not well formed),
/// or a span copied elsewhere.
std::string mutate(std::string s, std::mt19937& rng) {
    static const std::string_view alphabet =
        "{}[]:,\"\\ \n\t\r0123456789-+.eEtrufalsnu/bxAZ\x01\x7F\xC3\xA9\xE2\x80\x9C\xED\xA0\x80\xF0\x9F\x98\x80\xF4\x90\xC0\xFF";
    const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    for (std::size_t edits = 1 + pick(3); edits > 0; --edits) {
        const std::size_t at = pick(s.size() + 1);
        switch (pick(4)) {
            case 0:
                if (at < s.size()) s.erase(at, 1);
                break;
            case 1:
                if (at < s.size()) s[at] = alphabet[pick(alphabet.size())];
                break;
            case 2: s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), alphabet[pick(alphabet.size())]); break;
            default: {
                const std::size_t from = pick(s.size() + 1), n = pick(12);
                s.insert(at, s.substr(from, n));
            }
        }
    }
    return s;
}

}  // namespace

TEST_CASE("the syntax scanner and simdjson agree on what is JSON", "[facts][json_syntax]") {
    // The scanner only places an error simdjson found; where they disagree on whether a text is
    // JSON, the place given would be wrong (the scanner finds an error that is not one) or missing.
    const std::vector<std::string> seeds{
        R"({"case_id":"C-1","children":[{"id":"A","date_of_birth":"2020-01-02"}],"events":[{"type":"conference","id":"icpc","kind":"initial","date":"2025-01-27T10:00","attendees":[{"name":"SW","kind":"professional","present":true}],"n":null,"x":false}]})",
        R"([1, -0.5e3, 0, 1E+2, 12.25, -7, {"a\"b\\c\/\b\f\n\r\t\u00e9\ud83d\ude00": ["", "\u0000"]}, [[[]]], {}])",
        "{\"s\": \"caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xF0\x9F\x98\x80\", \"t\": true}",
        "\"just a string\"",
        " 42 ",
    };
    simdjson::dom::parser parser;
    std::mt19937 rng(20261126);
    std::size_t valid = 0, invalid = 0;
    const auto agree = [&](const std::string& text) {
        const simdjson::padded_string padded(text);
        const auto error = parser.parse(padded).error();
        const auto found = facts::first_json_syntax_error(text, parser.max_depth());
        CAPTURE(text, simdjson::error_message(error));
        if (found) {
            CAPTURE(found->offset, found->reason);
            CHECK(error != simdjson::SUCCESS);
            CHECK(found->offset <= text.size());
            ++invalid;
        } else {
            CHECK(error == simdjson::SUCCESS);
            ++valid;
        }
    };
    for (const auto& seed : seeds) agree(seed);
    for (int i = 0; i < 60000; ++i) {
        std::string text = mutate(seeds[static_cast<std::size_t>(i) % seeds.size()], rng);
        // As the loader reads it: numbers simdjson cannot hold are written as 0 first.
        if (parser.parse(simdjson::padded_string(text)).error() == simdjson::NUMBER_ERROR) facts::zero_numbers(text);
        agree(text);
    }
    // Both kinds are common, so the agreement is tested both ways.
    CHECK(valid > 5000);
    CHECK(invalid > 30000);
}
