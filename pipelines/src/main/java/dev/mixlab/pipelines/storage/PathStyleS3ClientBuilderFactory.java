package dev.mixlab.pipelines.storage;

import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Beam's S3 client for S3-compatible stores (MinIO, Ceph, s3proxy): path-style addressing ({@code
 * http://host/bucket/key}), which a store on a plain host name or IP address needs, and without the
 * {@code bucket-key-enabled: false} header Beam sends on every upload, which such stores refuse as
 * unimplemented (false is their behaviour anyway). Named in the pipeline options, so workers build
 * the same client.
 */
public final class PathStyleS3ClientBuilderFactory implements S3ClientBuilderFactory {
    static final String BUCKET_KEY_HEADER = "x-amz-server-side-encryption-bucket-key-enabled";

    @Override
    public S3ClientBuilder createBuilder(S3Options options) {
        S3ClientBuilder builder =
                new DefaultS3ClientBuilderFactory().createBuilder(options).forcePathStyle(true);
        ClientOverrideConfiguration current = builder.overrideConfiguration();
        ClientOverrideConfiguration.Builder override =
                current == null ? ClientOverrideConfiguration.builder() : current.toBuilder();
        if (!options.getBucketKeyEnabled())
            override.addExecutionInterceptor(new WithoutDefaultBucketKeyHeader());
        return builder.overrideConfiguration(override.build());
    }

    private static final class WithoutDefaultBucketKeyHeader implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(
                Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            SdkHttpRequest request = context.httpRequest();
            boolean defaultValue =
                    request.firstMatchingHeader(BUCKET_KEY_HEADER)
                            .map("false"::equalsIgnoreCase)
                            .orElse(false);
            return defaultValue
                    ? request.toBuilder().removeHeader(BUCKET_KEY_HEADER).build()
                    : request;
        }
    }
}
