// HTML pages through libxml2's HTML parser: the article's main text without page furniture,
// and its metadata from <meta>, <link rel=canonical>, <time> and JSON-LD.
//
// The parser runs with HTML_PARSE_NONET (no network) and XML_PARSE_HUGE: HTML has no entity
// declarations to expand, so HUGE only lifts the 10 MB text-node and 256-level depth limits;
// the input's size is bounded by the caller. Every walk over the tree is iterative, so a
// deeply nested page cannot overflow the stack.
#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/core.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <rapidjson/document.h>

#include "ingest/articles_internal.h"

namespace relata::ingest {

void InitXml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (Lower(a[i]) != Lower(b[i])) return false;
  return true;
}

std::string_view NameOf(const xmlNode* n) {
  return n->name ? std::string_view(reinterpret_cast<const char*>(n->name)) : std::string_view();
}

bool Is(const xmlNode* n, std::string_view name) {
  return n->type == XML_ELEMENT_NODE && EqualsNoCase(NameOf(n), name);
}

std::string Attr(const xmlNode* n, const char* name) {
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (a->name == nullptr || !EqualsNoCase(reinterpret_cast<const char*>(a->name), name)) continue;
    xmlChar* v = xmlNodeListGetString(n->doc, a->children, 1);
    std::string out = v ? reinterpret_cast<const char*>(v) : "";
    xmlFree(v);
    return out;
  }
  return "";
}

bool HasAttr(const xmlNode* n, const char* name) {
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next)
    if (a->name != nullptr && EqualsNoCase(reinterpret_cast<const char*>(a->name), name)) return true;
  return false;
}

std::string Content(const xmlNode* n) {
  xmlChar* v = xmlNodeGetContent(n);
  std::string out = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return out;
}

bool InList(std::string_view name, std::initializer_list<std::string_view> list) {
  for (std::string_view x : list)
    if (EqualsNoCase(name, x)) return true;
  return false;
}

// Elements whose content is never article text.
bool SkippedTag(std::string_view name) {
  return InList(name, {"script", "style", "noscript", "template", "nav", "header", "footer", "aside",
                       "form", "button", "select", "textarea", "input", "option", "iframe", "frame",
                       "frameset", "object", "embed", "svg", "math", "canvas", "audio", "video",
                       "picture", "img", "map", "figure", "head", "title", "meta", "link", "dialog",
                       "menu", "del", "s"});
}

bool BlockTag(std::string_view name) {
  return InList(name, {"address", "article", "blockquote", "body", "caption", "center", "dd",
                       "details", "div", "dl", "dt", "fieldset", "figcaption", "h1", "h2", "h3", "h4",
                       "h5", "h6", "hgroup", "hr", "html", "li", "main", "ol", "p", "pre", "section",
                       "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
                       "legend", "listing", "plaintext", "xmp"});
}

// Class or id tokens ("related-stories", "share_bar", "ad") that mark page furniture.
bool NoiseToken(std::string_view v) {
  std::string s = LowerAscii(v);
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find_first_of(" \t\n-_", i);
    if (j == std::string::npos) j = s.size();
    std::string_view t = std::string_view(s).substr(i, j - i);
    if (InList(t, {"ad", "ads", "advert", "advertisement", "advertising", "sponsored", "promo",
                   "share", "sharing", "social", "newsletter", "subscribe", "cookie", "cookies",
                   "consent", "related", "recommended", "comments", "comment", "breadcrumb",
                   "breadcrumbs", "sidebar", "popup", "modal", "paywall", "byline", "dateline",
                   "caption", "credit", "toolbar", "skip", "sronly", "visually"}))
      return true;
    i = j + 1;
  }
  return false;
}

bool Hidden(const xmlNode* n) {
  if (HasAttr(n, "hidden")) return true;
  if (EqualsNoCase(Attr(n, "aria-hidden"), "true")) return true;
  std::string role = LowerAscii(Attr(n, "role"));
  if (role == "navigation" || role == "banner" || role == "contentinfo" || role == "complementary" ||
      role == "search" || role == "dialog" || role == "alert")
    return true;
  std::string style = LowerAscii(Attr(n, "style"));
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  if (style.find("display:none") != std::string::npos || style.find("visibility:hidden") != std::string::npos)
    return true;
  return false;
}

