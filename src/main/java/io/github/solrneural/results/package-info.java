/**
 * What a hit carries beyond its own fields, for applications (such as RAG) that search chunks but
 * answer with documents: the {@code [parent fl=...]} transformer puts each chunk's source document
 * fields on the hit, and {@link io.github.solrneural.results.BlockRoots} reads which source
 * document (block root) a chunk belongs to.
 */
package io.github.solrneural.results;
