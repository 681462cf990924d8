#pragma once
// Optimisation history: every evaluation of a metric in the order it was made and the best
// feasible value so far, for one run or several overlaid (e.g. BO against random search).

#include "core/analysis/history.h"
#include "widgets/plot_view.h"
#include "widgets/run_data.h"

class QComboBox;
class QCPGraph;
class QLabel;

namespace plab::widgets {

/// The history view: a metric picker, its direction, and the plot.
class HistoryView : public PlotView {
  Q_OBJECT
 public:
  explicit HistoryView(QWidget* parent = nullptr);

  void setRuns(const std::vector<RunData>& runs, const MetricCatalog& catalog);
  /// Chooses the metric; false when no point reports it.
  bool setMetric(const QString& name, Direction direction);

  QCustomPlot* plot() const override { return plot_; }
  QString csv() const override;
  /// The best-so-far curve of the i-th run shown (for tests and reports).
  std::vector<double> bestSoFar(int run_index) const;
  /// How many evaluations are ringed as selected (0 or 1).
  int markedCount() const;

 public slots:
  /// Rings the evaluation of this run and sequence (selected elsewhere, e.g. in the Pareto view).
  void markPoint(qint64 run, qint64 seq);

 private:
  void redraw();

  struct Series {
    std::int64_t run_id;
    QString name;
    std::vector<double> seq;
    std::vector<std::int64_t> point_seq;  // the store's sequence number of each evaluation
    std::vector<analysis::Evaluation> evals;
  };
  QCustomPlot* plot_;
  QComboBox *metric_, *dir_;
  QLabel* summary_;
  std::vector<RunData> runs_;
  std::map<std::string, MetricMeta> meta_;
  std::vector<Series> series_;
  QCPGraph* marker_ = nullptr;
  bool updating_ = false;
};

}  // namespace plab::widgets
