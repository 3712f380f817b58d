package io.github.solrneural.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads an answer's body into memory up to a size, and gives up (closing the connection) at the
 * first byte beyond it: an endless or huge answer costs at most that much heap.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
  /** An answer was larger than the cap. */
  static final class TooLargeException extends IOException {
    TooLargeException(long maxBytes) {
      super("more than maxResponseBytes=" + maxBytes + " bytes");
    }
  }

  private final long maxBytes;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private Flow.Subscription subscription;
  private boolean declaredTooLarge;

  private CappedBody(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  static HttpResponse.BodyHandler<byte[]> handler(long maxBytes) {
    return info -> {
      CappedBody capped = new CappedBody(maxBytes);
      capped.declaredTooLarge =
          info.headers().firstValueAsLong("Content-Length").orElse(-1) > maxBytes;
      return capped;
    };
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (declaredTooLarge) {
      subscription.cancel();
      body.completeExceptionally(new TooLargeException(maxBytes));
      return;
    }
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (body.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      if (received.size() + (long) buffer.remaining() > maxBytes) {
        subscription.cancel();
        body.completeExceptionally(new TooLargeException(maxBytes));
        return;
      }
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      received.write(bytes, 0, bytes.length);
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable throwable) {
    body.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    body.complete(received.toByteArray());
  }
}
