// Case facts from JSON (simdjson DOM, parser and buffers reused across cases)
// and from YAML (converted to JSON text first, so both share one validator).
#include "facts/facts.hpp"

#include "calendar/calendar.hpp"
#include "facts/json_syntax.hpp"
#include "support/json.hpp"
#include "support/yaml_document.hpp"

#include <simdjson.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <unordered_set>
#include <fmt/format.h>

namespace cprules::facts {

const event* case_facts::conference(std::string_view id) const {
    for (const auto& e : events)
        if (e.type == event_type::conference && e.id == id) return &e;
    return nullptr;
}

void case_facts::clear() {
    case_id = partnership = {};
    children.clear();
    events.clear();
    attendees.clear();
    reports.clear();
    exclusions.clear();
    strings.clear();
}

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

/// `k == literal`, with the literal's length known at compile time so that the
/// comparison is inlined (a case has a few hundred keys to dispatch on).
template <std::size_t N>
bool is(std::string_view k, const char (&literal)[N]) {
    return k.size() == N - 1 && std::memcmp(k.data(), literal, N - 1) == 0;
}

/// A fixed set of words, found in one probe: the slot comes from the word's
/// length and its first and last bytes, times a multiplier chosen at compile
/// time so that no two words of the set share a slot; then one comparison.
/// A scan of the set took a mispredicted branch or two a word, and a case has
/// some sixty words (event types, agencies, attendee kinds ...) to look up.
template <std::size_t N>
class word_table {
public:
    consteval explicit word_table(const std::array<std::string_view, N>& words) : words_(words) {
        for (std::uint32_t k = 0; !place(); ++k) {
            if (k == 100000) throw "no multiplier separates these words";
            multiplier_ = 2654435761u * (2 * k + 3);  // odd, and spread over all 32 bits
        }
    }
    /// The word's index in the set (empty words are never found).
    std::optional<std::size_t> find(std::string_view w) const noexcept {
        if (w.empty()) return std::nullopt;
        const int i = slots_[slot(w, multiplier_)];
        if (i < 0 || words_[static_cast<std::size_t>(i)] != w) return std::nullopt;
        return static_cast<std::size_t>(i);
    }
    const std::array<std::string_view, N>& words() const noexcept { return words_; }

private:
    static constexpr std::size_t slot_count = 128;
    static_assert(N <= slot_count / 2);
    static constexpr std::size_t slot(std::string_view w, std::uint32_t m) noexcept {
        const std::uint32_t key = static_cast<std::uint32_t>(static_cast<unsigned char>(w.front())) << 16 |
                                  static_cast<std::uint32_t>(static_cast<unsigned char>(w.back())) << 8 |
                                  static_cast<std::uint32_t>(w.size() & 0xff);
        return (key * m) >> 25;  // the top 7 bits: one of 128 slots
    }
    constexpr bool place() {
        slots_.fill(-1);
        for (std::size_t i = 0; i < N; ++i) {
            if (words_[i].empty()) continue;
            auto& s = slots_[slot(words_[i], multiplier_)];
            if (s >= 0) return false;
            s = static_cast<std::int8_t>(i);
        }
        return true;
    }
    std::array<std::string_view, N> words_;
    std::array<std::int8_t, slot_count> slots_{};
    std::uint32_t multiplier_ = 2654435761u;
};

constexpr word_table agency_words(agency_names);
constexpr word_table event_type_words(event_type_names);
constexpr word_table plan_end_reason_words(plan_end_reason_names);
constexpr word_table conference_kind_words(conference_kind_names);
constexpr word_table decision_words(decision_names);
constexpr word_table decided_by_words(decided_by_names);
constexpr word_table recommendation_words(recommendation_names);
constexpr word_table category_words(category_names);
constexpr word_table attendee_kind_words(attendee_kind_names);
constexpr word_table scope_words(std::array<std::string_view, 2>{"whole", "part"});

template <std::size_t N>
std::string list_words(const std::array<std::string_view, N>& names) {
    std::string out;
    for (auto n : names) {
        if (n.empty()) continue;
        if (!out.empty()) out += ", ";
        out += n;
    }
    return out;
}

/// A JSON pointer as a chain of stack frames: free to extend, turned into
/// text (RFC 6901) only when an error needs it.
struct ptr {
    const ptr* parent = nullptr;
    std::string_view key;
    std::size_t index = 0;
    bool is_index = false;

