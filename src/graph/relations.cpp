// The relation schema file (include/relata/relations.h, docs/relations.md). A small JSON
// reader of our own keeps the byte offset of every value, so that every error, in the JSON
// or in what it says, names the line and column.
#include "relata/relations.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>

#include <fmt/core.h>

#include "relata/text.h"
#include "relata/types.h"

namespace relata {
namespace {

struct JsonValue {
  enum Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = kNull;
  size_t offset = 0;  // byte offset of the value's first character
  std::string text;   // a string's value
  std::vector<JsonValue> items;                                 // array
  std::vector<std::pair<std::pair<std::string, size_t>, JsonValue>> members;  // object: ((name, offset), value)
};

const char* KindName(JsonValue::Kind k) {
  switch (k) {
    case JsonValue::kNull: return "null";
    case JsonValue::kBool: return "a boolean";
    case JsonValue::kNumber: return "a number";
    case JsonValue::kString: return "a string";
    case JsonValue::kArray: return "an array";
    case JsonValue::kObject: return "an object";
  }
  return "?";
}

class Reader {
 public:
  Reader(std::string_view text, std::string_view name) : s_(text), name_(name) {}

  // "NAME:LINE:COLUMN: message" (lines and columns from 1, columns in bytes).
  Status Error(size_t offset, std::string_view message) const {
    size_t line = 1, col = 1;
    for (size_t i = 0; i < offset && i < s_.size(); ++i) {
      if (s_[i] == '\n') { ++line; col = 1; }
      else ++col;
    }
    return Status::Error(fmt::format("{}:{}:{}: {}", name_, line, col, message));
  }

  Status ParseDocument(JsonValue& out) {
    if (s_.size() >= 3 && s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 BOM
    if (Status st = Value(out, 0); !st.ok()) return st;
    Space();
    if (pos_ != s_.size()) return Error(pos_, "text after the JSON value");
    return Status::Ok();
  }

 private:
  void Space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }

  Status Value(JsonValue& v, int depth) {
    if (depth > 64) return Error(pos_, "nested too deeply");
    Space();
    v.offset = pos_;
    if (pos_ >= s_.size()) return Error(pos_, "unexpected end of file");
    char c = s_[pos_];
    if (c == '{') return Object(v, depth);
    if (c == '[') return Array(v, depth);
    if (c == '"') {
      v.kind = JsonValue::kString;
      return String(v.text);
    }
    for (auto [word, kind] : {std::pair{std::string_view("true"), JsonValue::kBool},
                              std::pair{std::string_view("false"), JsonValue::kBool},
                              std::pair{std::string_view("null"), JsonValue::kNull}})
      if (s_.substr(pos_, word.size()) == word) {
        v.kind = kind;
        pos_ += word.size();
        return Status::Ok();
      }
    if (c == '-' || (c >= '0' && c <= '9')) {
      size_t start = pos_;
      if (s_[pos_] == '-') ++pos_;
      while (pos_ < s_.size() && ((s_[pos_] >= '0' && s_[pos_] <= '9') || s_[pos_] == '.' ||
                                  s_[pos_] == 'e' || s_[pos_] == 'E' || s_[pos_] == '+' || s_[pos_] == '-'))
        ++pos_;
      if (pos_ == start + 1 && s_[start] == '-') return Error(start, "bad number");
      v.kind = JsonValue::kNumber;
      return Status::Ok();
    }
    return Error(pos_, fmt::format("unexpected character '{}'", c));
  }

