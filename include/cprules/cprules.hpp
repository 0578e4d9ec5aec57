// cprules: the public C++ API (version 1).
//
// Load a policy once, share it, evaluate many cases against it:
//
//     auto p = cprules::policy::load("york");
//     if (!p) { for (auto& d : p.diagnostics()) std::puts(to_string(d).c_str()); return 2; }
//     auto e = cprules::evaluate(*p, case_json, *cprules::parse_date("2025-03-01"));
//     for (const auto& f : e.findings) ...          // or: std::puts(e.to_json().c_str());
//
// Everything here is in the versioned inline namespace cprules::v1 and uses
// only standard types; docs/api.md says what v1 promises. Bad input (a policy
// that does not load, case facts with errors) is reported as values, never as
// exceptions; exceptions are left only for resource failure (std::bad_alloc).
#pragma once

#include <cprules/date.hpp>
#include <cprules/diagnostic.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cprules {
inline namespace v1 {

/// The library version, e.g. "0.1.0".
std::string_view version() noexcept;

/// A value, or the diagnostics that say why there is none. Diagnostics may
/// accompany a value too (warnings).
template <class T>
class result {
public:
    static result success(T value, std::vector<diagnostic> warnings = {}) {
        return result(std::optional<T>(std::move(value)), std::move(warnings));
    }
    static result failure(std::vector<diagnostic> errors) { return result(std::nullopt, std::move(errors)); }

    bool has_value() const noexcept { return value_.has_value(); }
    explicit operator bool() const noexcept { return has_value(); }
    /// Precondition: has_value() (otherwise std::bad_optional_access: misuse).
    const T& value() const& { return value_.value(); }
    T& value() & { return value_.value(); }
    T&& value() && { return std::move(value_).value(); }
    const T& operator*() const& { return value(); }
    T& operator*() & { return value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }
    /// Errors when there is no value; any warnings when there is.
    const std::vector<diagnostic>& diagnostics() const noexcept { return diagnostics_; }

private:
    result(std::optional<T> value, std::vector<diagnostic> diags)
        : value_(std::move(value)), diagnostics_(std::move(diags)) {}
    std::optional<T> value_;
    std::vector<diagnostic> diagnostics_;
};

/// A compiled policy: immutable, cheap to copy (copies share one compiled
/// policy), and safe to use from any number of threads at once.
class policy {
public:
    /// A bundled policy name ("york": looked up in $CPRULES_DATA_DIR, else the
    /// installed share/cprules/policies) or a path to a policy file.
    static result<policy> load(std::string_view name_or_path);
    /// Policy YAML text. `file_name` names it in diagnostics and resolves a
    /// relative `extends` or `calendar`; a bundled `extends` is found as for load().
    static result<policy> load_yaml(std::string_view yaml, std::string_view file_name = "<yaml>");
    /// The names load() accepts without a path, sorted.
    static std::vector<std::string> bundled_names();

    const std::string& id() const noexcept;
    const std::string& title() const noexcept;
    const std::string& version() const noexcept;
    const std::string& partnership() const noexcept;
    /// Where it was loaded from (the path, or load_yaml's file_name).
    const std::string& file() const noexcept;
    /// The rule ids in policy order, each once (rules may share an id and differ by variant).
    const std::vector<std::string>& rule_ids() const noexcept;

    /// True when both handles share one compiled policy.
    friend bool operator==(const policy& a, const policy& b) noexcept { return a.impl_ == b.impl_; }

private:
    struct impl;
    explicit policy(std::shared_ptr<const impl> p) noexcept : impl_(std::move(p)) {}
    std::shared_ptr<const impl> impl_;
    friend struct policy_access;  // the implementation's door to impl
};

/// Contract section 2.
enum class finding_status : std::uint8_t { met, pending, late, overdue, breached, waived };
/// What a failure of the rule means: the procedure says must/should, or consider/normally.
enum class finding_severity : std::uint8_t { violation, advice };
std::string_view to_string(finding_status s) noexcept;    // "met", "pending", ...
std::string_view to_string(finding_severity s) noexcept;  // "violation", "advice"

/// Where in the procedure a rule comes from.
struct source_ref {
    std::string document, section, quote;
    friend bool operator==(const source_ref&, const source_ref&) = default;
};

/// One rule applied to one case (and child, and conference or event).
struct finding {
    std::string rule;     // canonical id (contract section 3) or the policy's own
    std::string variant;  // distinguishes rules sharing an id; usually empty
    std::string child;    // empty when the rule is not per child
    std::string subject;  // the conference id, or `type@date` for another event; empty when none
    std::optional<int> report;     // index of the report in the subject conference's `reports`
    std::optional<int> exclusion;  // index of the exclusion in the subject conference's `exclusions`
    finding_status status = finding_status::met;
    std::optional<date_time> due;  // absent for constraints
    std::optional<date_time> done;
    std::int32_t days_late = 0;    // calendar days after `due`; non-zero only when status is late
    finding_severity severity = finding_severity::violation;
    std::string message;
    source_ref source;
    friend bool operator==(const finding&, const finding&) = default;
};

/// How many findings have each status.
struct summary {
    std::uint32_t met = 0, pending = 0, late = 0, overdue = 0, breached = 0, waived = 0;
    std::uint32_t count(finding_status s) const noexcept;
    friend bool operator==(const summary&, const summary&) = default;
};

/// The policy an evaluation used, as the JSON names it.
struct policy_info {
    std::string id, version, title;
    friend bool operator==(const policy_info&, const policy_info&) = default;
};

/// The outcome of evaluating one case: a plain value.
struct evaluation {
    std::string case_id;               // as the case gave it ("" when it could not be read)
    std::optional<policy_info> policy; // absent when the case facts did not load (then no findings)
    date as_of;
    std::string origin;                // where the case came from ("cases.jsonl:17"), for the JSON of a case with errors
    std::vector<finding> findings;
    cprules::summary summary;
    /// Input errors: code, message and JSON pointer (`/events/3/date`). A case
    /// with errors in its facts has no findings; a date outside the policy's
    /// calendar gives an error alongside the other findings.
    std::vector<diagnostic> errors;

    bool ok() const noexcept { return errors.empty(); }
    /// Contract section 2, on one line, byte for byte what `cprules check
    /// --format jsonl` prints for the case (without the newline). As the CLI
    /// does, `origin` is written only for a case with errors (and not when empty).
    std::string to_json() const;
    friend bool operator==(const evaluation&, const evaluation&) = default;
};

/// Evaluates one case (contract section 1, JSON text) as of `as_of`: never
/// reads the clock. Thread-safe: any number of threads may evaluate against
/// one policy at once (each thread keeps its own reusable scratch space).
evaluation evaluate(const policy& p, std::string_view case_json, date as_of);

/// What evaluate_json() tells besides the JSON.
struct json_stats {
    cprules::summary summary;
    std::size_t findings = 0;
    std::size_t errors = 0;  // input errors; 0 when the case evaluated cleanly
    friend bool operator==(const json_stats&, const json_stats&) = default;
};

/// The fast path for hosts that want JSON: appends to `out` exactly what
/// `evaluate(p, case_json, as_of)` with `origin` set would give from to_json(),
/// written straight from the engine without building the values (about
/// twice as fast). Thread-safe as evaluate() is.
json_stats evaluate_json(const policy& p, std::string_view case_json, date as_of, std::string& out,
                         std::string_view origin = {});

}  // namespace v1
}  // namespace cprules
