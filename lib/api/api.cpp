// The public C++ API: policy handles and evaluate().
#include "api/internal.hpp"

#include <algorithm>

#ifndef CPRULES_VERSION
#define CPRULES_VERSION "0.0.0"
#endif

namespace cprules::inline v1 {

std::string_view version() noexcept { return CPRULES_VERSION; }

static_assert(static_cast<int>(finding_status::met) == static_cast<int>(eval::status::met) &&
              static_cast<int>(finding_status::pending) == static_cast<int>(eval::status::pending) &&
              static_cast<int>(finding_status::late) == static_cast<int>(eval::status::late) &&
              static_cast<int>(finding_status::overdue) == static_cast<int>(eval::status::overdue) &&
              static_cast<int>(finding_status::breached) == static_cast<int>(eval::status::breached) &&
              static_cast<int>(finding_status::waived) == static_cast<int>(eval::status::waived),
              "finding_status mirrors eval::status");

namespace {

result<policy> wrap(std::shared_ptr<const api::compiled::compiled_policy> compiled, std::vector<diagnostic> diags) {
    if (!compiled) return result<policy>::failure(std::move(diags));
    auto p = std::make_shared<policy_access::impl>(std::move(compiled));
    for (const auto& r : p->compiled->rules)
        if (std::find(p->rule_ids.begin(), p->rule_ids.end(), r.id) == p->rule_ids.end()) p->rule_ids.push_back(r.id);
    return result<policy>::success(policy_access::make(std::move(p)), std::move(diags));
}

// One per thread, kept between calls: the facts loader's buffers and the
// evaluator's scratch space are reused, so a warm thread allocates little.
struct worker {
    facts::loader loader;
    facts::case_facts facts;
    std::vector<diagnostic> errors;  // evaluate_json's
    std::string scratch;             // report::json_writer's
    std::weak_ptr<const api::compiled::compiled_policy> built_for;  // the policy `evaluator` was built for
    std::unique_ptr<eval::evaluator> evaluator;

