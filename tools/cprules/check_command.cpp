// cprules check: evaluate cases against a policy and report the findings.
// One case at a time, or (--jobs N) batches of cases on N worker threads,
// written in input order.
#include "commands.hpp"
#include "report/report.hpp"
#include "session.hpp"

#include <chrono>
#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <fmt/format.h>
#include <map>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace cprules::cli {

namespace {

struct options {
    std::string policy, format = "text", fail_on = "violation";
    std::optional<std::string> as_of;  // not given: today in England
    std::vector<std::string> statuses;
    std::vector<std::string> inputs;
    unsigned jobs = 1;
};

/// What checking some cases adds up to.
struct tally {
    std::size_t cases = 0, bad = 0, failing = 0;
    eval::summary total;
    void add(const tally& t) {
        cases += t.cases;
        bad += t.bad;
        failing += t.failing;
        for (std::size_t i = 0; i < total.counts.size(); ++i) total.counts[i] += t.total.counts[i];
    }
};

/// Output on its way to stdout. Unlike std::string, it does not zero the room
/// it grows into: a case's JSON is written straight into it (47 KB a case).
class byte_buffer {
public:
    /// Room for `n` more bytes at the end: write into it, then commit().
    char* room(std::size_t n) {
        if (capacity_ - size_ < n) grow(n);
        return data_.get() + size_;
    }
    void commit(const char* end) { size_ = static_cast<std::size_t>(end - data_.get()); }
    void append(std::string_view s) {
        if (s.empty()) return;
        std::memcpy(room(s.size()), s.data(), s.size());
        size_ += s.size();
    }
    std::string_view view() const { return {data_.get(), size_}; }
    std::size_t size() const { return size_; }
    void clear() { size_ = 0; }

private:
    void grow(std::size_t n) {
        const std::size_t capacity = std::max(capacity_ * 2, size_ + n);
        auto data = std::make_unique_for_overwrite<char[]>(capacity);
        if (size_ > 0) std::memcpy(data.get(), data_.get(), size_);
        data_ = std::move(data);
        capacity_ = capacity;
    }
    std::unique_ptr<char[]> data_;
    std::size_t size_ = 0, capacity_ = 0;
};

/// Checks one case after another, appending its report to `out` and its input
/// errors to `err`. One per thread: it owns a session (loader, evaluators).
class case_checker {
public:
    /// `fail_on`: the severity at which findings count as failures; null: none do (--fail-on never).
    case_checker(const options& opt, date as_of, report::format format, std::uint8_t shown, bool colour,
                 const policy::severity* fail_on)
        : session_(opt.policy), as_of_(as_of), format_(format), shown_(shown), colour_(colour), fail_on_(fail_on) {}

    bool prepare() { return session_.prepare(); }

