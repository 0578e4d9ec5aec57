#include "eval/eval.hpp"

#include <fmt/format.h>

namespace cprules::eval {

std::string message(const finding& f, const facts::case_facts&) {
    const std::string& summary = f.rule->summary;
    switch (f.state) {
        case status::met: return summary;
        case status::pending: return fmt::format("{}: due {}", summary, to_string(f.due));
        case status::late: return fmt::format("{}: done {}, {} day{} late", summary, to_string(f.done), f.days_late, f.days_late == 1 ? "" : "s");
        case status::overdue: return fmt::format("{}: not done, due {}", summary, to_string(f.due));
        case status::breached: return f.detail.empty() ? fmt::format("{}: not met", summary) : fmt::format("{}: {}", summary, f.detail);
        case status::waived: {
            std::string reason = f.subject ? std::string(f.subject->outcome.exceptional_reason) : std::string();
            if (f.satisfied_by && reason.empty()) reason = std::string(f.satisfied_by->outcome.exceptional_reason);
            return f.detail.empty() ? fmt::format("{}: waived (exceptional reason recorded: {})", summary, reason)
                                    : fmt::format("{}: waived (exceptional reason recorded: {}): {}", summary, reason, f.detail);
        }
    }
    return summary;
}

}  // namespace cprules::eval
