package io.github.solrneural.model;

/**
 * A text's vector.
 *
 * @param vector the pooled (and, when configured, L2-normalised) embedding
 * @param truncated whether the text was longer than the model's max length and was cut
 */
public record Embedding(float[] vector, boolean truncated) {}