    ptr() = default;
    ptr(const ptr& p, std::string_view k) : parent(&p), key(k) {}
    ptr(const ptr& p, std::size_t i) : parent(&p), index(i), is_index(true) {}
    ptr(const ptr&) = delete;

    void append_to(std::string& out) const {
        if (!parent) return;
        parent->append_to(out);
        out += '/';
        if (is_index) {
            out += std::to_string(index);
            return;
        }
        for (char c : key) {
            if (c == '~') out += "~0";
            else if (c == '/') out += "~1";
            else out += c;
        }
    }
    std::string str() const {
        std::string out;
        append_to(out);
        return out;
    }
};

/// Sorts events into date order, stably. Exports are in order or nearly so, and
/// an insertion sort does those in place with no allocation; one that has to
/// move too much hands over to std::stable_sort (the same order: neither ever
/// reorders events of the same date-time).
void sort_by_date(std::vector<event>& events) {
    const auto by_date = [](const event& a, const event& b) { return a.when < b.when; };
    std::size_t moves = 0;
    const std::size_t budget = 4 * events.size() + 16;
    for (std::size_t i = 1; i < events.size(); ++i) {
        if (!by_date(events[i], events[i - 1])) continue;
        event e = std::move(events[i]);
        std::size_t j = i;
        for (; j > 0 && by_date(e, events[j - 1]); --j) events[j] = std::move(events[j - 1]);
        events[j] = std::move(e);
        moves += i - j;
        if (moves > budget) {
            std::stable_sort(events.begin(), events.end(), by_date);
            return;
        }
    }
}

class validator {
public:
    /// `conference_ids`: the loader's, reused from case to case.
    validator(case_facts& out, std::vector<diagnostic>& errors, std::unordered_set<std::string_view>& conference_ids)
        : out_(out), errors_(errors), conference_ids_(conference_ids) {}

    bool run(element root) {
        out_.clear();
        if (!conference_ids_.empty()) conference_ids_.clear();
        object obj;
        if (root.get_object().get(obj)) return fail(root_, "facts.not_an_object", "a case must be a JSON object");
        element children, events;
        bool have_children = false, have_events = false;
        for (auto field : obj) {
            const std::string_view key = field.key;
            if (field.value.is_null()) continue;  // null is not given
            if (is(key, "case_id")) out_.case_id = string_of(field.value, ptr(root_, "case_id"));
            else if (is(key, "partnership")) out_.partnership = string_of(field.value, ptr(root_, "partnership"));
            else if (is(key, "children")) { children = field.value; have_children = true; }
            else if (is(key, "events")) { events = field.value; have_events = true; }
        }
        if (out_.case_id.empty() && !failed_) fail(ptr(root_, "case_id"), "facts.missing_field", "the case has no case_id");
        if (!have_children) fail(ptr(root_, "children"), "facts.missing_field", "the case has no children");
        else load_children(children);
        if (!have_events) fail(ptr(root_, "events"), "facts.missing_field", "the case has no events");
        else load_events(events);
        // References are checked when every event loaded with its id, even if other fields failed:
        // every problem is reported, but none that a lost event would make up.
        if (every_event_kept_) resolve_references();
        if (!failed_) {
            sort_by_date(out_.events);
            link_sittings();
        }
        return !failed_;
    }

private:
    bool fail(const ptr& at, std::string code, std::string message) {
        failed_ = true;
        diagnostic d;
        d.code = std::move(code);
        d.message = std::move(message);
        d.pointer = at.str();
        errors_.push_back(std::move(d));
        return false;
    }