// Visits the descendants of `root` in document order. `enter` returns true to descend into
// an element; `leave` is called after an entered element's content.
template <typename Enter, typename Leave>
void Walk(xmlNode* root, Enter&& enter, Leave&& leave) {
  xmlNode* n = root->children;
  while (n != nullptr) {
    bool descend = enter(n);
    if (descend && n->children != nullptr) {
      n = n->children;
      continue;
    }
    if (descend) leave(n);
    for (;;) {
      if (n->next != nullptr) {
        n = n->next;
        break;
      }
      n = n->parent;
      if (n == nullptr || n == root) {
        n = nullptr;
        break;
      }
      leave(n);
    }
  }
}

// The text of an element: blocks become paragraphs separated by blank lines, <br> a line
// break, white space folded; page furniture skipped.
class TextCollector {
 public:
  std::string Collect(xmlNode* root) {
    Walk(root, [this](xmlNode* n) { return Enter(n); }, [this](xmlNode* n) { Leave(n); });
    Break();
    std::string out;
    for (const std::string& p : paras_) {
      if (!out.empty()) out += "\n\n";
      out += p;
    }
    return out;
  }

 private:
  bool Enter(xmlNode* n) {
    switch (n->type) {
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        if (n->content) Text(reinterpret_cast<const char*>(n->content));
        return false;
      case XML_ELEMENT_NODE:
        break;
      default:
        return false;  // comments, processing instructions, entity references
    }
    std::string_view name = NameOf(n);
    if (SkippedTag(name) || Hidden(n)) return false;
    if (!InList(name, {"html", "body", "article", "main"}) &&
        (NoiseToken(Attr(n, "class")) || NoiseToken(Attr(n, "id"))))
      return false;
    if (EqualsNoCase(name, "br")) {
      cur_ += '\n';
      return false;
    }
    if (BlockTag(name)) Break();
    if (InList(name, {"pre", "listing", "plaintext", "xmp"})) ++pre_;
    return true;
  }

  void Leave(xmlNode* n) {
    std::string_view name = NameOf(n);
    if (InList(name, {"pre", "listing", "plaintext", "xmp"}) && pre_ > 0) --pre_;
    if (BlockTag(name)) Break();
    else if (InList(name, {"td", "th"})) cur_ += ' ';
  }

  void Text(const char* s) {
    if (pre_ > 0) {
      for (const char* p = s; *p; ++p) cur_ += *p == '\r' ? '\n' : *p;
      return;
    }
    for (const char* p = s; *p; ++p) {
      char c = *p;
      cur_ += (c == '\n' || c == '\r' || c == '\t' || c == '\f') ? ' ' : c;
    }
  }

  void Break() {
    if (cur_.empty()) return;
    std::string para;
    size_t i = 0;
    while (i <= cur_.size()) {
      size_t nl = cur_.find('\n', i);
      if (nl == std::string::npos) nl = cur_.size();
      std::string line = FoldSpaces(std::string_view(cur_).substr(i, nl - i));
      if (!line.empty()) {
        if (!para.empty()) para += '\n';
        para += line;
      }
      i = nl + 1;
    }
    if (!para.empty()) paras_.push_back(std::move(para));
    cur_.clear();
  }

  std::vector<std::string> paras_;
  std::string cur_;
  int pre_ = 0;
};

// ---------------------------------------------------------------- JSON-LD

struct LdArticle {
  int rank = 0;
  std::string headline, date, author, url, publisher, language, body;
};

std::string JsonText(const rapidjson::Value& v) {
  if (!v.IsString()) return "";
  return FoldSpaces(DecodeEntities(std::string_view(v.GetString(), v.GetStringLength())));
}

const rapidjson::Value* Member(const rapidjson::Value& o, const char* name) {
  if (!o.IsObject()) return nullptr;
  auto it = o.FindMember(name);
  return it == o.MemberEnd() ? nullptr : &it->value;
}

