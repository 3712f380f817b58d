package io.github.solrneural.search;

import io.github.solrneural.settings.SettingsReader;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.common.util.SimpleOrderedMap;
import org.apache.solr.request.SolrRequestInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A count a request asks for ({@code reRankDocs}, {@code topK}) and the largest one it may get
 * ({@code maxReRankDocs}, {@code maxTopK}). A larger request is served with the count capped, and
 * says so in the response header under {@code warnings}, so the client learns of it without losing
 * its answer. The value is read as every setting is ({@link SettingsReader}): in one pass over its
 * characters, however long, and quoted in messages only up to {@link
 * SettingsReader#QUOTED_CHARS} characters.
 */
final class CountLimit {
  static final String WARNINGS = "warnings";
  private static final Logger LOG = LoggerFactory.getLogger(CountLimit.class);

  private final String parameter;
  private final String maxParameter;
  private final int max;
  private final AtomicBoolean loggedOnce = new AtomicBoolean();

  CountLimit(String parameter, String maxParameter, int max) {
    if (max < 1) {
      throw new IllegalArgumentException(maxParameter + " must be at least 1, got " + max);
    }
    this.parameter = parameter;
    this.maxParameter = maxParameter;
    this.max = max;
  }

  int max() {
    return max;
  }

  /**
   * The count to use: the requested one, or the cap when it asks for more; absent, the default
   * (capped as well).
   *
   * @throws io.github.solrneural.settings.SettingException when the value is not an integer or
   *     below 1
   */
  int apply(SettingsReader params, int defaultValue) {
    long requested = params.atLeast(parameter, defaultValue, 1);
    if (requested <= max) {
      return (int) requested;
    }
    if (!params.has(parameter)) {
      return max;
    }
    String message =
        parameter + "=" + SettingsReader.quoted(params.string(parameter, "").trim())
            + " is above " + maxParameter + "=" + max + "; capped to " + max;
    warnInResponse(message);
    // Once at INFO so an operator sees that clients ask too much; then at DEBUG, not per request.
    if (loggedOnce.compareAndSet(false, true)) {
      LOG.info("{} (further caps are logged at DEBUG)", message);
    } else {
      LOG.debug("{}", message);
    }
    return max;
  }

  private void warnInResponse(String message) {
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
    int index = warnings.indexOf(parameter, 0);
    if (index >= 0) {
      warnings.setVal(index, message);
    } else {
      warnings.add(parameter, message);
    }
  }
}
