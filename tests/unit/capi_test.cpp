// The C API's error paths and accessors (include/cprules/cprules.h).
#include <cprules/cprules.h>
#include <cprules/cprules.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

namespace {

const std::string source_dir = CPRULES_TEST_SOURCE_DIR;
const std::string york_path = source_dir + "/policies/york.yaml";

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A loaded policy, freed at scope exit.
struct policy_handle {
    cprules_policy* p = nullptr;
    ~policy_handle() { cprules_policy_free(p); }
};
struct result_handle {
    cprules_result* r = nullptr;
    ~result_handle() { cprules_result_free(r); }
    std::string json() const { return cprules_result_json(r); }
};

cprules_policy* york() {
    static policy_handle h;
    if (!h.p) REQUIRE(cprules_policy_load(york_path.c_str(), &h.p) == CPRULES_OK);
    return h.p;
}

std::string today() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm local{};
    localtime_r(&now, &local);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
    return buf;
}

}  // namespace

TEST_CASE("capi: version and a clean error state", "[capi]") {
    CHECK(std::string(cprules_version()) == std::string(cprules::version()));
    CHECK(std::string(cprules_last_error()).empty());
}

TEST_CASE("capi: null arguments are CPRULES_E_INVALID_ARGUMENT, never a crash", "[capi]") {
    cprules_policy* p = reinterpret_cast<cprules_policy*>(0x1);  // must be reset to NULL
    CHECK(cprules_policy_load(nullptr, &p) == CPRULES_E_INVALID_ARGUMENT);
    CHECK(p == nullptr);
    CHECK(std::string(cprules_last_error()) == "name_or_path and out must not be NULL");
    CHECK(cprules_policy_load("york", nullptr) == CPRULES_E_INVALID_ARGUMENT);
    CHECK(cprules_policy_load_yaml(nullptr, 0, nullptr, &p) == CPRULES_E_INVALID_ARGUMENT);

    cprules_result* r = reinterpret_cast<cprules_result*>(0x1);
    const char json[] = "{}";
    CHECK(cprules_check_json(nullptr, json, 2, "2025-03-01", &r) == CPRULES_E_INVALID_ARGUMENT);
    CHECK(r == nullptr);
    CHECK(cprules_check_json(york(), nullptr, 0, "2025-03-01", &r) == CPRULES_E_INVALID_ARGUMENT);
    CHECK(cprules_check_json(york(), json, 2, "2025-03-01", nullptr) == CPRULES_E_INVALID_ARGUMENT);
    CHECK(cprules_check_jsonl(york(), nullptr, 0, "2025-03-01", &r) == CPRULES_E_INVALID_ARGUMENT);
    CHECK(std::string(cprules_last_error()) == "policy, case text and out must not be NULL");

    // Accessors and frees take NULL quietly.
    CHECK(std::string(cprules_result_json(nullptr)).empty());
    CHECK(cprules_result_json_length(nullptr) == 0);
    CHECK(cprules_result_case_count(nullptr) == 0);
    CHECK(cprules_result_cases_with_errors(nullptr) == 0);
    CHECK(cprules_result_count(nullptr, CPRULES_STATUS_MET) == 0);
    CHECK(cprules_result_finding_count(nullptr) == 0);
    CHECK(cprules_result_finding(nullptr, 0, "rule") == nullptr);
    CHECK(std::string(cprules_policy_id(nullptr)).empty());
    cprules_policy_free(nullptr);
    cprules_result_free(nullptr);
}

TEST_CASE("capi: an unknown policy name is CPRULES_E_POLICY with a message and a diagnostic", "[capi]") {
    cprules_policy* p = nullptr;
    CHECK(cprules_policy_load("no-such-policy", &p) == CPRULES_E_POLICY);
    CHECK(p == nullptr);
    CHECK_THAT(cprules_last_error(), Catch::Contains("error[policy.not_found]: no bundled policy named 'no-such-policy'"));
    REQUIRE(cprules_diagnostic_count() == 1);
    CHECK(std::string(cprules_diagnostic_code(0)) == "policy.not_found");
    CHECK(cprules_diagnostic_is_error(0) == 1);

    // The next call that succeeds clears the error (and the diagnostics).
    policy_handle ok;
    REQUIRE(cprules_policy_load(york_path.c_str(), &ok.p) == CPRULES_OK);
    CHECK(std::string(cprules_last_error()).empty());
    CHECK(cprules_diagnostic_count() == 0);
    CHECK(std::string(cprules_policy_id(ok.p)) == "york");
    CHECK(!std::string(cprules_policy_version(ok.p)).empty());
    CHECK(!std::string(cprules_policy_title(ok.p)).empty());
}