int TypeRank(const rapidjson::Value& o) {
  const rapidjson::Value* t = Member(o, "@type");
  if (t == nullptr) return 0;
  auto rank_of = [](std::string_view s) {
    if (s.size() > 18 && s.substr(0, 18) == "http://schema.org/") s.remove_prefix(18);
    if (s.size() > 19 && s.substr(0, 19) == "https://schema.org/") s.remove_prefix(19);
    if (s.size() >= 11 && s.substr(s.size() - 11) == "NewsArticle") return 3;
    if (s == "Article" || s == "Report" || s == "ScholarlyArticle" || s == "TechArticle" ||
        s == "SatiricalArticle")
      return 2;
    if (s == "BlogPosting" || s == "LiveBlogPosting" || s == "SocialMediaPosting") return 1;
    return 0;
  };
  int best = 0;
  if (t->IsString()) best = rank_of(std::string_view(t->GetString(), t->GetStringLength()));
  if (t->IsArray())
    for (const auto& x : t->GetArray())
      if (x.IsString()) best = std::max(best, rank_of(std::string_view(x.GetString(), x.GetStringLength())));
  return best;
}

std::string NameOrString(const rapidjson::Value& v) {
  if (v.IsString()) return JsonText(v);
  if (const rapidjson::Value* n = Member(v, "name")) return JsonText(*n);
  return "";
}

std::string IdOrString(const rapidjson::Value& v) {
  if (v.IsString()) return JsonText(v);
  if (const rapidjson::Value* n = Member(v, "@id")) return JsonText(*n);
  if (const rapidjson::Value* n = Member(v, "url")) return JsonText(*n);
  return "";
}

void ReadLdObject(const rapidjson::Value& o, LdArticle& best) {
  int rank = TypeRank(o);
  if (rank <= best.rank) return;
  LdArticle a;
  a.rank = rank;
  if (const rapidjson::Value* v = Member(o, "headline")) a.headline = JsonText(*v);
  if (a.headline.empty())
    if (const rapidjson::Value* v = Member(o, "name")) a.headline = JsonText(*v);
  for (const char* key : {"datePublished", "dateCreated"})
    if (const rapidjson::Value* v = Member(o, key); v && a.date.empty()) a.date = NormalizeDate(JsonText(*v));
  if (const rapidjson::Value* v = Member(o, "author")) {
    if (v->IsArray()) {
      for (const auto& x : v->GetArray()) {
        std::string name = NameOrString(x);
        if (!name.empty()) a.author += (a.author.empty() ? "" : ", ") + name;
      }
    } else {
      a.author = NameOrString(*v);
    }
  }
  if (const rapidjson::Value* v = Member(o, "url")) a.url = NormalizeUrl(IdOrString(*v));
  if (a.url.empty())
    if (const rapidjson::Value* v = Member(o, "mainEntityOfPage")) a.url = NormalizeUrl(IdOrString(*v));
  if (const rapidjson::Value* v = Member(o, "publisher")) a.publisher = NameOrString(*v);
  if (const rapidjson::Value* v = Member(o, "inLanguage")) a.language = NameOrString(*v);
  if (const rapidjson::Value* v = Member(o, "articleBody"); v && v->IsString())
    a.body = CleanPlainText(DecodeEntities(std::string_view(v->GetString(), v->GetStringLength())));
  best = std::move(a);
}

// Looks for article objects at the top, in arrays and in "@graph", to a bounded depth.
void FindLdArticles(const rapidjson::Value& v, int depth, LdArticle& best) {
  if (depth > 8) return;
  if (v.IsArray()) {
    for (const auto& x : v.GetArray()) FindLdArticles(x, depth + 1, best);
  } else if (v.IsObject()) {
    ReadLdObject(v, best);
    if (const rapidjson::Value* g = Member(v, "@graph")) FindLdArticles(*g, depth + 1, best);
  }
}

// ---------------------------------------------------------------- the page


bool InsideArticle(const xmlNode* n) {
  int depth = 0;
  for (const xmlNode* p = n->parent; p != nullptr && depth < 256; p = p->parent, ++depth)
    if (Is(p, "article") || Is(p, "main")) return true;
  return false;
}

