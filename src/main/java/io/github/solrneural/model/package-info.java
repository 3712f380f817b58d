/**
 * Models run in-process through DJL: loading a model folder once per JVM ({@code ModelRegistry}),
 * tokenising, batching padded to need, the inference gate and threads, embedders and
 * cross-encoders. Imports DJL and nothing from Solr, so unit tests and the standalone scoring
 * server use it without Solr.
 */
package io.github.solrneural.model;
