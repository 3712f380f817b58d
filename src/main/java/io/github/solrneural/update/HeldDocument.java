package io.github.solrneural.update;

import io.github.solrneural.chunk.Chunk;
import java.util.List;
import org.apache.solr.update.AddUpdateCommand;

/**
 * An added document waiting for the vectors of its texts: one per chunk, or its whole text.
 *
 * @param cmd a copy of the command, since loaders reuse theirs for the next document
 * @param id the document's id, as errors name it
 */
record HeldDocument(AddUpdateCommand cmd, String id, List<Chunk> chunks, String wholeText) {
  int textCount() {
    return chunks == null ? 1 : chunks.size();
  }

  List<String> texts() {
    return chunks == null ? List.of(wholeText) : chunks.stream().map(Chunk::text).toList();
  }
}
