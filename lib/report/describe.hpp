// Rules in plain words: one sentence per rule, and the same broken into named
// aspects ("anchor", "offset", "required" ...) so that two versions of a rule
// can be compared aspect by aspect (`cprules diff`, `cprules compare`,
// `cprules explain`).
#pragma once

#include "policy/policy.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cprules::report {

/// One aspect of a rule. Set-valued aspects (required agencies, grounds ...)
/// also list their `items`, and say how an item added or removed reads.
struct aspect {
    std::string name;                // "offset"
    std::string words;               // "15 working days after"
    std::vector<std::string> items;  // for sets: "police", "health" ...
    bool is_set = false;
    std::string added, removed;      // "{} now required", "{} no longer required"
    std::string group;               // aspects that replace one another ("due": anchor + offset, or earliest_of)
};

struct rule_description {
    std::string text;              // the whole rule: "15 working days after the last strategy discussion; done by ..."
    std::vector<aspect> aspects;   // severity, applies when, then the kind's parameters, in a fixed order
    std::vector<std::pair<std::string, std::string>> groups;  // group name -> its aspects as one phrase
    std::string group_words(std::string_view group) const;  // the words of a group as one phrase
};

/// "strategy discussion" / "strategy discussions".
std::string event_noun(facts::event_type t, bool plural = false);
/// "social care", "early years" ...
std::string agency_words(facts::agency_set agencies);
/// "1 working day after" / "3 months before".
std::string offset_words(calendar::offset o);
/// "the last strategy discussion where event.s47_initiated"; `pick` false: "a section 47 outcome where ...".
std::string selector_words(const policy::selector& s, bool pick = true);
/// "the expected date of delivery", "the start of the plan" or a selector's words.
std::string anchor_origin_words(const policy::anchor& a);
/// "15 working days after the last strategy discussion".
std::string anchor_words(const policy::anchor& a);
/// One anchor, or "the earliest of: A; B".
std::string due_words(const policy::due_rule& d);
/// What satisfies a conference or item deadline: "minutes circulated", "a report to the chair" ...
std::string_view field_words(policy::conference_field f);
std::string_view field_words(policy::item_field f);

/// The rule in plain words. The policy supplies the words of exclusion grounds.
rule_description describe(const policy::rule& r, const policy::compiled_policy& p);

/// "icpc.timescale" or "reports.to_chair (initial)".
std::string rule_label(const policy::rule& r);
/// The part of a rule id before the first '.': "icpc", "reports", "quorum".
std::string_view rule_area(std::string_view id);
/// A sort key putting contract section 3's canonical ids first, in the contract's order.
int canonical_rank(std::string_view id);

}  // namespace cprules::report
