package dev.retort.api;

import java.util.List;

/** A revision that more than one revision revises, with those revisions (sorted by id). */
public record BranchPoint(RevisionInfo revision, List<RevisionInfo> children) {
    public BranchPoint {
        children = List.copyOf(children);
    }
}
