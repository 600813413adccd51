package dev.retort.db;

import dev.retort.api.Dialect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Creating a splitter must not load Flyway (startup cost), nor splitting plain statements; the
 * first split of a section with quotes does. Checked in a
 * fresh class loader, since other tests in this JVM have loaded Flyway already.
 */
class SplitterLazyLoadingTest {

    /** Loads everything itself (parent: the platform loader) and tells what it has loaded. */
    static final class IsolatedLoader extends URLClassLoader {
        IsolatedLoader(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        boolean hasLoaded(String className) {
            return findLoadedClass(className) != null;
        }
    }

    @Test
    void flywayLoadsOnFirstSplitOnly() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(toUrl(entry));
        }
        try (IsolatedLoader loader = new IsolatedLoader(urls.toArray(URL[]::new))) {
            Class<?> dialectClass = loader.loadClass(Dialect.class.getName());
            Class<?> splitterClass = loader.loadClass(StatementSplitter.class.getName());
            Object postgresql = dialectClass.getField("POSTGRESQL").get(null);
            Object sqlite = dialectClass.getField("SQLITE").get(null);
            Method forDialect = splitterClass.getMethod("forDialect", dialectClass);
            Object pgSplitter = forDialect.invoke(null, postgresql);
            Object sqliteSplitter = forDialect.invoke(null, sqlite);
            assertNotNull(pgSplitter);
            assertNotNull(sqliteSplitter);

            Method split = splitterClass.getMethod("split", String.class, int.class);
            split.invoke(pgSplitter, "   \n-- only a comment\n", 1); // blank: no parser needed
            assertNull(findFlyway(loader), "Flyway loaded before the first split");

            List<?> statements = (List<?>) split.invoke(sqliteSplitter, "SELECT 1;\nSELECT 2", 5);
            assertEquals(2, statements.size());
            assertNull(findFlyway(loader), "Flyway loaded for plain statements (PlainSql cuts them)");

            statements = (List<?>) split.invoke(sqliteSplitter, "SELECT 'a;b';\nSELECT 2", 5);
            assertEquals(2, statements.size());
            assertNotNull(findFlyway(loader), "a string literal should have loaded Flyway");
        }
    }

    private static String findFlyway(IsolatedLoader loader) {
        for (String name : List.of("org.flywaydb.core.internal.parser.Parser",
                "org.flywaydb.core.api.configuration.ClassicConfiguration",
                "dev.retort.db.FlywayBridge")) {
            if (loader.hasLoaded(name)) {
                return name;
            }
        }
        return null;
    }

    private static URL toUrl(String entry) {
        try {
            return new File(entry).toURI().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(entry, e);
        }
    }
}
