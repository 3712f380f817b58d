package io.github.solrneural.update;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.ToleratedUpdateError;
import org.apache.solr.common.ToleratedUpdateError.CmdType;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.update.SolrCmdDistributor.SolrError;
import org.apache.solr.update.processor.DistributedUpdateProcessor.DistributedUpdatesAsyncException;
import org.junit.Test;

/** How failures are charged, kept and handed to Solr's tolerant processor, without Solr running. */
public class FailureLedgerTest {
  private static final SolrException SCHEMA =
      new SolrException(SolrException.ErrorCode.BAD_REQUEST, "ERROR: [doc=a] bad n_i");
  private static final SolrException CONFLICT =
      new SolrException(SolrException.ErrorCode.CONFLICT, "version conflict for b");

  @Test
  public void aFailureInItsOwnCallIsThrownThereUntilOneIsKept() {
    FailureLedger ledger = new FailureLedger(true, 5);
    assertTrue("thrown, charged by the tolerant processor", ledger.failed(CmdType.ADD, "a", SCHEMA, true));
    assertFalse("another command's call: kept", ledger.failed(CmdType.ADD, "b", CONFLICT, false));
    assertFalse("kept too, to keep the request's order", ledger.failed(CmdType.ADD, "c", SCHEMA, true));
    assertFalse(ledger.stopped());
  }

  @Test
  public void theRequestStopsAtFailureMaxErrorsPlusOneCountingBothKinds() {
    FailureLedger ledger = new FailureLedger(true, 2);
    ledger.failed(CmdType.ADD, "a", SCHEMA, true);
    ledger.failed(CmdType.ADD, "b", CONFLICT, false);
    assertFalse(ledger.stopped());
    ledger.failed(CmdType.ADD, "c", SCHEMA, false);
    assertTrue(ledger.stopped());
  }

  @Test
  public void withoutATolerantProcessorEveryFailureIsThrownAndStops() {
    FailureLedger ledger = new FailureLedger(false, 0);
    assertTrue(ledger.failed(CmdType.ADD, "a", SCHEMA, false));
    assertTrue(ledger.stopped());
  }

  @Test
  public void keptFailuresReachTheTolerantProcessorByIdWithTheFirstOnesStatus() {
    FailureLedger ledger = new FailureLedger(true, -1 >>> 1);
    ledger.failed(CmdType.ADD, "b", CONFLICT, false);
    ledger.failed(CmdType.ADD, "a", SCHEMA, false);
    DistributedUpdatesAsyncException remote = remoteFailure(chargedTo("r1", 400));
    Exception atFinish = ledger.atFinish(remote);
    DistributedUpdatesAsyncException handed = (DistributedUpdatesAsyncException) atFinish;
    assertEquals("the first kept failure's status", 409, handed.code());
    assertEquals(List.of("b", "a", "r1"), ids(((SolrException) handed.errors.get(0).e).getMetadata()));
  }

  @Test
  public void nothingKeptAndEveryRemoteFailureChargeableIsPassedOnAsItIs() {
    DistributedUpdatesAsyncException remote = remoteFailure(chargedTo("r1", 400));
    assertSame(remote, new FailureLedger(true, 0).atFinish(remote));
    assertNull(new FailureLedger(true, 0).atFinish(null));
  }

  /**
   * A leader that could not be reached leaves no id to charge: the tolerant processor would skip
   * it and answer 200. It becomes a plain error that fails the request, with the ids known.
   */
  @Test
  public void aRemoteFailureWithoutIdsFailsTheRequestInsteadOfVanishing() {
    FailureLedger ledger = new FailureLedger(true, -1 >>> 1);
    ledger.failed(CmdType.ADD, "a", SCHEMA, false);
    SolrError unreachable = new SolrError();
    unreachable.e = new ConnectException("Connection refused");
    Exception atFinish = ledger.atFinish(remoteFailure(unreachable, chargedTo("r1", 400)));
    assertFalse(atFinish instanceof DistributedUpdatesAsyncException);
    SolrException error = (SolrException) atFinish;
    assertEquals(500, error.code());
    assertTrue(error.getMessage(), error.getMessage().contains("send the update again"));
    assertEquals(List.of("a", "r1"), ids(error.getMetadata()));
  }

  @Test
  public void withoutATolerantProcessorARemoteFailureIsPassedOnAsItIs() {
    SolrError unreachable = new SolrError();
    unreachable.e = new ConnectException("Connection refused");
    DistributedUpdatesAsyncException remote = remoteFailure(unreachable);
    assertSame(remote, new FailureLedger(false, 0).atFinish(remote));
  }

  @Test
  public void keptMessagesAreCutShort() {
    FailureLedger ledger = new FailureLedger(true, -1 >>> 1);
    String longMessage = "x".repeat(5000);
    ledger.failed(CmdType.ADD, "a",
        new SolrException(SolrException.ErrorCode.BAD_REQUEST, longMessage), false);
    NamedList<String> metadata =
        ((SolrException) ((DistributedUpdatesAsyncException) ledger.atFinish(null)).errors.get(0).e)
            .getMetadata();
    assertEquals(FailureLedger.MAX_MESSAGE_CHARS + 3,
        ToleratedUpdateError.parseMetadataIfToleratedUpdateError(
            metadata.getName(0), metadata.getVal(0)).getMessage().length());
  }

  private static SolrError chargedTo(String id, int status) {
    SolrException e = new SolrException(SolrException.ErrorCode.getErrorCode(status), "bad " + id);
    NamedList<String> metadata = new NamedList<>();
    ToleratedUpdateError error = new ToleratedUpdateError(CmdType.ADD, id, "bad " + id);
    metadata.add(error.getMetadataKey(), error.getMetadataValue());
    e.setMetadata(metadata);
    SolrError solrError = new SolrError();
    solrError.e = e;
    solrError.statusCode = status;
    return solrError;
  }

  private static DistributedUpdatesAsyncException remoteFailure(SolrError... errors) {
    return new DistributedUpdatesAsyncException(new ArrayList<>(List.of(errors)));
  }

  private static List<String> ids(NamedList<String> metadata) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < metadata.size(); i++) {
      ToleratedUpdateError error =
          ToleratedUpdateError.parseMetadataIfToleratedUpdateError(
              metadata.getName(i), metadata.getVal(i));
      if (error != null) {
        ids.add(error.getId());
      }
    }
    return ids;
  }
}
