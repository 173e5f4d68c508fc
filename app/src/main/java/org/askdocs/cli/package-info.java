/**
 * The askdocs command line (picocli): ask, serve, index, eval and mcp, their options, exit codes
 * and one-line errors, all through the facade.
 */
package org.askdocs.cli;
