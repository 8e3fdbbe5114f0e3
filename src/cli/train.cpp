// relata train COMPONENT: train a model from the treebanks (deterministic for a seed).
#include <chrono>
#include <cstdio>
#include <filesystem>

#include <fmt/core.h>

#include "common.h"
#include "relata/nlp.h"
#include "train/train.h"

namespace relata::cli {
namespace {
namespace fs = std::filesystem;

struct TrainArgs {
  std::string component, data, output;
  std::vector<std::string> train_files, dev_files;
  std::string word_class_lm;
  std::string ner_lm = train::kPackagedLm;  // "none": the recogniser's layout 4
  int epochs = 0;
  uint64_t seed = 1;
  bool quiet = false;
  bool joint_tags = false;
};

struct Component {
  const char* name;
  Status (*train)(const train::TrainOptions&);
  bool gum_only;  // the recogniser learns from GUM's entity annotation only
};

constexpr Component kComponents[] = {
    {"tokenizer", train::TrainTokenizer, false}, {"tagger", train::TrainTagger, false},
    {"lemmatizer", train::TrainLemmatizer, false}, {"parser", train::TrainParser, false},
    {"ner", train::TrainNer, true},
};

int RunTrain(const TrainArgs& a) {
  std::string data = a.data.empty()
                         ? (fs::path(RELATA_SOURCE_DIR) / ".." / "shared" / "data").lexically_normal().string()
                         : a.data;
  bool all = a.component == "all";
  for (const Component& c : kComponents) {
    if (!all && a.component != c.name) continue;
    train::TrainOptions o;
    o.train_files = a.train_files;
    o.dev_files = a.dev_files;
    if (o.train_files.empty()) {
      if (!c.gum_only) o.train_files.push_back(data + "/ud/en_ewt-ud-train.conllu");
      o.train_files.push_back(data + "/ud/en_gum-ud-train.conllu");
    }
    if (o.dev_files.empty()) {
      if (!c.gum_only) o.dev_files.push_back(data + "/ud/en_ewt-ud-dev.conllu");
      o.dev_files.push_back(data + "/ud/en_gum-ud-dev.conllu");
    }
    std::string out = a.output.empty() ? DefaultModelDir() : a.output;
    if (all || fs::is_directory(out)) out = (fs::path(out) / (std::string(c.name) + ".rmd")).string();
    o.output = out;
    o.epochs = a.epochs;
    o.seed = a.seed;
    o.verbose = !a.quiet;
    o.joint_tags = a.joint_tags;
    // Word classes from a language model: for the tagger and parser only when asked
    // (--word-class-lm); for the recogniser by default (--ner-lm, its layout 5: docs/ner.md),
    // whose model must then find the language model, or be asked for layout 4 (--ner-lm none).
    if (std::string(c.name) != "ner") {
      o.word_class_lm = a.word_class_lm;
    } else if (a.ner_lm != "none") {
      std::error_code ec;
      if (!fs::is_regular_file(a.ner_lm, ec))
        return Fail(Status::Error("train ner: no language model at " + a.ner_lm +
                                  " (Debian's pocketsphinx-en-us, scripts/setup.sh; --ner-lm none trains the "
                                  "recogniser's older layout 4 without it)"));
      o.word_class_lm = a.ner_lm;
    }
    auto start = std::chrono::steady_clock::now();
    if (Status s = c.train(o); !s.ok()) return Fail(s.With(std::string("train ") + c.name));
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!a.quiet) std::printf("%s: wrote %s in %.1f s\n", c.name, out.c_str(), secs);
  }
  return 0;
}

}  // namespace

void AddTrain(CLI::App& root, int& exit_code) {
  auto args = std::make_shared<TrainArgs>();
  CLI::App* sub = root.add_subcommand(
      "train", "Train a model (tokenizer, tagger, lemmatizer, parser, ner, or all) from CoNLL-U");
  sub->add_option("component", args->component, "tokenizer, tagger, lemmatizer, parser, ner or all")
      ->required()
      ->check(CLI::IsMember({"tokenizer", "tagger", "lemmatizer", "parser", "ner", "all"}));
  sub->add_option("--data", args->data, "Data folder holding ud/ (default: ../shared/data beside the source)");
  sub->add_option("--train", args->train_files, "Training CoNLL-U files (default: EWT + GUM train)");
  sub->add_option("--dev", args->dev_files, "Dev CoNLL-U files, for progress reports");
  sub->add_option("-o,--output", args->output, "Model file, or folder for 'all' (default: the model folder)");
  sub->add_option("--epochs", args->epochs, "Epochs (0: the component's default)")->capture_default_str();
  sub->add_option("--seed", args->seed, "Random seed")->capture_default_str();
  sub->add_option("--word-class-lm", args->word_class_lm,
                  std::string("Language model whose bigrams give the tagger and parser word classes "
                              "(docs/word-classes.md; e.g. ") + train::kPackagedLm + "); default: none");
  sub->add_option("--ner-lm", args->ner_lm,
                  "Language model for the recogniser's layout 5: its word classes, with describing nouns "
                  "(GUM's and WordNet's) and the title-case view (docs/ner.md); 'none': layout 4 "
                  "without them")
      ->capture_default_str();
  sub->add_flag("--joint-tags", args->joint_tags,
                "Parser: choose between the tagger's two best tags of the words it is least sure of "
                "(joint tagging, docs/parser.md); default: keep the tagger's tags");
  sub->add_flag("-q,--quiet", args->quiet, "No progress output");
  sub->callback([args, &exit_code] { exit_code = RunTrain(*args); });
}

}  // namespace relata::cli
