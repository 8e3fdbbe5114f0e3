// Extractions -> graph statements (include/relata/extract.h, docs/extraction.md): arguments
// reduced to entities or concepts, relations normalised.
#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "relata/extract.h"

#include "extract/lexicon.h"
#include "nlp/ner.h"
#include "relata/canonical.h"

namespace relata {
namespace {

using sv = std::string_view;

sv Base(sv rel) { return BaseRelation(rel); }

std::string Lower(sv s) { return AsciiLower(s); }

// Two or more capitals (digits, dots and ampersands allowed): "NATO", "US", "U.S.", "AT&T".
bool IsAcronym(std::string_view w) {
  int caps = 0;
  for (char c : w) {
    if (c >= 'A' && c <= 'Z') ++caps;
    else if (!(c == '.' || c == '&' || (c >= '0' && c <= '9'))) return false;
  }
  return caps >= 2;
}

struct Node {
  std::string name, type;
  // The argument's words as written and the rule that named it otherwise ("" when named as
  // written): GraphTriple::subject_form / subject_rule.
  std::string form;
  sv rule;
  bool empty() const { return name.empty(); }
};

class Reducer {
 public:
  explicit Reducer(const Document& doc) : doc_(doc), coref_(ResolveCoreference(doc)), names_(coref_.names) {
    // Surnames of the document's full person names, for proper nouns the recogniser missed
    // ("Rutte will succeed ..."): a surname of two different people is no use.
    for (size_t m = 0; m < names_.size(); ++m) {
      const std::string& n = names_[m].name;
      size_t sp = n.rfind(' ');
      if (names_[m].type != "PERSON" || sp == std::string::npos) continue;
      auto [it, added] = surnames_.emplace(n.substr(sp + 1), n);
      if (!added && it->second != n) it->second.clear();
    }
  }

  Node Entity(int32_t m) const {
    const ResolvedName& r = names_[size_t(m)];
    if (r.name == r.own) return {r.name, std::string(r.type), {}, {}};
    return {r.name, std::string(r.type), r.own, r.rule};
  }

  // An argument as a node: the entity holding its head, else a proper name around the
  // head, else the head noun with its compound and adjective modifiers.
  Node Reduce(const ExtractedArg& a) const {
    if (a.head < 0) return {};
    uint32_t h = uint32_t(a.head);
    if (a.entity >= 0) return Entity(a.entity);
    // A pronoun or a description that coreference linked to an entity mention.
    if (const Reference* ref = coref_.Find(h); ref && ref->mention >= 0) {
      Node n = Entity(ref->mention);
      n.form = TextOf(ref->first, ref->last);
      n.rule = ref->rule;
      return n;
    }
    const Token& ht = doc_.tokens[h];
    if (ht.upos == "PRON" || ht.upos == "VERB" || ht.upos == "AUX" || ht.upos == "PUNCT" ||
        ht.upos == "DET" || ht.upos == "SCONJ" || ht.upos == "ADP")
      return {};
    // Modifiers directly before the head that belong to it.
    uint32_t b = h;
    while (b > 0) {
      const Token& t = doc_.tokens[b - 1];
      if (t.head != int32_t(h) && !(t.head == int32_t(b) && Base(t.deprel) == "compound")) break;
      sv r = Base(t.deprel);
      if (!(r == "compound" || r == "amod" || r == "flat" || (r == "nummod" && false))) break;
      if (t.upos == "VERB") break;
      --b;
    }
    uint32_t e = h + 1;
    while (e < doc_.tokens.size() && doc_.tokens[e].head == int32_t(h) &&
           Base(doc_.tokens[e].deprel) == "flat")
      ++e;
    // (a capitalised single word: the tagger may call a sentence-initial name a noun)
    if (b == h && e == h + 1 && ht.end > ht.begin && doc_.text[ht.begin] >= 'A' && doc_.text[ht.begin] <= 'Z') {
      auto it = surnames_.find(doc_.text.substr(ht.begin, ht.end - ht.begin));
      if (it != surnames_.end() && !it->second.empty())
        return {it->second, "PERSON", it->first, it->first == it->second ? sv() : sv("surname")};
    }
    std::string name;
    bool proper = ht.upos == "PROPN" || ht.upos == "NUM";
    for (uint32_t i = b; i < e; ++i) {
      const Token& t = doc_.tokens[i];
      if (!name.empty() && t.begin > doc_.tokens[i - 1].end) name += ' ';
      std::string w = doc_.text.substr(t.begin, t.end - t.begin);
      // Words keep their case ("Iraqi forces"), but for a capital that only starts the
      // sentence ("Forces ...").
      if (!proper && t.upos != "PROPN" && SentenceStart(i)) w = Lower(w);
      name += w;
    }
    return {name, "", {}, {}};
  }

