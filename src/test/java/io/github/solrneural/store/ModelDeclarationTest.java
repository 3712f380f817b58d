package io.github.solrneural.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.model.ModelKind;
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
    assertTrue(error.getMessage(), error.getMessage().startsWith("model 'm' in solrconfig.xml: "));
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
        "unknown setting 'engine' for a remote model");
  }

  @Test
  public void remoteSettingsAreCheckedForTheirKind() {
    assertConfigError(settings("url", "http://h/invocations", "kind", "embedding"), "'dimension' is required");
    assertConfigError(settings("url", "http://h/invocations", "kind", "cross-encoder", "dimension", 384),
        "'dimension' applies to embedding models only");
    assertConfigError(settings("url", "http://h/invocations", "kind", "cross-encoder", "maxInputsPerCall", 8),
        "'maxInputsPerCall' does not apply", "'maxPairsPerCall'");
    assertConfigError(settings("url", "http://h/invocations", "kind", "cross-encoder", "authHeader", "X-Key"),
        "'authHeaderEnv' or 'authHeaderProperty'");
    assertConfigError(settings("url", "http://h/invocations", "kind", "cross-encoder",
        "authHeaderEnv", "A", "authHeaderProperty", "b"), "not both");
    assertConfigError(settings("url", "http://h/invocations", "kind", "cross-encoder", "sigv4Service", "sagemaker"),
        "'sigv4Region'");
    assertConfigError(settings("url", "ftp://h/x", "kind", "cross-encoder"), "http or https URL");
    assertConfigError(settings("url", "http://h/ x", "kind", "cross-encoder"), "not a valid URL");
    assertConfigError(settings("url", "http://h/invocations", "kind", "cross-encoder", "timeoutMillis", "soon"),
        "'timeoutMillis' must be an integer");
    assertConfigError(settings("url", "http://h/invocations", "kind", "cross-encoder", "retries", -1),
        "retries must be at least 0");
  }

  @Test
  public void aUrlWithCredentialsIsNeverEchoed() {
    for (String url : new String[] {
        "https://user:pa55word@host/invocations", "https://user:pa55 word@host/invocations",
        "https://user:pa55word@bad_host/invocations", "ftp://user:pa55word@host/invocations"}) {
      SolrException error = assertThrows(SolrException.class,
          () -> ModelDeclaration.parse("m", settings("url", url, "kind", "cross-encoder"))
              .toRemoteSpec());
      assertTrue(error.getMessage(), error.getMessage().startsWith("model 'm' in solrconfig.xml: "));
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
        "maxResponseBytes", 0), "maxResponseBytes must be at least 1");
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
    assertTrue(error.getMessage(), error.getMessage().contains("maxTokenizedChars must be at least 1"));
  }
}
