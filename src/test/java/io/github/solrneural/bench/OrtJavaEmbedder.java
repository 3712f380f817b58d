package io.github.solrneural.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The embedding reference: ONNX Runtime's Java API on the ONNX file, one text per call (nothing
 * padded), mean pooling over the tokens and L2 normalisation written out here, sharing no code with
 * the plugin.
 */
final class OrtJavaEmbedder implements AutoCloseable {
  private final OrtJavaSession session;

  OrtJavaEmbedder(Path onnxFile, Path tokenizerFile, int maxLength, int intraOpThreads)
      throws Exception {
    session = new OrtJavaSession(onnxFile, tokenizerFile, "LONGEST_FIRST", maxLength, intraOpThreads);
  }

  float[][] embedOneByOne(List<String> texts) throws Exception {
    float[][] vectors = new float[texts.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = embed(texts.get(i));
    }
    return vectors;
  }

  float[] embed(String text) throws Exception {
    float[][] states = ((float[][][]) session.firstOutput(session.tokenizer().encode(text)))[0];
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
