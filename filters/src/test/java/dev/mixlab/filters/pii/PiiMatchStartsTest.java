package dev.mixlab.filters.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.filters.AnchoredSearch;
import dev.mixlab.filters.pii.PiiRedactor.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * Each kind's pattern, tried only where {@link PiiMatchStarts} says a match can start, finds
 * exactly what {@link Matcher#find()} finds over the whole text: on random text built from the
 * characters and fragments the patterns care about, so that near misses of every rule are frequent.
 */
class PiiMatchStartsTest {

    private static final String[] FRAGMENTS = {
        "a",
        "Z",
        "_",
        "0",
        "1",
        "9",
        "f",
        "E",
        ".",
        "-",
        "+",
        "%",
        "@",
        ":",
        "::",
        "=",
        "=>",
        "\"",
        "'",
        " ",
        "\n",
        "$",
        "<",
        "{",
        "\\",
        "é",
        "\uD835\uDC65",
        "com",
        "org",
        "example",
        "203.0.113.7",
        "10.1.2.3",
        "version ",
        "2001:db8",
        "fe80",
        "ffff",
        "AKIA",
        "ASIA",
        "ABCDEFGHIJKLMNOP",
        "ghp_",
        "gho_",
        "github_pat_",
        "aB3dE6gH9jK2",
        "api_key",
        "API-KEY",
        "apikey",
        "Secret",
        "TOKEN",
        "passwd",
        "Password",
        "sk_live_51HaB",
        "correct-horse",
        "-----BEGIN ",
        "RSA ",
        "PRIVATE KEY-----",
        "-----END ",
        "MIIEowIBAAKCAQEA"
    };

    @Test
    void everyKindFindsWhatFindFinds() {
        Random random = new Random(20240611);
        for (int round = 0; round < 4000; round++) {
            StringBuilder text = new StringBuilder();
            int fragments = 1 + random.nextInt(60);
            for (int i = 0; i < fragments; i++) {
                text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
            for (Kind kind : Kind.values()) {
                assertThat(anchored(kind, text.toString()))
                        .as("%s in %s", kind, text)
                        .isEqualTo(everywhere(kind, text.toString()));
            }
        }
    }

    @Test
    void realisticSecretsAreFoundFromTheirStarts() {
        String text =
                "x.api_key = \"abcdefgh1\"; mail a%b@example.org; ip 1.2.3.4 and 2001:db8::1; "
                        + "AKIAIOSFODNN7EXAMPLE ghp_"
                        + "a".repeat(36)
                        + "\n-----BEGIN PRIVATE KEY-----\nAB\n-----END PRIVATE KEY-----";
        for (Kind kind : Kind.values()) {
            assertThat(anchored(kind, text))
                    .as("%s", kind)
                    .isNotEmpty()
                    .isEqualTo(everywhere(kind, text));
        }
    }

    private static List<String> anchored(Kind kind, String text) {
        List<String> matches = new ArrayList<>();
        AnchoredSearch.forEachMatch(
                kind.pattern(),
                kind.matchStarts(),
                text,
                match -> matches.add(match.start() + ":" + match.group()));
        return matches;
    }

    private static List<String> everywhere(Kind kind, String text) {
        List<String> matches = new ArrayList<>();
        Matcher matcher = kind.pattern().matcher(text);
        while (matcher.find()) {
            matches.add(matcher.start() + ":" + matcher.group());
        }
        return matches;
    }
}
