/**
 * The model store, Solr's side of {@code model} and {@code remote}: the {@code /neural/models}
 * handler that reads model declarations from solrconfig.xml, resolves a configured name to a
 * loaded model (never a path), binds vector fields to models, and exposes the models' metrics.
 * {@code SolrSettings} wraps Solr's sources of settings (init args, local params) for {@code
 * settings} and maps its errors to 500 (solrconfig.xml) or 400 (a request).
 */
package io.github.solrneural.store;
