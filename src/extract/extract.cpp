// Dependency-based open information extraction (include/relata/extract.h, docs/extraction.md).
//
// Predicates are read off the UD basic tree in the spirit of ClausIE and PredPatt: verbs
// (with their auxiliaries, negation, particles and xcomp chains), copular predicates
// (nominal or adjectival, with the copula), appositions, titles before a name, compound
// participles ("US-led"), event nouns with agent and patient, and possessives. Arguments are
// whole phrases (the subtree without relative clauses, appositions and the like); coordinated
// arguments and predicates are split.
#include "relata/extract.h"

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "extract/lexicon.h"

namespace relata {
namespace {

using sv = std::string_view;

sv Base(sv rel) { return BaseRelation(rel); }

bool In(sv x, std::initializer_list<sv> set) {
  for (sv s : set)
    if (x == s) return true;
  return false;
}

std::string Lower(sv s) { return AsciiLower(s); }

// One sentence of the document with its tree as child lists.
class Tree {
 public:
  Tree(const Document& doc, const Sentence& s) : doc_(doc), first_(s.first), last_(s.last) {
    kids_.assign(last_ - first_, {});
    entity_.assign(last_ - first_, -1);
    for (uint32_t i = first_; i < last_; ++i) {
      int32_t h = doc.tokens[i].head;
      if (h >= int32_t(first_) && h < int32_t(last_) && h != int32_t(i)) kids_[h - first_].push_back(i);
    }
    // Mentions are sorted and do not overlap: start at the first one ending inside the
    // sentence rather than walking all of the document's mentions for every sentence.
    auto it = std::lower_bound(doc.entities.begin(), doc.entities.end(), first_,
                               [](const EntityMention& m, uint32_t x) { return m.last <= x; });
    for (; it != doc.entities.end() && it->first < last_; ++it)
      for (uint32_t i = std::max(it->first, first_); i < std::min(it->last, last_); ++i)
        entity_[i - first_] = int32_t(it - doc.entities.begin());
  }

  uint32_t first() const { return first_; }
  uint32_t last() const { return last_; }
  size_t size() const { return last_ - first_; }
  const Token& tok(uint32_t i) const { return doc_.tokens[i]; }
  const Document& doc() const { return doc_; }
  sv rel(uint32_t i) const { return doc_.tokens[i].deprel; }
  sv upos(uint32_t i) const { return doc_.tokens[i].upos; }
  int32_t head(uint32_t i) const {
    int32_t h = doc_.tokens[i].head;
    return (h >= int32_t(first_) && h < int32_t(last_)) ? h : -1;
  }
  const std::vector<uint32_t>& kids(uint32_t i) const { return kids_[i - first_]; }
  int32_t entity(uint32_t i) const { return entity_[i - first_]; }
  std::string lower(uint32_t i) const { return Lower(doc_.tokens[i].form); }
  std::string lemma(uint32_t i) const {
    const Token& t = doc_.tokens[i];
    return Lower(t.lemma.empty() ? sv(t.form) : sv(t.lemma));
  }

  // First child whose label is `label` exactly, or whose base label is `label` when
  // `base` is set; -1 when none.
  int32_t Child(uint32_t i, sv label, bool base = false) const {
    for (uint32_t c : kids(i))
      if (base ? Base(rel(c)) == label : rel(c) == label) return int32_t(c);
    return -1;
  }

