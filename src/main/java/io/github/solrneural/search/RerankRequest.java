package io.github.solrneural.search;

/**
 * The parameters of one cross-encoder rerank, which also make the query-result-cache key.
 *
 * @param modelName configured name of the cross-encoder
 * @param queryText text scored against each passage
 * @param field field holding each candidate's passage (stored, or text docValues)
 * @param reRankDocs how many top first-stage hits (per shard) are scored
 * @param mode how the scores combine
 * @param weight rerank weight for replace, add and multiply
 * @param sigmoid whether the logit goes through a sigmoid before combining
 * @param chunksPerDocument how many of each source document's best reranked chunks are kept, 0
 *     for all (see {@link ChunksPerDocument})
 */
public record RerankRequest(
    String modelName,
    String queryText,
    String field,
    int reRankDocs,
    RerankMode mode,
    double weight,
    boolean sigmoid,
    int chunksPerDocument) {}
