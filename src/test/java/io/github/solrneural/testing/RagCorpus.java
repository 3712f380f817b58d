package io.github.solrneural.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.common.SolrInputDocument;

/**
 * Source documents of two to four paragraphs (one chunk each under the configset's chunk size of
 * 500) around one question about honeybees. The first stage (lexical) and the demo cross-encoder
 * disagree about them: every fourth document has a list of the question's words, which the lexical
 * query ranks above all else but the cross-encoder below the paragraph that restates the question
 * ("Bees, bees and more bees..."), so for those documents the best first-stage chunk is not the
 * best reranked one. Tests check this on the scores they get rather than rely on it.
 */
public final class RagCorpus {
  /** The question the paragraphs are written around. */
  public static final String QUESTION = "How do honeybees tell other bees where the flowers are?";
  /** A lexical first stage over the chunks for {@link #QUESTION}. */
  public static final String LEXICAL_QUERY = "chunk_text:(honeybees tell other bees where flowers)";

  private static final String[] WORDY = {
    "Bees, bees and more bees: honeybees love flowers and flowers love honeybees. Where there are"
        + " flowers there are bees, and where there are bees there are flowers. Survey %d lists the"
        + " flowers of garden %d and the other bees seen there, and tells nothing more about bees.",
    "Honeybees and bumble bees visit the same flowers. Other bees, such as mason bees, nest where"
        + " flowers grow. Count %d tallies the honeybees on flowers in plot %d each morning, bees"
        + " by the hundred on flowers of every colour, other bees by the dozen on flowers near the"
        + " fence.",
  };
  /** A list of the question's words: the lexical first stage's favourite, not an answer. */
  private static final String INDEX_TERMS =
      "Index terms of survey %d: honeybees; other bees; flowers; where honeybees forage; how"
          + " honeybees tell other bees; where flowers grow; bees and flowers; honeybees and"
          + " flowers; tell, where, other, bees, flowers, honeybees (catalogue %d, shelf of bee and"
          + " flower references).";
  private static final String[] ANSWERS = {
    "A forager that found food returns to the hive and performs a waggle dance on the comb. The"
        + " angle of the waggle run against the vertical gives the direction of the food relative"
        + " to the sun, and the run's length encodes its distance, so nestmates fly straight to"
        + " the flowers (hive %d, note %d).",
    "Scouts recruit their sisters by dancing: a round dance when the nectar is close to the hive,"
        + " a waggle dance when it is far, its direction given by the angle to the sun and its"
        + " distance by the duration of the waggle phase; they also share the scent of the"
        + " flowers (colony %d, record %d).",
  };
  private static final String[] ASIDES = {
    "The colony survives winter on stored honey; worker bees cluster around the queen and shiver"
        + " their flight muscles to keep the centre of the cluster warm until spring. Drones are"
        + " driven out in autumn, and the queen lays again when days grow longer (apiary %d,"
        + " entry %d).",
    "Beekeepers inspect frames for brood, pollen and capped honey, and add boxes in early summer"
        + " so the colony has room to grow and does not swarm. Smoke calms the guards, and a hive"
        + " tool pries apart the frames that the workers glued with propolis (yard %d, visit"
        + " %d).",
  };

  private RagCorpus() {}

  /** Source document {@code i}: id {@code doc-i}, a title, a category and a docValues-only rank. */
  public static SolrInputDocument document(int i) {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", "doc-" + i);
    doc.setField("title", "Field notes " + i + " on honeybees");
    doc.setField("category_s", "cat-" + (i % 5));
    doc.setField("rank_dv", (float) (i % 7));
    List<String> paragraphs = new ArrayList<>();
    paragraphs.add(String.format(java.util.Locale.ROOT, WORDY[i % 2], i, i));
    if (i % 4 == 0) {
      paragraphs.add(String.format(java.util.Locale.ROOT, INDEX_TERMS, i, i));
    }
    // Two documents in three answer the question; the others only repeat its words.
    if (i % 3 != 2) {
      paragraphs.add(String.format(java.util.Locale.ROOT, ANSWERS[(i / 3) % 2], i, i));
    }
    paragraphs.add(String.format(java.util.Locale.ROOT, ASIDES[i % 2], i, i));
    doc.setField("text", String.join("\n\n", paragraphs));
    return doc;
  }

  /** Indexes documents 0 to count-1 through the default chain (chunking and embedding). */
  public static void index(SolrClient client, String collection, int count) throws Exception {
    UpdateRequest update = new UpdateRequest();
    for (int i = 0; i < count; i++) {
      update.add(document(i));
    }
    update.process(client, collection);
    client.commit(collection);
  }
}
