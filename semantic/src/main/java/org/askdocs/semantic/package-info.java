/**
 * The bundled embedding model, e5-small-v2 (quantised), run in-process by ONNX Runtime with its own
 * WordPiece tokenizer; found by the engine through the service loader.
 */
package org.askdocs.semantic;
