package dev.mixlab.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class StoragePathsTest {
    @Test
    void theStoresAnswerIsOneLineWithoutThePathOrClassNames() {
        IOException refused =
                new IOException(
                        "s3://b/in/x.json: software.amazon.awssdk.core.exception.SdkClientException:"
                                + " Unable to execute HTTP request: Connect to 127.0.0.1:1 failed:"
                                + " Connection refused\n\tat somewhere");
        assertThat(StoragePaths.answer(refused))
                .isEqualTo(
                        "Unable to execute HTTP request: Connect to 127.0.0.1:1 failed: Connection refused");
    }

    @Test
    void aRefusalWithoutABodyIsNamedByItsStatus() {
        // What the AWS SDK says when a HEAD request (no response body) is refused.
        IOException forbidden =
                new IOException(
                        "s3://b/x.json: null (Service: S3, Status Code: 403, Request ID: 44)");
        assertThat(StoragePaths.answer(forbidden))
                .isEqualTo("Forbidden (Service: S3, Status Code: 403, Request ID: 44)");
        assertThat(StoragePaths.answer(new IOException("null (Status Code: 418)")))
                .isEqualTo("Error (Status Code: 418)");
    }
}
