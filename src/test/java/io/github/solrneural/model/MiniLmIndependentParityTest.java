package io.github.solrneural.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.solrneural.chunk.Chunk;
import io.github.solrneural.chunk.RecursiveTextSplitter;
import io.github.solrneural.testing.DemoModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import io.github.solrneural.testing.Vectors;

/**
 * all-MiniLM-L6-v2 through the plugin (DJL, batched and padded) against the ONNX Runtime Java API
 * called directly on one unpadded text at a time, with mean pooling and normalisation done here.
 */
public class MiniLmIndependentParityTest {

  @Test
  public void pluginVectorsMatchOnnxRuntimeCalledDirectly() throws Exception {
    Path folder = DemoModels.prepare().resolve(DemoModels.EMBEDDER);
    List<String> texts = texts();
    ModelSpec spec =
        ModelSpec.builder(folder, ModelEngine.ONNX_RUNTIME, ModelKind.EMBEDDING)
            .maxLength(256)
            .pooling(Pooling.MEAN)
            .normalize(true)
            .batchSize(8)
            .maxConcurrentInferences(1)
            .build();
    List<Embedding> plugin;
    try (LoadedModel model = LoadedModel.load(spec)) {
      assertEquals(384, model.outputDimension());
      plugin = new Embedder(model).embedAll(texts);
    }

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    double worstCosine = 1;
    try (OrtSession session = env.createSession(folder.resolve("model.onnx").toString());
        HuggingFaceTokenizer tokenizer =
            HuggingFaceTokenizer.newInstance(
                folder.resolve("tokenizer.json"),
                Map.of("truncation", "true", "padding", "false", "maxLength", "256"))) {
      for (int i = 0; i < texts.size(); i++) {
        Encoding encoding = tokenizer.encode(texts.get(i));
        float[] expected = meanPooledNormalised(env, session, encoding);
        double cosine = Vectors.cosine(expected, plugin.get(i).vector());
        worstCosine = Math.min(worstCosine, cosine);
      }
    }
    System.out.printf(java.util.Locale.ROOT, "all-MiniLM-L6-v2 plugin vs direct ONNX Runtime: min cosine %.8f over %d texts%n",
        worstCosine, texts.size());
    assertTrue("min cosine " + worstCosine, worstCosine >= 0.99999);
  }

  private static float[] meanPooledNormalised(
      OrtEnvironment env, OrtSession session, Encoding encoding) throws Exception {
    long[][] ids = {encoding.getIds()};
    long[][] mask = {encoding.getAttentionMask()};
    long[][] types = {encoding.getTypeIds()};
    try (OnnxTensor idTensor = OnnxTensor.createTensor(env, ids);
        OnnxTensor maskTensor = OnnxTensor.createTensor(env, mask);
        OnnxTensor typeTensor = OnnxTensor.createTensor(env, types);
        OrtSession.Result result =
            session.run(
                Map.of(
                    "input_ids", idTensor,
                    "attention_mask", maskTensor,
                    "token_type_ids", typeTensor))) {
      float[][][] hidden = (float[][][]) result.get(0).getValue();
      float[] pooled = new float[hidden[0][0].length];
      for (float[] token : hidden[0]) {
        for (int j = 0; j < pooled.length; j++) {
          pooled[j] += token[j] / hidden[0].length;
        }
      }
      double norm = 0;
      for (float value : pooled) {
        norm += value * value;
      }
      for (int j = 0; j < pooled.length; j++) {
        pooled[j] /= (float) Math.sqrt(norm);
      }
      return pooled;
    }
  }

  /** Demo chunks of every length, plus short, long, non-Latin and control-character texts. */
  private static List<String> texts() throws Exception {
    String text = DemoModels.demoText();
    List<String> texts = new ArrayList<>();
    for (Chunk chunk : new RecursiveTextSplitter(500, 100).split(text).subList(0, 12)) {
      texts.add(chunk.text());
    }
    texts.add("economy");
    texts.add("What is the plan for the economy?");
    texts.add(text.substring(0, 3000)); // longer than 256 tokens: truncated
    texts.add("Économie et emploi: 経済と雇用 — экономика");
    texts.add("tab\there, bell\u0007 and\r\nnew lines");
    return texts;
  }
}
