// The C API (include/cprules/cprules.h): a thin layer over the public C++ API
// (evaluate_json, the fast path). Every entry point catches everything;
// nothing but return codes leaves here.
#include <cprules/cprules.h>
#include <cprules/cprules.hpp>

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#ifndef CPRULES_VERSION
#define CPRULES_VERSION "0.0.0"
#endif

namespace {
// cprules_result_finding's field names: a finding's keys, its source's, and its case's case_id.
constexpr std::array<std::string_view, 16> finding_fields = {
    "case_id", "rule", "variant", "child", "subject", "report", "exclusion", "status",
    "due", "done", "days_late", "severity", "message", "document", "section", "quote"};

}  // namespace

struct cprules_policy {
    cprules::policy policy;
};

struct cprules_result {
    std::string json;  // one object, or JSON Lines for a batch
    std::size_t cases = 0, cases_with_errors = 0, findings = 0;
    std::array<std::size_t, 6> counts{};
    // The findings' fields, read back from `json` on first use of cprules_result_finding().
    mutable std::once_flag rows_once;
    mutable std::vector<std::array<std::string, finding_fields.size()>> rows;
};

namespace {

// Per-thread state: the last error message and the last policy load's diagnostics.
struct thread_state {
    std::string last_error;
    std::vector<cprules::diagnostic> diagnostics;
};

thread_state& state() noexcept {
    thread_local thread_state s;
    return s;
}

int fail(int code, const char* message) noexcept {
    try {
        state().last_error = message;
    } catch (...) {
        state().last_error.clear();  // no memory for the message: "" rather than a stale one
    }
    return code;
}

int fail(int code, const std::string& message) noexcept { return fail(code, message.c_str()); }

// Runs `body` (which returns a status code) with the error cleared first and
// every exception turned into a code.
template <class Body>
int guarded(Body&& body) noexcept {
    try {
        state().last_error.clear();
        return body();
    } catch (const std::bad_alloc&) {
        return fail(CPRULES_E_INTERNAL, "out of memory");
    } catch (const std::exception& e) {
        return fail(CPRULES_E_INTERNAL, std::string("internal error: ") + e.what());
    } catch (...) {
        return fail(CPRULES_E_INTERNAL, "internal error");
    }
}

int load_result(cprules::result<cprules::policy> loaded, cprules_policy** out) {
    auto& diags = state().diagnostics;
    diags = loaded.diagnostics();
    if (!loaded) {
        std::string message;
        for (const auto& d : diags) {
            if (d.severity != cprules::diagnostic_severity::error) continue;
            if (!message.empty()) message += '\n';
            message += to_string(d);
        }
        return fail(CPRULES_E_POLICY, message.empty() ? std::string("the policy does not load") : message);
    }
    *out = new cprules_policy{std::move(loaded).value()};
    return CPRULES_OK;
}

const cprules::diagnostic* diagnostic_at(std::size_t index) noexcept {
    const auto& diags = state().diagnostics;
    return index < diags.size() ? &diags[index] : nullptr;
}

// "" or NULL: today's date in England, from the system clock.
bool as_of_date(const char* text, cprules::date& out) {
    if (text == nullptr || *text == '\0') {
        out = cprules::today_in_england();
        return true;
    }
    std::string why;
    const auto d = cprules::parse_date(text, &why);
    if (!d) {
        fail(CPRULES_E_INPUT, "as_of: " + why);
        return false;
    }
    out = *d;
    return true;
}

// Appends a case's JSON (and a newline, for JSON Lines) and counts it.
void add(cprules_result& r, const cprules::policy& p, std::string_view case_json, cprules::date as_of,
         std::string_view origin, bool newline) {
    const auto stats = cprules::evaluate_json(p, case_json, as_of, r.json, origin);
    if (newline) r.json += '\n';
    ++r.cases;
    if (stats.errors > 0) ++r.cases_with_errors;
    r.findings += stats.findings;
    for (std::size_t s = 0; s < r.counts.size(); ++s) r.counts[s] += stats.summary.count(static_cast<cprules::finding_status>(s));
}

std::size_t field_index(std::string_view name) {
    return static_cast<std::size_t>(std::find(finding_fields.begin(), finding_fields.end(), name) - finding_fields.begin());
}

// Reads the findings back from the result's own JSON (one object per line).
void read_rows_or_throw(const cprules_result& r) {
    simdjson::dom::parser parser;
    const std::string_view json(r.json);
    for (std::size_t pos = 0; pos < json.size();) {
        std::size_t end = json.find('\n', pos);
        if (end == std::string_view::npos) end = json.size();
        const simdjson::padded_string line(json.substr(pos, end - pos));
        pos = end + 1;
        simdjson::dom::element doc;
        simdjson::dom::array findings;
        std::string_view case_id;
        if (parser.parse(line).get(doc) || doc["case_id"].get(case_id) || doc["findings"].get(findings))
            throw std::runtime_error("cannot read back the result's JSON");
        for (simdjson::dom::element f : findings) {
            auto& row = r.rows.emplace_back();
            row[0] = case_id;
            auto set = [&row](std::string_view key, simdjson::dom::element value) {
                const std::size_t i = field_index(key);
                if (i == finding_fields.size()) return;
                std::string_view text;
                std::int64_t number = 0;
                if (!value.get(text)) row[i] = text;
                else if (!value.get(number)) row[i] = std::to_string(number);
            };
            simdjson::dom::object fields, source;
            if (f.get(fields)) continue;
            for (auto field : fields) {
                if (field.key == "source" && !field.value.get(source))
                    for (auto s : source) set(s.key, s.value);
                else set(field.key, field.value);
            }
        }
    }
}

// It never throws: std::call_once would not count a throwing call as done, and every
// later call would read the JSON again. JSON it cannot read (which the writer never
// makes) leaves no rows.
void read_rows(const cprules_result& r) noexcept {
    try {
        read_rows_or_throw(r);
    } catch (...) {
        r.rows.clear();
    }
}

template <class Each>
int check(const cprules_policy* policy, const char* text, const char* as_of, cprules_result** out, Each&& each) {
    if (out) *out = nullptr;
    if (!policy || !text || !out) return fail(CPRULES_E_INVALID_ARGUMENT, "policy, case text and out must not be NULL");
    cprules::date day;
    if (!as_of_date(as_of, day)) return CPRULES_E_INPUT;
    auto r = std::make_unique<cprules_result>();
    each(*r, day);
    *out = r.release();
    return CPRULES_OK;
}

}  // namespace

