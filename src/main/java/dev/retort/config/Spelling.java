package dev.retort.config;

import java.util.Collection;
import java.util.Locale;
import java.util.function.Function;

/** "Did you mean": the known word nearest to a mistyped one. */
public final class Spelling {
    private Spelling() {
    }

    /** The candidate within edit distance 2 of {@code word} (the first of the nearest), else null. */
    public static String nearest(String word, Collection<String> candidates) {
        return nearest(word, candidates, Function.identity());
    }

    /** {@link #nearest} comparing lower-cased forms: {@code sslMode} finds {@code sslmode}, as it is written. */
    public static String nearestIgnoringCase(String word, Collection<String> candidates) {
        return nearest(word, candidates, s -> s.toLowerCase(Locale.ROOT));
    }

    /** {@code "; did you mean 'x'?"} for a {@link #nearest} result, "" for none. */
    public static String didYouMean(String near) {
        return near == null ? "" : "; did you mean '" + near + "'?";
    }

    private static String nearest(String word, Collection<String> candidates, Function<String, String> form) {
        String best = null;
        int bestDistance = 3;
        String w = form.apply(word);
        for (String c : candidates) {
            int d = distance(w, form.apply(c));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] tmp = prev;
            prev = cur;
            cur = tmp;
        }
        return prev[b.length()];
    }
}
