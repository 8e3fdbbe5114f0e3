// The model container (docs/model-format.md): magic, format version, the component name,
// the training configuration and label sets (JSON), self-test sentences, named binary
// sections; the body zstd-compressed; an XXH3-64 checksum over everything.
//
// A component writes its weights into sections with ByteWriter and reads them back with
// ByteReader; the container checks integrity, the component checks meaning, then Load()
// of the component runs the self-tests (input -> expected output) and refuses a model whose
// output differs.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "relata/status.h"

namespace relata::nlp {

inline constexpr uint32_t kModelFormatVersion = 1;

struct SelfTest {
  std::string input;     // e.g. a sentence
  std::string expected;  // the component's output for it, in the component's own notation
};

struct ModelFile {
  std::string component;   // "tokenizer", "tagger", "parser", "ner"
  uint32_t component_version = 1;  // the component's own layout version
  std::string config_json;         // training configuration and label sets, a JSON object
  std::vector<SelfTest> self_tests;
  std::vector<std::pair<std::string, std::string>> sections;  // name -> bytes

  // nullptr when absent.
  const std::string* Section(std::string_view name) const;

  // Writes atomically (temporary file + rename). Output bytes depend only on the contents.
  Status Save(const std::string& path) const;
  // Reads and checks magic, format version, checksum and structure; `component` must match.
  // Errors name the file and the byte offset.
  static Result<ModelFile> Load(const std::string& path, std::string_view component);
};

}  // namespace relata::nlp
