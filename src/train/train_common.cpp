#include "train/train.h"

namespace relata::train {

Result<std::vector<nlp::ConlluSentence>> ReadTreebanks(const std::vector<std::string>& files) {
  std::vector<nlp::ConlluSentence> all;
  for (const std::string& f : files) {
    auto r = nlp::ReadConllu(f);
    if (!r.ok()) return r.status();
    for (auto& s : *r) all.push_back(std::move(s));
  }
  if (all.empty()) return Status::Error("no training sentences");
  return all;
}

}  // namespace relata::train