size_t LineOf(std::string_view bytes, size_t offset) {
  return 1 + static_cast<size_t>(std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// "<!DOCTYPE x [ ... ]>": HTML never needs an internal subset; one is refused.
size_t InternalSubsetOffset(std::string_view bytes) {
  std::string_view head = bytes.substr(0, std::min<size_t>(bytes.size(), 1 << 16));
  std::string lower = LowerAscii(head);
  size_t d = lower.find("<!doctype");
  if (d == std::string::npos) return std::string::npos;
  size_t stop = lower.find_first_of(">[", d);
  if (stop == std::string::npos || lower[stop] != '[') return std::string::npos;
  return d;
}

constexpr int kHtmlOptions = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                             HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT | XML_PARSE_HUGE;

struct HtmlDoc {
  htmlParserCtxtPtr ctxt = nullptr;
  htmlDocPtr doc = nullptr;
  ~HtmlDoc() {
    if (doc) xmlFreeDoc(doc);
    if (ctxt) htmlFreeParserCtxt(ctxt);
  }
};

bool NameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == ':' || c == '.';
}

bool IsSpaceByte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Case-insensitive search for `needle` (lower case) from `from`.
size_t FindNoCase(std::string_view hay, std::string_view needle, size_t from) {
  while (from < hay.size()) {
    size_t lt = hay.find(needle[0], from);
    if (lt == std::string_view::npos) return lt;
    if (hay.size() - lt >= needle.size()) {
      bool eq = true;
      for (size_t k = 1; k < needle.size() && eq; ++k) eq = Lower(hay[lt + k]) == needle[k];
      if (eq) return lt;
    } else {
      return std::string_view::npos;
    }
    from = lt + 1;
  }
  return std::string_view::npos;
}

bool VoidElement(std::string_view n) {
  return InList(n, {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                    "source", "track", "wbr", "basefont", "frame", "isindex", "keygen"});
}

// Elements whose start closes an open <p> (libxml2's htmlStartClose, in part).
bool ClosesParagraph(std::string_view n) {
  return InList(n, {"p", "div", "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
                    "blockquote", "form", "hr", "section", "article", "aside", "header", "footer",
                    "nav", "main", "figure", "address", "fieldset", "center", "menu", "dir", "listing", "xmp"});
}

uint64_t NameHash(std::string_view n) {
  uint64_t h = 1469598103934665603ull;
  for (char c : n) h = (h ^ static_cast<unsigned char>(Lower(c))) * 1099511628211ull;
  return h;
}

}  // namespace

Status CheckMarkupCost(std::string_view b, bool html, const std::string& name) {
  // Budgets, in the units of each cost: libxml2 2.9.14 took 61 s for one element with 50,000
  // attributes (1.25e9 pairs) and 25 s for 100,000 unmatched end tags under 100,000 open
  // elements (1e10 stack entries looked at), on this project's machines. Below these budgets
  // the parser needs about a second at most; real pages use a tiny fraction of them.
  constexpr uint64_t kAttributeBudget = 50'000'000;    // sum of n*n over elements with n > 16
  constexpr uint64_t kEndTagBudget = 400'000'000;      // open elements looked at by end tags
  uint64_t attr_cost = 0, end_cost = 0;
  std::vector<uint64_t> stack;  // open elements (HTML only), as name hashes
  std::vector<std::string_view> names;
  auto fail = [&](size_t at, const std::string& why) {
    if (name.empty()) return Status::Error(fmt::format("{} (line {} of the HTML); refused", why, LineOf(b, at)));
    return Status::Error(fmt::format("{}:{}: {}; refused", name, LineOf(b, at), why));
  };
  size_t i = 0;
  while ((i = b.find('<', i)) != std::string_view::npos) {
    size_t start = i;
    if (b.compare(i, 4, "<!--") == 0) {
      size_t e = b.find("-->", i + 4);
      if (e == std::string_view::npos) break;
      i = e + 3;
      continue;
    }
    if (b.compare(i, 9, "<![CDATA[") == 0) {
      size_t e = b.find("]]>", i + 9);
      if (e == std::string_view::npos) break;
      i = e + 3;
      continue;
    }
    if (i + 1 < b.size() && (b[i + 1] == '!' || b[i + 1] == '?')) {
      size_t e = b.find('>', i + 2);
      if (e == std::string_view::npos) break;
      i = e + 1;
      continue;
    }
    bool end_tag = i + 1 < b.size() && b[i + 1] == '/';
    size_t n0 = i + (end_tag ? 2 : 1);
    if (n0 >= b.size() || !((b[n0] >= 'a' && b[n0] <= 'z') || (b[n0] >= 'A' && b[n0] <= 'Z'))) {
      i = n0;
      continue;
    }
    size_t n1 = n0;
    while (n1 < b.size() && NameChar(b[n1])) ++n1;
    std::string_view tag = b.substr(n0, n1 - n0);
    // Attributes up to the closing '>', quotes respected.
    uint64_t attrs = 0;
    bool in_token = false, self_closing = false;
    char quote = 0;
    size_t j = n1;
    for (; j < b.size(); ++j) {
      char c = b[j];
      if (quote) {
        if (c == quote) quote = 0;
        continue;
      }
      if (c == '>') break;
      if (c == '"' || c == '\'') {
        quote = c;
        continue;
      }
      if (IsSpaceByte(c) || c == '/') {
        in_token = false;
        self_closing = c == '/';
        continue;
      }
      self_closing = false;
      if (c == '=') {
        in_token = true;  // the value that follows is part of this attribute
        continue;
      }
      if (!in_token) {
        // A new attribute starts unless this token is the value after "name =".
        size_t k = j;
        while (k > n1 && IsSpaceByte(b[k - 1])) --k;
        if (!(k > n1 && b[k - 1] == '=')) ++attrs;
        in_token = true;
      }
    }
    if (attrs > 16) {
      attr_cost += attrs * attrs;
      if (attr_cost > kAttributeBudget)
        return fail(start, fmt::format("too many attributes on elements (this one has {})", attrs));
    }
    i = j < b.size() ? j + 1 : b.size();
    if (!html) continue;
    if (end_tag) {
      uint64_t h = NameHash(tag);
      size_t k = stack.size();
      while (k > 0 && stack[k - 1] != h) --k;
      end_cost += stack.size() - k + 1;
      if (end_cost > kEndTagBudget)
        return fail(start, fmt::format("end tags that close none of {} open elements", stack.size()));
      if (k > 0) {
        stack.resize(k - 1);
        names.resize(k - 1);
      }
      continue;
    }
    if (VoidElement(tag) || self_closing) continue;
    if (!names.empty() && EqualsNoCase(names.back(), "p") && ClosesParagraph(tag)) {
      stack.pop_back();
      names.pop_back();
    } else if (!names.empty() && EqualsNoCase(names.back(), tag) &&
               InList(tag, {"li", "dt", "dd", "tr", "td", "th", "option", "p"})) {
      stack.pop_back();
      names.pop_back();
    }
    stack.push_back(NameHash(tag));
    names.push_back(tag);
    if (EqualsNoCase(tag, "script") || EqualsNoCase(tag, "style")) {
      size_t e = FindNoCase(b, EqualsNoCase(tag, "script") ? "</script" : "</style", i);
      if (e == std::string_view::npos) break;
      i = e;
    }
  }
  return Status::Ok();
}

