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
        chains.append(chain(name(tolerant, batched), tolerant, model, vectorField,
            processorSettings + "<bool name=\"batchDocuments\">" + batched + "</bool>"));
      }
    }
    return chains.toString();
  }

  /**
   * One chain's XML: the embedding processor with more settings (XML elements), after Solr's
   * tolerant processor if asked, before Solr's log, distributed and run processors.
   */
  public static String chain(String name, boolean tolerant, String model, String vectorField,
      String processorSettings) {
    return "<updateRequestProcessorChain name=\"" + name + "\">"
        + (tolerant ? "<processor class=\"solr.TolerantUpdateProcessorFactory\"/>" : "")
        + "<processor class=\"io.github.solrneural.update.ChunkingEmbeddingUpdateProcessorFactory\">"
        + "<str name=\"inputField\">text</str><str name=\"vectorField\">" + vectorField
        + "</str><str name=\"model\">" + model + "</str>" + processorSettings + "</processor>"
        + "<processor class=\"solr.LogUpdateProcessorFactory\"/>"
        + "<processor class=\"solr.DistributedUpdateProcessorFactory\"/>"
        + "<processor class=\"solr.RunUpdateProcessorFactory\"/>"
        + "</updateRequestProcessorChain>";
  }
}
