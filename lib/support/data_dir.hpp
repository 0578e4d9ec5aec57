// Where the bundled policies and calendars are.
#pragma once

#include <string>

namespace cprules::detail {

/// The bundled data directory (holding `*.yaml` policies and `calendars/`):
/// $CPRULES_DATA_DIR if set; else `share/cprules/policies` of the prefix the
/// library (or a program it is linked into) is installed in, found from the
/// file's own location, so an installed tree can be moved; else the source
/// tree's `policies/` (a build-tree binary); else the configured install path.
std::string data_dir();

}  // namespace cprules::detail