std::string DeclaredCharset(std::string_view bytes) {
  std::string lower = LowerAscii(bytes.substr(0, std::min<size_t>(bytes.size(), 4096)));
  size_t pos = 0;
  while ((pos = lower.find("charset", pos)) != std::string::npos) {
    size_t i = pos + 7;
    while (i < lower.size() && (lower[i] == ' ' || lower[i] == '\t')) ++i;
    if (i < lower.size() && lower[i] == '=') {
      ++i;
      while (i < lower.size() && (lower[i] == ' ' || lower[i] == '"' || lower[i] == '\'')) ++i;
      size_t j = i;
      while (j < lower.size() && (std::isalnum(static_cast<unsigned char>(lower[j])) || lower[j] == '-' ||
                                  lower[j] == '_' || lower[j] == '.' || lower[j] == ':'))
        ++j;
      if (j > i) return lower.substr(i, j - i);
    }
    pos += 7;
  }
  if (lower.rfind("<?xml", 0) == 0) {
    size_t e = lower.find("encoding", 0);
    size_t close = lower.find("?>");
    if (e != std::string::npos && close != std::string::npos && e < close) {
      size_t i = lower.find_first_of("\"'", e);
      if (i != std::string::npos && i < close) {
        size_t j = lower.find(lower[i], i + 1);
        if (j != std::string::npos && j < close) return lower.substr(i + 1, j - i - 1);
      }
    }
  }
  return "";
}

