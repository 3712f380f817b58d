package io.github.solrneural.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The embedding reference: ONNX Runtime's Java API on the ONNX file, one text per call (nothing
 * padded), mean (or first-token) pooling and L2 normalisation written out here, sharing no code
 * with the plugin.
 */
public final class OrtJavaEmbedder implements AutoCloseable {
  private final OrtJavaSession session;
  private final boolean firstToken;

  OrtJavaEmbedder(Path onnxFile, Path tokenizerFile, int maxLength, int intraOpThreads)
      throws Exception {
    this(onnxFile, tokenizerFile, maxLength, intraOpThreads, false);
  }

  private OrtJavaEmbedder(
      Path onnxFile, Path tokenizerFile, int maxLength, int intraOpThreads, boolean firstToken)
      throws Exception {
    session = new OrtJavaSession(onnxFile, tokenizerFile, "LONGEST_FIRST", maxLength, intraOpThreads);
    this.firstToken = firstToken;
  }

  /** Mean pooling over every token, one text per call on one thread. */
  public static OrtJavaEmbedder meanPooled(Path onnxFile, Path tokenizerFile, int maxLength)
      throws Exception {
    return new OrtJavaEmbedder(onnxFile, tokenizerFile, maxLength, 1, false);
  }

  /** Pooling by the first token's state ([CLS]), as BGE models are pooled. */
  public static OrtJavaEmbedder clsPooled(Path onnxFile, Path tokenizerFile, int maxLength)
      throws Exception {
    return new OrtJavaEmbedder(onnxFile, tokenizerFile, maxLength, 1, true);
  }

  float[][] embedOneByOne(List<String> texts) throws Exception {
    float[][] vectors = new float[texts.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = embed(texts.get(i));
    }
    return vectors;
  }

  public float[] embed(String text) throws Exception {
    float[][] states = ((float[][][]) session.firstOutput(session.tokenizer().encode(text)))[0];
    if (firstToken) {
      states = new float[][] {states[0]};
    }
    double[] sum = new double[states[0].length];
    for (float[] state : states) {
      for (int j = 0; j < sum.length; j++) {
        sum[j] += state[j];
      }
    }
    double norm = 0;
    for (double value : sum) {
      norm += value * value;
    }
    norm = Math.sqrt(norm);
    float[] vector = new float[sum.length];
    for (int j = 0; j < vector.length; j++) {
      vector[j] = (float) (sum[j] / norm);
    }
    return vector;
  }

  @Override
  public void close() throws Exception {
    session.close();
  }
}
