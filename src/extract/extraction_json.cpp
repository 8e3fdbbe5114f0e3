// One extraction as one line of JSON (extraction_json.h).
#include "extract/extraction_json.h"

#include <cmath>

#include <fmt/core.h>

namespace relata {
namespace {

void AppendNumber(double v, std::string& out) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  out += fmt::format("{}", v);
}

void AppendBool(bool v, std::string& out) { out += v ? "true" : "false"; }

struct Writer {
  const Document& doc;
  uint32_t first = 0;  // first token of the sentence

  int64_t Rel(int64_t token) const { return token < 0 ? -1 : token - first; }

  void Tokens(const std::vector<uint32_t>& tokens, std::string& out) const {
    out += '[';
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (i) out += ',';
      out += fmt::format("{}", Rel(tokens[i]));
    }
    out += ']';
  }

  void Arg(const ExtractedArg& a, std::string& out) const {
    if (a.empty()) {
      out += "null";
      return;
    }
    out += "{\"text\":";
    AppendJsonString(a.text, out);
    out += ",\"tokens\":";
    Tokens(a.tokens, out);
    out += fmt::format(",\"head\":{}", Rel(a.head));
    out += ",\"entity\":";
    if (a.entity >= 0 && static_cast<size_t>(a.entity) < doc.entities.size()) {
      const EntityMention& m = doc.entities[a.entity];
      out += "{\"type\":";
      AppendJsonString(m.type, out);
      out += fmt::format(",\"first\":{},\"last\":{}}}", Rel(m.first), Rel(m.last));
    } else {
      out += "null";
    }
    out += '}';
  }
};

}  // namespace

void AppendJsonString(std::string_view s, std::string& out) {
  out += '"';
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20 || u == 0x7F) {
          out += fmt::format("\\u{:04x}", u);
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void AppendResolutionJson(const Document& doc, const Extraction& e, const Coreference& coref, std::string& out) {
  struct Arg {
    const char* role;
    const ExtractedArg* arg;
  };
  const Arg args[] = {{"subject", &e.subject}, {"object", &e.object}, {"speaker", &e.speaker}};
  std::string unresolved;
  out += ",\"resolved\":{";
  bool any = false;
  for (const Arg& a : args) {
    if (a.arg->empty() || a.arg->head < 0 || a.arg->entity >= 0) continue;
    uint32_t h = static_cast<uint32_t>(a.arg->head);
    const Reference* r = coref.Find(h);
    if (r && r->mention >= 0 && static_cast<size_t>(r->mention) < coref.names.size()) {
      const ResolvedName& n = coref.names[static_cast<size_t>(r->mention)];
      if (any) out += ',';
      any = true;
      out += fmt::format("\"{}\":{{\"form\":", a.role);
      std::string form;
      for (uint32_t i = r->first; i < r->last && i < doc.tokens.size(); ++i) {
        const Token& t = doc.tokens[i];
        if (i > r->first && t.begin > doc.tokens[i - 1].end) form += ' ';
        form.append(doc.text, t.begin, t.end - t.begin);
      }
      AppendJsonString(form, out);
      out += ",\"name\":";
      AppendJsonString(n.name, out);
      out += ",\"type\":";
      AppendJsonString(n.type, out);
      out += ",\"rule\":";
      AppendJsonString(r->rule, out);
      out += ",\"basis\":";
      AppendJsonString(r->basis, out);
      out += '}';
    } else if (h < doc.tokens.size() && doc.tokens[h].upos == "PRON") {
      if (!unresolved.empty()) unresolved += ',';
      unresolved += fmt::format("\"{}\"", a.role);
    }
  }
  out += "},\"unresolved\":[" + unresolved + "]";
}

void AppendExtractionJson(const Document& doc, const Extraction& e, std::string& out,
                          const ExtractionJsonOptions& options) {
  Writer w{doc};
  if (e.sentence < doc.sentences.size()) w.first = doc.sentences[e.sentence].first;
  out += fmt::format("{{\"sentence\":{},\"kind\":", static_cast<uint64_t>(e.sentence) + options.sentence_offset);
  AppendJsonString(e.kind, out);
  out += ",\"confidence\":";
  AppendNumber(e.confidence, out);
  out += ",\"subject\":";
  w.Arg(e.subject, out);
  out += ",\"relation\":";
  AppendJsonString(e.relation, out);
  out += ",\"relation_text\":";
  AppendJsonString(e.relation_text, out);
  out += ",\"relation_tokens\":";
  w.Tokens(e.relation_tokens, out);
  out += ",\"object\":";
  w.Arg(e.object, out);
  out += ",\"extra\":[";
  for (size_t i = 0; i < e.extra.size(); ++i) {
    if (i) out += ',';
    w.Arg(e.extra[i], out);
  }
  out += "],\"passive\":";
  AppendBool(e.passive, out);
  out += ",\"negated\":";
  AppendBool(e.negated, out);
  out += ",\"hedged\":";
  AppendBool(e.hedged, out);
  out += ",\"speaker\":";
  w.Arg(e.speaker, out);
  int64_t begin = static_cast<int64_t>(e.char_begin) - options.char_base;
  int64_t end = static_cast<int64_t>(e.char_end) - options.char_base;
  out += fmt::format(",\"char_begin\":{},\"char_end\":{},\"evidence\":", begin, end);
  if (e.char_begin <= e.char_end && e.char_end <= doc.text.size()) {
    AppendJsonString(std::string_view(doc.text).substr(e.char_begin, e.char_end - e.char_begin), out);
  } else {
    out += "\"\"";
  }
  out += '}';
}

}  // namespace relata
