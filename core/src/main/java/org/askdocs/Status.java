package org.askdocs;

import java.nio.file.Path;
import java.time.Instant;

/**
 * The index in use.
 *
 * @param corpus the corpus folder it was built from
 * @param documents documents indexed
 * @param passages passages indexed
 * @param builtAt when it was built
 */
public record Status(Path corpus, int documents, int passages, Instant builtAt) {}
