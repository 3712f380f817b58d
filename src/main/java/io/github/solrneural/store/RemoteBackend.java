package io.github.solrneural.store;

import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.PairScorer;
import io.github.solrneural.model.TextEmbedder;
import io.github.solrneural.remote.RemoteModel;
import io.github.solrneural.remote.RemoteModelSpec;
import io.github.solrneural.seam.Meters;
import org.apache.solr.common.util.SimpleOrderedMap;

/** A model behind a remote endpoint: one client per core, nothing to load. */
final class RemoteBackend implements ModelBackend {
  private final RemoteModel model;

  RemoteBackend(RemoteModel model) {
    this.model = model;
  }

  @Override
  public ModelKind kind() {
    return model.spec().kind();
  }

  @Override
  public PairScorer pairScorer() {
    return model.pairScorer();
  }

  @Override
  public TextEmbedder embedder() {
    return model.embedder();
  }

  @Override
  public Object identity() {
    // The same endpoint gives the same vectors, whatever the timeouts or retries.
    return model.spec().url();
  }

  @Override
  public void describe(SimpleOrderedMap<Object> entry) {
    RemoteModelSpec spec = model.spec();
    entry.add("backend", "remote");
    entry.add("url", spec.printableUrl());
    entry.add("outputDimension", spec.dimension());
    entry.add(
        spec.kind() == ModelKind.EMBEDDING ? "maxInputsPerCall" : "maxPairsPerCall",
        spec.maxItemsPerCall());
    entry.add("connectTimeoutMillis", spec.connectTimeoutMillis());
    entry.add("timeoutMillis", spec.timeoutMillis());
    entry.add("retries", spec.retries());
    entry.add("retryBackoffMillis", spec.retryBackoffMillis());
    entry.add("maxResponseBytes", spec.maxResponseBytes());
    if (spec.authHeader() != null) {
      // The header's name and where its value comes from; never the value.
      entry.add("authHeader", spec.authHeader().toString());
    }
    if (spec.sigV4() != null) {
      entry.add("sigv4Region", spec.sigV4().region());
      entry.add("sigv4Service", spec.sigV4().service());
    }
    entry.add("calls", model.calls());
    entry.add("failedCalls", model.failedCalls());
    entry.add("retriedCalls", model.retries());
    entry.add("failedRequests", model.failedRequests());
  }

  @Override
  public void attachMetrics(Meters meters) {
    meters.gauge("calls", model::calls);
    meters.gauge("failedCalls", model::failedCalls);
    meters.gauge("retriedCalls", model::retries);
    meters.gauge("failedRequests", model::failedRequests);
    meters.gauge("outputDimension", () -> model.spec().dimension());
  }

  @Override
  public void release() {
    // java.net.http.HttpClient frees its connections when it is no longer referenced.
  }
}
