package io.github.solrneural.results;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.settings.SettingException;
import io.github.solrneural.settings.SettingsReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.Test;

/** The {@code fl} of {@code [parent]}, read without Solr. */
public class ParentFieldListTest {
  private static final Set<String> KNOWN = Set.of("id", "title", "rank_dv", "a", "b", "c");
  private static final Function<String, String> PROBLEM =
      name -> KNOWN.contains(name) ? null : "names unknown field '" + name + "'";

  private static List<String> read(String fl, int max) {
    SettingsReader params = new SettingsReader(
        fl == null ? Map.of() : Map.of("fl", List.of(fl)), name -> "parameter '" + name + "'");
    return ParentFieldList.read(params, PROBLEM, max, "[parent]");
  }

  @Test
  public void namesAreSplitOnCommasAndSpacesAndCountedOnce() {
    assertEquals(List.of("title", "id", "rank_dv"), read(" title, id  rank_dv,title ", 3));
  }

  @Test
  public void anUnknownNameAMissingListOrTooManyNamesNameFl() {
    assertMessage(() -> read("title,nope", 5), "parameter 'fl' of [parent] names unknown field 'nope'");
    assertMessage(() -> read(null, 5), "parameter 'fl' of [parent] is required");
    assertMessage(() -> read(" , ", 5), "parameter 'fl' of [parent] is required");
    assertMessage(() -> read("a,b,c", 2), "parameter 'fl' of [parent] names more than 2 fields");
  }

  private static void assertMessage(org.junit.function.ThrowingRunnable read, String start) {
    SettingException error = assertThrows(SettingException.class, read);
    assertTrue(error.getMessage(), error.getMessage().startsWith(start));
  }
}
