// relata parse [--input-format text|conllu] [FILE...]: CoNLL-U out, one sentence a block.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <fmt/core.h>

#include "common.h"
#include "util/read_input.h"
#include "nlp/conllu.h"
#include "nlp/ner.h"
#include "relata/nlp.h"
#include "relata/text.h"

namespace relata::cli {
namespace {

struct ParseArgs {
  std::vector<std::string> files;
  std::string input_format = "text", models;
  int beam = 1;
};

// The sentence's text for "# text =": its span of the document, line breaks as spaces.
std::string SentenceText(const Document& d, const Sentence& s) {
  if (s.first == s.last) return "";
  std::string t = d.text.substr(d.tokens[s.first].begin, d.tokens[s.last - 1].end - d.tokens[s.first].begin);
  for (char& c : t)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return t;
}

void WriteConllu(const Document& d, const std::string& doc_id, std::string& out) {
  // Entity labels per token, BIO.
  std::vector<std::string> ne(d.tokens.size());
  // Names, without a person's titles (docs/ner.md, "Names and titles").
  for (const EntityMention& m : d.entities) {
    const uint32_t start = nlp::NameStart(d, m);
    for (uint32_t i = start; i < m.last; ++i) ne[i] = fmt::format("NE={}-{}", i == start ? "B" : "I", m.type);
  }
  for (size_t s = 0; s < d.sentences.size(); ++s) {
    const Sentence& sent = d.sentences[s];
    out += fmt::format("# sent_id = {}-{}\n# text = {}\n", doc_id, s + 1, SentenceText(d, sent));
    for (uint32_t i = sent.first; i < sent.last; ++i) {
      const Token& t = d.tokens[i];
      std::string misc = ne[i];
      if (!t.space_after) misc += misc.empty() ? "SpaceAfter=No" : "|SpaceAfter=No";
      if (misc.empty()) misc = "_";
      auto field = [](std::string_view v) { return v.empty() ? std::string("_") : std::string(v); };
      int head = t.head < 0 ? 0 : t.head - static_cast<int>(sent.first) + 1;
      out += fmt::format("{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t{}\n", i - sent.first + 1, field(t.form),
                         field(t.lemma), field(t.upos), field(t.xpos), head, field(t.deprel), misc);
    }
    out += '\n';
  }
}

int RunParse(const ParseArgs& a) {
  auto pipeline = Pipeline::Load(a.models.empty() ? DefaultModelDir() : a.models);
  if (!pipeline.ok()) return Fail(pipeline.status());
  (*pipeline)->set_parser_beam(a.beam);
  std::vector<std::string> files = a.files.empty() ? std::vector<std::string>{"-"} : a.files;
  for (const std::string& f : files) {
    auto data = ReadInput(f);
    if (!data.ok()) return Fail(data.status());
    std::string name = f == "-" ? "stdin" : f;
    if (size_t bad = Utf8Error(*data); bad != std::string::npos)
      return Fail(Status::Error(fmt::format("{}: byte {}: invalid UTF-8", name, bad)));
    // Control characters (NUL, bell, escape...) are read as spaces: never part of a token,
    // and never copied into the output, where a NUL would cut C-string readers short. Byte
    // offsets are unchanged.
    for (char& c : *data)
      if ((static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) c = ' ';
    Document doc;
    bool pretokenized = a.input_format == "conllu";
    if (pretokenized) {
      auto sents = nlp::ParseConllu(*data, name);
      if (!sents.ok()) return Fail(sents.status());
      doc = nlp::DocumentFromConllu(*sents);
    } else {
      doc.text = std::move(data).value();
    }
    if (Status s = (*pipeline)->Run(doc, Stage::kNer, pretokenized); !s.ok()) return Fail(s.With(name));
    std::string out;
    WriteConllu(doc, f == "-" ? "stdin" : std::filesystem::path(f).stem().string(), out);
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  return std::fflush(stdout) == 0 ? 0 : Fail(Status::Error("stdout: write failed"));
}

}  // namespace

void AddParse(CLI::App& root, int& exit_code) {
  auto args = std::make_shared<ParseArgs>();
  CLI::App* sub = root.add_subcommand("parse", "Tokenize, tag, lemmatize, parse and find entities; print CoNLL-U");
  sub->add_option("files", args->files, "Input files (default: standard input)");
  sub->add_option("--input-format", args->input_format,
                  "text, or conllu to keep the given tokens and sentences and predict the rest")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "conllu"}));
  sub->add_option("--models", args->models, "Model folder (default: $RELATA_MODELS or the built-in models/)");
  AddBeamOption(*sub, args->beam);
  sub->callback([args, &exit_code] { exit_code = RunParse(*args); });
}

}  // namespace relata::cli
