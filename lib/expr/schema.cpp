#include "expr/detail.hpp"

#include <algorithm>

namespace cprules::expr {

std::string_view type_name(type t) {
    switch (t) {
    case type::null: return "null";
    case type::boolean: return "boolean";
    case type::number: return "number";
    case type::string: return "string";
    case type::string_list: return "string_list";
    }
    return "?";
}

void schema::add(field f) {
    auto same = std::find_if(fields_.begin(), fields_.end(), [&](const field& g) { return g.name == f.name; });
    if (same != fields_.end()) *same = std::move(f);
    else fields_.push_back(std::move(f));
}

const field* schema::find(std::string_view name) const {
    for (const field& f : fields_)
        if (f.name == name) return &f;
    return nullptr;
}

std::string schema::suggest(std::string_view name) const {
    std::vector<std::string_view> names;
    names.reserve(fields_.size());
    for (const field& f : fields_) names.push_back(f.name);
    return detail::closest(name, names);
}

namespace detail {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Three rolling rows of the optimal string alignment table.
    std::vector<std::size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                cur[j] = std::min(cur[j], before[j - 2] + 1);
        }
        std::swap(before, prev);
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string closest(std::string_view word, const std::vector<std::string_view>& candidates) {
    // Close enough to be a typo: at most 3 edits, and at most half the word.
    std::size_t limit = std::min<std::size_t>(3, word.size() / 2);
    std::string_view best;
    std::size_t best_distance = limit + 1;
    for (std::string_view c : candidates) {
        std::size_t d = edit_distance(word, c);
        if (d < best_distance) { best = c; best_distance = d; }
    }
    if (best_distance <= limit) return std::string(best);
    // A name given without its prefix: `age_years` for `child.age_years`.
    if (!word.empty())
        for (std::string_view c : candidates)
            if (c.size() > word.size() && c.ends_with(word) && c[c.size() - word.size() - 1] == '.') return std::string(c);
    return {};
}

}  // namespace detail
}  // namespace cprules::expr
