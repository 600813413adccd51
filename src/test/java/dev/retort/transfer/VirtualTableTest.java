package dev.retort.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The content= option of CREATE VIRTUAL TABLE as sqlite_master keeps it: quotes, spacing, case, comments. */
class VirtualTableTest {
    private static VirtualTable parse(String sql) {
        return VirtualTable.parse(sql);
    }

    @Test
    void tablesWithoutContentHoldTheirOwnRows() {
        assertEquals(new VirtualTable("fts5", null), parse("CREATE VIRTUAL TABLE docs USING fts5(body)"));
        assertEquals(new VirtualTable("rtree", null), parse("create virtual table rt using rtree(id, minx, maxx)"));
        assertEquals(new VirtualTable("fts4", null), parse("CREATE VIRTUAL TABLE d USING FTS4(body, tokenize=porter)"));
        // content_rowid= is another option; "content" inside a value or a column name is no option
        assertEquals(new VirtualTable("fts5", null), parse("CREATE VIRTUAL TABLE d USING fts5(a, content_rowid=id)"));
        assertEquals(new VirtualTable("fts5", null), parse("CREATE VIRTUAL TABLE d USING fts5(content, body)"));
        assertEquals(new VirtualTable("fts5", null),
                parse("CREATE VIRTUAL TABLE d USING fts5(a, tokenize = 'unicode61 tokenchars ''content=x''')"));
        // a module without arguments, a quoted module name
        assertEquals(new VirtualTable("mod", null), parse("CREATE VIRTUAL TABLE t USING mod"));
        assertEquals(new VirtualTable("fts5", null), parse("CREATE VIRTUAL TABLE t USING \"fts5\"(a)"));
    }

    @Test
    void externalContentNamesTheTableWhateverTheQuotesAndSpacing() {
        VirtualTable posts = new VirtualTable("fts5", "posts");
        assertEquals(posts, parse("CREATE VIRTUAL TABLE docs USING fts5(body, content='posts')"));
        assertEquals(posts, parse("CREATE VIRTUAL TABLE docs USING fts5(body, content=\"posts\")"));
        assertEquals(posts, parse("CREATE VIRTUAL TABLE docs USING fts5(body, content=posts, content_rowid=id)"));
        assertEquals(posts, parse("CREATE VIRTUAL TABLE docs USING fts5(body,content = [posts] )"));
        assertEquals(posts, parse("create virtual table docs using FTS5 ( body , CONTENT = `posts` )"));
        assertEquals(new VirtualTable("fts4", "posts"),
                parse("CREATE VIRTUAL TABLE f USING fts4(content=\"posts\", body)"));
        assertEquals(new VirtualTable("fts5", "it's \"x\""),
                parse("CREATE VIRTUAL TABLE d USING fts5(b, content='it''s \"x\"')"));
        assertEquals(new VirtualTable("fts5", "posts"), parse("CREATE VIRTUAL TABLE d USING fts5(\n"
                + "  body, -- the text, 'quoted'\n  /* from, posts */ content='posts'\n)"));
    }

    @Test
    void namesThatLookLikeTheSyntaxDoNotMislead() {
        assertEquals(new VirtualTable("fts5", null),
                parse("CREATE VIRTUAL TABLE \"a using b(content='x')\" USING fts5(body)"));
        assertEquals(new VirtualTable("fts5", "p"),
                parse("CREATE VIRTUAL TABLE IF NOT EXISTS main.[t(x, content=y)] USING fts5(\"a,b\", content=p)"));
    }

    @Test
    void contentlessIndexesHoldNoRows() {
        assertEquals(new VirtualTable("fts5", ""), parse("CREATE VIRTUAL TABLE d USING fts5(body, content='')"));
        assertEquals(new VirtualTable("fts5", ""),
                parse("CREATE VIRTUAL TABLE d USING fts5(body, content=\"\", contentless_delete=1)"));
        assertEquals(new VirtualTable("fts4", ""), parse("CREATE VIRTUAL TABLE d USING fts4(body, content='')"));
    }

    @Test
    void toFts3ContentIsAColumn() {
        // FTS3 has no options: it makes a column of "content=posts" and keeps its rows
        assertEquals(new VirtualTable("fts3", null), parse("CREATE VIRTUAL TABLE f USING fts3(content=posts, body)"));
    }
}
