package io.github.solrneural.shared;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.model.Pooling;
import io.github.solrneural.testing.DemoModels;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * The scifact-minilm-ce cross-encoder against the 200 logits computed by the eager PyTorch model
 * (see shared/models/scifact-minilm-ce/README.md), through both engines, in batches of 16.
 */
public class ScifactRerankerParitySharedTest {
  private static final float TOLERANCE = 1e-4f;

  private record Pair(String query, String passage, float logit) {}

  @Test
  public void torchScriptMatchesTheReference() throws Exception {
    checkFolder(SharedData.dir().resolve("models/scifact-minilm-ce"), ModelEngine.PYTORCH);
  }

  @Test
  public void onnxMatchesTheReference() throws Exception {
    checkFolder(SharedData.dir().resolve("models/scifact-minilm-ce"), ModelEngine.ONNX_RUNTIME);
  }

  @Test
  public void theShippedDemoRerankerIsTheReferenceModelItself() throws Exception {
    Path shipped = DemoModels.projectDir().resolve("models/scifact-minilm-ce/model.pt");
    Path reference = SharedData.dir().resolve("models/scifact-minilm-ce/model.pt");
    assertEquals(sha256(reference), sha256(shipped));
    checkFolder(shipped.getParent(), ModelEngine.PYTORCH);
  }

  private static void checkFolder(Path folder, ModelEngine engine) throws Exception {
    List<Pair> pairs = referencePairs();
    assertEquals(200, pairs.size());
    ModelSpec spec =
        ModelSpec.builder(folder, engine, ModelKind.CROSS_ENCODER)
            .maxLength(256)
            .pooling(Pooling.MEAN)
            .normalize(false)
            .batchSize(16)
            .maxConcurrentInferences(1)
            .build();
    try (LoadedModel model = LoadedModel.load(spec)) {
      CrossEncoder crossEncoder = new CrossEncoder(model);
      // Group by query so each call scores one query's passages in batches, as a rerank does.
      Map<String, List<Pair>> byQuery = new HashMap<>();
      for (Pair pair : pairs) {
        byQuery.computeIfAbsent(pair.query(), q -> new ArrayList<>()).add(pair);
      }
      float worst = 0;
      for (Map.Entry<String, List<Pair>> entry : byQuery.entrySet()) {
        List<String> passages = entry.getValue().stream().map(Pair::passage).toList();
        float[] scores = crossEncoder.score(entry.getKey(), passages);
        for (int i = 0; i < scores.length; i++) {
          worst = Math.max(worst, Math.abs(scores[i] - entry.getValue().get(i).logit()));
        }
      }
      System.out.printf(java.util.Locale.ROOT, "%s %s: max |score - reference| = %.3g%n", folder, engine, worst);
      assertTrue(engine + " max diff " + worst, worst <= TOLERANCE);
    }
  }

  private static List<Pair> referencePairs() throws Exception {
    Path dir = SharedData.dir().resolve("models/scifact-minilm-ce");
    Map<String, Float> logits = new HashMap<>();
    List<String> lines = Files.readAllLines(dir.resolve("reference-scores.tsv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] columns = line.split("\t");
      logits.put(columns[0] + "/" + columns[1], Float.parseFloat(columns[2]));
    }
    List<Pair> pairs = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("reference-pairs.jsonl"))) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject json = JsonParser.parseString(line).getAsJsonObject();
      String key = json.get("query_id").getAsString() + "/" + json.get("doc_id").getAsString();
      pairs.add(
          new Pair(json.get("query").getAsString(), json.get("passage").getAsString(),
              logits.get(key)));
    }
    return pairs;
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