  // For "the capital of France" / "the NATO Secretary General": the noun's relation to a
  // nominal modifier with a preposition, or to an entity among its modifiers.
  bool RelationalNoun(const ExtractedArg& a, std::string& relation, Node& target) const {
    if (a.head < 0) return false;
    uint32_t h = uint32_t(a.head);
    // A title written as a proper noun counts too (`the former Secretary General of NATO`).
    auto office = [&](uint32_t i) { return doc_.tokens[i].upos == "PROPN" && IsOfficeTitleWord(Lower(doc_.tokens[i].form)); };
    if (doc_.tokens[h].upos != "NOUN" && !office(h)) return false;
    for (uint32_t i : a.tokens) {
      const Token& t = doc_.tokens[i];
      if (t.head != int32_t(h) || i <= h || Base(t.deprel) != "nmod") continue;
      std::string prep;
      for (uint32_t j : a.tokens)
        if (doc_.tokens[j].head == int32_t(i) && Base(doc_.tokens[j].deprel) == "case") prep = Lower(doc_.tokens[j].form);
      if (prep.empty()) continue;
      ExtractedArg sub;
      sub.head = int32_t(i);
      sub.entity = EntityAt(i);
      target = Reduce(sub);
      if (target.empty()) return false;
      // The noun with its modifiers before it: "prime minister of", "former secretary general of".
      relation.clear();
      for (uint32_t j : a.tokens) {
        if (j > h) break;
        const Token& m = doc_.tokens[j];
        bool part = j == h || (m.head == int32_t(h) && (Base(m.deprel) == "compound" || Base(m.deprel) == "amod" ||
                                                        m.deprel == "nmod:desc"));
        if (!part || (m.upos == "PROPN" && !office(j))) continue;
        if (!relation.empty()) relation += ' ';
        relation += Lower(j == h && !m.lemma.empty() ? sv(m.lemma) : sv(m.form));
      }
      relation += " " + prep;
      return true;
    }
    return false;
  }

  // Title words before a name: the organisation or country among them and the title.
  bool Role(const ExtractedArg& a, std::string& relation, Node& target) const {
    std::string title, acronym;
    int32_t org = -1;
    for (uint32_t i : a.tokens) {
      int32_t m = EntityAt(i);
      if (m >= 0) {
        sv ty = doc_.entities[size_t(m)].type;
        if (ty == "ORG" || ty == "GPE" || ty == "NORP" || ty == "FAC") {
          org = m;
          continue;
        }
      }
      const Token& t = doc_.tokens[i];
      if (t.upos == "PUNCT" || t.upos == "DET") continue;
      // An acronym before the title words names the organisation or country even when the
      // recogniser put it inside the person's mention ("NATO Secretary General ...").
      std::string form = doc_.text.substr(t.begin, t.end - t.begin);
      if (org < 0 && acronym.empty() && title.empty() && t.upos == "PROPN" && IsAcronym(form)) {
        acronym = form;
        continue;
      }
      if (!title.empty()) title += ' ';
      // Title words in lower case ("prime minister"), other words as written ("Finnish").
      std::string w = doc_.text.substr(t.begin, t.end - t.begin);
      title += (t.upos == "NOUN" || IsPersonTitleWord(Lower(w))) ? Lower(w) : w;
    }
    if (title.empty()) return false;
    // A demonym names the country whose office the title is ("Finnish Foreign Minister",
    // "Jordanian Water Minister" -> foreign minister of Finland, water minister of Jordan),
    // whether or not the recogniser tagged it NORP (docs/merging.md, demonyms).
    auto country = [](std::string_view demonym) { return DemonymCountry(CanonicalKey(demonym)); };
    if (org >= 0 && doc_.entities[size_t(org)].type == "NORP") {
      Node n = Entity(org);
      if (sv c = country(n.name); !c.empty()) {
        relation = title + " of";
        target = {std::string(c), "GPE", n.name, "demonym"};
        return true;
      }
    }
    if (org < 0 && acronym.empty()) {
      size_t sp = title.find(' ');
      if (sp != std::string::npos && title[0] >= 'A' && title[0] <= 'Z') {
        std::string word = title.substr(0, sp);
        if (sv c = country(word); !c.empty()) {
          relation = title.substr(sp + 1) + " of";
          target = {std::string(c), "GPE", word, "demonym"};
          return true;
        }
      }
    }
    if (org >= 0) {
      relation = title + " of";
      target = Entity(org);
    } else if (!acronym.empty()) {
      relation = title + " of";
      target = {acronym, "", {}, {}};  // untyped: joins the typed entity of that name (graph.h)
    } else {
      relation = "be";
      target = {title, "", {}, {}};
    }
    return !target.empty();
  }

