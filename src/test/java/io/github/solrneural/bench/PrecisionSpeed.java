package io.github.solrneural.bench;

import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times every cross-encoder model side by side on the same windows, in interleaved rounds, each in
 * two forms: the plugin's default split of the cores (several forward passes at once) and one pass
 * at a time on all the threads a pass may have. A model's speed is its faster form; the best
 * float32 path is the fastest float32 model in its faster form.
 */
final class PrecisionSpeed {
  /** One window: the query and its candidates' passages. */
  record Window(String query, List<String> passages) {}

  /** A model to time: its key, its spec as the plugin's default split, and whether it is float32. */
  record Model(String key, ModelSpec spec, boolean float32) {}

  /** Median milliseconds of a model's faster form, and which form that was. */
  record Timing(double medianMillis, String form) {}

  private PrecisionSpeed() {}

  static Map<String, Timing> time(List<Model> models, List<Window> windows, int rounds) throws Exception {
    List<LoadedModel> loaded = new ArrayList<>();
    Map<String, Timing> timings = new LinkedHashMap<>();
    try {
      List<Interleaved.Contender> contenders = new ArrayList<>();
      for (Model model : models) {
        for (String form : List.of("default_split", "one_pass_at_a_time")) {
          ModelSpec spec = form.equals("default_split") ? model.spec() : CrossEncoderSection.onePassAtATime(model.spec());
          LoadedModel instance = LoadedModel.load(spec);
          loaded.add(instance);
          CrossEncoder scorer = new CrossEncoder(instance);
          contenders.add(Interleaved.timed(model.key() + "|" + form, () -> {
            for (Window window : windows) {
              scorer.score(window.query(), window.passages());
            }
          }));
        }
      }
      Map<String, double[]> times = Interleaved.time(contenders, rounds);
      for (Model model : models) {
        Timing best = null;
        for (String form : List.of("default_split", "one_pass_at_a_time")) {
          double median = Interleaved.median(times.get(model.key() + "|" + form));
          if (best == null || median < best.medianMillis()) {
            best = new Timing(median, form);
          }
        }
        timings.put(model.key(), best);
      }
    } finally {
      loaded.forEach(LoadedModel::close);
    }
    return timings;
  }

  /** The key of the fastest float32 model. */
  static String bestFloat32(List<Model> models, Map<String, Timing> timings) {
    String best = null;
    for (Model model : models) {
      if (model.float32() && (best == null || timings.get(model.key()).medianMillis() < timings.get(best).medianMillis())) {
        best = model.key();
      }
    }
    if (best == null) {
      throw new IllegalStateException("no float32 model was timed");
    }
    return best;
  }
}
