package dev.mixlab.filters.pii;

import dev.mixlab.filters.AnchoredSearch;
import dev.mixlab.filters.AnchoredSearch.MatchStarts;
import dev.mixlab.filters.Document;
import dev.mixlab.filters.DocumentMapper;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.ParameterSchema.ParameterValues;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Replaces personal data and secrets with placeholders, in the spirit of the BigCode PII pipeline
 * (regex detection, placeholder replacement), and counts what it replaced.
 *
 * <p>What is redacted, and what deliberately is not:
 *
 * <ul>
 *   <li>{@code email}: {@code name@domain.tld} → {@code <EMAIL>}.
 *   <li>{@code ipv4}: dotted quads with every octet ≤ 255 → {@code <IP_ADDRESS>}; kept are
 *       addresses that identify no one (private 10/8, 172.16/12, 192.168/16, loopback 127/8,
 *       link-local 169.254/16, 0.0.0.0, netmasks starting 255) and version numbers: a quad preceded
 *       by "version", "ver", "release", "rev" or "v" (as in {@code v1.2.3.4}), or followed by a
 *       fifth number part ({@code 1.2.3.4.5}).
 *   <li>{@code ipv6}: full or {@code ::}-compressed addresses containing at least one digit →
 *       {@code <IP_ADDRESS>}; kept are loopback, unspecified, link-local fe80::/10 and unique-local
 *       fc00::/7, and letter-only forms like {@code dead::beef} that are more often code.
 *       IPv4-mapped forms ({@code ::ffff:1.2.3.4}) are not recognised.
 *   <li>{@code aws_access_key}: access key ids (AKIA, ASIA, ABIA, ACCA + 16) → {@code
 *       <AWS_ACCESS_KEY>}.
 *   <li>{@code github_token}: {@code ghp_}/{@code gho_}/{@code ghu_}/{@code ghs_}/{@code ghr_} and
 *       {@code github_pat_} tokens → {@code <GITHUB_TOKEN>}.
 *   <li>{@code api_key}: a quoted value of 8+ characters assigned to a name containing api_key,
 *       apikey, secret, token or password ({@code api_key = "..."}, {@code "password": "..."});
 *       only the value becomes {@code <API_KEY>}. Template values such as {@code ${API_KEY}} are
 *       kept.
 *   <li>{@code private_key}: complete PEM private key blocks → {@code <PRIVATE_KEY>}.
 * </ul>
 */
public final class PiiRedactor implements DocumentMapper {

    public static final String NAME = "pii";

    /**
     * What can be redacted; the code is the YAML name and the counter suffix ({@code pii.email}).
     */
    public enum Kind {
        // Declaration order is redaction order: key blocks first, since their base64 body could
        // otherwise be taken for other kinds, and e-mail before IP addresses.
        PRIVATE_KEY(
                "private_key",
                "<PRIVATE_KEY>",
                "-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----.*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----",
                PiiMatchStarts::privateKey),
        AWS_ACCESS_KEY(
                "aws_access_key",
                "<AWS_ACCESS_KEY>",
                "\\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\\b",
                PiiMatchStarts::awsAccessKey),
        GITHUB_TOKEN(
                "github_token",
                "<GITHUB_TOKEN>",
                "\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\\b",
                PiiMatchStarts::githubToken),
        API_KEY(
                "api_key",
                "<API_KEY>",
                // Anchored at the start of the name: unanchored, the search retried from every
                // character of every
                // identifier (quadratic); a match inside an identifier also matches from its first
                // character.
                "(?i)(?<![\\w.-])([\\w.-]*(?:api[_-]?key|secret|token|passw(?:or)?d)[\\w.-]*[\"']?\\s*(?::|=>?)\\s*)([\"'])"
                        + "([^\"'\\s$<>{}]{8,})\\2",
                PiiMatchStarts::apiKey),
        EMAIL(
                "email",
                "<EMAIL>",
                "(?<![\\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b",
                PiiMatchStarts::email),
        IPV6(
                "ipv6",
                "<IP_ADDRESS>",
                "(?<![\\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\\w:.])",
                PiiMatchStarts::ipv6),
        IPV4(
                "ipv4",
                "<IP_ADDRESS>",
                "(?<![\\w.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![\\w]|\\.\\d)",
                PiiMatchStarts::ipv4);