    std::string_view string_of(element v, const ptr& at) {
        std::string_view s;
        if (v.get_string().get(s)) { fail(at, "facts.bad_type", "expected a string"); return {}; }
        return s;
    }
    tri bool_of(element v, const ptr& at) {
        bool b = false;
        if (v.get_bool().get(b)) { fail(at, "facts.bad_type", "expected true or false"); return tri::unknown; }
        return b ? tri::yes : tri::no;
    }
    std::optional<date> date_of(element v, const ptr& at) {
        std::string_view s;
        if (v.get_string().get(s)) { fail(at, "facts.bad_type", "expected a date string YYYY-MM-DD"); return std::nullopt; }
        std::string why;
        auto d = parse_date(s, &why);
        if (!d) fail(at, "facts.bad_date", why);
        return d;
    }
    std::optional<date_time> date_time_of(element v, const ptr& at) {
        std::string_view s;
        if (v.get_string().get(s)) { fail(at, "facts.bad_type", "expected a date or date-time string"); return std::nullopt; }
        if (const date_time quick = calendar::quick_date_time(s); quick.day != calendar::working_calendar::no_day) return quick;
        std::string why;
        auto d = parse_date_time(s, &why);
        if (!d) fail(at, "facts.bad_date", why);
        return d;
    }
    template <std::size_t N>
    std::optional<std::size_t> word_of(element v, const ptr& at, const word_table<N>& names,
                                       std::string_view what) {
        std::string_view s;
        if (v.get_string().get(s)) { fail(at, "facts.bad_type", fmt::format("expected {} as a string", what)); return std::nullopt; }
        auto i = names.find(s);
        if (!i) fail(at, "facts.unknown_value", fmt::format("'{}' is not {} (one of: {})", s, what, list_words(names.words())));
        return i;
    }
    template <typename F>
    void each(element v, const ptr& at, F&& f) {
        simdjson::dom::array arr;
        if (v.get_array().get(arr)) { fail(at, "facts.bad_type", "expected an array"); return; }
        std::size_t i = 0;
        for (auto item : arr) {
            const ptr item_at(at, i++);
            f(item, item_at);
        }
    }
    bool object_of(element v, const ptr& at, object& obj) {
        if (v.get_object().get(obj)) { fail(at, "facts.bad_type", "expected an object"); return false; }
        return true;
    }
    std::optional<std::size_t> child_index(std::string_view id) const {
        for (std::size_t i = 0; i < out_.children.size(); ++i)
            if (out_.children[i].id == id) return i;
        return std::nullopt;
    }
    child_set children_of(element v, const ptr& at) {
        child_set set = 0;
        each(v, at, [&](element item, const ptr& p) {
            std::string_view id = string_of(item, p);
            if (id.empty()) return;
            if (auto i = child_index(id)) set |= child_set{1} << *i;
            else fail(p, "facts.unknown_child", fmt::format("no child with id '{}' in this case", id));
        });
        return set;
    }
    agency_set agencies_of(element v, const ptr& at) {
        agency_set set = 0;
        each(v, at, [&](element item, const ptr& p) {
            if (auto a = word_of(item, p, agency_words, "an agency")) set |= bit(static_cast<agency>(*a));
        });
        return set;
    }

    void load_children(element v) {
        each(v, ptr(root_, "children"), [&](element item, const ptr& p) {
            object obj;
            if (!object_of(item, p, obj)) return;
            child c;
            bool id_not_text = false;  // a bad_type already reported: not also missing
            for (auto f : obj) {
                if (f.value.is_null()) continue;  // null is not given
                const std::string_view k = f.key;
                const ptr fp(p, k);
                if (is(k, "id")) {
                    c.id = string_of(f.value, fp);
                    id_not_text = !f.value.is_string();
                } else if (is(k, "date_of_birth")) c.date_of_birth = date_of(f.value, fp);
                else if (is(k, "expected_date_of_delivery")) c.expected_date_of_delivery = date_of(f.value, fp);
                else if (is(k, "looked_after_from")) c.looked_after_from = date_of(f.value, fp);
                else if (is(k, "looked_after_to")) c.looked_after_to = date_of(f.value, fp);
                else if (is(k, "agencies_in_contact")) {
                    c.agencies_in_contact = agencies_of(f.value, fp);
                    c.agencies_in_contact_known = true;
                }
                else if (is(k, "exploitation_suspected")) c.exploitation_suspected = bool_of(f.value, fp) == tri::yes;
            }
            if (c.looked_after_from && c.looked_after_to && *c.looked_after_to < *c.looked_after_from)
                fail(ptr(p, "looked_after_to"), "facts.bad_value",
                     fmt::format("the child stops being looked after ({}) before it starts ({})", to_string(*c.looked_after_to),
                                 to_string(*c.looked_after_from)));
            if (c.id.empty()) {
                if (!id_not_text) fail(ptr(p, "id"), "facts.missing_field", "a child needs an id");
                return;
            }
            if (child_index(c.id)) { fail(ptr(p, "id"), "facts.duplicate_id", fmt::format("child id '{}' is used twice", c.id)); return; }
            if (out_.children.size() == max_children) {
                fail(p, "facts.too_many_children", fmt::format("a case may have at most {} children", max_children));
                return;
            }
            out_.children.push_back(c);
        });
    }

