// Pronouns and definite descriptions that refer to an entity mention of the same document
// (include/relata/extract.h, docs/coreference.md). A small rule set, precision first: a
// reference is linked only when one antecedent clearly wins; otherwise it stays unresolved.
#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "extract/lexicon.h"
#include "relata/extract.h"

namespace relata {
namespace {

using sv = std::string_view;

// ---- word lists ----------------------------------------------------------------------------

enum class Pron { kNone, kMasc, kFem, kNeuter, kPlural, kFirstSing, kFirstPlural };

struct PronWord {
  sv word;
  Pron kind;
  bool possessive, reflexive;
};

constexpr std::array<PronWord, 26> kPronouns{{
    {"he", Pron::kMasc, false, false},       {"him", Pron::kMasc, false, false},
    {"his", Pron::kMasc, true, false},       {"himself", Pron::kMasc, false, true},
    {"she", Pron::kFem, false, false},       {"her", Pron::kFem, false, false},
    {"hers", Pron::kFem, true, false},       {"herself", Pron::kFem, false, true},
    {"it", Pron::kNeuter, false, false},     {"its", Pron::kNeuter, true, false},
    {"itself", Pron::kNeuter, false, true},  {"they", Pron::kPlural, false, false},
    {"them", Pron::kPlural, false, false},   {"their", Pron::kPlural, true, false},
    {"theirs", Pron::kPlural, true, false},  {"themselves", Pron::kPlural, false, true},
    {"i", Pron::kFirstSing, false, false},   {"me", Pron::kFirstSing, false, false},
    {"my", Pron::kFirstSing, true, false},   {"mine", Pron::kFirstSing, true, false},
    {"myself", Pron::kFirstSing, false, true}, {"we", Pron::kFirstPlural, false, false},
    {"us", Pron::kFirstPlural, false, false}, {"our", Pron::kFirstPlural, true, false},
    {"ours", Pron::kFirstPlural, true, false}, {"ourselves", Pron::kFirstPlural, false, true},
}};

const PronWord* FindPronoun(sv lower) {
  for (const PronWord& p : kPronouns)
    if (p.word == lower) return &p;
  return nullptr;
}

// Forms of address and ranks that tell a person's gender (1 male, 2 female).
int TitleGender(std::string w) {
  if (!w.empty() && w.back() == '.') w.pop_back();
  static const std::array<sv, 12> kMale{"mr", "sir", "lord", "king", "prince", "duke",
                                        "emperor", "baron", "earl", "sultan", "monsieur", "herr"};
  static const std::array<sv, 14> kFemale{"mrs", "ms", "miss", "madam", "lady", "dame", "queen",
                                          "princess", "duchess", "empress", "baroness", "countess",
                                          "madame", "spokeswoman"};
  if (std::find(kMale.begin(), kMale.end(), w) != kMale.end()) return 1;
  if (std::find(kFemale.begin(), kFemale.end(), w) != kFemale.end()) return 2;
  if (w == "spokesman" || w == "chairman") return 1;
  if (w == "chairwoman") return 2;
  return 0;
}

// Given names of the 1990 US census lists that Debian's libtext-names-perl ships
// (/usr/share/perl5/Text/Names.pm, the same lists the recogniser's gazetteer is built from when
// training, src/train/train_ner.cpp): "NAME freq cumulative rank" records in here-documents.
// Read once; a name in both lists tells nothing. Without the package, gender comes from titles
// and earlier pronouns only.
struct GivenNames {
  std::unordered_set<std::string> male, female;
};

const GivenNames& CensusGivenNames() {
  static const GivenNames names = [] {
    GivenNames g;
    std::ifstream in("/usr/share/perl5/Text/Names.pm", std::ios::binary);
    if (!in) return g;
    std::string text((std::istreambuf_iterator<char>(in)), {});
    auto block = [&](const std::string& var, std::unordered_set<std::string>& out) {
      size_t a = text.find("$" + var + " = <<ENDNAMES;");
      if (a == std::string::npos) return;
      a = text.find('\n', a);
      size_t b = a == std::string::npos ? a : text.find("\nENDNAMES", a);
      if (b == std::string::npos) return;
      std::istringstream words(text.substr(a + 1, b - a - 1));
      std::string w;
      while (words >> w)
        if (w.size() > 1 && std::all_of(w.begin(), w.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
          out.insert(w);
    };
    block("COMMON_MALE_FIRSTNAMES", g.male);
    block("COMMON_FEMALE_FIRSTNAMES", g.female);
    return g;
  }();
  return names;
}

int GivenNameGender(sv word) {
  std::string up(word);
  for (char& c : up)
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
  const GivenNames& g = CensusGivenNames();
  bool m = g.male.count(up) > 0, f = g.female.count(up) > 0;
  return m == f ? 0 : m ? 1 : 2;
}

// Whether a name ends in the (lower-case) word, in any case: "Jordan Valley Authority".
bool NameEndsWith(sv name, sv word) {
  size_t sp = name.rfind(' ');
  return sp != sv::npos && AsciiLower(name.substr(sp + 1)) == word;
}

// Nouns that name the type of an entity: "the company" may stand for the one ORG of the text.
struct TypeNoun {
  sv noun, type;
};
constexpr std::array<TypeNoun, 51> kTypeNouns{{
    {"agency", "ORG"},      {"alliance", "ORG"},    {"association", "ORG"},  {"bank", "ORG"},
    {"bloc", "ORG"},        {"coalition", "ORG"},   {"company", "ORG"},      {"corporation", "ORG"},
    {"firm", "ORG"},        {"institute", "ORG"},   {"league", "ORG"},       {"manufacturer", "ORG"},
    {"ministry", "ORG"},    {"organisation", "ORG"}, {"organization", "ORG"}, {"party", "ORG"},
    {"union", "ORG"},       {"university", "ORG"},  {"airline", "ORG"},      {"automaker", "ORG"},
    {"broadcaster", "ORG"}, {"carmaker", "ORG"},    {"insurer", "ORG"},      {"retailer", "ORG"},
    {"militia", "ORG"},     {"newspaper", "ORG"},   {"country", "GPE"},      {"nation", "GPE"},
    {"city", "GPE"},        {"kingdom", "GPE"},     {"republic", "GPE"},
    {"province", "GPE"},    {"capital", "GPE"},     {"airport", "FAC"},      {"stadium", "FAC"},
    {"bridge", "FAC"},      {"station", "FAC"},     {"hospital", "FAC"},     {"prison", "FAC"},
    {"spacecraft", "PRODUCT"}, {"rocket", "PRODUCT"}, {"satellite", "PRODUCT"}, {"vaccine", "PRODUCT"},
    {"election", "EVENT"},  {"summit", "EVENT"},    {"war", "EVENT"},        {"festival", "EVENT"},
    {"river", "LOC"},       {"island", "LOC"},      {"region", "LOC"},       {"continent", "LOC"},
}};

sv TypeOfNoun(sv noun) {
  for (const TypeNoun& t : kTypeNouns)
    if (t.noun == noun) return t.type;
  return {};
}

bool IsQuote(sv f) {
  return f == "\"" || f == "``" || f == "''" || f == "\xE2\x80\x9C" || f == "\xE2\x80\x9D" ||
         f == "\xC2\xAB" || f == "\xC2\xBB";
}
bool IsOpeningQuote(sv f) { return f == "``" || f == "\xE2\x80\x9C" || f == "\xC2\xAB"; }
bool IsClosingQuote(sv f) { return f == "''" || f == "\xE2\x80\x9D" || f == "\xC2\xBB"; }

// Syntactic role of an antecedent, for salience.
enum Role { kOther = 0, kObject = 1, kSubject = 2 };

// Salience of a candidate: recency by sentence (100, 50, 25) and role (subject 80, object 40).
// A winner must lead the next candidate by kMargin, or the pronoun stays unresolved.
constexpr int kRecency[3] = {100, 50, 25};
constexpr int kRoleBonus[3] = {0, 40, 80};
constexpr int kMargin = 30;
constexpr uint32_t kPronounWindow = 2;      // sentences before the pronoun's
constexpr uint32_t kDescriptionWindow = 3;  // for a type noun

// One place where an entity is mentioned: an entity mention, or a reference already resolved.
struct Occurrence {
  uint32_t head = 0, sentence = 0;
  int32_t mention = -1;  // the entity mention it is or stands for
  int32_t entity = -1;   // id of the resolved (name, type)
  Role role = kOther;
};

class Resolver {
 public:
  explicit Resolver(const Document& doc) : doc_(doc) {}

  Coreference Run() {
    Coreference out;
    out.names = ResolveNames(doc_);
    names_ = &out.names;
    if (doc_.sentences.empty()) return out;  // nothing to read a window from
    Index();
    Descriptions(out.references);
    Quotes();
    Pronouns(out.references);
    std::sort(out.references.begin(), out.references.end(),
              [](const Reference& a, const Reference& b) { return a.head < b.head; });
    return out;
  }

 private:
  const Token& tok(uint32_t i) const { return doc_.tokens[i]; }
  // The head of token i, -1 for a root or a head out of the document (a malformed tree).
  int32_t Head(uint32_t i) const {
    int32_t h = doc_.tokens[i].head;
    return h >= 0 && size_t(h) < doc_.tokens.size() ? h : -1;
  }
  std::string Lower(uint32_t i) const { return AsciiLower(tok(i).form); }

  void Index() {
    const size_t n = doc_.tokens.size();
    sentence_.assign(n, 0);
    for (uint32_t s = 0; s < doc_.sentences.size(); ++s)
      for (uint32_t i = doc_.sentences[s].first; i < doc_.sentences[s].last && i < n; ++i) sentence_[i] = s;
    mention_at_.assign(n, -1);
    described_.assign(n, 0);
    children_.assign(n, {});
    for (uint32_t i = 0; i < n; ++i)
      if (tok(i).head >= 0 && size_t(tok(i).head) < n) children_[size_t(tok(i).head)].push_back(i);
    const auto& ents = doc_.entities;
    heads_.assign(ents.size(), 0);
    named_.assign(ents.size(), 0);
    entity_.assign(ents.size(), -1);
    std::map<std::string, int32_t> ids;
    for (size_t m = 0; m < ents.size(); ++m) {
      const EntityMention& e = ents[m];
      if (e.first >= e.last || e.last > n) continue;
      for (uint32_t i = e.first; i < e.last; ++i) mention_at_[i] = int32_t(m);
      uint32_t h = e.last - 1;
      for (uint32_t i = e.first; i < e.last; ++i) {
        int32_t hd = tok(i).head;
        if (hd < int32_t(e.first) || hd >= int32_t(e.last)) {
          h = i;
          break;
        }
      }
      heads_[m] = h;
      // A mention that names no one ("Secretary", a mis-tagged word) is no antecedent.
      for (uint32_t i = PersonNameStart(doc_, e); i < e.last; ++i)
        if (tok(i).upos == "PROPN" && !IsPersonTitleWord(Lower(i))) named_[m] = 1;
      const ResolvedName& r = (*names_)[m];
      auto [it, added] = ids.emplace(r.name + '\t' + std::string(r.type), int32_t(types_.size()));
      if (added) {
        types_.push_back(r.type);
        gender_.push_back(0);
      }
      entity_[m] = it->second;
      if (r.type == "PERSON") Gender(m, it->second);
      sv rel = BaseRelation(tok(h).deprel);
      if (rel == "amod" || rel == "compound") continue;  // a modifier is no discourse referent
      occurrences_.push_back({h, sentence_[h], int32_t(m), it->second, RoleOf(h)});
    }
  }

  // Gender of a person from a form of address or rank in or just before the mention, or from
  // the given name; disagreeing evidence leaves it unknown (3).
  void Gender(size_t m, int32_t entity) {
    const EntityMention& e = doc_.entities[m];
    int g = 0;
    uint32_t start = PersonNameStart(doc_, e);
    for (uint32_t i = e.first > 0 ? e.first - 1 : 0; i < start; ++i) g |= TitleGender(Lower(i));
    if (start + 1 < e.last) g |= GivenNameGender(tok(start).form);
    if (g) gender_[size_t(entity)] |= g;
  }

  Role RoleOf(uint32_t h) const {
    sv rel = BaseRelation(tok(h).deprel);
    if (rel == "conj" && Head(h) >= 0) rel = BaseRelation(tok(uint32_t(Head(h))).deprel);
    if (rel == "nsubj") return kSubject;
    if (rel == "obj" || rel == "iobj") return kObject;
    return kOther;
  }

  // A noun with "the" or a possessive before it ("the alliance", "NATO's chief").
  bool Definite(uint32_t n) const {
    for (uint32_t c : children_[n]) {
      if (c > n) continue;
      if (tok(c).deprel == "nmod:poss" || (BaseRelation(tok(c).deprel) == "det" && Lower(c) == "the")) return true;
    }
    return false;
  }

  bool HasChild(uint32_t h, sv rel) const {
    for (uint32_t c : children_[h])
      if (tok(c).deprel == rel || BaseRelation(tok(c).deprel) == rel) return true;
    return false;
  }

  // ---- definite descriptions ----

  void Descriptions(std::vector<Reference>& refs) {
    // Nouns that an apposition, a copula or a person's title established for an entity.
    struct Established {
      int32_t mention = -1, entity = -1;
      uint32_t at = 0;
      sv basis;
      bool ambiguous = false;
    };
    std::map<std::string, Established> est;
    auto establish = [&](uint32_t noun, size_t m, uint32_t at, sv basis) {
      std::string lemma = AsciiLower(tok(noun).lemma.empty() ? sv(tok(noun).form) : sv(tok(noun).lemma));
      auto [it, added] = est.emplace(lemma, Established{int32_t(m), entity_[m], at, basis});
      if (!added && it->second.entity != entity_[m]) it->second.ambiguous = true;
    };
    for (size_t m = 0; m < doc_.entities.size(); ++m) {
      if (entity_[m] < 0) continue;
      uint32_t h = heads_[m];
      // "NATO, the alliance, ..." and "the alliance, NATO, ..."
      // (only a definite noun phrase names the same thing: "Norton, a citizen" is a class)
      for (uint32_t c : children_[h])
        if (BaseRelation(tok(c).deprel) == "appos" && tok(c).upos == "NOUN" && mention_at_[c] < 0 && Definite(c))
          establish(c, m, c, "apposition");
      if (BaseRelation(tok(h).deprel) == "appos" && Head(h) >= 0) {
        uint32_t n = uint32_t(Head(h));
        if (tok(n).upos == "NOUN" && mention_at_[n] < 0 && Definite(n)) establish(n, m, h, "apposition");
      }
      // "NASA is the agency that ..."
      if (BaseRelation(tok(h).deprel) == "nsubj" && Head(h) >= 0) {
        uint32_t n = uint32_t(Head(h));
        if (tok(n).upos == "NOUN" && mention_at_[n] < 0 && HasChild(n, "cop") && Definite(n))
          establish(n, m, n, "copula");
      }
      // "President Donald Trump ... the president"
      const EntityMention& e = doc_.entities[m];
      uint32_t start = PersonNameStart(doc_, e);
      if (e.type == "PERSON" && start > e.first && IsTitleWord(Lower(start - 1)))
        establish(start - 1, m, start - 1, "title");
    }
    for (uint32_t n = 0; n < doc_.tokens.size(); ++n) {
      const Token& t = tok(n);
      if (t.upos != "NOUN" || mention_at_[n] >= 0 || (!t.xpos.empty() && t.xpos != "NN")) continue;
      if (t.form.empty() || !(t.form[0] >= 'a' && t.form[0] <= 'z')) continue;  // "the Union": a name
      sv rel = BaseRelation(t.deprel);
      if (rel == "compound" || rel == "appos" || rel == "amod") continue;
      bool definite = false, plain = true;
      uint32_t first = n;
      for (uint32_t c : children_[n]) {
        sv cr = BaseRelation(tok(c).deprel);
        if (cr == "det" && c < n) {
          definite = Lower(c) == "the";
          first = std::min(first, c);
        } else if (cr == "amod" && c < n) {
          first = std::min(first, c);
        } else if (cr == "nmod" || cr == "acl" || cr == "nummod" || cr == "appos" || cr == "compound" ||
                   cr == "cop" || cr == "nsubj") {
          plain = false;  // "the agency of ...", "the company that ...": a new thing, or a copula
        }
      }
      if (!definite || !plain) continue;
      std::string lemma = AsciiLower(t.lemma.empty() ? sv(t.form) : sv(t.lemma));
      Reference r{first, n + 1, n, -1, "description", {}};
      auto it = est.find(lemma);
      if (it != est.end()) {
        if (it->second.ambiguous || it->second.at >= first) continue;
        r.mention = it->second.mention;
        r.basis = it->second.basis;
      } else {
        // "the authority" for the one recent name that ends in that noun ("Jordan Valley
        // Authority"), else "the company" for the one recent ORG.
        uint32_t s = sentence_[n], lo = doc_.sentences[s >= kDescriptionWindow ? s - kDescriptionWindow : 0].first;
        sv type = TypeOfNoun(lemma);
        for (int rule = 0; rule < 2 && r.mention < 0; ++rule) {
          if (rule == 1 && type.empty()) break;
          int32_t found = -1, found_entity = -1;
          bool two = false;
          for (size_t m = 0; m < doc_.entities.size(); ++m) {
            const EntityMention& e = doc_.entities[m];
            if (e.first < lo || e.last > first || entity_[m] < 0) continue;
            const ResolvedName& name = (*names_)[m];
            if (rule == 1 ? name.type != type : (name.type == "PERSON" || !NameEndsWith(name.own, lemma))) continue;
            if (found_entity >= 0 && found_entity != entity_[m]) two = true;
            found = int32_t(m);
            found_entity = entity_[m];
          }
          if (found >= 0 && !two) {
            r.mention = found;
            r.basis = rule == 0 ? "name noun" : "type noun";
          }
        }
        if (r.mention < 0) continue;
      }
      refs.push_back(r);
      described_[n] = 1;
      occurrences_.push_back({n, sentence_[n], r.mention, entity_[size_t(r.mention)], RoleOf(n)});
    }
    std::sort(occurrences_.begin(), occurrences_.end(),
              [](const Occurrence& a, const Occurrence& b) { return a.head < b.head; });
  }

  // ---- quotes and their speakers ----

  struct Quote {
    uint32_t open = 0, close = 0;  // the quote marks
    int32_t speaker = -1;          // token of the speaker (the subject of a speech verb)
  };

  void Quotes() {
    std::vector<uint32_t> marks;
    for (uint32_t i = 0; i < doc_.tokens.size(); ++i)
      if (IsQuote(tok(i).form)) marks.push_back(i);
    for (size_t k = 0; k + 1 < marks.size();) {
      uint32_t a = marks[k], b = marks[k + 1];
      // Curly quotes tell their direction: a closing one cannot open.
      if (IsClosingQuote(tok(a).form) || IsOpeningQuote(tok(b).form) ||
          sentence_[b] > sentence_[a] + 4) {
        ++k;
        continue;
      }
      Quote q{a, b, -1};
      // The speaker: the subject of a speech verb outside the quote, in the sentences that the
      // quote begins or ends in; two different ones leave it unknown.
      uint32_t s0 = sentence_[a], s1 = sentence_[b];
      uint32_t lo = doc_.sentences[s0].first;
      uint32_t hi = std::min<uint32_t>(doc_.sentences[s1].last, uint32_t(doc_.tokens.size()));
      bool two = false;
      for (uint32_t v = lo; v < hi; ++v) {
        if (v > a && v < b) continue;
        if (!(tok(v).upos == "VERB" && IsSpeechVerb(AsciiLower(tok(v).lemma)))) continue;
        for (uint32_t c : children_[v]) {
          if (BaseRelation(tok(c).deprel) != "nsubj" || (c > a && c < b)) continue;
          if (q.speaker >= 0 && q.speaker != int32_t(c)) two = true;
          q.speaker = int32_t(c);
        }
      }
      if (two) q.speaker = -1;
      quotes_.push_back(q);
      k += 2;
    }
  }

  const Quote* QuoteAround(uint32_t i) const {
    for (const Quote& q : quotes_)
      if (q.open < i && i < q.close) return &q;
    return nullptr;
  }

  // The entity a token names: its mention, or the antecedent of a resolved pronoun there.
  int32_t MentionOf(uint32_t i, const std::vector<Reference>& refs) const {
    if (mention_at_[i] >= 0) return mention_at_[i];
    for (const Reference& r : refs)
      if (r.head == i) return r.mention;
    return -1;
  }

  // ---- pronouns ----

  bool Compatible(Pron kind, int32_t entity) const {
    sv type = types_[size_t(entity)];
    int g = gender_[size_t(entity)];
    switch (kind) {
      case Pron::kMasc: return type == "PERSON" && g != 2;
      case Pron::kFem: return type == "PERSON" && g != 1;
      case Pron::kNeuter:
        return type == "ORG" || type == "GPE" || type == "FAC" || type == "LOC" || type == "PRODUCT" ||
               type == "EVENT";
      case Pron::kPlural: return type == "ORG" || type == "NORP";
      default: return false;
    }
  }

  // "It is clear that ...", "it takes time to ...": no referent.
  bool Expletive(uint32_t p) const {
    if (BaseRelation(tok(p).deprel) == "expl") return true;
    if (BaseRelation(tok(p).deprel) != "nsubj" || Head(p) < 0) return false;
    uint32_t h = uint32_t(Head(p));
    bool predicate = tok(h).upos == "ADJ" || HasChild(h, "cop") || AsciiLower(tok(h).lemma) == "seem" ||
                     AsciiLower(tok(h).lemma) == "take";
    if (!predicate) return false;
    for (uint32_t c : children_[h]) {
      sv cr = BaseRelation(tok(c).deprel);
      if (c > p && (cr == "ccomp" || cr == "csubj" || cr == "xcomp" || cr == "advcl")) return true;
    }
    return false;
  }

  // Third-person pronouns first, in text order; then first-person ones in quotes, whose
  // speaker may be a pronoun after the quote ("'We will,' he said").
  void Pronouns(std::vector<Reference>& refs) {
    std::vector<Occurrence> resolved;  // pronouns resolved so far, in order
    std::vector<std::pair<uint32_t, Pron>> unresolved;  // third-person ones left unresolved
    for (int pass = 0; pass < 2; ++pass)
    for (uint32_t p = 0; p < doc_.tokens.size(); ++p) {
      const Token& t = tok(p);
      if (t.upos != "PRON" || mention_at_[p] >= 0) continue;
      const PronWord* pw = FindPronoun(Lower(p));
      if (!pw) continue;
      bool first_person = pw->kind == Pron::kFirstSing || pw->kind == Pron::kFirstPlural;
      if (first_person != (pass == 1)) continue;
      Reference r{p, p + 1, p, -1, "pronoun", {}};
      const Quote* q = QuoteAround(p);
      if (first_person) {
        if (!q) continue;  // "I" outside a quote: the author, not an entity of the text
        Speaker(*pw, *q, r, refs);
      } else if (pw->kind == Pron::kNeuter && Expletive(p)) {
        r.basis = "expletive";
      } else {
        int32_t avoid = -1;  // a speaker does not speak of himself in the third person
        if (q && q->speaker >= 0) {
          int32_t sm = MentionOf(uint32_t(q->speaker), refs);
          if (sm >= 0) avoid = entity_[size_t(sm)];
        }
        Antecedent(p, *pw, avoid, resolved, unresolved, r);
        if (r.mention < 0) unresolved.emplace_back(p, pw->kind);
        if (r.mention >= 0) {
          int32_t e = entity_[size_t(r.mention)];
          resolved.push_back({p, sentence_[p], r.mention, e, RoleOf(p)});
          // What a resolved he/she says about the person's gender holds for later pronouns.
          if (gender_[size_t(e)] == 0 && (pw->kind == Pron::kMasc || pw->kind == Pron::kFem))
            gender_[size_t(e)] = pw->kind == Pron::kMasc ? 1 : 2;
        }
      }
      refs.push_back(r);
    }
  }

  void Speaker(const PronWord& pw, const Quote& q, Reference& r, const std::vector<Reference>& refs) const {
    int32_t sm = q.speaker >= 0 ? MentionOf(uint32_t(q.speaker), refs) : -1;
    if (sm < 0) {
      r.basis = "no speaker";
      return;
    }
    sv type = (*names_)[size_t(sm)].type;
    if (pw.kind == Pron::kFirstSing) {
      if (type == "PERSON") r.mention = sm, r.basis = "speaker";
      else r.basis = "no speaker";
      return;
    }
    if (type == "ORG" || type == "GPE" || type == "NORP") {
      r.mention = sm;
      r.basis = "speaker";
      return;
    }
    if (type != "PERSON") {
      r.basis = "no speaker";
      return;
    }
    // "we" of a person: the one organisation or country named in the speaker's title ("NATO
    // chief Jens Stoltenberg") or apposition ("Stoltenberg, NATO's secretary general, said").
    const EntityMention& s = doc_.entities[size_t(sm)];
    int32_t org = -1;
    bool two = false;
    auto consider = [&](int32_t m) {
      if (m < 0 || m == sm) return;
      sv ty = (*names_)[size_t(m)].type;
      if (ty != "ORG" && ty != "GPE") return;
      if (org >= 0 && entity_[size_t(org)] != entity_[size_t(m)]) two = true;
      org = m;
    };
    for (uint32_t i = s.first; i > 0 && s.first - i < 4; --i) {  // title words before the name
      uint32_t j = i - 1;
      if (mention_at_[j] >= 0) {
        consider(mention_at_[j]);
        break;
      }
      if (!IsPersonTitleWord(Lower(j))) break;
    }
    uint32_t h = heads_[size_t(sm)];
    for (uint32_t c : children_[h]) {
      if (BaseRelation(tok(c).deprel) != "appos") continue;
      for (uint32_t d : children_[c]) consider(mention_at_[d]);
      consider(mention_at_[c]);
    }
    if (org >= 0 && !two) {
      r.mention = org;
      r.basis = "speaker's organisation";
    } else {
      r.basis = "no speaker";
    }
  }

  void Antecedent(uint32_t p, const PronWord& pw, int32_t avoid, const std::vector<Occurrence>& resolved,
                  const std::vector<std::pair<uint32_t, Pron>>& unresolved, Reference& r) const {
    uint32_t s = sentence_[p];
    uint32_t lo_s = s >= kPronounWindow ? s - kPronounWindow : 0;
    uint32_t lo = doc_.sentences[lo_s].first;
    // Pronoun as object of a verb whose subject is the candidate: "Trump praised him" (binding).
    int32_t p_head = Head(p);
    bool bound_free = !pw.possessive && !pw.reflexive && BaseRelation(tok(p).deprel) != "nsubj" &&
                      BaseRelation(tok(p).deprel) != "nmod";
    struct Best {
      int score;
      int32_t mention;
      uint32_t head;
    };
    std::map<int32_t, Best> score;  // entity -> its best occurrence
    auto add = [&](const Occurrence& o) {
      if (o.head >= p || o.head < lo || o.entity < 0) return;
      if (o.entity == avoid || !Compatible(pw.kind, o.entity)) return;
      if (bound_free && o.role == kSubject && o.sentence == s) {
        // ... nor of a verb whose subject controls it ("ESA planned to launch it").
        for (int32_t v = p_head, k = 0; v >= 0 && k < 4; v = Head(uint32_t(v)), ++k) {
          if (Head(o.head) == v) return;
          if (BaseRelation(tok(uint32_t(v)).deprel) != "xcomp") break;
        }
      }
      // "it" (not "its") and "they" reach back one sentence, and there only to its subject.
      if ((pw.kind == Pron::kPlural || (pw.kind == Pron::kNeuter && !pw.possessive)) &&
          (s - o.sentence > 1 || (s != o.sentence && o.role != kSubject)))
        return;
      if (o.mention >= 0 && !named_[size_t(o.mention)]) return;
      int sc = kRecency[std::min<uint32_t>(s - o.sentence, 2)] + kRoleBonus[o.role];
      auto [it, added] = score.emplace(o.entity, Best{sc, o.mention, o.head});
      if (!added && sc >= it->second.score) it->second = {sc, o.mention, o.head};
    };
    auto from = [&](const std::vector<Occurrence>& v) {
      auto it = std::lower_bound(v.begin(), v.end(), lo, [](const Occurrence& o, uint32_t x) { return o.head < x; });
      for (; it != v.end() && it->head < p; ++it) add(*it);
    };
    from(occurrences_);
    from(resolved);
    // Common nouns that could be the antecedent instead: singular ones for "it", plural ones
    // and people for "they" (an unnamed antecedent outranks or ties: unresolved).
    int rival = -1;
    if (pw.kind == Pron::kNeuter || pw.kind == Pron::kPlural) {
      for (uint32_t i = lo; i < p; ++i) {
        const Token& t = tok(i);
        bool plural = t.xpos == "NNS" || t.xpos == "NNPS";
        bool fits = false;
        if (mention_at_[i] < 0 && t.upos == "NOUN") fits = pw.kind == Pron::kNeuter ? !plural : plural;
        if (pw.kind == Pron::kPlural && mention_at_[i] >= 0 && heads_[size_t(mention_at_[i])] == i &&
            (*names_)[size_t(mention_at_[i])].type == "PERSON")
          fits = true;
        uint32_t d = s - sentence_[i];
        if ((pw.kind == Pron::kPlural || !pw.possessive) && (d > 1 || (d == 1 && RoleOf(i) != kSubject)))
          continue;  // the same reach as the entity candidates
        sv rel = BaseRelation(t.deprel);
        if (!fits || !(rel == "nsubj" || rel == "obj" || rel == "iobj" || rel == "obl" || rel == "nmod" ||
                       rel == "conj" || rel == "appos" || rel == "root"))
          continue;
        if (described_[i]) continue;  // a description linked to an entity counts as that entity
        int sc = kRecency[std::min<uint32_t>(s - sentence_[i], 2)] + kRoleBonus[RoleOf(i)];
        rival = std::max(rival, sc);
      }
    }
    int best = -1, second = -1;
    int32_t best_mention = -1;
    uint32_t best_head = 0;
    for (const auto& [e, v] : score) {
      if (v.score > best) {
        second = best;
        best = v.score;
        best_mention = v.mention;
        best_head = v.head;
      } else if (v.score > second) {
        second = v.score;
      }
    }
    if (best < 0) {
      r.basis = "no antecedent";
      return;
    }
    if (rival >= 0 && rival + kMargin > best) {
      r.basis = "common noun";
      return;
    }
    if (second >= 0 && second + kMargin > best) {
      r.basis = "ambiguous";
      return;
    }
    // A pronoun of the same kind left unresolved in between, or in this sentence or the one
    // before, is the likelier antecedent (the text goes on about what it could not name).
    for (const auto& [u, kind] : unresolved)
      if (kind == pw.kind && u < p && (u > best_head || sentence_[u] + 1 >= s)) {
        r.basis = "after an unresolved pronoun";
        return;
      }
    r.mention = best_mention;
    r.basis = "nearest";
  }

  const Document& doc_;
  const std::vector<ResolvedName>* names_ = nullptr;
  std::vector<uint32_t> sentence_;
  std::vector<int32_t> mention_at_;
  std::vector<char> described_;  // per token: the noun of a resolved description
  std::vector<std::vector<uint32_t>> children_;
  std::vector<uint32_t> heads_;
  std::vector<char> named_;      // per mention: has a proper noun that is not a title word
  std::vector<int32_t> entity_;  // per mention: id of its resolved (name, type)
  std::vector<sv> types_;        // per entity id
  std::vector<int> gender_;      // per entity id: 0 unknown, 1 male, 2 female, 3 both (unknown)
  std::vector<Occurrence> occurrences_;  // entity mentions and resolved descriptions, by head
  std::vector<Quote> quotes_;
};

}  // namespace

const Reference* Coreference::Find(uint32_t head) const {
  auto it = std::lower_bound(references.begin(), references.end(), head,
                             [](const Reference& r, uint32_t x) { return r.head < x; });
  return it != references.end() && it->head == head ? &*it : nullptr;
}

Coreference ResolveCoreference(const Document& doc) { return Resolver(doc).Run(); }

}  // namespace relata
