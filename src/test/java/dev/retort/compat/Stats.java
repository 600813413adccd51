package dev.retort.compat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How often each command kind succeeded, failed (CommandError) or crashed in Alembic: coverage at a glance. */
final class Stats {
    private static final Map<String, int[]> COUNTS = new TreeMap<>();

    private Stats() {
    }

    static synchronized void count(List<String> command, Outcome alembic) {
        String key = command.get(0) + (command.contains("--sql") ? " --sql" : "")
                + (command.contains("--purge") ? " --purge" : "") + (command.contains("-i") ? " -i" : "");
        int[] c = COUNTS.computeIfAbsent(key, k -> new int[3]);
        c[alembic.exit() == 0 ? 0 : alembic.exit() == 255 ? 1 : 2]++;
    }

    static synchronized String summary() {
        StringBuilder sb = new StringBuilder("Alembic outcomes per command (ok / FAILED / traceback):\n");
        int total = 0;
        for (Map.Entry<String, int[]> e : COUNTS.entrySet()) {
            int[] c = e.getValue();
            total += c[0] + c[1] + c[2];
            sb.append(String.format("  %-22s %4d / %4d / %3d%n", e.getKey(), c[0], c[1], c[2]));
        }
        sb.append("  total commands: ").append(total);
        return sb.toString();
    }

    static synchronized int total() {
        return COUNTS.values().stream().mapToInt(c -> c[0] + c[1] + c[2]).sum();
    }

    static synchronized void reset() {
        COUNTS.clear();
    }
}
