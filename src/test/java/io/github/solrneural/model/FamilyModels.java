package io.github.solrneural.model;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.Reader;
import java.nio.file.Files;
import java.util.List;

/**
 * The tiny stand-ins for the DistilBERT and XLM-RoBERTa families (made by
 * src/test/python/make_family_models.py) and their reference outputs, at the families' 512 tokens.
 */
final class FamilyModels {
  static final String DISTILBERT = "tiny-distilbert-embedder";
  static final String XLMR = "tiny-xlmr-cross-encoder";
  static final int MAX_LENGTH = 512;

  private FamilyModels() {}

  static ModelSpec spec(String folder, ModelKind kind, int batchSize) {
    return ModelSpec.builder(TinyModels.DIR.resolve(folder), ModelEngine.ONNX_RUNTIME, kind)
        .maxLength(MAX_LENGTH)
        .pooling(Pooling.MEAN)
        .normalize(false)
        .batchSize(batchSize)
        .maxConcurrentInferences(2)
        .build();
  }

  static JsonObject reference(String folder) throws Exception {
    try (Reader reader =
        Files.newBufferedReader(TinyModels.DIR.resolve(folder).resolve("reference.json"))) {
      return JsonParser.parseReader(reader).getAsJsonObject();
    }
  }

  /** The inputs the loader's translator feeds the graph, resolved as ModelLoader resolves them. */
  static List<ModelInput> fedInputs(ModelSpec spec) throws Exception {
    BatchTranslator translator =
        new BatchTranslator(
            ModelLoader.configuredInputs(spec.configFile()), true, spec.kind(), spec.pooling());
    Criteria<PaddedBatch, ModelOutput> criteria =
        Criteria.builder()
            .setTypes(PaddedBatch.class, ModelOutput.class)
            .optModelPath(spec.folder())
            .optModelName("model")
            .optEngine(spec.engine().djlName())
            .optDevice(Device.cpu())
            .optTranslator(translator)
            .build();
    try (ZooModel<PaddedBatch, ModelOutput> model = criteria.loadModel();
        Predictor<PaddedBatch, ModelOutput> predictor = model.newPredictor()) {
      // one pass prepares the translator with the graph's declared inputs, and feeds them
      predictor.predict(
          PaddedBatch.of(List.of(new TokenSequence(new long[] {0, 2}, new long[2], false)), 0));
      return translator.inputs();
    }
  }
}
