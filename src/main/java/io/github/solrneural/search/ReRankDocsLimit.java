package io.github.solrneural.search;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.common.util.SimpleOrderedMap;
import org.apache.solr.request.SolrRequestInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The largest rerank window a request may ask for ({@code maxReRankDocs}). A larger request is
 * served with the window capped, and says so in the response header under {@code warnings}, so the
 * client learns of it without losing its answer.
 */
final class ReRankDocsLimit {
  static final String WARNINGS = "warnings";
  private static final Logger LOG = LoggerFactory.getLogger(ReRankDocsLimit.class);

  private final int max;
  private final AtomicBoolean loggedOnce = new AtomicBoolean();

  ReRankDocsLimit(int max) {
    if (max < 1) {
      throw new IllegalArgumentException(
          CrossEncoderRerankQParserPlugin.MAX_RERANK_DOCS + " must be at least 1, got " + max);
    }
    this.max = max;
  }

  int max() {
    return max;
  }

  /** The window to rerank: the requested one, or the cap when it asks for more. */
  int apply(BigInteger requested) {
    if (requested.compareTo(BigInteger.valueOf(max)) <= 0) {
      return requested.intValueExact();
    }
    String message =
        CrossEncoderRerankQParser.RERANK_DOCS + "=" + requested + " is above "
            + CrossEncoderRerankQParserPlugin.MAX_RERANK_DOCS + "=" + max + "; capped to " + max;
    warnInResponse(message);
    // Once at INFO so an operator sees that clients ask too much; then at DEBUG, not per request.
    if (loggedOnce.compareAndSet(false, true)) {
      LOG.info("{} (further caps are logged at DEBUG)", message);
    } else {
      LOG.debug("{}", message);
    }
    return max;
  }

  private static void warnInResponse(String message) {
    SolrRequestInfo info = SolrRequestInfo.getRequestInfo();
    if (info == null || info.getRsp() == null) {
      return;
    }
    NamedList<Object> header = info.getRsp().getResponseHeader();
    if (header == null) {
      return;
    }
    Object existing = header.get(WARNINGS);
    NamedList<Object> warnings;
    if (existing instanceof NamedList) {
      @SuppressWarnings("unchecked")
      NamedList<Object> found = (NamedList<Object>) existing;
      warnings = found;
    } else {
      warnings = new SimpleOrderedMap<>();
      header.add(WARNINGS, warnings);
    }
    // The parser may run more than once per request (e.g. debug): one entry per parameter.
    int index = warnings.indexOf(CrossEncoderRerankQParser.RERANK_DOCS, 0);
    if (index >= 0) {
      warnings.setVal(index, message);
    } else {
      warnings.add(CrossEncoderRerankQParser.RERANK_DOCS, message);
    }
  }
}
