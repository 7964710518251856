package dev.mixlab.filters.pii;

/**
 * Where each {@link PiiRedactor.Kind}'s pattern can start a match, found by scanning for what the
 * pattern requires there. Each method returns the first such position at or after {@code from}, or
 * -1; it may name positions where the pattern then fails but never passes over one where it matches
 * (see {@code dev.mixlab.filters.AnchoredSearch}). The character classes are the patterns' own:
 * {@code \w} and {@code \d} are ASCII-only in Java regexes.
 */
final class PiiMatchStarts {

    private static final String[] AWS_KEY_PREFIXES = {"AKIA", "ASIA", "ABIA", "ACCA"};
    private static final int AWS_KEY_LENGTH = 20;
    private static final int MAX_IPV6_GROUP_DIGITS = 4;
    private static final int MAX_IPV4_OCTET_DIGITS = 3;

    private PiiMatchStarts() {}

    static int privateKey(String text, int from) {
        return text.indexOf("-----BEGIN ", from);
    }

    static int awsAccessKey(String text, int from) {
        for (int a = text.indexOf('A', from);
                a >= 0 && a + AWS_KEY_LENGTH <= text.length();
                a = text.indexOf('A', a + 1)) {
            for (String prefix : AWS_KEY_PREFIXES) {
                if (text.startsWith(prefix, a)) {
                    return a;
                }
            }
        }
        return -1;
    }

    static int githubToken(String text, int from) {
        int fineGrained = text.indexOf("github_pat_", from);
        int searchEnd = fineGrained < 0 ? text.length() : fineGrained;
        for (int g = text.indexOf("gh", from);
                g >= 0 && g < searchEnd;
                g = text.indexOf("gh", g + 1)) {
            if (g + 3 < text.length()
                    && "pousr".indexOf(text.charAt(g + 2)) >= 0
                    && text.charAt(g + 3) == '_') {
                return g;
            }
        }
        return fineGrained;
    }

    /**
     * The name part is {@code (?<![\w.-])[\w.-]*KEYWORD[\w.-]*}: it starts where a run of name
     * characters starts, and that run contains a keyword.
     */
    static int apiKey(String text, int from) {
        int searchFrom = from;
        for (int keyword = nextKeyword(text, searchFrom);
                keyword >= 0;
                keyword = nextKeyword(text, searchFrom)) {
            int runStart = keyword;
            while (runStart > from && isNameChar(text.charAt(runStart - 1))) {
                runStart--;
            }
            if (runStart == 0 || !isNameChar(text.charAt(runStart - 1))) {
                return runStart;
            }
            // The run began before from, so its start has been tried already; no match starts
            // inside it.
            searchFrom = keyword;
            while (searchFrom < text.length() && isNameChar(text.charAt(searchFrom))) {
                searchFrom++;
            }
        }
        return -1;
    }

    /**
     * The first api_key keyword at or after {@code from}: api[_-]?key, secret, token, passw(or)?d,
     * in any case.
     */
    private static int nextKeyword(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            boolean found =
                    switch (text.charAt(i) | 0x20) {
                        case 'a' ->
                                startsWithIgnoringAsciiCase(text, i, "api")
                                        && startsWithIgnoringAsciiCase(
                                                text,
                                                i + 3 + (isApiKeySeparator(text, i + 3) ? 1 : 0),
                                                "key");
                        case 's' -> startsWithIgnoringAsciiCase(text, i, "secret");
                        case 't' -> startsWithIgnoringAsciiCase(text, i, "token");
                        case 'p' ->
                                startsWithIgnoringAsciiCase(text, i, "passwd")
                                        || startsWithIgnoringAsciiCase(text, i, "password");
                        default -> false;
                    };
            if (found) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isApiKeySeparator(String text, int i) {
        return i < text.length() && (text.charAt(i) == '_' || text.charAt(i) == '-');
    }

    /**
     * {@code lowerCaseWord} is ASCII letters; like (?i) without UNICODE_CASE, only ASCII letters
     * fold.
     */
    private static boolean startsWithIgnoringAsciiCase(
            String text, int start, String lowerCaseWord) {
        if (start + lowerCaseWord.length() > text.length()) {
            return false;
        }
        for (int i = 0; i < lowerCaseWord.length(); i++) {
            if ((text.charAt(start + i) | 0x20) != lowerCaseWord.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The local part {@code (?<![\w.+-])[A-Za-z0-9._%+-]+} runs up to an '@'. Its characters are
     * those of the lookbehind plus '%', so a match starts where the run starts or right after a '%'
     * in it.
     */
    static int email(String text, int from) {
        for (int at = text.indexOf('@', from); at >= 0; at = text.indexOf('@', at + 1)) {
            int localStart = at;
            while (localStart > from && isEmailLocalChar(text.charAt(localStart - 1))) {
                localStart--;
            }
            if (localStart == 0
                    || !isEmailLocalChar(text.charAt(localStart - 1))
                    || text.charAt(localStart - 1) == '%') {
                if (localStart < at) {
                    return localStart;
                }
                continue;
            }
            for (int i = localStart; i + 1 < at; i++) {
                if (text.charAt(i) == '%') {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    /**
     * {@code (?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}}: a match starts at the hex digits, at most
     * four, that stand right before its first colon, and a second colon follows within five
     * characters.
     */
    static int ipv6(String text, int from) {
        for (int colon = text.indexOf(':', from);
                colon >= 0;
                colon = text.indexOf(':', colon + 1)) {
            int start = colon;
            while (start > from
                    && colon - start <= MAX_IPV6_GROUP_DIGITS
                    && isHexDigit(text.charAt(start - 1))) {
                start--;
            }
            boolean standsAlone = start == 0 || !isIpv6NeighbourChar(text.charAt(start - 1));
            if (colon - start <= MAX_IPV6_GROUP_DIGITS
                    && standsAlone
                    && hexGroupAndColonFollow(text, colon + 1)) {
                return start;
            }
        }
        return -1;
    }

    private static boolean hexGroupAndColonFollow(String text, int start) {
        int end = start;
        while (end < text.length()
                && end - start < MAX_IPV6_GROUP_DIGITS
                && isHexDigit(text.charAt(end))) {
            end++;
        }
        return end < text.length() && text.charAt(end) == ':';
    }

    /**
     * {@code (?<![\w.])(\d{1,3})\.(\d)}: a match starts at the one to three digits that stand right
     * before a dot followed by a digit.
     */
    static int ipv4(String text, int from) {
        for (int dot = text.indexOf('.', from); dot >= 0; dot = text.indexOf('.', dot + 1)) {
            if (dot + 1 == text.length() || !isDigit(text.charAt(dot + 1))) {
                continue;
            }
            int start = dot;
            while (start > from
                    && dot - start <= MAX_IPV4_OCTET_DIGITS
                    && isDigit(text.charAt(start - 1))) {
                start--;
            }
            boolean standsAlone =
                    start == 0
                            || !isWordChar(text.charAt(start - 1)) && text.charAt(start - 1) != '.';
            if (start < dot && dot - start <= MAX_IPV4_OCTET_DIGITS && standsAlone) {
                return start;
            }
        }
        return -1;
    }

    private static boolean isNameChar(char c) {
        return isWordChar(c) || c == '.' || c == '-';
    }

    private static boolean isEmailLocalChar(char c) {
        return isWordChar(c) || c == '.' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isIpv6NeighbourChar(char c) {
        return isWordChar(c) || c == ':' || c == '.';
    }

    private static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
