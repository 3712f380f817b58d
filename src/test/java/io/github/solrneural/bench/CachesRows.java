package io.github.solrneural.bench;

import io.github.solrneural.testing.PlainHttp;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One group of rows of the caches section, measured on the section's running Solr: {@link
 * CachesSection} runs every group it lists, so another measurement of the caches is a class of its
 * own added to that list.
 */
interface CachesRows {

  /** SciFact query texts the group needs, its own. */
  int queries();

  /** Measures, adds its rows to the report and its figures to the section's JSON. */
  void measure(Solr solr, Map<String, Object> json) throws Exception;

  /**
   * The section's Solr: one node over HTTP, collection {@link CachesSection#COLLECTION} holding the
   * SciFact candidates (text field, the configset's default chain), the shipped configset's models
   * with their default caches.
   *
   * @param queries SciFact query texts, none used by another group: each group's first runs are cold
   */
  record Solr(
      String nodeUrl, Path baseDir, ScifactSample sample, List<String> queries, Report report) {

    /** Runs a search on the collection and returns its body; fails on any status but 200. */
    PlainHttp.Answer search(Map<String, String> params) throws Exception {
      PlainHttp.Answer answer =
          PlainHttp.get(nodeUrl, CachesSection.COLLECTION, "/select", params);
      if (answer.status() != 200) {
        throw new IllegalStateException("search " + params + " failed: " + answer.json());
      }
      return answer;
    }

    /** The params with one more. */
    static Map<String, String> with(Map<String, String> params, String name, String value) {
      Map<String, String> copy = new LinkedHashMap<>(params);
      copy.put(name, value);
      return copy;
    }
  }
}
