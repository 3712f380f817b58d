package io.github.solrneural.store;

import io.github.solrneural.model.BackendFailureException;
import io.github.solrneural.model.BudgetExhaustedException;
import io.github.solrneural.model.InferenceException;
import io.github.solrneural.model.ModelBusyException;
import io.github.solrneural.model.ModelKind;
import java.util.regex.Pattern;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;

/**
 * The one mapping from a failure of the model layer to the HTTP status and message a client gets.
 * Messages name the configured model, never its folder, file or endpoint: a saturated model or an
 * endpoint that failed is a 503 (the client may retry), a model that failed at inference a 500
 * whose details only the Solr log has.
 */
public final class ModelFailures {
  /** An endpoint's URL, as the remote layer writes it into its messages for the log. */
  private static final Pattern URL = Pattern.compile("https?://[^\\s,;()'\"]+");

  private ModelFailures() {}

  /**
   * The error a request gets when the named model fails it.
   *
   * @param failure a {@link ModelBusyException}, {@link BackendFailureException}, {@link
   *     BudgetExhaustedException} or {@link InferenceException}; anything else is a 500 too
   */
  public static SolrException of(ModelKind kind, String modelName, RuntimeException failure) {
    String model = kind.label() + " model '" + modelName + "'";
    if (failure instanceof ModelBusyException) {
      return new SolrException(
          ErrorCode.SERVICE_UNAVAILABLE,
          model + " is busy: " + ((ModelBusyException) failure).reason() + "; try again later",
          failure);
    }
    if (failure instanceof BackendFailureException) {
      return new SolrException(
          ErrorCode.SERVICE_UNAVAILABLE, model + " is unavailable: " + reason(failure), failure);
    }
    if (failure instanceof BudgetExhaustedException) {
      return new SolrException(
          ErrorCode.SERVICE_UNAVAILABLE, model + " did not complete: " + reason(failure), failure);
    }
    // No cause: a 500 sends its stack trace to the client, and the cause names the model's file.
    // The model layer logged the failure.
    return new SolrException(
        ErrorCode.SERVER_ERROR,
        model + " failed at inference; the Solr log has the details");
  }

  /** The failure's own message with any endpoint URL left out; the log keeps the URL. */
  static String reason(RuntimeException failure) {
    String message = String.valueOf(failure.getMessage());
    return URL.matcher(message).replaceAll("the endpoint");
  }
}
