/**
 * The model store, Solr's side of {@code model} and {@code remote}: the {@code /neural/models}
 * handler that reads model declarations from solrconfig.xml, resolves a configured name to a
 * loaded model (never a path), binds vector fields to models, and exposes the models' metrics.
 */
package io.github.solrneural.store;
