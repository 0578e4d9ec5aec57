#include <cprules/diagnostic.hpp>

#include <algorithm>
#include <tuple>

namespace cprules {
inline namespace v1 {

std::string to_string(const diagnostic& d) {
    std::string out;
    if (!d.location.file.empty()) {
        out += d.location.file;
        if (d.location.line > 0) {
            out += ':' + std::to_string(d.location.line);
            if (d.location.column > 0) out += ':' + std::to_string(d.location.column);
        }
        out += ": ";
    }
    out += d.severity == diagnostic_severity::error ? "error[" : "warning[";
    out += d.code;
    out += "]: ";
    out += d.message;
    if (!d.pointer.empty()) out += " (at " + d.pointer + ")";
    return out;
}

void sort_diagnostics(std::vector<diagnostic>& diags) {
    auto key = [](const diagnostic& d) {
        return std::tie(d.location.file, d.location.line, d.location.column, d.pointer, d.code, d.message);
    };
    std::stable_sort(diags.begin(), diags.end(), [&](const diagnostic& a, const diagnostic& b) { return key(a) < key(b); });
    diags.erase(std::unique(diags.begin(), diags.end()), diags.end());
}

}  // namespace v1
}  // namespace cprules
