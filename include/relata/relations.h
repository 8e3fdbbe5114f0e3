// The relation schema (docs/relations.md): a JSON file that maps normalised relations (the
// RelationKey of what the extractor wrote: "kill", "be appointed on") to canonical relations
// ("killed"), optionally only when the subject and object have given types.
//
//   {"killed": {"from": ["kill", "assassinate", "slay"], "inverse": ["be killed"],
//               "subject": ["PERSON", "ORG", "GPE"], "object": ["PERSON"],
//               "label": "killed"},
//    ...}
//
// Optional top-level members whose name starts with "$" ("$schema", "$comment") are ignored.
// schema/relations.schema.json is the JSON Schema of the format; schema/relations-news.json
// the shipped default for news, also compiled into relata (NewsRelationSchemaText()).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "relata/status.h"

namespace relata {

struct CanonicalRelation {
  std::string name;                   // as written in the file: "killed"
  std::string key;                    // RelationKey(name): the edges' relation key
  std::string label;                  // "label" when given, else name
  std::vector<std::string> from;      // RelationKey of each form, as in the file's order
  // Forms whose subject is this relation's object and whose object its subject (passives:
  // (Soleimani, "be killed", US) is (US, killed, Soleimani)).
  std::vector<std::string> inverse;
  std::vector<std::string> subject;   // CanonicalType of each allowed type; empty: any
  std::vector<std::string> object;    // (an untyped node fits only an empty list)
};

struct RelationSchema {
  std::vector<CanonicalRelation> relations;  // in the file's order
  std::string name;                          // the file (for messages)
  bool empty() const { return relations.empty(); }
  // The canonical relation a relation key maps to with these node types (canonical types,
  // "" when untyped): the first in file order listing the key in `from` with fitting types,
  // or in `inverse` with fitting types once subject and object are swapped (then *inverted
  // is set true); nullptr when none does (the relation then stays unmapped).
  const CanonicalRelation* Map(std::string_view relation_key, std::string_view subject_type,
                               std::string_view object_type, bool* inverted = nullptr) const;
};

// Parses the schema text; `name` names it in errors: "NAME:LINE:COLUMN: reason".
Result<RelationSchema> ParseRelationSchema(std::string_view text, std::string_view name);
// Reads a schema file. "news" (no such file in the working folder) is the shipped schema
// compiled into relata, identical to schema/relations-news.json.
Result<RelationSchema> LoadRelationSchema(const std::string& path);
// The text of schema/relations-news.json, compiled in.
std::string_view NewsRelationSchemaText();

}  // namespace relata
