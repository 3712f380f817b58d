package io.github.solrneural.store;

import io.github.solrneural.model.ModelBusyException;
import org.apache.solr.common.SolrException;

/**
 * A saturated model is a 503: the server is overloaded for now and the client may retry. The
 * message names the configured model, never its path.
 */
public final class ModelBusyError {
  private ModelBusyError() {}

  public static SolrException of(String modelName, ModelBusyException cause) {
    return new SolrException(
        SolrException.ErrorCode.SERVICE_UNAVAILABLE,
        "model '" + modelName + "' is busy: " + cause.reason() + "; try again later",
        cause);
  }
}
