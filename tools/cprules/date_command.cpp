// `cprules date`: date arithmetic on the working-day calendar (contract section 4).
//
//   cprules date DATE OFFSET              the ISO date, one line
//   cprules date --between DATE_A DATE_B  working days after A up to and including B
//   --calendar NAME|FILE                  default england-and-wales
//   --explain                             after the answer, the days stepped over
//   --inclusive                           DATE (DATE_A) itself is day 1
#include "commands.hpp"

#include "calendar/calendar.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace cprules::cli {

namespace {

struct date_options {
    std::vector<std::string> args;
    bool between = false;
    bool explain = false;
    bool inclusive = false;
    std::string calendar = "england-and-wales";
};

int usage_error(const std::string& message) {
    std::fprintf(stderr, "cprules date: %s\n", message.c_str());
    return 2;
}

void print_days(const char* what, const std::vector<calendar::stepped_day>& days) {
    if (days.empty()) {
        std::printf("%s: none\n", what);
        return;
    }
    std::printf("%s: %zu\n", what, days.size());
    for (const auto& d : days)
        std::printf("  %s  %.*s\n", to_string(d.day).c_str(), static_cast<int>(d.reason.size()), d.reason.data());
}

int run_date(const date_options& opts) {
    if (opts.args.size() != 2) {
        return usage_error(opts.between ? "expected two dates: cprules date --between DATE_A DATE_B"
                                        : "expected a date and an offset: cprules date DATE OFFSET "
                                          "(OFFSET like +15wd, -2wd, +3m, +10w, -70d, +48h)");
    }
    std::vector<diagnostic> diags;
    const auto cal = calendar::working_calendar::load(opts.calendar, calendar::bundled_dir(), diags);
    for (const auto& d : diags) std::fprintf(stderr, "cprules date: %s\n", to_string(d).c_str());
    if (!cal) return 2;
    std::string error;

    if (opts.between) {
        const auto a = parse_date(opts.args[0], &error);
        if (!a) return usage_error(error);
        const auto b = parse_date(opts.args[1], &error);
        if (!b) return usage_error(error);
        auto n = cal->working_days_between(*a, *b, &error);
        if (!n) return usage_error(error);
        // --inclusive: A is day 1 when it is a working day, as `date --inclusive A +Nwd` counts.
        if (opts.inclusive && cal->is_working_day(*a)) *n += *a <= *b ? 1 : -1;
        std::printf("%d\n", static_cast<int>(*n));
        if (opts.explain) {
            std::printf("working days %s %s up to and including %s, calendar %s\n", opts.inclusive ? "from and including" : "after",
                        opts.args[0].c_str(), opts.args[1].c_str(), cal->name().c_str());
            if (*a > *b)
                std::printf("(negative: the working days from %s up to %s %s)\n", opts.args[1].c_str(),
                            opts.inclusive ? "and including" : "but not including", opts.args[0].c_str());
            std::vector<calendar::stepped_day> skipped;
            const date lo = std::min(*a, *b) + 1;
            const date hi = std::max(*a, *b);
            for (date d = lo; d < hi; d = d + 1) {
                if (cal->is_working_day(d)) continue;
                const calendar::closure* c = cal->closure_on(d);
                skipped.push_back({d, c ? std::string_view(c->name) : d.weekday() == 5 ? "Saturday" : "Sunday"});
            }
            print_days("weekend days and closures not counted", skipped);
        }
        return 0;
    }

    // A date, or a date-time (for exact hours); a short text is reported as a bad date.
    std::optional<date_time> from;
    if (opts.args[0].size() <= 10) {
        if (const auto day = parse_date(opts.args[0], &error)) from = date_time{*day, -1};
    } else {
        from = parse_date_time(opts.args[0], &error);
    }
    if (!from) return usage_error(error);
    auto off = calendar::parse_offset(opts.args[1], &error);
    if (!off) return usage_error(error);
    if (opts.inclusive) {
        if (off->unit == calendar::unit::months || off->unit == calendar::unit::hours)
            return usage_error("--inclusive counts days (wd, d, w), not months or hours");
        off->start_is_day_1 = true;
    }
    calendar::trace how;
    const auto answer = cal->apply(*from, *off, &error, opts.explain ? &how : nullptr);
    if (!answer) return usage_error(error);
    std::printf("%s\n", to_string(*answer).c_str());
    if (opts.explain) {
        std::printf("%s %s, calendar %s\n", calendar::describe(*off).c_str(), to_string(*from).c_str(),
                    cal->name().c_str());
        if (off->unit == calendar::unit::working_days) print_days("weekend days and closures stepped over", how.stepped_over);
    }
    return 0;
}

}  // namespace

void add_date_command(CLI::App& app, action& run) {
    auto opts = std::make_shared<date_options>();
    CLI::App* cmd = app.add_subcommand(
        "date", "Date arithmetic on the working-day calendar: DATE OFFSET prints the ISO date; "
                "--between DATE_A DATE_B prints the working days after A up to and including B");
    cmd->add_option("args", opts->args,
                    "DATE OFFSET (OFFSET: +15wd, -2wd, +3m, +10w, -70d, +48h; DATE may be a date-time "
                    "YYYY-MM-DDTHH:MM for exact hours), or with --between: DATE_A DATE_B")
        ->type_name("DATE OFFSET | DATE_A DATE_B");
    cmd->add_flag("--between", opts->between,
                  "Print the number of working days after DATE_A up to and including DATE_B (negative if B < A)");
    cmd->add_option("--calendar", opts->calendar, "A bundled calendar name or a calendar file")
        ->capture_default_str();
    cmd->add_flag("--explain", opts->explain, "After the answer, list the weekend days and closures stepped over");
    cmd->add_flag("--inclusive", opts->inclusive,
                  "Count DATE (or DATE_A) itself as day 1 (a policy rule's `counting: inclusive`; wd, d and w offsets "
                  "and --between only)");
    // "-2wd" is a positional (CLI11 treats "-<digit>..." as one when no such
    // option exists); "--" also ends the options.
    cmd->callback([&run, opts] { run = [opts] { return run_date(*opts); }; });
}

}  // namespace cprules::cli
