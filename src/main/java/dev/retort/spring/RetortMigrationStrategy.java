package dev.retort.spring;

import dev.retort.Retort;

/**
 * What retort does at start-up. A bean of this type replaces the default, {@code upgrade} to
 * {@code retort.target}: for example check first, stamp a database that was created otherwise,
 * or upgrade to a named revision. It runs before any bean that uses the database, like the default.
 */
@FunctionalInterface
public interface RetortMigrationStrategy {
    void migrate(Retort retort);
}
