package io.github.solrneural.remote;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs each call with AWS Signature Version 4 through the AWS SDK's own signer, as SageMaker's
 * {@code InvokeEndpoint} requires. Only loaded when a model declares a SigV4 region.
 */
final class SigV4Signer implements RequestSigner {
  /** Set by the JDK's HTTP client itself; the signer signs the same value. */
  private static final String HOST = "Host";

  private final SigV4Settings settings;
  private final Supplier<? extends AwsCredentialsIdentity> credentials;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  SigV4Signer(SigV4Settings settings, Supplier<? extends AwsCredentialsIdentity> credentials) {
    this.settings = settings;
    this.credentials = credentials;
  }

  /** Credentials from the SDK's default chain, which caches and refreshes them. */
  static SigV4Signer withDefaultCredentials(SigV4Settings settings) {
    DefaultCredentialsProvider provider = DefaultCredentialsProvider.builder().build();
    return new SigV4Signer(settings, provider::resolveCredentials);
  }

  @Override
  public Map<String, String> sign(URI uri, Map<String, String> headers, byte[] body) {
    SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
    headers.forEach(unsigned::putHeader);
    AwsCredentialsIdentity identity = credentials.get();
    SignedRequest signed =
        signer.sign(
            request ->
                request
                    .identity(identity)
                    .request(unsigned.build())
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, settings.service())
                    .putProperty(AwsV4HttpSigner.REGION_NAME, settings.region()));
    Map<String, String> added = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
      if (!header.getKey().equalsIgnoreCase(HOST) && !headers.containsKey(header.getKey())) {
        added.put(header.getKey(), String.join(",", header.getValue()));
      }
    }
    return added;
  }
}