    void load_events(element v) {
        std::uint32_t index = 0;
        each(v, ptr(root_, "events"), [&](element item, const ptr& p) { load_event(item, p, index++); });
    }

    void load_event(element item, const ptr& p, std::uint32_t index) {
        object obj;
        if (!object_of(item, p, obj)) {
            every_event_kept_ = false;
            return;
        }
        // Built where it is kept, not copied there (an event is 240 bytes); taken off again if it is not kept.
        const std::size_t earlier = out_.events.size();
        event& e = out_.events.emplace_back();
        e.index = index;
        e.children = out_.children.size() == 64 ? ~child_set{0} : (child_set{1} << out_.children.size()) - 1;
        bool have_type = false, have_date = false;
        element attendees, reports, exclusions;
        bool have_attendees = false, have_reports = false, have_exclusions = false;
        // The type decides which fields mean what, so find it first.
        element type_value;
        if (!obj["type"].get(type_value) && !type_value.is_null()) {
            if (auto t = word_of(type_value, ptr(p, "type"), event_type_words, "an event type")) {
                e.type = static_cast<event_type>(*t);
                have_type = true;
            }
        } else {
            fail(ptr(p, "type"), "facts.missing_field", "an event needs a type");
        }
        bool date_given = false, id_not_text = false;
        for (auto f : obj) {
            const std::string_view k = f.key;
            if (is(k, "type") || f.value.is_null()) continue;  // null is not given
            const ptr fp(p, k);
            if (is(k, "date")) {
                date_given = true;
                if (auto d = date_time_of(f.value, fp)) { e.when = *d; have_date = true; }
            } else if (is(k, "children")) e.children = children_of(f.value, fp);
            // A field of another event type is an unknown field here: ignored, whatever its value.
            else if (is(k, "s47_initiated")) { if (e.type == event_type::strategy_discussion) e.s47_initiated = bool_of(f.value, fp); }
            else if (is(k, "recommended_conference")) { if (e.type == event_type::strategy_discussion) e.recommended_conference = bool_of(f.value, fp); }
            else if (is(k, "conference_required")) { if (e.type == event_type::section47_outcome) e.conference_required = bool_of(f.value, fp); }
            else if (is(k, "seen_alone")) { if (e.type == event_type::visit) e.seen_alone = bool_of(f.value, fp); }
            else if (is(k, "from_authority")) { if (e.type == event_type::transfer_in_notified) e.from_authority = string_of(f.value, fp); }
            else if (is(k, "expires")) { if (e.type == event_type::emergency_protection_order) e.expires = date_of(f.value, fp); }
            else if (is(k, "reason") && e.type == event_type::plan_ended) {
                if (auto r = word_of(f.value, fp, plan_end_reason_words, "a plan-ended reason")) e.reason = static_cast<plan_end_reason>(*r);
            } else if (is(k, "conference") && e.type == event_type::complaint) e.conference_ref = string_of(f.value, fp);
            else if (e.type != event_type::conference) continue;
            else if (is(k, "id")) {
                e.id = string_of(f.value, fp);
                id_not_text = !f.value.is_string();
            } else if (is(k, "kind")) {
                if (auto c = word_of(f.value, fp, conference_kind_words, "a conference kind")) e.kind = static_cast<conference_kind>(*c);
            } else if (is(k, "attendees")) { attendees = f.value; have_attendees = true; }
            else if (is(k, "reports")) { reports = f.value; have_reports = true; }
            else if (is(k, "exclusions")) { exclusions = f.value; have_exclusions = true; }
            else if (is(k, "outcome")) load_outcome(f.value, fp, e);
            else if (is(k, "decision_circulated")) e.decision_circulated = date_time_of(f.value, fp);
            else if (is(k, "outline_plan_circulated")) e.outline_plan_circulated = date_time_of(f.value, fp);
            else if (is(k, "minutes_circulated")) e.minutes_circulated = date_time_of(f.value, fp);
            else if (is(k, "decision_letter_to_parents")) e.decision_letter_to_parents = date_time_of(f.value, fp);
            else if (is(k, "reconvenes")) e.reconvenes = string_of(f.value, fp);
        }
        if (!date_given) fail(ptr(p, "date"), "facts.missing_field", "an event needs a date");
        if (!have_type) {
            out_.events.pop_back();
            every_event_kept_ = false;
            return;
        }
        if (e.type == event_type::conference) {
            if (e.id.empty()) {
                if (!id_not_text) fail(ptr(p, "id"), "facts.missing_field", "a conference needs an id");
                every_event_kept_ = false;
            }
            else if (has_conference(e.id, earlier)) fail(ptr(p, "id"), "facts.duplicate_id", fmt::format("conference id '{}' is used twice", e.id));
            if (have_attendees) load_attendees(attendees, ptr(p, "attendees"), e);
            if (have_reports) load_reports(reports, ptr(p, "reports"), e);
            if (have_exclusions) load_exclusions(exclusions, ptr(p, "exclusions"), e);
        }
        if (e.type == event_type::birth && std::popcount(e.children) != 1 && !out_.children.empty())
            fail(ptr(p, "children"), "facts.bad_value", "a birth event names exactly one child");
        if (!have_date) {
            if (e.type == event_type::conference) every_event_kept_ = false;
            out_.events.pop_back();
        }
    }

