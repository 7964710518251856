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

    @Test
    void aMissingRegionSaysWhatToSet() {
        // What the AWS SDK says when no endpoint is set and no provider of its chain has a region.
        IOException noRegion =
                new IOException(
                        "s3://b/x: Unable to load region from any of the providers in the chain"
                                + " software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain@42cc03ac:"
                                + " [software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider@27a81c73:"
                                + " Unable to load region from system settings.]");
        assertThat(StoragePaths.answer(noRegion))
                .isEqualTo(
                        "no AWS region is configured (set AWS_REGION, the spec's storage.region, or"
                                + " a region in ~/.aws/config)");
    }
}