    /// For --format json, `out` gets the case's object alone: the caller joins them.
    void run(std::string_view text, case_format format, const case_source& where, byte_buffer& out, std::string& err, tally& t) {
        session_.evaluate(text, format, as_of_, ec_);
        ++t.cases;
        origin_.clear();
        if (!ec_.errors.empty()) {
            ++t.bad;
            origin_ = where.text();
            for (const auto& d : ec_.errors) append_case_error(err, where, ec_.facts.case_id, d);
        }
        eval::summary sm;
        if (ec_.findings) {
            sm = ec_.evaluator->summary();
            for (std::size_t i = 0; i < sm.counts.size(); ++i) t.total.counts[i] += sm.counts[i];
            if (fail_on_) t.failing += sm.failures(*fail_on_);
        }
        const report::case_output co{ec_.policy, &ec_.facts, ec_.findings, &ec_.errors, as_of_, origin_, shown_,
                                     ec_.findings ? &sm : nullptr};
        if (format_ == report::format::json || format_ == report::format::jsonl) {
            const bool pretty = format_ == report::format::json;
            if (!co.policy) {
                text_.clear();
                report::append_json(text_, co, pretty);
                out.append(text_);
            } else {
                // One writer per policy: each rule's fixed text is escaped once for the whole batch.
                auto it = writers_.find(co.policy);
                if (it == writers_.end()) it = writers_.emplace(co.policy, report::json_writer(*co.policy, pretty)).first;
                out.commit(it->second.write(out.room(it->second.bound(co)), co));
            }
            if (!pretty) out.append("\n");
            return;
        }
        text_.clear();
        switch (format_) {
            case report::format::csv: report::append_csv(text_, co); break;
            case report::format::markdown: report::append_markdown(text_, co); break;
            default:
                report::append_text(text_, co, colour_);
                text_ += '\n';
                break;
        }
        out.append(text_);
    }

private:
    session session_;
    date as_of_;
    report::format format_;
    std::uint8_t shown_;
    bool colour_;
    const policy::severity* fail_on_;
    evaluated_case ec_;
    std::string origin_;  // only for cases with errors
    std::string text_;    // the formats that are not JSON, before they join `out`
    std::map<const policy::compiled_policy*, report::json_writer> writers_;
};

/// Where the reports go: stdout in writes of 256 KiB or so, the `json` format's array
/// framing, stderr lines, and the progress line.
class output {
public:
    output(report::format format, bool progress) : format_(format), progress_(progress) {
        if (format == report::format::csv) {
            std::string header;
            report::append_csv_header(header);
            out_.append(header);
        }
    }
    /// `text` is the report of `cases` cases (for json: one object, cases == 1).
    void write(std::string_view text, std::size_t cases) {
        if (format_ == report::format::json) {
            // One case prints one object; several print an array of them.
            if (objects_ == 1) {
                out_.append("[\n");
                out_.append(first_);
                first_.clear();
            }
            if (objects_ == 0) first_.assign(text);
            else {
                out_.append(",\n");
                out_.append(text);
            }
            ++objects_;
        } else {
            out_.append(text);
        }
        if (out_.size() > (1 << 18)) flush();
        count(cases);
    }
    /// Where a case's report may be appended in place (not json, whose
    /// objects are framed): call appended() after.
    byte_buffer& buffer() { return out_; }
    void appended(std::size_t cases) {
        if (out_.size() > (1 << 18)) flush();
        count(cases);
    }
    /// A large report of `cases` cases (not json), written as it is rather than copied.
    void write_through(std::string_view text, std::size_t cases) {
        flush();
        if (!text.empty()) std::fwrite(text.data(), 1, text.size(), stdout);
        count(cases);
    }
    void errors(std::string_view text) {
        if (!text.empty()) std::fwrite(text.data(), 1, text.size(), stderr);
    }
    void finish() {
        if (format_ == report::format::json) {
            if (objects_ > 1) out_.append("\n]\n");
            else if (objects_ == 1) out_.append(first_ + "\n");
            else out_.append("[]\n");
        }
        flush();
        std::fflush(stdout);
        if (progress_ && cases_ >= 10000) std::fprintf(stderr, "\n");
    }

private:
    void count(std::size_t cases) {
        const std::size_t before = cases_;
        cases_ += cases;
        if (progress_ && before / 10000 != cases_ / 10000) {
            const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
            std::fprintf(stderr, "\r%zu cases (%.0f/s)", cases_, static_cast<double>(cases_) / std::max(secs, 1e-9));
        }
    }
    void flush() {
        if (out_.size() == 0) return;  // nothing, and perhaps no buffer yet: fwrite may not be given null
        std::fwrite(out_.view().data(), 1, out_.size(), stdout);
        out_.clear();
    }
    report::format format_;
    bool progress_;
    byte_buffer out_;
    std::string first_;
    std::size_t objects_ = 0, cases_ = 0;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

/// Cases to check together on one worker, and what checking them produced.
struct batch {
    static constexpr std::size_t size = 32;
    std::string texts;                          // the cases' text, one after another
    std::vector<std::size_t> ends;              // where each case's text ends
    std::vector<case_format> formats;
    std::vector<std::pair<std::uint32_t, std::size_t>> sources;  // (index into files, line)
    std::vector<std::string> files;
    // Results.
    byte_buffer out;
    std::string err;
    std::vector<std::size_t> object_ends;  // --format json: where each case's object ends in `out`
    tally counts;
    std::exception_ptr failure;  // what a worker threw, rethrown on the main thread

