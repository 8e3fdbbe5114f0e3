// Coreference within a document (ResolveCoreference, docs/coreference.md) on hand-made parses:
// each rule with a case where it links and one where it must not.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "relata/extract.h"

namespace {

using relata::Coreference;
using relata::Document;
using relata::GraphTriple;
using relata::Reference;

using Ents = std::vector<std::tuple<uint32_t, uint32_t, const char*>>;

// A document from sentences of "form/UPOS/HEAD/deprel[/lemma[/xpos]]" items (HEAD from 1 within
// the sentence, 0 = root) with entity spans (token indices within the sentence).
struct Doc {
  Document doc;
  std::vector<std::string> labels;
  Doc(std::vector<std::pair<std::string, Ents>> sents) {
    labels.reserve(4096);
    for (auto& [spec, ents] : sents) {
      uint32_t base = uint32_t(doc.tokens.size());
      size_t i = 0;
      while (i < spec.size()) {
        size_t j = spec.find(' ', i);
        if (j == std::string::npos) j = spec.size();
        std::string item = spec.substr(i, j - i);
        i = j + 1;
        if (item.empty()) continue;
        std::vector<std::string> f;
        size_t a = 0;
        while (true) {
          size_t b = item.find('/', a == 0 ? 1 : a);
          if (b == std::string::npos) {
            f.push_back(item.substr(a));
            break;
          }
          f.push_back(item.substr(a, b - a));
          a = b + 1;
        }
        REQUIRE(f.size() >= 4);
        relata::Token t;
        if (!doc.text.empty()) doc.text += ' ';
        t.begin = uint32_t(doc.text.size());
        doc.text += f[0];
        t.end = uint32_t(doc.text.size());
        t.form = f[0];
        labels.push_back(f[1]);
        t.upos = labels.back();
        int h = std::stoi(f[2]);
        t.head = h == 0 ? -1 : int32_t(base) + h - 1;
        labels.push_back(f[3]);
        t.deprel = labels.back();
        t.lemma = f.size() > 4 ? f[4] : f[0];
        if (f.size() <= 4)
          for (char& c : t.lemma)
            if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
        if (f.size() > 5) {
          labels.push_back(f[5]);
          t.xpos = labels.back();
        }
        doc.tokens.push_back(t);
      }
      doc.sentences.push_back({base, uint32_t(doc.tokens.size())});
      for (auto& [a, b, ty] : ents) doc.entities.push_back({a + base, b + base, ty});
    }
    doc.id = "test";
  }
};

// The reference whose words are `form` (the n-th such), or nullptr.
const Reference* Ref(const Document& d, const Coreference& c, std::string_view form, int nth = 0) {
  for (const Reference& r : c.references) {
    std::string text;
    for (uint32_t i = r.first; i < r.last; ++i) text += (i > r.first ? " " : "") + d.tokens[i].form;
    if (text == form && nth-- == 0) return &r;
  }
  return nullptr;
}

std::string NameOf(const Coreference& c, const Reference* r) {
  return r && r->mention >= 0 ? c.names[size_t(r->mention)].name : std::string();
}

const GraphTriple* Triple(const std::vector<GraphTriple>& gs, std::string_view s, std::string_view r,
                          std::string_view o) {
  for (const GraphTriple& g : gs)
    if (g.subject == s && g.relation == r && g.object == o) return &g;
  return nullptr;
}

}  // namespace

TEST_CASE("coref: he is the person who was the subject just before", "[coref]") {
  Doc d({{"Jens/PROPN/2/compound Stoltenberg/PROPN/3/nsubj visited/VERB/0/root/visit Kyiv/PROPN/3/obj",
          {{0, 2, "PERSON"}, {3, 4, "GPE"}}},
         {"He/PRON/2/nsubj met/VERB/0/root/meet Zelensky/PROPN/2/obj", {{2, 3, "PERSON"}}}});
  Coreference c = relata::ResolveCoreference(d.doc);
  const Reference* he = Ref(d.doc, c, "He");
  REQUIRE(he);
  CHECK(he->rule == "pronoun");
  CHECK(he->basis == "nearest");
  CHECK(NameOf(c, he) == "Jens Stoltenberg");
  auto gs = relata::ToGraphTriples(d.doc, relata::Extract(d.doc));
  const GraphTriple* g = Triple(gs, "Jens Stoltenberg", "meet", "Zelensky");
  REQUIRE(g);
  CHECK(g->subject_form == "He");
  CHECK(g->subject_rule == "pronoun");
  CHECK(g->object_form.empty());
  CHECK(g->object_rule.empty());
}