  Status Object(JsonValue& v, int depth) {
    v.kind = JsonValue::kObject;
    ++pos_;
    Space();
    if (pos_ < s_.size() && s_[pos_] == '}') { ++pos_; return Status::Ok(); }
    while (true) {
      Space();
      if (pos_ >= s_.size()) return Error(pos_, "unexpected end of file in an object");
      if (s_[pos_] != '"') return Error(pos_, "expected a member name in double quotes");
      size_t name_at = pos_;
      std::string name;
      if (Status st = String(name); !st.ok()) return st;
      for (const auto& m : v.members)
        if (m.first.first == name) return Error(name_at, fmt::format("member \"{}\" given twice", name));
      Space();
      if (pos_ >= s_.size() || s_[pos_] != ':') return Error(pos_, "expected ':'");
      ++pos_;
      JsonValue item;
      if (Status st = Value(item, depth + 1); !st.ok()) return st;
      v.members.emplace_back(std::pair{std::move(name), name_at}, std::move(item));
      Space();
      if (pos_ >= s_.size()) return Error(pos_, "unexpected end of file in an object");
      if (s_[pos_] == ',') { ++pos_; continue; }
      if (s_[pos_] == '}') { ++pos_; return Status::Ok(); }
      return Error(pos_, "expected ',' or '}'");
    }
  }

  Status Array(JsonValue& v, int depth) {
    v.kind = JsonValue::kArray;
    ++pos_;
    Space();
    if (pos_ < s_.size() && s_[pos_] == ']') { ++pos_; return Status::Ok(); }
    while (true) {
      JsonValue item;
      if (Status st = Value(item, depth + 1); !st.ok()) return st;
      v.items.push_back(std::move(item));
      Space();
      if (pos_ >= s_.size()) return Error(pos_, "unexpected end of file in an array");
      if (s_[pos_] == ',') { ++pos_; continue; }
      if (s_[pos_] == ']') { ++pos_; return Status::Ok(); }
      return Error(pos_, "expected ',' or ']'");
    }
  }

  static void Utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) out += static_cast<char>(cp);
    else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool Hex4(uint32_t& cp) {
    if (pos_ + 4 > s_.size()) return false;
    cp = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s_[pos_ + i];
      cp <<= 4;
      if (c >= '0' && c <= '9') cp |= c - '0';
      else if (c >= 'a' && c <= 'f') cp |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') cp |= c - 'A' + 10;
      else return false;
    }
    pos_ += 4;
    return true;
  }

  Status String(std::string& out) {
    size_t start = pos_++;
    while (true) {
      if (pos_ >= s_.size()) return Error(start, "string not closed");
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') { ++pos_; return Status::Ok(); }
      if (c < 0x20) return Error(pos_, "control character in a string");
      if (c != '\\') { out += static_cast<char>(c); ++pos_; continue; }
      size_t esc = pos_++;
      if (pos_ >= s_.size()) return Error(start, "string not closed");
      char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          uint32_t cp;
          if (!Hex4(cp)) return Error(esc, "bad \\u escape");
          if (cp >= 0xD800 && cp < 0xDC00) {
            uint32_t lo;
            if (pos_ + 2 > s_.size() || s_[pos_] != '\\' || s_[pos_ + 1] != 'u') return Error(esc, "lone surrogate");
            pos_ += 2;
            if (!Hex4(lo) || lo < 0xDC00 || lo >= 0xE000) return Error(esc, "lone surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp < 0xE000) {
            return Error(esc, "lone surrogate");
          }
          Utf8(out, cp);
          break;
        }
        default: return Error(esc, fmt::format("bad escape '\\{}'", e));
      }
    }
  }

  std::string_view s_;
  std::string_view name_;
  size_t pos_ = 0;
};

}  // namespace

const CanonicalRelation* RelationSchema::Map(std::string_view relation_key, std::string_view subject_type,
                                             std::string_view object_type, bool* inverted) const {
  auto fits = [](const std::vector<std::string>& allowed, std::string_view t) {
    return allowed.empty() || std::find(allowed.begin(), allowed.end(), t) != allowed.end();
  };
  auto lists = [&](const std::vector<std::string>& forms) {
    return std::find(forms.begin(), forms.end(), relation_key) != forms.end();
  };
  for (const CanonicalRelation& r : relations) {
    bool inv = false;
    if (lists(r.from) && fits(r.subject, subject_type) && fits(r.object, object_type)) inv = false;
    else if (lists(r.inverse) && fits(r.subject, object_type) && fits(r.object, subject_type)) inv = true;
    else continue;
    if (inverted) *inverted = inv;
    return &r;
  }
  if (inverted) *inverted = false;
  return nullptr;
}

