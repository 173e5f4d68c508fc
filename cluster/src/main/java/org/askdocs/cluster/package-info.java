/**
 * A local OpenSearch cluster in its own process, for tests and benchmarks; never on askdocs' class
 * path.
 */
package org.askdocs.cluster;
