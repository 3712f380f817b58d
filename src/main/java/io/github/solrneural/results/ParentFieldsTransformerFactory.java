package io.github.solrneural.results;

import io.github.solrneural.settings.SettingsReader;
import io.github.solrneural.store.SolrSettings;
import java.util.List;
import java.util.Set;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.transform.DocTransformer;
import org.apache.solr.response.transform.TransformerFactory;
import org.apache.solr.schema.IndexSchema;
import org.apache.solr.schema.SchemaField;

/**
 * {@code fl=id,chunk_text,score,parent:[parent fl=title,id]}: each hit gets its source document's
 * fields as a map under the alias ({@code parent} here), or under {@code [parent]} without one. The source documents of all hits of a response are found with one search per shard
 * ({@link ParentLookup}). Init arg {@code maxFields} (default 20) caps how many fields a request
 * may name.
 */
public class ParentFieldsTransformerFactory extends TransformerFactory {
  static final String NAME = "parent";
  static final String MAX_FIELDS = "maxFields";
  static final int DEFAULT_MAX_FIELDS = 20;
  private static final String OWNER = "[" + NAME + "]";

  private int maxFields = DEFAULT_MAX_FIELDS;

  @Override
  public void init(NamedList<?> args) {
    super.init(args);
    SettingsReader settings = SolrSettings.initArgs(args, OWNER);
    maxFields = SolrSettings.config(() -> {
      settings.rejectUnknown(Set.of(MAX_FIELDS));
      return settings.integer(MAX_FIELDS, DEFAULT_MAX_FIELDS, 1, 1000);
    });
  }

  @Override
  public DocTransformer create(String field, SolrParams params, SolrQueryRequest req) {
    SettingsReader reader = SolrSettings.localParams(params);
    IndexSchema schema = req.getSchema();
    List<String> fields = SolrSettings.request(() -> {
      reader.rejectUnknown(Set.of(ParentFieldList.FIELDS), OWNER);
      return ParentFieldList.read(reader, name -> problemOf(schema, name), maxFields, OWNER);
    });
    // The key must be the name Solr gives the pseudo-field ("[parent]" or the alias): response
    // writers drop any other.
    return new ParentFieldsTransformer(field, fields);
  }

  private static String problemOf(IndexSchema schema, String name) {
    SchemaField schemaField = schema.getFieldOrNull(name);
    if (schemaField == null) {
      return "names unknown field '" + SettingsReader.quoted(name) + "'";
    }
    if (!schemaField.stored() && !schemaField.hasDocValues()) {
      return "names field '" + name + "', which is neither stored nor has docValues";
    }
    return null;
  }
}
