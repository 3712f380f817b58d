package io.github.solrneural.load;

import io.github.solrneural.testing.SolrClients;
import java.util.List;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.common.SolrException;

/**
 * Sends a request to the nodes in turn from a first one, passing it to the next when a node gives
 * no HTTP answer (stopped, or stopping under the request: refused, reset, or a 200 cut off before
 * its end), as a load balancer in front of Solr would. An HTTP answer, an error status included, is
 * the answer.
 */
final class Failover {
  interface Call<T> {
    T on(SolrClient node) throws Exception;
  }

  private Failover() {}

  static <T> T call(List<SolrClient> nodes, int first, RequestStats stats, Call<T> call)
      throws Exception {
    Exception last = null;
    for (int i = 0; i < nodes.size(); i++) {
      if (i > 0) {
        stats.failover();
      }
      try {
        return call.on(nodes.get((first + i) % nodes.size()));
      } catch (SolrException e) {
        if (SolrClients.REMOTE_ERROR.isInstance(e) && !cutOff(e)) {
          throw e;
        }
        last = e;
      } catch (Exception e) {
        last = e;
      }
    }
    throw last;
  }

  /** The outcome class of a failed request, for the report's errors by status. */
  static String status(Exception e) {
    if (!SolrClients.REMOTE_ERROR.isInstance(e)) {
      return "no answer from any node";
    }
    SolrException remote = (SolrException) e;
    return cutOff(remote) ? "answer cut off (200, unreadable)" : "HTTP " + remote.code();
  }

  /** A 200 whose body could not be read: a stopping node cut the answer, so no answer at all. */
  private static boolean cutOff(SolrException e) {
    return e.code() == 200;
  }
}
