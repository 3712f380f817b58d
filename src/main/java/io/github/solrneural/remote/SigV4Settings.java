package io.github.solrneural.remote;

import java.util.Objects;

/**
 * Signing of each call with AWS Signature Version 4, as SageMaker's runtime API requires. The
 * credentials come from the AWS SDK's default chain (environment, system properties, profile,
 * container or instance role), never from the configuration.
 *
 * @param region the endpoint's region, such as {@code eu-west-1}
 * @param service the signing name of the service: {@code sagemaker} for SageMaker's runtime
 */
public record SigV4Settings(String region, String service) {
  public static final String DEFAULT_SERVICE = "sagemaker";

  public SigV4Settings {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(service, "service");
    if (region.isBlank() || service.isBlank()) {
      throw new IllegalArgumentException("SigV4 signing needs a region and a service name");
    }
  }
}