 private:
  // The mention holding token i, or -1 (mentions are sorted and do not overlap).
  int32_t EntityAt(uint32_t i) const {
    auto it = std::upper_bound(doc_.entities.begin(), doc_.entities.end(), i,
                               [](uint32_t x, const EntityMention& m) { return x < m.first; });
    if (it == doc_.entities.begin() || i >= (it - 1)->last) return -1;
    return int32_t(it - 1 - doc_.entities.begin());
  }

  bool SentenceStart(uint32_t i) const {
    auto it = std::lower_bound(doc_.sentences.begin(), doc_.sentences.end(), i,
                               [](const Sentence& s, uint32_t x) { return s.first < x; });
    return it != doc_.sentences.end() && it->first == i;
  }

  std::string TextOf(uint32_t first, uint32_t last) const {
    std::string out;
    for (uint32_t i = first; i < last && i < doc_.tokens.size(); ++i) {
      const Token& t = doc_.tokens[i];
      if (i > first && t.begin > doc_.tokens[i - 1].end) out += ' ';
      out.append(doc_.text, t.begin, t.end - t.begin);
    }
    return out;
  }

  const Document& doc_;
  Coreference coref_;
  const std::vector<ResolvedName>& names_;
  std::map<std::string, std::string> surnames_;  // "" when two people share it
};

}  // namespace

uint32_t PersonNameStart(const Document& doc, const EntityMention& m) {
  const uint32_t start = nlp::NameStart(doc, m);
  return start == m.last ? m.first : start;
}

std::vector<GraphTriple> ToGraphTriples(const Document& doc, const std::vector<Extraction>& xs) {
  Reducer r(doc);
  std::vector<GraphTriple> out;
  for (size_t x = 0; x < xs.size(); ++x) {
    const Extraction& e = xs[x];
    if (e.object.empty()) continue;
    Node subj = r.Reduce(e.subject), obj;
    std::string relation = e.relation;
    if (e.kind == "role") {
      if (!r.Role(e.object, relation, obj)) continue;
    } else if ((e.kind == "copula" || e.kind == "apposition") && r.RelationalNoun(e.object, relation, obj)) {
      // relation and object set
    } else {
      obj = r.Reduce(e.object);
    }
    if (e.kind == "possessive" && (e.subject.entity < 0 || e.object.entity < 0)) continue;
    // "North Atlantic Treaty Organization (NATO)": a name given in brackets is another name
    // of the same thing (entity resolution's business), not a relation.
    if (e.kind == "apposition" && !e.object.tokens.empty() && e.object.tokens[0] > 0) {
      const std::string& before = doc.tokens[e.object.tokens[0] - 1].form;
      if (before == "(" || before == "[") continue;
    }
    if (subj.empty() || obj.empty() || relation.empty()) continue;
    bool swap = e.passive && e.relation.find("be ") != 0 && e.relation_text.find(" by") != std::string::npos;
    GraphTriple g;
    if (swap) std::swap(subj, obj);
    g.subject = std::move(subj.name);
    g.subject_type = std::move(subj.type);
    g.subject_form = std::move(subj.form);
    g.subject_rule = subj.rule;
    g.object = std::move(obj.name);
    g.object_type = std::move(obj.type);
    g.object_form = std::move(obj.form);
    g.object_rule = obj.rule;
    if (g.subject == g.object) continue;
    g.relation = e.negated ? "not " + relation : relation;
    g.sentence = e.sentence;
    g.char_begin = e.char_begin;
    g.char_end = e.char_end;
    g.confidence = e.confidence;
    g.negated = e.negated;
    g.hedged = e.hedged;
    g.kind = e.kind;
    g.extraction = uint32_t(x);
    if (!e.speaker.empty()) g.speaker = r.Reduce(e.speaker).name;
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace relata
