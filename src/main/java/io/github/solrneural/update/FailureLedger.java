package io.github.solrneural.update;

import java.util.ArrayList;
import java.util.List;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.ToleratedUpdateError;
import org.apache.solr.common.ToleratedUpdateError.CmdType;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.update.SolrCmdDistributor.SolrError;
import org.apache.solr.update.processor.DistributedUpdateProcessor.DistributedUpdatesAsyncException;

/**
 * Charges each failed command of one update request to its own id, so that holding documents back
 * for batching changes nothing a client sees.
 *
 * <p>Solr's TolerantUpdateProcessor charges whatever a call throws to that call's command. A held
 * document goes down the chain during a later command's call, so its failure must not be thrown
 * there: it is kept here and handed to the tolerant processor when the request finishes, as the
 * per-id errors of a {@link DistributedUpdatesAsyncException}, which its {@code finish()} reads.
 * To keep the errors in request order, once one failure is kept every later one is kept too. The
 * ledger counts failures as the tolerant processor does and says when the request must stop: when
 * more than {@code maxErrors} failed, nothing after that failure is processed, as without batching.
 *
 * <p>Without a tolerant processor before this one, every failure stops the request and is thrown
 * at once, from whichever call it happens in: nothing upstream charges it to another id.
 */
final class FailureLedger {
  /** Longest message kept per error, so a request of many failures answers in bounded size. */
  static final int MAX_MESSAGE_CHARS = 1000;

  private final boolean tolerantUpstream;
  private final int maxErrors;
  private int thrownInOwnCall;
  private final List<ToleratedUpdateError> kept = new ArrayList<>();
  private SolrException firstKept;
  private boolean stopped;

  /**
   * @param tolerantUpstream whether a TolerantUpdateProcessor sits right before this processor
   * @param maxErrors the tolerant processor's effective limit (Integer.MAX_VALUE for unlimited)
   */
  FailureLedger(boolean tolerantUpstream, int maxErrors) {
    this.tolerantUpstream = tolerantUpstream;
    this.maxErrors = maxErrors;
  }

  /** Whether the request has failed for good: later commands are not processed. */
  boolean stopped() {
    return stopped;
  }

  /**
   * Records that a command failed.
   *
   * @param inOwnCall whether the command is the one whose call is running now
   * @return true when the caller must throw the failure now; false when it is kept for finish
   */
  boolean failed(CmdType type, String id, Exception failure, boolean inOwnCall) {
    if (!tolerantUpstream) {
      stopped = true;
      return true;
    }
    if (inOwnCall && kept.isEmpty()) {
      // The tolerant processor charges it to this very command, and stops the request itself.
      thrownInOwnCall++;
      stopped = thrownInOwnCall > maxErrors;
      return true;
    }
    SolrException error = asSolrException(failure);
    if (firstKept == null) {
      firstKept = error;
    }
    kept.add(new ToleratedUpdateError(type, id, cut(error.getMessage())));
    stopped = thrownInOwnCall + kept.size() > maxErrors;
    return false;
  }

  /**
   * The kept failures as the tolerant processor reads them in {@code finish()}, together with what
   * the rest of the chain's {@code finish()} threw; null when there is nothing to report. The
   * status is the first kept failure's, as the tolerant processor would have thrown that one.
   */
  Exception atFinish(Exception fromRestOfChain) {
    DistributedUpdatesAsyncException forwarded =
        fromRestOfChain instanceof DistributedUpdatesAsyncException
            ? (DistributedUpdatesAsyncException) fromRestOfChain
            : null;
    if (fromRestOfChain != null && forwarded == null) {
      if (firstKept != null) {
        fromRestOfChain.addSuppressed(firstKept);
      }
      return fromRestOfChain; // the tolerant processor does not tolerate it either
    }
    if (tolerantUpstream && forwarded != null && !chargeable(forwarded)) {
      return notForwarded(forwarded);
    }
    if (kept.isEmpty()) {
      return fromRestOfChain;
    }
    SolrException carrier =
        new SolrException(
            SolrException.ErrorCode.getErrorCode(firstKept.code()), firstKept.getMessage());
    carrier.setMetadata(errorsById(forwarded));
    SolrError error = new SolrError();
    error.e = carrier;
    error.statusCode = firstKept.code();
    return new DistributedUpdatesAsyncException(List.of(error));
  }

  /**
   * Documents sent to another shard's leader failed with no id to charge the failure to (the
   * leader was gone, say). The tolerant processor skips such an error and answers 200, so the
   * client would never learn that documents it sent are missing. A plain exception instead goes
   * through the tolerant processor's {@code finish()} as it is: the request fails, and the client
   * sends it again. The ids known to have failed go with it.
   */
  private SolrException notForwarded(DistributedUpdatesAsyncException forwarded) {
    SolrException error =
        new SolrException(
            SolrException.ErrorCode.getErrorCode(forwarded.code()),
            "documents of this update could not be handed to their shard's leader and may not be"
                + " indexed; send the update again: " + cut(forwarded.getMessage()));
    NamedList<String> metadata = errorsById(forwarded);
    if (metadata.size() > 0) {
      error.setMetadata(metadata);
    }
    return error;
  }

  /** Whether the tolerant processor can charge every failure of another leader to ids. */
  private static boolean chargeable(DistributedUpdatesAsyncException forwarded) {
    for (SolrError error : forwarded.errors) {
      if (!(error.e instanceof SolrException) || byId((SolrException) error.e).size() == 0) {
        return false;
      }
    }
    return true;
  }

  /** The kept failures and the other leaders' failures, as per-id metadata. */
  private NamedList<String> errorsById(DistributedUpdatesAsyncException forwarded) {
    NamedList<String> metadata = new NamedList<>();
    for (ToleratedUpdateError error : kept) {
      metadata.add(error.getMetadataKey(), error.getMetadataValue());
    }
    if (forwarded != null) {
      for (SolrError error : forwarded.errors) {
        if (error.e instanceof SolrException) {
          metadata.addAll(byId((SolrException) error.e));
        }
      }
    }
    return metadata;
  }

  private static NamedList<String> byId(SolrException error) {
    NamedList<String> found = new NamedList<>();
    NamedList<String> metadata = error.getMetadata();
    for (int i = 0; metadata != null && i < metadata.size(); i++) {
      if (ToleratedUpdateError.parseMetadataIfToleratedUpdateError(
              metadata.getName(i), metadata.getVal(i))
          != null) {
        found.add(metadata.getName(i), metadata.getVal(i));
      }
    }
    return found;
  }

  static SolrException asSolrException(Exception failure) {
    if (failure instanceof SolrException) {
      return (SolrException) failure;
    }
    return new SolrException(SolrException.ErrorCode.SERVER_ERROR, failure.getMessage(), failure);
  }

  private static String cut(String message) {
    if (message == null || message.length() <= MAX_MESSAGE_CHARS) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE_CHARS) + "...";
  }
}