Result<RelationSchema> ParseRelationSchema(std::string_view text, std::string_view name) {
  Reader reader(text, name);
  JsonValue root;
  if (Status st = reader.ParseDocument(root); !st.ok()) return st;
  if (root.kind != JsonValue::kObject)
    return reader.Error(root.offset, fmt::format("the schema must be a JSON object, not {}", KindName(root.kind)));
  RelationSchema schema;
  schema.name = std::string(name);
  std::map<std::string, size_t> canonical_at;  // key -> offset of its first definition
  for (const auto& [member, value] : root.members) {
    const auto& [rel_name, name_at] = member;
    if (!rel_name.empty() && rel_name[0] == '$') continue;  // "$schema", "$comment"
    CanonicalRelation r;
    r.name = rel_name;
    r.key = RelationKey(rel_name);
    if (r.key.empty()) return reader.Error(name_at, "empty canonical relation name");
    if (auto it = canonical_at.find(r.key); it != canonical_at.end())
      return reader.Error(name_at, fmt::format("canonical relation \"{}\" defined twice (same key as an earlier one)", rel_name));
    canonical_at.emplace(r.key, name_at);
    if (value.kind != JsonValue::kObject)
      return reader.Error(value.offset, fmt::format("\"{}\": expected an object, found {}", rel_name, KindName(value.kind)));
    bool has_from = false;
    for (const auto& [field, fv] : value.members) {
      const auto& [field_name, field_at] = field;
      if (field_name == "label") {
        if (fv.kind != JsonValue::kString || RelationKey(fv.text).empty())
          return reader.Error(fv.offset, fmt::format("\"{}\".label: expected a non-empty string", rel_name));
        r.label = fv.text;
        continue;
      }
      if (field_name == "$comment") continue;
      if (field_name != "from" && field_name != "inverse" && field_name != "subject" && field_name != "object")
        return reader.Error(field_at, fmt::format("\"{}\": unknown member \"{}\" (from, inverse, subject, object, label)", rel_name, field_name));
      if (fv.kind != JsonValue::kArray)
        return reader.Error(fv.offset, fmt::format("\"{}\".{}: expected an array of strings, found {}", rel_name, field_name, KindName(fv.kind)));
      std::vector<std::string>& list = field_name == "from"      ? r.from
                                       : field_name == "inverse" ? r.inverse
                                       : field_name == "subject" ? r.subject
                                                                 : r.object;
      const bool forms = field_name == "from" || field_name == "inverse";
      for (const JsonValue& item : fv.items) {
        if (item.kind != JsonValue::kString)
          return reader.Error(item.offset, fmt::format("\"{}\".{}: expected a string, found {}", rel_name, field_name, KindName(item.kind)));
        std::string v = forms ? RelationKey(item.text) : CanonicalType(item.text);
        if (v.empty())
          return reader.Error(item.offset, fmt::format("\"{}\".{}: empty string", rel_name, field_name));
        if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(std::move(v));
      }
      if (forms) {
        has_from = true;
        if (list.empty()) return reader.Error(fv.offset, fmt::format("\"{}\".{}: no relation listed", rel_name, field_name));
      } else if (fv.items.empty()) {
        return reader.Error(fv.offset, fmt::format("\"{}\".{}: empty list (leave the member out to allow any type)", rel_name, field_name));
      }
    }
    if (!has_from) return reader.Error(value.offset, fmt::format("\"{}\": missing \"from\" (or \"inverse\")", rel_name));
    if (r.label.empty()) r.label = rel_name;
    schema.relations.push_back(std::move(r));
  }
  if (schema.relations.empty()) return reader.Error(root.offset, "no canonical relation defined");
  return schema;
}

Result<RelationSchema> LoadRelationSchema(const std::string& path) {
  std::error_code ec;
  if (path == "news" && !std::filesystem::exists(path, ec))
    return ParseRelationSchema(NewsRelationSchemaText(), "relations-news.json (built in)");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(fmt::format("{}: cannot read the relation schema", path));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::Error(fmt::format("{}: read error", path));
  return ParseRelationSchema(text, path);
}

}  // namespace relata
