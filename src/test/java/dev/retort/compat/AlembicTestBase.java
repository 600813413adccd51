package dev.retort.compat;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One Alembic driver process per test class. When /usr/bin/python3 cannot import Alembic 1.8.1,
 * every test is skipped (reported as skipped, with the reason printed once on stderr) — or fails
 * when RETORT_REQUIRE_ALEMBIC=1, as CI sets it.
 */
abstract class AlembicTestBase {
    static AlembicDriver alembic;

    @BeforeAll
    static void startAlembic() throws IOException {
        if (AlembicDriver.unavailableReason() == null) {
            alembic = AlembicDriver.start();
        }
    }

    @BeforeEach
    void requireAlembic() {
        AlembicDriver.assumeAvailable();
    }

    @AfterAll
    static void stopAlembic() {
        if (alembic != null) {
            alembic.close();
            alembic = null;
            if (Stats.total() > 0) {
                System.err.println(Stats.summary());
            }
            Stats.reset();
            int begin = CompatSession.BEGIN_BEFORE_FAILURE.getAndSet(0);
            if (begin > 0) {
                System.err.println("Documented PostgreSQL difference seen " + begin + " times: a failing offline --sql "
                        + "command prints BEGIN; before FAILED with Alembic, nothing with retort "
                        + "(-Dretort.compat.pg.strictFailedSqlPrefix=true reports it as a mismatch)");
            }
        }
    }
}