    /// Whether one of the first `loaded` events is a conference with this id: a scan while the case
    /// has few events (most cases), a hash set, filled as it is asked, once it has many, so that a
    /// case with thousands of conferences still loads in linear time.
    static constexpr std::size_t few_events = 64;
    bool has_conference(std::string_view id, std::size_t loaded) {
        if (loaded > few_events) return hashed_conference(id, loaded);
        for (std::size_t i = 0; i < loaded; ++i)
            if (const auto& e = out_.events[i]; e.type == event_type::conference && e.id == id) return true;
        return false;
    }
    [[gnu::noinline]] bool hashed_conference(std::string_view id, std::size_t loaded) {
        for (; hashed_ < loaded; ++hashed_)
            if (const auto& e = out_.events[hashed_]; e.type == event_type::conference && !e.id.empty()) conference_ids_.insert(e.id);
        return conference_ids_.contains(id);
    }

    void load_outcome(element v, const ptr& p, event& e) {
        object obj;
        if (!object_of(v, p, obj)) return;
        e.has_outcome = true;
        auto& o = e.outcome;
        for (auto f : obj) {
            if (f.value.is_null()) continue;  // null is not given
            const std::string_view k = f.key;
            const ptr fp(p, k);
            if (is(k, "decision")) {
                if (auto d = word_of(f.value, fp, decision_words, "a decision")) o.decision = static_cast<decision>(*d);
            } else if (is(k, "decided_by")) {
                if (auto d = word_of(f.value, fp, decided_by_words, "a way of deciding")) o.decided_by = static_cast<decided_by>(*d);
            } else if (is(k, "chair_casting_vote")) {
                if (auto d = word_of(f.value, fp, recommendation_words, "a casting vote")) o.chair_casting_vote = static_cast<recommendation>(*d);
            } else if (is(k, "categories")) {
                each(f.value, fp, [&](element c, const ptr& cp) {
                    if (auto i = word_of(c, cp, category_words, "a category of abuse")) o.categories |= bit(static_cast<category>(*i));
                });
            } else if (is(k, "reasons")) o.reasons = string_of(f.value, fp);
            else if (is(k, "exceptional_reason")) o.exceptional_reason = string_of(f.value, fp);
            else if (is(k, "next_review_date")) o.next_review_date = date_of(f.value, fp);
        }
    }

