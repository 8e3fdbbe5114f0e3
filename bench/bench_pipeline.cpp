// bench_pipeline: speed of the NLP pipeline on a fixed text, one thread.
//
//   bench_pipeline [--data DIR=../shared/data] [--models DIR] [--repeat N=3] [--write-text FILE]
//                  [--beam K=1]   (the parser's beam width, in the parse stage and the pipeline)
//
// The text is the raw text (nlp::RawText) of the EWT and GUM dev sets, one document each.
// Reports the load time of each model, then words/s (words = tokens the tokenizer produced)
// for each stage timed alone on the output of the stage before, and for the whole pipeline
// from raw text to CoNLL-U text in a string; medians of --repeat runs; then the peak RSS.
// Then entity resolution within each document (docs/coreference.md): ResolveCoreference alone
// and ToGraphTriples (which includes it) on the extractions of the same text, with their
// share of the pipeline plus extraction, the part of `relata build` before the store.
// Then open IE as the CaRB target counts it: CaRB dev's pre-tokenized sentences (carb/dev.txt)
// through the pipeline from given tokens and the extractor, in sentences/s.
// --write-text FILE writes the fixed text (the two documents, a blank line between) and exits:
// the input of the outside check `/usr/bin/time -v relata parse < FILE`.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "extract/carb.h"
#include "nlp/conllu.h"
#include "nlp/lemmatizer.h"
#include "nlp/ner.h"
#include "nlp/parser.h"
#include "nlp/tagger.h"
#include "nlp/tokenizer.h"
#include "relata/document.h"
#include "relata/extract.h"
#include "relata/nlp.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

long PeakRssKb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;  // kilobytes on Linux
}

[[noreturn]] void Die(const std::string& msg) {
  std::fprintf(stderr, "bench_pipeline: %s\n", msg.c_str());
  std::exit(1);
}

template <class T>
T Unwrap(relata::Result<T> r, const std::string& what) {
  if (!r.ok()) Die(what + ": " + r.status().message());
  return std::move(r).value();
}

// The 10-column CoNLL-U output of `relata parse` (src/cli/parse.cpp), written compactly:
// same columns, "# sent_id" / "# text" comments, NE=B-TYPE and SpaceAfter=No in MISC.
void AppendField(std::string& out, std::string_view v) {
  if (v.empty()) out += '_'; else out += v;
}

