package io.github.solrneural.update;

import java.util.List;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.ToleratedUpdateError;
import org.apache.solr.core.PluginInfo;
import org.apache.solr.core.SolrCore;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.update.processor.TolerantUpdateProcessorFactory;
import org.apache.solr.update.processor.UpdateRequestProcessorChain;
import org.apache.solr.update.processor.UpdateRequestProcessorFactory;

/**
 * Where this processor's chain puts Solr's TolerantUpdateProcessorFactory, checked when the core
 * loads. Right before this processor, the tolerant processor is mirrored ({@link FailureLedger}):
 * its configured {@code maxErrors}, or the request's, decides when a request stops. Anywhere else
 * before it, a failure of a processor in between could not be counted, so the core does not load.
 * After this processor, or absent, each failure is thrown at once and charged by whoever is there.
 */
final class ChainTolerance {
  private static final String MAX_ERRORS = "maxErrors";
  private static final ChainTolerance NONE = new ChainTolerance(false, 0);

  private final boolean upstream;
  private final int defaultMaxErrors;

  private ChainTolerance(boolean upstream, int defaultMaxErrors) {
    this.upstream = upstream;
    this.defaultMaxErrors = defaultMaxErrors;
  }

  static ChainTolerance of(SolrCore core, UpdateRequestProcessorFactory self) {
    for (PluginInfo chainInfo :
        core.getSolrConfig().getPluginInfos(UpdateRequestProcessorChain.class.getName())) {
      List<UpdateRequestProcessorFactory> processors =
          core.getUpdateProcessingChain(chainInfo.name).getProcessors();
      int position = processors.indexOf(self);
      if (position < 0) {
        continue;
      }
      List<PluginInfo> declared = chainInfo.getChildren("processor");
      for (int i = 0; i < position; i++) {
        if (!(processors.get(i) instanceof TolerantUpdateProcessorFactory)) {
          continue;
        }
        if (i != position - 1) {
          throw new SolrException(
              SolrException.ErrorCode.SERVER_ERROR,
              "updateRequestProcessorChain '" + chainInfo.name + "': TolerantUpdateProcessorFactory"
                  + " must come right before " + self.getClass().getSimpleName()
                  + ", so that each failure of a held-back document is charged to its own id");
        }
        return new ChainTolerance(true, configuredMaxErrors(declared, i));
      }
      return NONE;
    }
    return NONE;
  }

  /** The tolerant factory's own default, as it reads it (absent: unlimited). */
  private static int configuredMaxErrors(List<PluginInfo> declared, int index) {
    Object value =
        index < declared.size() ? declared.get(index).initArgs.get(MAX_ERRORS) : null;
    int maxErrors = value == null ? -1 : Integer.parseInt(value.toString().trim());
    return ToleratedUpdateError.getEffectiveMaxErrors(maxErrors);
  }

  /** A ledger for one request, with the request's {@code maxErrors} when it sends one. */
  FailureLedger ledgerFor(SolrQueryRequest req) {
    if (!upstream) {
      return new FailureLedger(false, 0);
    }
    Integer requested = req.getParams().getInt(MAX_ERRORS);
    if (requested != null && requested < -1) {
      // As the tolerant processor says it, which is created after this one.
      throw new SolrException(
          SolrException.ErrorCode.BAD_REQUEST,
          "'" + MAX_ERRORS + "' must either be non-negative, or -1 to indicate 'unlimited': "
              + requested);
    }
    int maxErrors =
        requested == null
            ? defaultMaxErrors
            : ToleratedUpdateError.getEffectiveMaxErrors(requested);
    return new FailureLedger(true, maxErrors);
  }
}