    /// A list of objects (attendees, reports, exclusions) into `into`, recording its range;
    /// `field(item, key, value, pointer)` reads one field of one item.
    template <typename T, typename Field>
    void load_list(element v, const ptr& at, std::vector<T>& into, range& r, Field&& field) {
        r.begin = static_cast<std::uint32_t>(into.size());
        std::uint32_t index = 0;
        each(v, at, [&](element item, const ptr& p) {
            object obj;
            if (!object_of(item, p, obj)) return;
            T x{};
            if constexpr (requires { x.index; }) x.index = index++;
            for (auto f : obj)
                if (!f.value.is_null()) field(x, std::string_view(f.key), f.value, ptr(p, f.key));  // null is not given
            into.push_back(x);
        });
        r.count = static_cast<std::uint32_t>(into.size()) - r.begin;
    }

    void load_attendees(element v, const ptr& at, event& e) {
        load_list(v, at, out_.attendees, e.attendees, [&](attendee& a, std::string_view k, element value, const ptr& fp) {
            if (is(k, "name")) a.name = string_of(value, fp);
            else if (is(k, "kind")) {
                if (auto i = word_of(value, fp, attendee_kind_words, "an attendee kind")) a.kind = static_cast<attendee_kind>(*i);
            } else if (is(k, "agency")) {
                if (auto i = word_of(value, fp, agency_words, "an agency")) a.agency = static_cast<agency>(*i);
            } else if (is(k, "direct_contact_with")) a.direct_contact_with = children_of(value, fp);
            else if (is(k, "line_manager")) a.line_manager = string_of(value, fp);
            else if (is(k, "recommendation")) {
                if (auto i = word_of(value, fp, recommendation_words, "a recommendation")) a.recommendation = static_cast<recommendation>(*i);
            } else if (is(k, "present")) a.present = bool_of(value, fp) != tri::no;
        });
    }

    void load_reports(element v, const ptr& at, event& e) {
        load_list(v, at, out_.reports, e.reports, [&](report& r, std::string_view k, element value, const ptr& fp) {
            if (is(k, "agency")) {
                if (auto i = word_of(value, fp, agency_words, "an agency")) r.agency = static_cast<agency>(*i);
            } else if (is(k, "author")) r.author = string_of(value, fp);
            else if (is(k, "to_chair")) r.to_chair = date_time_of(value, fp);
            else if (is(k, "to_parents")) r.to_parents = date_time_of(value, fp);
            else if (is(k, "recommendation")) {
                if (auto i = word_of(value, fp, recommendation_words, "a recommendation")) r.recommendation = static_cast<recommendation>(*i);
            }
        });
    }

    void load_exclusions(element v, const ptr& at, event& e) {
        load_list(v, at, out_.exclusions, e.exclusions, [&](exclusion& x, std::string_view k, element value, const ptr& fp) {
            if (is(k, "person")) x.person = string_of(value, fp);
            else if (is(k, "grounds")) {
                x.grounds_begin = static_cast<std::uint32_t>(out_.strings.size());
                each(value, fp, [&](element g, const ptr& gp) {
                    auto s = string_of(g, gp);
                    if (!s.empty()) out_.strings.push_back(s);
                });
                x.grounds_count = static_cast<std::uint32_t>(out_.strings.size()) - x.grounds_begin;
            } else if (is(k, "evidence")) x.evidence = bool_of(value, fp);
            else if (is(k, "decided_by")) x.decided_by = string_of(value, fp);
            else if (is(k, "requested_on")) x.requested_on = date_of(value, fp);
            else if (is(k, "notified_in_writing_on")) x.notified_in_writing_on = date_of(value, fp);
            else if (is(k, "scope")) {
                if (auto i = word_of(value, fp, scope_words, "an exclusion scope")) x.scope = scope_words.words()[*i];
            }
            else if (is(k, "reason_recorded")) x.reason_recorded = bool_of(value, fp);
        });
    }

