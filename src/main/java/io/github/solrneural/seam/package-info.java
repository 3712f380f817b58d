/**
 * The few Solr calls that differ between Solr 9 and Solr 10. The classes of this package live
 * twice, once in {@code src/main/solr9/java} and once in {@code src/main/solr10/java}, with the same
 * names and methods; the build compiles the folder of its Solr major ({@code -Psolr10}). Only
 * {@link io.github.solrneural.seam.MetricPath} is shared.
 */
package io.github.solrneural.seam;
