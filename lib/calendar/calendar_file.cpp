// Loading calendar files (policies/calendars/*.yaml; format in docs/calendar.md).
//
// Stages: read the YAML into a calendar_source (checking every key and value,
// with positions), load the inherited calendar if any, then generate the
// holidays: recurring rules, then moved days, one-off days and local closures.
// Every problem found is reported; nothing is guessed.
#include "calendar/calendar_impl.hpp"
#include "support/suggest.hpp"
#include "support/yaml_document.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

namespace cprules::calendar {

namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------- the source

enum class rule_kind { fixed, easter, nth_weekday };

/// One recurring holiday ("last Monday of May").
struct holiday_rule {
    std::string name;
    rule_kind kind = rule_kind::fixed;
    unsigned month = 1;     // fixed and nth_weekday
    unsigned day = 1;       // fixed
    int easter_offset = 0;  // easter: days from Easter Sunday
    int nth = 1;            // nth_weekday: 1..4, or -1 for the last
    unsigned weekday = 0;   // nth_weekday: 0 = Monday ... 6 = Sunday
    bool substitute = false;
    int from_year = std::numeric_limits<int>::min();
    int to_year = std::numeric_limits<int>::max();
};

struct dated_entry {
    date day;
    std::string name;
    source_location where;
};

struct moved_entry {
    date from;
    date to;
    std::string name;  // empty: the moved holiday's name + " (moved)"
    source_location where;
};

struct closure_entry {
    date from;
    date to;
    bool single = true;  // `date:` rather than `from:`/`to:`
    std::string name;
    source_location where;
};

/// A calendar file as written, checked field by field.
struct calendar_source {
    std::string name;
    std::string title;
    std::string inherit;
    source_location top;
    source_location inherit_at;
    source_location covers_at;
    std::optional<date> first;
    std::optional<date> last;
    std::vector<holiday_rule> rules;
    bool all_rules_read = true;  // false: a rule with an error is missing from `rules`
    std::vector<dated_entry> one_offs;
    std::vector<moved_entry> moves;
    std::vector<closure_entry> closures;
};

constexpr int min_year = 1583;  // first full Gregorian year (and Easter rule)
constexpr int max_year = 9998;  // Boost.Date_Time's calendar ends in 9999

constexpr std::array<std::string_view, 12> month_names = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 7> weekday_names = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                           "Friday", "Saturday", "Sunday"};

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

template <std::size_t N>
std::optional<unsigned> find_name(const std::array<std::string_view, N>& names, std::string_view word) {
    for (std::size_t i = 0; i < N; ++i)
        if (iequals(names[i], word)) return static_cast<unsigned>(i);
    return std::nullopt;
}

std::vector<std::string_view> split_words(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        const std::size_t start = i;
        while (i < text.size() && text[i] != ' ') ++i;
        if (i > start) words.push_back(text.substr(start, i - start));
    }
    return words;
}

std::optional<int> parse_int(std::string_view text) {
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    if (i == text.size() || text.size() - i > 6) return std::nullopt;
    int v = 0;
    for (; i < text.size(); ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        v = v * 10 + (text[i] - '0');
    }
    return negative ? -v : v;
}

std::string join(const std::vector<std::string_view>& words, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) out += sep;
        out += words[i];
    }
    return out;
}

// ---------------------------------------------------------------- the reader

/// Reads one file's YAML into a calendar_source, appending diagnostics.
class reader {
public:
    reader(std::string file, std::vector<diagnostic>& diags) : file_(std::move(file)), diags_(diags) {}

    source_location at(const YAML::Node& node) const { return at(node.Mark()); }
    source_location at(const YAML::Mark& mark) const {
        return {file_, mark.line >= 0 ? mark.line + 1 : 0, mark.column >= 0 ? mark.column + 1 : 0};
    }
    void error(std::string code, std::string message, source_location where) {
        diags_.push_back({std::move(code), diagnostic_severity::error, std::move(message), std::move(where), {}});
        failed_ = true;
    }
    void warning(std::string code, std::string message, source_location where) {
        diags_.push_back({std::move(code), diagnostic_severity::warning, std::move(message), std::move(where), {}});
    }
    bool failed() const { return failed_; }
    const std::string& file() const { return file_; }

