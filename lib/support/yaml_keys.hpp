// Keys written twice in one YAML mapping. yaml-cpp keeps both and looks up only the first,
// so whatever the second says is silently ignored: the policy loader and `cprules test`
// report them.
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace cprules::detail {

struct repeated_key {
    std::string key;
    YAML::Mark at;   // where it is written again
    int first_line;  // 1-based line of its first use
};

/// Every key of `map` that repeats an earlier one, in order; none when `map` is not a mapping.
inline std::vector<repeated_key> repeated_keys(const YAML::Node& map) {
    std::vector<repeated_key> out;
    if (!map.IsMap()) return out;
    std::vector<std::pair<std::string, int>> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
        std::string key = it->first.Scalar();
        const auto first = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == key; });
        if (first != seen.end()) out.push_back({std::move(key), it->first.Mark(), first->second});
        else seen.emplace_back(std::move(key), it->first.Mark().line + 1);
    }
    return out;
}

}  // namespace cprules::detail