  // Tokens of the subtree of `h`, ascending. Direct children of h for which skip_top(c)
  // holds are left out with their subtrees; deeper, relative clauses, appositions,
  // parataxis and adverbial clauses are left out.
  template <class Skip>
  std::vector<uint32_t> Subtree(uint32_t h, Skip skip_top) const {
    std::vector<uint32_t> out, stack{h};
    std::vector<char> seen(size(), 0);  // guards against a malformed (cyclic) tree
    while (!stack.empty()) {
      uint32_t x = stack.back();
      stack.pop_back();
      if (seen[x - first_]) continue;
      seen[x - first_] = 1;
      out.push_back(x);
      for (uint32_t c : kids(x)) {
        if (x == h ? skip_top(c) : DeepSkip(c)) continue;
        stack.push_back(c);
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  bool DeepSkip(uint32_t c) const {
    sv r = rel(c);
    return r == "acl:relcl" || Base(r) == "appos" || Base(r) == "parataxis" || r == "advcl:relcl" ||
           Base(r) == "reparandum" || Base(r) == "dislocated";
  }

  bool InSubtree(uint32_t x, uint32_t root) const {
    for (size_t steps = 0; steps <= size(); ++steps) {
      if (x == root) return true;
      int32_t h = head(x);
      if (h < 0) return false;
      x = uint32_t(h);
    }
    return false;
  }

 private:
  const Document& doc_;
  uint32_t first_, last_;
  std::vector<std::vector<uint32_t>> kids_;
  std::vector<int32_t> entity_;
};

bool IsPunct(const Tree& t, uint32_t i) { return t.upos(i) == "PUNCT" || Base(t.rel(i)) == "punct"; }

// Drops punctuation and coordinators at the edges.
void Trim(const Tree& t, std::vector<uint32_t>& toks) {
  auto edge = [&](uint32_t i) { return IsPunct(t, i) || Base(t.rel(i)) == "cc"; };
  auto quote = [&](uint32_t i) {
    const std::string& f = t.tok(i).form;
    return f == "\"" || f == "``" || f == "''" || f == "\xE2\x80\x9C" || f == "\xE2\x80\x9D";
  };
  size_t b = 0, e = toks.size();
  while (b < e) {
    // Quotes around the whole phrase belong to it ("`` Kormoran ''").
    if (e - b >= 3 && quote(toks[b]) && quote(toks[e - 1])) break;
    if (edge(toks[b])) ++b;
    else if (edge(toks[e - 1])) --e;
    else break;
  }
  toks = std::vector<uint32_t>(toks.begin() + long(b), toks.begin() + long(e));
}

std::string Join(const Document& doc, const std::vector<uint32_t>& toks) {
  std::string out;
  for (size_t k = 0; k < toks.size(); ++k) {
    const Token& t = doc.tokens[toks[k]];
    if (k > 0) {
      const Token& p = doc.tokens[toks[k - 1]];
      if (toks[k] == toks[k - 1] + 1 && t.begin >= p.end) {
        out.append(doc.text, p.end, t.begin - p.end);  // the text's own spacing
      } else {
        out += ' ';
      }
    }
    out.append(doc.text, t.begin, t.end - t.begin);
  }
  // White space from the text between tokens may include newlines; flatten it.
  for (char& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return out;
}

ExtractedArg MakeArg(const Tree& t, std::vector<uint32_t> toks, int32_t head) {
  Trim(t, toks);
  ExtractedArg a;
  // An argument needs a content word ("and" alone, left by a bad parse, is none).
  bool content = false;
  for (uint32_t i : toks)
    content |= !In(t.upos(i), {"CCONJ", "SCONJ", "ADP", "DET", "PUNCT", "PART", "AUX", "SYM"}) ||
               (int32_t(i) == head && t.upos(i) == "DET");  // "Some have ..."
  if (!content) return a;
  a.tokens = std::move(toks);
  a.head = head;
  if (head >= 0) a.entity = t.entity(uint32_t(head));
  a.text = Join(t.doc(), a.tokens);
  return a;
}

bool IsRelativePronoun(const Tree& t, uint32_t i) {
  return In(t.lower(i), {"which", "who", "whom", "that", "whose", "where", "when"}) &&
         (t.upos(i) == "PRON" || t.upos(i) == "DET" || t.upos(i) == "ADV");
}

bool IsPronoun(const Tree& t, const ExtractedArg& a) {
  return a.tokens.size() == 1 && t.upos(a.tokens[0]) == "PRON";
}

bool IsNegation(const Tree& t, uint32_t c) {
  std::string w = t.lower(c);
  sv r = Base(t.rel(c));
  if (r == "advmod" && In(w, {"not", "n't", "never", "nt"})) return true;
  if (r == "advmod" && w == "longer") {  // "no longer"
    for (uint32_t g : t.kids(c))
      if (t.lower(g) == "no") return true;
  }
  return false;
}

// Noun phrases: the subtree without clauses hanging off the head and without coordinated
// siblings (those are split into their own arguments). `keep_case` keeps the head's own
// preposition ("in Flanders"); `cut` (a token, or -1) is left out with its subtree: the
// clause an inherited subject comes from. When h is the predicate of a copular clause,
// only its nominal part is taken.
std::vector<uint32_t> NounPhrase(const Tree& t, uint32_t h, bool split_conj, bool keep_case = false,
                                 int32_t cut = -1) {
  bool copular = t.Child(h, "cop") >= 0;
  return t.Subtree(h, [&](uint32_t c) {
    sv r = t.rel(c), b = Base(r);
    if (int32_t(c) == cut) return true;
    if (split_conj && (b == "conj" || b == "cc")) {
      // Coordination inside one named entity ("Bosnia and Herzegovina") stays.
      return !(t.entity(h) >= 0 && t.entity(c) == t.entity(h));
    }
    if (b == "case" && c < h && !keep_case) return true;
    if (copular && In(b, {"nsubj", "csubj", "cop", "aux", "mark", "advcl", "obl", "expl", "advmod"}))
      return true;
    if (b == "mark" && c < h) return true;
    return r == "acl:relcl" || b == "appos" || b == "parataxis" || b == "advcl" || b == "dep" ||
           (b == "acl" && t.upos(c) == "VERB" && t.Child(c, "obj") >= 0);
  });
}

// The conjuncts of h (h first), unless they lie inside one named entity.
std::vector<uint32_t> Conjuncts(const Tree& t, uint32_t h) {
  std::vector<uint32_t> out{h};
  for (uint32_t c : t.kids(h))
    if (Base(t.rel(c)) == "conj" && !(t.entity(h) >= 0 && t.entity(c) == t.entity(h)) &&
        t.upos(c) != "VERB" && t.Child(c, "cop") < 0)
      out.push_back(c);
  return out;
}

struct Clause {
  uint32_t pred;                 // the verb, or the predicate word of a copular clause
  bool copular = false;
};

class Extractor {
 public:
  Extractor(const Document& doc, const ExtractOptions& o) : doc_(doc), opt_(o) {}

  void Run(std::vector<Extraction>& out) {
    for (uint32_t s = 0; s < doc_.sentences.size(); ++s) {
      const Sentence& sent = doc_.sentences[s];
      if (sent.last <= sent.first || sent.last > doc_.tokens.size()) continue;
      Tree t(doc_, sent);
      size_t before = out.size();
      for (uint32_t i = t.first(); i < t.last(); ++i) {
        if (IsVerbalPredicate(t, i)) Verbal(t, s, i, out);
        else if (t.Child(i, "cop") >= 0) Copular(t, s, i, out);
        if (t.upos(i) == "NOUN" || t.upos(i) == "PROPN" || t.upos(i) == "PRON") {
          Appositions(t, s, i, out);
        }
        if (t.rel(i) == "amod" && t.upos(i) == "VERB") CompoundParticiple(t, s, i, out);
        if (t.upos(i) == "NOUN") EventNoun(t, s, i, out);
        if (t.rel(i) == "nmod:poss") Possessive(t, s, i, out);
      }
      Titles(t, s, out);
      Finish(t, out, before);
    }
  }

 private:
  // A verb heading a clause of its own. xcomp verbs without their own subject are folded
  // into the verb that controls them (see Verbal) unless that verb has an object.
  static bool IsVerbalPredicate(const Tree& t, uint32_t i) {
    sv u = t.upos(i), r = t.rel(i), b = Base(r);
    if (t.Child(i, "cop") >= 0) return false;
    if (u == "AUX") {
      // "be"/"have" as the main verb of a clause ("There is ...", "has a mission").
      return (b == "root" || b == "conj" || b == "ccomp" || b == "advcl" || r == "acl:relcl") &&
             (t.Child(i, "nsubj", true) >= 0 || t.Child(i, "expl", true) >= 0);
    }
    if (u != "VERB") return false;
    if (In(b, {"aux", "cop", "amod", "compound", "fixed", "flat", "goeswith", "case", "mark", "det",
               "reparandum", "discourse", "orphan"}))
      return false;
    if (b == "xcomp" && t.Child(i, "nsubj", true) < 0) {
      int32_t h = t.head(i);
      if (h >= 0 && t.Child(uint32_t(h), "obj") < 0 && t.Child(uint32_t(h), "cop") < 0 &&
          (t.upos(uint32_t(h)) == "VERB" || t.upos(uint32_t(h)) == "AUX"))
        return false;  // folded into the controlling verb's relation
    }
    return true;
  }

  // The noun a relative or participial clause p modifies: its head when that is nominal.
  // A clause hung on a verb is a parse error; then the noun just before the clause ("...
  // founded by Shirin Ebadi, who won ...") is the likelier antecedent, or none.
  static int32_t Antecedent(const Tree& t, uint32_t p) {
    int32_t h = t.head(p);
    if (h < 0) return -1;
    sv hu = t.upos(uint32_t(h));
    if (hu == "NOUN" || hu == "PROPN" || hu == "PRON" || hu == "NUM") return h;
    uint32_t lo = p;
    for (uint32_t x : t.Subtree(p, [](uint32_t) { return false; })) lo = std::min(lo, x);
    while (lo > t.first() && IsPunct(t, lo - 1)) --lo;
    if (lo == t.first()) return -1;
    uint32_t n = lo - 1;
    for (int guard = 0; guard < 4 && In(Base(t.rel(n)), {"flat", "compound"}) && t.head(n) >= 0; ++guard)
      n = uint32_t(t.head(n));
    return (t.upos(n) == "NOUN" || t.upos(n) == "PROPN") ? int32_t(n) : -1;
  }

  // The subject of predicate p: its own, else inherited through conj, xcomp, advcl and
  // relative or participial clauses. `inherited` tells how it was found.
  int32_t Subject(const Tree& t, uint32_t p, int& inherited, int depth = 0) const {
    for (uint32_t c : t.kids(p))
      if (In(Base(t.rel(c)), {"nsubj", "csubj"})) {
        if (IsRelativePronoun(t, c) && t.rel(p) == "acl:relcl" && t.head(p) >= 0) {
          inherited = 2;
          return Antecedent(t, p);
        }
        // "..., who won ..." that the parser hung on the verb as a parataxis: still a relative
        // clause when "who"/"which" opens it right after a comma.
        if (Base(t.rel(p)) == "parataxis" && In(t.lower(c), {"who", "which"}) && t.upos(c) == "PRON" &&
            c > t.first() && t.lower(c - 1) == "," && c < p) {
          bool first = true;
          for (uint32_t x : t.Subtree(p, [](uint32_t) { return false; })) first &= x >= c || x + 1 == c;
          if (first) {
            inherited = 2;
            return Antecedent(t, p);
          }
        }
        return int32_t(c);
      }
    int32_t h = t.head(p);
    if (h < 0 || depth > 8) return -1;
    sv r = t.rel(p), b = Base(r);
    if (b == "conj" || b == "advcl") {
      inherited = 1;
      if (t.upos(uint32_t(h)) == "VERB" || t.upos(uint32_t(h)) == "AUX" ||
          t.Child(uint32_t(h), "cop") >= 0)
        return Subject(t, uint32_t(h), inherited, depth + 1);
      return -1;
    }
    if (b == "xcomp") {
      inherited = 1;
      int32_t o = t.Child(uint32_t(h), "obj");
      if (o >= 0) return o;
      return Subject(t, uint32_t(h), inherited, depth + 1);
    }
    if (r == "acl:relcl" || b == "acl") {
      inherited = 2;
      return Antecedent(t, p);
    }
    return -1;
  }

  // Relation words attached directly to p: auxiliaries, copula, negation, particles and
  // adverbs between the auxiliaries and the verb.
  void RelationWords(const Tree& t, uint32_t p, std::vector<uint32_t>& rel, Extraction& e,
                     bool adverbs = true) const {
    for (uint32_t c : t.kids(p)) {
      sv r = t.rel(c), b = Base(r);
      if (b == "aux" || b == "cop" || r == "compound:prt") {
        rel.push_back(c);
        if (b == "aux" && IsHedgeAux(t.lemma(c))) e.hedged = true;
        if (r == "aux:pass") e.passive = true;
      } else if (IsNegation(t, c)) {
        rel.push_back(c);
        for (uint32_t g : t.kids(c)) rel.push_back(g);  // "no" of "no longer"
        e.negated = true;
      } else if (adverbs && b == "advmod" && c < p && t.kids(c).empty() && c + 1 == p) {
        if (IsHedgeAdverb(t.lower(c))) e.hedged = true;
        rel.push_back(c);  // "strictly maintain", "has recently trained"
      } else if (b == "advmod" && IsHedgeAdverb(t.lower(c))) {
        e.hedged = true;
      }
    }
  }

  struct ArgCand {
    uint32_t head;
    int32_t prep = -1;       // the case word of a prepositional argument
    bool object = false;     // obj / iobj / clausal complement
    bool clause = false;
  };

  // Arguments of p other than its subject, in sentence order.
  void Arguments(const Tree& t, uint32_t p, std::vector<ArgCand>& args) const {
    // A relative clause without relative pronoun whose verb has its own subject but no
    // object: the antecedent is the object ("the deal Trump signed", "a post he held").
    if (t.rel(p) == "acl:relcl" && Antecedent(t, p) >= 0 && t.upos(p) == "VERB" && t.Child(p, "obj") < 0 &&
        t.Child(p, "ccomp") < 0 && t.Child(p, "xcomp") < 0 && t.Child(p, "aux:pass") < 0) {
      int32_t sj = t.Child(p, "nsubj");
      bool relpron = false;
      for (uint32_t c : t.kids(p)) relpron |= IsRelativePronoun(t, c);
      for (uint32_t c : t.kids(p))
        for (uint32_t g : t.kids(c)) relpron |= IsRelativePronoun(t, g);
      if (sj >= 0 && !relpron) args.push_back({uint32_t(Antecedent(t, p)), -1, true});
    }
    for (uint32_t c : t.kids(p)) {
      sv r = t.rel(c), b = Base(r);
      if (b == "obj" || b == "iobj") {
        if (IsRelativePronoun(t, c) && t.rel(p) == "acl:relcl" && t.head(p) >= 0) {
          if (int32_t a = Antecedent(t, p); a >= 0) args.push_back({uint32_t(a), -1, true});
        } else {
          args.push_back({c, -1, true});
        }
      } else if (b == "ccomp") {
        args.push_back({c, -1, true, true});
      } else if (b == "xcomp" && t.upos(c) != "VERB") {
        args.push_back({c, -1, true, false});  // "became a justice", "seems likely"
      } else if (b == "obl") {
        int32_t cs = -1;
        for (uint32_t g : t.kids(c))
          if (Base(t.rel(g)) == "case" && g < c) {
            cs = int32_t(g);
            break;
          }
        args.push_back({c, cs, false});
      } else if (b == "advmod" && IsTimeOrPlaceAdverb(t.lower(c)) && t.kids(c).empty()) {
        args.push_back({c, -1, false});
      }
    }
  }

  ExtractedArg ArgPhrase(const Tree& t, const ArgCand& a, bool drop_prep, bool split) const {
    std::vector<uint32_t> toks;
    if (a.clause) {
      toks = t.Subtree(a.head, [&](uint32_t c) {
        return Base(t.rel(c)) == "mark" && c < a.head && c == t.kids(a.head).front();
      });
    } else {
      toks = NounPhrase(t, a.head, split, !drop_prep);
    }
    if (drop_prep && a.prep >= 0)
      toks.erase(std::remove(toks.begin(), toks.end(), uint32_t(a.prep)), toks.end());
    return MakeArg(t, std::move(toks), int32_t(a.head));
  }

  void Verbal(const Tree& t, uint32_t s, uint32_t p, std::vector<Extraction>& out) {
    Extraction e;
    e.sentence = s;
    e.kind = "clause";
    std::vector<uint32_t> rel{p};
    RelationWords(t, p, rel, e);
    std::vector<ArgCand> args;
    Arguments(t, p, args);
    // xcomp chain: "agreed to expand", "wants to be able to join".
    uint32_t tail = p;
    for (int guard = 0; guard < 4; ++guard) {
      int32_t x = -1;
      for (uint32_t c : t.kids(tail))
        if (t.rel(c) == "xcomp" && t.upos(c) == "VERB" && t.Child(c, "nsubj", true) < 0) x = int32_t(c);
      if (x < 0 || t.Child(tail, "obj") >= 0) break;
      uint32_t xv = uint32_t(x);
      rel.push_back(xv);
      for (uint32_t c : t.kids(xv))
        if (Base(t.rel(c)) == "mark" || Base(t.rel(c)) == "aux" || t.rel(c) == "compound:prt")
          rel.push_back(c);
      Extraction dummy;
      RelationWords(t, xv, rel, dummy);
      e.negated |= dummy.negated;
      e.hedged |= dummy.hedged;
      e.passive = dummy.passive;
      // Arguments of the chained verb replace the clausal slot.
      std::vector<ArgCand> more;
      Arguments(t, xv, more);
      args.insert(args.end(), more.begin(), more.end());
      tail = xv;
    }
    std::sort(rel.begin(), rel.end());
    rel.erase(std::unique(rel.begin(), rel.end()), rel.end());
    std::sort(args.begin(), args.end(), [](const ArgCand& a, const ArgCand& b) { return a.head < b.head; });

    int inherited = 0;
    int32_t subj = Subject(t, p, inherited);
    Emit(t, p, e, rel, subj, inherited, args, out);
  }

  void Copular(const Tree& t, uint32_t s, uint32_t p, std::vector<Extraction>& out) {
    Extraction e;
    e.sentence = s;
    e.kind = "copula";
    std::vector<uint32_t> rel;
    RelationWords(t, p, rel, e, false);
    e.passive = false;
    int32_t cs = -1;
    for (uint32_t c : t.kids(p))
      if (Base(t.rel(c)) == "case" && c < p) cs = int32_t(c);
    if (cs >= 0) rel.push_back(uint32_t(cs));  // "is in", "was of"
    std::sort(rel.begin(), rel.end());
    // The predicate phrase: the nominal or adjective with its dependents, minus the
    // clause's own parts.
    std::vector<uint32_t> pred = t.Subtree(p, [&](uint32_t c) {
      sv r = t.rel(c), b = Base(r);
      return In(b, {"nsubj", "csubj", "cop", "aux", "mark", "punct", "cc", "conj", "advcl", "parataxis",
                    "obl", "discourse", "expl", "vocative", "dep", "appos"}) ||
             r == "acl:relcl" || int32_t(c) == cs || IsNegation(t, c) ||
             (b == "advmod" && c < p && t.Child(c, "advmod") < 0 && IsHedgeAdverb(t.lower(c)));
    });
    std::vector<ArgCand> args;
    args.push_back({p, -1, true});
    for (uint32_t c : t.kids(p))
      if (Base(t.rel(c)) == "obl") {
        int32_t pc = -1;
        for (uint32_t g : t.kids(c))
          if (Base(t.rel(g)) == "case" && g < c) pc = int32_t(g);
        args.push_back({c, pc, false});
      }
    int inherited = 0;
    int32_t subj = Subject(t, p, inherited);
    pred_override_ = MakeArg(t, pred, int32_t(p));
    Emit(t, p, e, rel, subj, inherited, args, out);
    pred_override_ = ExtractedArg{};
  }

  // Builds the extractions of one clause: one per combination of coordinated subject and
  // object (at most 8 × 8), the first prepositional argument folded into the relation when
  // there is no object.
  void Emit(const Tree& t, uint32_t p, Extraction proto, const std::vector<uint32_t>& rel,
            int32_t subj, int inherited, std::vector<ArgCand> args, std::vector<Extraction>& out) {
    if (subj < 0) return;
    // Attribution: the clause is the complement of a speech verb ("X said ...").
    int32_t speaker = -1;
    {
      uint32_t x = p;
      for (int guard = 0; guard < 6; ++guard) {
        int32_t h = t.head(x);
        if (h < 0) break;
        sv b = Base(t.rel(x));
        if ((b == "ccomp" || b == "parataxis") && IsSpeechVerb(t.lemma(uint32_t(h)))) {
          int dummy = 0;
          speaker = Subject(t, uint32_t(h), dummy);
          break;
        }
        if (b != "conj") break;
        x = uint32_t(h);
      }
    }
    // Which argument becomes arg2: the first object, else the first prepositional one
    // (its preposition joins the relation).
    int obj = -1;
    for (size_t k = 0; k < args.size(); ++k)
      if (args[k].object) {
        obj = int(k);
        break;
      }
    bool folded = false;
    if (obj < 0) {
      for (size_t k = 0; k < args.size(); ++k)
        if (args[k].prep >= 0 && args[k].head > p) {
          obj = int(k);
          folded = true;
          break;
        }
    }
    std::vector<uint32_t> rel_toks = rel;
    if (folded) rel_toks.push_back(uint32_t(args[size_t(obj)].prep));
    // "that" of a clausal object joins the relation ("indicated that").
    if (obj >= 0 && args[size_t(obj)].clause) {
      int32_t m = t.Child(args[size_t(obj)].head, "mark");
      if (m >= 0 && uint32_t(m) < args[size_t(obj)].head) rel_toks.push_back(uint32_t(m));
    }
    std::sort(rel_toks.begin(), rel_toks.end());
    rel_toks.erase(std::unique(rel_toks.begin(), rel_toks.end()), rel_toks.end());

    proto.relation_tokens = rel_toks;
    proto.relation_text = Join(doc_, rel_toks);
    proto.relation = Normalise(t, rel_toks, proto);
    if (speaker >= 0) proto.speaker = MakeArg(t, NounPhrase(t, uint32_t(speaker), true), speaker);

    std::vector<ExtractedArg> extra;
    if (opt_.nary)
      for (size_t k = 0; k < args.size(); ++k) {
        if (int(k) == obj) continue;
        ExtractedArg a = ArgPhrase(t, args[k], false, false);
        if (!a.empty()) extra.push_back(std::move(a));
      }

    std::vector<uint32_t> subjects = Conjuncts(t, uint32_t(subj));
    std::vector<uint32_t> objects;
    if (obj >= 0) {
      if (args[size_t(obj)].clause) objects = {args[size_t(obj)].head};
      else objects = Conjuncts(t, args[size_t(obj)].head);
    }
    if (subjects.size() > 8) subjects.resize(8);
    if (objects.size() > 8) objects.resize(8);
    bool split_s = subjects.size() > 1, split_o = objects.size() > 1;
    for (uint32_t sh : subjects) {
      // An inherited subject's phrase leaves out the clause the predicate sits in.
      int32_t cut = -1;
      if (inherited) {
        uint32_t x = p;
        for (size_t guard = 0; guard < t.size() && t.head(x) >= 0; ++guard) {
          if (t.head(x) == int32_t(sh)) {
            cut = int32_t(x);
            break;
          }
          x = uint32_t(t.head(x));
        }
      }
      ExtractedArg sa = MakeArg(t, NounPhrase(t, sh, true, false, cut), int32_t(sh));
      if (inherited == 2 && IsRelativePronoun(t, sh)) continue;
      if (sa.empty()) continue;
      if (!opt_.keep_pronouns && IsPronoun(t, sa)) continue;
      size_t nobj = std::max<size_t>(1, objects.size());
      for (size_t k = 0; k < nobj; ++k) {
        Extraction e = proto;
        e.subject = sa;
        if (!objects.empty()) {
          if (!pred_override_.empty() && objects[k] == p) {
            e.object = pred_override_;
          } else {
            ArgCand oc = args[size_t(obj)];
            oc.head = objects[k];
            e.object = ArgPhrase(t, oc, true, !oc.clause);
          }
          if (!opt_.keep_pronouns && IsPronoun(t, e.object)) continue;
        }
        e.extra = extra;
        e.confidence = Confidence(t, e, inherited, split_s || split_o);
        out.push_back(std::move(e));
      }
    }
  }

  // Lemmas of the relation without auxiliaries, negation and adverbs; for a passive with
  // its agent folded in, the active verb.
  std::string Normalise(const Tree& t, const std::vector<uint32_t>& rel, const Extraction& e) const {
    std::string out;
    bool agent = false;
    for (uint32_t i : rel) {
      sv b = Base(t.rel(i));
      if (b == "aux" && t.upos(i) != "PART") continue;  // "to" of an xcomp chain stays
      if (b == "advmod" || IsNegation(t, i)) continue;   // adverbs, "not", "no longer"
      std::string w;
      if (b == "case" && e.passive && t.lower(i) == "by") {
        agent = true;
        continue;
      }
      if (b == "cop") w = "be";
      else if (b == "mark" && t.lower(i) == "that") continue;
      else w = (e.passive && t.upos(i) == "VERB") ? t.lower(i) : t.lemma(i);
      if (!out.empty()) out += ' ';
      out += w;
    }
    if (e.passive && !agent) out = "be " + out;
    if (e.passive && agent) {
      // Active form: the verb's lemma.
      out.clear();
      for (uint32_t i : rel) {
        sv b = Base(t.rel(i));
        if (b == "aux" || b == "case" || IsNegation(t, i) || b == "advmod") continue;
        if (!out.empty()) out += ' ';
        out += t.lemma(i);
      }
    }
    return out;
  }

  double Confidence(const Tree& t, const Extraction& e, int inherited, bool split) const {
    double c = e.kind == "clause" ? 0.80 : e.kind == "copula" ? 0.72 : 0.6;
    if (inherited == 1) c -= 0.12;
    if (inherited == 2) c -= 0.08;
    if (IsPronoun(t, e.subject)) c -= 0.1;
    if (e.subject.entity >= 0 || (e.subject.head >= 0 && t.upos(uint32_t(e.subject.head)) == "PROPN")) c += 0.06;
    if (e.object.empty()) c -= 0.15;
    if (e.object.tokens.size() > 12) c -= 0.08;
    if (e.subject.tokens.size() > 10) c -= 0.08;
    if (split) c -= 0.05;
    if (!e.speaker.empty()) c -= 0.05;
    c -= 0.03 * double(e.extra.size());
    size_t n = t.size();
    if (n > 30) c -= 0.05;
    if (n > 50) c -= 0.05;
    return std::clamp(c, 0.05, 0.99);
  }

  // "Jens Stoltenberg, the NATO Secretary General," -> is(Jens Stoltenberg, the NATO ...).
  void Appositions(const Tree& t, uint32_t s, uint32_t h, std::vector<Extraction>& out) {
    for (uint32_t c : t.kids(h)) {
      if (Base(t.rel(c)) != "appos") continue;
      Extraction e;
      e.sentence = s;
      e.kind = "apposition";
      e.relation_text = "is";
      e.relation = "be";
      e.subject = MakeArg(t, NounPhrase(t, h, true), int32_t(h));
      e.object = MakeArg(t, NounPhrase(t, c, true), int32_t(c));
      if (e.subject.empty() || e.object.empty() || IsPronoun(t, e.subject)) continue;
      // A dateline ("BRUSSELS, April 4") is no apposition.
      if (e.object.entity >= 0 && In(doc_.entities[size_t(e.object.entity)].type, {"DATE", "TIME"})) continue;
      e.confidence = 0.62;
      if (e.subject.entity >= 0) e.confidence += 0.06;
      out.push_back(std::move(e));
    }
  }

  // "US President Donald Trump", "NATO Secretary General Jens Stoltenberg",
  // "Environment Canada spokeswoman Sujata Raisinghani": the words before a person's name
  // inside its noun phrase are a title, possibly with the organisation or country.
  void Titles(const Tree& t, uint32_t s, std::vector<Extraction>& out) {
    for (size_t m = 0; m < doc_.entities.size(); ++m) {
      const EntityMention& em = doc_.entities[m];
      if (em.type != "PERSON" || em.first < t.first() || em.last > t.last()) continue;
      // The person's own name inside the mention; title words before it may be inside
      // the mention ("Foreign Minister Pekka Haavisto") or outside it.
      uint32_t ns = PersonNameStart(doc_, em);
      int32_t nh = -1;  // the name's head: a token whose head lies outside the name
      for (uint32_t i = ns; i < em.last; ++i) {
        int32_t h = t.head(i);
        if (h < int32_t(ns) || h >= int32_t(em.last)) {
          nh = int32_t(i);
          break;
        }
      }
      if (nh < 0) continue;
      uint32_t k = em.first;
      while (k > t.first()) {
        uint32_t j = k - 1;
        sv u = t.upos(j), b = Base(t.rel(j));
        if (!(u == "NOUN" || u == "PROPN" || (u == "ADJ" && b == "amod") || (u == "PUNCT" && t.lower(j) == "-")))
          break;
        if (!t.InSubtree(j, uint32_t(nh))) break;
        if (!In(b, {"compound", "flat", "amod", "punct"})) break;
        k = j;
      }
      if (k == ns) continue;
      std::vector<uint32_t> title;
      for (uint32_t j = k; j < ns; ++j) title.push_back(j);
      // A role needs a title word that is not a mere honorific ("Mr.", "Sir") and does not
      // end in a preposition ("Prime Minister of" belongs to a badly cut mention).
      bool has_title_word = false;
      for (uint32_t j : title) {
        int32_t te = t.entity(j);
        bool other_entity = te >= 0 && te != int32_t(m);
        if (!other_entity && !IsHonorific(t.lower(j)) &&
            (t.upos(j) == "NOUN" || IsPersonTitleWord(t.lower(j))))
          has_title_word = true;
      }
      if (!has_title_word || t.upos(title.back()) == "ADP") continue;
      Extraction e;
      e.sentence = s;
      e.kind = "role";
      std::vector<uint32_t> name;
      for (uint32_t j = ns; j < em.last; ++j) name.push_back(j);
      e.subject = MakeArg(t, name, nh);
      e.subject.entity = int32_t(m);
      e.object = MakeArg(t, title, int32_t(title.back()));
      if (e.object.empty()) continue;
      e.relation_text = "is";
      e.relation = "be";
      e.confidence = 0.7;
      out.push_back(std::move(e));
    }
  }

  // "US-led coalition": lead(US, coalition).
  void CompoundParticiple(const Tree& t, uint32_t s, uint32_t v, std::vector<Extraction>& out) {
    int32_t noun = t.head(v);
    if (noun < 0) return;
    int32_t agent = -1;
    for (uint32_t c : t.kids(v))
      if (c < v && (t.upos(c) == "PROPN" || t.entity(c) >= 0) &&
          In(Base(t.rel(c)), {"compound", "obl", "nsubj", "nmod", "npadvmod"}))
        agent = int32_t(c);
    if (agent < 0) return;
    Extraction e;
    e.sentence = s;
    e.kind = "compound";
    e.subject = MakeArg(t, NounPhrase(t, uint32_t(agent), true), agent);
    e.relation_tokens = {v};
    e.relation_text = Join(doc_, e.relation_tokens);
    e.relation = t.lemma(v);
    std::vector<uint32_t> obj = NounPhrase(t, uint32_t(noun), true);
    // The noun phrase without the participle and its agent.
    std::vector<uint32_t> cut = t.Subtree(v, [](uint32_t) { return false; });
    std::vector<uint32_t> rest;
    for (uint32_t x : obj)
      if (!std::binary_search(cut.begin(), cut.end(), x) && !(Base(t.rel(x)) == "det" && t.head(x) == noun))
        rest.push_back(x);
    e.object = MakeArg(t, rest, noun);
    if (e.subject.empty() || e.object.empty()) return;
    e.confidence = 0.6;
    out.push_back(std::move(e));
  }

  // "the US killing of a top Iranian general": kill(US, a top Iranian general).
  void EventNoun(const Tree& t, uint32_t s, uint32_t n, std::vector<Extraction>& out) {
    std::string verb = EventVerb(t.lemma(n));
    if (verb.empty()) return;
    int32_t agent = -1, patient = -1, prep = -1;
    for (uint32_t c : t.kids(n)) {
      sv r = t.rel(c);
      if (c < n && (r == "nmod:poss" || r == "compound" || r == "amod") &&
          (t.upos(c) == "PROPN" || t.entity(c) >= 0))
        agent = int32_t(c);
      if (c > n && Base(r) == "nmod" && patient < 0) {
        int32_t cs = t.Child(c, "case");
        if (cs >= 0 && In(t.lower(uint32_t(cs)), {"of", "on", "against", "to"})) {
          patient = int32_t(c);
          prep = cs;
        }
      }
    }
    if (agent < 0 || patient < 0) return;
    Extraction e;
    e.sentence = s;
    e.kind = "event";
    e.subject = MakeArg(t, NounPhrase(t, uint32_t(agent), true), agent);
    // Drop a possessive 's from the agent.
    e.relation_tokens = {n, uint32_t(prep)};
    e.relation_text = Join(doc_, e.relation_tokens);
    e.relation = verb;
    std::vector<uint32_t> pt = NounPhrase(t, uint32_t(patient), true);
    pt.erase(std::remove(pt.begin(), pt.end(), uint32_t(prep)), pt.end());
    e.object = MakeArg(t, pt, patient);
    if (e.subject.empty() || e.object.empty()) return;
    e.confidence = 0.55;
    out.push_back(std::move(e));
  }

  // "NASA's administrator" -> has(NASA, administrator).
  void Possessive(const Tree& t, uint32_t s, uint32_t o, std::vector<Extraction>& out) {
    int32_t n = t.head(o);
    if (n < 0 || t.upos(o) == "PRON" || !EventVerb(t.lemma(uint32_t(n))).empty()) return;
    if (t.upos(uint32_t(n)) != "NOUN" && t.upos(uint32_t(n)) != "PROPN") return;
    Extraction e;
    e.sentence = s;
    e.kind = "possessive";
    std::vector<uint32_t> subj = t.Subtree(o, [&](uint32_t c) { return Base(t.rel(c)) == "case"; });
    e.subject = MakeArg(t, subj, int32_t(o));
    std::vector<uint32_t> obj;
    for (uint32_t x : NounPhrase(t, uint32_t(n), true))
      if (!t.InSubtree(x, o)) obj.push_back(x);
    e.object = MakeArg(t, obj, n);
    if (e.subject.empty() || e.object.empty()) return;
    e.relation_text = "has";
    e.relation = "have";
    e.confidence = 0.4;
    out.push_back(std::move(e));
  }

  // Evidence spans, then drop extractions contained in a longer one of the same sentence,
  // and exact duplicates.
  void Finish(const Tree& t, std::vector<Extraction>& out, size_t begin) {
    for (size_t k = begin; k < out.size(); ++k) {
      Extraction& e = out[k];
      uint32_t lo = UINT32_MAX, hi = 0;
      auto span = [&](const std::vector<uint32_t>& v) {
        for (uint32_t i : v) {
          lo = std::min(lo, i);
          hi = std::max(hi, i);
        }
      };
      span(e.subject.tokens);
      span(e.object.tokens);
      span(e.relation_tokens);
      for (const ExtractedArg& a : e.extra) span(a.tokens);
      if (lo == UINT32_MAX) lo = hi = t.first();
      e.char_begin = doc_.tokens[lo].begin;
      e.char_end = doc_.tokens[hi].end;
    }
    auto key = [](const Extraction& e) {
      std::string k = e.subject.text + '\t' + e.relation_text + '\t' + e.object.text;
      for (const ExtractedArg& a : e.extra) k += '\t' + a.text;
      return k;
    };
    // A is inside B when B's relation holds all of A's relation words and each of A's
    // arguments lies within the matching argument of B (extra arguments within any of B's).
    auto within = [](const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
      return std::includes(b.begin(), b.end(), a.begin(), a.end());
    };
    auto contained = [&](const Extraction& a, const Extraction& b) {
      if (a.relation_tokens.empty() || !within(a.relation_tokens, b.relation_tokens)) return false;
      if (!within(a.subject.tokens, b.subject.tokens) || !within(a.object.tokens, b.object.tokens)) return false;
      if (a.negated != b.negated) return false;
      for (const ExtractedArg& x : a.extra) {
        bool in = false;
        for (const ExtractedArg& y : b.extra) in |= within(x.tokens, y.tokens);
        if (!in) return false;
      }
      return true;
    };
    std::vector<Extraction> kept;
    for (size_t k = begin; k < out.size(); ++k) {
      bool drop = false;
      for (size_t q = begin; q < out.size() && !drop; ++q) {
        if (q == k) continue;
        if (key(out[q]) == key(out[k])) drop = q < k;  // exact duplicate: keep the first
        else drop = contained(out[k], out[q]);
      }
      if (!drop) kept.push_back(out[k]);
    }
    out.resize(begin);
    std::stable_sort(kept.begin(), kept.end(), [](const Extraction& a, const Extraction& b) {
      uint32_t ra = a.relation_tokens.empty() ? a.char_begin : a.relation_tokens[0];
      uint32_t rb = b.relation_tokens.empty() ? b.char_begin : b.relation_tokens[0];
      return ra < rb;
    });
    for (Extraction& e : kept) out.push_back(std::move(e));
  }

  const Document& doc_;
  const ExtractOptions& opt_;
  ExtractedArg pred_override_;
};

}  // namespace

std::vector<Extraction> Extract(const Document& doc, const ExtractOptions& options) {
  std::vector<Extraction> out;
  Extractor(doc, options).Run(out);
  return out;
}

}  // namespace relata