TEST_CASE("capi: policy YAML errors come with file, line and column", "[capi]") {
    const std::string yaml = "extends: york\nid: york-local\ncolour: blue\n";
    cprules_policy* p = nullptr;
    CHECK(cprules_policy_load_yaml(yaml.data(), yaml.size(), "local.yaml", &p) == CPRULES_E_POLICY);
    CHECK(p == nullptr);
    CHECK_THAT(cprules_last_error(), Catch::StartsWith("local.yaml:3:1: error[policy.unknown_key]: unknown key 'colour' in policy"));
    REQUIRE(cprules_diagnostic_count() == 1);
    CHECK(std::string(cprules_diagnostic_code(0)) == "policy.unknown_key");
    CHECK(std::string(cprules_diagnostic_file(0)) == "local.yaml");
    CHECK(cprules_diagnostic_line(0) == 3);
    CHECK(cprules_diagnostic_column(0) == 1);
    CHECK_THAT(cprules_diagnostic_message(0), Catch::StartsWith("unknown key 'colour' in policy"));
    // Out of range.
    CHECK(std::string(cprules_diagnostic_code(1)).empty());
    CHECK(cprules_diagnostic_line(1) == 0);
    CHECK(cprules_diagnostic_is_error(1) == 0);

    const std::string unclosed = "id: [unclosed\n";
    CHECK(cprules_policy_load_yaml(unclosed.data(), unclosed.size(), nullptr, &p) == CPRULES_E_POLICY);
    REQUIRE(cprules_diagnostic_count() == 1);
    CHECK(std::string(cprules_diagnostic_code(0)) == "policy.bad_yaml");
    CHECK(std::string(cprules_diagnostic_file(0)) == "<yaml>");
    CHECK(cprules_diagnostic_line(0) == 2);

    // Only `length` bytes are read: the text need not end in NUL.
    const std::string good = "extends: york\nid: york-local\ntitle: York, locally\nTRAILING GARBAGE";
    policy_handle local;
    REQUIRE(cprules_policy_load_yaml(good.data(), good.find("TRAILING"), "local.yaml", &local.p) == CPRULES_OK);
    CHECK(std::string(cprules_policy_id(local.p)) == "york-local");
    CHECK(std::string(cprules_policy_title(local.p)) == "York, locally");
}

TEST_CASE("capi: a malformed as_of is CPRULES_E_INPUT; NULL or \"\" is today", "[capi]") {
    const std::string json = read(source_dir + "/examples/cases/contract-example.json");
    cprules_result* r = nullptr;
    CHECK(cprules_check_json(york(), json.data(), json.size(), "2025-02-30", &r) == CPRULES_E_INPUT);
    CHECK(r == nullptr);
    CHECK_THAT(cprules_last_error(), Catch::StartsWith("as_of: "));
    CHECK(cprules_check_jsonl(york(), json.data(), json.size(), "1 March", &r) == CPRULES_E_INPUT);

    for (const char* as_of : {static_cast<const char*>(nullptr), ""}) {
        result_handle today_result;
        REQUIRE(cprules_check_json(york(), json.data(), json.size(), as_of, &today_result.r) == CPRULES_OK);
        CHECK_THAT(today_result.json(), Catch::Contains("\"as_of\":\"" + today() + "\""));
    }
}

TEST_CASE("capi: bad case facts still give a result, with the errors in its JSON", "[capi]") {
    result_handle bad_json;
    REQUIRE(cprules_check_json(york(), "{", 1, "2025-03-01", &bad_json.r) == CPRULES_OK);
    CHECK(std::string(cprules_last_error()).empty());
    CHECK(cprules_result_case_count(bad_json.r) == 1);
    CHECK(cprules_result_cases_with_errors(bad_json.r) == 1);
    CHECK(cprules_result_finding_count(bad_json.r) == 0);
    // Where the text stops being JSON: line and column beside the (empty) pointer.
    CHECK(bad_json.json() ==
          R"({"case_id":"","as_of":"2025-03-01","findings":[],"summary":{"met":0,"pending":0,"late":0,"overdue":0,"breached":0,"waived":0},"errors":[{"code":"facts.bad_json","pointer":"","line":1,"column":2,"message":"not valid JSON: expected a key in double quotes, found the end of the text"}]})");

    const std::string no_children = R"({"case_id":"X-1","events":[]})";
    result_handle missing;
    REQUIRE(cprules_check_json(york(), no_children.data(), no_children.size(), "2025-03-01", &missing.r) == CPRULES_OK);
    CHECK(missing.json() ==
          R"({"case_id":"X-1","as_of":"2025-03-01","findings":[],"summary":{"met":0,"pending":0,"late":0,"overdue":0,"breached":0,"waived":0},"errors":[{"code":"facts.missing_field","pointer":"/children","message":"the case has no children"}]})");
    CHECK(cprules_result_json_length(missing.r) == missing.json().size());
}

