package io.github.solrneural.remote;

import java.net.URI;
import java.util.Map;

/** Adds the headers that authenticate one call, computed from the call itself (such as SigV4). */
interface RequestSigner {

  /**
   * @param uri the URL called
   * @param headers the headers the call sends, by name
   * @param body the exact bytes sent
   * @return headers to add to the call, by name
   */
  Map<String, String> sign(URI uri, Map<String, String> headers, byte[] body);
}
