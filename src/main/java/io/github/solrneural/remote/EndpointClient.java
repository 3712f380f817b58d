package io.github.solrneural.remote;

import com.google.gson.stream.JsonReader;
import io.github.solrneural.model.BackendFailureException;
import io.github.solrneural.model.Budget;
import io.github.solrneural.model.BudgetExhaustedException;
import io.github.solrneural.model.BurstLog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts JSON to one endpoint: bounded by the call's timeout and the caller's budget, retrying
 * transient failures with a doubling backoff, counting calls and failures, and logging failures at
 * most once per burst. Thread-safe.
 */
final class EndpointClient {
  private static final Logger LOG = LoggerFactory.getLogger(EndpointClient.class);
  private static final int QUOTED_BODY_CHARS = 200;

  private final RemoteModelSpec spec;
  private final HttpClient http;
  private final RequestSigner signer;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong failedCalls = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong failedRequests = new AtomicLong();
  private final BurstLog failureLog = new BurstLog(10_000);

  /** Why one call gave no usable answer; {@code retryable} when another try may succeed. */
  private static final class CallFailure extends Exception {
    final boolean retryable;

    CallFailure(String message, boolean retryable, Throwable cause) {
      super(message, cause);
      this.retryable = retryable;
    }
  }

  EndpointClient(RemoteModelSpec spec, RequestSigner signer) {
    this.spec = spec;
    this.signer = signer;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(spec.connectTimeoutMillis()))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Turns an answer's JSON, read as a stream, into the result. */
  interface AnswerReader<T> {
    T read(JsonReader answer) throws IOException;
  }

