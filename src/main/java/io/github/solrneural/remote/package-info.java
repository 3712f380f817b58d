/**
 * Models behind an HTTP endpoint (the SageMaker JSON contract): the client with its retries,
 * answer caps and request signing, and the standalone scoring server. Imports {@code model} and
 * nothing from Solr, so the server runs without Solr.
 */
package io.github.solrneural.remote;
