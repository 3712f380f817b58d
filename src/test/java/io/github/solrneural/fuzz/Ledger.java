package io.github.solrneural.fuzz;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.solrneural.fuzz.DocOp.Atomic;
import io.github.solrneural.fuzz.DocOp.Kind;
import io.github.solrneural.fuzz.DocOp.Verdict;
import io.github.solrneural.testing.PlainHttp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the index must hold after the fuzz run, kept from the answers to the update requests: an
 * acknowledged document is in with its content, a refused one is not, and after a request that
 * stopped part way, the untold documents may be either way (as Solr's semantics say).
 */
final class Ledger {
  private static final String TOLERATED = "org.apache.solr.common.ToleratedUpdateError--";
  private static final Pattern NAMED_ID =
      Pattern.compile("(?:document '([^']*)'|\\[doc=([^\\]]*)\\])");

  /** What the index holds under one id. */
  sealed interface State permits Absent, Known, Present, Unknown, AbsentOr {}

  record Absent() implements State {}

  /** In the index with exactly these of the fields the fuzzer sets. */
  record Known(Map<String, Object> content) implements State {}

  record Present() implements State {}

  record Unknown() implements State {}

  record AbsentOr(State state) implements State {}

  private record Prediction(Verdict verdict, State next) {}

  /** One error Solr reported: its command type and id (null when it names none). */
  record Reported(String type, String id, String message) {}

  private final Map<String, State> states = new LinkedHashMap<>();
  private final Findings findings;

  Ledger(Findings findings) {
    this.findings = findings;
  }

  Map<String, State> states() {
    return states;
  }

  State state(String id) {
    return states.getOrDefault(id, new Absent());
  }

  /** Takes in one update request's answer: checks what it says and moves the expected states. */
  void record(UpdateFuzzer.UpdateCase request, FuzzHttp.Answer answer, String shown) {
    List<Reported> reported = reported(answer);
    boolean acknowledged = answer.status() == 200;
    Map<String, Integer> opsPerId = new HashMap<>();
    int untracked = 0;
    int untrackedBad = 0;
    for (DocOp op : request.ops()) {
      if (op.tracked()) {
        opsPerId.merge(op.id(), 1, Integer::sum);
      } else {
        untracked++;
        untrackedBad += op.verdict() == Verdict.BAD ? 1 : 0;
      }
    }
    Map<String, Integer> reportsPerId = new HashMap<>();
    int unmatched = 0;
    for (Reported error : reported) {
      if (error.id() != null && opsPerId.containsKey(error.id())) {
        reportsPerId.merge(error.id(), 1, Integer::sum);
        checkNamesItsOwnId(error, opsPerId, shown, answer);
      } else {
        unmatched++;
      }
    }
    if (unmatched > untracked && !request.ops().isEmpty()) {
      findings.add("an error is reported under an id the request does not hold: " + reported,
          shown, answer.body());
    }
    if (acknowledged && untrackedBad > unmatched) {
      findings.add("a document without a usable id was acknowledged", shown, answer.body());
    }
    Map<String, State> before = new HashMap<>();
    for (DocOp op : request.ops()) {
      if (!op.tracked()) {
        continue;
      }
      before.putIfAbsent(op.id(), state(op.id()));
      int reports = reportsPerId.getOrDefault(op.id(), 0);
      if (reports > 0 && reports < opsPerId.get(op.id())) {
        states.put(op.id(), new Unknown()); // which of its commands failed is not said
        continue;
      }
      Prediction prediction = predict(op, state(op.id()));
      boolean refused = reports > 0;
      if (refused) {
        if (prediction.verdict() == Verdict.GOOD) {
          findings.add("an acceptable " + op.kind() + " of '" + op.id() + "' was refused", shown,
              answer.body());
        }
      } else if (acknowledged) {
        if (prediction.verdict() == Verdict.BAD) {
          findings.add("a bad " + op.kind() + " of '" + op.id() + "' was acknowledged: "
              + Encoding.shown(op.json()), shown, answer.body());
        }
        states.put(op.id(), prediction.verdict() == Verdict.BAD ? new Unknown() : prediction.next());
      } else {
        // The request stopped: this command may or may not have been carried out.
        boolean alone = opsPerId.get(op.id()) == 1;
        states.put(op.id(), alone && before.get(op.id()) instanceof Absent
            ? new AbsentOr(prediction.next()) : new Unknown());
      }
    }
    // An id whose commands were all refused keeps the state it had before the request.
    for (Map.Entry<String, Integer> id : reportsPerId.entrySet()) {
      if (id.getValue().equals(opsPerId.get(id.getKey()))) {
        states.put(id.getKey(), before.get(id.getKey()));
      }
    }
  }

  /** A message that names another document of the request than the id it is reported under. */
  private void checkNamesItsOwnId(
      Reported error, Map<String, Integer> ids, String shown, FuzzHttp.Answer answer) {
    if (error.message() == null) {
      return;
    }
    Matcher named = NAMED_ID.matcher(error.message());
    while (named.find()) {
      String other = named.group(1) != null ? named.group(1) : named.group(2);
      if (!other.equals(error.id()) && ids.containsKey(other)) {
        findings.add("the error of document '" + other + "' is reported under '" + error.id()
            + "': " + error.message(), shown, answer.body());
      }
    }
  }

  private Prediction predict(DocOp op, State state) {
    boolean exists = state instanceof Known || state instanceof Present;
    boolean certain = exists || state instanceof Absent;
    switch (op.kind()) {
      case DELETE:
        return new Prediction(Verdict.GOOD, new Absent());
      case FULL: {
        Verdict verdict = op.verdict();
        switch (op.version()) {
          case MUST_NOT_EXIST -> verdict = verdict.and(!certain ? Verdict.UNSURE
              : exists ? Verdict.BAD : Verdict.GOOD);
          case MUST_EXIST -> verdict = verdict.and(!certain ? Verdict.UNSURE
              : exists ? Verdict.GOOD : Verdict.BAD);
          case NEVER_MATCHES -> verdict = Verdict.BAD;
          default -> { }
        }
        return new Prediction(verdict, op.content() != null ? new Known(op.content()) : new Present());
      }
      default:
        if (!(state instanceof Known) && !(state instanceof Absent)) {
          return new Prediction(Verdict.UNSURE, new Present());
        }
        return atomic(op.atomic(),
            state instanceof Known known ? new TreeMap<>(known.content()) : new TreeMap<>());
    }
  }

  /** Solr's atomic update semantics on single-valued fields, where they are plain. */
  private static Prediction atomic(List<Atomic> ops, Map<String, Object> content) {
    Verdict verdict = Verdict.GOOD;
    boolean textTouched = false;
    for (Atomic op : ops) {
      textTouched |= op.field().equals("text");
      Object value = op.value() instanceof String s ? Encoding.stored(s) : op.value();
      if (op.odd()) {
        verdict = verdict.and(Verdict.UNSURE);
        continue;
      }
      switch (op.op()) {
        case "set" -> {
          if (value == null) {
            content.remove(op.field());
          } else {
            verdict = verdict.and(Verdicts.fieldVerdict(op.field(), op.value()));
            content.put(op.field(), value);
          }
        }
        case "add" -> {
          if (value == null) {
            verdict = verdict.and(Verdict.UNSURE);
          } else if (content.containsKey(op.field())) {
            verdict = verdict.and(Verdict.BAD); // a second value for a single-valued field
          } else {
            verdict = verdict.and(Verdicts.fieldVerdict(op.field(), op.value()));
            content.put(op.field(), value);
          }
        }
        case "inc" -> {
          if (!op.field().equals("n_i") || !(value instanceof Long delta)) {
            verdict = verdict.and(Verdict.UNSURE);
          } else {
            long sum = (Long) content.getOrDefault("n_i", 0L) + delta;
            verdict = verdict.and(sum == (int) sum ? Verdict.GOOD : Verdict.UNSURE);
            content.put("n_i", sum);
          }
        }
        default -> { // remove
          if (value == null || !content.containsKey(op.field())) {
            // Solr 9.10.1 may throw a NullPointerException removing from a field the document
            // lacks (AtomicUpdateDocumentMerger.removeObj): listed in SOLR_OWN_500S.
            verdict = verdict.and(Verdict.UNSURE);
          } else if (value.equals(content.get(op.field()))) {
            content.remove(op.field());
          }
        }
      }
    }
    if (textTouched && !(content.get("text") instanceof String text && !text.isBlank())) {
      verdict = verdict.and(Verdict.BAD); // the plugin needs text to embed
    }
    return new Prediction(verdict, verdict == Verdict.GOOD ? new Known(content) : new Present());
  }

  /** The errors an answer reports: the tolerant header's list, or the failure's metadata. */
  static List<Reported> reported(FuzzHttp.Answer answer) {
    List<Reported> found = new ArrayList<>();
    JsonObject json = answer.json();
    if (json == null) {
      return found;
    }
    JsonObject header = json.has("responseHeader") && json.get("responseHeader").isJsonObject()
        ? json.getAsJsonObject("responseHeader") : null;
    if (header != null && header.has("errors") && header.get("errors").isJsonArray()) {
      for (JsonElement error : header.getAsJsonArray("errors")) {
        JsonObject entry = error.getAsJsonObject();
        found.add(new Reported(text(entry, "type"), text(entry, "id"), text(entry, "message")));
      }
      return found;
    }
    if (json.has("error") && json.getAsJsonObject("error").has("metadata")) {
      for (Map.Entry<String, JsonElement> pair :
          PlainHttp.pairs(json.getAsJsonObject("error").get("metadata"))) {
        String key = pair.getKey();
        if (key.startsWith(TOLERATED)) {
          String typeAndId = key.substring(TOLERATED.length());
          int colon = typeAndId.indexOf(':');
          String message = pair.getValue().isJsonNull() ? null : pair.getValue().getAsString();
          found.add(new Reported(typeAndId.substring(0, colon), typeAndId.substring(colon + 1),
              message));
        }
      }
    }
    return found;
  }

  private static String text(JsonObject entry, String name) {
    return entry.has(name) && !entry.get(name).isJsonNull() ? entry.get(name).getAsString() : null;
  }
}
