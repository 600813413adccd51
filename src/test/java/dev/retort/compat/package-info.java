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
 * <p>Both tests run on SQLite (files) and on PostgreSQL (two fresh databases per graph on the
 * server of {@link dev.retort.testing.PgFixture}; Alembic through Debian's python3-psycopg2 with a
 * {@code postgresql+psycopg2://} URL, retort with its {@code postgresql://} URL), offline
 * {@code --sql} output included, text for text ({@code BEGIN;}/{@code COMMIT;},
 * {@code INSERT ... RETURNING alembic_version.version_num}). PostgreSQL runs fewer graphs:
 * {@code retort.compat.pg.graphs} (5), {@code retort.compat.pg.ops} (20),
 * {@code retort.compat.pg.interopGraphs} (2); {@code retort.compat.dialects} (default
 * {@code sqlite,postgresql}) picks the dialects. One documented PostgreSQL difference: a failing
 * offline {@code --sql} command has printed {@code BEGIN;} before FAILED with Alembic, nothing
 * with retort ({@link dev.retort.compat.CompatSession#isBeginBeforeFailure}; strict with
 * {@code retort.compat.pg.strictFailedSqlPrefix=true}).
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
