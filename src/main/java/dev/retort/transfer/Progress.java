package dev.retort.transfer;

import dev.retort.api.CopyOptions.ProgressMode;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Per-table progress: a bar (rows, rows/s, ETA; me.tongfei:progressbar) on a terminal, plain lines
 * every few seconds otherwise.
 */
public interface Progress {
    void start(String table, long totalRows);

    void update(long rows, long bytes);

    /** {@code rows} read from the source, {@code copied} of them sent (fewer: rows left out, as orphans). */
    void finish(long rows, long copied, long bytes);

    /** AUTO: a bar if {@code System.console()} exists, else plain lines. */
    static Progress of(ProgressMode mode, PrintStream terminal, Consumer<String> log) {
        ProgressMode m = mode == ProgressMode.AUTO ? (System.console() != null ? ProgressMode.BAR : ProgressMode.LINES)
                : mode;
        return switch (m) {
            case BAR -> new Bar(terminal);
            case LINES -> new Lines(log);
            default -> new Progress() {
                public void start(String table, long totalRows) {
                }

                public void update(long rows, long bytes) {
                }

                public void finish(long rows, long copied, long bytes) {
                }
            };
        };
    }

    /** A progress bar per table. */
    final class Bar implements Progress {
        private final PrintStream out;
        private ProgressBar bar;

        Bar(PrintStream out) {
            this.out = out;
        }

        @Override
        public void start(String table, long totalRows) {
            bar = new ProgressBarBuilder().setTaskName(table).setInitialMax(totalRows).setUnit(" rows", 1)
                    .showSpeed().setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).build();
        }

        @Override
        public void update(long rows, long bytes) {
            bar.stepTo(rows);
        }

        @Override
        public void finish(long rows, long copied, long bytes) {
            bar.stepTo(rows);
            bar.close();
        }
    }

    /** A line every 5 seconds and one per table at the end. */
    final class Lines implements Progress {
        private final Consumer<String> log;
        private String table;
        private long total;
        private long t0;
        private long last;

        Lines(Consumer<String> log) {
            this.log = log;
        }

        @Override
        public void start(String table, long totalRows) {
            this.table = table;
            this.total = totalRows;
            this.t0 = System.nanoTime();
            this.last = t0;
        }

        @Override
        public void update(long rows, long bytes) {
            long now = System.nanoTime();
            if (now - last < 5_000_000_000L) {
                return;
            }
            last = now;
            double s = (now - t0) / 1e9;
            double rate = rows / s;
            long eta = rate > 0 ? Math.round((total - rows) / rate) : -1;
            log.accept(String.format(Locale.ROOT, "%s: %d/%d rows (%d%%), %.0f rows/s, %.1f MB/s, ETA %d s", table,
                    rows, total, total == 0 ? 100 : rows * 100 / total, rate, bytes / 1e6 / s, eta));
        }

        @Override
        public void finish(long rows, long copied, long bytes) {
            double s = Math.max(System.nanoTime() - t0, 1) / 1e9;
            String counted = copied == rows ? rows + " rows" : rows + " rows read, " + copied + " copied";
            log.accept(String.format(Locale.ROOT, "%s: %s in %.1f s (%.0f rows/s, %.1f MB/s)", table, counted, s,
                    rows / s, bytes / 1e6 / s));
        }
    }
}