    void resolve_references() {
        std::vector<const event*> by_id;  // the conferences, by id: filled for the first `reconvenes`
        for (const auto& e : out_.events) {
            const ptr events(root_, "events");
            const ptr p(events, e.index);
            if (!e.reconvenes.empty() && !has_conference(e.reconvenes, out_.events.size()))
                fail(ptr(p, "reconvenes"), "facts.unknown_conference", fmt::format("no conference with id '{}' in this case", e.reconvenes));
            else if (!e.reconvenes.empty()) check_reconvened(e, ptr(p, "reconvenes"), by_id);
            if (!e.conference_ref.empty() && !has_conference(e.conference_ref, out_.events.size()))
                fail(ptr(p, "conference"), "facts.unknown_conference", fmt::format("no conference with id '{}' in this case", e.conference_ref));
        }
    }

    /// A sitting resumes an earlier conference: not itself, and not one held after it (on a later
    /// day, or later the same day where both are timed). Only when `reconvenes` names a conference.
    void check_reconvened(const event& e, const ptr& at, std::vector<const event*>& by_id) {
        if (e.reconvenes == e.id) {
            fail(at, "facts.bad_value", fmt::format("conference '{}' names itself as the conference it reconvenes", e.id));
            return;
        }
        if (by_id.empty()) by_id = conferences_by_id();
        const event* resumed = conference_by_id(by_id, e.reconvenes);
        if (resumed && !calendar::on_or_before(resumed->when, e.when))
            fail(at, "facts.bad_value", fmt::format("conference '{}' reconvenes '{}', which is held after it ({})", e.id, e.reconvenes,
                                                    to_string(resumed->when)));
    }

    /// A sitting that resumes another (`reconvenes`) is linked to it (`resumes`); with no kind of
    /// its own it is a sitting of that conference, and has its kind. In date order, so that a
    /// chain of sittings passes the kind on.
    void link_sittings() {
        const auto resuming = [](const event& e) { return e.type == event_type::conference && !e.reconvenes.empty(); };
        if (std::none_of(out_.events.begin(), out_.events.end(), resuming)) return;
        const std::vector<const event*> by_id = conferences_by_id();
        for (auto& e : out_.events) {
            if (!resuming(e)) continue;
            const event* resumed = conference_by_id(by_id, e.reconvenes);
            if (!resumed) continue;
            e.resumes = static_cast<std::int32_t>(resumed - out_.events.data());
            if (e.kind == conference_kind::none) e.kind = resumed->kind;
        }
    }

    /// The case's conferences sorted by id, for conference_by_id() (valid until events move).
    std::vector<const event*> conferences_by_id() const {
        std::vector<const event*> by_id;
        for (const auto& e : out_.events)
            if (e.type == event_type::conference) by_id.push_back(&e);
        std::sort(by_id.begin(), by_id.end(), [](const event* x, const event* y) { return x->id < y->id; });
        return by_id;
    }
    static const event* conference_by_id(const std::vector<const event*>& by_id, std::string_view id) {
        const auto it = std::lower_bound(by_id.begin(), by_id.end(), id, [](const event* x, std::string_view want) { return x->id < want; });
        return it != by_id.end() && (*it)->id == id ? *it : nullptr;
    }

    case_facts& out_;
    std::vector<diagnostic>& errors_;
    bool failed_ = false;
    bool every_event_kept_ = true;  // no event of unknown type dropped, no conference dropped or without its id
    const ptr root_;
    std::unordered_set<std::string_view>& conference_ids_;  // of out_.events[0, hashed_)
    std::size_t hashed_ = 0;
};

// YAML -> JSON text. A plain scalar is text unless it is true, false or null: no case field is a
// number, and `case_id: 1042` names the case "1042".
void yaml_to_json(const YAML::Node& n, std::string& out) {
    switch (n.Type()) {
        case YAML::NodeType::Map: {
            out += '{';
            bool first = true;
            for (auto it = n.begin(); it != n.end(); ++it) {
                if (!first) out += ',';
                first = false;
                detail::append_json_string(out, it->first.Scalar());
                out += ':';
                yaml_to_json(it->second, out);
            }
            out += '}';
            break;
        }
        case YAML::NodeType::Sequence: {
            out += '[';
            for (std::size_t i = 0; i < n.size(); ++i) {
                if (i) out += ',';
                yaml_to_json(n[i], out);
            }
            out += ']';
            break;
        }
        case YAML::NodeType::Scalar: {
            const std::string& s = n.Scalar();
            if (n.Tag() != "!" && (s == "true" || s == "false" || s == "null")) out += s;
            else detail::append_json_string(out, s);
            break;
        }
        default: out += "null";
    }
}

}  // namespace

