package io.github.solrneural.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.TextPrefixes;
import io.github.solrneural.remote.RemoteModelSpec;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;
import org.junit.Test;

/** Model declarations as solrconfig.xml gives them: every mistake names the model and the setting. */
public class ModelDeclarationTest {

  private static NamedList<Object> settings(Object... pairs) {
    NamedList<Object> list = new NamedList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      list.add((String) pairs[i], pairs[i + 1]);
    }
    return list;
  }

  private static void assertConfigError(NamedList<Object> settings, String... parts) {
    SolrException error = assertThrows(SolrException.class,
        () -> ModelDeclaration.parse("m", settings).toRemoteSpec());
    assertEquals(500, error.code());
    assertTrue(error.getMessage(), error.getMessage().contains("model 'm' in solrconfig.xml"));
    for (String part : parts) {
      assertTrue(error.getMessage(), error.getMessage().contains(part));
    }
  }

  @Test
  public void aRemoteDeclarationGivesItsSpecWithDefaults() {
    RemoteModelSpec spec = ModelDeclaration.parse("m", settings(
        "url", "https://runtime.sagemaker.eu-west-1.amazonaws.com/endpoints/bge/invocations",
        "kind", "cross-encoder", "timeoutMillis", 800, "maxPairsPerCall", 32,
        "authHeader", "X-Api-Key", "authHeaderEnv", "SCORER_KEY", "sigv4Region", "eu-west-1"))
        .toRemoteSpec();
    assertEquals(ModelKind.CROSS_ENCODER, spec.kind());
    assertEquals(800, spec.timeoutMillis());
    assertEquals(32, spec.maxItemsPerCall());
    assertEquals(RemoteModelSpec.DEFAULT_RETRIES, spec.retries());
    assertEquals("X-Api-Key", spec.authHeader().name());
    assertEquals("SCORER_KEY", spec.authHeader().environmentVariable());
    assertNull(spec.authHeader().systemProperty());
    assertEquals("eu-west-1", spec.sigV4().region());
    assertEquals("sagemaker", spec.sigV4().service());
  }

  @Test
  public void aModelIsEitherLocalOrRemote() {
    assertConfigError(settings("path", "models/x", "url", "http://h/invocations", "kind", "embedding"),
        "'path'", "'url'", "not both");
    SolrException none = assertThrows(SolrException.class,
        () -> ModelDeclaration.parse("m", settings("kind", "embedding")));
    assertTrue(none.getMessage(), none.getMessage().contains("none is given"));
    assertConfigError(settings("url", "http://h/invocations", "kind", "cross-encoder", "engine", "PyTorch"),
        "unknown setting 'engine' of model 'm' in solrconfig.xml; known: [authHeader,");
  }

  @Test
  public void remoteSettingsAreCheckedForTheirKind() {
    assertConfigError(settings("url", "http://h/invocations", "kind", "embedding"), "setting 'dimension' of model 'm' in solrconfig.xml is required");
    assertConfigError(settings("url", "http://h/invocations", "kind", "cross-encoder", "dimension", 384),
        "setting 'dimension' of model 'm' in solrconfig.xml applies to embedding models only");
    assertConfigError(settings("url", "http://h/invocations", "kind", "cross-encoder", "maxInputsPerCall", 8),
        "setting 'maxInputsPerCall' of model 'm' in solrconfig.xml does not apply", "'maxPairsPerCall'");
    assertConfigError(settings("url", "http://h/invocations", "kind", "cross-encoder", "authHeader", "X-Key"),
        "'authHeaderEnv' or 'authHeaderProperty'");
    assertConfigError(settings("url", "http://h/invocations", "kind", "cross-encoder",
        "authHeaderEnv", "A", "authHeaderProperty", "b"), "not both");
    assertConfigError(settings("url", "http://h/invocations", "kind", "cross-encoder", "sigv4Service", "sagemaker"),
        "'sigv4Region'");
    assertConfigError(settings("url", "ftp://h/x", "kind", "cross-encoder"), "http or https URL");
    assertConfigError(settings("url", "http://h/ x", "kind", "cross-encoder"), "not a valid URL");
    assertConfigError(settings("url", "http://h/invocations", "kind", "cross-encoder", "timeoutMillis", "soon"),
        "setting 'timeoutMillis' of model 'm' in solrconfig.xml must be an integer, got 'soon'");
    assertConfigError(settings("url", "http://h/invocations", "kind", "cross-encoder", "retries", -1),
        "setting 'retries' of model 'm' in solrconfig.xml must be at least 0, got -1");
  }

  @Test
  public void aUrlWithCredentialsIsNeverEchoed() {
    for (String url : new String[] {
        "https://user:pa55word@host/invocations", "https://user:pa55 word@host/invocations",
        "https://user:pa55word@bad_host/invocations", "ftp://user:pa55word@host/invocations"}) {
      SolrException error = assertThrows(SolrException.class,
          () -> ModelDeclaration.parse("m", settings("url", url, "kind", "cross-encoder"))
              .toRemoteSpec());
      assertTrue(error.getMessage(), error.getMessage().contains("model 'm' in solrconfig.xml"));
      assertFalse(error.getMessage(), error.getMessage().contains("pa55"));
    }
  }

  @Test
  public void maxResponseBytesHasADefaultAndAMinimum() {
    NamedList<Object> plain = settings("url", "http://h/invocations", "kind", "cross-encoder");
    assertEquals(RemoteModelSpec.DEFAULT_MAX_RESPONSE_BYTES,
        ModelDeclaration.parse("m", plain).toRemoteSpec().maxResponseBytes());
    assertEquals(4096, ModelDeclaration.parse("m", settings("url", "http://h/invocations",
        "kind", "cross-encoder", "maxResponseBytes", 4096)).toRemoteSpec().maxResponseBytes());
    assertConfigError(settings("url", "http://h/invocations", "kind", "cross-encoder",
        "maxResponseBytes", 0), "setting 'maxResponseBytes' of model 'm' in solrconfig.xml must be at least 1, got 0");
  }

  @Test
  public void maxTokenizedCharsBoundsTheCharactersTokenisedPerText() {
    java.nio.file.Path home = java.nio.file.Path.of("/solr");
    NamedList<Object> declared =
        settings("path", "models/x", "engine", "OnnxRuntime", "kind", "embedding",
            "maxLength", 512);
    assertEquals("maxLength x 128 by default", 512 * 128,
        ModelDeclaration.parse("m", declared).toSpec(home).effectiveMaxTokenizedChars());
    declared.add("maxTokenizedChars", 20_000);
    assertEquals(20_000,
        ModelDeclaration.parse("m", declared).toSpec(home).effectiveMaxTokenizedChars());
    NamedList<Object> negative =
        settings("path", "models/x", "engine", "OnnxRuntime", "kind", "embedding",
            "maxTokenizedChars", -1);
    SolrException error = assertThrows(SolrException.class,
        () -> ModelDeclaration.parse("m", negative).toSpec(home));
    assertTrue(error.getMessage(), error.getMessage().contains(
        "setting 'maxTokenizedChars' of model 'm' in solrconfig.xml must be at least 1, got -1"));
  }

  @Test
  public void anInProcessModelsBadBooleanNumberOrUnknownSettingIsNamed() {
    java.nio.file.Path home = java.nio.file.Path.of("/solr");
    String of = " of model 'm' in solrconfig.xml";
    String[][] cases = {
        {"normalize", "yes", "setting 'normalize'" + of + " must be true or false, got 'yes'"},
        {"maxLength", "long", "setting 'maxLength'" + of + " must be an integer, got 'long'"},
        {"batchSize", "0", "setting 'batchSize'" + of + " must be at least 1, got 0"},
        {"maxQueueWaitMillis", "0", "setting 'maxQueueWaitMillis'" + of + " must be at least 1, got 0"},
        {"pooling", "max", "setting 'pooling'" + of + " must be one of mean, cls; got 'max'"},
        {"engine", "TensorFlow", "setting 'engine'" + of + " must be one of PyTorch, OnnxRuntime;"
            + " got 'TensorFlow'"},
        {"normalise", "true", "unknown setting 'normalise'" + of + "; known: [batchSize, documentPrefix, engine,"}};
    for (String[] bad : cases) {
      NamedList<Object> declared = new NamedList<>();
      declared.add("path", "models/x");
      declared.add("kind", "embedding");
      if (!bad[0].equals("engine")) {
        declared.add("engine", "OnnxRuntime");
      }
      declared.add(bad[0], bad[1]);
      SolrException error = assertThrows(SolrException.class,
          () -> ModelDeclaration.parse("m", declared).toSpec(home));
      assertEquals(500, error.code());
      assertTrue(error.getMessage(), error.getMessage().startsWith(bad[2]));
    }
  }

  @Test
  public void aRemoteModelsBadNumberOrUnknownSettingIsNamed() {
    assertConfigError(settings("url", "http://h/invocations", "kind", "embedding", "dimension", "wide"),
        "setting 'dimension' of model 'm' in solrconfig.xml must be an integer, got 'wide'");
    assertConfigError(settings("url", "http://h/invocations", "kind", "cross-encoder", "timeoutMilis", 5),
        "unknown setting 'timeoutMilis' of model 'm' in solrconfig.xml; known: [");
  }

  @Test
  public void embeddersOfEitherBackendDeclarePrefixesExactlyAndCrossEncodersNone() {
    assertEquals(new TextPrefixes("query: ", "passage: "), ModelDeclaration.parse("m", settings(
        "url", "http://h/invocations", "kind", "embedding", "dimension", 384,
        "queryPrefix", "query: ", "documentPrefix", "passage: ")).prefixes());
    assertEquals(new TextPrefixes("Represent this sentence: ", ""), ModelDeclaration.parse("m",
        settings("path", "models/bge", "engine", "OnnxRuntime", "kind", "embedding",
            "queryPrefix", "Represent this sentence: ")).prefixes());
    for (Object[] crossEncoder : new Object[][] {
        {"url", "http://h/invocations", "kind", "cross-encoder", "documentPrefix", "passage: "},
        {"path", "models/ce", "engine", "PyTorch", "kind", "reranker", "documentPrefix", "p: "}}) {
      SolrException error = assertThrows(SolrException.class,
          () -> ModelDeclaration.parse("m", settings(crossEncoder)));
      assertEquals(500, error.code());
      assertTrue(error.getMessage(), error.getMessage().contains("setting 'documentPrefix' of model"
          + " 'm' in solrconfig.xml applies to embedding models only"));
    }
  }
}