TEST_CASE("coref: he after two men in the same role stays unresolved", "[coref]") {
  Doc d({{"Trump/PROPN/4/nsubj and/CCONJ/3/cc Biden/PROPN/1/conj met/VERB/0/root/meet",
          {{0, 1, "PERSON"}, {2, 3, "PERSON"}}},
         {"He/PRON/2/nsubj praised/VERB/0/root/praise Kyiv/PROPN/2/obj", {{2, 3, "GPE"}}}});
  Coreference c = relata::ResolveCoreference(d.doc);
  const Reference* he = Ref(d.doc, c, "He");
  REQUIRE(he);
  CHECK(he->mention == -1);
  CHECK(he->basis == "ambiguous");
  // The statement is left out, not attached to a guess.
  auto gs = relata::ToGraphTriples(d.doc, relata::Extract(d.doc));
  for (const GraphTriple& g : gs) CHECK(g.object != "Kyiv");
}

TEST_CASE("coref: a form of address tells she from he", "[coref]") {
  Doc d({{"Mr./PROPN/2/compound Smith/PROPN/5/nsubj and/CCONJ/4/cc Mrs./PROPN/4/compound Jones/PROPN/2/conj "
          "met/VERB/0/root/meet",
          {{0, 2, "PERSON"}, {3, 5, "PERSON"}}},
         {"She/PRON/2/nsubj left/VERB/0/root/leave", {}},
         {"He/PRON/2/nsubj stayed/VERB/0/root/stay", {}}});
  Coreference c = relata::ResolveCoreference(d.doc);
  CHECK(NameOf(c, Ref(d.doc, c, "She")) == "Jones");
  CHECK(NameOf(c, Ref(d.doc, c, "He")) == "Smith");
}

TEST_CASE("coref: it without a compatible antecedent stays unresolved", "[coref]") {
  Doc d({{"Jens/PROPN/2/compound Stoltenberg/PROPN/3/nsubj spoke/VERB/0/root/speak", {{0, 2, "PERSON"}}},
         {"It/PRON/2/nsubj grew/VERB/0/root/grow", {}}});
  Coreference c = relata::ResolveCoreference(d.doc);
  const Reference* it = Ref(d.doc, c, "It");
  REQUIRE(it);
  CHECK(it->mention == -1);
  CHECK(it->basis == "no antecedent");
}

TEST_CASE("coref: it for the organisation, unless a common noun is the likelier antecedent", "[coref]") {
  Doc d({{"NATO/PROPN/2/nsubj expanded/VERB/0/root/expand", {{0, 1, "ORG"}}},
         {"It/PRON/2/nsubj admitted/VERB/0/root/admit Finland/PROPN/2/obj", {{2, 3, "GPE"}}}});
  Coreference c = relata::ResolveCoreference(d.doc);
  CHECK(NameOf(c, Ref(d.doc, c, "It")) == "NATO");
  auto gs = relata::ToGraphTriples(d.doc, relata::Extract(d.doc));
  const GraphTriple* g = Triple(gs, "NATO", "admit", "Finland");
  REQUIRE(g);
  CHECK(g->subject_form == "It");

  Doc e({{"The/DET/2/det plan/NOUN/3/nsubj/plan/NN worried/VERB/0/root/worry NATO/PROPN/3/obj "
          "because/SCONJ/7/mark It/PRON/7/nsubj failed/VERB/3/advcl/fail",
          {{3, 4, "ORG"}}}});
  Coreference ce = relata::ResolveCoreference(e.doc);
  const Reference* it = Ref(e.doc, ce, "It");
  REQUIRE(it);
  CHECK(it->mention == -1);
  CHECK(it->basis == "common noun");
}

TEST_CASE("coref: it reaches the subject of the sentence before past nouns further back", "[coref]") {
  Doc d({{"Haddad/PROPN/2/nsubj said/VERB/0/root/say the/DET/4/det plant/NOUN/2/obj/plant/NN", {{0, 1, "PERSON"}}},
         {"The/DET/3/det World/PROPN/3/compound Bank/PROPN/5/nsubj did/AUX/5/aux take/VERB/0/root/take "
          "part/NOUN/5/obj/part/NN",
          {{0, 3, "ORG"}}},
         {"It/PRON/2/nsubj said/VERB/0/root/say", {}}});
  Coreference c = relata::ResolveCoreference(d.doc);
  CHECK(NameOf(c, Ref(d.doc, c, "It")) == "World Bank");
}

