/**
 * Query-time entry points: {@code {!knn_text_to_vector}}, which embeds the query text for Solr's
 * KNN search, and {@code rq={!cross_encoder}}, which reranks the top hits through Solr's
 * ReRankQuery framework. Thin adapters over {@code model} through {@code store}; per-request state
 * lives in the request's context, never in a cached query.
 */
package io.github.solrneural.search;
