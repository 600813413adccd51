package dev.retort.transfer;

/** SQL text shared by the SQLite and the PostgreSQL side of the copy. */
final class Sql {
    private Sql() {
    }

    /** An identifier, always quoted (inner double quotes doubled): the same for SQLite and PostgreSQL. */
    static String quote(String ident) {
        return "\"" + ident.replace("\"", "\"\"") + "\"";
    }
}
