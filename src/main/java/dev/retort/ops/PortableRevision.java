package dev.retort.ops;

import java.util.List;

/** The operations of a portable revision: upgrade, and downgrade (written or derived). */
public record PortableRevision(List<Operation> upgrade, List<Operation> downgrade) {
    public PortableRevision {
        upgrade = List.copyOf(upgrade);
        downgrade = List.copyOf(downgrade);
    }

    public List<Operation> operations(boolean up) {
        return up ? upgrade : downgrade;
    }
}