void WriteConllu(const relata::Document& d, std::string_view doc_id, std::string& out) {
  std::vector<uint32_t> mention(d.tokens.size(), UINT32_MAX);
  for (uint32_t m = 0; m < d.entities.size(); ++m)
    for (uint32_t i = d.entities[m].first; i < d.entities[m].last; ++i) mention[i] = m;
  char num[32];
  for (size_t s = 0; s < d.sentences.size(); ++s) {
    const relata::Sentence& sent = d.sentences[s];
    out += "# sent_id = ";
    out += doc_id;
    std::snprintf(num, sizeof num, "-%zu\n# text = ", s + 1);
    out += num;
    if (sent.first < sent.last) {
      size_t b = d.tokens[sent.first].begin, e = d.tokens[sent.last - 1].end;
      for (size_t k = b; k < e; ++k) {
        char c = d.text[k];
        out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
      }
    }
    out += '\n';
    for (uint32_t i = sent.first; i < sent.last; ++i) {
      const relata::Token& t = d.tokens[i];
      int head = t.head < 0 ? 0 : t.head - static_cast<int>(sent.first) + 1;
      std::snprintf(num, sizeof num, "%u\t", i - sent.first + 1);
      out += num;
      AppendField(out, t.form);
      out += '\t';
      AppendField(out, t.lemma);
      out += '\t';
      AppendField(out, t.upos);
      out += '\t';
      AppendField(out, t.xpos);
      std::snprintf(num, sizeof num, "\t_\t%d\t", head);
      out += num;
      AppendField(out, t.deprel);
      out += "\t_\t";
      bool any = false;
      if (mention[i] != UINT32_MAX) {
        const relata::EntityMention& m = d.entities[mention[i]];
        out += i == m.first ? "NE=B-" : "NE=I-";
        out += m.type;
        any = true;
      }
      if (!t.space_after) {
        out += any ? "|SpaceAfter=No" : "SpaceAfter=No";
        any = true;
      }
      if (!any) out += '_';
      out += '\n';
    }
    out += '\n';
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string data_dir = "../shared/data", model_dir, write_text;
  int repeat = 3, beam = 1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die("option " + a + " needs a value");
      return argv[++i];
    };
    if (a == "--data") data_dir = value();
    else if (a == "--models") model_dir = value();
    else if (a == "--write-text") write_text = value();
    else if (a == "--beam") {
      beam = std::atoi(value().c_str());
      if (beam < 1 || beam > 64) Die("--beam must be 1 to 64");
    } else if (a == "--repeat") {
      repeat = std::atoi(value().c_str());
      if (repeat < 1) Die("--repeat must be at least 1");
    } else if (a == "-h" || a == "--help") {
      std::printf("usage: bench_pipeline [--data DIR=../shared/data] [--models DIR] [--repeat N=3]"
                  " [--write-text FILE] [--beam K=1]\n");
      return 0;
    } else {
      Die("unknown option " + a + " (try --help)");
    }
  }
  if (model_dir.empty()) model_dir = relata::DefaultModelDir();

  // The fixed text.
  const char* names[] = {"en_ewt-ud-dev", "en_gum-ud-dev"};
  std::vector<relata::Document> raw;
  std::vector<std::string> ids;
  for (const char* n : names) {
    std::string path = (fs::path(data_dir) / "ud" / (std::string(n) + ".conllu")).string();
    if (!fs::exists(path))
      Die(path + ": not found (the UD dev sets are needed; give their parent folder with --data)");
    auto sents = Unwrap(relata::nlp::ReadConllu(path), path);
    relata::Document d;
    d.text = relata::nlp::RawText(sents);
    raw.push_back(std::move(d));
    ids.emplace_back(n);
  }
  size_t bytes = 0;
  for (const auto& d : raw) bytes += d.text.size();
  if (!write_text.empty()) {
    std::FILE* f = std::fopen(write_text.c_str(), "wb");
    if (!f) Die(write_text + ": cannot open for writing");
    bool good = true;
    for (size_t k = 0; k < raw.size(); ++k) {
      if (k) good = good && std::fputs("\n\n", f) >= 0;
      good = good && std::fwrite(raw[k].text.data(), 1, raw[k].text.size(), f) == raw[k].text.size();
    }
    if (std::fclose(f) != 0 || !good) Die(write_text + ": write failed");
    std::printf("wrote %s (%zu bytes)\n", write_text.c_str(), bytes + 2 * (raw.size() - 1));
    return 0;
  }

  // Model loads, each alone, then all together as `relata parse` does.
  std::printf("bench_pipeline: models %s, repeat %d, parser beam %d, one thread\n", model_dir.c_str(),
              repeat, beam);
  auto mpath = [&](const char* f) { return (fs::path(model_dir) / f).string(); };
  auto t0 = Clock::now();
  auto tokenizer = Unwrap(relata::Tokenizer::Load(mpath("tokenizer.rmd")), "tokenizer");
  auto t1 = Clock::now();
  auto tagger = Unwrap(relata::Tagger::Load(mpath("tagger.rmd")), "tagger");
  auto t2 = Clock::now();
  auto lemmatizer = Unwrap(relata::Lemmatizer::Load(mpath("lemmatizer.rmd")), "lemmatizer");
  auto t3 = Clock::now();
  auto parser = Unwrap(relata::Parser::Load(mpath("parser.rmd")), "parser");
  parser->set_beam(beam);
  auto t4 = Clock::now();
  auto ner = Unwrap(relata::EntityRecognizer::Load(mpath("ner.rmd")), "ner");
  auto t5 = Clock::now();
  long rss_after_load = PeakRssKb();
  std::printf("\nmodel load (ms)\n");
  std::printf("  %-12s %8.1f\n", "tokenizer", 1e3 * Seconds(t0, t1));
  std::printf("  %-12s %8.1f\n", "tagger", 1e3 * Seconds(t1, t2));
  std::printf("  %-12s %8.1f\n", "lemmatizer", 1e3 * Seconds(t2, t3));
  std::printf("  %-12s %8.1f\n", "parser", 1e3 * Seconds(t3, t4));
  std::printf("  %-12s %8.1f\n", "ner", 1e3 * Seconds(t4, t5));
  std::printf("  %-12s %8.1f   (sum of the above)\n", "all", 1e3 * Seconds(t0, t5));

  // Each stage alone: the input of stage k is a copy of the output of stage k-1, made
  // outside the timed region.
  size_t words = 0, sentences = 0, extracted = 0;
  std::vector<relata::Document> prev = raw;
  struct StageRun {
    const char* name;
    std::function<void(relata::Document&)> run;
  };
  std::vector<StageRun> stages = {
      {"tokenize", [&](relata::Document& d) { tokenizer->Tokenize(d); }},
      {"tag", [&](relata::Document& d) { tagger->Tag(d, parser->OffersTagChoice()); }},
      {"lemmatize", [&](relata::Document& d) { lemmatizer->Lemmatize(d); }},
      {"parse", [&](relata::Document& d) { parser->Parse(d); }},
      {"ner", [&](relata::Document& d) { ner->Recognize(d); }},
      {"extract", [&](relata::Document& d) { extracted += relata::Extract(d).size(); }},
  };
  std::vector<std::pair<const char*, double>> medians;
  for (const StageRun& st : stages) {
    std::vector<double> times;
    std::vector<relata::Document> out;
    for (int r = 0; r < repeat; ++r) {
      out = prev;
      auto a = Clock::now();
      for (auto& d : out) st.run(d);
      times.push_back(Seconds(a, Clock::now()));
    }
    if (st.name == std::string_view("tokenize")) {
      for (const auto& d : out) words += d.tokens.size(), sentences += d.sentences.size();
      if (words == 0) Die("the tokenizer produced no tokens");
    }
    medians.emplace_back(st.name, Median(times));
    prev = std::move(out);
  }

  // Coreference and graph triples on the documents the stages made (extractions made outside
  // the timed region).
  std::vector<std::vector<relata::Extraction>> doc_xs;
  for (const auto& d : prev) doc_xs.push_back(relata::Extract(d));
  std::vector<double> coref_times, graph_times;
  size_t n_refs = 0, n_triples = 0;
  for (int r = 0; r < repeat; ++r) {
    n_refs = n_triples = 0;
    auto a = Clock::now();
    for (const auto& d : prev) n_refs += relata::ResolveCoreference(d).references.size();
    auto b = Clock::now();
    for (size_t k = 0; k < prev.size(); ++k) n_triples += relata::ToGraphTriples(prev[k], doc_xs[k]).size();
    auto c = Clock::now();
    coref_times.push_back(Seconds(a, b));
    graph_times.push_back(Seconds(b, c));
  }
  double coref_sec = Median(coref_times), graph_sec = Median(graph_times);

  long rss_stages = PeakRssKb();
  prev.clear();
  prev.shrink_to_fit();

  // The whole pipeline as `relata parse` runs it: the components above are freed first,
  // so that one set of models is in memory; then Pipeline::Load and, per run, raw text ->
  // CoNLL-U text in a string.
  tokenizer.reset();
  tagger.reset();
  lemmatizer.reset();
  parser.reset();
  ner.reset();
  auto t6 = Clock::now();
  auto pipeline = Unwrap(relata::Pipeline::Load(model_dir), "pipeline");
  pipeline->set_parser_beam(beam);
  double pipeline_load = Seconds(t6, Clock::now());
  std::printf("  %-12s %8.1f   (Pipeline::Load of all five, as relata parse does)\n", "Pipeline",
              1e3 * pipeline_load);
  std::vector<double> times;
  size_t out_bytes = 0, pipeline_words = 0;
  for (int r = 0; r < repeat; ++r) {
    std::vector<relata::Document> docs = raw;
    std::string out;
    pipeline_words = 0;
    auto a = Clock::now();
    for (size_t k = 0; k < docs.size(); ++k) {
      if (relata::Status s = pipeline->Run(docs[k]); !s.ok()) Die(ids[k] + ": " + s.message());
      WriteConllu(docs[k], ids[k], out);
      pipeline_words += docs[k].tokens.size();
    }
    times.push_back(Seconds(a, Clock::now()));
    out_bytes = out.size();
  }
  double whole = Median(times);

  std::printf("\ntext: EWT dev + GUM dev raw text, %zu bytes, %zu words (tokens), %zu sentences\n",
              bytes, words, sentences);
  std::printf("\n%-22s %10s %12s\n", "stage (median)", "ms", "words/s");
  double sum = 0;
  for (const auto& [name, sec] : medians) {
    std::printf("%-22s %10.1f %12.0f\n", name, 1e3 * sec, static_cast<double>(words) / sec);
    sum += sec;
  }
  std::printf("%-22s %10.1f %12.0f\n", "sum of stages", 1e3 * sum, static_cast<double>(words) / sum);
  std::printf("%-22s %10.1f %12.0f   (%zu bytes of CoNLL-U)\n", "pipeline -> CoNLL-U", 1e3 * whole,
              static_cast<double>(pipeline_words) / whole, out_bytes);
  double extract_sec = 0;
  for (const auto& [name, sec] : medians)
    if (name == std::string_view("extract")) extract_sec = sec;
  std::printf("%-22s %10.1f %12.0f   (%zu pronouns and descriptions considered)\n", "coreference", 1e3 * coref_sec,
              static_cast<double>(words) / coref_sec, n_refs);
  std::printf("%-22s %10.1f %12.0f   (%zu triples; includes coreference)\n", "graph triples", 1e3 * graph_sec,
              static_cast<double>(words) / graph_sec, n_triples);
  std::printf("entity resolution: coreference %.2f us/word, graph triples %.2f us/word; graph triples are %.1f%% "
              "of pipeline -> CoNLL-U + extract (%.2f us/word)\n",
              1e6 * coref_sec / static_cast<double>(words), 1e6 * graph_sec / static_cast<double>(words),
              100 * graph_sec / (whole + extract_sec), 1e6 * (whole + extract_sec) / static_cast<double>(words));
  // Open IE on CaRB dev: given tokens -> pipeline -> extractions.
  std::string carb_path = (fs::path(data_dir) / "carb" / "dev.txt").string();
  if (fs::exists(carb_path)) {
    std::FILE* f = std::fopen(carb_path.c_str(), "rb");
    if (!f) Die(carb_path + ": cannot open");
    std::string data;
    char buf[65536];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) data.append(buf, n);
    std::fclose(f);
    auto lines = Unwrap(relata::carb::TokenizeLines(data, carb_path), carb_path);
    std::vector<double> oie_times;
    size_t n_extractions = 0;
    for (int r = 0; r < repeat; ++r) {
      relata::Document doc = lines.doc;
      auto a = Clock::now();
      if (relata::Status s = pipeline->Run(doc, relata::Stage::kNer, true); !s.ok()) Die(s.message());
      n_extractions = relata::Extract(doc).size();
      oie_times.push_back(Seconds(a, Clock::now()));
    }
    double oie = Median(oie_times);
    size_t n_sent = lines.doc.sentences.size();
    std::printf("\nopen IE, CaRB dev (%zu sentences, %zu tokens, given tokens): %.1f ms, %.0f sentences/s"
                " (%zu extractions)\n", n_sent, lines.doc.tokens.size(), 1e3 * oie,
                static_cast<double>(n_sent) / oie, n_extractions);
  } else {
    std::printf("\nopen IE: %s not found, skipped\n", carb_path.c_str());
  }

  auto mb = [](long kb) { return static_cast<double>(kb) / 1024; };
  std::printf("\npeak RSS (getrusage, high-water mark): %.1f MB after reading the dev sets and"
              " loading the models, %.1f MB after the stage runs, %.1f MB at the end\n",
              mb(rss_after_load), mb(rss_stages), mb(PeakRssKb()));
  return 0;
}
