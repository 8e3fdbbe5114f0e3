#include "relata/graph.h"

#include <algorithm>
#include <array>

#include <boost/iterator/transform_iterator.hpp>
#include <cstdio>
#include <functional>
#include <map>
#include <numeric>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "relata/canonical.h"
#include "relata/text.h"
#include "relata/types.h"

namespace relata {
namespace {

// Picks the display form among surface forms with their counts: the most frequent, then
// the one with more capitals (proper case beats "nato"), then byte order.
std::string_view BestSurface(const std::vector<std::pair<std::string_view, uint32_t>>& forms) {
  auto capitals = [](std::string_view s) {
    return std::count_if(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  };
  std::string_view best;
  uint32_t best_n = 0;
  long best_caps = -1;
  for (const auto& [s, n] : forms) {
    long caps = capitals(s);
    if (n > best_n || (n == best_n && (caps > best_caps || (caps == best_caps && s < best)))) {
      best = s;
      best_n = n;
      best_caps = caps;
    }
  }
  return best;
}

// "prefix" + the first 14 hex digits of the hash of `basis`: 15 characters, which
// std::string holds without a heap allocation.
std::string ShortId(char prefix, std::string_view basis) {
  std::string id(1, prefix);
  id.append(Hex64(StableHash(basis)), 0, 14);
  return id;
}

// (Built by append: GCC 12 warns falsely (-Wrestrict) on chains of operator+.)
std::string Join(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out.append(p);
  return out;
}

bool IsHttpIri(std::string_view s) {
  if (s.rfind("http://", 0) != 0 && s.rfind("https://", 0) != 0) return false;
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7F || std::string_view("<>\"{}|^`\\").find(static_cast<char>(c)) !=
                                      std::string_view::npos)
      return false;
  return true;
}

}  // namespace

static_assert(sizeof(Edge) == 40, "an edge's size is part of relata's memory budget");

EvidenceView Graph::Evidence(uint32_t mention) const {
  const Store::Mention& m = store_->mentions()[mention];
  const Store::Extra& x = store_->extra(m);
  return EvidenceView{store_->str(m.source),   mention_document_[mention], store_->str(m.date),
                      store_->str(m.sentence), store_->str(m.extractor),   store_->str(m.subject),
                      store_->str(m.relation), store_->str(m.object),      m.confidence,
                      x.sentence_index,        x.char_begin,               x.char_end,
                      x.flags,                 store_->str(x.speaker),
                      store_->str(x.subject_form), store_->str(x.subject_rule),
                      store_->str(x.object_form), store_->str(x.object_rule)};
}

std::string Graph::MentionId(uint32_t mention) const {
  const Store::Mention& m = store_->mentions()[mention];
  std::string basis;
  for (uint32_t f : {m.subject, m.subject_type, m.relation, m.object, m.object_type, m.source,
                     m.date, m.sentence, m.extractor}) {
    basis += store_->str(f);
    basis += '\x1f';
  }
  char conf[32];
  int n = std::snprintf(conf, sizeof conf, "%.17g", m.confidence);
  basis.append(conf, static_cast<size_t>(n));
  if (m.extra != 0) {  // any field of store format 2 given
    const Store::Extra& x = store_->extra(m);
    char pos[64];
    n = std::snprintf(pos, sizeof pos, "\x1f%u\x1f%u\x1f%u\x1f%u\x1f", x.sentence_index,
                      x.char_begin, x.char_end, static_cast<unsigned>(x.flags));
    basis.append(pos, static_cast<size_t>(n));
    basis += store_->str(x.speaker);
    // Store format 3: the forms and rules enter only when one is set (older ids stay).
    if (x.subject_form != 0 || x.object_form != 0)
      for (uint32_t f : {x.subject_form, x.subject_rule, x.object_form, x.object_rule}) {
        basis += '\x1f';
        basis += store_->str(f);
      }
  }
  return ShortId('m', basis);
}

std::string Graph::EdgeId(const Edge& e) const {
  std::string basis = nodes[e.source].id;
  basis += '\x1f';
  basis += relations[e.relation].key;
  basis += '\x1f';
  basis += nodes[e.target].id;
  return ShortId('e', basis);
}

std::vector<uint32_t> Graph::DocumentsOf(const Edge& e) const {
  std::vector<uint32_t> docs;
  for (uint32_t m : EvidenceOf(e))
    if (docs.empty() || docs.back() != mention_document_[m]) docs.push_back(mention_document_[m]);
  return docs;
}

uint32_t Graph::Mentions(const Edge& e) const {
  size_t i;
  std::less<const Edge*> before;
  if (!edges.empty() && !before(&e, edges.data()) && before(&e, edges.data() + edges.size())) {
    i = static_cast<size_t>(&e - edges.data());
  } else {  // a copy: edges are in evidence order, each with at least one mention
    auto it = std::lower_bound(edges.begin(), edges.end(), e.evidence_begin,
                               [](const Edge& x, uint32_t b) { return x.evidence_begin < b; });
    if (it == edges.end() || it->evidence_begin != e.evidence_begin) return 0;
    i = static_cast<size_t>(it - edges.begin());
  }
  size_t end = i + 1 < edges.size() ? edges[i + 1].evidence_begin : edge_evidence_.size();
  return static_cast<uint32_t>(end - e.evidence_begin);
}

uint32_t Graph::Sources(const Edge& e) const {
  uint32_t n = 0, last = UINT32_MAX;
  for (uint32_t m : EvidenceOf(e))
    if (mention_document_[m] != last) {
      ++n;
      last = mention_document_[m];
    }
  return n;
}

bool Graph::DayNumber(std::string_view d, int32_t& day) {
  auto digits = [&](size_t at, size_t n, int& v) {
    if (d.size() < at + n) return false;
    v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (d[i] < '0' || d[i] > '9') return false;
      v = v * 10 + (d[i] - '0');
    }
    return true;
  };
  int y, m = 1, dd = 1;
  if (!digits(0, 4, y)) return false;
  if (d.size() > 4) {
    if (d[4] != '-' || !digits(5, 2, m) || m < 1 || m > 12) return false;
    if (d.size() > 7) {
      if (d[7] != '-' || !digits(8, 2, dd) || dd < 1 || dd > 31) return false;
      if (d.size() > 10 && d[10] != 'T' && d[10] != ' ') return false;
    }
  }
  // Days from the civil calendar (proleptic Gregorian), the usual era-based arithmetic.
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  day = era * 146097 + doe - 719468;
  return true;
}

