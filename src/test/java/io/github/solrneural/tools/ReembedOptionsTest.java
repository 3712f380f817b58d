package io.github.solrneural.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The command line: defaults, the batch cap, and options named in every complaint. */
public class ReembedOptionsTest {
  private static String problem(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> ReembedOptions.parse(args))
        .getMessage();
  }

  @Test
  public void defaultsAndTheGivenValues() {
    ReembedOptions defaults =
        ReembedOptions.parse("--collection-url", "http://h:8983/solr/docs/", "--model", "m");
    assertEquals("http://h:8983/solr/docs", defaults.collectionUrl());
    assertEquals(100, defaults.batch());
    assertEquals(Long.MAX_VALUE, defaults.maxDocs());
    assertEquals(null, defaults.chain());
    assertEquals(ReembedOptions.DEFAULT_SKIP, defaults.skipFields());
    ReembedOptions given = ReembedOptions.parse("--collection-url", "https://h/solr/docs",
        "--model", "m", "--chain", "embed", "--batch", String.valueOf(ReembedOptions.MAX_BATCH),
        "--max-docs", "7", "--skip-fields", "all_text,title_copy");
    assertEquals("embed", given.chain());
    assertEquals(ReembedOptions.MAX_BATCH, given.batch());
    assertEquals(7, given.maxDocs());
    assertTrue(given.skipFields().containsAll(ReembedOptions.DEFAULT_SKIP));
    assertTrue(given.skipFields().contains("title_copy"));
  }

  @Test
  public void eachBadOptionIsNamed() {
    String[] base = {"--collection-url", "http://h/solr/docs", "--model", "m"};
    assertTrue(problem(concat(base, "--batch", String.valueOf(ReembedOptions.MAX_BATCH + 1)))
        .startsWith("--batch must be a whole number from 1 to " + ReembedOptions.MAX_BATCH));
    assertTrue(problem(concat(base, "--max-docs", "0")).startsWith("--max-docs"));
    assertTrue(problem(concat(base, "--batch", "ten")).contains("not 'ten'"));
    assertEquals("unknown option --colection", problem(concat(base, "--colection", "x")));
    assertEquals("--chain needs a value", problem(concat(base, "--chain")));
    assertEquals("--collection-url and --model are required", problem("--model", "m"));
    assertTrue(problem("--collection-url", "ftp://h/solr/docs", "--model", "m")
        .startsWith("--collection-url must be an http(s) URL"));
    String withPassword = problem("--collection-url", "http://u:secret@h/solr/docs", "--model", "m");
    assertTrue(withPassword, withPassword.contains("--authorization-env"));
    assertTrue(withPassword, !withPassword.contains("secret"));
  }

  private static String[] concat(String[] base, String... more) {
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}
