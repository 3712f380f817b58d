package io.github.solrneural.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * A cross-encoder the way common Java rerankers run one: ONNX Runtime's Java API called directly on
 * the ONNX export, with DJL's HuggingFace tokenizer, one (query, passage) pair per call, so nothing
 * is padded. Also the benchmark's reference scores, since it shares no code with the plugin.
 */
final class OrtJavaCrossEncoder implements AutoCloseable {
  private final OrtJavaSession session;

  OrtJavaCrossEncoder(Path folder, int maxLength, int intraOpThreads) throws Exception {
    session =
        new OrtJavaSession(folder.resolve("model.onnx"), folder.resolve("tokenizer.json"),
            "ONLY_SECOND", maxLength, intraOpThreads);
  }

  float[] scoreOneByOne(String query, List<String> passages) throws Exception {
    float[] scores = new float[passages.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = score(query, passages.get(i));
    }
    return scores;
  }

  float score(String query, String passage) throws Exception {
    return ((float[][]) session.firstOutput(session.tokenizer().encode(query, passage)))[0][0];
  }

  @Override
  public void close() throws Exception {
    session.close();
  }
}
