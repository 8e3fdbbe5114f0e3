// An answer of relata query as an aligned text table, TSV or JSON (docs/query.md).
#include <cstdlib>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "exporters/escape.h"
#include "relata/query.h"

namespace relata {
namespace {

// Code points of UTF-8 text (the store keeps valid UTF-8).
size_t Width(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The first `width` code points, with "…" in place of the last when cut.
std::string Cut(std::string_view s, size_t width) {
  if (width == 0 || Width(s) <= width) return std::string(s);
  size_t points = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (points == width - 1) break;
      ++points;
    }
  }
  return std::string(s.substr(0, i)) + "\xE2\x80\xA6";
}

// Line breaks and tabs inside a cell would break the layout: shown as spaces.
std::string OneLine(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return out;
}

}  // namespace

std::string Table::Text() const {
  std::vector<size_t> shown;
  for (size_t c = 0; c < columns.size(); ++c)
    if (!columns[c].wide_only) shown.push_back(c);
  std::vector<std::vector<std::string>> cells(rows.size());
  std::vector<size_t> width(columns.size(), 0);
  for (size_t c : shown) width[c] = Width(columns[c].name);
  for (size_t r = 0; r < rows.size(); ++r) {
    cells[r].resize(columns.size());
    for (size_t c : shown) {
      cells[r][c] = Cut(OneLine(rows[r][c]), columns[c].max_width);
      width[c] = std::max(width[c], Width(cells[r][c]));
    }
  }
  std::string out;
  auto line = [&](auto cell_of) {
    std::string l;
    for (size_t k = 0; k < shown.size(); ++k) {
      size_t c = shown[k];
      std::string cell = cell_of(c);
      const bool right = columns[c].kind != kText;
      const size_t pad = width[c] - Width(cell);
      if (right) l.append(pad, ' ');
      l += cell;
      if (!right && k + 1 < shown.size()) l.append(pad, ' ');
      if (k + 1 < shown.size()) l += "  ";
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l;
    out += '\n';
  };
  line([&](size_t c) { return columns[c].name; });
  line([&](size_t c) { return std::string(width[c], '-'); });
  for (size_t r = 0; r < rows.size(); ++r) line([&](size_t c) { return cells[r][c]; });
  return out;
}

std::string Table::Tsv() const {
  std::string out;
  for (size_t c = 0; c < columns.size(); ++c) {
    if (c) out += '\t';
    escape::TsvField(out, columns[c].name);
  }
  out += '\n';
  for (const auto& row : rows) {
    for (size_t c = 0; c < columns.size(); ++c) {
      if (c) out += '\t';
      escape::TsvField(out, row[c]);
    }
    out += '\n';
  }
  return out;
}

std::string Table::Json(std::string_view command,
                        const std::vector<std::pair<std::string, std::string>>& extra) const {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("command");
  w.String(command.data(), static_cast<rapidjson::SizeType>(command.size()));
  for (const auto& [key, json] : extra) {
    w.Key(key.c_str(), static_cast<rapidjson::SizeType>(key.size()));
    w.RawValue(json.c_str(), json.size(), rapidjson::kObjectType);
  }
  w.Key("rows");
  w.StartArray();
  for (const auto& row : rows) {
    w.StartObject();
    for (size_t c = 0; c < columns.size(); ++c) {
      w.Key(columns[c].name.c_str(), static_cast<rapidjson::SizeType>(columns[c].name.size()));
      const std::string& v = row[c];
      if (columns[c].kind == kText) {
        w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
      } else if (v.empty()) {
        w.Null();
      } else if (columns[c].kind == kInt) {
        w.Int64(std::strtoll(v.c_str(), nullptr, 10));
      } else {
        w.RawValue(v.c_str(), v.size(), rapidjson::kNumberType);  // written by us as a number
      }
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

}  // namespace relata
