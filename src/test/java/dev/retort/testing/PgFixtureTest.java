package dev.retort.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@link PgFixture.DropAfterUse} (registered for every class by autodetection) drops a class's
 * databases once the class is over — kept for all its tests until then — so the server's data
 * directory stays small and its deletion at JVM exit stays within Surefire's 30 s exit timeout.
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class PgFixtureTest {
    private static String madeByFirst;

    @Nested
    @Order(1)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class First {
        @Test
        @Order(1)
        void aTestMakesADatabase() throws SQLException {
            String url = PgFixture.newDatabase();
            madeByFirst = url.substring(url.lastIndexOf('/') + 1);
            assertEquals(1, count(url, madeByFirst));
        }

        @Test
        @Order(2)
        void itIsThereForTheClassesNextTests() throws SQLException {
            assertEquals(1, count(PgFixture.newDatabase(), madeByFirst));
        }
    }

    @Nested
    @Order(2)
    class Second {
        @Test
        void itIsDroppedOnceThatClassIsOver() throws SQLException {
            assertEquals(0, count(PgFixture.newDatabase(), madeByFirst), madeByFirst + " is still there");
        }
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
