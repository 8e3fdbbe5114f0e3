// The whole of an input file, or of standard input for "-", as bytes.
#pragma once

#include <string>

#include "relata/status.h"

namespace relata {

// Fails with "PATH: cannot open" or "PATH: read error".
Result<std::string> ReadInput(const std::string& path);

}  // namespace relata
