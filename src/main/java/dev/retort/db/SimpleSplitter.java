package dev.retort.db;

import java.util.ArrayList;
import java.util.List;

/** Placeholder splitter: cuts at semicolons that end a line. Replaced by the Flyway-backed one. */
final class SimpleSplitter implements StatementSplitter {
    static final SimpleSplitter INSTANCE = new SimpleSplitter();

    @Override
    public List<Statement> split(String sql, int firstLine) {
        List<Statement> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int start = -1;
        String[] lines = sql.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String t = line.strip();
            if (cur.length() == 0 && (t.isEmpty() || t.startsWith("--"))) {
                continue;
            }
            if (start < 0) {
                start = firstLine + i;
            }
            cur.append(line).append('\n');
            if (t.endsWith(";")) {
                String s = cur.toString().strip();
                out.add(new Statement(s.substring(0, s.length() - 1).strip(), start));
                cur.setLength(0);
                start = -1;
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(new Statement(cur.toString().strip(), start));
        }
        return out;
    }
}
