package io.github.solrneural.model;

import org.slf4j.Logger;

/**
 * Logs a recurring failure once per interval rather than once per request, so a broken model does
 * not flood the log; the messages it holds back are counted in the next one.
 */
public final class BurstLog {
  private final long intervalMillis;
  private long lastLogged = Long.MIN_VALUE;
  private long suppressed;

  public BurstLog(long intervalMillis) {
    this.intervalMillis = intervalMillis;
  }

  public synchronized void warn(Logger log, String format, Object... args) {
    long now = System.currentTimeMillis();
    if (lastLogged != Long.MIN_VALUE && now - lastLogged < intervalMillis) {
      suppressed++;
      return;
    }
    if (suppressed > 0) {
      log.warn("{} similar failures were not logged in the last {} ms", suppressed, intervalMillis);
    }
    log.warn(format, args);
    lastLogged = now;
    suppressed = 0;
  }
}
