#include "core/analysis/pareto.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace plab::analysis {
namespace {

// Maps both objectives to "smaller is better" so that one algorithm serves every direction.
double canon(double v, Direction d) { return d == Direction::Minimize ? v : -v; }

bool usable(const ObjPoint& p) { return p.feasible && std::isfinite(p.x) && std::isfinite(p.y); }

struct Canon {
  double x, y;
  std::size_t index;
};

std::vector<Canon> canonical(const std::vector<ObjPoint>& pts, Directions d, const std::vector<bool>* skip = nullptr) {
  std::vector<Canon> out;
  out.reserve(pts.size());
  for (std::size_t i = 0; i < pts.size(); ++i)
    if (usable(pts[i]) && !(skip && (*skip)[i])) out.push_back({canon(pts[i].x, d.x), canon(pts[i].y, d.y), i});
  return out;
}

// Indices of the non-dominated points among `c` (minimisation of both), by a sweep over x.
std::vector<std::size_t> sweep_front(std::vector<Canon> c) {
  std::sort(c.begin(), c.end(), [](const Canon& a, const Canon& b) { return a.x != b.x ? a.x < b.x : a.y < b.y; });
  std::vector<std::size_t> front;
  double best_y = INFINITY;
  double front_x = NAN, front_y = NAN;  // the last kept point, to keep exact duplicates
  for (const auto& p : c) {
    if (p.y < best_y) {
      front.push_back(p.index);
      best_y = p.y;
      front_x = p.x;
      front_y = p.y;
    } else if (p.x == front_x && p.y == front_y) {
      front.push_back(p.index);
    }
  }
  return front;
}

}  // namespace

bool dominates(const ObjPoint& a, const ObjPoint& b, Directions d) {
  const double ax = canon(a.x, d.x), ay = canon(a.y, d.y), bx = canon(b.x, d.x), by = canon(b.y, d.y);
  return ax <= bx && ay <= by && (ax < bx || ay < by);
}

std::vector<std::size_t> non_dominated(const std::vector<ObjPoint>& pts, Directions d) {
  auto front = sweep_front(canonical(pts, d));
  std::sort(front.begin(), front.end(), [&](std::size_t a, std::size_t b) {
    return pts[a].x != pts[b].x ? pts[a].x < pts[b].x : pts[a].y < pts[b].y;
  });
  return front;
}

std::vector<int> pareto_ranks(const std::vector<ObjPoint>& pts, Directions d) {
  std::vector<int> rank(pts.size(), -1);
  std::vector<bool> done(pts.size(), false);
  for (int r = 0;; ++r) {
    auto c = canonical(pts, d, &done);
    if (c.empty()) break;
    for (std::size_t i : sweep_front(std::move(c))) {
      rank[i] = r;
      done[i] = true;
    }
  }
  return rank;
}

std::vector<std::size_t> top_k(const std::vector<ObjPoint>& pts, Directions d, std::size_t k) {
  const auto rank = pareto_ranks(pts, d);
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < pts.size(); ++i)
    if (rank[i] >= 0) idx.push_back(i);
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    if (rank[a] != rank[b]) return rank[a] < rank[b];
    return canon(pts[a].x, d.x) < canon(pts[b].x, d.x);
  });
  if (idx.size() > k) idx.resize(k);
  return idx;
}

std::optional<ObjPoint> nadir(const std::vector<ObjPoint>& pts, Directions d) {
  std::optional<ObjPoint> out;
  for (const auto& p : pts) {
    if (!usable(p)) continue;
    if (!out) {
      out = ObjPoint{p.x, p.y, true};
      continue;
    }
    if (canon(p.x, d.x) > canon(out->x, d.x)) out->x = p.x;
    if (canon(p.y, d.y) > canon(out->y, d.y)) out->y = p.y;
  }
  return out;
}

double hypervolume(const std::vector<ObjPoint>& pts, Directions d, const ObjPoint& ref) {
  const double rx = canon(ref.x, d.x), ry = canon(ref.y, d.y);
  std::vector<Canon> c;
  for (const auto& p : canonical(pts, d))
    if (p.x < rx && p.y < ry) c.push_back(p);
  auto front = sweep_front(c);  // indices into pts; rebuild the canonical front sorted by x
  std::vector<std::pair<double, double>> f;
  for (std::size_t i : front) f.emplace_back(canon(pts[i].x, d.x), canon(pts[i].y, d.y));
  std::sort(f.begin(), f.end());
  // Along x ascending the front's y descends: each point owns the slab up to the next point's x.
  double area = 0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    const double next_x = i + 1 < f.size() ? f[i + 1].first : rx;
    area += (next_x - f[i].first) * (ry - f[i].second);
  }
  return area;
}

}  // namespace plab::analysis
