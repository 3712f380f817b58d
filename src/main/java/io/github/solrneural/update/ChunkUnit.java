package io.github.solrneural.update;

/** What {@code chunkSize} and {@code chunkOverlap} count. */
enum ChunkUnit {
  /** Characters (UTF-16 units), as LangChain's RecursiveCharacterTextSplitter counts them. */
  CHARS,
  /**
   * The embedder's own tokens, its document prefix and special tokens included, so that the model
   * cuts no chunk.
   */
  TOKENS
}
