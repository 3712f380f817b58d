package io.github.solrneural.bench;

import ai.djl.Device;
import ai.djl.huggingface.translator.TextClassificationTranslatorFactory;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.StringPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DJL's own reranking path: a Criteria with TextClassificationTranslatorFactory and reranking=true,
 * called with batchPredict. Set to the plugin's truncation (passage only, max length) and raw
 * logits; DJL's tokenizer pads the whole batch to its longest pair and stacks it into one pass.
 */
final class DjlStockReranker implements AutoCloseable {
  private final ZooModel<StringPair, float[]> model;
  private final Predictor<StringPair, float[]> predictor;

  DjlStockReranker(Path folder, String engine, int maxLength, Map<String, String> engineOptions)
      throws Exception {
    String length = Integer.toString(maxLength);
    model =
        Criteria.builder()
            .setTypes(StringPair.class, float[].class)
            .optModelPath(folder)
            .optModelName("model")
            .optEngine(engine)
            .optDevice(Device.cpu())
            .optOptions(engineOptions)
            .optTranslatorFactory(new TextClassificationTranslatorFactory())
            .optArgument("reranking", "true")
            .optArgument("includeTokenTypes", "true")
            .optArgument("sigmoid", "false")
            .optArgument("truncation", "ONLY_SECOND")
            .optArgument("padding", "true")
            .optArgument("maxLength", length)
            .optArgument("modelMaxLength", length)
            .build()
            .loadModel();
    predictor = model.newPredictor();
  }

  float[] score(String query, List<String> passages) throws Exception {
    List<StringPair> pairs = new ArrayList<>(passages.size());
    for (String passage : passages) {
      pairs.add(new StringPair(query, passage));
    }
    List<float[]> logits = predictor.batchPredict(pairs);
    float[] scores = new float[logits.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = logits.get(i)[0];
    }
    return scores;
  }

  @Override
  public void close() {
    predictor.close();
    model.close();
  }
}