    calendar_source read(const YAML::Node& root) {
        calendar_source src;
        src.top = at(root);
        if (src.top.line == 0) src.top = {file_, 1, 1};
        if (!root.IsMap()) {
            error("calendar.bad_value",
                  "a calendar file must be a mapping with the keys name, covers, rules, ... (see docs/calendar.md)",
                  src.top);
            return src;
        }
        check_keys(root, "a calendar",
                   {"name", "title", "sources", "inherit", "covers", "rules", "one_off", "moved", "closures"});
        if (auto v = text(root, "name", "the calendar", true)) src.name = *v;
        if (auto v = text(root, "title", "the calendar", false)) src.title = *v;
        if (const YAML::Node sources = root["sources"]) {
            if (!sources.IsScalar() && !sources.IsSequence())
                error("calendar.bad_value", "'sources' must be a text or a list of texts", at(sources));
        }
        if (const YAML::Node inherit = root["inherit"]) {
            src.inherit_at = at(inherit);
            if (auto v = text(root, "inherit", "the calendar", false)) src.inherit = *v;
        }
        if (const YAML::Node covers = root["covers"]) {
            read_covers(covers, src);
        } else if (src.inherit.empty() && !root["inherit"]) {
            error("calendar.missing_key",
                  "a calendar needs 'covers' (the first and last day it knows), unless it inherits one", src.top);
        }
        const std::size_t before = diags_.size();
        for_each_item(root, "rules", [&](const YAML::Node& item) { read_rule(item, src); });
        src.all_rules_read = diags_.size() == before;
        for_each_item(root, "one_off", [&](const YAML::Node& item) { read_one_off(item, src); });
        for_each_item(root, "moved", [&](const YAML::Node& item) { read_moved(item, src); });
        for_each_item(root, "closures", [&](const YAML::Node& item) { read_closure(item, src); });
        return src;
    }

private:
    /// Unknown and repeated keys are errors, at the key.
    void check_keys(const YAML::Node& map, std::string_view what, std::vector<std::string_view> allowed) {
        std::set<std::string> seen;
        for (auto it = map.begin(); it != map.end(); ++it) {
            const YAML::Node key = it->first;
            if (!key.IsScalar()) {
                error("calendar.unknown_key", "keys in " + std::string(what) + " must be plain words", at(key));
                continue;
            }
            const std::string& k = key.Scalar();
            if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
                std::string message = "unknown key '" + k + "' in " + std::string(what);
                const std::string best = cprules::detail::closest(k, allowed);
                if (!best.empty()) message += ": did you mean '" + std::string(best) + "'?";
                else message += " (expected " + join(allowed, ", ") + ")";
                error("calendar.unknown_key", std::move(message), at(key));
            } else if (!seen.insert(k).second) {
                error("calendar.duplicate_key", "'" + k + "' is given twice in " + std::string(what), at(key));
            }
        }
    }

    /// A non-empty scalar under `key`, or nullopt (with an error if it is
    /// required and missing, or present but not text).
    std::optional<std::string> text(const YAML::Node& map, const char* key, std::string_view what, bool required) {
        const YAML::Node v = map[key];
        if (!v) {
            if (required)
                error("calendar.missing_key", std::string(what) + " needs '" + key + "'", at(map));
            return std::nullopt;
        }
        if (!v.IsScalar() || v.Scalar().empty()) {
            error("calendar.bad_value", "'" + std::string(key) + "' must be a non-empty text", at(v));
            return std::nullopt;
        }
        return v.Scalar();
    }

    std::optional<date> date_at(const YAML::Node& map, const char* key, std::string_view what, bool required) {
        const auto t = text(map, key, what, required);
        if (!t) return std::nullopt;
        std::string why;
        const auto d = parse_date(*t, &why);
        if (!d) {
            error("calendar.bad_date", why, at(map[key]));
            return std::nullopt;
        }
        return d;
    }

    template <class F>
    void for_each_item(const YAML::Node& root, const char* key, F&& f) {
        const YAML::Node list = root[key];
        if (!list || list.IsNull()) return;
        if (!list.IsSequence()) {
            error("calendar.bad_value", "'" + std::string(key) + "' must be a list", at(list));
            return;
        }
        for (const YAML::Node& item : list) {
            if (!item.IsMap()) {
                error("calendar.bad_value", "each entry of '" + std::string(key) + "' must be a mapping", at(item));
                continue;
            }
            f(item);
        }
    }

    void read_covers(const YAML::Node& covers, calendar_source& src) {
        src.covers_at = at(covers);
        if (!covers.IsMap()) {
            error("calendar.bad_value", "'covers' must be a mapping: {from: YYYY-MM-DD, to: YYYY-MM-DD}", at(covers));
            return;
        }
        check_keys(covers, "'covers'", {"from", "to"});
        const auto from = date_at(covers, "from", "'covers'", true);
        const auto to = date_at(covers, "to", "'covers'", true);
        if (!from || !to) return;
        if (*to < *from) {
            error("calendar.bad_range",
                  "'covers' runs backwards: " + to_string(*to) + " is before " + to_string(*from), at(covers));
            return;
        }
        for (const date d : {*from, *to}) {
            const int y = d.ymd().year;
            if (y < min_year || y > max_year) {
                error("calendar.bad_range",
                      "'covers' must lie within the years " + std::to_string(min_year) + " to " +
                          std::to_string(max_year) + " (" + to_string(d) + " does not)",
                      at(covers));
                return;
            }
        }
        src.first = from;
        src.last = to;
    }

    void read_rule(const YAML::Node& item, calendar_source& src) {
        check_keys(item, "a rule", {"name", "date", "easter", "weekday", "substitute", "from_year", "to_year"});
        holiday_rule rule;
        bool ok = true;
        if (auto v = text(item, "name", "a rule", true)) rule.name = *v;
        else ok = false;

        const int kinds = (item["date"] ? 1 : 0) + (item["easter"] ? 1 : 0) + (item["weekday"] ? 1 : 0);
        if (kinds != 1) {
            error(kinds == 0 ? "calendar.missing_key" : "calendar.bad_value",
                  "a rule needs exactly one of 'date' (25 December), 'easter' (-2) or 'weekday' (last Monday of May)",
                  at(item));
            return;
        }
        if (auto v = text(item, "date", "a rule", false)) {
            rule.kind = rule_kind::fixed;
            ok = parse_day_of_year(*v, rule, at(item["date"])) && ok;
        } else if (auto e = text(item, "easter", "a rule", false)) {
            rule.kind = rule_kind::easter;
            const auto n = parse_int(*e);
            if (!n || *n < -100 || *n > 100) {
                error("calendar.bad_value",
                      "'" + *e + "' is not a number of days from Easter Sunday (such as -2 for Good Friday)",
                      at(item["easter"]));
                ok = false;
            } else {
                rule.easter_offset = *n;
            }
        } else if (auto w = text(item, "weekday", "a rule", false)) {
            rule.kind = rule_kind::nth_weekday;
            ok = parse_nth_weekday(*w, rule, at(item["weekday"])) && ok;
        } else {
            ok = false;  // reported by text()
        }
        if (auto s = text(item, "substitute", "a rule", false)) {
            if (*s == "next free weekday") rule.substitute = true;
            else if (*s != "none") {
                error("calendar.bad_value",
                      "'substitute' must be 'next free weekday' or 'none', not '" + *s + "'", at(item["substitute"]));
                ok = false;
            }
        }
        for (const char* key : {"from_year", "to_year"}) {
            const auto y = text(item, key, "a rule", false);
            if (!y) continue;
            const auto n = parse_int(*y);
            if (!n || *n < min_year || *n > max_year) {
                error("calendar.bad_value", "'" + std::string(key) + "' must be a year, not '" + *y + "'",
                      at(item[key]));
                ok = false;
            } else {
                (std::string_view(key) == "from_year" ? rule.from_year : rule.to_year) = *n;
            }
        }
        if (ok) src.rules.push_back(std::move(rule));
    }

    // "25 December"
    bool parse_day_of_year(const std::string& value, holiday_rule& rule, source_location where) {
        const auto words = split_words(value);
        const auto day = words.size() == 2 ? parse_int(words[0]) : std::nullopt;
        const auto month = words.size() == 2 ? find_name(month_names, words[1]) : std::nullopt;
        if (!day || !month || words[0][0] == '+' || words[0][0] == '-') {
            error("calendar.bad_value", "'" + value + "' is not a day of the year: expected a day and a month, such as 25 December",
                  where);
            return false;
        }
        const unsigned len = date::days_in_month(2000, *month + 1);  // a leap year: 29 February is allowed
        if (*day < 1 || static_cast<unsigned>(*day) > len) {
            error("calendar.bad_value",
                  "'" + value + "' is not a day of the year: " + std::string(month_names[*month]) + " has " +
                      std::to_string(len) + " days",
                  where);
            return false;
        }
        rule.month = *month + 1;
        rule.day = static_cast<unsigned>(*day);
        return true;
    }

    // "last Monday of May", "first Monday of May"
    bool parse_nth_weekday(const std::string& value, holiday_rule& rule, source_location where) {
        static constexpr std::array<std::string_view, 5> ordinals = {"first", "second", "third", "fourth", "last"};
        const auto words = split_words(value);
        std::optional<unsigned> nth, weekday, month;
        if (words.size() == 4 && iequals(words[2], "of")) {
            nth = find_name(ordinals, words[0]);
            weekday = find_name(weekday_names, words[1]);
            month = find_name(month_names, words[3]);
        }
        if (!nth || !weekday || !month) {
            error("calendar.bad_value",
                  "'" + value +
                      "' is not a weekday rule: expected first, second, third, fourth or last, a weekday, 'of' "
                      "and a month, such as 'last Monday of May'",
                  where);
            return false;
        }
        rule.nth = *nth == 4 ? -1 : static_cast<int>(*nth) + 1;
        rule.weekday = *weekday;
        rule.month = *month + 1;
        return true;
    }

    void read_one_off(const YAML::Node& item, calendar_source& src) {
        check_keys(item, "a one-off holiday", {"date", "name"});
        const auto d = date_at(item, "date", "a one-off holiday", true);
        const auto name = text(item, "name", "a one-off holiday", true);
        if (d && name) src.one_offs.push_back({*d, *name, at(item)});
    }

    void read_moved(const YAML::Node& item, calendar_source& src) {
        check_keys(item, "a moved holiday", {"from", "to", "name"});
        const auto from = date_at(item, "from", "a moved holiday", true);
        const auto to = date_at(item, "to", "a moved holiday", true);
        const auto name = text(item, "name", "a moved holiday", false);
        if (from && to && (name || !item["name"])) src.moves.push_back({*from, *to, name.value_or(""), at(item)});
    }

    void read_closure(const YAML::Node& item, calendar_source& src) {
        check_keys(item, "a closure", {"date", "from", "to", "name"});
        const auto name = text(item, "name", "a closure", true);
        if (item["date"]) {
            if (item["from"] || item["to"]) {
                error("calendar.bad_value", "a closure has either 'date' or 'from' and 'to', not both", at(item));
                return;
            }
            const auto d = date_at(item, "date", "a closure", true);
            if (d && name) src.closures.push_back({*d, *d, true, *name, at(item)});
            return;
        }
        if (!item["from"] && !item["to"]) {
            error("calendar.missing_key", "a closure needs 'date', or 'from' and 'to'", at(item));
            return;
        }
        const auto from = date_at(item, "from", "a closure", true);
        const auto to = date_at(item, "to", "a closure", true);
        if (!from || !to || !name) return;
        if (*to < *from) {
            error("calendar.bad_range", "the closure runs backwards: " + to_string(*to) + " is before " + to_string(*from),
                  at(item));
            return;
        }
        src.closures.push_back({*from, *to, false, *name, at(item)});
    }

    std::string file_;
    std::vector<diagnostic>& diags_;
    bool failed_ = false;
};

