package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The one line for an object-store output that does not answer. */
class WorkDirOptionTest {
    private static final Path ROOT = Path.of("/tmp/not-a-bucket");

    @Test
    void aRefusedOutputNamesWhatToCheck() {
        IOException forbidden =
                new IOException("s3://b/x: null (Service: S3, Status Code: 403, Request ID: 44)");
        assertThat(WorkDirOption.unreachable(ROOT, "work directory", forbidden))
                .isEqualTo(
                        "work directory /tmp/not-a-bucket: Forbidden (Service: S3, Status Code:"
                                + " 403, Request ID: 44) (check the bucket, the AWS credentials and"
                                + " MIXLAB_S3_ENDPOINT)");
    }

    @Test
    void aMissingRegionGetsItsOwnHintOnly() {
        IOException noRegion =
                new IOException(
                        "s3://b/x: Unable to load region from any of the providers in the chain"
                                + " software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain@42cc03ac");
        assertThat(WorkDirOption.unreachable(ROOT, "--out", noRegion))
                .isEqualTo(
                        "--out /tmp/not-a-bucket: no AWS region is configured (set AWS_REGION, the"
                                + " spec's storage.region, or a region in ~/.aws/config)");
    }
}
