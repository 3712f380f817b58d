package io.github.solrneural.search;

import io.github.solrneural.model.BackendFailureException;
import io.github.solrneural.model.InferenceException;
import io.github.solrneural.model.ModelBusyException;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.TextEmbedder;
import io.github.solrneural.seam.VectorQParserBase;
import io.github.solrneural.settings.SettingsReader;
import io.github.solrneural.store.ModelFailures;
import io.github.solrneural.store.ModelStoreHandler;
import io.github.solrneural.store.SolrSettings;
import io.github.solrneural.store.VectorSimilarityFit;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.schema.DenseVectorField;
import org.apache.solr.schema.SchemaField;
import org.apache.solr.search.SyntaxError;

/** Parses one knn_text_to_vector query; pre-filters come from fq as in Solr's own knn parser. */
final class TextToVectorQParser extends VectorQParserBase {
  static final String MODEL = "model";
  static final String FIELD = "f";
  static final String TOP_K = "topK";
  static final int DEFAULT_TOP_K = 10;
  /**
   * Local params read here, by Solr's vector parser base (f, v, filters), or by Solr's QParser for
   * any query (tag, cache, cost, and sort, start and rows of a main query).
   */
  private static final Set<String> KNOWN =
      CrossEncoderRerankQParser.union(
          Set.of(MODEL, TOP_K, FIELD, "preFilter", "includeTags", "excludeTags", "defType",
              "sort", "start", "rows"),
          ParserDefaults.SOLR_LOCAL_PARAMS);

  private final ModelStoreHandler store;
  private final CountLimit topKLimit;
  private final String owner;

  TextToVectorQParser(
      String qstr,
      SolrParams localParams,
      SolrParams params,
      SolrQueryRequest req,
      ModelStoreHandler store,
      CountLimit topKLimit,
      String owner) {
    super(qstr, localParams, params, req);
    this.store = store;
    this.topKLimit = topKLimit;
    this.owner = owner;
  }

  @Override
  public Query parse() throws SyntaxError {
    SettingsReader params = SolrSettings.localParams(localParams);
    int topK = SolrSettings.request(() -> {
      params.rejectUnknown(KNOWN, owner);
      return topKLimit.apply(params, DEFAULT_TOP_K);
    });
    String fieldName = getFieldName();
    SchemaField field = SolrSettings.request(() -> schemaField(params, fieldName));
    DenseVectorField vectorType = getCheckedFieldType(field);
    if (vectorType.getVectorEncoding() != VectorEncoding.FLOAT32) {
      throw badRequest("field '" + fieldName + "' must use FLOAT32 vectors for text embeddings");
    }
    String modelName = SolrSettings.request(() -> params.string(MODEL, null));
    TextEmbedder embedder = SolrSettings.request(() -> store.queryEmbedder(params, MODEL));
    SolrSettings.request(() -> checkSameModelAsIndex(params, fieldName, modelName));
    if (embedder.dimension() != vectorType.getDimension()) {
      throw badRequest(
          String.format(
              Locale.ROOT,
              "model '%s' makes %d-dimensional vectors but field '%s' holds %d dimensions",
              modelName,
              embedder.dimension(),
              fieldName,
              vectorType.getDimension()));
    }
    String unfit = VectorSimilarityFit.problem(
        fieldName, vectorType.getSimilarityFunction(), modelName, embedder);
    if (unfit != null) {
      throw badRequest(unfit);
    }
    String text = qstr;
    if (text == null || text.isBlank()) {
      throw badRequest("the query text to embed is missing: give it as 'v' or after the local params");
    }
    float[] vector;
    try {
      vector = embedder.embed(text).vector();
    } catch (ModelBusyException | BackendFailureException | InferenceException e) {
      // No first stage to fall back to: the model's failure is this request's.
      throw ModelFailures.of(ModelKind.EMBEDDING, modelName, e);
    }
    return new KnnFloatVectorQuery(fieldName, vector, topK, getFilterQuery());
  }

  private SchemaField schemaField(SettingsReader params, String fieldName) {
    SchemaField field = req.getSchema().getFieldOrNull(fieldName);
    if (field == null) {
      throw params.problem(FIELD, "names unknown field '" + SettingsReader.quoted(fieldName) + "'");
    }
    return field;
  }

  /** Same dimension is not enough: vectors of two models are not comparable. */
  private Void checkSameModelAsIndex(SettingsReader params, String fieldName, String modelName) {
    String indexedWith = store.modelOfVectorField(fieldName);
    if (indexedWith != null
        && !indexedWith.equals(modelName)
        && !store.sameModel(indexedWith, modelName)) {
      throw params.problem(MODEL, "names '" + modelName + "', but field '" + fieldName
          + "' is indexed with model '" + indexedWith + "'");
    }
    return null;
  }

  private static SolrException badRequest(String message) {
    return new SolrException(SolrException.ErrorCode.BAD_REQUEST, message);
  }
}
