/**
 * Fusing the rankings of several sub-queries into one: reciprocal rank fusion and a weighted sum of
 * normalised scores, and the reading of their settings. Plain Java: imports nothing from Solr or
 * Lucene, so unit tests drive the arithmetic directly; {@code search.FusionQuery} adapts it to Solr.
 */
package io.github.solrneural.fusion;
