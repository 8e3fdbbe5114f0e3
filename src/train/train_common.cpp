#include "train/train.h"

#include <atomic>
#include <chrono>
#include <thread>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <system_error>

#include <unistd.h>

#include "exporters/text_out.h"
#include "nlp/tagger.h"

namespace relata::train {

std::string TrainFilesJson(const std::vector<std::string>& files) {
  std::string out = "[";
  for (size_t i = 0; i < files.size(); ++i) {
    if (i) out += ',';
    out += exporters::JsonQuoted(std::filesystem::path(files[i]).filename().string());
  }
  return out + "]";
}

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

namespace {

// Writes the sentences not in `fold` as CoNLL-U with the columns the tagger trainer reads
// (form, UPOS, XPOS) and the gold tree.
Status WriteFold(const std::vector<nlp::ConlluSentence>& sents, const std::vector<int>& fold_of, int fold,
                 const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return Status::Error(path + ": cannot write");
  auto col = [](const std::string& v) -> const std::string& {
    static const std::string kEmpty = "_";
    return v.empty() ? kEmpty : v;
  };
  for (size_t s = 0; s < sents.size(); ++s) {
    if (fold_of[s] == fold) continue;
    const auto& ws = sents[s].words;
    for (size_t i = 0; i < ws.size(); ++i) {
      const auto& w = ws[i];
      out << (i + 1) << '\t' << col(w.form) << "\t_\t" << col(w.upos) << '\t' << col(w.xpos)
          << "\t_\t" << w.head << '\t' << col(w.deprel) << "\t_\t_\n";
    }
    out << '\n';
  }
  out.close();
  if (!out) return Status::Error(path + ": write failed");
  return Status::Ok();
}

}  // namespace

Status JackknifeTags(std::vector<nlp::ConlluSentence>& sents, const std::vector<int>& fold_of, int folds,
                     int epochs, uint64_t seed, const std::string& who, bool verbose,
                     const std::string& word_class_lm, std::vector<std::vector<SecondTags>>* second) {
  namespace fs = std::filesystem;
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  std::error_code ec;
  const fs::path dir =
      fs::temp_directory_path(ec) / ("relata-jackknife-" + who + "-" + std::to_string(::getpid()));
  if (ec) return Status::Error(who + " jackknife: no temporary directory: " + ec.message());
  fs::remove_all(dir, ec);
  if (!fs::create_directories(dir, ec) || ec)
    return Status::Error(who + " jackknife: cannot create " + dir.string());
  struct Cleanup {
    fs::path d;
    ~Cleanup() {
      std::error_code e;
      fs::remove_all(d, e);
    }
  } cleanup{dir};

  // Every fold's training file is written from the gold tags before any fold is tagged (the
  // tags of fold k are replaced in place, and fold k+1's tagger must not learn from them).
  for (int k = 0; k < folds; ++k)
    if (Status st = WriteFold(sents, fold_of, k, (dir / ("train-" + std::to_string(k) + ".conllu")).string());
        !st.ok())
      return st;
  // The fold taggers, two threads taking folds in turn.
  std::vector<Status> trained(static_cast<size_t>(folds), Status::Ok());
  auto model_path = [&](int k) { return (dir / ("tagger-" + std::to_string(k) + ".rmd")).string(); };
  {
    std::atomic<int> next{0};
    auto work = [&] {
      for (int k; (k = next.fetch_add(1)) < folds;) {
        TrainOptions to;
        to.train_files = {(dir / ("train-" + std::to_string(k) + ".conllu")).string()};
        to.output = model_path(k);
        to.epochs = epochs;
        to.seed = seed;
        to.verbose = false;
        to.word_class_lm = word_class_lm;
        trained[static_cast<size_t>(k)] = TrainTagger(to);
      }
    };
    std::thread helper(work);
    work();
    helper.join();
  }
  size_t words = 0, upos_ok = 0, xpos_ok = 0;
  std::vector<std::string_view> forms;
  std::vector<int> classes, seconds;
  std::vector<float> margins;
  if (second) second->assign(sents.size(), {});
  for (int k = 0; k < folds; ++k) {
    if (!trained[static_cast<size_t>(k)].ok())
      return trained[static_cast<size_t>(k)].With(who + " jackknife tagger " + std::to_string(k));
    auto tagger = Tagger::Load(model_path(k));
    if (!tagger.ok()) return tagger.status();
    for (size_t s = 0; s < sents.size(); ++s) {
      if (fold_of[s] != k) continue;
      auto& ws = sents[s].words;
      forms.clear();
      for (const auto& w : ws) forms.push_back(w.form);
      (*tagger)->TagForms(forms, classes, second ? &seconds : nullptr, second ? &margins : nullptr);
      if (second) {
        auto& out = (*second)[s];
        for (size_t i = 0; i < ws.size(); ++i) {
          const int c2 = seconds[i];
          out.push_back({c2 < 0 ? std::string() : std::string((*tagger)->xpos(c2)),
                         c2 < 0 ? std::string() : std::string((*tagger)->upos(c2)), margins[i]});
        }
      }
      for (size_t i = 0; i < ws.size(); ++i) {
        const std::string_view u = (*tagger)->upos(classes[i]), x = (*tagger)->xpos(classes[i]);
        ++words;
        upos_ok += ws[i].upos == u;
        xpos_ok += ws[i].xpos == x;
        ws[i].upos = std::string(u);
        ws[i].xpos = std::string(x);
      }
    }
    if (verbose)
      std::fprintf(stderr, "%s: jackknife fold %d/%d tagged (%.0fs)\n", who.c_str(), k + 1, folds,
                   std::chrono::duration<double>(Clock::now() - t0).count());
  }
  if (verbose && words)
    std::fprintf(stderr, "%s: jackknifed training tags (%d folds): UPOS %.2f%%, XPOS %.2f%% (%zu words, %.0fs)\n",
                 who.c_str(), folds, 100.0 * static_cast<double>(upos_ok) / static_cast<double>(words),
                 100.0 * static_cast<double>(xpos_ok) / static_cast<double>(words), words,
                 std::chrono::duration<double>(Clock::now() - t0).count());
  return Status::Ok();
}

}  // namespace relata::train