TEST_CASE("coref: it of an expletive has no referent", "[coref]") {
  Doc d({{"NATO/PROPN/2/nsubj met/VERB/0/root/meet", {{0, 1, "ORG"}}},
         {"It/PRON/3/nsubj is/AUX/3/cop/be clear/ADJ/0/root that/SCONJ/6/mark NATO/PROPN/6/nsubj "
          "grew/VERB/3/ccomp/grow",
          {{4, 5, "ORG"}}}});
  Coreference c = relata::ResolveCoreference(d.doc);
  const Reference* it = Ref(d.doc, c, "It");
  REQUIRE(it);
  CHECK(it->mention == -1);
  CHECK(it->basis == "expletive");
}

TEST_CASE("coref: the object pronoun is not the subject of its own verb", "[coref]") {
  Doc d({{"Trump/PROPN/2/nsubj praised/VERB/0/root/praise him/PRON/2/obj", {{0, 1, "PERSON"}}}});
  Coreference c = relata::ResolveCoreference(d.doc);
  const Reference* him = Ref(d.doc, c, "him");
  REQUIRE(him);
  CHECK(him->mention == -1);
  // Nor of a verb whose subject the candidate controls.
  Doc e({{"NATO/PROPN/2/nsubj planned/VERB/0/root/plan to/PART/4/mark expand/VERB/2/xcomp/expand "
          "it/PRON/4/obj",
          {{0, 1, "ORG"}}}});
  Coreference ce = relata::ResolveCoreference(e.doc);
  REQUIRE(Ref(e.doc, ce, "it"));
  CHECK(Ref(e.doc, ce, "it")->mention == -1);
}

TEST_CASE("coref: Jordan the country and Michael Jordan stay apart", "[coref]") {
  Doc d({{"Jordan/PROPN/2/nsubj welcomed/VERB/0/root/welcome Michael/PROPN/4/compound Jordan/PROPN/2/obj",
          {{0, 1, "GPE"}, {2, 4, "PERSON"}}},
         {"It/PRON/2/nsubj praised/VERB/0/root/praise him/PRON/2/obj", {}}});
  Coreference c = relata::ResolveCoreference(d.doc);
  CHECK(c.names[0].name == "Jordan");
  CHECK(c.names[0].rule == "name");
  CHECK(c.names[1].name == "Michael Jordan");
  const Reference* it = Ref(d.doc, c, "It");
  REQUIRE(it);
  CHECK(it->mention == 0);
  const Reference* him = Ref(d.doc, c, "him");
  REQUIRE(him);
  CHECK(him->mention == 1);
  // "it" reaches back to the subject of the sentence before only, not its object.
  Doc e({{"Michael/PROPN/2/compound Jordan/PROPN/3/nsubj visited/VERB/0/root/visit Jordan/PROPN/3/obj",
          {{0, 2, "PERSON"}, {3, 4, "GPE"}}},
         {"It/PRON/2/nsubj grew/VERB/0/root/grow", {}}});
  Coreference ce = relata::ResolveCoreference(e.doc);
  REQUIRE(Ref(e.doc, ce, "It"));
  CHECK(Ref(e.doc, ce, "It")->mention == -1);
}

TEST_CASE("coref: two different Smiths stay apart, and so do their pronouns", "[coref]") {
  Doc d({{"John/PROPN/2/compound Smith/PROPN/3/nsubj met/VERB/0/root/meet Mary/PROPN/5/compound "
          "Smith/PROPN/3/obj",
          {{0, 2, "PERSON"}, {3, 5, "PERSON"}}},
         {"Smith/PROPN/2/nsubj left/VERB/0/root/leave", {{0, 1, "PERSON"}}}});
  Coreference c = relata::ResolveCoreference(d.doc);
  CHECK(c.names[0].name == "John Smith");
  CHECK(c.names[1].name == "Mary Smith");
  CHECK(c.names[2].name == "Smith");
  CHECK(c.names[2].antecedent == -1);
}