// ---------------------------------------------------------------- generation

namespace bg = boost::gregorian;

/// The day a rule names in a year before any substitution; nullopt when there
/// is none (29 February in a common year).
std::optional<date> nominal_date(const holiday_rule& rule, int year) {
    switch (rule.kind) {
    case rule_kind::fixed: return date::from_ymd(year, rule.month, rule.day);
    case rule_kind::easter: return easter_sunday(year) + rule.easter_offset;
    case rule_kind::nth_weekday: {
        // Boost counts weekdays from Sunday = 0; ours from Monday = 0.
        const bg::greg_weekday weekday(static_cast<unsigned short>((rule.weekday + 1) % 7));
        const auto month = static_cast<unsigned short>(rule.month);
        const bg::date d =
            rule.nth < 0
                ? bg::last_day_of_the_week_in_month(weekday, month).get_date(static_cast<unsigned short>(year))
                : bg::nth_day_of_the_week_in_month(
                      static_cast<bg::nth_day_of_the_week_in_month::week_num>(rule.nth), weekday, month)
                      .get_date(static_cast<unsigned short>(year));
        return date::from_ymd(d.year(), d.month(), d.day());
    }
    }
    return std::nullopt;
}

using day_map = std::map<std::int32_t, std::string>;  // day number -> holiday name

