/**
 * Splitting text into overlapping chunks that keep their offsets in the source text. Plain Java:
 * imports nothing from Solr, DJL or the rest of the plugin.
 */
package io.github.solrneural.chunk;