namespace {
/// Whether `s` is well-formed UTF-8 (RFC 3629).
bool utf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
        i += n;
    }
    return true;
}
}  // namespace

TEST_CASE("capi: results stay UTF-8: a long bad value is cut between characters, and the findings can be read", "[capi]") {
    // 39 ASCII bytes and then 'é' (2 bytes): a cut at 40 bytes would split it.
    const std::string value = std::string(39, 'a') + "\xC3\xA9\xC3\xA9";
    const std::string batch = R"({"case_id":"G1","children":[{"id":"A"}],"events":[{"type":"strategy_discussion","date":"2025-01-06","s47_initiated":true}]})"
                              "\n" R"({"case_id":"B1","children":[{"id":"A","date_of_birth":")" + value + R"("}],"events":[]})"
                              "\n" R"({"case_id":"G2","children":[{"id":"A"}],"events":[{"type":"strategy_discussion","date":"2025-01-06","s47_initiated":true}]})";
    result_handle r;
    REQUIRE(cprules_check_jsonl(york(), batch.data(), batch.size(), "2025-03-01", &r.r) == CPRULES_OK);
    CHECK(utf8(r.json()));
    CHECK(r.json().find("'" + std::string(39, 'a') + "...'") != std::string::npos);  // cut before the 'é'
    REQUIRE(cprules_result_finding_count(r.r) > 0);
    for (std::size_t i = 0; i < cprules_result_finding_count(r.r); ++i) CHECK(cprules_result_finding(r.r, i, "rule") != nullptr);
}

