/**
 * retort against real Alembic 1.8.1 (Debian {@code python3-alembic}, always run with
 * {@code /usr/bin/python3}).
 *
 * <ul>
 *   <li>{@link dev.retort.compat.AlembicRandomCompatTest} — random graphs written as {@code .py}
 *       (Alembic) and {@code .sql} (retort) with the same ids and file-name order; the same
 *       commands on two SQLite files; rows, revisions run (log table), success/failure, FAILED
 *       text and stdout compared after every command.</li>
 *   <li>{@link dev.retort.compat.AlembicInteropTest} — both tools taking turns on one database.</li>
 *   <li>{@link dev.retort.compat.PythonHeaderCompatTest} — retort reading Alembic {@code .py}
 *       directories (every header form) prints what Alembic prints.</li>
 *   <li>{@link dev.retort.compat.AlembicDriverTest} — the in-process driver behaves like the CLI.</li>
 *   <li>{@link dev.retort.compat.CompatRepro} — re-run one reported case:
 *       {@code -Dretort.compat.repro.graph='a <- base; b <- a [lbl]; c <- a dep(lbl)'
 *       -Dretort.compat.repro.rows='b' -Dretort.compat.repro.commands='downgrade -1 | current'}.</li>
 * </ul>
 *
 * <p>Run: {@code mvn test -Dtest='Alembic*Test,PythonHeaderCompatTest,NormaliseTest'}. Options
 * (system properties): {@code retort.compat.seed} (default 20251206), {@code retort.compat.graphs}
 * (14), {@code retort.compat.ops} (32 per graph), {@code retort.compat.exclude} (regex of
 * generated commands to skip), {@code retort.compat.dump=true} (print Alembic's side),
 * {@code retort.compat.selfCheck=true} (Alembic on both sides: proves the harness). Full
 * mismatch reports go to {@code target/compat-report.txt}; a failure shows the first five.
 *
 * <p>Without Alembic the tests are skipped with a message on stderr; with
 * {@code RETORT_REQUIRE_ALEMBIC=1} (CI) they fail instead.
 *
 * <p>The only normalisations are of orders Alembic 1.8.1 takes from Python sets or from an
 * unordered SELECT; each is documented in {@link dev.retort.compat.Normalise} and
 * {@link dev.retort.compat.CompatSession}. Alembic's own file listing is made to sort by name
 * (as Alembic ≥ 1.10 does) inside the driver, so map order is the same for both tools.
 */
package dev.retort.compat;
