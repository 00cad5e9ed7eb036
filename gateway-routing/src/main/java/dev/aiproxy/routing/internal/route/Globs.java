package dev.aiproxy.routing.internal.route;

/**
 * Model-name globs: {@code *} matches any run of characters, everything else matches itself. Linear in the text for
 * each star (no backtracking blow-up), so a glob may be matched against a client's header value.
 */
public final class Globs {
    private Globs() {
    }

    public static boolean matches(String glob, String text) {
        int g = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                resume = t;
            } else if (g < glob.length() && glob.charAt(g) == text.charAt(t)) {
                g++;
                t++;
            } else if (star >= 0) {
                // let the last star swallow one more character and try again from there
                g = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
