/**
 * Reading named settings (solrconfig.xml init args, model declarations, query local params, the
 * scoring server's command line) into typed values, with one wording of every error. Plain Java:
 * imports nothing from Solr, so {@code model} and {@code remote} use it as Solr's side does.
 */
package io.github.solrneural.settings;
