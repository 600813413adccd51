package dev.retort.graph;

import java.util.List;

/**
 * What a command aims at, typed once where it enters the graph (Alembic passes a str, a tuple or
 * None): one identifier as typed ({@code head}, {@code ae10+2}, {@code label@-1}, {@code base}),
 * a tuple of ids (the version rows, the heads a merge joins), or none at all.
 */
public sealed interface Target permits Target.Symbol, Target.Tuple, Target.None {
    /** Alembic's None: no revision. */
    Target NONE = new None();

    /** One identifier as typed; null is {@link #NONE}. */
    static Target of(String text) {
        return text == null ? NONE : new Symbol(text);
    }

    /** A tuple of identifiers, each resolved on its own. */
    static Target of(List<String> ids) {
        return new Tuple(ids);
    }

    /** Alembic's to_tuple: the identifiers as a tuple. */
    List<String> tuple();

    /** Python's {@code "%s"} of the value: the text as is, a tuple as {@code ('a', 'b')}. */
    String pyStr();

    /** One identifier, resolved by Alembic's rules (keywords, prefixes, labels, relative steps). */
    record Symbol(String text) implements Target {
        public Symbol {
            java.util.Objects.requireNonNull(text);
        }

        @Override
        public List<String> tuple() {
            return List.of(text);
        }

        @Override
        public String pyStr() {
            return text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Several identifiers. */
    record Tuple(List<String> ids) implements Target {
        public Tuple {
            ids = List.copyOf(ids);
        }

        @Override
        public List<String> tuple() {
            return ids;
        }

        @Override
        public String pyStr() {
            List<String> parts = ids.stream().map(x -> "'" + x + "'").toList();
            return "(" + String.join(", ", parts) + (parts.size() == 1 ? ",)" : ")");
        }

        @Override
        public String toString() {
            return ids.toString();
        }
    }

    /** No revision (base). */
    record None() implements Target {
        @Override
        public List<String> tuple() {
            return List.of();
        }

        @Override
        public String pyStr() {
            return "None";
        }

        @Override
        public String toString() {
            return "None";
        }
    }
}
