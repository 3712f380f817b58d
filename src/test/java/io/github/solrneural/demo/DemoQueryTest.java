package io.github.solrneural.demo;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.SolrjQuery;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.junit.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The demo asks what the configset recommends for its cross-encoder: /semantic, blended. */
public class DemoQueryTest {

  @Test
  public void theDemoAsksTheSemanticHandlerWithNothingOfItsOwn() {
    SolrjQuery query = Demo.seedQuery("What is the plan for the economy?");
    assertEquals("/semantic", new QueryRequest(query).getPath());
    assertEquals("What is the plan for the economy?", query.get("q"));
    assertNull("the handler's rerank applies", query.get("rq"));
    assertNull(query.get("defType"));
  }

  @Test
  public void theSemanticHandlerBlendsTheKnnAndCrossEncoderScores() throws Exception {
    Map<String, String> defaults = semanticDefaults();
    assertEquals("semantic_knn", defaults.get("defType"));
    String rq = defaults.get("rq");
    assertTrue(rq, rq.startsWith("{!cross_encoder ") && rq.contains(" reRankOperator=blend "));
    assertTrue(rq, rq.contains(" v=$q}"));
  }

  private static Map<String, String> semanticDefaults() throws Exception {
    Path config = DemoModels.projectDir().resolve("solr-config/conf/solrconfig.xml");
    NodeList handlers =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(config.toFile())
            .getElementsByTagName("requestHandler");
    Map<String, String> defaults = new HashMap<>();
    for (int i = 0; i < handlers.getLength(); i++) {
      Element handler = (Element) handlers.item(i);
      if (handler.getAttribute("name").equals("/semantic")) {
        NodeList values = ((Element) handler.getElementsByTagName("lst").item(0)).getChildNodes();
        for (int j = 0; j < values.getLength(); j++) {
          if (values.item(j) instanceof Element value) {
            defaults.put(value.getAttribute("name"), value.getTextContent());
          }
        }
      }
    }
    return defaults;
  }
}
