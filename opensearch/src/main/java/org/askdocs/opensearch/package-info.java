/**
 * Passages kept and searched in an OpenSearch cluster: index settings and mappings, their lifecycle
 * behind an alias, and queries planned and fused by the same code as the embedded index.
 */
package org.askdocs.opensearch;
