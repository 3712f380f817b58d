package io.github.solrneural.demo;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.KnownEmbedder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** -Ddemo.embedder: each choice's configset declares it as its model card says, and sizes the field. */
public class DemoEmbedderTest {

  @Test
  public void eachChoiceIsDeclaredWithItsPoolingPrefixesAndDimension() throws Exception {
    Path dir = DemoModels.buildDir().resolve("demo-embedder-test");
    for (KnownEmbedder known : KnownEmbedder.values()) {
      DemoEmbedder embedder = DemoEmbedder.named(known.option);
      Path conf = embedder.configset(dir.resolve(known.option));
      String config = Files.readString(conf.resolve("solrconfig.xml"));
      Map<String, String> declared = declaration(config, embedder.modelName());
      String path = declared.get("path")
          .replace("${neural.models.dir:models}", DemoModels.prepare().toString());
      assertTrue(path, Files.isRegularFile(Path.of(path).resolve("model.onnx")));
      assertEquals(known.pooling, declared.get("pooling"));
      assertEquals(known.queryPrefix, declared.getOrDefault("queryPrefix", ""));
      assertEquals(known.documentPrefix, declared.getOrDefault("documentPrefix", ""));
      assertEquals(known == KnownEmbedder.ALL_MINILM_L6_V2 ? "256" : "512",
          declared.get("maxLength"));
      String uses = "<str name=\"model\">" + embedder.modelName() + "</str>";
      assertEquals(3, config.split(uses, -1).length - 1);
      String schema = Files.readString(conf.resolve("managed-schema.xml"));
      assertTrue(schema.contains("vectorDimension=\"" + known.dimension + "\""));
    }
    assertEquals(512, DemoEmbedder.named("bge-small-zh-v1.5").known.dimension);
    String e5 = Files.readString(DemoEmbedder.named("e5-small-v2").configset(dir.resolve("e5"))
        .resolve("solrconfig.xml"));
    assertFalse("the shipped embedder is no longer declared", e5.contains("<lst name=\"minilm\">"));
    assertTrue(e5.contains("<str name=\"rq\">{!cross_encoder model=reranker"));
    String zh = Files.readString(DemoEmbedder.named("bge-small-zh-v1.5").configset(dir.resolve("zh"))
        .resolve("solrconfig.xml"));
    assertTrue(zh.contains("<int name=\"chunkSize\">150</int>"));
    assertFalse("the English cross-encoder does not rerank Chinese", zh.contains("<str name=\"rq\">"));
    assertTrue(DemoEmbedder.named("bge-small-zh-v1.5").document().text().contains("春秋"));
  }

  @Test
  public void anUnknownChoiceNamesTheOptionAndTheChoices() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DemoEmbedder.named("bge-large"));
    assertTrue(e.getMessage(), e.getMessage().contains("-Ddemo.embedder=bge-large")
        && e.getMessage().contains("e5-small-v2"));
  }

  private static Map<String, String> declaration(String config, String name) throws Exception {
    NodeList lists = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)))
        .getElementsByTagName("lst");
    for (int i = 0; i < lists.getLength(); i++) {
      Element list = (Element) lists.item(i);
      if (list.getAttribute("name").equals(name)) {
        Map<String, String> settings = new HashMap<>();
        NodeList values = list.getChildNodes();
        for (int j = 0; j < values.getLength(); j++) {
          if (values.item(j) instanceof Element value) {
            settings.put(value.getAttribute("name"), value.getTextContent());
          }
        }
        return settings;
      }
    }
    assertNotNull("solrconfig.xml declares no model " + name, null);
    return Map.of();
  }
}