TEST_CASE("coref: a description established by an apposition or a copula", "[coref]") {
  Doc d({{"NATO/PROPN/5/nsubj ,/PUNCT/4/punct the/DET/4/det alliance/NOUN/1/appos/alliance/NN grew/VERB/0/root/grow",
          {{0, 1, "ORG"}}},
         {"The/DET/2/det alliance/NOUN/3/nsubj/alliance/NN admitted/VERB/0/root/admit Finland/PROPN/3/obj",
          {{3, 4, "GPE"}}},
         {"NASA/PROPN/4/nsubj is/AUX/4/cop/be the/DET/4/det agency/NOUN/0/root/agency/NN", {{0, 1, "ORG"}}},
         {"The/DET/2/det agency/NOUN/3/nsubj/agency/NN launched/VERB/0/root/launch Artemis/PROPN/3/obj",
          {{3, 4, "PRODUCT"}}}});
  Coreference c = relata::ResolveCoreference(d.doc);
  const Reference* alliance = Ref(d.doc, c, "The alliance");
  REQUIRE(alliance);
  CHECK(alliance->rule == "description");
  CHECK(alliance->basis == "apposition");
  CHECK(NameOf(c, alliance) == "NATO");
  CHECK_FALSE(Ref(d.doc, c, "the alliance"));  // the apposition itself is no reference
  const Reference* agency = Ref(d.doc, c, "The agency");
  REQUIRE(agency);
  CHECK(agency->basis == "copula");
  CHECK(NameOf(c, agency) == "NASA");
  auto gs = relata::ToGraphTriples(d.doc, relata::Extract(d.doc));
  const GraphTriple* g = Triple(gs, "NATO", "admit", "Finland");
  REQUIRE(g);
  CHECK(g->subject_form == "The alliance");
  CHECK(g->subject_rule == "description");
}

TEST_CASE("coref: a type noun takes the one entity of its type, else stays a concept", "[coref]") {
  Doc d({{"Boeing/PROPN/2/nsubj reported/VERB/0/root/report losses/NOUN/2/obj/loss/NNS", {{0, 1, "ORG"}}},
         {"The/DET/2/det company/NOUN/3/nsubj/company/NN cut/VERB/0/root/cut jobs/NOUN/3/obj/job/NNS", {}}});
  Coreference c = relata::ResolveCoreference(d.doc);
  const Reference* company = Ref(d.doc, c, "The company");
  REQUIRE(company);
  CHECK(company->basis == "type noun");
  CHECK(NameOf(c, company) == "Boeing");

  Doc e({{"Boeing/PROPN/4/nsubj and/CCONJ/3/cc Airbus/PROPN/1/conj met/VERB/0/root/meet",
          {{0, 1, "ORG"}, {2, 3, "ORG"}}},
         {"The/DET/2/det company/NOUN/3/nsubj/company/NN cut/VERB/0/root/cut jobs/NOUN/3/obj/job/NNS", {}}});
  Coreference ce = relata::ResolveCoreference(e.doc);
  CHECK_FALSE(Ref(e.doc, ce, "The company"));

  // A name that ends in the noun: "the authority" for the Jordan Valley Authority, even
  // beside another ORG; not for a name that only contains it.
  Doc h({{"Haddad/PROPN/2/nsubj leads/VERB/0/root/lead the/DET/6/det Jordan/PROPN/5/compound Valley/PROPN/6/compound "
          "Authority/PROPN/2/obj and/CCONJ/9/cc World/PROPN/9/compound Bank/PROPN/6/conj",
          {{0, 1, "PERSON"}, {3, 6, "ORG"}, {7, 9, "ORG"}}},
         {"The/DET/2/det authority/NOUN/3/nsubj/authority/NN manages/VERB/0/root/manage canals/NOUN/3/obj/canal/NNS", {}},
         {"The/DET/2/det world/NOUN/3/nsubj/world/NN watched/VERB/0/root/watch", {}}});
  Coreference ch = relata::ResolveCoreference(h.doc);
  const Reference* authority = Ref(h.doc, ch, "The authority");
  REQUIRE(authority);
  CHECK(authority->basis == "name noun");
  CHECK(NameOf(ch, authority) == "Jordan Valley Authority");
  CHECK_FALSE(Ref(h.doc, ch, "The world"));

  // An indefinite copula says what kind of thing it is, not which: "the citizen" stays a concept.
  Doc g({{"Norton/PROPN/4/nsubj is/AUX/4/cop/be a/DET/4/det citizen/NOUN/0/root/citizen/NN", {{0, 1, "PERSON"}}},
         {"The/DET/2/det citizen/NOUN/3/nsubj/citizen/NN votes/VERB/0/root/vote", {}}});
  Coreference cg = relata::ResolveCoreference(g.doc);
  CHECK_FALSE(Ref(g.doc, cg, "The citizen"));

  // No agency in the text: "the agency" stays a concept.
  Doc f({{"Finland/PROPN/2/nsubj joined/VERB/0/root/join", {{0, 1, "GPE"}}},
         {"The/DET/2/det agency/NOUN/3/nsubj/agency/NN grew/VERB/0/root/grow fast/ADV/3/advmod", {}}});
  Coreference cf = relata::ResolveCoreference(f.doc);
  CHECK_FALSE(Ref(f.doc, cf, "The agency"));
  auto gs = relata::ToGraphTriples(f.doc, relata::Extract(f.doc));
  for (const GraphTriple& g : gs) CHECK(g.subject_rule.empty());
}