  /**
   * Posts the body and reads the answer, retrying transient failures while the budget lasts.
   *
   * @param reader turns the answer's JSON into the result; a {@link ContractViolationException}
   *     from it is a failed call that is not retried
   * @throws BudgetExhaustedException when the budget runs out first
   * @throws BackendFailureException when every attempt failed
   */
  <T> T post(String body, AnswerReader<T> reader, Budget budget) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int attempt = 0; ; attempt++) {
      budget.check();
      try {
        return call(bytes, reader, budget);
      } catch (CallFailure failure) {
        if (!failure.retryable || attempt >= spec.retries()) {
          throw giveUp(failure, attempt + 1);
        }
        long backoffMillis = (long) spec.retryBackoffMillis() << Math.min(attempt, 20);
        if (budget.remainingNanos() <= TimeUnit.MILLISECONDS.toNanos(backoffMillis)) {
          throw new BudgetExhaustedException(
              budget.describe() + " (before retrying " + spec.printableUrl() + ", which failed: "
                  + failure.getMessage() + ")");
        }
        retries.incrementAndGet();
        sleep(backoffMillis);
      }
    }
  }

  private <T> T call(byte[] body, AnswerReader<T> reader, Budget budget) throws CallFailure {
    calls.incrementAndGet();
    long remaining = budget.remainingNanos();
    long configured = TimeUnit.MILLISECONDS.toNanos(spec.timeoutMillis());
    boolean budgetBound = remaining < configured;
    long timeoutNanos = Math.max(1, Math.min(remaining, configured));
    HttpRequest request;
    try {
      request = request(body, timeoutNanos);
    } catch (CallFailure failure) {
      failedCalls.incrementAndGet();
      throw failure;
    }
    CompletableFuture<HttpResponse<byte[]>> pending =
        http.sendAsync(request, CappedBody.handler(spec.maxResponseBytes()));
    HttpResponse<byte[]> response;
    try {
      response = pending.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw timedOut(budgetBound, budget, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException) {
        throw timedOut(budgetBound, budget, cause);
      }
      failedCalls.incrementAndGet();
      if (cause instanceof CappedBody.TooLargeException) {
        throw new CallFailure("answered " + cause.getMessage(), false, null);
      }
      throw new CallFailure(
          "cannot reach the endpoint: " + cut(String.valueOf(cause)),
          cause instanceof IOException, cause);
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      failedCalls.incrementAndGet();
      throw new CallFailure("interrupted while waiting for the endpoint", false, e);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      failedCalls.incrementAndGet();
      throw new CallFailure(
          "answered HTTP " + status + ": " + quote(response.body()),
          status == 429 || status >= 500,
          null);
    }
    try (JsonReader answer =
        new JsonReader(new InputStreamReader(
            new ByteArrayInputStream(response.body()), StandardCharsets.UTF_8))) {
      return reader.read(answer);
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      failedCalls.incrementAndGet();
      throw new CallFailure(
          "answered malformed JSON (" + cut(e.getMessage()) + "): " + quote(response.body()),
          false, null);
    } catch (ContractViolationException e) {
      failedCalls.incrementAndGet();
      throw new CallFailure("answered against the contract: " + e.getMessage(), false, null);
    }
  }

  /**
   * The call with its headers. A header value or a signature that cannot be made is a failed call
   * whose message names the setting, never the value, and keeps no cause that might quote it.
   */
  private HttpRequest request(byte[] body, long timeoutNanos) throws CallFailure {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Accept", "application/json");
    AuthHeader auth = spec.authHeader();
    if (auth != null) {
      String value = auth.value();
      if (value == null) {
        throw new CallFailure("the " + auth.source() + " for header " + auth.name()
            + " is not set", false, null);
      }
      if (!AuthHeader.isValidValue(value)) {
        throw new CallFailure(auth.invalidValueMessage(), false, null);
      }
      headers.put(auth.name(), value);
    }
    if (signer != null) {
      try {
        headers.putAll(signer.sign(spec.url(), headers, body));
      } catch (RuntimeException e) {
        LOG.debug("SigV4 signing failed with {}", e.getClass().getName());
        throw new CallFailure(
            "cannot sign the call with SigV4 (" + e.getClass().getSimpleName() + "); check the"
                + " AWS credentials of this JVM", false, null);
      }
    }
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(spec.url())
            .timeout(Duration.ofNanos(timeoutNanos))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      headers.forEach(builder::header);
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new CallFailure("the HTTP client refused a header of the call", false, null);
    }
  }

  private CallFailure timedOut(boolean budgetBound, Budget budget, Throwable cause) {
    failedCalls.incrementAndGet();
    if (budgetBound) {
      // The caller's budget, not the endpoint's timeout, cut this call: no retry can help.
      BudgetExhaustedException exhausted =
          new BudgetExhaustedException(
              budget.describe() + " while waiting for " + spec.printableUrl());
      exhausted.initCause(cause);
      throw exhausted;
    }
    return new CallFailure("no answer within timeoutMillis=" + spec.timeoutMillis(), true, cause);
  }

  private BackendFailureException giveUp(CallFailure failure, int attempts) {
    long failed = failedRequests.incrementAndGet();
    String message =
        "remote " + spec.kind().label() + " model at " + spec.printableUrl() + " failed after "
            + attempts + (attempts == 1 ? " attempt: " : " attempts: ") + failure.getMessage();
    failureLog.warn(LOG, "{} ({} failed requests in all)", message, failed);
    return new BackendFailureException(message, failure.getCause());
  }

  /** The start of an answer's body, on one line, cut short. */
  private static String quote(byte[] body) {
    if (body == null || body.length == 0) {
      return "(empty body)";
    }
    int length = Math.min(body.length, QUOTED_BODY_CHARS * 4);
    String start = new String(body, 0, length, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
    boolean more = length < body.length || start.length() > QUOTED_BODY_CHARS;
    return start.substring(0, Math.min(start.length(), QUOTED_BODY_CHARS)) + (more ? "..." : "");
  }

  /** The first line of a message, cut short. */
  private static String cut(String message) {
    return message == null ? "" : ScoringContract.cut(message.lines().findFirst().orElse(""), QUOTED_BODY_CHARS);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendFailureException("interrupted while waiting to retry", e);
    }
  }

  RemoteModelSpec spec() {
    return spec;
  }

  /** HTTP calls made, retries included. */
  long calls() {
    return calls.get();
  }

  /** Calls that gave no usable answer: no connection, too slow, an error status, a bad answer. */
  long failedCalls() {
    return failedCalls.get();
  }

  /** Calls made again after a transient failure. */
  long retries() {
    return retries.get();
  }

  /** Requests (one or more calls) that ended in failure after their retries. */
  long failedRequests() {
    return failedRequests.get();
  }
}
