package dev.mixlab.pipelines.storage;

import java.net.URI;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import software.amazon.awssdk.regions.Region;

/**
 * Where s3:// paths go: the endpoint of an S3-compatible store (none: AWS itself), path-style
 * addressing, and the region. Credentials are never configured here: the AWS SDK's default provider
 * chain finds them (environment, {@code ~/.aws}, instance or pod roles).
 *
 * <p>From the environment: {@code MIXLAB_S3_ENDPOINT} (else the AWS SDKs' {@code
 * AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL}), {@code MIXLAB_S3_PATH_STYLE} ({@code
 * true}/{@code false}; default true when an endpoint is set, since such stores rarely have
 * per-bucket host names), {@code AWS_REGION} (default {@code us-east-1} for an endpoint, which
 * S3-compatible stores ignore). A spec's {@code storage:} section overrides them.
 *
 * @param endpoint null for AWS's own endpoints
 * @param region null to let the AWS SDK's region chain decide
 */
public record ObjectStoreSettings(URI endpoint, boolean pathStyle, String region) {
    // Each open upload buffers one part; 8 MiB parts keep a worker writing several files at once
    // within its heap (Beam's default is 64 MiB on large heaps).
    private static final int UPLOAD_PART_BYTES = 8 << 20;
    private static volatile ObjectStoreSettings applied;

    /** The settings the environment gives. */
    public static ObjectStoreSettings fromEnvironment(Map<String, String> env) {
        return resolve(env, null, null, null);
    }

    /**
     * A spec's {@code storage:} values (each null when unset) over the environment's.
     *
     * @throws IllegalArgumentException for an endpoint that is not an http(s) URL
     */
    public static ObjectStoreSettings resolve(
            Map<String, String> env, String endpoint, Boolean pathStyle, String region) {
        if (endpoint == null)
            endpoint =
                    firstSet(env, "MIXLAB_S3_ENDPOINT", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");
        if (pathStyle == null && env.get("MIXLAB_S3_PATH_STYLE") != null)
            pathStyle = Boolean.parseBoolean(env.get("MIXLAB_S3_PATH_STYLE").strip());
        if (region == null) region = firstSet(env, "AWS_REGION", "AWS_DEFAULT_REGION");
        if (region == null) region = System.getProperty("aws.region");
        return of(endpoint, pathStyle, region);
    }

    /**
     * Settings from their textual values, with the defaults above.
     *
     * @throws IllegalArgumentException for an endpoint that is not an http(s) URL
     */
    public static ObjectStoreSettings of(String endpoint, Boolean pathStyle, String region) {
        URI uri = null;
        if (endpoint != null && !endpoint.isBlank()) {
            try {
                uri = URI.create(endpoint.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "storage endpoint " + endpoint + ": not a URL (" + e.getMessage() + ")");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
                    || uri.getHost() == null)
                throw new IllegalArgumentException(
                        "storage endpoint "
                                + endpoint
                                + ": expected http://host:port or https://host");
        }
        boolean style = pathStyle != null ? pathStyle : uri != null;
        String chosenRegion =
                region != null && !region.isBlank() ? region : uri != null ? "us-east-1" : null;
        return new ObjectStoreSettings(uri, style, chosenRegion);
    }

    private static String firstSet(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) return value;
        }
        return null;
    }

    /**
     * Makes these the settings of every s3:// path of this process (Beam's {@link FileSystems}).
     */
    public void apply() {
        PipelineOptions options = PipelineOptionsFactory.create();
        applyTo(options);
        FileSystems.setDefaultPipelineOptions(options);
        applied = this;
    }

    /** Copies these settings into a job's options, so its workers reach the same store. */
    public void applyTo(PipelineOptions options) {
        S3Options s3 = options.as(S3Options.class);
        if (endpoint != null) s3.setEndpoint(endpoint);
        if (region != null) s3.setAwsRegion(Region.of(region));
        if (pathStyle) s3.setS3ClientFactoryClass(PathStyleS3ClientBuilderFactory.class);
        s3.setS3UploadBufferSizeBytes(UPLOAD_PART_BYTES);
    }

    /** The settings applied to this process: the environment's unless a command applied others. */
    public static ObjectStoreSettings current() {
        ensureApplied();
        return applied != null ? applied : fromEnvironment(System.getenv());
    }

    /**
     * Applies the environment's settings unless a command applied others, or unless this is a
     * worker whose runner registered the job's options with Beam (they then hold the client's
     * settings, which the worker's environment must not override).
     */
    static void ensureApplied() {
        if (applied != null) return;
        synchronized (ObjectStoreSettings.class) {
            if (applied != null) return;
            if (registeredByRunner()) return;
            fromEnvironment(System.getenv()).apply();
        }
    }

    private static boolean registeredByRunner() {
        try {
            FileSystems.matchNewResource("s3://bucket/key", false);
            return true;
        } catch (IllegalArgumentException noS3Yet) {
            return false;
        }
    }
}
