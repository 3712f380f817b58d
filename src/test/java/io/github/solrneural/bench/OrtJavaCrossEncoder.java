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
 * A cross-encoder the way common Java rerankers run one: ONNX Runtime's Java API called directly on
 * the ONNX export, with DJL's HuggingFace tokenizer, one (query, passage) pair per call, so nothing
 * is padded. Also the benchmark's reference scores, since it shares no code with the plugin.
 */
final class OrtJavaCrossEncoder implements AutoCloseable {
  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;

  OrtJavaCrossEncoder(Path folder, int maxLength, int intraOpThreads) throws Exception {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      session = environment.createSession(folder.resolve("model.onnx").toString(), options);
    }
    String length = Integer.toString(maxLength);
    tokenizer =
        HuggingFaceTokenizer.newInstance(
            folder.resolve("tokenizer.json"),
            Map.of(
                "truncation", "ONLY_SECOND",
                "padding", "false",
                "maxLength", length,
                "modelMaxLength", length));
  }

  float[] scoreOneByOne(String query, List<String> passages) throws Exception {
    float[] scores = new float[passages.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = score(query, passages.get(i));
    }
    return scores;
  }

  float score(String query, String passage) throws Exception {
    Encoding encoding = tokenizer.encode(query, passage);
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
        return ((float[][]) result.get(0).getValue())[0][0];
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
