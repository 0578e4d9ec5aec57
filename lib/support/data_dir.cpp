#include "support/data_dir.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>

namespace cprules::detail {

namespace fs = std::filesystem;

std::string data_dir() {
    if (const char* env = std::getenv("CPRULES_DATA_DIR"); env != nullptr && *env != '\0') return env;
    std::error_code ec;
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&data_dir), &info) != 0 && info.dli_fname != nullptr) {
        const fs::path object = fs::canonical(info.dli_fname, ec);
        if (!ec) {
            // The library sits in the prefix's libdir; a program it is linked into, in bindir.
            for (const char* relative : {CPRULES_DATA_FROM_LIBDIR, CPRULES_DATA_FROM_BINDIR}) {
                const fs::path candidate = (object.parent_path() / relative).lexically_normal();
                if (fs::is_directory(candidate / "calendars", ec)) return candidate.string();
            }
        }
    }
    if (fs::is_directory(CPRULES_SOURCE_DATA_DIR, ec)) return CPRULES_SOURCE_DATA_DIR;
    return CPRULES_INSTALL_DATA_DIR;
}

}  // namespace cprules::detail
