// The one set of escaping functions per output syntax. Every exporter escapes through these
// and nothing else; tests/test_escape.cpp checks each with hostile strings.
//
// All take valid UTF-8 (the store guarantees it) and append to `out`.
#pragma once

#include <string>
#include <string_view>

namespace relata::escape {

// --- RDF (escape_rdf.cpp) -------------------------------------------------------------
// The body of a double-quoted N-Triples / N-Quads / Turtle string literal: \" and the ECHARs
// \t \b \n \r \f; a backslash as \u005C (rdflib before 6.2 misreads "\\n" as backslash +
// newline); every other C0 control and U+007F as \u00XX (NUL included: RDF literals may hold
// it); all else verbatim UTF-8.
void NTriplesString(std::string& out, std::string_view s);
// The body of an IRIREF (between < and >): characters IRIs forbid (controls, space,
// <>"{}|^`\) are percent-encoded as UTF-8 bytes; everything else verbatim.
void IriRef(std::string& out, std::string_view iri);
// True when `iri` can be written between < > unchanged: absolute (scheme ":"), and free of
// controls, space and <>"{}|^`\.
bool IsValidIri(std::string_view iri);

// --- Markup (escape_markup.cpp) -------------------------------------------------------
// XML 1.0 character data: & < > escaped; characters XML 1.0 cannot hold (C0 controls other
// than tab, LF, CR; U+FFFE, U+FFFF) removed; CR written as &#13; so it survives parsing.
void XmlText(std::string& out, std::string_view s);
// XML attribute value for a double-quoted attribute: as XmlText, plus " escaped and tab,
// LF, CR as character references (attribute normalisation would turn them into spaces).
void XmlAttr(std::string& out, std::string_view s);
// The body of a JSON string (RFC 8259): " \ and all C0 controls escaped (\n, \t, ... or
// \u00XX); U+2028 and U+2029 as \u2028 / \u2029 for JavaScript safety; all else verbatim.
void JsonString(std::string& out, std::string_view s);
// The body of a DOT double-quoted string: " and \ escaped, LF as \n, CR dropped, other
// controls removed (Graphviz rejects them).
void DotString(std::string& out, std::string_view s);
// A GraphML / GEXF value with no list inside, safe in element content and in double-quoted
// attributes: as XmlText plus " escaped, with control characters (tab, LF, CR, DEL and
// U+0080-U+009F included) replaced by a space, as consumers that edit values in a table expect.
void XmlFlat(std::string& out, std::string_view s);
// A TSV field (merge reports, query answers): tab, LF, CR and backslash written as \t, \n,
// \r, \\; all else verbatim.
void TsvField(std::string& out, std::string_view s);

}  // namespace relata::escape
