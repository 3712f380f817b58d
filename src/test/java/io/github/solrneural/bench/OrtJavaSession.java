package io.github.solrneural.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * ONNX Runtime's Java API on an ONNX file with DJL's HuggingFace tokenizer, one encoding per call
 * (nothing padded), as common Java rerankers and embedders call it. Shares no code with the plugin,
 * so the benchmark's peers built on it are also its references.
 */
final class OrtJavaSession implements AutoCloseable {
  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;

  /**
   * @param truncation the tokenizer's truncation strategy, such as {@code ONLY_SECOND} for pairs
   */
  OrtJavaSession(
      Path onnxFile, Path tokenizerFile, String truncation, int maxLength, int intraOpThreads)
      throws Exception {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      session = environment.createSession(onnxFile.toString(), options);
    }
    String length = Integer.toString(maxLength);
    tokenizer =
        HuggingFaceTokenizer.newInstance(
            tokenizerFile,
            Map.of(
                "truncation", truncation,
                "padding", "false",
                "maxLength", length,
                "modelMaxLength", length));
  }

  HuggingFaceTokenizer tokenizer() {
    return tokenizer;
  }

  /** The value of the model's first output for one encoding, as Java arrays. */
  Object firstOutput(Encoding encoding) throws OrtException {
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
        return result.get(0).getValue();
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
