package dev.retort.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@link PgFixture.DropAfterUse} (registered for every test by autodetection) drops a test's
 * databases when the test is over, so the server's data directory stays small and its deletion
 * at JVM exit stays within Surefire's 30 s exit timeout.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PgFixtureTest {
    private static String madeByTheFirstTest;

    @Test
    @Order(1)
    void aTestMakesADatabase() throws SQLException {
        String url = PgFixture.newDatabase();
        madeByTheFirstTest = url.substring(url.lastIndexOf('/') + 1);
        assertEquals(1, count(url, madeByTheFirstTest));
    }

    @Test
    @Order(2)
    void itIsDroppedOnceThatTestIsOver() throws SQLException {
        String url = PgFixture.newDatabase();
        assertEquals(0, count(url, madeByTheFirstTest), madeByTheFirstTest + " is still there");
    }

    private static int count(String url, String name) throws SQLException {
        try (Connection c = PgFixture.connect(url);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
