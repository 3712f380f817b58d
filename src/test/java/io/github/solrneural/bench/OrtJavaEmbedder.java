package io.github.solrneural.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedding reference: ONNX Runtime's Java API on the ONNX file, one text per call (nothing
 * padded), mean pooling over the tokens and L2 normalisation written out here, sharing no code with
 * the plugin.
 */
final class OrtJavaEmbedder implements AutoCloseable {
  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;

  OrtJavaEmbedder(Path onnxFile, Path tokenizerFile, int maxLength, int intraOpThreads)
      throws Exception {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      session = environment.createSession(onnxFile.toString(), options);
    }
    String length = Integer.toString(maxLength);
    tokenizer =
        HuggingFaceTokenizer.newInstance(
            tokenizerFile,
            Map.of("truncation", "LONGEST_FIRST", "padding", "false", "maxLength", length,
                "modelMaxLength", length));
  }

  float[][] embedOneByOne(List<String> texts) throws Exception {
    float[][] vectors = new float[texts.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = embed(texts.get(i));
    }
    return vectors;
  }

  float[] embed(String text) throws Exception {
    Encoding encoding = tokenizer.encode(text);
    Map<String, long[][]> values = new HashMap<>();
    values.put("input_ids", new long[][] {encoding.getIds()});
    values.put("attention_mask", new long[][] {encoding.getAttentionMask()});
    values.put("token_type_ids", new long[][] {encoding.getTypeIds()});
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      for (String name : session.getInputNames()) {
        inputs.put(name, OnnxTensor.createTensor(environment, values.get(name)));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        float[][] states = ((float[][][]) result.get(0).getValue())[0];
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
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() throws Exception {
    session.close();
    tokenizer.close();
  }
}
