// Number formatting and small helpers shared by the graph-format writers (GraphML, GEXF,
// DOT, JSON). Writers build their output in a std::string and hand it to the sink in chunks.
#pragma once

#include <charconv>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "exporters/escape.h"
#include "relata/graph.h"

namespace relata::exporters {

inline constexpr size_t kChunk = 1 << 16;  // hand the buffer to the sink at about this size

inline void AppendUint(std::string& b, uint64_t v) {
  char tmp[24];
  auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
  b.append(tmp, r.ptr);
}

// A JSON string literal (RFC 8259, U+2028/2029 escaped too), and null for "".
inline void AppendJsonQuoted(std::string& b, std::string_view s) {
  b += '"';
  escape::JsonString(b, s);
  b += '"';
}
inline void AppendJsonQuotedOrNull(std::string& b, std::string_view s) {
  if (s.empty()) b += "null";
  else AppendJsonQuoted(b, s);
}
// The same as a string of its own (configuration JSON, small answers).
inline std::string JsonQuoted(std::string_view s) {
  std::string b;
  AppendJsonQuoted(b, s);
  return b;
}

// The flags of a piece of evidence as JSON members, each only when true, and the speaker
// when known: ,"negated":true ... ,"speaker":"...".
inline void AppendEvidenceFlagsJson(std::string& b, const EvidenceView& ev) {
  if (ev.negated()) b += ",\"negated\":true";
  if (ev.hedged()) b += ",\"hedged\":true";
  if (ev.attributed()) b += ",\"attributed\":true";
  if (!ev.speaker.empty()) {
    b += ",\"speaker\":";
    AppendJsonQuoted(b, ev.speaker);
  }
}

// The shortest text that reads back as the same double (0.9 -> "0.9").
inline void AppendShortest(std::string& b, double v) {
  char tmp[40];
  auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
  b.append(tmp, r.ptr);
}

// Two decimals, for sizes and pen widths.
inline void AppendFixed2(std::string& b, double v) {
  char tmp[40];
  auto r = std::to_chars(tmp, tmp + sizeof tmp, v, std::chars_format::fixed, 2);
  b.append(tmp, r.ptr);
}

// The first evidence sentence of an edge in evidence order, "" when none has one: what a
// table view shows for the edge.
inline std::string_view FirstSentence(const Graph& g, const Edge& e) {
  for (uint32_t m : g.EvidenceOf(e)) {
    std::string_view s = g.Evidence(m).sentence;
    if (!s.empty()) return s;
  }
  return {};
}

// Document names joined with "; " (GraphML and GEXF hold no lists), escaped by XmlFlat.
inline void AppendDocumentNames(std::string& b, const Graph& g, std::span<const uint32_t> docs) {
  for (size_t i = 0; i < docs.size(); ++i) {
    if (i) b += "; ";
    escape::XmlFlat(b, g.documents[docs[i]].name);
  }
}

}  // namespace relata::exporters
