#include "train/perceptron_train.h"

#include <algorithm>
#include <cmath>

namespace relata::train {

void AveragedPerceptron::Score(const uint64_t* feats, size_t n, float* scores) const {
  for (size_t i = 0; i < n; ++i) {
    auto it = rows_.find(feats[i]);
    if (it == rows_.end()) continue;
    for (const Cell& c : it->second.cells) scores[c.cls] += c.w;
  }
}

void AveragedPerceptron::Bump(Row& row, int cls, float delta) {
  for (Cell& c : row.cells)
    if (c.cls == cls) {
      c.acc += static_cast<double>(c.w) * static_cast<double>(now_ - c.ts);
      c.ts = now_;
      c.w += delta;
      return;
    }
  row.cells.push_back(Cell{static_cast<uint16_t>(cls), delta, 0.0, now_});
}

void AveragedPerceptron::Update(const uint64_t* feats, size_t n, int truth, int guess, float amount) {
  if (truth != guess) {
    for (size_t i = 0; i < n; ++i) {
      Row& row = rows_[feats[i]];
      ++row.updates;
      Bump(row, truth, amount);
      Bump(row, guess, -amount);
    }
  }
  ++now_;
}

void AveragedPerceptron::Add(const uint64_t* feats, size_t n, int cls, float delta, bool count) {
  for (size_t i = 0; i < n; ++i) {
    Row& row = rows_[feats[i]];
    row.updates += count;
    Bump(row, cls, delta);
  }
}

nlp::SparseWeights AveragedPerceptron::Finish(uint32_t min_updates) const { return FinishMean({this}, min_updates); }

nlp::SparseWeights AveragedPerceptron::FinishMean(const std::vector<const AveragedPerceptron*>& models,
                                                  uint32_t min_updates) {
  // Average every cell of every model up to its clock; sum the models' averages per cell.
  struct Out {
    uint64_t key;
    std::vector<std::pair<uint16_t, double>> cells;
  };
  std::vector<Out> out;
  std::unordered_map<uint64_t, size_t> at;  // key -> index in out (looked up only)
  for (const AveragedPerceptron* m : models) {
    for (const auto& [key, row] : m->rows_) {
      if (row.updates < min_updates) continue;
      std::vector<std::pair<uint16_t, double>> cells;
      for (const Cell& c : row.cells) {
        double total = c.acc + static_cast<double>(c.w) * static_cast<double>(m->now_ - c.ts);
        double avg = total / static_cast<double>(m->now_);
        if (avg != 0) cells.emplace_back(c.cls, avg);
      }
      if (cells.empty()) continue;
      auto [it, added] = at.try_emplace(key, out.size());
      if (added) {
        out.push_back({key, std::move(cells)});
        continue;
      }
      // Merge by class (the cells of a row are in update order: sort both first).
      std::vector<std::pair<uint16_t, double>>& mine = out[it->second].cells;
      std::sort(mine.begin(), mine.end());
      std::sort(cells.begin(), cells.end());
      std::vector<std::pair<uint16_t, double>> merged;
      size_t i = 0, j = 0;
      while (i < mine.size() || j < cells.size()) {
        if (j == cells.size() || (i < mine.size() && mine[i].first < cells[j].first)) merged.push_back(mine[i++]);
        else if (i == mine.size() || cells[j].first < mine[i].first) merged.push_back(cells[j++]);
        else merged.emplace_back(mine[i].first, mine[i].second + cells[j].second), ++i, ++j;
      }
      mine = std::move(merged);
    }
  }
  // The mean, and the largest magnitude for the int16 scale.
  const double n = static_cast<double>(models.size());
  double max_abs = 0;
  for (Out& o : out)
    for (auto& [cls, v] : o.cells) {
      v /= n;
      max_abs = std::max(max_abs, std::fabs(v));
    }
  // Deterministic order (the hash map's order is not).
  std::sort(out.begin(), out.end(), [](const Out& a, const Out& b) { return a.key < b.key; });
  const int classes = models.empty() ? 0 : models[0]->classes_;
  float scale = max_abs > 0 ? static_cast<float>(max_abs / 32767.0) : 1.0f;
  nlp::SparseWeights w;
  w.Reset(classes, scale);
  std::vector<nlp::SparseWeights::Entry> row;
  for (auto& o : out) {
    std::sort(o.cells.begin(), o.cells.end());
    row.clear();
    for (const auto& [cls, avg] : o.cells) {
      long q = std::lround(avg / scale);
      if (q == 0) continue;  // below the quantum: no information kept
      row.push_back({cls, static_cast<int16_t>(std::clamp(q, -32767L, 32767L))});
    }
    w.AddRow(o.key, row);
  }
  return w;
}

}  // namespace relata::train
