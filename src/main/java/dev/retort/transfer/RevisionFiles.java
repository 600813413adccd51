package dev.retort.transfer;

import dev.retort.graph.Plan;
import java.nio.file.Path;
import java.util.List;

/**
 * How a copy reaches the revision files: given by {@code Retort.copy}, so that transfer needs no
 * front door of its own. They are read only when the target is empty and its schema is created.
 */
@FunctionalInterface
public interface RevisionFiles {
    /** Reads the revision files of {@code dirs} and checks the graph; a RetortException if they can't be read. */
    Upgrades read(List<Path> dirs);

    /** Plans on the graph read. */
    @FunctionalInterface
    interface Upgrades {
        /** The plan from the version rows {@code rows} to {@code targets}; a RetortException if unreachable. */
        Plan upgrade(List<String> rows, List<String> targets);
    }
}