/// Holidays of the rules for the years [y0, y1]. A holiday on a weekday is
/// that day. One on a weekend with `substitute: next free weekday` moves to
/// the first weekday after it that is not already a holiday; substitutes are
/// assigned in date order (so with 25 December on a Saturday, Christmas takes
/// Monday 27th and Boxing Day Tuesday 28th).
void generate(const std::vector<holiday_rule>& rules, int y0, int y1, day_map& days) {
    struct pending {
        date nominal;
        std::size_t rule;
    };
    std::vector<pending> substitutes;
    for (int y = y0; y <= y1; ++y) {
        for (std::size_t r = 0; r < rules.size(); ++r) {
            const holiday_rule& rule = rules[r];
            if (y < rule.from_year || y > rule.to_year) continue;
            const auto d = nominal_date(rule, y);
            if (!d) continue;
            if (!d->is_weekend()) days.emplace(d->days(), rule.name);
            else if (rule.substitute) substitutes.push_back({*d, r});
        }
    }
    std::stable_sort(substitutes.begin(), substitutes.end(),
                     [](const pending& a, const pending& b) { return a.nominal < b.nominal; });
    for (const pending& p : substitutes) {
        date d = p.nominal + 1;
        while (d.is_weekend() || days.count(d.days()) != 0) d = d + 1;
        days.emplace(d.days(), rules[p.rule].name + " (substitute day)");
    }
}