std::vector<EdgeEvent> Graph::Events(const Edge& e) const {
  const auto evidence = EvidenceOf(e);
  struct Dated { int32_t day; std::string_view date; uint32_t pos; };
  std::vector<Dated> dated;
  std::vector<uint32_t> undated;
  for (uint32_t k = 0; k < evidence.size(); ++k) {
    std::string_view d = store_->str(store_->mentions()[evidence[k]].date);
    int32_t day;
    if (!d.empty() && DayNumber(d, day)) dated.push_back({day, d, k});
    else undated.push_back(k);
  }
  std::sort(dated.begin(), dated.end(), [](const Dated& a, const Dated& b) {
    return std::tie(a.day, a.date, a.pos) < std::tie(b.day, b.date, b.pos);
  });
  std::vector<EdgeEvent> out;
  for (size_t i = 0; i < dated.size();) {
    EdgeEvent ev;
    ev.dated = true;
    ev.first_day = dated[i].day;
    ev.first_date = dated[i].date;
    size_t j = i;
    for (; j < dated.size() && int64_t{dated[j].day} - dated[i].day <= int64_t{event_window}; ++j) {
      ev.evidence.push_back(dated[j].pos);
      ev.last_day = dated[j].day;
      ev.last_date = dated[j].date;
    }
    std::sort(ev.evidence.begin(), ev.evidence.end());
    out.push_back(std::move(ev));
    i = j;
  }
  if (!undated.empty()) {
    EdgeEvent ev;
    ev.evidence = std::move(undated);
    out.push_back(std::move(ev));
  }
  return out;
}

std::string_view Graph::FirstDate(const Edge& e) const { return store_->str(e.first_date); }
std::string_view Graph::LastDate(const Edge& e) const { return store_->str(e.last_date); }

namespace {

// Built-in merge rules (MergeRecord::rule); within-document rules follow them in a Build.
enum BuiltinRule : uint32_t { kAlias, kDemonym, kInitials, kVariant, kNameKey, kUntyped, kTypeMajority, kNoRule };
constexpr std::string_view kRuleNames[] = {"alias", "demonym", "initials", "variant", "name-key",
                                           "untyped", "type-majority"};

// Case-insensitive: does the relation (a title's "<title> of") end in " of"?
bool EndsWithOf(std::string_view r) {
  return r.size() > 3 && r[r.size() - 3] == ' ' && (r[r.size() - 2] | 0x20) == 'o' &&
         (r[r.size() - 1] | 0x20) == 'f';
}

}  // namespace

