/**
 * Command-line tools that talk to a running Solr over HTTP only (java.net.http and Gson, both in
 * the module's lib folder; no Solr classes): {@link io.github.solrneural.tools.Reembed} re-embeds,
 * in place, the documents an older embedder identity embedded.
 */
package io.github.solrneural.tools;
