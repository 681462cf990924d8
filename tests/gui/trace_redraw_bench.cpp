// bench-trace-redraw: redrawing a 10-million-sample trace at a new zoom level (goal < 100 ms):
// the view asks the store for the visible window reduced to min/max buckets at screen
// resolution, then QCustomPlot replots. Runs offscreen; prints the time per redraw.
#include <benchmark/benchmark.h>

#include <QApplication>
#include <QTemporaryDir>
#include <cmath>
#include <memory>
#include <qcustomplot.h>

#include "test_store.h"
#include "widgets/trace_view.h"

namespace {

constexpr std::int64_t kSamples = 10'000'000;

struct Fixture {
  QTemporaryDir dir;
  std::filesystem::path db;
  std::int64_t run = 0;
  std::unique_ptr<plab::widgets::TraceView> view;
  Fixture() {
    db = dir.filePath("bench.sqlite").toStdString();
    run = plab::test::write_run(db, 10, kSamples);
    view = std::make_unique<plab::widgets::TraceView>();
    view->resize(1600, 600);
    view->setStoreFile(db);
    view->show();
    QApplication::processEvents();
    view->setTraces({{run, "power"}});
    view->plot()->replot(QCustomPlot::rpImmediateRefresh);
  }
};

std::unique_ptr<Fixture> g_fixture;  // destroyed before the QApplication

Fixture& fixture() {
  if (!g_fixture) g_fixture = std::make_unique<Fixture>();
  return *g_fixture;
}

// Each iteration zooms to a new window of `fraction` of the whole trace at a new position.
void BM_RedrawAtNewZoom(benchmark::State& state) {
  auto& f = fixture();
  const double total = static_cast<double>(kSamples) * 1e-3;
  const double width = total / static_cast<double>(state.range(0));
  double pos = 0;
  for (auto _ : state) {
    pos = width >= total ? 0.0 : std::fmod(pos + total * 0.137, total - width);
    f.view->setTimeRange(pos, pos + width);
    f.view->plot()->replot(QCustomPlot::rpImmediateRefresh);
  }
  state.counters["samples_in_window"] = static_cast<double>(kSamples) / static_cast<double>(state.range(0));
  state.counters["points_drawn"] = static_cast<double>(f.view->pointsDrawn().at(0));
}
BENCHMARK(BM_RedrawAtNewZoom)->Arg(1)->Arg(10)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond)->MinTime(0.5);

}  // namespace

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  benchmark::Initialize(&argc, argv);
  std::fprintf(stderr, "bench-trace-redraw: writing a %lld-sample trace...\n", static_cast<long long>(kSamples));
  fixture();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  g_fixture.reset();
  return 0;
}
