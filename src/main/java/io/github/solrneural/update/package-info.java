/**
 * Index-time entry point: the update processor that chunks documents, embeds the chunks in
 * batches across the documents of a request and charges every failure to its own document, as
 * Solr's tolerant processor expects. Uses {@code chunk}, and {@code model} through {@code store}.
 */
package io.github.solrneural.update;
