package io.github.solrneural.update;

import io.github.solrneural.chunk.RecursiveTextSplitter;
import io.github.solrneural.model.TextEmbedder;
import io.github.solrneural.model.TokenCounter;
import io.github.solrneural.settings.SettingsReader;
import java.util.function.ToIntFunction;

/**
 * The length function chunks are measured with: characters, or the tokens the embedder feeds its
 * model for a chunk ({@code chunkUnit=tokens}), which must fit the model's max length.
 */
final class ChunkLength {
  private ChunkLength() {}

  /**
   * @param embedder the embedder of document texts, prefix included
   * @throws io.github.solrneural.settings.SettingException naming {@code chunkUnit} when the
   *     embedder's tokenizer does not run here, or {@code chunkSize} when the model would cut a
   *     chunk of that size or its prefix and special tokens leave no room
   */
  static ToIntFunction<String> of(
      ChunkingConfig config, TextEmbedder embedder, SettingsReader settings) {
    if (config.chunkUnit() == ChunkUnit.CHARS) {
      return RecursiveTextSplitter.CHARACTERS;
    }
    TokenCounter counter = embedder.tokenCounter().orElseThrow(() -> settings.problem(
        ChunkingConfig.CHUNK_UNIT, "is 'tokens', which counts the model's own tokens, but model '"
            + config.modelName() + "' is remote and its tokenizer does not run here; use"
            + " chunkUnit=chars"));
    if (config.chunkSize() > counter.maxLength()) {
      throw settings.problem(ChunkingConfig.CHUNK_SIZE, "is " + config.chunkSize()
          + " tokens (chunkUnit=tokens), above the maxLength " + counter.maxLength()
          + " of model '" + config.modelName() + "', which would cut such chunks; set chunkSize"
          + " to " + counter.maxLength() + " or less");
    }
    int fixed = counter.applyAsInt("");
    if (fixed >= config.chunkSize()) {
      throw settings.problem(ChunkingConfig.CHUNK_SIZE, "is " + config.chunkSize()
          + " tokens (chunkUnit=tokens), but the document prefix and special tokens of model '"
          + config.modelName() + "' alone take " + fixed + "; set chunkSize above " + fixed);
    }
    return counter;
  }
}
