// RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 feeds through libxml2's XML parser, one article per
// item or entry.
//
// Hostile XML: the parser runs with XML_PARSE_NONET and without XML_PARSE_NOENT,
// XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR, XML_PARSE_XINCLUDE or XML_PARSE_HUGE, and a document
// type declaration stops the parse as soon as its name is read (before any entity
// declaration), so neither entity expansion ("billion laughs") nor external entities (XXE)
// can happen: feeds have no use for a DTD.
#include <climits>
#include <string>
#include <string_view>

#include <fmt/core.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "ingest/articles_internal.h"

namespace relata::ingest {
namespace {

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kRss1Ns = "http://purl.org/rss/1.0/";
constexpr std::string_view kContentNs = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view kDcNs = "http://purl.org/dc/elements/1.1/";

struct Guard {
  bool dtd = false;
  int line = 0;
  std::string first_error;  // the first error, which names the real fault
  int first_error_line = 0;
};

void FirstError(void* data, xmlErrorPtr e) {
  auto* ctxt = static_cast<xmlParserCtxtPtr>(data);
  auto* guard = ctxt ? static_cast<Guard*>(ctxt->_private) : nullptr;
  if (guard == nullptr || e == nullptr || e->level < XML_ERR_ERROR || !guard->first_error.empty()) return;
  guard->first_error = e->message ? FoldSpaces(e->message) : "parse error";
  guard->first_error_line = e->line;
}

void StopAtDoctype(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  auto* ctxt = static_cast<xmlParserCtxtPtr>(ctx);
  auto* guard = static_cast<Guard*>(ctxt->_private);
  if (guard && !guard->dtd) {
    guard->dtd = true;
    guard->line = ctxt->input ? ctxt->input->line : 0;
  }
  xmlStopParser(ctxt);
}

void StopAtEntity(void* ctx, const xmlChar*, int, const xmlChar*, const xmlChar*, xmlChar*) {
  StopAtDoctype(ctx, nullptr, nullptr, nullptr);
}

std::string_view Str(const xmlChar* s) {
  return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
}

std::string_view NsOf(const xmlNode* n) { return n->ns ? Str(n->ns->href) : std::string_view(); }

// An element by local name. "" namespace: none, Atom or RSS 1.0 (the feed's own elements).
bool Named(const xmlNode* n, std::string_view local, std::string_view ns = "") {
  if (n->type != XML_ELEMENT_NODE || Str(n->name) != local) return false;
  std::string_view actual = NsOf(n);
  if (ns.empty()) return actual.empty() || actual == kAtomNs || actual == kRss1Ns;
  return actual == ns;
}

const xmlNode* Child(const xmlNode* n, std::string_view local, std::string_view ns = "") {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next)
    if (Named(c, local, ns)) return c;
  return nullptr;
}

std::string Content(const xmlNode* n) {
  if (n == nullptr) return "";
  xmlChar* v = xmlNodeGetContent(n);
  std::string out(Str(v));
  xmlFree(v);
  return out;
}

std::string Prop(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetNoNsProp(n, reinterpret_cast<const xmlChar*>(name));
  std::string out(Str(v));
  xmlFree(v);
  return out;
}


// A text construct: Atom's type="text|html|xhtml"; RSS text that may hold escaped HTML.
Status TextConstruct(const xmlNode* n, bool rss, std::string& out) {
  out.clear();
  if (n == nullptr) return Status::Ok();
  std::string type = Prop(n, "type");
  for (char& c : type) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  if (type == "xhtml") {
    for (xmlNode* c = n->children; c != nullptr; c = c->next)
      if (c->type == XML_ELEMENT_NODE) {
        out = NodeText(c);
        break;
      }
    return Status::Ok();
  }
  if (!Prop(n, "src").empty()) return Status::Ok();  // Atom content held elsewhere
  std::string raw = Content(n);
  if (rss || type == "html" || type == "text/html") return HtmlFragmentToText(raw, out);
  if (type.empty() || type == "text" || type.rfind("text/", 0) == 0) out = CleanPlainText(raw);
  return Status::Ok();  // base64 or another media type: no text
}

std::string OneLine(std::string s) {
  for (char& c : s)
    if (c == '\n') c = ' ';
  return FoldSpaces(s);
}

// An absolute URL from a link that may be relative to xml:base or the feed's own link.
std::string ResolveLink(std::string_view link, const xmlNode* at, const std::string& feed_link) {
  if (link.empty()) return "";
  std::string direct = NormalizeUrl(link);
  if (!direct.empty()) return direct;
  std::string base;
  if (xmlChar* b = xmlNodeGetBase(at->doc, at)) {
    base = std::string(Str(b));
    xmlFree(b);
  }
  if (NormalizeUrl(base).empty()) base = feed_link;
  if (base.empty()) return "";
  std::string l(link);
  xmlChar* r = xmlBuildURI(reinterpret_cast<const xmlChar*>(l.c_str()), reinterpret_cast<const xmlChar*>(base.c_str()));
  std::string out = NormalizeUrl(Str(r));
  xmlFree(r);
  return out;
}

std::string AtomLink(const xmlNode* entry) {
  std::string best;
  for (const xmlNode* c = entry->children; c != nullptr; c = c->next) {
    if (!Named(c, "link")) continue;
    std::string rel = Prop(c, "rel");
    if (!rel.empty() && rel != "alternate") continue;
    std::string href = Prop(c, "href");
    if (href.empty()) continue;
    if (Prop(c, "type").empty() || Prop(c, "type") == "text/html") return href;
    if (best.empty()) best = href;
  }
  return best;
}

// "jane@example.org (Jane Doe)" -> "Jane Doe".
std::string RssAuthor(std::string a) {
  a = OneLine(a);
  size_t open = a.find('('), close = a.rfind(')');
  if (a.find('@') != std::string::npos && open != std::string::npos && close != std::string::npos && close > open)
    return FoldSpaces(std::string_view(a).substr(open + 1, close - open - 1));
  return a;
}

struct ParserCtxt {
  xmlParserCtxtPtr ctxt = nullptr;
  xmlDocPtr doc = nullptr;
  ~ParserCtxt() {
    if (doc) xmlFreeDoc(doc);
    if (ctxt) xmlFreeParserCtxt(ctxt);
  }
};

}  // namespace

