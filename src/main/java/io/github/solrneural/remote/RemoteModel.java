package io.github.solrneural.remote;

import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.PairScorer;
import io.github.solrneural.model.TextEmbedder;
import java.net.http.HttpRequest;

/**
 * A model served by an endpoint outside this JVM (the project's {@link ScoringServer}, a SageMaker
 * endpoint, or any server of the same JSON contract), with the counters of its calls. Nothing is
 * sent when it is created, so Solr starts while the endpoint is down; calls then fail and callers
 * fall back.
 */
public final class RemoteModel {
  private final RemoteModelSpec spec;
  private final EndpointClient client;

  private RemoteModel(RemoteModelSpec spec, EndpointClient client) {
    this.spec = spec;
    this.client = client;
  }

  /**
   * A client of the endpoint the spec names.
   *
   * @throws IllegalArgumentException when the auth header's name is not a valid header name, or
   *     its variable or property is not set or not a valid header value (never shown)
   */
  public static RemoteModel connect(RemoteModelSpec spec) {
    AuthHeader auth = spec.authHeader();
    if (auth != null) {
      try {
        HttpRequest.newBuilder().header(auth.name(), "x");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + auth.name() + "' is not a valid HTTP header name");
      }
      String value = auth.value();
      if (value == null) {
        throw new IllegalArgumentException(
            "the " + auth.source() + " for header " + auth.name() + " is not set");
      }
      if (!AuthHeader.isValidValue(value)) {
        throw new IllegalArgumentException(auth.invalidValueMessage());
      }
    }
    RequestSigner signer = spec.sigV4() == null ? null : SigV4Signer.withDefaultCredentials(spec.sigV4());
    return new RemoteModel(spec, new EndpointClient(spec, signer));
  }

  /** For tests: a client that signs with the given signer. */
  static RemoteModel connect(RemoteModelSpec spec, RequestSigner signer) {
    return new RemoteModel(spec, new EndpointClient(spec, signer));
  }

  public RemoteModelSpec spec() {
    return spec;
  }

  /** @throws IllegalStateException when this is not a cross-encoder */
  public PairScorer pairScorer() {
    requireKind(ModelKind.CROSS_ENCODER);
    return new RemoteCrossEncoder(client);
  }

  /** @throws IllegalStateException when this is not an embedder */
  public TextEmbedder embedder() {
    requireKind(ModelKind.EMBEDDING);
    return new RemoteEmbedder(client);
  }

  private void requireKind(ModelKind kind) {
    if (spec.kind() != kind) {
      throw new IllegalStateException(
          "remote model at " + spec.printableUrl() + " is a " + spec.kind().label()
              + " model, not a " + kind.label() + " model");
    }
  }

  /** HTTP calls made, retries included. */
  public long calls() {
    return client.calls();
  }

  /** Calls that gave no usable answer: no connection, too slow, an error status, a bad answer. */
  public long failedCalls() {
    return client.failedCalls();
  }

  /** Calls made again after a transient failure. */
  public long retries() {
    return client.retries();
  }

  /** Requests that failed after all their retries (each one made a caller fall back). */
  public long failedRequests() {
    return client.failedRequests();
  }
}