std::string weekday_name(date d) { return std::string(weekday_names[d.weekday()]); }

/// Applies moved days, one-off days and closures of `src` to `days`.
void apply_changes(reader& rd, const calendar_source& src, date first, date last, day_map& days) {
    const std::string range = "(" + to_string(first) + " to " + to_string(last) + ")";
    const auto in_range = [&](date d) { return d >= first && d <= last; };
    const auto outside = [&](date d, const source_location& where) {
        rd.warning("calendar.outside_range",
                   to_string(d) + " is outside this calendar " + range + "; the entry is ignored", where);
    };
    for (const moved_entry& m : src.moves) {
        if (!in_range(m.from) && !in_range(m.to)) {
            outside(m.from, m.where);
            continue;
        }
        const auto old = days.find(m.from.days());
        if (old == days.end()) {
            if (!src.all_rules_read) continue;  // it may be the day of a rule with an error
            rd.error("calendar.bad_move", to_string(m.from) + " is not a holiday in this calendar, so it cannot be moved",
                     m.where);
            continue;
        }
        if (m.to.is_weekend()) {
            rd.error("calendar.weekend",
                     to_string(m.to) + " is a " + weekday_name(m.to) + ": a holiday can only be moved to a weekday",
                     m.where);
            continue;
        }
        if (const auto taken = days.find(m.to.days()); taken != days.end() && m.to != m.from) {
            rd.error("calendar.duplicate", to_string(m.to) + " is already a holiday (" + taken->second + ")", m.where);
            continue;
        }
        std::string name = m.name.empty() ? old->second + " (moved)" : m.name;
        days.erase(old);
        days.emplace(m.to.days(), std::move(name));
    }
    for (const dated_entry& o : src.one_offs) {
        if (!in_range(o.day)) {
            outside(o.day, o.where);
            continue;
        }
        if (o.day.is_weekend()) {
            rd.error("calendar.weekend",
                     to_string(o.day) + " is a " + weekday_name(o.day) + ": a one-off holiday must fall on a weekday",
                     o.where);
            continue;
        }
        if (const auto taken = days.find(o.day.days()); taken != days.end()) {
            rd.error("calendar.duplicate", to_string(o.day) + " is already a holiday (" + taken->second + ")", o.where);
            continue;
        }
        days.emplace(o.day.days(), o.name);
    }
    for (const closure_entry& c : src.closures) {
        if (c.single) {
            if (!in_range(c.from)) {
                outside(c.from, c.where);
            } else if (c.from.is_weekend()) {
                rd.warning("calendar.redundant_closure",
                           to_string(c.from) + " is a " + weekday_name(c.from) +
                               ", not a working day anyway; the closure is ignored",
                           c.where);
            } else if (const auto taken = days.find(c.from.days()); taken != days.end()) {
                rd.warning("calendar.redundant_closure",
                           to_string(c.from) + " is already closed (" + taken->second + "); the closure is ignored",
                           c.where);
            } else {
                days.emplace(c.from.days(), c.name);
            }
            continue;
        }
        if (c.to < first || c.from > last) {
            rd.warning("calendar.outside_range",
                       "the closure " + to_string(c.from) + " to " + to_string(c.to) + " is outside this calendar " +
                           range + "; it is ignored",
                       c.where);
            continue;
        }
        // A range closes every weekday in it that is not already closed.
        for (date d = std::max(c.from, first); d <= std::min(c.to, last); d = d + 1)
            if (!d.is_weekend()) days.emplace(d.days(), c.name);
    }
}