struct loader::impl {
    simdjson::dom::parser parser;
    std::string buffer;  // padded copy of the input
    std::unordered_set<std::string_view> conference_ids;  // validator's, for a case with many conferences
};

loader::loader() : impl_(std::make_unique<impl>()) {}
loader::~loader() = default;
loader::loader(loader&&) noexcept = default;
loader& loader::operator=(loader&&) noexcept = default;

bool loader::load_json(std::string_view json, case_facts& out, std::vector<diagnostic>& errors) {
    if (json.starts_with(detail::byte_order_mark)) json.remove_prefix(detail::byte_order_mark.size());
    auto& buf = impl_->buffer;
    buf.reserve(json.size() + simdjson::SIMDJSON_PADDING);
    buf.assign(json.data(), json.size());
    element root;
    auto err = impl_->parser.parse(buf.data(), buf.size(), /*realloc_if_needed=*/false).get(root);
    if (err == simdjson::NUMBER_ERROR) {
        zero_numbers(buf);
        err = impl_->parser.parse(buf.data(), buf.size(), /*realloc_if_needed=*/false).get(root);
    }
    if (err) {
        out.clear();
        diagnostic d;
        d.code = "facts.bad_json";
        // UTF-16 (what some Windows tools write by default) has a NUL byte in every
        // ASCII character; simdjson's own message would speak of unescaped characters.
        const bool utf16 = std::memchr(json.data(), '\0', json.size()) != nullptr;
        // One NUL, at the end: a C string's terminator counted in its length.
        const bool terminator = utf16 && json.back() == '\0' && std::memchr(json.data(), '\0', json.size() - 1) == nullptr;
        if (terminator) {
            d.message = "not valid JSON: the text ends in a NUL byte (a C string's terminator counted in its length?)";
        } else if (utf16) {
            d.message = "not valid JSON: the text has NUL bytes; is it UTF-16? Cases are read as UTF-8";
        } else if (const auto where = first_json_syntax_error(json, impl_->parser.max_depth())) {
            // simdjson says why but not where: the scanner finds the place, in the text as
            // given (less a byte order mark), where numbers of any size are numbers.
            d.message = "not valid JSON: " + where->reason;
            const auto at = position_of(json, where->offset);
            d.location.line = static_cast<int>(std::min<std::size_t>(at.line, INT_MAX));
            d.location.column = static_cast<int>(std::min<std::size_t>(at.column, INT_MAX));
        } else {
            d.message = fmt::format("not valid JSON: {}", simdjson::error_message(err));
        }
        d.pointer = "";
        errors.push_back(std::move(d));
        return false;
    }
    return validator(out, errors, impl_->conference_ids).run(root);
}

bool loader::load_yaml(std::string_view yaml, case_facts& out, std::vector<diagnostic>& errors) {
    std::string json;
    try {
        YAML::Node root = detail::load_one_document(
            std::string(yaml), "a second YAML document: a case file holds one case (for several, use JSON Lines or a directory)");
        yaml_to_json(root, json);
    } catch (const YAML::Exception& e) {
        out.clear();
        diagnostic d;
        d.code = "facts.bad_yaml";
        d.message = fmt::format("not valid YAML: {}", e.msg);
        d.location.line = e.mark.line + 1;
        d.location.column = e.mark.column + 1;
        errors.push_back(std::move(d));
        return false;
    }
    // Always JSON simdjson reads: strings escaped, no numbers, and yaml-cpp refuses nesting
    // deeper than about 500, where simdjson's limit is 1024.
    return load_json(json, out, errors);
}

}  // namespace cprules::facts