TEST_CASE("a policy's text that is not UTF-8 reaches the JSON as U+FFFD; years past 9999 as expanded dates", "[capi][report]") {
    std::string yaml = read(york_path);
    const std::string title = "title: City of York";
    REQUIRE(yaml.find(title) != std::string::npos);
    yaml.insert(yaml.find(title) + title.size(), "\xFF\xFE");
    auto p = cprules::policy::load_yaml(yaml, york_path);
    REQUIRE(p);
    const std::string one = R"({"case_id":"U1","children":[{"id":"A"}],"events":[{"type":"strategy_discussion","date":"2025-01-06","s47_initiated":true}]})";
    std::string out;
    cprules::evaluate_json(*p, one, *cprules::parse_date("2025-03-01"), out);
    CHECK(utf8(out));
    CHECK(out.find("City of York\xEF\xBF\xBD\xEF\xBF\xBD") != std::string::npos);
    // evaluate_json() gives what to_json() gives, whatever the year of as_of.
    for (const std::int32_t days : {3'000'000, -800'000}) {
        const auto as_of = cprules::date::from_days(days);
        std::string fast;
        cprules::evaluate_json(*p, one, as_of, fast);
        CHECK(fast == cprules::evaluate(*p, one, as_of).to_json());
        CHECK(fast.find(days > 0 ? "\"as_of\":\"+10183-09-21\"" : "\"as_of\":\"-0221-09-04\"") != std::string::npos);
    }
}

TEST_CASE("capi: a JSON Lines batch: one object per case, bad lines marked, blank lines skipped", "[capi]") {
    std::string one_line = read(source_dir + "/examples/cases/contract-example.json");
    for (char& c : one_line)
        if (c == '\n') c = ' ';
    const std::string batch = one_line + "\n\n{\"case_id\":\"X-2\"}\r\n" + one_line;  // no final newline

    result_handle r;
    REQUIRE(cprules_check_jsonl(york(), batch.data(), batch.size(), "2025-03-01", &r.r) == CPRULES_OK);
    CHECK(cprules_result_case_count(r.r) == 3);
    CHECK(cprules_result_cases_with_errors(r.r) == 1);

    result_handle single;
    REQUIRE(cprules_check_json(york(), one_line.data(), one_line.size(), "2025-03-01", &single.r) == CPRULES_OK);
    const std::string good = single.json() + "\n";
    const std::string json = r.json();
    REQUIRE(json.size() > 2 * good.size());
    CHECK(json.substr(0, good.size()) == good);
    CHECK(json.substr(json.size() - good.size()) == good);
    const std::string middle = json.substr(good.size(), json.size() - 2 * good.size());
    CHECK_THAT(middle, Catch::StartsWith(R"({"case_id":"X-2","as_of":"2025-03-01","origin":"line 3","findings":[])"));
    CHECK_THAT(middle, Catch::EndsWith("]}\n"));

    // Counts and findings add up over the cases.
    CHECK(cprules_result_finding_count(r.r) == 2 * cprules_result_finding_count(single.r));
    for (int s = CPRULES_STATUS_MET; s <= CPRULES_STATUS_WAIVED; ++s)
        CHECK(cprules_result_count(r.r, s) == 2 * cprules_result_count(single.r, s));
    CHECK(cprules_result_count(r.r, 6) == 0);
    CHECK(cprules_result_count(r.r, -1) == 0);

    result_handle empty;
    REQUIRE(cprules_check_jsonl(york(), "\n \n", 3, "2025-03-01", &empty.r) == CPRULES_OK);
    CHECK(cprules_result_case_count(empty.r) == 0);
    CHECK(empty.json().empty());
}

TEST_CASE("capi: finding accessors match the JSON and the C++ API", "[capi]") {
    const std::string json = read(source_dir + "/examples/cases/contract-example.json");
    result_handle r;
    REQUIRE(cprules_check_json(york(), json.data(), json.size(), "2025-03-01", &r.r) == CPRULES_OK);

    auto policy = cprules::policy::load(york_path);
    REQUIRE(policy);
    const auto e = cprules::evaluate(*policy, json, *cprules::parse_date("2025-03-01"));
    CHECK(r.json() == e.to_json());
    REQUIRE(cprules_result_finding_count(r.r) == e.findings.size());
    REQUIRE(!e.findings.empty());
    auto text = [](const std::optional<cprules::date_time>& d) { return d ? to_string(*d) : std::string(); };
    for (std::size_t i = 0; i < e.findings.size(); ++i) {
        const auto& f = e.findings[i];
        auto field = [&](const char* name) { return std::string(cprules_result_finding(r.r, i, name)); };
        CHECK(field("case_id") == "C-1042");
        CHECK(field("rule") == f.rule);
        CHECK(field("variant") == f.variant);
        CHECK(field("child") == f.child);
        CHECK(field("subject") == f.subject);
        CHECK(field("status") == std::string(to_string(f.status)));
        CHECK(field("due") == text(f.due));
        CHECK(field("done") == text(f.done));
        CHECK(field("days_late") == (f.status == cprules::finding_status::late ? std::to_string(f.days_late) : ""));
        CHECK(field("severity") == std::string(to_string(f.severity)));
        CHECK(field("message") == f.message);
        CHECK(field("document") == f.source.document);
        CHECK(field("section") == f.source.section);
        CHECK(field("quote") == f.source.quote);
        CHECK(field("report") == (f.report ? std::to_string(*f.report) : ""));
        CHECK(field("exclusion") == (f.exclusion ? std::to_string(*f.exclusion) : ""));
    }
    CHECK(cprules_result_finding(r.r, 0, "no_such_field") == nullptr);
    CHECK(cprules_result_finding(r.r, 0, nullptr) == nullptr);
    CHECK(cprules_result_finding(r.r, e.findings.size(), "rule") == nullptr);
    CHECK(cprules_result_count(r.r, CPRULES_STATUS_PENDING) == e.summary.pending);
    CHECK(cprules_result_count(r.r, CPRULES_STATUS_OVERDUE) == e.summary.overdue);
}

TEST_CASE("capi: the last error and diagnostics belong to the thread", "[capi]") {
    cprules_policy* p = nullptr;
    REQUIRE(cprules_policy_load("no-such-policy", &p) == CPRULES_E_POLICY);
    std::string other_error = "unset";
    std::size_t other_count = 99;
    std::thread([&] {
        other_error = cprules_last_error();
        other_count = cprules_diagnostic_count();
    }).join();
    CHECK(other_error.empty());
    CHECK(other_count == 0);
    CHECK(std::string(cprules_last_error()) != "");
    CHECK(cprules_diagnostic_count() == 1);
}
