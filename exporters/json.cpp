// relata's own JSON graph (schema/graph.schema.json):
//   {"nodes":[{"id","label","type","aliases","mentions", optional "type_votes","same_as"}],
//    "edges":[{"id","source","target","relation","label","weight","sources","mentions",
//              "confidence","first_date","last_date",
//              "events" (a count), optional "event_list":[{"first_date","last_date",
//              "evidence":[positions in "evidence"]}] (only when there are two events or more),
//              "evidence":[{"source","date","sentence","confidence","extractor",
//                           optional "sentence_index","char_begin","char_end","negated",
//                           "hedged","attributed","speaker","subject_form","subject_rule",
//                           "object_form","object_rule"}]}]}
// One node or edge per line, so the file is both valid JSON and easy to grep and diff.
// Unknown values (a node without a type, evidence without date, sentence or extractor)
// are null; the evidence's position and flags (store format 2) are left out when unknown
// or false, which keeps files of triples that carry none of them as they were.
// Weights are integers; confidences use the shortest text that reads back as the same
// number (a confidence the store kept as a float is printed as that float: 0.9, not
// 0.8999999761581421).
#include <charconv>
#include <string>
#include <string_view>

#include "exporters/escape.h"
#include "exporters/formats.h"
#include "exporters/text_out.h"

namespace relata::exporters {

Status WriteJson(const Graph& g, const ExportOptions& /*options*/, Sink& out) {
  std::string b;
  b.reserve(kChunk + 4096);
  b += "{\"nodes\":[";
  bool first = true;
  for (const Node& n : g.nodes) {
    b += first ? "\n" : ",\n";
    first = false;
    b += "{\"id\":";
    AppendJsonQuoted(b, n.id);
    b += ",\"label\":";
    AppendJsonQuoted(b, n.label);
    b += ",\"type\":";
    AppendJsonQuotedOrNull(b, n.type);
    b += ",\"aliases\":[";
    for (size_t i = 0; i < n.aliases.size(); ++i) {
      if (i) b += ',';
      AppendJsonQuoted(b, n.aliases[i]);
    }
    b += "],\"mentions\":";
    AppendUint(b, n.mentions);
    // Entity resolution (docs/merging.md): the types its mentions disagreed on, and the
    // user's canonical id as an IRI; present only when there is something to say.
    if (!n.type_votes.empty()) {
      b += ",\"type_votes\":{";
      for (size_t i = 0; i < n.type_votes.size(); ++i) {
        if (i) b += ',';
        AppendJsonQuoted(b, n.type_votes[i].first.empty() ? std::string_view("(none)") : std::string_view(n.type_votes[i].first));
        b += ':';
        AppendUint(b, n.type_votes[i].second);
      }
      b += '}';
    }
    if (!n.same_as.empty()) {
      b += ",\"same_as\":";
      AppendJsonQuoted(b, n.same_as);
    }
    b += '}';
    if (b.size() >= kChunk) {
      out.Write(b);
      b.clear();
    }
  }
  b += "\n],\n\"edges\":[";
  first = true;
  for (const Edge& e : g.edges) {
    const Relation& rel = g.relations[e.relation];
    b += first ? "\n" : ",\n";
    first = false;
    b += "{\"id\":";
    AppendJsonQuoted(b, g.EdgeId(e));
    b += ",\"source\":";
    AppendJsonQuoted(b, g.nodes[e.source].id);
    b += ",\"target\":";
    AppendJsonQuoted(b, g.nodes[e.target].id);
    b += ",\"relation\":";
    AppendJsonQuoted(b, rel.key);
    b += ",\"label\":";
    AppendJsonQuoted(b, rel.label);
    b += ",\"weight\":";  // distinct sources
    AppendUint(b, e.weight);
    b += ",\"sources\":";
    AppendUint(b, e.weight);
    b += ",\"mentions\":";
    AppendUint(b, g.Mentions(e));
    b += ",\"confidence\":";
    AppendShortest(b, e.confidence);
    b += ",\"first_date\":";
    AppendJsonQuotedOrNull(b, g.FirstDate(e));
    b += ",\"last_date\":";
    AppendJsonQuotedOrNull(b, g.LastDate(e));
    // The events: their number, and their list only when there is more than one (one event
    // holds all the evidence, from first_date to last_date: the list would repeat them).
    const std::vector<EdgeEvent> events = g.Events(e);
    b += ",\"events\":";
    AppendUint(b, events.size());
    if (events.size() > 1) b += ",\"event_list\":[";
    for (size_t i = 0; events.size() > 1 && i < events.size(); ++i) {
      b += i ? ",{\"first_date\":" : "{\"first_date\":";
      AppendJsonQuotedOrNull(b, events[i].first_date);
      b += ",\"last_date\":";
      AppendJsonQuotedOrNull(b, events[i].last_date);
      b += ",\"evidence\":[";
      for (size_t k = 0; k < events[i].evidence.size(); ++k) {
        if (k) b += ',';
        AppendUint(b, events[i].evidence[k]);
      }
      b += "]}";
    }
    if (events.size() > 1) b += ']';
    b += ",\"evidence\":[";
    const auto evidence = g.EvidenceOf(e);
    for (size_t i = 0; i < evidence.size(); ++i) {
      const EvidenceView ev = g.Evidence(evidence[i]);
      b += i ? ",{\"source\":" : "{\"source\":";
      AppendJsonQuoted(b, ev.source);
      b += ",\"date\":";
      AppendJsonQuotedOrNull(b, ev.date);
      b += ",\"sentence\":";
      AppendJsonQuotedOrNull(b, ev.sentence);
      b += ",\"confidence\":";
      AppendShortest(b, ev.confidence);
      b += ",\"extractor\":";
      AppendJsonQuotedOrNull(b, ev.extractor);
      // Store format 2 fields: present only when known (flags only when true).
      if (ev.sentence_index != Store::Mention::kNone) {
        b += ",\"sentence_index\":";
        AppendUint(b, ev.sentence_index);
      }
      if (ev.char_begin != Store::Mention::kNone) {
        b += ",\"char_begin\":";
        AppendUint(b, ev.char_begin);
        b += ",\"char_end\":";
        AppendUint(b, ev.char_end);
      }
      AppendEvidenceFlagsJson(b, ev);
      // Store format 3: how the text named a side that entity resolution renamed.
      for (auto [key, value] : {std::pair{",\"subject_form\":", ev.subject_form},
                                std::pair{",\"subject_rule\":", ev.subject_rule},
                                std::pair{",\"object_form\":", ev.object_form},
                                std::pair{",\"object_rule\":", ev.object_rule}})
        if (!value.empty()) {
          b += key;
          AppendJsonQuoted(b, value);
        }
      b += '}';
    }
    b += "]}";
    if (b.size() >= kChunk) {
      out.Write(b);
      b.clear();
    }
  }
  b += "\n]}\n";
  out.Write(b);
  // The caller finishes the sink and reports its status.
  return Status::Ok();
}

}  // namespace relata::exporters