        private final String code;
        private final String placeholder;
        private final Pattern pattern;
        private final MatchStarts matchStarts;

        Kind(String code, String placeholder, String regex, MatchStarts matchStarts) {
            this.code = code;
            this.placeholder = placeholder;
            this.pattern = Pattern.compile(regex, Pattern.DOTALL);
            this.matchStarts = matchStarts;
        }

        public String code() {
            return code;
        }

        public String placeholder() {
            return placeholder;
        }

        Pattern pattern() {
            return pattern;
        }

        MatchStarts matchStarts() {
            return matchStarts;
        }

        /** The kind of a code that {@link #SCHEMA} has accepted. */
        static Kind ofCode(String code) {
            return Arrays.stream(values())
                    .filter(kind -> kind.code.equals(code))
                    .findFirst()
                    .orElseThrow();
        }

        static List<String> allCodes() {
            return Arrays.stream(values()).map(Kind::code).toList();
        }
    }

    /**
     * @param text the redacted text
     * @param counts how many of each kind were replaced; kinds not found are absent
     */
    public record Redaction(String text, Map<Kind, Integer> counts) {
        public Redaction {
            counts = Map.copyOf(counts);
        }
    }

    private static final Pattern VERSION_CONTEXT =
            Pattern.compile("(?i)(?:\\bversion|\\bver|\\brelease|\\brev|\\bv)\\s*[:=]?\\s*[\"']?$");

    /** How far before an IPv4 candidate to look for a version word. */
    private static final int VERSION_CONTEXT_CHARS = 24;

    public static final ParameterSchema SCHEMA = new ParameterSchema(NAME);
    public static final FilterParameter<List<String>> KINDS =
            SCHEMA.stringList(
                    "kinds",
                    Kind.allCodes(),
                    "What to redact: " + String.join(", ", Kind.allCodes()) + ".");

    static {
        SCHEMA.rule(
                v -> Kind.allCodes().containsAll(v.get(KINDS)),
                v ->
                        "unknown kind '"
                                + v.get(KINDS).stream()
                                        .filter(code -> !Kind.allCodes().contains(code))
                                        .findFirst()
                                        .orElseThrow()
                                + "' in parameter 'kinds'; known kinds: "
                                + Kind.allCodes());
    }

    private final Set<Kind> enabled;

