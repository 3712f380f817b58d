package io.github.solrneural.search;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.solr.SolrTestCase;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.request.LocalSolrQueryRequest;
import org.apache.solr.request.SolrRequestInfo;
import org.apache.solr.response.SolrQueryResponse;
import org.junit.Test;

/**
 * Solr's cpuAllowed reads the CPU time of the thread that checks it. A model thread checks a
 * request's budget before each forward pass, and the CPU it spent on other requests' passes must
 * never count against this request: here a thread standing in for the model's burns far more CPU
 * than the request allows, and the budget still holds, with Solr's own QueryLimits.
 */
public class RerankBudgetThreadTest extends SolrTestCase {
  private static final long CPU_ALLOWED_MILLIS = 300;

  @Test
  public void cpuSpentOnAModelThreadIsNotChargedToTheRequest() throws Exception {
    ModifiableSolrParams params = new ModifiableSolrParams();
    params.set("cpuAllowed", Long.toString(CPU_ALLOWED_MILLIS));
    LocalSolrQueryRequest req = new LocalSolrQueryRequest(null, params);
    SolrRequestInfo.setRequestInfo(new SolrRequestInfo(req, new SolrQueryResponse()));
    ExecutorService modelThread = Executors.newSingleThreadExecutor();
    try {
      RerankBudget budget = RerankBudget.start(-1);
      assertFalse(budget.spent());
      boolean spentOnModelThread =
          modelThread
              .submit(
                  () -> {
                    budget.spent(); // a first pass of this request
                    burnCpu(5 * CPU_ALLOWED_MILLIS); // other requests' passes
                    return budget.spent(); // the next pass of this request
                  })
              .get();
      assertFalse("the model thread's CPU was charged to the request", spentOnModelThread);
      assertFalse("nor seen from the request thread", budget.spent());
      // The request's own CPU is: past its limit, the model thread sees it too.
      burnCpu(2 * CPU_ALLOWED_MILLIS);
      assertTrue(budget.spent());
      assertTrue(modelThread.submit(budget::spent).get());
    } finally {
      modelThread.shutdown();
      SolrRequestInfo.clearRequestInfo();
      req.close();
    }
  }

  private static void burnCpu(long millis) {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    long end = bean.getCurrentThreadCpuTime() + millis * 1_000_000L;
    long sink = 0;
    while (bean.getCurrentThreadCpuTime() < end) {
      for (int i = 0; i < 100_000; i++) {
        sink += i * 31L ^ sink;
      }
    }
    if (sink == 42) {
      System.out.println(sink);
    }
  }
}