Status ReadFeed(std::string_view bytes, const std::string& name, const IngestOptions& options,
                const ArticleSink& sink) {
  InitXml();
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    return Status::Error(fmt::format("{}: too large for the XML parser", name));
  if (Status s = CheckMarkupCost(bytes, false, name); !s.ok()) return s;
  ParserCtxt p;
  p.ctxt = xmlNewParserCtxt();
  if (p.ctxt == nullptr) return Status::Error(fmt::format("{}: out of memory", name));
  Guard guard;
  p.ctxt->_private = &guard;
  p.ctxt->sax->internalSubset = StopAtDoctype;
  p.ctxt->sax->externalSubset = StopAtDoctype;
  p.ctxt->sax->entityDecl = StopAtEntity;
  p.ctxt->sax->serror = FirstError;
  p.doc = xmlCtxtReadMemory(p.ctxt, bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
  if (guard.dtd)
    return Status::Error(fmt::format(
        "{}:{}: document type declaration refused: feeds may not declare a DTD or entities "
        "(guards against entity expansion and external entities)",
        name, guard.line));
  if (p.doc == nullptr || !p.ctxt->wellFormed) {
    const xmlError* e = xmlCtxtGetLastError(p.ctxt);
    std::string why = guard.first_error;
    int line = guard.first_error_line;
    if (why.empty()) {
      why = e && e->message ? FoldSpaces(e->message) : "parse failed";
      line = e ? e->line : 0;
    }
    return Status::Error(line > 0 ? fmt::format("{}:{}: not well-formed XML: {}", name, line, why)
                                  : fmt::format("{}: not well-formed XML: {}", name, why));
  }
  xmlNode* root = xmlDocGetRootElement(p.doc);
  if (root == nullptr) return Status::Error(fmt::format("{}: no root element", name));

  bool atom = false;
  const xmlNode* channel = nullptr;
  const xmlNode* items_parent = nullptr;
  std::string_view root_name = Str(root->name);
  if (root_name == "rss") {
    channel = Child(root, "channel");
    items_parent = channel ? channel : root;
  } else if (root_name == "RDF") {
    channel = Child(root, "channel");
    items_parent = root;
  } else if (root_name == "feed") {
    atom = true;
    channel = root;
    items_parent = root;
  } else {
    return Status::Error(fmt::format("{}:{}: not an RSS or Atom feed (the root element is <{}>)", name,
                                     xmlGetLineNo(root), root_name));
  }

  std::string feed_title, feed_link, feed_lang;
  if (channel != nullptr) {
    if (Status s = TextConstruct(Child(channel, "title"), !atom, feed_title); !s.ok())
      return Status::Error(fmt::format("{}:{}: {}", name, xmlGetLineNo(const_cast<xmlNode*>(channel)), s.message()));
    feed_title = OneLine(feed_title);
    feed_link = NormalizeUrl(atom ? AtomLink(channel) : Content(Child(channel, "link")));
    if (!atom) feed_lang = LanguageCode(Content(Child(channel, "language")));
  }
  const std::string& fallback_source = feed_title;
  std::string file_source = name;

  size_t emitted = 0;
  std::string_view item_name = atom ? "entry" : "item";
  for (const xmlNode* item = items_parent->children; item != nullptr; item = item->next) {
    if (!Named(item, item_name)) continue;
    Document doc;
    std::string where = fmt::format("{}:{}", name, xmlGetLineNo(const_cast<xmlNode*>(item)));
    std::string title, body;
    Status st = TextConstruct(Child(item, "title"), !atom, title);
    if (st.ok()) st = atom ? TextConstruct(Child(item, "content"), false, body)
                           : TextConstruct(Child(item, "encoded", kContentNs), true, body);
    if (st.ok() && body.empty())
      st = TextConstruct(Child(item, atom ? "summary" : "description"), !atom, body);
    if (!st.ok()) return Status::Error(fmt::format("{}: {}", where, st.message()));
    doc.title = OneLine(title);
    doc.text = body.empty() ? doc.title : body;
    if (doc.text.empty()) continue;  // nothing to read

    if (atom) {
      doc.url = ResolveLink(AtomLink(item), item, feed_link);
      if (doc.url.empty()) doc.url = NormalizeUrl(Content(Child(item, "id")));
      for (const char* d : {"published", "updated"})
        if (doc.date.empty()) doc.date = NormalizeDate(Content(Child(item, d)));
      for (const xmlNode* c = item->children; c != nullptr; c = c->next)
        if (Named(c, "author")) {
          std::string a = OneLine(Content(Child(c, "name")));
          if (!a.empty()) doc.author += (doc.author.empty() ? "" : ", ") + a;
        }
      if (const xmlNode* src = Child(item, "source")) {
        std::string t;
        if (TextConstruct(Child(src, "title"), false, t).ok()) doc.source = OneLine(t);
      }
      xmlChar* l = xmlNodeGetLang(item);
      if (std::string lang = LanguageCode(Str(l)); !lang.empty()) doc.language = lang;
      xmlFree(l);
    } else {
      doc.url = ResolveLink(Content(Child(item, "link")), item, feed_link);
      if (doc.url.empty())
        if (const xmlNode* g = Child(item, "guid"); g && Prop(g, "isPermaLink") != "false")
          doc.url = NormalizeUrl(Content(g));
      doc.date = NormalizeDate(Content(Child(item, "pubDate")));
      if (doc.author.empty() && Child(item, "author")) doc.author = RssAuthor(Content(Child(item, "author")));
      for (const xmlNode* c = item->children; c != nullptr; c = c->next)
        if (Named(c, "creator", kDcNs)) {
          std::string a = OneLine(Content(c));
          if (!a.empty() && doc.author.find(a) == std::string::npos)
            doc.author += (doc.author.empty() ? "" : ", ") + a;
        }
      doc.source = OneLine(Content(Child(item, "source")));
      if (!feed_lang.empty()) doc.language = feed_lang;
    }
    if (doc.date.empty()) doc.date = NormalizeDate(Content(Child(item, "date", kDcNs)));
    if (doc.source.empty()) doc.source = fallback_source;
    if (Status s = FinishDocument(doc, file_source, options.max_article_bytes, where); !s.ok()) return s;
    if (Status s = sink(std::move(doc)); !s.ok()) return s;
    ++emitted;
  }
  if (emitted == 0)
    return Status::Error(fmt::format("{}: the feed has no {} with a title or text", name,
                                     atom ? "entry" : "item"));
  return Status::Ok();
}

}  // namespace relata::ingest