// ---------------------------------------------------------------- loading

bool looks_like_path(std::string_view s) {
    return s.find('/') != std::string_view::npos || (s.size() > 5 && s.substr(s.size() - 5) == ".yaml");
}

std::string canonical_key(const fs::path& p) {
    std::error_code ec;
    const fs::path c = fs::weakly_canonical(p, ec);
    return ec ? p.lexically_normal().string() : c.string();
}

std::unique_ptr<working_calendar::impl> load_path(const std::string& path, const std::vector<std::string>& search_dirs,
                                                  std::vector<std::string>& chain, std::vector<diagnostic>& diags);

/// The file an `inherit:` value names, or "" (with an error) when there is none.
std::string resolve_inherit(reader& rd, const calendar_source& src, const std::vector<std::string>& search_dirs) {
    const fs::path here = fs::path(rd.file()).parent_path();
    std::vector<fs::path> candidates;
    if (looks_like_path(src.inherit)) {
        candidates.push_back(fs::path(src.inherit).is_absolute() ? fs::path(src.inherit) : here / src.inherit);
    } else {
        candidates.push_back(here / (src.inherit + ".yaml"));
        for (const auto& dir : search_dirs) candidates.push_back(fs::path(dir) / (src.inherit + ".yaml"));
    }
    std::error_code ec;
    for (const auto& c : candidates)
        if (fs::is_regular_file(c, ec)) return c.string();
    std::string looked;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (i > 0) looked += i + 1 == candidates.size() ? " and " : ", ";
        looked += candidates[i].string();
    }
    rd.error("calendar.not_found", "'" + src.inherit + "' names no calendar (looked for " + looked + ")",
             src.inherit_at);
    return {};
}

