package dev.mixlab.mixtures.spec;

import java.net.URI;

/**
 * The spec's {@code storage:} section: where its s3:// paths are served, for S3-compatible stores
 * (MinIO, Ceph, on-prem). Unset keys fall back to the environment ({@code MIXLAB_S3_ENDPOINT},
 * {@code MIXLAB_S3_PATH_STYLE}, {@code AWS_REGION}; docs/FLINK.md). Credentials never go here: they
 * come from the AWS SDK's default chain.
 *
 * @param endpoint {@code http(s)://host[:port]} of the store; null for AWS itself or the
 *     environment's
 * @param pathStyle {@code http://host/bucket/key} addressing; null for the default (true when an
 *     endpoint is set)
 * @param region null for the environment's or the AWS SDK's chain
 */
public record StorageSpec(String endpoint, Boolean pathStyle, String region) {
    public static final StorageSpec NONE = new StorageSpec(null, null, null);

    public StorageSpec {
        if (endpoint != null) {
            URI uri;
            try {
                uri = URI.create(endpoint.strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("endpoint", "not a URL: " + endpoint);
            }
            InvalidValueException.check(
                    ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                            && uri.getHost() != null,
                    "endpoint",
                    "expected http://host:port or https://host, found " + endpoint);
        }
    }

    public boolean isSet() {
        return endpoint != null || pathStyle != null || region != null;
    }
}
