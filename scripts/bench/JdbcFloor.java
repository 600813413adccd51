import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The upgrade floor through the JVM and sqlite-jdbc instead of the sqlite3 shell: runs bench.sh's
 * floor.sql (retort's `upgrade head --sql` output, BEGIN/COMMIT around each revision) one
 * transaction per revision, and prints the milliseconds from the first connection to the end.
 * With "history" it also does what retort adds per revision: re-reads the version rows and writes a
 * 12-column history row, in the PERSIST journal retort's run uses, through one INSERT prepared once and
 * without sqlite-jdbc's generated-keys query, as retort does. It tells how much of retort's gap to the
 * sqlite3 floor is the JVM and the driver rather than retort:
 *
 *   java -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC -cp target/retort.jar scripts/bench/JdbcFloor.java \
 *       floor.sql /dev/shm/floor.db [history]
 */
public class JdbcFloor {
    public static void main(String[] args) throws Exception {
        String[] blocks = Files.readString(Path.of(args[0])).split("BEGIN;\n");
        boolean history = args.length > 2;
        List<List<String>> revisions = new ArrayList<>();
        for (int i = 1; i < blocks.length; i++) {
            List<String> statements = new ArrayList<>();
            for (String s : blocks[i].split(";\n")) {
                String sql = s.replaceAll("(?m)^--.*$", "").strip();
                if (!sql.isEmpty() && !sql.equals("COMMIT")) {
                    statements.add(sql);
                }
            }
            revisions.add(statements);
        }
        long t0 = System.nanoTime();
        Properties properties = new Properties();
        properties.setProperty("jdbc.get_generated_keys", "false");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[1], properties)) {
            PreparedStatement insertHistory = null;
            try (Statement st = c.createStatement()) {
                st.execute(blocks[0].replace(";", ""));
                if (history) {
                    st.executeQuery("PRAGMA journal_mode = PERSIST").close();
                    st.execute("CREATE TABLE h (id INTEGER PRIMARY KEY, revision TEXT, direction TEXT, f TEXT, t TEXT,"
                            + " checksum TEXT, file TEXT, dbu TEXT, osu TEXT, started TEXT, d INTEGER, s BOOLEAN, e TEXT)");
                    insertHistory = c.prepareStatement("INSERT INTO h (revision, direction, f, t, checksum,"
                            + " file, dbu, osu, started, d, s, e) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                }
            }
            for (List<String> statements : revisions) {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    if (history) {
                        try (ResultSet rs = st.executeQuery("SELECT version_num FROM alembic_version")) {
                            while (rs.next()) {
                                rs.getString(1);
                            }
                        }
                    }
                    for (String sql : statements) {
                        st.execute(sql);
                    }
                }
                if (insertHistory != null) {
                    for (int k = 1; k <= 12; k++) {
                        insertHistory.setString(k, "x" + k);
                    }
                    insertHistory.executeUpdate();
                }
                c.setAutoCommit(true);
            }
        }
        System.out.println((System.nanoTime() - t0) / 1_000_000 + " ms");
    }
}
