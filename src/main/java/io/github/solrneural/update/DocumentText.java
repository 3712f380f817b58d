package io.github.solrneural.update;

import java.util.Collection;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.SolrInputField;

/** The text of a document's input fields, or a 400 that names the document and the field. */
final class DocumentText {
  private final ChunkingConfig config;
  private final int dimension;

  DocumentText(ChunkingConfig config, int dimension) {
    this.config = config;
    this.dimension = dimension;
  }

  /** The input fields' text, joined by blank lines; a missing or empty input is an error. */
  String of(SolrInputDocument doc, String id) {
    checkHandSetVector(doc, id);
    StringBuilder text = new StringBuilder();
    for (String field : config.inputFields()) {
      SolrInputField input = doc.getField(field);
      if (input == null) {
        continue;
      }
      Collection<Object> values = input.getValues();
      if (values == null) {
        continue; // "text": null, as Solr reads it: no value
      }
      for (Object value : values) {
        if (!(value instanceof CharSequence)) {
          throw badRequest(
              id,
              "input field '" + field + "' must hold text, got "
                  + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        if (text.length() > 0) {
          text.append("\n\n");
        }
        text.append(value);
      }
    }
    if (text.length() > config.maxInputChars()) {
      throw badRequest(
          id,
          "input field(s) " + config.inputFields() + " hold " + text.length()
              + " characters, more than maxInputChars=" + config.maxInputChars());
    }
    if (text.toString().isBlank()) {
      throw badRequest(
          id, "no text to embed: input field(s) " + config.inputFields() + " missing or empty");
    }
    return text.toString();
  }

  /** A vector sent with the document must at least fit the field; Solr's own error is a 500. */
  private void checkHandSetVector(SolrInputDocument doc, String id) {
    SolrInputField vector = doc.getField(config.vectorField());
    if (vector != null && vector.getValueCount() != dimension) {
      throw badRequest(
          id,
          "vector field '" + config.vectorField() + "' was sent with " + vector.getValueCount()
              + " values, but it holds " + dimension + "-dimensional vectors (model '"
              + config.modelName() + "')");
    }
  }

  private static SolrException badRequest(String id, String message) {
    return new SolrException(
        SolrException.ErrorCode.BAD_REQUEST, "document '" + id + "': " + message);
  }
}
