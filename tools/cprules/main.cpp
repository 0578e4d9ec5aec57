// cprules: the command line. Thin: it parses arguments and calls the library.
#include "commands.hpp"

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
    CLI::App app{"cprules: child protection conference procedures as checkable rules"};
    app.require_subcommand(1);
    app.set_version_flag("--version", CPRULES_CLI_VERSION);
    cprules::cli::action run;
    cprules::cli::add_check_command(app, run);
    cprules::cli::add_list_command(app, run);
    cprules::cli::add_test_command(app, run);
    cprules::cli::add_date_command(app, run);
    cprules::cli::add_lint_command(app, run);
    cprules::cli::add_explain_command(app, run);
    cprules::cli::add_diff_command(app, run);
    cprules::cli::add_compare_command(app, run);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "cprules: %s\nRun 'cprules --help' for usage.\n", e.what());
        return 2;
    }
    int status = 2;
    try {
        if (run) status = run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "cprules: internal error: %s\n", e.what());
        return 2;
    }
    // Output that did not all reach its destination (a full disk, a closed pipe) is a
    // failure, whatever was found: an exit status of 0 would say the report is there.
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
        std::fprintf(stderr, "cprules: the output could not be written in full\n");
        return 2;
    }
    return status;
}
