/**
 * One-shot questions answered by a helper process: the first {@code askdocs ask} of a session
 * starts a {@link org.askdocs.daemon.Helper} that keeps the engine and the model open; later asks
 * run a small {@link org.askdocs.daemon.Client} that hands the command line over an owner-only Unix
 * domain socket and prints exactly what the command would print in process.
 */
package org.askdocs.daemon;
