package io.github.solrneural.remote;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.model.ModelKind;
import io.github.solrneural.testing.StubEndpoint;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * Calls signed with SigV4 by the AWS SDK's signer, checked as AWS checks them: the stub on loopback
 * recomputes the signature from what it received (method, path, the signed headers, the body) and
 * the secret key, following the published algorithm. No network beyond loopback.
 */
public class SigV4SignerTest {
  private static final String ACCESS_KEY = "AKIDEXAMPLE";
  private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,"
              + " ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");

  @Test
  public void everyCallCarriesAValidSignatureOfWhatWasReallySent() throws Exception {
    try (StubEndpoint stub = new StubEndpoint()) {
      SigV4Settings settings = new SigV4Settings("eu-west-1", "sagemaker");
      RemoteModelSpec spec = new RemoteModelSpec(URI.create(stub.url()), ModelKind.CROSS_ENCODER,
          1000, 5000, 0, 10, 64, 1, null, settings, RemoteModelSpec.DEFAULT_MAX_RESPONSE_BYTES);
      RemoteModel model = RemoteModel.connect(spec,
          new SigV4Signer(settings, () -> AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
      assertArrayEquals(new float[] {3, 5},
          model.pairScorer().score("what is the plan?", List.of("one", "three")), 0f);
      model.pairScorer().score("another query", List.of("four"));

      assertEquals(2, stub.received().size());
      String first = verify(stub.received().get(0));
      String second = verify(stub.received().get(1));
      assertNotEquals("another body, another signature", first, second);
    }
  }

  @Test
  public void aTamperedBodyNoLongerMatchesItsSignature() throws Exception {
    try (StubEndpoint stub = new StubEndpoint()) {
      SigV4Settings settings = new SigV4Settings("us-east-1", "sagemaker");
      RemoteModelSpec spec = new RemoteModelSpec(URI.create(stub.url()), ModelKind.CROSS_ENCODER,
          1000, 5000, 0, 10, 64, 1, null, settings, RemoteModelSpec.DEFAULT_MAX_RESPONSE_BYTES);
      RemoteModel.connect(spec,
              new SigV4Signer(settings, () -> AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
          .pairScorer().score("q", List.of("p"));
      StubEndpoint.Received received = stub.received().get(0);
      byte[] tampered = received.body().clone();
      tampered[tampered.length - 3] = 'x';
      StubEndpoint.Received altered = new StubEndpoint.Received(
          received.method(), received.path(), received.headers(), tampered);
      String header = received.headers().getFirst("Authorization");
      Matcher matcher = AUTHORIZATION.matcher(header);
      assertTrue(header, matcher.matches());
      assertNotEquals(matcher.group(6), expectedSignature(altered, matcher));
    }
  }

  /** Checks the Authorization header of one received call; returns its signature. */
  private static String verify(StubEndpoint.Received received) throws Exception {
    String header = received.headers().getFirst("Authorization");
    assertNotNull("Authorization header", header);
    Matcher matcher = AUTHORIZATION.matcher(header);
    assertTrue(header, matcher.matches());
    assertEquals(ACCESS_KEY, matcher.group(1));
    assertEquals("sagemaker", matcher.group(4));
    String amzDate = received.headers().getFirst("X-Amz-Date");
    assertNotNull("X-Amz-Date header", amzDate);
    assertTrue(amzDate, amzDate.matches("\\d{8}T\\d{6}Z"));
    assertEquals(matcher.group(2), amzDate.substring(0, 8));
    List<String> signed = List.of(matcher.group(5).split(";"));
    assertTrue("the host is signed: " + signed, signed.contains("host"));
    assertTrue("the date is signed: " + signed, signed.contains("x-amz-date"));
    assertEquals("signature", expectedSignature(received, matcher), matcher.group(6));
    return matcher.group(6);
  }

  /** SigV4 as AWS documents it, from the received request alone. */
  private static String expectedSignature(StubEndpoint.Received received, Matcher authorization)
      throws Exception {
    String date = authorization.group(2);
    String region = authorization.group(3);
    String service = authorization.group(4);
    String signedHeaders = authorization.group(5);
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : signedHeaders.split(";")) {
      String value = received.headers().getFirst(name);
      assertNotNull("signed header " + name + " was sent", value);
      canonicalHeaders.append(name).append(':').append(value.trim().replaceAll(" +", " ")).append('\n');
    }
    String canonicalRequest = received.method() + "\n" + received.path() + "\n" + "\n"
        + canonicalHeaders + "\n" + signedHeaders + "\n" + hex(sha256(received.body()));
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign = "AWS4-HMAC-SHA256\n" + received.headers().getFirst("X-Amz-Date") + "\n"
        + scope + "\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + SECRET_KEY).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    return hex(hmac(key, stringToSign));
  }

  private static byte[] sha256(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  private static byte[] hmac(byte[] key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
