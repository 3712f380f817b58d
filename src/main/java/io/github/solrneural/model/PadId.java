package io.github.solrneural.model;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.util.Set;

/**
 * The id a tokenizer pads with, read from its tokenizer.json: the "padding" section's pad_id when
 * it has one, else the id of its pad token ({@code <pad>}, {@code [PAD]}) among the added tokens,
 * else 0. XLM-RoBERTa pads with 1 ({@code <s>} is 0) and its graphs count positions from the ids
 * that are not the pad id: padded with 0, the padding looks like sentence starts. The file is
 * streamed and the vocabulary skipped: an XLM-R tokenizer.json is 17 MB.
 */
final class PadId {
  private static final Set<String> PAD_TOKENS = Set.of("<pad>", "[PAD]");

  private PadId() {}

  static long read(Reader tokenizerJson) throws IOException {
    Long fromPadding = null;
    Long fromAddedTokens = null;
    try (JsonReader reader = new JsonReader(tokenizerJson)) {
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (name.equals("padding") && reader.peek() == JsonToken.BEGIN_OBJECT) {
          fromPadding = padIdOfPadding(reader);
        } else if (name.equals("added_tokens") && reader.peek() == JsonToken.BEGIN_ARRAY) {
          fromAddedTokens = padTokenId(reader);
        } else {
          reader.skipValue();
        }
      }
    }
    if (fromPadding != null) {
      return fromPadding;
    }
    return fromAddedTokens != null ? fromAddedTokens : 0L;
  }

  private static Long padIdOfPadding(JsonReader reader) throws IOException {
    Long padId = null;
    reader.beginObject();
    while (reader.hasNext()) {
      if (reader.nextName().equals("pad_id") && reader.peek() == JsonToken.NUMBER) {
        padId = reader.nextLong();
      } else {
        reader.skipValue();
      }
    }
    reader.endObject();
    return padId;
  }

  private static Long padTokenId(JsonReader reader) throws IOException {
    Long padId = null;
    reader.beginArray();
    while (reader.hasNext()) {
      Long id = null;
      String content = null;
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (name.equals("id") && reader.peek() == JsonToken.NUMBER) {
          id = reader.nextLong();
        } else if (name.equals("content") && reader.peek() == JsonToken.STRING) {
          content = reader.nextString();
        } else {
          reader.skipValue();
        }
      }
      reader.endObject();
      if (padId == null && id != null && PAD_TOKENS.contains(content)) {
        padId = id;
      }
    }
    reader.endArray();
    return padId;
  }
}