    void add(std::string_view text, case_format format, const case_source& where) {
        texts += text;
        ends.push_back(texts.size());
        formats.push_back(format);
        if (files.empty() || files.back() != where.file) files.emplace_back(where.file);
        sources.emplace_back(static_cast<std::uint32_t>(files.size() - 1), where.line);
    }
    std::size_t cases() const { return ends.size(); }
    /// Empty again, keeping the space (batches are reused, so a long run allocates nothing more).
    void clear() {
        texts.clear();
        ends.clear();
        formats.clear();
        sources.clear();
        files.clear();
        out.clear();
        err.clear();
        object_ends.clear();
        counts = {};
        failure = nullptr;
    }
    void run(case_checker& checker, bool json) {
        std::size_t start = 0;
        for (std::size_t i = 0; i < cases(); ++i) {
            const std::string_view text(texts.data() + start, ends[i] - start);
            start = ends[i];
            checker.run(text, formats[i], {files[sources[i].first], sources[i].second}, out, err, counts);
            if (json) object_ends.push_back(out.size());
        }
    }
};

/// N workers, each with its own checker; batch i goes to worker i % N, and
/// results are taken back in order i, so output order is input order. At most
/// 2 batches a worker are in flight: memory stays flat.
class pool {
public:
    pool(std::vector<std::unique_ptr<case_checker>> checkers, bool json) : json_(json), lanes_(checkers.size()) {
        for (std::size_t w = 0; w < lanes_.size(); ++w) {
            lanes_[w].checker = std::move(checkers[w]);
            lanes_[w].thread = std::thread([this, w] { work(lanes_[w]); });
        }
    }
    ~pool() {
        for (auto& l : lanes_) {
            {
                std::lock_guard lock(l.mutex);
                l.stop = true;
            }
            l.wake.notify_all();
        }
        for (auto& l : lanes_) l.thread.join();
    }
    /// Hands over a batch; when too many are in flight, first returns the oldest finished one.
    std::unique_ptr<batch> submit(std::unique_ptr<batch> b) {
        std::unique_ptr<batch> done;
        if (in_flight_ == 2 * lanes_.size()) done = take();
        lane& l = lanes_[next_in_ % lanes_.size()];
        ++next_in_;
        ++in_flight_;
        {
            std::lock_guard lock(l.mutex);
            l.todo.push_back(std::move(b));
        }
        l.wake.notify_all();
        return done;
    }
    /// The oldest batch, once checked; null when none is in flight.
    std::unique_ptr<batch> take() {
        if (in_flight_ == 0) return nullptr;
        lane& l = lanes_[next_out_ % lanes_.size()];
        std::unique_lock lock(l.mutex);
        l.wake.wait(lock, [&] { return !l.done.empty(); });
        auto b = std::move(l.done.front());
        l.done.pop_front();
        ++next_out_;
        --in_flight_;
        if (b->failure) std::rethrow_exception(b->failure);
        return b;
    }

private:
    struct lane {
        std::unique_ptr<case_checker> checker;
        std::thread thread;
        std::mutex mutex;
        std::condition_variable wake;
        std::deque<std::unique_ptr<batch>> todo, done;
        bool stop = false;
    };
    void work(lane& l) {
        for (;;) {
            std::unique_ptr<batch> b;
            {
                std::unique_lock lock(l.mutex);
                l.wake.wait(lock, [&] { return l.stop || !l.todo.empty(); });
                if (l.todo.empty()) return;  // stopping, and nothing left
                b = std::move(l.todo.front());
                l.todo.pop_front();
            }
            try {
                b->run(*l.checker, json_);
            } catch (...) {
                b->failure = std::current_exception();
            }
            {
                std::lock_guard lock(l.mutex);
                l.done.push_back(std::move(b));
            }
            l.wake.notify_all();
        }
    }
    bool json_;
    std::vector<lane> lanes_;
    std::size_t next_in_ = 0, next_out_ = 0, in_flight_ = 0;
};

int run_check(const options& opt) {
    std::string why;
    auto as_of = as_of_date(opt.as_of, why);
    if (!as_of) {
        std::fprintf(stderr, "cprules check: --as-of: %s\n", why.c_str());
        return 2;
    }
    std::uint8_t shown = opt.statuses.empty() ? 0x3f : 0;
    for (const auto& st : opt.statuses)
        for (std::size_t i = 0; i < eval::status_names.size(); ++i)
            if (eval::status_names[i] == st) shown |= static_cast<std::uint8_t>(1u << i);
    const auto format = opt.format == "json" ? report::format::json
                        : opt.format == "jsonl" ? report::format::jsonl
                        : opt.format == "csv" ? report::format::csv
                        : opt.format == "markdown" ? report::format::markdown : report::format::text;
    const bool colour = format == report::format::text && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
    const policy::severity level = opt.fail_on == "advice" ? policy::severity::advice : policy::severity::violation;
    const policy::severity* fail_on = opt.fail_on == "never" ? nullptr : &level;
    const unsigned jobs = opt.jobs == 0 ? std::max(1u, std::thread::hardware_concurrency()) : opt.jobs;
    std::vector<std::unique_ptr<case_checker>> checkers;
    for (unsigned w = 0; w < jobs; ++w) {
        checkers.push_back(std::make_unique<case_checker>(opt, *as_of, format, shown, colour, fail_on));
        if (!checkers.back()->prepare()) return 2;  // the policy's diagnostics are printed once
    }
    const bool json = format == report::format::json;
    output sink(format, isatty(STDERR_FILENO));
    tally all;
    if (jobs == 1) {
        byte_buffer out;
        std::string err;
        for_each_case(
            opt.inputs,
            [&](std::string_view text, case_format f, const case_source& where) {
                err.clear();
                if (json) {
                    out.clear();
                    checkers.front()->run(text, f, where, out, err, all);
                    sink.errors(err);
                    sink.write(out.view(), 1);
                } else {  // straight into the output buffer: 47 KB a case is not copied twice
                    checkers.front()->run(text, f, where, sink.buffer(), err, all);
                    sink.errors(err);
                    sink.appended(1);
                }
            });
    } else {
        pool workers(std::move(checkers), json);
        std::vector<std::unique_ptr<batch>> spare;
        auto emit = [&](std::unique_ptr<batch> b) {
            if (!b) return;
            sink.errors(b->err);
            if (json) {
                std::size_t start = 0;
                for (const std::size_t end : b->object_ends) {
                    sink.write(b->out.view().substr(start, end - start), 1);
                    start = end;
                }
            } else {
                sink.write_through(b->out.view(), b->cases());
            }
            all.add(b->counts);
            b->clear();
            spare.push_back(std::move(b));
        };
        auto fresh = [&] {
            if (spare.empty()) return std::make_unique<batch>();
            auto b = std::move(spare.back());
            spare.pop_back();
            return b;
        };
        auto current = fresh();
        for_each_case(
            opt.inputs,
            [&](std::string_view text, case_format f, const case_source& where) {
                current->add(text, f, where);
                if (current->cases() == batch::size) {
                    emit(workers.submit(std::move(current)));
                    current = fresh();
                }
            });
        if (current->cases() > 0) emit(workers.submit(std::move(current)));
        while (auto b = workers.take()) emit(std::move(b));
    }
    sink.finish();
    // An empty export is worth a word: it passes (nothing failed), but it may not be what was meant.
    if (all.cases == 0) std::fprintf(stderr, "cprules check: no cases in the input\n");
    if (all.cases > 1 || all.bad > 0) {
        std::string counts;
        for (std::size_t i = 0; i < all.total.counts.size(); ++i)
            counts += fmt::format("{}{} {}", i ? ", " : "", all.total.counts[i], eval::status_names[i]);
        std::fprintf(stderr, "%zu case%s: %zu evaluated, %zu with input errors; findings: %s\n", all.cases,
                     all.cases == 1 ? "" : "s", all.cases - all.bad, all.bad, counts.c_str());
    }
    if (all.bad > 0) return 2;
    return all.failing > 0 ? 1 : 0;
}

}  // namespace

void add_check_command(CLI::App& app, action& run) {
    auto opt = std::make_shared<options>();
    auto* cmd = app.add_subcommand("check", "Evaluate case facts against a policy");
    cmd->add_option("--policy", opt->policy, "A bundled policy name or a policy file (default: each case's partnership)");
    cmd->add_option("--as-of", opt->as_of, "Evaluate as of this date, YYYY-MM-DD (default: today in England)");
    cmd->add_option("--format", opt->format, "Output format")->check(CLI::IsMember({"text", "json", "jsonl", "csv", "markdown"}));
    cmd->add_option("--fail-on", opt->fail_on, "Exit 1 when findings fail at this severity")->check(CLI::IsMember({"violation", "advice", "never"}));
    cmd->add_option("--status", opt->statuses, "Print only findings with these statuses (the summary still counts all)")
        ->delimiter(',')
        ->check(CLI::IsMember({"met", "pending", "late", "overdue", "breached", "waived"}));
    cmd->add_option("--jobs,-j", opt->jobs, "Check cases on this many threads (0: one per core); output stays in input order")
        ->check(CLI::Range(0u, 256u));
    cmd->add_option("inputs", opt->inputs, "Case files (.json, .yaml, .jsonl), directories, or - for standard input")->required();
    cmd->callback([opt, &run] { run = [opt]() -> int { return run_check(*opt); }; });
}

}  // namespace cprules::cli
