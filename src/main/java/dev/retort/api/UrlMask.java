package dev.retort.api;

/**
 * A database URL as retort shows it, whatever its form: the password of {@code user:password@}
 * (to the last {@code @}, so a password holding one is masked whole) and of a {@code password=}
 * parameter replaced by {@code XXXXX}. retort's own messages and the {@code toString} of its
 * records that hold a URL go through it; an application may use it for its logs too.
 */
public final class UrlMask {
    private UrlMask() {
    }

    /** {@code postgresql://app:XXXXX@db/app} for {@code postgresql://app:s3cret@db/app}; null for null. */
    public static String of(String url) {
        if (url == null) {
            return null;
        }
        // a password= parameter runs to the next one: a ; may be the password's
        String s = url.replaceAll("(?i)(password=)[^&]*", "$1XXXXX");
        int scheme = s.indexOf("://");
        int from = scheme < 0 ? 0 : scheme + 3;
        int colon = s.indexOf(':', from);
        int at = s.lastIndexOf('@');
        return colon >= 0 && at > colon ? s.substring(0, colon + 1) + "XXXXX" + s.substring(at) : s;
    }
}
