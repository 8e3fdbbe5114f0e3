// schema/relations-news.json compiled into relata (LoadRelationSchema("news")). tests/test_relations.cpp
// checks that this copy equals the file; after editing the file, regenerate this one with the
// command in docs/relations.md.
#include "relata/relations.h"

namespace relata {

std::string_view NewsRelationSchemaText() {
  static constexpr std::string_view kText = R"relata_json(
{
  "$schema": "./relations.schema.json",
  "$comment": "relata's default relation schema for news (docs/relations.md). Forms are relations as relata's extractor normalises them (lemmas, particles kept: 'withdraw from'); 'inverse' lists passives, whose subject is the canonical relation's object ('X was killed by Y' is extracted as (X, 'be killed', Y)); negated relations ('not join') are left unmapped on purpose. Subject and object types are the node types after merging; an untyped node fits only a side without a type list.",
  "attacked": {"from": ["attack", "strike", "struck", "bomb", "shell", "raid", "assault", "target", "fire on", "launch attack on"], "inverse": ["be attacked", "be struck", "be bombed", "be targeted"],
               "subject": ["PERSON", "ORG", "GPE", "NORP"], "object": ["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"]},
  "killed": {"from": ["kill", "assassinate", "slay", "murder", "execute", "shoot dead"], "inverse": ["be killed", "be assassinated", "be slain", "be murdered", "be executed", "be shot dead"],
             "subject": ["PERSON", "ORG", "GPE", "NORP"], "object": ["PERSON"]},
  "invaded": {"from": ["invade", "occupy", "annex"], "inverse": ["be invaded", "be occupied", "be annexed"],
              "subject": ["GPE", "ORG", "NORP"], "object": ["GPE", "LOC"]},
  "met": {"from": ["meet", "meet with", "hold talks with", "talk with", "host", "receive"],
          "subject": ["PERSON", "ORG", "GPE"], "object": ["PERSON", "ORG", "GPE"]},
  "visited": {"from": ["visit", "travel to", "tour", "arrive in", "fly to"], "inverse": ["be visited"],
              "subject": ["PERSON", "ORG"], "object": ["GPE", "LOC", "FAC", "ORG"]},
  "signed": {"from": ["sign", "ink", "ratify"], "inverse": ["be signed"],
             "subject": ["PERSON", "ORG", "GPE"]},
  "accused": {"from": ["accuse", "blame", "accuse of"], "inverse": ["be accused"],
              "subject": ["PERSON", "ORG", "GPE", "NORP"], "object": ["PERSON", "ORG", "GPE", "NORP"]},
  "criticised": {"from": ["criticise", "criticize", "condemn", "denounce", "slam", "rebuke", "attack verbally"], "inverse": ["be criticised", "be criticized", "be condemned", "be denounced"],
                 "subject": ["PERSON", "ORG", "GPE", "NORP"]},
  "supported": {"from": ["support", "back", "endorse", "champion", "side with"], "inverse": ["be supported", "be backed", "be endorsed"],
                "subject": ["PERSON", "ORG", "GPE", "NORP"]},
  "praised": {"from": ["praise", "commend", "hail"], "inverse": ["be praised", "be hailed"],
              "subject": ["PERSON", "ORG", "GPE", "NORP"]},
  "threatened": {"from": ["threaten", "warn"], "inverse": ["be threatened"],
                 "subject": ["PERSON", "ORG", "GPE", "NORP"], "object": ["PERSON", "ORG", "GPE", "NORP"]},
  "led": {"from": ["lead", "head", "chair", "command", "run"], "inverse": ["be led", "be headed", "be chaired"],
          "subject": ["PERSON", "ORG", "GPE"], "object": ["ORG", "GPE", "NORP", "EVENT", "FAC"]},
  "trained": {"from": ["train", "instruct", "coach"], "inverse": ["be trained"],
              "subject": ["PERSON", "ORG", "GPE"], "object": ["PERSON", "ORG", "NORP"]},
  "funded": {"from": ["fund", "finance", "bankroll", "sponsor", "loan", "lend"], "inverse": ["be funded", "be financed", "be sponsored"],
             "subject": ["PERSON", "ORG", "GPE"]},
  "sanctioned": {"from": ["sanction", "impose sanctions on", "blacklist"], "inverse": ["be sanctioned"],
                 "subject": ["ORG", "GPE"], "object": ["PERSON", "ORG", "GPE"]},
  "arrested": {"from": ["arrest", "detain", "jail", "imprison", "apprehend"], "inverse": ["be arrested", "be detained", "be jailed", "be imprisoned"],
               "subject": ["PERSON", "ORG", "GPE"], "object": ["PERSON"]},
  "released": {"from": ["release", "free"], "inverse": ["be released", "be freed"],
               "subject": ["PERSON", "ORG", "GPE"], "object": ["PERSON"]},
  "elected": {"from": ["elect", "re-elect", "vote for"], "inverse": ["be elected"],
              "subject": ["PERSON", "ORG", "GPE", "NORP"], "object": ["PERSON"]},
  "appointed": {"from": ["appoint", "name", "nominate", "designate", "install"], "inverse": ["be appointed", "be named", "be nominated"],
                "subject": ["PERSON", "ORG", "GPE"], "object": ["PERSON"]},
  "resigned from": {"from": ["resign from", "resign", "quit", "step down from", "step down as"],
                    "subject": ["PERSON"]},
  "left": {"from": ["leave", "withdraw from", "exit", "pull out of", "quit"],
           "subject": ["PERSON", "ORG", "GPE"], "object": ["ORG", "GPE", "EVENT", "LAW"]},
  "joined": {"from": ["join", "accede to", "enter"],
             "subject": ["PERSON", "ORG", "GPE"], "object": ["ORG", "EVENT", "LAW"]},
  "negotiated with": {"from": ["negotiate with", "bargain with"],
                      "subject": ["PERSON", "ORG", "GPE"], "object": ["PERSON", "ORG", "GPE"]},
  "sued": {"from": ["sue", "take to court"], "inverse": ["be sued"],
           "subject": ["PERSON", "ORG", "GPE"], "object": ["PERSON", "ORG", "GPE"]},
  "protested": {"from": ["protest", "protest against", "rally against", "demonstrate against"],
                "subject": ["PERSON", "ORG", "NORP"]}
}
)relata_json";
  return kText.substr(1);  // without the line break after the opening delimiter
}

}  // namespace relata
