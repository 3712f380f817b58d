package io.github.solrneural.tools;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Re-embeds in place the documents of a collection that an older declaration of an embedder
 * embedded: {@code java -cp 'neural/lib/*' io.github.solrneural.tools.Reembed --collection-url
 * http://host:8983/solr/docs --model minilm}. Reads the model's current {@code embeddingModel}
 * from {@code /neural/models}, then walks the documents whose chunks carry another value (see
 * {@link StaleDocuments}) and sends them back through the chain ({@link ReembedRun}). Stop it at
 * any time (Ctrl-C, or {@code --max-docs}); run it again to resume.
 *
 * <p>Exit codes: {@value #DONE} nothing failed and nothing conflicted; {@value #FAILED} a document
 * or request failed (each reported with its id); {@value #USAGE} bad options or an unreadable model
 * store; {@value #CONFLICTS} documents changed meanwhile were left: run again.
 */
public final class Reembed {
  static final int DONE = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int CONFLICTS = 3;

  private Reembed() {}

  public static void main(String[] args) {
    System.exit(run(System.out, System.getenv(), args));
  }

  /** Runs the command, printing to {@code out}; returns the exit code. */
  static int run(PrintStream out, Map<String, String> env, String... args) {
    return run(out, env, batch -> {}, args);
  }

  static int run(PrintStream out, Map<String, String> env, ReembedRun.BeforeWrite beforeWrite,
      String... args) {
    ReembedOptions options;
    String authorization = null;
    try {
      options = ReembedOptions.parse(args);
      if (options.authorizationEnv() != null) {
        authorization = env.get(options.authorizationEnv());
        if (authorization == null) {
          throw new IllegalArgumentException("--authorization-env names variable "
              + options.authorizationEnv() + ", which is not set");
        }
      }
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      out.println(ReembedOptions.USAGE);
      return USAGE;
    }
    SolrHttp solr = new SolrHttp(options.collectionUrl(), authorization);
    try {
      String current;
      try {
        current = currentModel(solr, options.model());
      } catch (IllegalStateException e) {
        out.println(e.getMessage());
        return USAGE;
      }
      ReembedRun.Outcome outcome =
          new ReembedRun(solr, options, current, out, beforeWrite).run();
      out.printf(Locale.ROOT, "re-embedded %d of %d, conflicts %d, failures %d%s%n",
          outcome.done(), outcome.total(), outcome.conflicts(), outcome.failures(),
          outcome.done() + outcome.conflicts() + outcome.failures() < outcome.total()
              ? "; run again to continue" : "");
      if (outcome.failures() > 0) {
        return FAILED;
      }
      return outcome.conflicts() > 0 ? CONFLICTS : DONE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("interrupted: run again to continue");
      return FAILED;
    } catch (Exception e) {
      out.println("failed: " + e.getMessage());
      return FAILED;
    }
  }

  /** The value the update processor writes to embedding_model with the model's declaration now. */
  static String currentModel(SolrHttp solr, String model)
      throws IOException, InterruptedException {
    SolrHttp.Response response = solr.get("/neural/models", Map.of());
    if (!response.ok()) {
      throw new IllegalStateException("reading /neural/models failed: " + response.error());
    }
    for (JsonElement entry : response.body().getAsJsonArray("models")) {
      JsonObject declared = entry.getAsJsonObject();
      if (model.equals(declared.get("name").getAsString())) {
        if (!declared.has("embeddingModel")) {
          throw new IllegalStateException("model '" + model + "' is not an embedder");
        }
        return declared.get("embeddingModel").getAsString();
      }
    }
    throw new IllegalStateException("the model store declares no model '" + model + "'");
  }
}