extern "C" {

const char* cprules_version(void) { return CPRULES_VERSION; }

const char* cprules_last_error(void) { return state().last_error.c_str(); }

int cprules_policy_load(const char* name_or_path, cprules_policy** out) {
    return guarded([&] {
        if (out) *out = nullptr;
        state().diagnostics.clear();
        if (!name_or_path || !out) return fail(CPRULES_E_INVALID_ARGUMENT, "name_or_path and out must not be NULL");
        return load_result(cprules::policy::load(name_or_path), out);
    });
}

int cprules_policy_load_yaml(const char* yaml, size_t length, const char* file_name, cprules_policy** out) {
    return guarded([&] {
        if (out) *out = nullptr;
        state().diagnostics.clear();
        if (!yaml || !out) return fail(CPRULES_E_INVALID_ARGUMENT, "yaml and out must not be NULL");
        return load_result(cprules::policy::load_yaml({yaml, length}, file_name ? file_name : "<yaml>"), out);
    });
}

void cprules_policy_free(cprules_policy* policy) { delete policy; }

const char* cprules_policy_id(const cprules_policy* policy) { return policy ? policy->policy.id().c_str() : ""; }
const char* cprules_policy_version(const cprules_policy* policy) { return policy ? policy->policy.version().c_str() : ""; }
const char* cprules_policy_title(const cprules_policy* policy) { return policy ? policy->policy.title().c_str() : ""; }

size_t cprules_diagnostic_count(void) { return state().diagnostics.size(); }
const char* cprules_diagnostic_code(size_t index) {
    const auto* d = diagnostic_at(index);
    return d ? d->code.c_str() : "";
}
const char* cprules_diagnostic_message(size_t index) {
    const auto* d = diagnostic_at(index);
    return d ? d->message.c_str() : "";
}
const char* cprules_diagnostic_file(size_t index) {
    const auto* d = diagnostic_at(index);
    return d ? d->location.file.c_str() : "";
}
int cprules_diagnostic_line(size_t index) {
    const auto* d = diagnostic_at(index);
    return d ? d->location.line : 0;
}
int cprules_diagnostic_column(size_t index) {
    const auto* d = diagnostic_at(index);
    return d ? d->location.column : 0;
}
int cprules_diagnostic_is_error(size_t index) {
    const auto* d = diagnostic_at(index);
    return d && d->severity == cprules::diagnostic_severity::error ? 1 : 0;
}

int cprules_check_json(const cprules_policy* policy, const char* case_json, size_t length, const char* as_of,
                       cprules_result** out) {
    return guarded([&] {
        return check(policy, case_json, as_of, out, [&](cprules_result& r, cprules::date day) {
            add(r, policy->policy, {case_json, length}, day, {}, false);
        });
    });
}

int cprules_check_jsonl(const cprules_policy* policy, const char* jsonl, size_t length, const char* as_of,
                        cprules_result** out) {
    return guarded([&] {
        return check(policy, jsonl, as_of, out, [&](cprules_result& r, cprules::date day) {
            const std::string_view text(jsonl, length);
            // The findings' JSON runs to a few times the facts': reserving saves regrowing a big string.
            r.json.reserve(std::min<std::size_t>(length, std::size_t{16} << 20) * 4);
            std::size_t number = 0;
            for (std::size_t pos = 0; pos < text.size();) {
                std::size_t end = text.find('\n', pos);
                if (end == std::string_view::npos) end = text.size();
                std::string_view line = text.substr(pos, end - pos);
                pos = end + 1;
                ++number;
                // As the CLI reads JSON Lines: trailing blanks dropped, blank lines are not cases.
                while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
                if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
                add(r, policy->policy, line, day, "line " + std::to_string(number), true);
            }
        });
    });
}

const char* cprules_result_json(const cprules_result* result) { return result ? result->json.c_str() : ""; }
size_t cprules_result_json_length(const cprules_result* result) { return result ? result->json.size() : 0; }
size_t cprules_result_case_count(const cprules_result* result) { return result ? result->cases : 0; }
size_t cprules_result_cases_with_errors(const cprules_result* result) { return result ? result->cases_with_errors : 0; }
size_t cprules_result_count(const cprules_result* result, int status) {
    if (!result || status < 0 || status >= static_cast<int>(result->counts.size())) return 0;
    return result->counts[static_cast<std::size_t>(status)];
}

size_t cprules_result_finding_count(const cprules_result* result) { return result ? result->findings : 0; }

const char* cprules_result_finding(const cprules_result* result, size_t index, const char* field) {
    try {
        if (!result || !field || index >= result->findings) return nullptr;
        const std::size_t i = field_index(field);
        if (i == finding_fields.size()) return nullptr;
        std::call_once(result->rows_once, read_rows, std::cref(*result));
        return index < result->rows.size() ? result->rows[index][i].c_str() : nullptr;
    } catch (...) {
        return nullptr;
    }
}

void cprules_result_free(cprules_result* result) { delete result; }

}  // extern "C"
