// Dependency-based open information extraction (include/relata/extract.h).
// Work in progress: the rules land in the following commits.
#include "relata/extract.h"

namespace relata {

std::vector<Extraction> Extract(const Document& doc, const ExtractOptions& options) {
  (void)doc;
  (void)options;
  return {};
}

}  // namespace relata