Status HtmlPage(std::string_view bytes, const std::string& encoding, const std::string& name,
                HtmlResult& out) {
  InitXml();
  if (size_t d = InternalSubsetOffset(bytes); d != std::string::npos)
    return Status::Error(fmt::format(
        "{}:{}: the document type declaration has an internal subset (entity declarations); "
        "refused",
        name, LineOf(bytes, d)));
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    return Status::Error(fmt::format("{}: too large for the HTML parser", name));
  if (Status s = CheckMarkupCost(bytes, true, name); !s.ok()) return s;
  HtmlDoc h;
  h.ctxt = htmlNewParserCtxt();
  if (h.ctxt == nullptr) return Status::Error(fmt::format("{}: out of memory", name));
  h.doc = htmlCtxtReadMemory(h.ctxt, bytes.data(), static_cast<int>(bytes.size()), nullptr,
                             encoding.c_str(), kHtmlOptions);
  xmlNode* root = h.doc ? xmlDocGetRootElement(h.doc) : nullptr;
  if (root == nullptr) {
    const xmlError* e = xmlCtxtGetLastError(h.ctxt);
    std::string why = e && e->message ? FoldSpaces(e->message) : "no element";
    return Status::Error(fmt::format("{}: not an HTML document ({})", name, why));
  }

  // One pass for the metadata and the candidate roots of the text.
  std::string title_tag, h1, html_lang;
  std::vector<std::pair<std::string, std::string>> metas;  // key (lower case), content
  std::string canonical, time_pub, time_article, time_any;
  std::vector<std::string> ld_scripts;
  xmlNode* article_body = nullptr;
  xmlNode* main = nullptr;
  xmlNode* body = nullptr;
  std::vector<xmlNode*> articles;
  int article_depth = 0;
  if (Is(root, "html")) html_lang = Attr(root, "lang");
  Walk(root,
       [&](xmlNode* n) {
         if (n->type != XML_ELEMENT_NODE) return false;
         std::string_view tag = NameOf(n);
         if (EqualsNoCase(tag, "meta")) {
           std::string key = Attr(n, "property");
           if (key.empty()) key = Attr(n, "name");
           if (key.empty()) key = Attr(n, "itemprop");
           if (key.empty()) key = Attr(n, "http-equiv");
           std::string content = Attr(n, "content");
           if (!key.empty() && !content.empty()) metas.emplace_back(LowerAscii(FoldSpaces(key)), FoldSpaces(content));
           return false;
         }
         if (EqualsNoCase(tag, "link")) {
           std::string rel = LowerAscii(Attr(n, "rel"));
           if (canonical.empty() && rel == "canonical") canonical = NormalizeUrl(Attr(n, "href"));
           return false;
         }
         if (EqualsNoCase(tag, "title")) {
           if (title_tag.empty()) title_tag = FoldSpaces(Content(n));
           return false;
         }
         if (EqualsNoCase(tag, "script")) {
           if (ld_scripts.size() < 32 && LowerAscii(FoldSpaces(Attr(n, "type"))) == "application/ld+json")
             ld_scripts.push_back(Content(n));
           return false;
         }
         if (EqualsNoCase(tag, "style")) return false;
         if (EqualsNoCase(tag, "time")) {
           std::string dt = NormalizeDate(Attr(n, "datetime"));
           if (!dt.empty()) {
             if (time_pub.empty() && (HasAttr(n, "pubdate") || EqualsNoCase(Attr(n, "itemprop"), "datePublished")))
               time_pub = dt;
             if (time_article.empty() && InsideArticle(n)) time_article = dt;
             if (time_any.empty()) time_any = dt;
           }
         }
         if (EqualsNoCase(tag, "h1") && h1.empty()) h1 = FoldSpaces(Content(n));
         if (EqualsNoCase(tag, "body") && body == nullptr) body = n;
         if (EqualsNoCase(tag, "article")) {
           // Only outermost articles are candidates: an outer one holds all its inner ones'
           // text, and disjoint candidates keep the collection below linear.
           if (article_depth == 0 && articles.size() < 64) articles.push_back(n);
           ++article_depth;
         }
         if (main == nullptr && (EqualsNoCase(tag, "main") || EqualsNoCase(Attr(n, "role"), "main"))) main = n;
         if (article_body == nullptr && EqualsNoCase(Attr(n, "itemprop"), "articleBody")) article_body = n;
         return true;
       },
       [&](xmlNode* n) {
         if (Is(n, "article") && article_depth > 0) --article_depth;
       });

  LdArticle ld;
  for (const std::string& script : ld_scripts) {
    rapidjson::Document d;
    d.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseCommentsFlag |
            rapidjson::kParseTrailingCommasFlag | rapidjson::kParseNanAndInfFlag>(script.data(), script.size());
    if (!d.HasParseError()) FindLdArticles(d, 0, ld);
  }
  auto meta = [&](std::initializer_list<std::string_view> keys) -> std::string {
    for (std::string_view k : keys)
      for (const auto& [key, value] : metas)
        if (key == k) return value;
    return "";
  };

  // The text: itemprop=articleBody, else the <article> with the most text, else <main>,
  // else <body>, else the JSON-LD articleBody.
  xmlNode* best_article = nullptr;
  size_t best_len = 0;
  std::string best_text;
  for (xmlNode* a : articles) {
    std::string t = TextCollector().Collect(a);
    if (best_article == nullptr || t.size() > best_len) {
      best_article = a;
      best_len = t.size();
      best_text = std::move(t);
    }
  }
  std::string text;
  if (article_body) text = TextCollector().Collect(article_body);
  if (text.empty() && best_article) text = std::move(best_text);
  if (text.empty() && main) text = TextCollector().Collect(main);
  if (text.empty()) {
    xmlNode* r = body ? body : root;
    text = TextCollector().Collect(r);
  }
  if (text.empty()) text = ld.body;
  out.text = std::move(text);

  for (const std::string& t : {ld.headline, meta({"og:title", "twitter:title", "dc.title", "title", "headline"}), h1, title_tag})
    if (out.title.empty() && !t.empty()) out.title = t;
  out.date = ld.date;
  if (out.date.empty()) {
    for (std::string_view k : {"article:published_time", "og:published_time", "datepublished",
                               "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.created",
                               "dcterms.date", "date", "pubdate", "publishdate", "publish-date",
                               "publish_date", "sailthru.date", "parsely-pub-date", "article.published",
                               "og:article:published_time"}) {
      std::string v = NormalizeDate(meta({k}));
      if (!v.empty()) { out.date = v; break; }
    }
  }
  for (const std::string& t : {time_pub, time_article, time_any})
    if (out.date.empty() && !t.empty()) out.date = t;
  out.author = ld.author;
  if (out.author.empty()) {
    std::string a = meta({"author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author"});
    if (a.empty()) {
      std::string aa = meta({"article:author"});
      if (NormalizeUrl(aa).empty()) a = aa;
    }
    if (a.empty()) {
      a = meta({"byl"});
      if (a.size() > 3 && EqualsNoCase(a.substr(0, 3), "by ")) a = a.substr(3);
    }
    out.author = FoldSpaces(a);
  }
  out.url = canonical;
  if (out.url.empty()) out.url = NormalizeUrl(meta({"og:url", "twitter:url"}));
  if (out.url.empty()) out.url = ld.url;
  out.source = meta({"og:site_name", "application-name", "dc.publisher"});
  if (out.source.empty()) out.source = ld.publisher;
  for (const std::string& l : {html_lang, ld.language, meta({"og:locale", "content-language", "language", "dc.language"})})
    if (out.language.empty()) out.language = LanguageCode(l);
  return Status::Ok();
}

