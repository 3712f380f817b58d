package io.github.solrneural.update;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.model.Embedding;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;
import org.junit.Test;

/**
 * Which stored vectors a re-sent document may take, without Solr: only those of the same text made
 * with the same key, which changes with the model and with every chunking setting.
 */
public class VectorReuseTest {
  private static final int DIMENSION = 3;
  private static final String MODEL = "local sha256=abc maxLength=256";

  private static ChunkingConfig config(Object... more) {
    NamedList<Object> args = new NamedList<>();
    args.add("inputField", "text");
    args.add("vectorField", "vector");
    args.add("model", "minilm");
    for (int i = 0; i < more.length; i += 2) {
      args.add((String) more[i], more[i + 1]);
    }
    return ChunkingConfig.from(args);
  }

  private static List<Float> vector(float first) {
    return List.of(first, 0.5f, -1f);
  }

  private static SolrDocument chunk(String text, String key, List<Float> vector, Boolean truncated) {
    SolrDocument chunk = new SolrDocument();
    chunk.setField("chunk_text", text);
    chunk.setField("embedding_key", key);
    chunk.setField("vector", vector == null ? null : new ArrayList<>(vector));
    if (truncated != null) {
      chunk.setField("embedding_truncated", truncated);
    }
    return chunk;
  }

  private static VectorReuse reuse(ChunkingConfig config, EmbeddingKeys keys) {
    ReuseSettings settings = new ReuseSettings("embedding_key", "embedding_model", true, 100);
    return new VectorReuse(
        config, settings, keys, new DocumentText(config, DIMENSION), DIMENSION, null);
  }

  @Test
  public void aStoredChunkOfTheSameTextAndKeyLendsItsVectorAndTruncationFlag() {
    ChunkingConfig config = config();
    EmbeddingKeys keys = EmbeddingKeys.of(MODEL, config);
    SolrDocument parent = new SolrDocument();
    parent.setField("id", "d");
    parent.setField("chunks", List.of(
        chunk("same text", keys.chunks(), vector(1f), true),
        chunk("old model", EmbeddingKeys.of("another model", config).chunks(), vector(2f), null),
        chunk("no vector", keys.chunks(), null, null),
        chunk("short vector", keys.chunks(), List.of(1f, 2f), null)));
    StoredVectors stored = reuse(config, keys).offeredBy(parent, "d");

    Embedding same = stored.reusable("same text");
    assertArrayEquals(new float[] {1f, 0.5f, -1f}, same.vector(), 0f);
    assertTrue(same.truncated());
    assertNull("made by another model", stored.reusable("old model"));
    assertNull("nothing to reuse", stored.reusable("no vector"));
    assertNull("not the field's dimension", stored.reusable("short vector"));
    assertNull("a new text", stored.reusable("same text, changed"));
    assertEquals(1, stored.size());
  }

  @Test
  public void anonymousChildrenCountToo() {
    ChunkingConfig config = config();
    EmbeddingKeys keys = EmbeddingKeys.of(MODEL, config);
    SolrDocument parent = new SolrDocument();
    parent.addChildDocument(chunk("child", keys.chunks(), vector(3f), false));
    Embedding found = reuse(config, keys).offeredBy(parent, "p").reusable("child");
    assertEquals(3f, found.vector()[0], 0f);
    assertFalse(found.truncated());
  }

  @Test
  public void withoutChunkingTheStoredInputFieldsAreTheText() {
    ChunkingConfig config = config("chunking", "false");
    EmbeddingKeys keys = EmbeddingKeys.of(MODEL, config);
    SolrDocument stored = new SolrDocument();
    stored.setField("id", "w");
    stored.setField("text", "The whole text.");
    stored.setField("embedding_key", keys.chunks());
    stored.setField("vector", new ArrayList<>(vector(4f)));
    StoredVectors offer = reuse(config, keys).offeredBy(stored, "w");
    assertEquals(4f, offer.reusable("The whole text.").vector()[0], 0f);
    assertNull(offer.reusable("The whole text, edited."));
  }

  @Test
  public void theKeyChangesWithTheModelAndEveryChunkingSettingButNotWithFieldNames() {
    Set<String> keys = new TreeSet<>();
    keys.add(EmbeddingKeys.of(MODEL, config()).chunks());
    keys.add(EmbeddingKeys.of(MODEL + " prefix=9:passage: ", config()).chunks());
    keys.add(EmbeddingKeys.of(MODEL, config("chunkSize", 400)).chunks());
    keys.add(EmbeddingKeys.of(MODEL, config("chunkOverlap", 50)).chunks());
    keys.add(EmbeddingKeys.of(MODEL, config("separators", "\\n")).chunks());
    keys.add(EmbeddingKeys.of(MODEL, config("chunking", "false")).chunks());
    NamedList<Object> twoInputs = new NamedList<>();
    twoInputs.add("inputField", "title");
    twoInputs.add("inputField", "text");
    twoInputs.add("vectorField", "vector");
    twoInputs.add("model", "minilm");
    keys.add(EmbeddingKeys.of(MODEL, ChunkingConfig.from(twoInputs)).chunks());
    assertEquals("seven different keys: " + keys, 7, keys.size());

    assertEquals("what never changes a vector is not in the key",
        EmbeddingKeys.of(MODEL, config()),
        EmbeddingKeys.of(MODEL, config("batchDocuments", "false", "maxInputChars", 5,
            "truncatedField", "cut", "chunkTextField", "passage")));
    assertEquals("the model key ignores chunking",
        EmbeddingKeys.of(MODEL, config()).model(),
        EmbeddingKeys.of(MODEL, config("chunkSize", 400)).model());
    assertNotEquals(EmbeddingKeys.of(MODEL, config()).model(),
        EmbeddingKeys.of(MODEL + " maxLength=128", config()).model());
  }

  @Test
  public void everyChunkingSettingIsEitherInTheKeyOrKnownNotToChangeVectors() {
    Set<String> inKey = new TreeSet<>();
    for (String line : EmbeddingKeys.chunkingIdentity(config()).split("\n")) {
      inKey.add(line.substring(0, line.indexOf('=')));
    }
    Set<String> all = new TreeSet<>(inKey);
    all.addAll(EmbeddingKeys.NOT_IN_KEY);
    for (var component : ChunkingConfig.class.getRecordComponents()) {
      assertTrue(component.getName(), all.contains(component.getName()));
    }
    assertTrue(inKey.toString(), inKey.containsAll(
        List.of("inputFields", "chunking", "chunkSize", "chunkOverlap", "separators")));
  }

  @Test
  public void reuseSettingsAreReadAndBounded() {
    NamedList<Object> args = new NamedList<>();
    args.add("storedReadBatch", 5000);
    SolrException tooMany = assertThrows(SolrException.class,
        () -> ReuseSettings.from(ChunkingConfig.settingsOf(args)));
    assertEquals(500, tooMany.code());
    assertTrue(tooMany.getMessage(), tooMany.getMessage().startsWith("setting 'storedReadBatch'"));
    ReuseSettings defaults = ReuseSettings.from(ChunkingConfig.settingsOf(new NamedList<>()));
    assertEquals(new ReuseSettings("embedding_key", "embedding_model", true, 100), defaults);
    config("reuseStoredVectors", "false", "storedReadBatch", 10); // known to ChunkingConfig too
  }
}
