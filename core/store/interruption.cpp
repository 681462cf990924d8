#include "core/store/interruption.h"

#include <string>

#include "core/store/process_identity.h"
#include "core/store/sqlite_util.h"

namespace plab::store {

std::vector<std::int64_t> mark_interrupted_runs(sqlite3* db, const std::filesystem::path& proc_root) {
  struct Gone {
    std::int64_t id;
    ProcessIdentity owner;
  };
  std::vector<Gone> gone;
  {
    sql::Stmt st(db,
                 "SELECT id, host, pid, owner_boot_id, owner_start_time FROM runs WHERE status = 'running'");
    while (st.step()) {
      ProcessIdentity owner{st.col_text(1), st.col_int(2), st.col_text(3), st.col_int(4)};
      if (owner_liveness(owner, proc_root) == Liveness::Gone) gone.push_back({st.col_int(0), owner});
    }
  }
  std::vector<std::int64_t> marked;
  if (gone.empty()) return marked;
  sql::Tx tx(db);
  sql::Stmt up(db,
               "UPDATE runs SET status = 'interrupted', ended = last_activity, "
               "error = CASE WHEN error = '' THEN ?1 ELSE error END WHERE id = ?2 AND status = 'running'");
  for (const auto& g : gone) {
    up.bind_text(1, "interrupted: process " + std::to_string(g.owner.pid) + " on " +
                        (g.owner.host.empty() ? std::string("an unknown host") : g.owner.host) +
                        " ended without finishing the run");
    up.bind_int(2, g.id);
    up.run();
    if (sqlite3_changes(db) > 0) marked.push_back(g.id);
  }
  tx.commit();
  return marked;
}

}  // namespace plab::store
