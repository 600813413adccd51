package dev.retort.ops;

import java.util.List;
import java.util.Map;

/**
 * The operations of a portable revision: upgrade, and downgrade (written or derived).
 *
 * @param lintIgnores the file's {@code # retort:lint-ignore RULE reason} comment lines, by line
 *                    number (each applies to the operation on the next line)
 */
public record PortableRevision(List<Operation> upgrade, List<Operation> downgrade, Map<Integer, String> lintIgnores) {
    public PortableRevision {
        upgrade = List.copyOf(upgrade);
        downgrade = List.copyOf(downgrade);
        lintIgnores = Map.copyOf(lintIgnores);
    }

    public List<Operation> operations(boolean up) {
        return up ? upgrade : downgrade;
    }
}