    eval::evaluator& evaluator_for(const std::shared_ptr<const api::compiled::compiled_policy>& p) {
        // Owner comparison: the weak_ptr keeps its control block alive, so a
        // policy freed since cannot be mistaken for a new one at the same address.
        if (!evaluator || built_for.owner_before(p) || p.owner_before(built_for)) {
            evaluator = std::make_unique<eval::evaluator>(*p);
            built_for = p;
        }
        return *evaluator;
    }
};

worker& this_thread_worker() {
    thread_local worker w;
    return w;
}

/// After a case of more than this many bytes the thread's worker is let go: its buffers grew to
/// what that case needed (hundreds of megabytes for a case of tens), and a pooled host thread
/// would keep them for good. An ordinary case is a few kilobytes.
constexpr std::size_t large_case_bytes = 256 * 1024;

void release_after(worker& w, std::string_view case_json) {
    if (case_json.size() > large_case_bytes) w = worker{};
}

std::optional<date_time> optional_date(bool has, date_time d) { return has ? std::optional<date_time>(d) : std::nullopt; }

finding convert(const eval::finding& f, const facts::case_facts& c) {
    const auto& rule = *f.rule;
    finding out;
    out.rule = rule.id;
    out.variant = rule.variant;
    if (f.child >= 0) out.child = c.children[static_cast<std::size_t>(f.child)].id;
    if (f.subject) out.subject = f.subject->id.empty() ? eval::subject_name(*f.subject) : std::string(f.subject->id);
    if (f.item >= 0) {
        (api::compiled::item_key(rule) == "exclusion" ? out.exclusion : out.report) = f.item;
    }
    out.status = static_cast<finding_status>(f.state);
    out.due = optional_date(f.has_due, f.due);
    out.done = optional_date(f.has_done, f.done);
    out.days_late = f.state == eval::status::late ? f.days_late : 0;
    out.severity = rule.severity == api::compiled::severity::violation ? finding_severity::violation : finding_severity::advice;
    out.message = eval::message(f, c);
    out.source = {rule.source.document, rule.source.section, rule.source.quote};
    return out;
}

}  // namespace

result<policy> policy::load(std::string_view name_or_path) {
    std::vector<diagnostic> diags;
    auto compiled = api::compiled::load(std::string(name_or_path), diags);
    return wrap(std::move(compiled), std::move(diags));
}

result<policy> policy::load_yaml(std::string_view yaml, std::string_view file_name) {
    std::vector<diagnostic> diags;
    auto compiled = api::compiled::load_text(std::string(yaml), std::string(file_name), diags);
    return wrap(std::move(compiled), std::move(diags));
}

std::vector<std::string> policy::bundled_names() { return api::compiled::bundled_names(); }

const std::string& policy::id() const noexcept { return impl_->compiled->id; }
const std::string& policy::title() const noexcept { return impl_->compiled->title; }
const std::string& policy::version() const noexcept { return impl_->compiled->version; }
const std::string& policy::partnership() const noexcept { return impl_->compiled->partnership; }
const std::string& policy::file() const noexcept { return impl_->compiled->file; }
const std::vector<std::string>& policy::rule_ids() const noexcept { return impl_->rule_ids; }

std::string_view to_string(finding_status s) noexcept { return eval::status_names[static_cast<std::size_t>(s)]; }
std::string_view to_string(finding_severity s) noexcept { return s == finding_severity::violation ? "violation" : "advice"; }

std::uint32_t summary::count(finding_status s) const noexcept {
    switch (s) {
        case finding_status::met: return met;
        case finding_status::pending: return pending;
        case finding_status::late: return late;
        case finding_status::overdue: return overdue;
        case finding_status::breached: return breached;
        case finding_status::waived: return waived;
    }
    return 0;
}

evaluation evaluate(const policy& p, std::string_view case_json, date as_of) {
    const auto& compiled = policy_access::get(p).compiled;
    worker& w = this_thread_worker();
    evaluation out;
    out.as_of = as_of;
    const bool loaded = w.loader.load_json(case_json, w.facts, out.errors);
    out.case_id = w.facts.case_id;
    if (!loaded) {
        release_after(w, case_json);
        return out;
    }
    out.policy = policy_info{compiled->id, compiled->version, compiled->title};
    eval::evaluator& ev = w.evaluator_for(compiled);
    const auto& found = ev.run(w.facts, as_of);
    out.findings.reserve(found.size());
    std::uint32_t* counts[] = {&out.summary.met, &out.summary.pending, &out.summary.late,
                               &out.summary.overdue, &out.summary.breached, &out.summary.waived};
    for (const auto& f : found) {
        out.findings.push_back(convert(f, w.facts));
        ++*counts[static_cast<std::size_t>(f.state)];
    }
    out.errors.insert(out.errors.end(), ev.errors().begin(), ev.errors().end());
    release_after(w, case_json);
    return out;
}

json_stats evaluate_json(const policy& p, std::string_view case_json, date as_of, std::string& out,
                         std::string_view origin) {
    const auto& impl = policy_access::get(p);
    const auto& compiled = impl.compiled;
    worker& w = this_thread_worker();
    w.errors.clear();
    const std::vector<eval::finding>* found = nullptr;
    const eval::evaluator* ev = nullptr;
    if (w.loader.load_json(case_json, w.facts, w.errors)) {
        eval::evaluator& e = w.evaluator_for(compiled);
        found = &e.run(w.facts, as_of);
        ev = &e;
        w.errors.insert(w.errors.end(), ev->errors().begin(), ev->errors().end());
    }
    // As the CLI writes it (tools/cprules/check_command.cpp): no policy when the facts did not load.
    const report::case_output c{found ? compiled.get() : nullptr, &w.facts, found, &w.errors, as_of,
                                w.errors.empty() ? std::string_view{} : origin, 0x3f, ev ? &ev->summary() : nullptr};
    if (found) impl.json.append(out, c, w.scratch);
    else report::append_json(out, c, false);
    json_stats stats;
    stats.errors = w.errors.size();
    if (found) {
        stats.findings = found->size();
        const auto counts = ev->summary().counts;
        stats.summary = {counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]};
    }
    release_after(w, case_json);
    return stats;
}

}  // namespace cprules::v1
