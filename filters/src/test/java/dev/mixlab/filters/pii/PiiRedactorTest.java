package dev.mixlab.filters.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.DocumentMapper;
import dev.mixlab.filters.FilterCatalog;
import dev.mixlab.filters.pii.PiiRedactor.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PiiRedactorTest {

    private static final PiiRedactor ALL = new PiiRedactor(PiiRedactor.SCHEMA.defaults());

    @Test
    void redactsEmailsAndCountsThem() {
        PiiRedactor.Redaction redaction =
                ALL.redact("Write to jane.doe+eu@example.co.uk or bob@mail.example.org.");
        assertThat(redaction.text()).isEqualTo("Write to <EMAIL> or <EMAIL>.");
        assertThat(redaction.counts()).isEqualTo(Map.of(Kind.EMAIL, 2));
    }

    @Test
    void redactsPublicIpv4ButNotPrivateAddressesOrVersions() {
        String text =
                "Server 203.0.113.7 answered; gateway 192.168.1.1, localhost 127.0.0.1, mask 255.255.255.0. "
                        + "Upgrade to version 4.12.1.2 or v1.2.3.4, not 1.2.3.4.5; port 8.8.8.8:53.";
        assertThat(ALL.redact(text).text())
                .isEqualTo(
                        "Server <IP_ADDRESS> answered; gateway 192.168.1.1, localhost"
                                + " 127.0.0.1, mask 255.255.255.0. Upgrade to version 4.12.1.2 or v1.2.3.4, not 1.2.3.4.5; port <IP_ADDRESS>:53.");
        assertThat(ALL.redact("999.1.1.1 is not an address").counts()).isEmpty();
    }

    @Test
    void redactsIpv6ButNotTimesMacAddressesOrScopeOperators() {
        String text =
                "Host 2001:db8:85a3::8a2e:370:7334 and 2001:0db8:0000:0000:0000:ff00:0042:8329; loopback ::1, "
                        + "link fe80::1; at 12:30:45, MAC 00:1a:2b:3c:4d:5e, std::vector, a::b.";
        PiiRedactor.Redaction redaction = ALL.redact(text);
        assertThat(redaction.text())
                .isEqualTo(
                        "Host <IP_ADDRESS> and <IP_ADDRESS>; loopback ::1, link fe80::1; at"
                                + " 12:30:45, MAC 00:1a:2b:3c:4d:5e, std::vector, a::b.");
        assertThat(redaction.counts()).isEqualTo(Map.of(Kind.IPV6, 2));
    }

    @Test
    void redactsSecretKeys() {
        String pem =
                "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq98\nAbCdEf==\n-----END RSA PRIVATE KEY-----";
        String text =
                String.join(
                        "\n",
                        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
                        "token: ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
                        "API_KEY = \"sk_live_51HaBcDeFgHiJkLmN\"",
                        "config = {\"password\": \"correct-horse-battery\"}",
                        "url = \"${API_KEY}\" # a template, not a secret",
                        pem);
        PiiRedactor.Redaction redaction = ALL.redact(text);
        assertThat(redaction.text())
                .isEqualTo(
                        String.join(
                                "\n",
                                "aws_access_key_id = <AWS_ACCESS_KEY>",
                                "token: <GITHUB_TOKEN>",
                                "API_KEY = \"<API_KEY>\"",
                                "config = {\"password\": \"<API_KEY>\"}",
                                "url = \"${API_KEY}\" # a template, not a secret",
                                "<PRIVATE_KEY>"));
        assertThat(redaction.counts())
                .isEqualTo(
                        Map.of(
                                Kind.AWS_ACCESS_KEY,
                                1,
                                Kind.GITHUB_TOKEN,
                                1,
                                Kind.API_KEY,
                                2,
                                Kind.PRIVATE_KEY,
                                1));
    }

    @Test
    void keysAndAddressesAreTakenFromTheStartOfTheirRunAndLongNamesWithoutKeysAreLeftAlone() {
        String longName = "x".repeat(200_000) + "Token";
        assertThat(ALL.redact(longName + " = compute();").counts()).isEmpty();
        assertThat(ALL.redact("request.headers.X-Api-Key: 'abcdefgh12345'").text())
                .isEqualTo("request.headers.X-Api-Key: '<API_KEY>'");
        assertThat(ALL.redact("cfg.db_password_v2=\"s3cr3t-value\"").text())
                .isEqualTo("cfg.db_password_v2=\"<API_KEY>\"");
        assertThat(ALL.redact("%7Ejane@example.org and x.jane@example.org").text())
                .isEqualTo("<EMAIL> and <EMAIL>");
    }

    @Test
    void kindsCanBeChosen() {
        DocumentMapper emailsOnly =
                (DocumentMapper) FilterCatalog.create("pii", Map.of("kinds", List.of("email")));
        Document doc =
                new Document(
                        "1", "t", Document.KIND_TEXT, "ops@example.com at 203.0.113.7", Map.of());
        DocumentMapper.Mapped mapped = emailsOnly.apply(doc);
        assertThat(mapped.document().text()).isEqualTo("<EMAIL> at 203.0.113.7");
        assertThat(mapped.counts()).isEqualTo(Map.of("pii.email", 1));
    }

    @Test
    void leavesCleanDocumentsUntouched() {
        Document doc = new Document("1", "t", Document.KIND_CODE, "int x = a.b.c(1, 2);", Map.of());
        DocumentMapper.Mapped mapped = ALL.apply(doc);
        assertThat(mapped.document()).isSameAs(doc);
        assertThat(mapped.counts()).isEmpty();
    }
}