Status HtmlFragmentToText(std::string_view utf8, std::string& out) {
  out.clear();
  if (utf8.find_first_of("<&") == std::string_view::npos) {
    out = CleanPlainText(utf8);
    return Status::Ok();
  }
  InitXml();
  if (utf8.size() > static_cast<size_t>(INT_MAX)) return Status::Error("HTML too large for the parser");
  if (size_t d = InternalSubsetOffset(utf8); d != std::string::npos)
    return Status::Error("HTML with an internal document type subset (entity declarations); refused");
  if (Status s = CheckMarkupCost(utf8, true, ""); !s.ok()) return s;
  HtmlDoc h;
  h.ctxt = htmlNewParserCtxt();
  if (h.ctxt == nullptr) return Status::Error("out of memory");
  h.doc = htmlCtxtReadMemory(h.ctxt, utf8.data(), static_cast<int>(utf8.size()), nullptr, "UTF-8", kHtmlOptions);
  xmlNode* root = h.doc ? xmlDocGetRootElement(h.doc) : nullptr;
  if (root == nullptr) return Status::Ok();
  xmlNode* body = nullptr;
  for (xmlNode* c = root->children; c != nullptr; c = c->next)
    if (Is(c, "body")) body = c;
  xmlNode* r = body ? body : root;
  out = TextCollector().Collect(r);
  return Status::Ok();
}

std::string NodeText(xmlNode* n) { return TextCollector().Collect(n); }

}  // namespace relata::ingest
