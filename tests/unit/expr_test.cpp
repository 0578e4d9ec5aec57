#include <catch2/catch.hpp>

#include "expr/evaluate.hpp"
#include "expr/expr.hpp"

#include <array>
#include <string>
#include <vector>

using namespace cprules::expr;

namespace {

enum slot_id : int { age, unborn, looked_after, agencies, dob, kind, decision, s47, name, slot_count };

schema test_schema() {
    schema s;
    s.add({"child.age_years", type::number, age, {}, "Age in whole years"});
    s.add({"child.unborn", type::boolean, unborn, {}, ""});
    s.add({"child.looked_after", type::boolean, looked_after, {}, ""});
    s.add({"child.agencies_in_contact", type::string_list, agencies, {"police", "health", "education", "housing"}, ""});
    s.add({"child.date_of_birth", type::string, dob, {}, ""});
    s.add({"conference.kind", type::string, kind, {"initial", "review", "transfer_in", "pre_birth"}, ""});
    s.add({"conference.decision", type::string, decision, {"plan", "no_plan"}, ""});
    s.add({"event.s47_initiated", type::boolean, s47, {}, ""});
    s.add({"child.name", type::string, name, {}, ""});
    return s;
}

const schema& the_schema() {
    static const schema s = test_schema();
    return s;
}

struct test_env final : environment {
    std::vector<value> values = std::vector<value>(slot_count);
    mutable int reads = 0;
    value get(int slot) const override {
        ++reads;
        return slot >= 0 && slot < static_cast<int>(values.size()) ? values[static_cast<std::size_t>(slot)] : value::null();
    }
};

// A 14-year-old looked-after child known to police and health, at a review.
const std::string_view known_agencies[] = {"police", "health"};
test_env teenager() {
    test_env e;
    e.values[age] = value::of(14.0);
    e.values[unborn] = value::of(false);
    e.values[looked_after] = value::of(true);
    e.values[agencies] = value::of(std::span<const std::string_view>(known_agencies));
    e.values[dob] = value::of(std::string_view("2011-03-04"));
    e.values[kind] = value::of(std::string_view("review"));
    e.values[decision] = value::of(std::string_view("plan"));
    e.values[s47] = value::of(true);
    e.values[name] = value::of(std::string_view("it's \\ me"));
    return e;
}

// An unborn child: no age, date of birth, agencies or name; a pre-birth conference.
test_env unborn_child() {
    test_env e;
    e.values[unborn] = value::of(true);
    e.values[kind] = value::of(std::string_view("pre_birth"));
    return e;
}

program compile_ok(std::string_view text) {
    std::vector<error> errors;
    auto p = program::compile(text, the_schema(), errors);
    INFO("condition: " << text);
    if (!errors.empty()) FAIL_CHECK(errors.front().offset << " " << errors.front().code << ": " << errors.front().message);
    REQUIRE(p.has_value());
    return *p;
}

std::vector<error> errors_of(std::string_view text) {
    std::vector<error> errors;
    auto p = program::compile(text, the_schema(), errors);
    INFO("condition: " << text);
    CHECK_FALSE(p.has_value());
    CHECK_FALSE(errors.empty());
    return errors;
}

bool eval(std::string_view text, const environment& env) { return compile_ok(text).evaluate(env); }

void check_error(const error& e, std::size_t offset, std::string_view code, std::string_view message) {
    CHECK(e.offset == offset);
    CHECK(e.code == code);
    CHECK(e.message == message);
}

void check_single(std::string_view text, std::size_t offset, std::string_view code, std::string_view message) {
    INFO("condition: " << text);
    auto errors = errors_of(text);
    REQUIRE(errors.size() == 1);
    check_error(errors[0], offset, code, message);
}

}  // namespace

