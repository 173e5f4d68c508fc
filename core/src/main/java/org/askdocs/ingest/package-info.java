/**
 * Files to sections: which files of a corpus are read and how ({@link org.askdocs.ingest.Corpus}),
 * one splitter or reader per format (Markdown, text, HTML, PDF, Word, PowerPoint), a website
 * mirrored by its URL ({@link org.askdocs.ingest.Website}), and passages of at most about 2,000
 * characters ({@link org.askdocs.ingest.Chunker}). Each section keeps its heading path and anchor.
 */
package org.askdocs.ingest;
