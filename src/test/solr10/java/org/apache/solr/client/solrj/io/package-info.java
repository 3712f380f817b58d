/** Test-only stand-ins for classes of SolrJ streaming 10.0.0 (see SolrClientCache). */
package org.apache.solr.client.solrj.io;
