#include "inputs.hpp"

#include "support/json.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cprules::cli {

namespace fs = std::filesystem;

std::string case_source::text() const {
    std::string out(file);
    if (line > 0) out += ':' + std::to_string(line);
    return out;
}

void append_case_error(std::string& out, const case_source& where, std::string_view case_id, const diagnostic& d) {
    out += where.file;
    if (d.location.line > 0 && d.location.file.empty()) {
        // Where the case's text fails to parse; a JSON Lines case is one line of its file.
        const auto line = static_cast<std::size_t>(d.location.line);
        out += ':' + std::to_string(where.line > 0 ? where.line + line - 1 : line);
        if (d.location.column > 0) out += ':' + std::to_string(d.location.column);
    } else if (where.line > 0) {
        out += ':' + std::to_string(where.line);
    }
    out += ':';
    if (!case_id.empty()) {
        out += " case ";
        out += case_id;
        out += ':';
    }
    out += ' ';
    out += to_string(d);
    out += '\n';
}

namespace {

/// Whether `dir` is `ancestor` or inside it (both canonical).
bool within(const fs::path& dir, const fs::path& ancestor) {
    return std::mismatch(ancestor.begin(), ancestor.end(), dir.begin(), dir.end()).first == ancestor.end();
}

/// A file name's extension in lower case: ".json" for "case.JSON".
std::string extension_of(const fs::path& p) {
    std::string ext = p.extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

}  // namespace

std::vector<std::string> files_under(const std::string& dir, bool (*wanted)(const fs::path&), std::error_code& ec) {
    std::vector<std::string> files;
    fs::recursive_directory_iterator it(dir, fs::directory_options::follow_directory_symlink, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::error_code status;
        if (it->is_directory(status) && !status) {
            if (!it->is_symlink(status)) continue;
            // A link to a directory that contains it would be walked for ever: it is listed,
            // so that reading it fails and is reported, and not followed.
            std::error_code e1, e2;
            const fs::path target = fs::canonical(it->path(), e1), here = fs::canonical(it->path().parent_path(), e2);
            if (e1 || e2 || !within(here, target)) continue;
            it.disable_recursion_pending();
        } else if (!wanted(it->path())) {
            continue;
        }
        files.push_back(it->path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

bool is_case_file(const fs::path& p) {
    const std::string ext = extension_of(p);
    return ext == ".json" || ext == ".jsonl" || ext == ".ndjson" || ext == ".yaml" || ext == ".yml";
}

namespace {

/// A byte order mark before a file's first line is not part of it.
void drop_byte_order_mark(std::string_view& first_line, bool& first) {
    first = false;
    if (first_line.starts_with(detail::byte_order_mark)) first_line.remove_prefix(detail::byte_order_mark.size());
}

/// Lines of a stream through one buffer that grows only to the longest line. A byte
/// order mark before the first line is not part of it.
class line_reader {
public:
    explicit line_reader(std::FILE* f) : file_(f), buffer_(1 << 20) {}

    /// The next line, without its line break; valid until the next call. False at the end.
    bool next(std::string_view& line) {
        if (!take(line)) return false;
        if (first_) drop_byte_order_mark(line, first_);
        return true;
    }
    bool failed() const { return std::ferror(file_) != 0; }
    /// Whether the last line returned ended with a line break (the input's last line may not).
    bool line_break() const { return line_break_; }

private:
    bool take(std::string_view& line) {
        for (;;) {
            char* base = buffer_.data();
            if (const void* nl = std::memchr(base + pos_, '\n', end_ - pos_)) {
                const auto at = static_cast<std::size_t>(static_cast<const char*>(nl) - base);
                line = {base + pos_, at - pos_};
                pos_ = at + 1;
                line_break_ = true;
                return true;
            }
            if (done_) {
                if (pos_ == end_) return false;
                line = {base + pos_, end_ - pos_};  // the last line, with no line break after it
                pos_ = end_;
                line_break_ = false;
                return true;
            }
            std::memmove(base, base + pos_, end_ - pos_);
            end_ -= pos_;
            pos_ = 0;
            if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
            const std::size_t n = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
            end_ += n;
            if (n == 0) done_ = true;
        }
    }

    std::FILE* file_;
    std::vector<char> buffer_;
    std::size_t pos_ = 0, end_ = 0;
    bool done_ = false;
    bool first_ = true;  // no line returned yet
    bool line_break_ = false;
};

// ---- regular files: read where they lie, through a window mapped into memory

/// The window being read, for the SIGBUS handler. Reading a page of a file mapped
/// into memory after the file was cut short faults with SIGBUS; the handler puts a
/// page of zeros there instead, so that the read goes on (the zeros are bad JSON,
/// reported as such) and the file is reported as cut short when its lines end.
std::atomic<char*> window_begin{nullptr}, window_end{nullptr};
std::atomic<bool> window_cut{false};
const std::size_t page_size = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));

extern "C" void on_sigbus(int, siginfo_t* info, void*) {
    auto* at = static_cast<char*>(info->si_addr);
    if (at >= window_begin.load() && at < window_end.load()) {
        void* start = reinterpret_cast<void*>(reinterpret_cast<std::uintptr_t>(at) & ~(page_size - 1));
        if (mmap(start, page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
            window_cut = true;
            return;
        }
    }
    std::signal(SIGBUS, SIG_DFL);  // not a read of the window: the fault repeats, with the default action
}

/// The lines of a regular file (one read at a time). A window of it is mapped into
/// memory and moved on as the lines pass: the lines are read where they lie, not
/// copied out by read(), and resident memory stays the window's, however large the file.
class mapped_lines {
public:
    mapped_lines(int fd, std::size_t size) : fd_(fd), size_(size) {
        static std::once_flag handler;
        std::call_once(handler, [] {
            struct sigaction action {};
            action.sa_sigaction = on_sigbus;
            action.sa_flags = SA_SIGINFO;
            sigemptyset(&action.sa_mask);
            sigaction(SIGBUS, &action, nullptr);
        });
        window_cut = false;
        map(0, window);
    }
    ~mapped_lines() { unmap(); }
    mapped_lines(const mapped_lines&) = delete;
    mapped_lines& operator=(const mapped_lines&) = delete;

    /// The next line, without its line break; valid until the next call. False at the end.
    bool next(std::string_view& line) {
        if (!take(line)) return false;
        if (first_) drop_byte_order_mark(line, first_);
        return true;
    }
    /// Whether mapping failed or the file was cut short while it was read.
    bool failed() const {
        struct stat st {};
        return failed_ || window_cut || fstat(fd_, &st) != 0 || static_cast<std::size_t>(st.st_size) < size_;
    }
    /// Whether the file could be mapped (else it is read the usual way).
    bool mapped() const { return data_ != nullptr; }

private:
    static constexpr std::size_t window = std::size_t{2} << 20;

    bool take(std::string_view& line) {
        while (pos_ < size_) {
            if (pos_ < offset_ || pos_ >= offset_ + length_) {
                if (!map(pos_, window)) return false;
            }
            const char* from = data_ + (pos_ - offset_);
            const char* end = data_ + length_;
            const void* nl = std::memchr(from, '\n', static_cast<std::size_t>(end - from));
            if (window_cut) return false;  // the file was cut short: what was read past its end is not its text
            if (nl) {
                line = {from, static_cast<std::size_t>(static_cast<const char*>(nl) - from)};
                pos_ += line.size() + 1;
                return true;
            }
            if (offset_ + length_ == size_) {  // the last line, with no line break after it
                line = {from, static_cast<std::size_t>(end - from)};
                pos_ = size_;
                return true;
            }
            // The line goes on past the window: map from its start, twice what the window held of it.
            if (!map(pos_, std::max(window, 2 * static_cast<std::size_t>(end - from)))) return false;
        }
        return false;
    }
    bool map(std::size_t from, std::size_t length) {
        unmap();
        const std::size_t offset = from & ~(page_size - 1);
        length = std::min(length + (from - offset), size_ - offset);
        void* m = mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd_, static_cast<off_t>(offset));
        if (m == MAP_FAILED) {
            failed_ = true;
            return false;
        }
        madvise(m, length, MADV_SEQUENTIAL);
        data_ = static_cast<char*>(m);
        offset_ = offset;
        length_ = length;
        window_end = data_ + length_;
        window_begin = data_;
        return true;
    }
    void unmap() {
        if (!data_) return;
        window_begin = nullptr;
        window_end = nullptr;
        munmap(data_, length_);
        data_ = nullptr;
    }

    int fd_;
    std::size_t size_;
    std::size_t pos_ = 0;  // where the next line starts, in the file
    char* data_ = nullptr;
    std::size_t offset_ = 0, length_ = 0;  // the mapped window, in the file
    bool failed_ = false;
    bool first_ = true;  // no line returned yet
};

bool blank(std::string_view v) { return v.find_first_not_of(" \t\r") == std::string_view::npos; }

/// A whole JSON object on one line, white space around it aside.
bool whole_object(std::string_view v) {
    const auto first = v.find_first_not_of(" \t\r"), last = v.find_last_not_of(" \t\r");
    return first != std::string_view::npos && last > first && v[first] == '{' && v[last] == '}';
}

/// JSON Lines: one case a line; blank lines are not cases. A line is passed as it is (JSON
/// allows the white space around it), so that an error's column is its column in the file.
/// Returns the number of the last line read; `in.failed()` says whether the read was whole.
template <class Lines>
std::size_t read_lines(Lines& in, std::string_view name, const case_handler& each, std::size_t number = 0) {
    std::string_view line;
    while (in.next(line)) {
        ++number;
        if (!blank(line)) each(line, case_format::json, {name, number});
    }
    return number;
}

struct file_closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

std::string read_all(std::FILE* f) {
    std::string text;
    char chunk[1 << 16];
    std::size_t n;
    while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0) text.append(chunk, n);
    return text;
}

void unreadable(const case_handler& each, std::string_view why, std::string_view name, std::size_t line = 0) {
    each(why, case_format::unreadable, {name, line});
}

void read_file(const std::string& path, const case_handler& each) {
    std::unique_ptr<std::FILE, file_closer> f(std::fopen(path.c_str(), "rb"));
    if (!f) return unreadable(each, std::strerror(errno), path);
    struct stat st {};
    if (fstat(fileno(f.get()), &st) == 0 && S_ISDIR(st.st_mode))
        return unreadable(each, "a link to a directory that contains it: not followed", path);
    const std::string ext = extension_of(path);
    if (ext == ".jsonl" || ext == ".ndjson") {
        constexpr std::string_view cut = "the file could not be read to its end (cut short while it was read?)";
        if (S_ISREG(st.st_mode) && st.st_size > 0) {
            mapped_lines in(fileno(f.get()), static_cast<std::size_t>(st.st_size));
            if (in.mapped()) {
                const std::size_t lines = read_lines(in, path, each);
                if (in.failed()) unreadable(each, cut, path, lines + 1);
                return;
            }
        }
        line_reader in(f.get());  // not a regular file, or it could not be mapped
        const std::size_t lines = read_lines(in, path, each);
        if (in.failed()) unreadable(each, cut, path, lines + 1);
        return;
    }
    const std::string text = read_all(f.get());
    if (std::ferror(f.get())) return unreadable(each, std::strerror(errno), path);
    each(text, ext == ".yaml" || ext == ".yml" ? case_format::yaml : case_format::json, {path, 0});
}

/// Standard input: JSON Lines (streamed) when its first line that is not blank starts an
/// object and either it or the next is a whole object, so that a first case cut short does
/// not make the batch one bad case; otherwise one JSON or YAML document. Nothing but blank
/// lines is no case, as for an empty file.
void read_stdin(const case_handler& each) {
    constexpr std::string_view name = "<stdin>";
    line_reader in(stdin);
    std::string_view line;
    std::size_t number = 0;
    std::string head;  // what has been read so far, should it be one document
    auto keep = [&](std::string_view l) {
        head.append(l);
        if (in.line_break()) head += '\n';
    };
    while (in.next(line)) {
        ++number;
        keep(line);
        if (!blank(line)) break;
    }
    if (in.failed()) return unreadable(each, "standard input could not be read", name);
    if (head.find_first_not_of(" \t\r\n") == std::string::npos) return;
    if (line[line.find_first_not_of(" \t\r")] == '{') {  // the first line that is not blank
        const std::string first(line);
        const std::size_t first_number = number;
        // One line ahead, to tell a batch from a single case.
        std::string_view next;
        while (in.next(next)) {
            ++number;
            if (blank(next)) {
                keep(next);
                continue;
            }
            if (whole_object(first) || whole_object(next)) {
                each(first, case_format::json, {name, first_number});
                each(next, case_format::json, {name, number});
                read_lines(in, name, each, number);
                if (in.failed()) unreadable(each, "standard input could not be read to its end", name);
                return;
            }
            keep(next);
            break;
        }
    }
    while (in.next(line)) keep(line);
    if (in.failed()) return unreadable(each, "standard input could not be read to its end", name);
    const auto start = head.find_first_not_of(" \t\r\n");
    const bool json = head[start] == '{' || head[start] == '[';
    each(head, json ? case_format::json : case_format::yaml, {name, 0});
}

}  // namespace

void for_each_case(const std::vector<std::string>& inputs, const case_handler& each) {
    for (const auto& input : inputs) {
        if (input == "-") {
            read_stdin(each);
            continue;
        }
        std::error_code ec;
        if (fs::is_directory(input, ec)) {
            const auto files = files_under(input, is_case_file, ec);
            for (const auto& f : files) read_file(f, each);
            if (ec) unreadable(each, "the directory could not be read to its end: " + ec.message(), input);
            continue;
        }
        read_file(input, each);
    }
}

}  // namespace cprules::cli
