package io.github.solrneural.remote;

import io.github.solrneural.model.Budget;
import io.github.solrneural.model.Embedding;
import io.github.solrneural.model.TextEmbedder;
import java.util.ArrayList;
import java.util.List;

/**
 * Embeds texts through a remote endpoint, {@code maxItemsPerCall} texts per call. The endpoint
 * truncates as it likes and does not say so, so no embedding is marked truncated.
 */
final class RemoteEmbedder implements TextEmbedder {
  private final EndpointClient client;

  RemoteEmbedder(EndpointClient client) {
    this.client = client;
  }

  @Override
  public int dimension() {
    return client.spec().dimension();
  }

  @Override
  public int textsPerCall() {
    return client.spec().maxItemsPerCall();
  }

  /** The same endpoint gives the same vectors, whatever the timeouts or retries. */
  @Override
  public String identity() {
    return "remote url=" + client.spec().url() + " dimension=" + dimension();
  }

  /** The endpoint normalises or not as its model does; nothing here checks the length. */
  @Override
  public VectorLength vectorLength() {
    return VectorLength.UNKNOWN;
  }

  @Override
  public List<Embedding> embedAll(List<String> texts) {
    List<Embedding> embeddings = new ArrayList<>(texts.size());
    int perCall = client.spec().maxItemsPerCall();
    for (int from = 0; from < texts.size(); from += perCall) {
      List<String> slice = texts.subList(from, Math.min(texts.size(), from + perCall));
      float[][] vectors =
          client.post(
              ScoringContract.inputsRequest(slice),
              answer -> ScoringContract.readEmbeddings(answer, slice.size(), dimension()),
              Budget.UNLIMITED);
      for (float[] vector : vectors) {
        embeddings.add(new Embedding(vector, false));
      }
    }
    return embeddings;
  }
}