std::unique_ptr<working_calendar::impl> load_path(const std::string& path, const std::vector<std::string>& search_dirs,
                                                  std::vector<std::string>& chain, std::vector<diagnostic>& diags) {
    reader rd(path, diags);
    std::error_code ec;
    std::ifstream in;
    if (fs::is_regular_file(path, ec)) in.open(path, std::ios::binary);
    if (!in.is_open()) {
        rd.error("calendar.not_found", "cannot read the calendar file", {path, 0, 0});
        return nullptr;
    }
    std::ostringstream text;
    text << in.rdbuf();

    calendar_source src;
    try {
        const YAML::Node root = cprules::detail::load_one_document(text.str(), "a second YAML document: a calendar file holds one calendar");
        src = rd.read(root);
    } catch (const YAML::Exception& e) {
        rd.error("calendar.bad_yaml", e.msg, rd.at(e.mark));
        return nullptr;
    }

    std::unique_ptr<working_calendar::impl> parent;
    if (!src.inherit.empty()) {
        const std::string parent_path = resolve_inherit(rd, src, search_dirs);
        if (!parent_path.empty()) {
            const std::string key = canonical_key(parent_path);
            if (std::find(chain.begin(), chain.end(), key) != chain.end()) {
                std::string loop;
                for (const auto& c : chain) loop += fs::path(c).filename().string() + " -> ";
                loop += fs::path(key).filename().string();
                rd.error("calendar.inherit_cycle", "calendars inherit in a loop: " + loop, src.inherit_at);
            } else {
                chain.push_back(key);
                parent = load_path(parent_path, search_dirs, chain, diags);
                chain.pop_back();
                if (!parent) return nullptr;  // its own errors are already reported
            }
        }
    }
    // An entry with an error is left out, and the others are still checked against the
    // holidays when the checks have what they need: the covered range, and the parent's holidays.
    const bool range_known = src.first || (parent && src.covers_at.line == 0);
    if (!range_known || (!parent && src.inherit_at.line != 0)) return nullptr;

    date first = src.first.value_or(parent ? parent->first : date{});
    date last = src.last.value_or(parent ? parent->last : date{});
    day_map days;
    if (parent) {
        if (first < parent->first || last > parent->last) {
            rd.error("calendar.bad_range",
                     "'covers' (" + to_string(first) + " to " + to_string(last) + ") goes beyond " +
                         detail::describe_range(*parent) + ", which it inherits",
                     src.covers_at);
            return nullptr;
        }
        for (const closure& c : parent->closures) days.emplace(c.day.days(), c.name);
    }
    generate(src.rules, first.ymd().year - 1, last.ymd().year + 1, days);
    apply_changes(rd, src, first, last, days);
    if (rd.failed()) return nullptr;

    std::vector<closure> closures;
    closures.reserve(days.size());
    for (auto& [day, name] : days) closures.push_back({date::from_days(day), std::move(name)});
    return detail::build_calendar(src.name, src.title, first, last, std::move(closures));
}

std::shared_ptr<const working_calendar> load_with(const std::string& path, std::vector<std::string> search_dirs,
                                                  std::vector<diagnostic>& diags) {
    std::vector<std::string> chain{canonical_key(path)};
    std::vector<diagnostic> found;
    std::shared_ptr<const working_calendar> result;
    try {
        if (auto cal = load_path(path, search_dirs, chain, found))
            result = std::make_shared<const working_calendar>(std::move(cal));
    } catch (const std::exception& e) {  // Boost or yaml-cpp misuse: never let it escape
        found.push_back({"calendar.internal", diagnostic_severity::error, e.what(), {path, 0, 0}, {}});
    }
    sort_diagnostics(found);  // by file, line, column
    diags.insert(diags.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    return result;
}

}  // namespace

std::shared_ptr<const working_calendar> working_calendar::load_file(const std::string& path,
                                                                    std::vector<diagnostic>& diags) {
    return load_with(path, {bundled_dir()}, diags);
}

std::shared_ptr<const working_calendar> working_calendar::load(const std::string& name_or_path,
                                                               const std::string& search_dir,
                                                               std::vector<diagnostic>& diags) {
    if (looks_like_path(name_or_path)) return load_with(name_or_path, {search_dir}, diags);
    const fs::path path = fs::path(search_dir) / (name_or_path + ".yaml");
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        std::vector<std::string> names;
        for (fs::directory_iterator it(search_dir, ec), end; !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".yaml") names.push_back(it->path().stem().string());
        std::sort(names.begin(), names.end());
        std::string message = "no calendar named '" + name_or_path + "' in " + search_dir;
        if (!names.empty()) {
            message += " (there are: ";
            for (std::size_t i = 0; i < names.size(); ++i) message += (i > 0 ? ", " : "") + names[i];
            message += ")";
        }
        diags.push_back({"calendar.not_found", diagnostic_severity::error, std::move(message), {}, {}});
        return nullptr;
    }
    return load_with(path.string(), {search_dir}, diags);
}

}  // namespace cprules::calendar
