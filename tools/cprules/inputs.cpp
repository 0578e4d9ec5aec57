#include "inputs.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace cprules::cli {

namespace fs = std::filesystem;

namespace {

bool has_suffix(const std::string& s, std::string_view suffix) { return s.size() >= suffix.size() && s.ends_with(suffix); }

void read_lines(std::istream& in, const std::string& name,
                const std::function<void(std::string_view, case_format, const std::string&)>& each) {
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        std::string_view v(line);
        while (!v.empty() && (v.back() == '\r' || v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
        if (v.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank lines are not cases
        each(v, case_format::json, name + ":" + std::to_string(number));
    }
}

bool read_file(const std::string& path, const std::function<void(std::string_view, case_format, const std::string&)>& each) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    if (has_suffix(path, ".jsonl") || has_suffix(path, ".ndjson")) {
        read_lines(in, path, each);
        return true;
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    each(text, has_suffix(path, ".yaml") || has_suffix(path, ".yml") ? case_format::yaml : case_format::json, path);
    return true;
}

bool is_case_file(const fs::path& p) {
    const auto ext = p.extension().string();
    return ext == ".json" || ext == ".jsonl" || ext == ".ndjson" || ext == ".yaml" || ext == ".yml";
}

}  // namespace

bool for_each_case(const std::vector<std::string>& inputs,
                   const std::function<void(std::string_view, case_format, const std::string&)>& each,
                   std::vector<std::string>& unreadable) {
    for (const auto& input : inputs) {
        if (input == "-") {
            std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
            // One JSON (or YAML) document, or JSON Lines when there are several lines that each start an object.
            std::size_t objects = 0;
            std::size_t pos = 0;
            while (pos < text.size()) {
                auto start = text.find_first_not_of(" \t\r\n", pos);
                if (start == std::string::npos) break;
                if (text[start] == '{') ++objects;
                pos = text.find('\n', start);
                if (pos == std::string::npos) break;
                ++pos;
            }
            const auto first = text.find_first_not_of(" \t\r\n");
            if (first != std::string::npos && text[first] == '{' && objects > 1 && text.find("\n{") != std::string::npos) {
                std::istringstream lines(text);
                read_lines(lines, "<stdin>", each);
            } else {
                each(text, first != std::string::npos && (text[first] == '{' || text[first] == '[') ? case_format::json : case_format::yaml,
                     "<stdin>");
            }
            continue;
        }
        std::error_code ec;
        if (fs::is_directory(input, ec)) {
            std::vector<std::string> files;
            for (const auto& entry : fs::recursive_directory_iterator(input, ec))
                if (entry.is_regular_file() && is_case_file(entry.path())) files.push_back(entry.path().string());
            std::sort(files.begin(), files.end());
            for (const auto& f : files)
                if (!read_file(f, each)) unreadable.push_back(f);
            continue;
        }
        if (!read_file(input, each)) unreadable.push_back(input);
    }
    return unreadable.empty();
}

}  // namespace cprules::cli