TEST_CASE("literals", "[expr]") {
    test_env env;
    CHECK(eval("true", env));
    CHECK_FALSE(eval("false", env));
    CHECK(eval("1 == 1", env));
    CHECK(eval("1.5 < 2", env));
    CHECK(eval("-3 < 0", env));
    CHECK(eval("-0.25 == -0.25", env));
    CHECK(eval("10 == 10.0", env));
    CHECK(eval("'a' == \"a\"", env));
    CHECK(eval(R"('it\'s' == "it's")", env));
    CHECK(eval(R"("say \"hi\"" == 'say "hi"')", env));
}

TEST_CASE("escapes in strings", "[expr]") {
    test_env env = teenager();
    CHECK(eval(R"(child.name == 'it\'s \\ me')", env));
    CHECK(eval(R"(child.name == "it's \\ me")", env));
    CHECK(eval(R"('a\tb' != 'a\nb')", env));
    CHECK(compile_ok(R"('a\'b\\c\nd' == 'x')").canonical() == R"(('a\'b\\c\nd' == 'x'))");
}

TEST_CASE("comparison operators on numbers", "[expr]") {
    test_env env = teenager();  // age 14
    CHECK(eval("child.age_years == 14", env));
    CHECK_FALSE(eval("child.age_years == 13", env));
    CHECK_FALSE(eval("child.age_years == 15", env));  // equal, not less or equal
    CHECK(eval("child.age_years != 13", env));
    CHECK(eval("child.age_years != 15", env));
    CHECK_FALSE(eval("child.age_years in [15, 16]", env));
    CHECK(eval("child.age_years not in [15, 16]", env));
    CHECK_FALSE(eval("child.age_years != 14", env));
    CHECK(eval("child.age_years < 15", env));
    CHECK_FALSE(eval("child.age_years < 14", env));
    CHECK(eval("child.age_years <= 14", env));
    CHECK_FALSE(eval("child.age_years <= 13.5", env));
    CHECK(eval("child.age_years > 13.5", env));
    CHECK_FALSE(eval("child.age_years > 14", env));
    CHECK(eval("child.age_years >= 14", env));
    CHECK_FALSE(eval("child.age_years >= 14.01", env));
    CHECK(eval("12 <= child.age_years", env));
    CHECK(eval("child.age_years==14", env));
}

TEST_CASE("strings and booleans", "[expr]") {
    test_env env = teenager();
    CHECK(eval("conference.kind == 'review'", env));
    CHECK(eval("'review' == conference.kind", env));
    CHECK_FALSE(eval("conference.kind != 'review'", env));
    CHECK(eval("conference.kind != \"initial\"", env));
    CHECK(eval("child.date_of_birth == '2011-03-04'", env));
    CHECK(eval("conference.kind == conference.kind", env));
    CHECK_FALSE(eval("conference.kind == conference.decision", env));

    CHECK(eval("event.s47_initiated", env));
    CHECK(eval("event.s47_initiated == true", env));
    CHECK(eval("event.s47_initiated != false", env));
    CHECK_FALSE(eval("event.s47_initiated == false", env));
    CHECK(eval("child.unborn == false", env));
    CHECK(eval("not child.unborn", env));
    CHECK(eval("child.looked_after == event.s47_initiated", env));
}

TEST_CASE("logical operators and their symbols", "[expr]") {
    test_env env = teenager();  // looked_after true, unborn false
    CHECK(eval("child.looked_after and not child.unborn", env));
    CHECK_FALSE(eval("child.looked_after and child.unborn", env));
    CHECK(eval("child.unborn or child.looked_after", env));
    CHECK_FALSE(eval("child.unborn or false", env));
    CHECK(eval("not child.unborn", env));
    CHECK_FALSE(eval("not not child.unborn", env));
    CHECK(eval("child.looked_after && !child.unborn", env));
    CHECK(eval("child.unborn || child.looked_after", env));
    CHECK(eval("!(child.unborn)", env));
    CHECK(eval("true and true and true and true", env));
    CHECK_FALSE(eval("true and true and false and true", env));
    CHECK(eval("false or false or false or true", env));
    CHECK(compile_ok("true && false || !true").canonical() ==
          "((true and false) or (not true))");
}

TEST_CASE("in and not in", "[expr]") {
    test_env env = teenager();  // review; police and health
    CHECK(eval("conference.kind in ['initial', 'review']", env));
    CHECK_FALSE(eval("conference.kind in ['initial', 'transfer_in']", env));
    CHECK(eval("conference.kind not in ['initial', 'transfer_in']", env));
    CHECK_FALSE(eval("conference.kind not in ['review']", env));
    CHECK(eval("child.age_years in [12, 13, 14]", env));
    CHECK_FALSE(eval("child.age_years in [12, 13]", env));
    CHECK(eval("event.s47_initiated in [true]", env));
    CHECK(eval("'police' in child.agencies_in_contact", env));
    CHECK_FALSE(eval("'housing' in child.agencies_in_contact", env));
    CHECK(eval("'housing' not in child.agencies_in_contact", env));
    CHECK_FALSE(eval("'health' not in child.agencies_in_contact", env));
    CHECK(eval("child.name in ['x', \"it's \\\\ me\"]", env));
    CHECK(eval("'b' in ['a', 'b']", env));
    CHECK(eval("not 'police' in child.agencies_in_contact or true", env));
}

TEST_CASE("precedence: or < and < not < comparison", "[expr]") {
    CHECK(compile_ok("true or false and false").canonical() == "(true or (false and false))");
    CHECK(compile_ok("false and false or true").canonical() == "((false and false) or true)");
    CHECK(compile_ok("not true and false").canonical() == "((not true) and false)");
    CHECK(compile_ok("not child.age_years == 1").canonical() == "(not (child.age_years == 1))");
    CHECK(compile_ok("not not true").canonical() == "(not (not true))");
    CHECK(compile_ok("not (true or false)").canonical() == "(not (true or false))");
    CHECK(compile_ok("(true or false) and false").canonical() == "((true or false) and false)");
    CHECK(compile_ok("child.age_years >= 12 and conference.kind in ['initial', 'review']").canonical() ==
          "((child.age_years >= 12) and (conference.kind in ['initial', 'review']))");
    CHECK(compile_ok("conference.decision != 'no_plan' or (child.looked_after and child.age_years < 16)").canonical() ==
          "((conference.decision != 'no_plan') or (child.looked_after and (child.age_years < 16)))");
    CHECK(compile_ok("'police' not in child.agencies_in_contact and has(child.date_of_birth)").canonical() ==
          "(('police' not in child.agencies_in_contact) and has(child.date_of_birth))");
    CHECK(compile_ok("  child.age_years>=12.5&&true  ").canonical() == "((child.age_years >= 12.5) and true)");

    test_env env;
    CHECK(eval("true or false and false", env));        // true or (false and false)
    CHECK_FALSE(eval("(true or false) and false", env));
    CHECK_FALSE(eval("not true and false", env));       // (not true) and false
    CHECK(eval("not false and true", env));
    CHECK_FALSE(eval("not 1 == 1", env));               // not (1 == 1)
}

TEST_CASE("the canonical form compiles to itself", "[expr]") {
    for (std::string_view text : {
             "child.age_years >= 12 and conference.kind in ['initial', 'review']",
             "not child.unborn or 'police' not in child.agencies_in_contact and !has(child.name)",
             R"(child.name == "a'b\"c\\d")",
             "child.age_years in [1, 2.5, -3]",
         }) {
        std::string once = compile_ok(text).canonical();
        CHECK(compile_ok(once).canonical() == once);
    }
}

TEST_CASE("null semantics", "[expr]") {
    test_env env = unborn_child();  // age, date of birth, agencies, decision, s47, looked_after, name: null
    CHECK_FALSE(eval("child.age_years >= 12", env));
    CHECK_FALSE(eval("child.age_years < 12", env));
    CHECK_FALSE(eval("child.age_years == 0", env));
    CHECK_FALSE(eval("child.age_years != 0", env));
    CHECK(eval("not (child.age_years >= 12)", env));
    CHECK(eval("not child.age_years >= 12", env));
    CHECK_FALSE(eval("child.age_years in [1, 2]", env));
    CHECK_FALSE(eval("child.age_years not in [1, 2]", env));
    CHECK_FALSE(eval("'police' in child.agencies_in_contact", env));
    CHECK_FALSE(eval("'police' not in child.agencies_in_contact", env));
    CHECK_FALSE(eval("conference.decision != 'no_plan'", env));
    CHECK_FALSE(eval("conference.decision == conference.decision", env));
    CHECK_FALSE(eval("event.s47_initiated", env));
    CHECK_FALSE(eval("event.s47_initiated == false", env));
    CHECK(eval("not event.s47_initiated", env));
    CHECK_FALSE(eval("has(child.date_of_birth)", env));
    CHECK_FALSE(eval("has(child.age_years)", env));
    CHECK(eval("has(conference.kind)", env));
    CHECK(eval("has(child.unborn) and child.unborn", env));
    CHECK(eval("not has(child.agencies_in_contact)", env));
    CHECK(eval("conference.decision != 'no_plan' or (child.unborn and conference.kind == 'pre_birth')", env));

    test_env t = teenager();
    CHECK(eval("has(child.date_of_birth) and has(child.agencies_in_contact)", t));
}

TEST_CASE("count() is the number of items of a list field, null when the list is", "[expr]") {
    test_env t = teenager();  // known to police and health
    CHECK(eval("count(child.agencies_in_contact) == 2", t));
    CHECK(eval("count(child.agencies_in_contact) > 1", t));
    CHECK_FALSE(eval("count(child.agencies_in_contact) > 2", t));
    const std::string_view none[] = {"police"};
    t.values[agencies] = value::of(std::span<const std::string_view>(none, 0));
    CHECK(eval("count(child.agencies_in_contact) == 0", t));  // recorded as none
    test_env u = unborn_child();  // agencies not recorded
    CHECK_FALSE(eval("count(child.agencies_in_contact) == 0", u));
    CHECK_FALSE(eval("count(child.agencies_in_contact) < 3", u));
    CHECK(eval("not (count(child.agencies_in_contact) > 2)", u));
    CHECK_FALSE(eval("has(child.agencies_in_contact) and count(child.agencies_in_contact) >= 0", u));

    CHECK(compile_ok("count(child.agencies_in_contact)>2 and not has(child.name)").canonical() ==
          "((count(child.agencies_in_contact) > 2) and (not has(child.name)))");
    const auto slots = compile_ok("count(child.agencies_in_contact) > 2").slots();
    CHECK(slots == std::vector<int>{agencies});
}

TEST_CASE("the examples of the brief", "[expr]") {
    test_env teen = teenager();
    test_env baby = unborn_child();
    std::string_view a = "child.age_years >= 12 and conference.kind in ['initial', 'review']";
    CHECK(eval(a, teen));
    CHECK_FALSE(eval(a, baby));
    std::string_view b = "conference.decision != 'no_plan' or (child.looked_after and child.age_years < 16)";
    CHECK(eval(b, teen));
    CHECK_FALSE(eval(b, baby));
    teen.values[decision] = value::of(std::string_view("no_plan"));
    CHECK(eval(b, teen));  // looked after and under 16
    teen.values[age] = value::of(16.0);
    CHECK_FALSE(eval(b, teen));
}

TEST_CASE("a compiled program evaluates the same every time", "[expr]") {
    program p = compile_ok("child.age_years >= 12 and conference.kind in ['initial', 'review'] and "
                           "'police' in child.agencies_in_contact and not child.unborn and has(child.date_of_birth)");
    test_env yes = teenager();
    test_env no = unborn_child();
    for (int i = 0; i < 1000; ++i) {
        REQUIRE(p.evaluate(yes));
        REQUIRE_FALSE(p.evaluate(no));
    }
    // Short-circuit: a false first operand reads nothing more.
    test_env counting = unborn_child();
    counting.reads = 0;
    CHECK_FALSE(p.evaluate(counting));
    CHECK(counting.reads == 1);
}

TEST_CASE("text, slots, copies", "[expr]") {
    std::string_view text = "conference.kind == 'review' and child.age_years > 1 or has(conference.kind) or "
                            "'police' in child.agencies_in_contact or child.age_years < 3";
    program p = compile_ok(text);
    CHECK(p.text() == text);
    CHECK(p.slots() == std::vector<int>{kind, age, agencies});
    CHECK(compile_ok("true").slots().empty());

    program copy = p;
    program moved = std::move(copy);
    test_env env = teenager();
    CHECK(moved.evaluate(env));
    CHECK(moved.text() == text);
    program assigned = compile_ok("false");
    assigned = moved;
    CHECK(assigned.evaluate(env));
    CHECK(assigned.slots() == p.slots());
}

TEST_CASE("values of an unexpected type from the environment are false, not a crash", "[expr]") {
    test_env env;
    env.values[age] = value::of(std::string_view("fourteen"));
    env.values[agencies] = value::of(3.0);
    env.values[unborn] = value::of(1.0);
    CHECK_FALSE(eval("child.age_years >= 12", env));
    CHECK_FALSE(eval("child.age_years != 12", env));
    CHECK_FALSE(eval("'police' in child.agencies_in_contact", env));
    CHECK_FALSE(eval("child.unborn", env));
    CHECK(eval("not child.unborn", env));
}

TEST_CASE("expr.syntax", "[expr][errors]") {
    check_single("", 0, "expr.syntax", "the condition is empty");
    check_single("   ", 0, "expr.syntax", "the condition is empty");
    check_single("not (child.unborn", 17, "expr.syntax", "expected ')' to close '(' at offset 4");
    check_single("(child.unborn or true", 21, "expr.syntax", "expected ')' to close '(' at offset 0");
    check_single("(child.unborn true)", 14, "expr.syntax", "expected ')' to close '(' at offset 0");
    check_single("child.unborn)", 12, "expr.syntax", "unmatched ')'");
    check_single("child.age_years >= ", 19, "expr.syntax", "expected a value after '>=', found the end of the condition");
    check_single("child.unborn and", 16, "expr.syntax", "expected a value, found the end of the condition");
    check_single("child.unborn and or true", 17, "expr.syntax", "expected a value, found 'or'");
    check_single("child.age_years 12", 16, "expr.syntax", "expected 'and', 'or' or the end of the condition, found '12'");
    check_single("child.unborn 'x'", 13, "expr.syntax",
                 "expected 'and', 'or' or the end of the condition, found the string 'x'");
    check_single("child.name == 'abc", 14, "expr.syntax", "unterminated string: no closing '");
    check_single("child.name == \"abc\\\"", 14, "expr.syntax", "unterminated string: no closing \"");
    check_single("child.name == 'a\\qb'", 16, "expr.syntax",
                 "unknown escape '\\q' in a string; use \\\\, \\', \\\", \\n or \\t");
    check_single("child.age_years = 12", 16, "expr.syntax", "unexpected '='; use '==' to compare");
    check_single("true & false", 5, "expr.syntax", "unexpected '&'; use 'and' or '&&'");
    check_single("true | false", 5, "expr.syntax", "unexpected '|'; use 'or' or '||'");
    check_single("true # comment", 5, "expr.syntax", "unexpected '#'");
    check_single("child.name == \xC3\xA9", 14, "expr.syntax", "unexpected byte 0xC3");
    check_single("child.age_years > 12abc", 18, "expr.syntax",
                 "malformed number '12abc'; numbers are written like 12, 0.5 or -3");
    check_single("child.age_years > 1.2.3", 18, "expr.syntax",
                 "malformed number '1.2.3'; numbers are written like 12, 0.5 or -3");
    check_single("child.age_years > 12.", 18, "expr.syntax",
                 "malformed number '12.'; numbers are written like 12, 0.5 or -3");
    check_single("child.age_years > " + std::string(400, '9'), 18, "expr.syntax",
                 "number '" + std::string(400, '9') + "' is out of range");
    check_single("child.age_years > - 1", 18, "expr.syntax", "unexpected '-'");
    check_single("1 < child.age_years < 12", 20, "expr.syntax", "comparisons cannot be chained; join them with 'and'");
    check_single("conference.kind == ['initial']", 19, "expr.syntax", "a list is only allowed on the right of 'in'");
    check_single("conference.kind in []", 20, "expr.syntax",
                 "expected a number, string, true or false in the list, found ']'");
    check_single("conference.kind in ['initial', conference.kind]", 31, "expr.syntax",
                 "expected a number, string, true or false in the list, found 'conference.kind'");
    check_single("conference.kind in ['initial' 'review']", 30, "expr.syntax",
                 "expected ',' or ']' in the list, found the string 'review'");
    check_single("conference.kind in ['initial',", 30, "expr.syntax", "expected ']' to close '[' at offset 19");
    check_single("conference.kind in ['initial'", 29, "expr.syntax", "expected ']' to close '[' at offset 19");
    check_single("len(child.name) > 2", 0, "expr.syntax", "unknown function 'len'; the functions are has() and count()");
    check_single("count(child.agencies_in_contact > 2", 35, "expr.syntax", "expected ')' to close 'count(' at offset 0");
    check_single("has(child.name", 14, "expr.syntax", "expected ')' to close 'has(' at offset 0");
    check_single("child.unborn not child.looked_after", 13, "expr.syntax",
                 "expected 'and', 'or' or the end of the condition, found 'not'");
    check_single("conference.kind ! in ['initial']", 16, "expr.syntax",
                 "expected 'and', 'or' or the end of the condition, found '!'");
    check_single("child.age_years == not true", 19, "expr.syntax", "expected a value after '==', found 'not'");
}

TEST_CASE("every lexical error is reported", "[expr][errors]") {
    auto errors = errors_of("a = 1 & b # c");
    REQUIRE(errors.size() == 3);
    check_error(errors[0], 2, "expr.syntax", "unexpected '='; use '==' to compare");
    check_error(errors[1], 6, "expr.syntax", "unexpected '&'; use 'and' or '&&'");
    check_error(errors[2], 10, "expr.syntax", "unexpected '#'");
}

TEST_CASE("expr.unknown_field and did you mean", "[expr][errors]") {
    check_single("child.age_yeras >= 12", 0, "expr.unknown_field",
                 "unknown field 'child.age_yeras'; did you mean 'child.age_years'?");
    check_single("not chld.unborn", 4, "expr.unknown_field", "unknown field 'chld.unborn'; did you mean 'child.unborn'?");
    check_single("age_years >= 12", 0, "expr.unknown_field", "unknown field 'age_years'; did you mean 'child.age_years'?");
    check_single("has(family.size)", 4, "expr.unknown_field", "unknown field 'family.size'");
    check_single("True", 0, "expr.unknown_field", "unknown field 'True'");

    const schema& s = the_schema();
    CHECK(s.suggest("child.agencies_in_contcat") == "child.agencies_in_contact");
    CHECK(s.suggest("Child.Age_Years") == "child.age_years");   // three edits
    CHECK(s.suggest("CHILD.age_years").empty());                // five
    CHECK(s.suggest("kind") == "conference.kind");              // without its prefix
    CHECK(s.suggest("x").empty());
    CHECK(s.suggest("").empty());

    // Several unknown fields, and an unknown field before a syntax error, are all reported, by offset.
    auto errors = errors_of("chld.unborn or confrence.kind == 'initial' or (");
    REQUIRE(errors.size() == 3);
    check_error(errors[0], 0, "expr.unknown_field", "unknown field 'chld.unborn'; did you mean 'child.unborn'?");
    check_error(errors[1], 15, "expr.unknown_field", "unknown field 'confrence.kind'; did you mean 'conference.kind'?");
    check_error(errors[2], 47, "expr.syntax", "expected a value, found the end of the condition");
}

TEST_CASE("expr.unknown_value", "[expr][errors]") {
    check_single("conference.kind == 'initail'", 19, "expr.unknown_value",
                 "'initail' is not a value of conference.kind (initial, review, transfer_in, pre_birth); "
                 "did you mean 'initial'?");
    check_single("'reveiw' != conference.kind", 0, "expr.unknown_value",
                 "'reveiw' is not a value of conference.kind (initial, review, transfer_in, pre_birth); "
                 "did you mean 'review'?");
    check_single("conference.kind == 'strategy'", 19, "expr.unknown_value",
                 "'strategy' is not a value of conference.kind (initial, review, transfer_in, pre_birth)");
    check_single("'polic' in child.agencies_in_contact", 0, "expr.unknown_value",
                 "'polic' is not a value of child.agencies_in_contact (police, health, education, housing); "
                 "did you mean 'police'?");
    check_single("'social care' not in child.agencies_in_contact", 0, "expr.unknown_value",
                 "'social care' is not a value of child.agencies_in_contact (police, health, education, housing)");

    auto errors = errors_of("conference.kind in ['initial', 'reveiw', 'strategy', 'pre_birth']");
    REQUIRE(errors.size() == 2);
    check_error(errors[0], 31, "expr.unknown_value",
                "'reveiw' is not a value of conference.kind (initial, review, transfer_in, pre_birth); "
                "did you mean 'review'?");
    check_error(errors[1], 41, "expr.unknown_value",
                "'strategy' is not a value of conference.kind (initial, review, transfer_in, pre_birth)");

    // Fields without a values list take any string.
    compile_ok("child.name == 'anything' and child.name in ['x', 'y']");
}

TEST_CASE("expr.type", "[expr][errors]") {
    check_single("child.age_years == 'twelve'", 16, "expr.type", "'==' cannot compare a number with a string");
    check_single("conference.kind != 12", 16, "expr.type", "'!=' cannot compare a string with a number");
    check_single("child.unborn == 1", 13, "expr.type", "'==' cannot compare a boolean with a number");
    check_single("child.unborn < true", 13, "expr.type", "'<' compares numbers only, not a boolean");
    check_single("conference.kind >= 'initial'", 16, "expr.type", "'>=' compares numbers only, not a string");
    check_single("child.date_of_birth > '2020-01-01'", 20, "expr.type", "'>' compares numbers only, not a string");
    check_single("child.agencies_in_contact == 'police'", 26, "expr.type",
                 "'==' cannot be used on a list of strings; use 'in'");
    check_single("child.agencies_in_contact < child.agencies_in_contact", 26, "expr.type",
                 "'<' cannot be used on a list of strings; use 'in'");
    check_single("'review' in conference.kind", 9, "expr.type", "'in' needs a list on its right, not a string");
    check_single("child.age_years in 12", 16, "expr.type", "'in' needs a list on its right, not a number");
    check_single("12 in child.agencies_in_contact", 3, "expr.type", "'in' cannot look for a number in a list of strings");
    check_single("child.agencies_in_contact in ['police']", 26, "expr.type",
                 "'in' needs a single value on its left, not a list of strings");
    check_single("child.agencies_in_contact not in child.agencies_in_contact", 26, "expr.type",
                 "'in' needs a single value on its left, not a list of strings");
    check_single("child.age_years in [12, '13']", 24, "expr.type",
                 "the list holds a string but the left side of 'in' is a number");
    check_single("child.age_years and true", 0, "expr.type", "'and' needs true or false on each side, not a number");
    check_single("true or conference.kind", 8, "expr.type", "'or' needs true or false on each side, not a string");
    check_single("not child.agencies_in_contact", 4, "expr.type", "'not' needs true or false, not a list of strings");
    check_single("child.age_years", 0, "expr.type", "a condition must be true or false, not a number");
    check_single(" 'initial'", 1, "expr.type", "a condition must be true or false, not a string");
    check_single("(child.agencies_in_contact)", 1, "expr.type",
                 "a condition must be true or false, not a list of strings");
    check_single("has('x')", 4, "expr.type", "has() takes a field name");
    check_single("has(child.unborn and child.looked_after)", 4, "expr.type", "has() takes a field name");
    check_single("count('x') > 1", 6, "expr.type", "count() takes a field name");
    check_single("count(child.name) > 1", 6, "expr.type", "count() counts a list of strings, not a string");
    check_single("count(child.agencies_in_contact) == 'two'", 33, "expr.type", "'==' cannot compare a number with a string");
    check_single("count(child.agencies_in_contact)", 0, "expr.type", "a condition must be true or false, not a number");

    // Every problem is reported, ordered by offset, without knock-on errors.
    auto errors = errors_of("child.age_years == 'x' and not 3 or chld.unborn and conference.kind == 'revew'");
    REQUIRE(errors.size() == 4);
    check_error(errors[0], 16, "expr.type", "'==' cannot compare a number with a string");
    check_error(errors[1], 31, "expr.type", "'not' needs true or false, not a number");
    check_error(errors[2], 36, "expr.unknown_field", "unknown field 'chld.unborn'; did you mean 'child.unborn'?");
    check_error(errors[3], 71, "expr.unknown_value",
                "'revew' is not a value of conference.kind (initial, review, transfer_in, pre_birth); "
                "did you mean 'review'?");

    // An unknown field has no type: no error beyond the unknown name.
    check_single("chld.age_years == 'x'", 0, "expr.unknown_field",
                 "unknown field 'chld.age_years'; did you mean 'child.age_years'?");
}

TEST_CASE("errors are appended after those already present", "[expr][errors]") {
    std::vector<error> errors{{99, "other", "kept"}};
    CHECK_FALSE(program::compile("child.unborn ==", the_schema(), errors).has_value());
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].code == "other");
    CHECK(errors[1].offset == 15);
}

TEST_CASE("expr.too_deep", "[expr][errors]") {
    auto nested = [](int depth, std::string_view open, std::string_view inner, std::string_view close) {
        std::string s;
        for (int i = 0; i < depth; ++i) s += open;
        s += inner;
        for (int i = 0; i < depth; ++i) s += close;
        return s;
    };
    test_env env = teenager();
    CHECK(compile_ok(nested(max_depth, "(", "child.looked_after", ")")).evaluate(env));
    check_single(nested(max_depth + 1, "(", "child.looked_after", ")"), 64, "expr.too_deep",
                 "the condition is nested too deeply (more than 64 levels of parentheses and 'not')");
    CHECK(compile_ok(nested(max_depth, "not ", "child.looked_after", "")).evaluate(env));  // an even number of nots
    check_single(nested(max_depth + 1, "not ", "child.looked_after", ""), 256, "expr.too_deep",
                 "the condition is nested too deeply (more than 64 levels of parentheses and 'not')");
    check_single(nested(max_depth, "(", "has(child.name)", ")"), 64, "expr.too_deep",
                 "the condition is nested too deeply (more than 64 levels of parentheses and 'not')");
    check_single(nested(100000, "(", "", ""), 64, "expr.too_deep",
                 "the condition is nested too deeply (more than 64 levels of parentheses and 'not')");

    // Long flat chains are not deep.
    std::string chain = "child.looked_after";
    for (int i = 0; i < 5000; ++i) chain += i % 2 ? " and child.age_years > 1" : " and not child.unborn";
    program p = compile_ok(chain);
    CHECK(p.evaluate(env));
    CHECK(p.slots() == std::vector<int>{looked_after, unborn, age});
}

TEST_CASE("type names", "[expr]") {
    CHECK(type_name(type::null) == "null");
    CHECK(type_name(type::boolean) == "boolean");
    CHECK(type_name(type::number) == "number");
    CHECK(type_name(type::string) == "string");
    CHECK(type_name(type::string_list) == "string_list");
}

TEST_CASE("schema", "[expr]") {
    schema s;
    s.add({"a.b", type::number, 1, {}, ""});
    s.add({"a.c", type::string, 2, {"x"}, ""});
    s.add({"a.b", type::boolean, 3, {}, "replaced"});
    REQUIRE(s.fields().size() == 2);
    REQUIRE(s.find("a.b") != nullptr);
    CHECK(s.find("a.b")->type == type::boolean);
    CHECK(s.find("a.b")->slot == 3);
    CHECK(s.find("a.d") == nullptr);
    std::vector<error> errors;
    auto p = program::compile("a.b and a.c == 'x'", s, errors);
    CHECK(errors.empty());
    REQUIRE(p.has_value());
    CHECK(p->slots() == std::vector<int>{3, 2});
}

namespace {

// Coded fields: conference.kind numbered from 1 (0 is "none", no word) and the
// agencies from 0, as the evaluator numbers its facts' enums.
enum coded_slot : int { c_kind, c_agencies, c_name, c_unborn, c_slots };
const std::array<std::string_view, 5> kind_words = {"", "initial", "review", "transfer_in", "pre_birth"};
const std::array<std::string_view, 4> agency_words = {"police", "health", "education", "housing"};

const schema& coded_schema() {
    static const schema s = [] {
        schema out;
        out.add({"conference.kind", type::string, c_kind, {"initial", "review", "transfer_in", "pre_birth"}, "", {1, 2, 3, 4}});
        out.add({"child.agencies_in_contact", type::string_list, c_agencies, {"police", "health", "education", "housing"}, "",
                 {0, 1, 2, 3}});
        out.add({"child.name", type::string, c_name, {}, ""});  // not coded: answered by text only
        out.add({"child.unborn", type::boolean, c_unborn, {}, ""});
        return out;
    }();
    return s;
}

/// Answers by text (get) and by number (word, words) from the same facts, counting each.
struct coded_env final : environment {
    int kind = 0;                 // 0: null
    bool agencies_known = false;  // false: null
    unsigned agencies = 0;
    int unborn = -1;              // -1: null
    mutable std::array<std::string_view, 4> list{};
    mutable int texts = 0, numbers = 0;
    value get(int slot) const override {
        ++texts;
        if (slot == c_kind) return kind ? value::of(kind_words[static_cast<std::size_t>(kind)]) : value::null();
        if (slot == c_agencies) {
            if (!agencies_known) return value::null();
            std::size_t n = 0;
            for (std::size_t i = 0; i < agency_words.size(); ++i)
                if (agencies >> i & 1u) list[n++] = agency_words[i];
            return value::of(std::span<const std::string_view>(list.data(), n));
        }
        if (slot == c_name) return value::of(std::string_view("review"));
        if (slot == c_unborn) return unborn < 0 ? value::null() : value::of(unborn > 0);
        return value::null();
    }
    int flag(int slot) const {
        ++numbers;
        return slot == c_unborn ? unborn : -1;
    }
    int word(int slot) const {
        ++numbers;
        return slot == c_kind && kind ? kind : -1;
    }
    coded_set words(int slot) const {
        ++numbers;
        if (slot != c_agencies || !agencies_known) return {};
        return {true, agencies};
    }
};

}  // namespace

program compile_with(std::string_view text, const schema& s) {
    std::vector<error> errors;
    auto p = program::compile(text, s, errors);
    INFO("condition: " << text);
    REQUIRE(errors.empty());
    REQUIRE(p.has_value());
    return *p;
}

TEST_CASE("coded fields, has() of them and boolean fields are asked by number, with the same answers as by text", "[expr]") {
    STATIC_REQUIRE(coded_environment<coded_env>);
    STATIC_REQUIRE_FALSE(coded_environment<test_env>);
    STATIC_REQUIRE(flag_environment<coded_env>);
    STATIC_REQUIRE_FALSE(flag_environment<test_env>);
    const std::vector<std::string_view> conditions = {
        "conference.kind == 'review'", "conference.kind != 'review'", "'review' == conference.kind", "'initial' != conference.kind",
        "conference.kind in ['initial', 'pre_birth', 'transfer_in']", "conference.kind not in ['initial', 'pre_birth']",
        "'police' in child.agencies_in_contact", "'housing' not in child.agencies_in_contact",
        "conference.kind == 'review' and 'health' in child.agencies_in_contact",
        "not (conference.kind in ['review'] or 'education' not in child.agencies_in_contact)",
        "has(conference.kind)", "not has(conference.kind)", "has(child.agencies_in_contact)", "child.unborn", "not child.unborn",
        "child.unborn or has(conference.kind)",
    };
    int cases = 0;
    for (int kind = 0; kind <= 4; ++kind)
        for (int known = 0; known <= 1; ++known)
            for (unsigned agencies = 0; agencies < 16; agencies += 5)
                for (int unborn = -1; unborn <= 1; ++unborn) {
                    coded_env env;
                    env.kind = kind;
                    env.agencies_known = known != 0;
                    env.agencies = agencies;
                    env.unborn = unborn;
                    for (auto text : conditions) {
                        const program p = compile_with(text, coded_schema());
                        INFO(text << " kind " << kind << " known " << known << " agencies " << agencies << " unborn " << unborn);
                        env.texts = env.numbers = 0;
                        const bool by_number = evaluate(p, env);
                        CHECK(env.numbers > 0);  // (a debug build also asks by text, to assert the two agree)
#ifdef NDEBUG
                        CHECK(env.texts == 0);
#endif
                        CHECK(by_number == p.evaluate(env));  // the virtual interface: by text
                        ++cases;
                    }
                }
    CHECK(cases == 5 * 2 * 4 * 3 * 16);
    // Spot answers: an unset kind is null (every comparison false, `not in` too).
    coded_env none;
    CHECK_FALSE(evaluate(compile_with("conference.kind != 'review'", coded_schema()), none));
    CHECK_FALSE(evaluate(compile_with("conference.kind not in ['review']", coded_schema()), none));
    coded_env review;
    review.kind = 2;
    CHECK(evaluate(compile_with("conference.kind in ['initial', 'review']", coded_schema()), review));
    CHECK_FALSE(evaluate(compile_with("conference.kind != 'review'", coded_schema()), review));
    // A field that is not coded is asked by text, even of an environment that can answer by
    // number; so are has() of a boolean and a boolean compared.
    coded_env any;
    any.unborn = 0;
    CHECK(evaluate(compile_with("child.name == 'review'", coded_schema()), any));
    CHECK(evaluate(compile_with("has(child.unborn)", coded_schema()), any));
    CHECK(evaluate(compile_with("child.unborn == false", coded_schema()), any));
    CHECK(any.texts == 3);
    CHECK(any.numbers == 0);
}

// Operators and type checks at their edges: null against null, a list where the schema
// says string, `in` with a non-string, codes of 64 and more.

TEST_CASE("two null fields are neither equal nor unequal", "[expr]") {
    test_env env = unborn_child();  // age, decision: null
    CHECK_FALSE(eval("conference.decision != conference.decision", env));
    CHECK_FALSE(eval("child.age_years != child.age_years", env));
    CHECK_FALSE(eval("child.age_years == child.age_years", env));
}

TEST_CASE("a list of strings where the schema says string is neither equal nor unequal to itself", "[expr]") {
    test_env env;
    const std::string_view words[] = {"a", "b"};
    env.values[name] = value::of(std::span<const std::string_view>(words));
    CHECK_FALSE(eval("child.name != child.name", env));
    CHECK_FALSE(eval("child.name == child.name", env));
}

TEST_CASE("a list of strings on the right of == is the list error too", "[expr][errors]") {
    check_single("'police' == child.agencies_in_contact", 9, "expr.type", "'==' cannot be used on a list of strings; use 'in'");
}

TEST_CASE("in looks only for a string in a list of strings and not a boolean", "[expr][errors]") {
    check_single("true in child.agencies_in_contact", 5, "expr.type", "'in' cannot look for a boolean in a list of strings");
}

TEST_CASE("an unknown field before in with a list is the only error", "[expr][errors]") {
    check_single("chld.age_years in [1, 2]", 0, "expr.unknown_field",
                 "unknown field 'chld.age_years'; did you mean 'child.age_years'?");
}

namespace {
/// A coded field with a code of 64: too big for a bit, so asked by text.
struct env64 final : environment {
    mutable int numbers = 0;
    value get(int) const override { return value::of(std::string_view("a")); }
    int word(int) const { ++numbers; return 0; }
    coded_set words(int) const { ++numbers; return {}; }
};
}  // namespace

TEST_CASE("a code of 64 or more is not used as a bit", "[expr]") {
    schema s;
    s.add({"x.word", type::string, 0, {"a", "b"}, "", {0, 64}});
    const program p = compile_with("x.word == 'b'", s);
    env64 env;
    CHECK_FALSE(evaluate(p, env));
    CHECK(env.numbers == 0);
    CHECK_FALSE(p.evaluate(env));
}
