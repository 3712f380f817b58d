package io.github.solrneural.chunk;

/**
 * A piece of a text.
 *
 * @param text the chunk's text, exactly as it stands in the source
 * @param start offset of its first character in the source
 * @param end offset just past its last character in the source
 */
public record Chunk(String text, int start, int end) {}