    public PiiRedactor(ParameterValues settings) {
        this.enabled =
                settings.get(KINDS).stream()
                        .map(Kind::ofCode)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Kind.class)));
    }

    @Override
    public String name() {
        return NAME;
    }

    public Redaction redact(String text) {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        String redacted = text;
        for (Kind kind : enabled) {
            int[] count = {0};
            String input = redacted;
            redacted =
                    replace(
                            input,
                            kind,
                            match -> {
                                String replacement = replacement(kind, input, match);
                                if (replacement != null) {
                                    count[0]++;
                                }
                                return replacement;
                            });
            if (count[0] > 0) {
                counts.put(kind, count[0]);
            }
        }
        return new Redaction(redacted, counts);
    }

    @Override
    public Mapped apply(Document doc) {
        Redaction redaction = redact(doc.text());
        if (redaction.counts().isEmpty()) {
            return new Mapped(doc, Map.of());
        }
        Map<String, Integer> counters = new LinkedHashMap<>();
        redaction.counts().forEach((kind, count) -> counters.put(NAME + "." + kind.code(), count));
        return new Mapped(doc.withText(redaction.text()), counters);
    }

    /** The replacement for one match in {@code text}, or null to leave the match as it is. */
    private static String replacement(Kind kind, String text, MatchResult match) {
        return switch (kind) {
            case API_KEY -> match.group(1) + match.group(2) + kind.placeholder() + match.group(2);
            case IPV4 -> isPersonalIpv4(text, match) ? kind.placeholder() : null;
            case IPV6 -> isPersonalIpv6(match.group()) ? kind.placeholder() : null;
            default -> kind.placeholder();
        };
    }

    private static String replace(
            String text, Kind kind, Function<MatchResult, String> replacement) {
        StringBuilder result = new StringBuilder();
        int[] copiedUntil = {0};
        AnchoredSearch.forEachMatch(
                kind.pattern(),
                kind.matchStarts(),
                text,
                match -> {
                    String replaced = replacement.apply(match);
                    if (replaced != null) {
                        result.append(text, copiedUntil[0], match.start()).append(replaced);
                        copiedUntil[0] = match.end();
                    }
                });
        // No pattern matches the empty string, so a replacement always moves copiedUntil past 0.
        return copiedUntil[0] == 0
                ? text
                : result.append(text, copiedUntil[0], text.length()).toString();
    }

    private static boolean isPersonalIpv4(String text, MatchResult match) {
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            octets[i] = Integer.parseInt(match.group(i + 1));
            if (octets[i] > 255) {
                return false;
            }
        }
        return !isReservedIpv4(octets) && !followsVersionWord(text, match.start());
    }

    private static boolean isReservedIpv4(int[] o) {
        return o[0] == 0
                || o[0] == 10
                || o[0] == 127
                || o[0] == 255
                || o[0] == 172 && o[1] >= 16 && o[1] <= 31
                || o[0] == 192 && o[1] == 168
                || o[0] == 169 && o[1] == 254;
    }

    private static boolean followsVersionWord(String text, int start) {
        int lineStart = text.lastIndexOf('\n', start - 1) + 1;
        String before = text.substring(Math.max(lineStart, start - VERSION_CONTEXT_CHARS), start);
        return VERSION_CONTEXT.matcher(before).find();
    }

    private static boolean isPersonalIpv6(String candidate) {
        int[] groups = parseIpv6(candidate.toLowerCase(Locale.ROOT));
        if (groups == null || candidate.chars().noneMatch(Character::isDigit)) {
            return false;
        }
        boolean loopbackOrUnspecified =
                Arrays.stream(groups, 0, 7).allMatch(g -> g == 0) && groups[7] <= 1;
        boolean linkLocal = (groups[0] & 0xffc0) == 0xfe80;
        boolean uniqueLocal = (groups[0] & 0xfe00) == 0xfc00;
        return !loopbackOrUnspecified && !linkLocal && !uniqueLocal;
    }

    /** The eight 16-bit groups of a syntactically valid IPv6 address, or null. */
    private static int[] parseIpv6(String address) {
        int compression = address.indexOf("::");
        if (compression >= 0 && address.indexOf("::", compression + 1) >= 0) {
            return null;
        }
        int[] left = parseGroups(compression < 0 ? address : address.substring(0, compression));
        int[] right =
                compression < 0 ? new int[0] : parseGroups(address.substring(compression + 2));
        if (left == null || right == null) {
            return null;
        }
        boolean complete = compression < 0 ? left.length == 8 : left.length + right.length <= 7;
        if (!complete) {
            return null;
        }
        int[] groups = new int[8];
        System.arraycopy(left, 0, groups, 0, left.length);
        System.arraycopy(right, 0, groups, 8 - right.length, right.length);
        return groups;
    }

    private static int[] parseGroups(String part) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] texts = part.split(":", -1);
        int[] groups = new int[texts.length];
        for (int i = 0; i < texts.length; i++) {
            if (texts[i].isEmpty() || texts[i].length() > 4) {
                return null;
            }
            groups[i] = Integer.parseInt(texts[i], 16);
        }
        return groups;
    }
}