TEST_CASE("coref: I and we inside a quote are the speaker", "[coref]") {
  Doc d({{"\"/PUNCT/3/punct We/PRON/3/nsubj grow/VERB/6/ccomp ,/PUNCT/3/punct \"/PUNCT/3/punct "
          "NATO/PROPN/7/nsubj said/VERB/0/root/say",
          {{5, 6, "ORG"}}},
         {"\"/PUNCT/3/punct I/PRON/3/nsubj agree/VERB/6/ccomp ,/PUNCT/3/punct \"/PUNCT/3/punct "
          "Stoltenberg/PROPN/7/nsubj said/VERB/0/root/say",
          {{5, 6, "PERSON"}}},
         {"I/PRON/2/nsubj disagree/VERB/0/root", {}}});
  Coreference c = relata::ResolveCoreference(d.doc);
  const Reference* we = Ref(d.doc, c, "We");
  REQUIRE(we);
  CHECK(we->basis == "speaker");
  CHECK(NameOf(c, we) == "NATO");
  CHECK(NameOf(c, Ref(d.doc, c, "I")) == "Stoltenberg");
  // Outside a quote "I" is the author: no reference at all.
  CHECK_FALSE(Ref(d.doc, c, "I", 1));
}

TEST_CASE("coref: graph triples record the form and the rule of renamed arguments", "[coref]") {
  Doc d({{"Jens/PROPN/2/compound Stoltenberg/PROPN/3/nsubj visited/VERB/0/root/visit the/DET/8/det "
          "North/PROPN/8/compound Atlantic/PROPN/8/compound Treaty/PROPN/8/compound Organization/PROPN/3/obj "
          "(/PUNCT/10/punct NATO/PROPN/8/appos )/PUNCT/10/punct",
          {{0, 2, "PERSON"}, {4, 8, "ORG"}, {9, 10, "ORG"}}},
         {"Stoltenberg/PROPN/2/nsubj praised/VERB/0/root/praise NATO/PROPN/2/obj 's/PART/5/case/'s/POS "
          "staff/NOUN/2/obj",
          {{0, 1, "PERSON"}, {2, 4, "ORG"}}}});
  auto gs = relata::ToGraphTriples(d.doc, relata::Extract(d.doc));
  const GraphTriple* g = Triple(gs, "Jens Stoltenberg", "visit", "NATO");
  REQUIRE(g);
  CHECK(g->subject_form.empty());
  CHECK(g->object_form == "North Atlantic Treaty Organization");
  CHECK(g->object_rule == "acronym-definition");
  Coreference c = relata::ResolveCoreference(d.doc);
  // A possessive is no part of the name.
  CHECK(c.names[4].own == "NATO");
  CHECK(c.names[4].name == "NATO");
  bool found = false;
  for (const GraphTriple& t : gs)
    if (t.subject == "Jens Stoltenberg" && t.subject_form == "Stoltenberg") {
      found = true;
      CHECK(t.subject_rule == "name-part");
    }
  CHECK(found);
}

TEST_CASE("coref: malformed trees, no sentences and mentions out of range do not crash", "[coref]") {
  Doc d({{"He/PRON/9/nsubj said/VERB/0/root \"/PUNCT/0/punct it/PRON/2/conj the/DET/6/det company/NOUN/40/nsubj",
          {{0, 1, "PERSON"}, {3, 30, "ORG"}}}});
  (void)relata::ResolveCoreference(d.doc);
  (void)relata::ToGraphTriples(d.doc, relata::Extract(d.doc));
  d.doc.sentences.clear();
  Coreference c = relata::ResolveCoreference(d.doc);
  CHECK(c.references.empty());
  d.doc.sentences.push_back({0, 50});
  (void)relata::ResolveCoreference(d.doc);
}
