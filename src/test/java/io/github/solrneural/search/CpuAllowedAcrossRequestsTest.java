package io.github.solrneural.search;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.model.CacheLimits;
import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.testing.DemoModels;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.request.LocalSolrQueryRequest;
import org.apache.solr.request.SolrRequestInfo;
import org.apache.solr.response.SolrQueryResponse;
import org.junit.Test;

/**
 * One request's inference never trips another's cpuAllowed, with the shipped reranker on one model
 * thread: a request with cpuAllowed reranks, a request without any limit keeps that thread busy for
 * several times that CPU, and the first request's next rerank still completes.
 */
public class CpuAllowedAcrossRequestsTest {
  private static final long CPU_ALLOWED_MILLIS = 500;
  private static final String QUERY = "Vitamin D deficiency is linked to bone loss.";

  @Test
  public void aRequestIsNotChargedForTheModelThreadsWorkOnOthers() throws Exception {
    ModelSpec oneThread =
        DemoModels.configsetRerankerSpec()
            .toBuilder()
            .maxConcurrentInferences(1)
            .intraOpThreads(ModelSpec.AUTO_THREADS)
            .pairCache(CacheLimits.OFF) // each busy rerank must run the model again
            .build();
    try (LoadedModel model = LoadedModel.load(oneThread)) {
      CrossEncoder crossEncoder = new CrossEncoder(model);
      List<String> few = List.of("Bone density falls without vitamin D.", "Rain in Spain.");
      assertNull("the first rerank", rerankWithCpuAllowed(crossEncoder, few));

      // Other requests, without limits, keep the model thread busy.
      String paragraph = DemoModels.demoText().substring(0, 1_500);
      List<String> many = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        many.add(i + " " + paragraph);
      }
      long startCpu = modelThreadCpuNanos(oneThread);
      while (modelThreadCpuNanos(oneThread) - startCpu < 5 * CPU_ALLOWED_MILLIS * 1_000_000L) {
        crossEncoder.score(QUERY, many);
      }
      assertNull("the next rerank of the limited request",
          rerankWithCpuAllowed(crossEncoder, few));
    }
  }

  /** Reranks as a request with cpuAllowed does; returns why the budget ran out, or null. */
  private static String rerankWithCpuAllowed(CrossEncoder crossEncoder, List<String> passages) {
    ModifiableSolrParams params = new ModifiableSolrParams();
    params.set("cpuAllowed", Long.toString(CPU_ALLOWED_MILLIS));
    LocalSolrQueryRequest req = new LocalSolrQueryRequest(null, params);
    SolrRequestInfo.setRequestInfo(new SolrRequestInfo(req, new SolrQueryResponse()));
    try {
      float[] scores = crossEncoder.score(QUERY, passages, RerankBudget.start(-1));
      assertEquals(passages.size(), scores.length);
      return null;
    } catch (io.github.solrneural.model.BudgetExhaustedException e) {
      return e.getMessage();
    } finally {
      SolrRequestInfo.clearRequestInfo();
      req.close();
    }
  }

  private static long modelThreadCpuNanos(ModelSpec spec) {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    String prefix = "neural-inference-" + spec.folder().getFileName();
    long nanos = 0;
    int found = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith(prefix)) {
        nanos += bean.getThreadCpuTime(thread.getId());
        found++;
      }
    }
    assertTrue("the model's thread runs", found == 1);
    return nanos;
  }
}