Graph Graph::Build(const Store& store, const GraphOptions& opt) {
  Graph g;
  g.store_ = &store;
  g.event_window = opt.event_window;
  const auto& ms = store.mentions();
  const uint32_t n_mentions = static_cast<uint32_t>(ms.size());
  const bool cross = opt.cross_document;

  // 1. Documents, sorted by name.
  {
    std::map<std::string_view, uint32_t> doc_index;
    for (const auto& m : ms) doc_index.emplace(store.str(m.source), 0);
    for (auto& [name, idx] : doc_index) {
      idx = static_cast<uint32_t>(g.documents.size());
      SourceDocument d;
      d.name = std::string(name);
      if (IsHttpIri(name)) d.iri = d.name;
      // From the name as given: "A.tsv" and "a.tsv" are two sources and need two IRIs.
      d.slug = Slug(name);
      g.documents.push_back(std::move(d));
    }
    g.mention_document_.resize(n_mentions);
    std::unordered_map<uint32_t, uint32_t> doc_of_source;
    for (uint32_t i = 0; i < n_mentions; ++i) {
      auto it = doc_of_source.find(ms[i].source);
      if (it == doc_of_source.end())
        it = doc_of_source.emplace(ms[i].source, doc_index[store.str(ms[i].source)]).first;
      uint32_t d = it->second;
      g.mention_document_[i] = d;
      SourceDocument& doc = g.documents[d];
      ++doc.mentions;
      std::string_view date = store.str(ms[i].date);
      if (!date.empty()) {
        if (doc.first_date.empty() || date < doc.first_date) doc.first_date = std::string(date);
        if (doc.last_date.empty() || date > doc.last_date) doc.last_date = std::string(date);
      }
    }
  }

  // 2. Name keys of every surface form used as subject or object.
  std::unordered_map<uint32_t, uint32_t> key_of;  // surface string id -> key index
  std::vector<std::string> keys;
  std::unordered_map<std::string, uint32_t> key_index;
  auto intern_key = [&](std::string k) {
    auto [kit, fresh] = key_index.emplace(std::move(k), static_cast<uint32_t>(keys.size()));
    if (fresh) keys.push_back(kit->first);
    return kit->second;
  };
  auto name_key = [&](uint32_t sid) {
    auto it = key_of.find(sid);
    if (it != key_of.end()) return it->second;
    uint32_t k = intern_key(NameKey(store.str(sid)));
    key_of.emplace(sid, k);
    return k;
  };

  // Keep-apart items, hashed: a form by its CanonicalKey, a node id as written; each maps to
  // the sides (line * 2 + 0 or 1) it is. sides_of(key, type) gives the sides of a name.
  std::unordered_map<std::string, std::vector<uint32_t>> apart_forms, apart_ids;
  for (uint32_t p = 0; p < opt.keep_apart.size(); ++p) {
    const KeepApartEntry& e = opt.keep_apart[p];
    for (uint32_t side = 0; side < 2; ++side) {
      const std::string& item = side == 0 ? e.a : e.b;
      if (LooksLikeNodeId(item)) apart_ids[item].push_back(p * 2 + side);
      else apart_forms[CanonicalKey(item)].push_back(p * 2 + side);
    }
  }
  const bool apart = !opt.keep_apart.empty();
  auto sides_of = [&](std::string_view key, std::string_view type, std::string_view ckey) {
    std::vector<uint32_t> out;
    if (auto it = apart_forms.find(std::string(ckey)); it != apart_forms.end()) out = it->second;
    if (!apart_ids.empty())
      if (auto it = apart_ids.find(Join({TypeIdPart(type), ":", Slug(key)})); it != apart_ids.end())
        out.insert(out.end(), it->second.begin(), it->second.end());
    return out;
  };
  // Whether two lists of sides hold the two sides of one line.
  auto opposed = [](const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
    for (uint32_t x : a)
      for (uint32_t y : b)
        if (x / 2 == y / 2 && x != y) return true;
    return false;
  };

  static constexpr std::string_view kNorp = "NORP", kGpe = "GPE", kPerson = "PERSON";
  // 3. Raw names: (name key, type, demonym-of-a-title). A mention names its form instead of
  // the within-document name when the keep-apart file separates the two.
  struct Raw {
    uint32_t key;
    std::string_view type;
    bool demonym;
    bool lower;                    // untyped and written in lower case ("us": not the variant table)
    uint32_t ckey = 0, vckey = 0;  // indices into ckeys
    uint32_t count = 0;            // mention arguments
    std::string_view country;      // demonym: the country's name
  };
  // Hashed by (key, flags, type string id): the store interns strings, so equal types have
  // equal ids. (A demonym read as its country has type GPE and no string id of its own.)
  std::unordered_map<uint64_t, uint32_t> raw_index;
  std::vector<Raw> raws;
  auto raw_entity = [&](uint32_t surface, uint32_t key, uint32_t type_sid, bool demonym) {
    std::string_view t = demonym ? kGpe : store.str(type_sid);
    bool lower = false;
    if (cross && t.empty()) {
      std::string_view sv = store.str(surface);
      lower = !(!sv.empty() && sv[0] >= 'A' && sv[0] <= 'Z');
    }
    uint64_t packed = (uint64_t{key} << 34) | (uint64_t{demonym} << 33) | (uint64_t{lower} << 32) |
                      (demonym ? 0u : type_sid);
    auto [it, fresh] = raw_index.emplace(packed, static_cast<uint32_t>(raws.size()));
    if (fresh) raws.push_back({key, t, demonym, lower, 0, 0, 0, {}});
    ++raws[it->second].count;
    return it->second;
  };
  std::vector<uint32_t> subj_raw(n_mentions), obj_raw(n_mentions);
  std::vector<bool> subj_reverted, obj_reverted;  // only sized when something is reverted
  for (uint32_t i = 0; i < n_mentions; ++i) {
    const Store::Mention& m = ms[i];
    uint32_t subj = m.subject, obj = m.object;
    if (apart && m.extra != 0) {
      const Store::Extra& x = store.extra(m);
      for (int side = 0; side < 2; ++side) {
        uint32_t form = side == 0 ? x.subject_form : x.object_form;
        if (form == 0) continue;
        uint32_t name = side == 0 ? m.subject : m.object;
        std::string_view type = store.str(side == 0 ? m.subject_type : m.object_type);
        std::string name_k = NameKey(store.str(name)), form_k = NameKey(store.str(form));
        if (!opposed(sides_of(name_k, type, CanonicalKey(name_k)),
                     sides_of(form_k, type, CanonicalKey(form_k))))
          continue;
        auto& rev = side == 0 ? subj_reverted : obj_reverted;
        if (rev.empty()) rev.resize(n_mentions);
        rev[i] = true;
        (side == 0 ? subj : obj) = form;
      }
    }
    std::string_view st = store.str(m.subject_type), ot = store.str(m.object_type);
    subj_raw[i] = raw_entity(subj, name_key(subj), m.subject_type, false);
    uint32_t ok = name_key(obj);
    bool demonym = cross && ot == kNorp && st == kPerson && EndsWithOf(store.str(m.relation)) &&
                   !DemonymCountry(CanonicalKey(keys[ok])).empty();
    obj_raw[i] = raw_entity(obj, ok, m.object_type, demonym);
  }

  // 4. Canonical and variant keys per raw name; what its surface forms look like.
  std::vector<std::string> ckeys;
  std::unordered_map<std::string, uint32_t> ckey_index;
  auto intern_ckey = [&](std::string_view k) {
    auto [it, fresh] = ckey_index.emplace(std::string(k), static_cast<uint32_t>(ckeys.size()));
    if (fresh) ckeys.push_back(it->first);
    return it->second;
  };
  std::vector<uint32_t> key_ckey(keys.size());
  for (uint32_t k = 0; k < keys.size(); ++k) key_ckey[k] = cross ? intern_ckey(CanonicalKey(keys[k])) : k;
  if (!cross)
    for (uint32_t k = 0; k < keys.size(); ++k) ckeys.push_back(keys[k]);
  std::vector<uint32_t> ckey_variant(ckeys.size());
  for (uint32_t c = 0; c < ckey_variant.size(); ++c) ckey_variant[c] = c;
  if (cross) {
    size_t n = ckeys.size();
    for (uint32_t c = 0; c < n; ++c) {
      std::string_view v = VariantKey(ckeys[c]);
      if (v != ckeys[c]) ckey_variant[c] = intern_ckey(v);
    }
    ckey_variant.resize(ckeys.size());
    for (uint32_t c = static_cast<uint32_t>(n); c < ckeys.size(); ++c) ckey_variant[c] = c;
  }
  // Per key: written as an acronym, initials of its forms.
  std::vector<uint8_t> key_acronym(keys.size(), 0);
  std::vector<std::string> key_initials;
  if (cross) {
    key_initials.resize(keys.size());
    for (const auto& [sid, k] : key_of) {
      std::string_view s = store.str(sid);
      if (s.size() <= 12 && IsAcronymForm(s)) key_acronym[k] = 1;
      if (s.find(' ') != std::string_view::npos) {
        std::string ini = Initials(s);
        // Two forms of one key with different initials: keep the byte-smallest (deterministic).
        if (!ini.empty() && (key_initials[k].empty() || ini < key_initials[k])) key_initials[k] = ini;
      }
    }
  }
  for (Raw& r : raws) {
    if (r.demonym) {
      r.country = DemonymCountry(CanonicalKey(keys[r.key]));
      r.ckey = intern_ckey(CanonicalKey(r.country));
      if (r.ckey >= ckey_variant.size()) ckey_variant.push_back(r.ckey);
      r.vckey = ckey_variant[r.ckey];
      continue;
    }
    r.ckey = key_ckey[r.key];
    // An untyped name uses the variant table only when written with a capital ("US", not "us").
    r.vckey = r.lower ? r.ckey : ckey_variant[r.ckey];
  }
  auto type_class = [&](std::string_view t) { return cross ? TypeClass(t) : t; };

  // Raw names in a fixed order (by key, type), so merges and keep-apart conflicts do not
  // depend on the order of the store's mentions.
  std::vector<uint32_t> order(raws.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return std::tie(keys[raws[a].key], raws[a].type, raws[a].demonym, raws[a].lower) <
           std::tie(keys[raws[b].key], raws[b].type, raws[b].demonym, raws[b].lower);
  });

  // 5. Union-find over raw names, with the keep-apart sides and alias ids of each set.
  std::vector<uint32_t> parent(raws.size());
  std::iota(parent.begin(), parent.end(), 0u);
  std::vector<uint32_t> set_size(raws.size(), 1);
  auto find = [&](uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  constexpr uint32_t kNone = UINT32_MAX;
  std::vector<uint32_t> raw_alias(raws.size(), kNone);   // alias entry matched by the raw name
  std::vector<uint32_t> set_alias(raws.size(), kNone);   // alias group (first entry of the id)
  std::unordered_map<uint32_t, std::vector<uint32_t>> sides;  // root -> pair*2 + side
  if (apart)
    for (uint32_t r = 0; r < raws.size(); ++r) {
      if (raws[r].demonym) continue;
      const std::string& k = keys[raws[r].key];
      std::string ck = cross ? ckeys[raws[r].ckey] : CanonicalKey(k);
      auto v = sides_of(k, raws[r].type, ck);
      if (!v.empty()) sides[r] = std::move(v);
    }
  auto unite = [&](uint32_t a, uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return true;
    if (set_alias[a] != kNone && set_alias[b] != kNone && set_alias[a] != set_alias[b]) return false;
    if (!sides.empty()) {
      auto ia = sides.find(a), ib = sides.find(b);
      if (ia != sides.end() && ib != sides.end() && opposed(ia->second, ib->second)) return false;
    }
    if (b < a) std::swap(a, b);
    parent[b] = a;
    set_size[a] += set_size[b];
    if (set_alias[a] == kNone) set_alias[a] = set_alias[b];
    if (!sides.empty()) {
      auto ib = sides.find(b);
      if (ib != sides.end()) {
        auto moved = std::move(ib->second);
        sides.erase(ib);
        auto& va = sides[a];
        va.insert(va.end(), moved.begin(), moved.end());
      }
    }
    return true;
  };

  // 5a. Aliases: every raw name whose CanonicalKey is an alias form (and whose type fits the
  // entry's type, when it gives one) joins the other forms of that canonical id.
  std::vector<uint32_t> alias_group(opt.aliases.size());
  if (!opt.aliases.empty()) {
    std::unordered_map<std::string, uint32_t> first_of_id;
    std::unordered_map<std::string, uint32_t> by_form;
    for (uint32_t a = 0; a < opt.aliases.size(); ++a) {
      alias_group[a] = first_of_id.emplace(opt.aliases[a].id, a).first->second;
      by_form.emplace(CanonicalKey(opt.aliases[a].form), a);
    }
    std::unordered_map<uint32_t, uint32_t> anchor;  // alias group -> first raw
    for (uint32_t r : order) {
      if (raws[r].demonym) continue;
      auto it = by_form.find(cross ? ckeys[raws[r].ckey] : CanonicalKey(keys[raws[r].key]));
      if (it == by_form.end()) continue;
      const AliasEntry& e = opt.aliases[it->second];
      if (!e.type.empty() && !raws[r].type.empty() && TypeClass(e.type) != TypeClass(raws[r].type))
        continue;
      uint32_t grp = alias_group[it->second];
      auto [an, fresh] = anchor.emplace(grp, r);
      if (fresh) set_alias[find(r)] = grp;
      else if (!unite(an->second, r)) continue;  // kept apart: not this id's node
      raw_alias[r] = it->second;
    }
  }

  // 5b. Typed names with one variant key and one type class.
  std::map<std::pair<uint32_t, std::string_view>, uint32_t> typed_set;  // (vckey, class) -> raw
  for (uint32_t r : order) {
    if (raws[r].type.empty()) continue;
    auto [it, fresh] = typed_set.emplace(std::make_pair(raws[r].vckey, type_class(raws[r].type)), r);
    if (!fresh) unite(it->second, r);
  }

  // 5c. Initials: an acronym joins the one multi-word set whose initials spell it.
  std::vector<uint8_t> vckey_initials(ckeys.size(), 0);
  if (cross) {
    // initials -> (set root, class); a set's class is that of its typed names ("" if none).
    std::map<std::string_view, std::vector<std::pair<uint32_t, std::string_view>>> spelled;
    for (uint32_t r : order) {
      const std::string& ini = key_initials[raws[r].key];
      if (ini.empty() || raws[r].demonym || raws[r].type == kPerson) continue;
      if (raws[r].lower) continue;
      spelled[ini].push_back({r, type_class(raws[r].type)});
    }
    std::unordered_set<uint32_t> typed_vckeys;
    for (const auto& [kc, r] : typed_set) typed_vckeys.insert(kc.first);
    for (uint32_t r : order) {
      const Raw& a = raws[r];
      if (!key_acronym[a.key] || a.demonym || a.lower || a.type == kPerson) continue;
      // An acronym of the variant table ("US"), or an untyped one with typed names of its
      // key, is merged by those rules, not by initials.
      if (a.vckey != a.ckey || (a.type.empty() && typed_vckeys.count(a.vckey))) continue;
      auto it = spelled.find(ckeys[a.ckey]);
      if (it == spelled.end()) continue;
      std::string_view cls = type_class(a.type);
      std::vector<uint32_t> roots;
      bool clash = false;
      std::string_view seen_class;
      for (auto [m, mcls] : it->second) {
        if (!(cls.empty() || mcls.empty() || mcls == cls)) continue;
        uint32_t root = find(m);
        if (root == find(r)) continue;
        if (!mcls.empty()) {
          if (!seen_class.empty() && seen_class != mcls) clash = true;
          seen_class = mcls;
        }
        roots.push_back(root);
      }
      std::sort(roots.begin(), roots.end());
      roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
      if (roots.size() != 1 || clash) continue;
      if (unite(roots[0], r)) vckey_initials[a.vckey] = 1;
    }
  }

  // 5d. Untyped names join the one typed set of their key; else untyped names of one key
  // are one set.
  {
    // vckey -> typed raws (for capitalised untyped names); ckey -> typed raws (for names in
    // lower case, which do not read the variant table).
    std::unordered_map<uint32_t, std::vector<uint32_t>> typed_by_key, typed_by_ckey;
    for (uint32_t r : order)
      if (!raws[r].type.empty()) {
        typed_by_key[raws[r].vckey].push_back(r);
        if (cross) typed_by_ckey[raws[r].ckey].push_back(r);
      }
    std::unordered_map<uint32_t, uint32_t> untyped_set;  // vckey -> first untyped raw
    for (uint32_t r : order) {
      if (!raws[r].type.empty()) continue;
      uint32_t root = find(r);
      bool joined = set_size[root] > 1 || set_alias[root] != kNone;
      // A pronoun left untyped ("us", "it") never joins a typed node.
      if (!joined && !(raws[r].lower && IsPronounKey(keys[raws[r].key]))) {
        auto& index = raws[r].lower ? typed_by_ckey : typed_by_key;
        auto it = index.find(raws[r].lower ? raws[r].ckey : raws[r].vckey);
        if (it != index.end()) {
          std::vector<uint32_t> roots;
          for (uint32_t t : it->second) roots.push_back(find(t));
          std::sort(roots.begin(), roots.end());
          roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
          if (roots.size() == 1) joined = unite(roots[0], r);
        }
      }
      if (!joined) {
        auto [it, fresh] = untyped_set.emplace(raws[r].vckey, r);
        if (!fresh) unite(it->second, r);
      }
    }
  }

  // 6. Sets -> provisional groups; type votes; the majority type.
  std::vector<uint32_t> group_of(raws.size());
  uint32_t n_groups = 0;
  {
    std::vector<uint32_t> root_group(raws.size(), kNone);
    for (uint32_t r : order) {
      uint32_t root = find(r);
      if (root_group[root] == kNone) root_group[root] = n_groups++;
      group_of[r] = root_group[root];
    }
  }
  struct Group {
    std::string type;
    std::vector<std::pair<std::string, uint32_t>> votes;
    uint32_t alias = kNone;          // first alias entry of its canonical id
    std::string_view fallback;       // a demonym's country when no form votes for the label
    std::string label;
  };
  std::vector<Group> groups(n_groups);
  {
    std::vector<std::tuple<uint32_t, std::string_view, uint32_t>> votes;  // (group, type, count)
    for (uint32_t r = 0; r < raws.size(); ++r) {
      Group& gr = groups[group_of[r]];
      if (set_alias[find(r)] != kNone) gr.alias = set_alias[find(r)];
      if (raws[r].demonym && gr.fallback.empty()) gr.fallback = raws[r].country;
      if (!raws[r].type.empty()) votes.emplace_back(group_of[r], raws[r].type, raws[r].count);
    }
    std::sort(votes.begin(), votes.end());
    for (size_t i = 0; i < votes.size();) {
      size_t j = i;
      Group& gr = groups[std::get<0>(votes[i])];
      while (j < votes.size() && std::get<0>(votes[j]) == std::get<0>(votes[i])) {
        if (!gr.votes.empty() && gr.votes.back().first == std::get<1>(votes[j]))
          gr.votes.back().second += std::get<2>(votes[j]);
        else
          gr.votes.emplace_back(std::string(std::get<1>(votes[j])), std::get<2>(votes[j]));
        ++j;
      }
      std::sort(gr.votes.begin(), gr.votes.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : TypeWinsTie(a.first, b.first);
      });
      gr.type = gr.votes[0].first;
      if (gr.votes.size() == 1) gr.votes.clear();
      i = j;
    }
    for (Group& gr : groups)
      if (gr.alias != kNone) {
        const AliasEntry& e = opt.aliases[gr.alias];
        gr.label = e.label;
        if (!e.type.empty()) gr.type = e.type;
      }
  }
  // The surface a mention names (its form when the keep-apart file undid a rename).
  auto subj_surface = [&](uint32_t i) {
    return !subj_reverted.empty() && subj_reverted[i] ? store.extra(ms[i]).subject_form : ms[i].subject;
  };
  auto obj_surface = [&](uint32_t i) {
    return !obj_reverted.empty() && obj_reverted[i] ? store.extra(ms[i]).object_form : ms[i].object;
  };

  // 7. Labels, aliases, mention counts, documents per group. Uses are sorted as integers
  // (group, surface string id, document): 12 bytes each instead of string views. A demonym
  // read as its country gives no form (kNone sorts last).
  std::vector<Node> gnodes(n_groups);
  {
    struct NodeUse { uint32_t node, surface, doc; };
    std::vector<NodeUse> uses;
    uses.reserve(2 * size_t{n_mentions});
    for (uint32_t i = 0; i < n_mentions; ++i) {
      uint32_t s = group_of[subj_raw[i]], o = group_of[obj_raw[i]];
      uint32_t ss = subj_surface(i), os = raws[obj_raw[i]].demonym ? kNone : obj_surface(i);
      uses.push_back({s, ss, g.mention_document_[i]});
      if (o != s) uses.push_back({o, os, g.mention_document_[i]});
      else if (os != ss)  // same node, another spelling: an alias too
        uses.push_back({o, os, UINT32_MAX});
      ++gnodes[s].mentions;
      if (o != s) ++gnodes[o].mentions;
    }
    std::sort(uses.begin(), uses.end(), [](const NodeUse& x, const NodeUse& y) {
      return std::tie(x.node, x.surface, x.doc) < std::tie(y.node, y.surface, y.doc);
    });
    std::vector<std::pair<std::string_view, uint32_t>> forms;
    for (size_t i = 0; i < uses.size();) {
      uint32_t node = uses[i].node;
      forms.clear();
      std::vector<uint32_t>& docs = gnodes[node].documents;
      size_t j = i;
      uint32_t last_surface = kNone;
      for (; j < uses.size() && uses[j].node == node; ++j) {
        if (uses[j].surface != kNone) {
          if (uses[j].surface != last_surface) forms.emplace_back(store.str(uses[j].surface), 0);
          last_surface = uses[j].surface;
          ++forms.back().second;
        }
        if (uses[j].doc != UINT32_MAX) docs.push_back(uses[j].doc);
      }
      std::sort(docs.begin(), docs.end());
      docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
      std::sort(forms.begin(), forms.end());  // aliases in byte order
      Node& n = gnodes[node];
      Group& gr = groups[node];
      if (gr.label.empty()) gr.label = forms.empty() ? std::string(gr.fallback) : std::string(BestSurface(forms));
      n.label = gr.label;
      for (const auto& f : forms)
        if (f.first != n.label) n.aliases.emplace_back(f.first);
      i = j;
    }
  }

  // 8. Ids ("--2" ... for a repeated one), nodes sorted by id.
  std::vector<uint32_t> node_of_group(n_groups);
  {
    std::vector<std::pair<std::string, uint32_t>> ids(n_groups);
    for (uint32_t gi = 0; gi < n_groups; ++gi) {
      ids[gi] = {Join({TypeIdPart(groups[gi].type), ":", Slug(NameKey(groups[gi].label))}), gi};
    }
    std::sort(ids.begin(), ids.end());  // ties: group order, which follows the sorted names
    for (size_t i = 0; i < ids.size();) {
      size_t j = i + 1;
      while (j < ids.size() && ids[j].first == ids[i].first) ++j;
      for (size_t k = i + 1; k < j; ++k) ids[k].first += "--" + std::to_string(k - i + 1);
      i = j;
    }
    std::sort(ids.begin(), ids.end());
    g.nodes.resize(n_groups);
    for (uint32_t i = 0; i < n_groups; ++i) {
      uint32_t gi = ids[i].second;
      node_of_group[gi] = i;
      Node& n = g.nodes[i];
      n = std::move(gnodes[gi]);
      n.id = std::move(ids[i].first);
      n.type = groups[gi].type;
      n.type_votes = std::move(groups[gi].votes);
      if (!n.type_votes.empty()) ++g.type_conflicts;
      size_t colon = n.id.find(':');
      std::string_view id = n.id;
      n.iri_path = Join({"entity/", id.substr(0, colon), "/", id.substr(colon + 1)});
      if (groups[gi].alias != kNone) {
        n.canonical_id = opt.aliases[groups[gi].alias].id;
        n.same_as = opt.aliases[groups[gi].alias].iri;
      }
    }
  }
  gnodes = {};
  std::vector<uint32_t> node_of(raws.size());
  for (uint32_t r = 0; r < raws.size(); ++r) node_of[r] = node_of_group[group_of[r]];

  // Names kept as nodes of more than one type class.
  {
    std::vector<std::pair<uint32_t, std::string_view>> kc;
    for (uint32_t r = 0; r < raws.size(); ++r)
      if (!raws[r].type.empty()) kc.emplace_back(raws[r].vckey, type_class(raws[r].type));
    std::sort(kc.begin(), kc.end());
    kc.erase(std::unique(kc.begin(), kc.end()), kc.end());
    for (size_t i = 1; i < kc.size(); ++i)
      g.types_kept_apart += kc[i].first == kc[i - 1].first && (i < 2 || kc[i - 2].first != kc[i].first);
  }

  // 9. Merge records. The rule of each raw name relative to its node's own name (the label's
  // key and the node's type); then within-document renames from the store.
  {
    std::vector<uint32_t> rule(raws.size(), kNoRule);
    std::vector<uint32_t> home_key(g.nodes.size(), kNone), home_ckey(g.nodes.size(), kNone);
    for (uint32_t i = 0; i < g.nodes.size(); ++i) {
      auto it = key_index.find(NameKey(g.nodes[i].label));
      if (it != key_index.end()) {
        home_key[i] = it->second;
        home_ckey[i] = key_ckey[it->second];
      } else if (cross) {
        auto ic = ckey_index.find(CanonicalKey(g.nodes[i].label));
        if (ic != ckey_index.end()) home_ckey[i] = ic->second;
      }
    }
    for (uint32_t r = 0; r < raws.size(); ++r) {
      const Raw& x = raws[r];
      uint32_t n = node_of[r];
      const std::string& nt = g.nodes[n].type;
      if (raw_alias[r] != kNone) rule[r] = kAlias;
      else if (x.demonym) rule[r] = kDemonym;
      else if (x.key == home_key[n]) rule[r] = x.type.empty() ? (nt.empty() ? kNoRule : kUntyped)
                                                  : (x.type != nt ? kTypeMajority : kNoRule);
      else if (home_ckey[n] != kNone && x.ckey == home_ckey[n]) rule[r] = kNameKey;
      else if (vckey_initials[x.vckey] ||
               (home_ckey[n] != kNone && vckey_initials[ckey_variant[home_ckey[n]]]))
        rule[r] = kInitials;
      else if (home_ckey[n] != kNone && x.vckey == ckey_variant[home_ckey[n]]) rule[r] = kVariant;
      else if (x.type.empty() && !nt.empty()) rule[r] = kUntyped;
      else rule[r] = g.nodes[n].same_as.empty() ? kNameKey : kAlias;
    }
    // (node, form string id, rule, type string id, document)
    struct MergeUse { uint32_t node, form, rule, type, doc; };
    std::vector<MergeUse> mu;
    std::unordered_map<uint32_t, uint32_t> store_rule;  // rule string id -> rule index
    std::vector<std::string_view> rule_names(std::begin(kRuleNames), std::end(kRuleNames));
    auto rule_of_sid = [&](uint32_t sid) {
      auto [it, fresh] = store_rule.emplace(sid, static_cast<uint32_t>(rule_names.size()));
      if (fresh) rule_names.push_back(store.str(sid));
      return it->second;
    };
    for (uint32_t i = 0; i < n_mentions; ++i) {
      const Store::Mention& m = ms[i];
      const uint32_t d = g.mention_document_[i];
      if (rule[subj_raw[i]] != kNoRule)
        mu.push_back({node_of[subj_raw[i]], subj_surface(i), rule[subj_raw[i]], m.subject_type, d});
      if (rule[obj_raw[i]] != kNoRule)
        mu.push_back({node_of[obj_raw[i]], obj_surface(i), rule[obj_raw[i]], m.object_type, d});
      if (m.extra == 0) continue;
      const Store::Extra& x = store.extra(m);
      if (x.subject_form != 0 && (subj_reverted.empty() || !subj_reverted[i]))
        mu.push_back({node_of[subj_raw[i]], x.subject_form, rule_of_sid(x.subject_rule), m.subject_type, d});
      if (x.object_form != 0 && (obj_reverted.empty() || !obj_reverted[i]))
        mu.push_back({node_of[obj_raw[i]], x.object_form, rule_of_sid(x.object_rule), m.object_type, d});
    }
    std::sort(mu.begin(), mu.end(), [](const MergeUse& a, const MergeUse& b) {
      return std::tie(a.node, a.form, a.rule, a.type, a.doc) < std::tie(b.node, b.form, b.rule, b.type, b.doc);
    });
    for (size_t i = 0; i < mu.size();) {
      MergeRecord rec;
      rec.surface = std::string(store.str(mu[i].form));
      rec.type = std::string(store.str(mu[i].type));
      rec.into = g.nodes[mu[i].node].id;
      rec.rule = std::string(rule_names[mu[i].rule]);
      size_t j = i;
      for (; j < mu.size() && mu[j].node == mu[i].node && mu[j].form == mu[i].form &&
             mu[j].rule == mu[i].rule && mu[j].type == mu[i].type;
           ++j) {
        ++rec.mentions;
        if (rec.documents.empty() || rec.documents.back() != mu[j].doc) rec.documents.push_back(mu[j].doc);
      }
      g.merges.push_back(std::move(rec));
      i = j;
    }
    std::sort(g.merges.begin(), g.merges.end(), [](const MergeRecord& a, const MergeRecord& b) {
      return std::tie(a.into, a.surface, a.rule, a.type) < std::tie(b.into, b.surface, b.rule, b.type);
    });
  }

  // The name tables are done with: free them before the edges are built (the peak).
  key_of = {};
  key_index = {};
  keys = {};
  raw_index = {};
  raws = {};
  ckeys = {};
  ckey_index = {};
  parent = {};

  // 10. Relations, sorted by key, labelled by their most frequent surface form. With a
  // relation schema, a mention's relation key maps to a canonical relation when the types of
  // its two nodes fit (RelationSchema::Map); canonical relations are labelled by the schema.
  // Each mention gets a code: a raw key index (< raw_keys.size()), raw_keys.size() + 2 * the
  // index of a canonical relation + 1 when mapped through its `inverse` forms (the edge then
  // runs from the mention's object to its subject), or kDropped (schema_only, unmapped).
  constexpr uint32_t kDropped = UINT32_MAX;
  std::unordered_map<uint32_t, uint32_t> raw_key_of_sid;  // relation string id -> raw key index
  std::vector<std::string> raw_keys;
  {
    std::unordered_map<std::string, uint32_t> raw_key_index;
    for (const auto& m : ms) {
      if (raw_key_of_sid.count(m.relation)) continue;
      auto [it, fresh] = raw_key_index.emplace(RelationKey(store.str(m.relation)),
                                               static_cast<uint32_t>(raw_keys.size()));
      if (fresh) raw_keys.push_back(it->first);
      raw_key_of_sid.emplace(m.relation, it->second);
    }
  }
  const uint32_t n_raw = static_cast<uint32_t>(raw_keys.size());
  std::vector<uint32_t> rel_code(n_mentions);
  std::vector<bool> rel_inverted;  // sized only with a schema
  {
    const RelationSchema& schema = opt.relations;
    // Node types as small integers, so (raw key, subject type, object type) packs in 64 bits.
    std::vector<std::string_view> type_names;
    std::unordered_map<std::string_view, uint32_t> type_ids;
    std::vector<uint32_t> node_type(schema.empty() ? 0 : g.nodes.size());
    for (uint32_t n = 0; n < node_type.size(); ++n) {
      auto [it, fresh] = type_ids.emplace(g.nodes[n].type, static_cast<uint32_t>(type_names.size()));
      if (fresh) type_names.push_back(g.nodes[n].type);
      node_type[n] = it->second;
    }
    std::unordered_map<uint64_t, uint32_t> mapped;  // packed key -> code
    for (uint32_t i = 0; i < n_mentions; ++i) {
      uint32_t rk = raw_key_of_sid[ms[i].relation];
      if (schema.empty()) {
        rel_code[i] = rk;
        continue;
      }
      uint32_t st = node_type[node_of[subj_raw[i]]], ot = node_type[node_of[obj_raw[i]]];
      uint64_t packed = (uint64_t{rk} << 32) | (uint64_t{st} << 16) | ot;
      auto code_of = [&] {
        bool inv = false;
        const CanonicalRelation* c = schema.Map(raw_keys[rk], type_names[st], type_names[ot], &inv);
        return c ? n_raw + 2 * static_cast<uint32_t>(c - schema.relations.data()) + (inv ? 1 : 0)
                 : (opt.schema_only ? kDropped : rk);
      };
      if (type_names.size() > 0xFFFF) {  // too many types to pack: no cache
        rel_code[i] = code_of();
        g.mentions_unmapped_dropped += rel_code[i] == kDropped;
        g.mentions_mapped += rel_code[i] != kDropped && rel_code[i] >= n_raw;
        continue;
      }
      auto it = mapped.find(packed);
      if (it == mapped.end()) it = mapped.emplace(packed, code_of()).first;
      rel_code[i] = it->second;
      if (it->second == kDropped) ++g.mentions_unmapped_dropped;
      else if (it->second >= n_raw) ++g.mentions_mapped;
    }
  }
  {
    // key -> (canonical label or "", surface forms of its unmapped mentions with counts)
    std::map<std::string_view, std::pair<std::string_view, std::map<std::string_view, uint32_t>>> rel_forms;
    std::vector<uint32_t> code_seen(n_raw + 2 * opt.relations.relations.size(), 0);
    for (uint32_t i = 0; i < n_mentions; ++i) {
      uint32_t c = rel_code[i];
      if (c == kDropped) continue;
      if (c < n_raw) {
        ++rel_forms[raw_keys[c]].second[store.str(ms[i].relation)];
      } else if (!code_seen[c]) {
        const CanonicalRelation& cr = opt.relations.relations[(c - n_raw) / 2];
        rel_forms[cr.key].first = cr.label;
      }
      code_seen[c] = 1;
    }
    std::map<std::string_view, uint32_t> rel_index;
    for (auto& [key, info] : rel_forms) {
      rel_index[key] = static_cast<uint32_t>(g.relations.size());
      Relation r{std::string(key), {}, NcNameSlug(key)};
      if (!info.first.empty()) {
        r.label = std::string(info.first);
        r.canonical = true;
      } else {
        std::vector<std::pair<std::string_view, uint32_t>> fv(info.second.begin(), info.second.end());
        r.label = std::string(BestSurface(fv));
      }
      g.relations.push_back(std::move(r));
    }
    std::vector<uint32_t> rel_of_code(code_seen.size(), 0);
    for (uint32_t c = 0; c < code_seen.size(); ++c)
      if (code_seen[c])
        rel_of_code[c] = rel_index[c < n_raw ? std::string_view(raw_keys[c])
                                             : std::string_view(opt.relations.relations[(c - n_raw) / 2].key)];
    if (!opt.relations.empty()) rel_inverted.resize(n_mentions);
    for (uint32_t i = 0; i < n_mentions; ++i) {
      uint32_t& c = rel_code[i];
      if (c == kDropped) continue;
      if (c >= n_raw && ((c - n_raw) & 1)) rel_inverted[i] = true;
      c = rel_of_code[c];
    }
  }

  // 11. Edges: group mentions by (subject node, relation, object node); both vectors are
  // sorted by id and key, so sorting by index gives the documented order.
  struct Use { uint32_t s, r, o, m; };
  std::vector<Use> edge_uses;
  edge_uses.reserve(n_mentions - g.mentions_unmapped_dropped);
  for (uint32_t i = 0; i < n_mentions; ++i)
    if (rel_code[i] != kDropped) {
      uint32_t s = node_of[subj_raw[i]], o = node_of[obj_raw[i]];
      if (!rel_inverted.empty() && rel_inverted[i]) std::swap(s, o);  // an inverse form
      edge_uses.push_back({s, rel_code[i], o, i});
    }
  const uint32_t n_uses = static_cast<uint32_t>(edge_uses.size());
  subj_raw = {};
  obj_raw = {};
  rel_code = {};
  rel_inverted = {};
  auto ev_less = [&](uint32_t a, uint32_t b) {
    const auto &x = ms[a], &y = ms[b];
    auto key = [&](const Store::Mention& m) {
      const Store::Extra& e = store.extra(m);
      return std::make_tuple(store.str(m.source), store.str(m.date), store.str(m.sentence),
                             store.str(m.extractor), store.str(m.subject), store.str(m.relation),
                             store.str(m.object), m.confidence, e.sentence_index, e.char_begin,
                             e.char_end, e.flags, store.str(e.speaker), store.str(m.subject_type),
                             store.str(m.object_type), store.str(e.subject_form),
                             store.str(e.subject_rule), store.str(e.object_form),
                             store.str(e.object_rule));
    };
    return key(x) < key(y);
  };
  std::sort(edge_uses.begin(), edge_uses.end(), [&](const Use& a, const Use& b) {
    if (a.s != b.s) return a.s < b.s;
    if (a.r != b.r) return a.r < b.r;
    if (a.o != b.o) return a.o < b.o;
    return ev_less(a.m, b.m);
  });
  g.edge_evidence_.reserve(n_uses);
  for (const Use& u : edge_uses) g.edge_evidence_.push_back(u.m);
  auto same_edge = [&](uint32_t x, uint32_t y) {
    return edge_uses[x].s == edge_uses[y].s && edge_uses[x].r == edge_uses[y].r &&
           edge_uses[x].o == edge_uses[y].o;
  };
  size_t n_edges = 0;
  for (uint32_t i = 0; i < n_uses; ++i) n_edges += i == 0 || !same_edge(i - 1, i);
  g.edges.resize(n_edges);
  size_t e = 0;
  for (uint32_t i = 0; i < n_uses; ++e) {
    uint32_t j = i + 1;
    while (j < n_uses && same_edge(i, j)) ++j;
    const Use u = edge_uses[i];
    Edge& edge = g.edges[e];
    edge.source = u.s;
    edge.relation = u.r;
    edge.target = u.o;
    edge.weight = 0;  // distinct sources: evidence is sorted by source first
    edge.evidence_begin = i;
    edge.confidence = 0;
    edge.all_flags = TripleInput::kAllFlags;
    std::string_view first, last;
    for (uint32_t k = i; k < j; ++k) {
      const Store::Mention& m = ms[edge_uses[k].m];
      if (k == i || g.mention_document_[edge_uses[k].m] != g.mention_document_[edge_uses[k - 1].m]) ++edge.weight;
      edge.confidence = std::max(edge.confidence, m.confidence);
      edge.all_flags &= store.extra(m).flags;
      std::string_view d = store.str(m.date);
      if (d.empty()) continue;
      if (first.empty() || d < first) { first = d; edge.first_date = m.date; }
      if (last.empty() || d > last) { last = d; edge.last_date = m.date; }
    }
    i = j;
  }
  edge_uses = {};

  // With schema_only, nodes left without an edge are dropped (ids are kept: they were made
  // from every mention), with their merge records.
  if (opt.schema_only) {
    std::vector<uint32_t> new_index(g.nodes.size(), kNone);
    for (const Edge& x : g.edges) new_index[x.source] = new_index[x.target] = 0;
    uint32_t kept = 0;
    for (uint32_t& v : new_index)
      if (v != kNone) v = kept++;
    if (kept != g.nodes.size()) {
      std::unordered_set<std::string_view> dropped;
      for (uint32_t n = 0; n < g.nodes.size(); ++n)
        if (new_index[n] == kNone) dropped.insert(g.nodes[n].id);
      std::erase_if(g.merges, [&](const MergeRecord& r) { return dropped.count(r.into) != 0; });
      dropped.clear();
      for (uint32_t n = 0; n < g.nodes.size(); ++n)
        if (new_index[n] != kNone && new_index[n] != n) g.nodes[new_index[n]] = std::move(g.nodes[n]);
      g.nodes.resize(kept);
      g.type_conflicts = 0;
      for (const Node& n : g.nodes) g.type_conflicts += !n.type_votes.empty();
      for (Edge& x : g.edges) {
        x.source = new_index[x.source];
        x.target = new_index[x.target];
      }
    }
  }

  // 12. The topology for graph algorithms (edges are sorted by source, as CSR needs).
  // (The arcs are read straight from `edges`: no temporary list.)
  auto arc = [](const Edge& x) { return std::pair<uint32_t, uint32_t>(x.source, x.target); };
  g.topology = Topology(boost::edges_are_sorted,
                        boost::make_transform_iterator(g.edges.begin(), arc),
                        boost::make_transform_iterator(g.edges.end(), arc),
                        static_cast<uint32_t>(g.nodes.size()));
  return g;
}

}  // namespace relata
