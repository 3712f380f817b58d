package io.github.solrneural.testing;

/**
 * Update chains that embed with one model, in four variants: with Solr's tolerant processor or
 * without ("tolerant" or "strict"), and holding documents back for batching or handing each on at
 * once ("batched" or "single"), so tests can compare what a client sees with and without batching.
 */
public final class UpdateChains {
  private UpdateChains() {}

  public static String name(boolean tolerant, boolean batched) {
    return (tolerant ? "tolerant" : "strict") + "-" + (batched ? "batched" : "single");
  }

  /**
   * The four chains' XML.
   *
   * @param processorSettings more settings of the embedding processor, as XML elements
   */
  public static String variants(String model, String vectorField, String processorSettings) {
    StringBuilder chains = new StringBuilder();
    for (boolean batched : new boolean[] {true, false}) {
      for (boolean tolerant : new boolean[] {true, false}) {
        chains.append("<updateRequestProcessorChain name=\"").append(name(tolerant, batched))
            .append("\">")
            .append(tolerant ? "<processor class=\"solr.TolerantUpdateProcessorFactory\"/>" : "")
            .append("<processor class=\"io.github.solrneural.update.ChunkingEmbeddingUpdateProcessorFactory\">")
            .append("<str name=\"inputField\">text</str><str name=\"vectorField\">")
            .append(vectorField).append("</str><str name=\"model\">").append(model).append("</str>")
            .append(processorSettings)
            .append("<bool name=\"batchDocuments\">").append(batched).append("</bool></processor>")
            .append("<processor class=\"solr.LogUpdateProcessorFactory\"/>")
            .append("<processor class=\"solr.DistributedUpdateProcessorFactory\"/>")
            .append("<processor class=\"solr.RunUpdateProcessorFactory\"/>")
            .append("</updateRequestProcessorChain>");
      }
    }
    return chains.toString();
  }
}
