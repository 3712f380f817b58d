package io.github.solrneural.search;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.common.util.SimpleOrderedMap;
import org.apache.solr.request.SolrRequestInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A count a request asks for ({@code reRankDocs}, {@code topK}) and the largest one it may get
 * ({@code maxReRankDocs}, {@code maxTopK}). A larger request is served with the count capped, and
 * says so in the response header under {@code warnings}, so the client learns of it without losing
 * its answer. The value is read in one pass over its characters, however long, and quoted in
 * messages only up to {@link #QUOTED_CHARS} characters.
 */
final class CountLimit {
  static final String WARNINGS = "warnings";
  static final int QUOTED_CHARS = 32;
  private static final Logger LOG = LoggerFactory.getLogger(CountLimit.class);
  /** More digits than this (leading zeros aside) is above any int. */
  private static final int INT_DIGITS = 10;

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
   * The count to use: the requested one, or the cap when it asks for more.
   *
   * @throws SolrException a 400 naming the parameter when the value is not an integer or below 1
   */
  int apply(String value) {
    String trimmed = value.trim();
    int start = trimmed.startsWith("+") || trimmed.startsWith("-") ? 1 : 0;
    boolean negative = trimmed.startsWith("-");
    if (start == trimmed.length()) {
      throw badRequest("must be an integer, got '" + quoted(value) + "'");
    }
    int firstSignificant = -1;
    for (int i = start; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c < '0' || c > '9') {
        throw badRequest("must be an integer, got '" + quoted(value) + "'");
      }
      if (firstSignificant < 0 && c != '0') {
        firstSignificant = i;
      }
    }
    if (negative || firstSignificant < 0) {
      throw badRequest("must be at least 1, got " + quoted(trimmed));
    }
    String digits = trimmed.substring(firstSignificant);
    if (digits.length() <= INT_DIGITS && Long.parseLong(digits) <= max) {
      return Integer.parseInt(digits);
    }
    String message =
        parameter + "=" + quoted(trimmed) + " is above " + maxParameter + "=" + max
            + "; capped to " + max;
    warnInResponse(message);
    // Once at INFO so an operator sees that clients ask too much; then at DEBUG, not per request.
    if (loggedOnce.compareAndSet(false, true)) {
      LOG.info("{} (further caps are logged at DEBUG)", message);
    } else {
      LOG.debug("{}", message);
    }
    return max;
  }

  /** The value itself when short, else its start and its length: a client may send megabytes. */
  static String quoted(String value) {
    if (value.length() <= QUOTED_CHARS) {
      return value;
    }
    return value.substring(0, QUOTED_CHARS) + "... (" + value.length() + " characters)";
  }

  private SolrException badRequest(String problem) {
    return new SolrException(
        SolrException.ErrorCode.BAD_REQUEST, "parameter '" + parameter + "' " + problem);
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
