// What is due next, and what is late or overdue, for one case: the C++ API.
// Usage: next_due [--json] CASE.json [POLICY [AS_OF]]   (defaults: york, 2025-03-01)
#include <cprules/cprules.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <string>
#include <vector>

namespace {

std::string label(const cprules::finding& f) {
    std::string s = f.rule + (f.variant.empty() ? "" : "/" + f.variant);
    std::string who = f.child.empty() ? "" : "child " + f.child;
    if (!f.subject.empty()) who += (who.empty() ? "" : ", ") + f.subject;
    return who.empty() ? s : s + " (" + who + ")";
}

// Findings with the given statuses, by due date (stable: ties keep their order).
std::vector<const cprules::finding*> by_due(const cprules::evaluation& e, std::initializer_list<cprules::finding_status> statuses) {
    std::vector<const cprules::finding*> out;
    for (const auto& f : e.findings)
        if (f.due && std::find(statuses.begin(), statuses.end(), f.status) != statuses.end()) out.push_back(&f);
    std::stable_sort(out.begin(), out.end(), [](auto* a, auto* b) { return *a->due < *b->due; });
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    const bool json = !args.empty() && args[0] == "--json";
    if (json) args.erase(args.begin());
    if (args.empty() || args.size() > 3) {
        std::fprintf(stderr, "usage: next_due [--json] CASE.json [POLICY [AS_OF]]\n");
        return 2;
    }
    std::ifstream in(args[0], std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "next_due: cannot read %s\n", args[0].c_str());
        return 2;
    }
    const std::string case_json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto as_of = cprules::parse_date(args.size() > 2 ? args[2] : "2025-03-01");
    auto policy = cprules::policy::load(args.size() > 1 ? args[1] : "york");
    if (!policy || !as_of) {
        for (const auto& d : policy.diagnostics()) std::fprintf(stderr, "%s\n", to_string(d).c_str());
        if (!as_of) std::fprintf(stderr, "next_due: bad as-of date\n");
        return 2;
    }

    const cprules::evaluation e = cprules::evaluate(*policy, case_json, *as_of);
    if (json) {
        std::printf("%s\n", e.to_json().c_str());
        return 0;
    }
    for (const auto& d : e.errors) std::fprintf(stderr, "%s\n", to_string(d).c_str());
    std::printf("%s as of %s (%s %s)\n", e.case_id.c_str(), to_string(e.as_of).c_str(), policy->id().c_str(),
                policy->version().c_str());
    using enum cprules::finding_status;
    const auto next = by_due(e, {pending});
    std::printf("Due next:%s\n", next.empty() ? " nothing" : "");
    for (const auto* f : next) std::printf("  %s %s\n", to_string(*f->due).c_str(), label(*f).c_str());
    const auto behind = by_due(e, {late, overdue});
    std::printf("Late or overdue:%s\n", behind.empty() ? " nothing" : "");
    for (const auto* f : behind) {
        std::string how = f->status == overdue ? "overdue"
                                               : "late by " + std::to_string(f->days_late) + (f->days_late == 1 ? " day" : " days");
        std::printf("  %s %s: %s\n", to_string(*f->due).c_str(), label(*f).c_str(), how.c_str());
    }
    return e.ok() ? 0 : 1;
}
