package org.askdocs.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.lucene.util.VectorUtil;
import org.askdocs.AskDocs;
import org.askdocs.AskOptions;
import org.askdocs.AskResult;
import org.askdocs.Status;
import org.askdocs.embed.Embedder;
import org.askdocs.embed.Embedders;
import org.askdocs.search.Retrieval;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real model: found on the class path, loaded, and ranking the bundled corpus by meaning. */
class E5SmallV2Test {
  static Embedder model;

  @BeforeAll
  static void load() throws IOException {
    model = Embedders.find().orElseThrow().load();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void isTheModelTheEngineFinds() {
    assertEquals(E5SmallV2.ID, Embedders.find().orElseThrow().id());
    assertEquals(384, model.dimensions());
  }

  @Test
  void vectorsHaveUnitLengthAndPutAQuestionNearItsAnswer() {
    List<float[]> v =
        model.embed(
            List.of(
                "AVS is responsible for periodic security patching of managed VMware software.",
                "Backups are encrypted and stored in Azure blob storage.",
                ""),
            Embedder.Role.PASSAGE);
    for (float[] x : v) {
      assertEquals(384, x.length);
      assertEquals(1.0, VectorUtil.dotProduct(x, x), 1e-4);
    }
    float[] q = model.embedQuestion("who keeps the hypervisors up to date with fixes");
    assertTrue(
        VectorUtil.dotProduct(q, v.get(0)) > VectorUtil.dotProduct(q, v.get(1)) + 0.02,
        "patching is nearer than backups: "
            + VectorUtil.dotProduct(q, v.get(0))
            + " vs "
            + VectorUtil.dotProduct(q, v.get(1)));
  }

  @Test
  void aBatchGivesNearlyTheVectorsOfEachTextAlone() {
    List<String> texts =
        List.of(
            "short",
            "a somewhat longer text about network segmentation and firewalls",
            "medium length text");
    List<float[]> together = model.embed(texts, Embedder.Role.PASSAGE);
    for (int i = 0; i < texts.size(); i++) {
      float[] alone = model.embed(List.of(texts.get(i)), Embedder.Role.PASSAGE).getFirst();
      // The quantised model scales its activations per batch: company in a batch moves a vector a
      // little.
      assertEquals(
          1.0,
          VectorUtil.dotProduct(alone, together.get(i)),
          0.005,
          "a batch changes a text's vector by little: " + texts.get(i));
    }
  }

  @Test
  void theBundledCorpusIsAnsweredByMeaning(@TempDir Path index) throws IOException {
    try (AskDocs docs =
        AskDocs.open(Path.of("../corpus"), c -> c.index(index).semantic(AskDocs.Semantic.ON))) {
      assertEquals(
          new Status.Semantic(Status.State.READY, E5SmallV2.ID, 0, 0, null),
          docs.status().semantic());
      // "Updating" is "patching" to whoever wrote the docs: words alone rank another section first.
      String question = "who takes care of updating the VMware software";
      assertEquals(
          "vmware-cloud-shared-responsibility-model.txt#microsoft-responsibility-azure-vmware-solution-security-of-the-cloud",
          docs.ask(question, new AskOptions(5, Retrieval.LEXICAL)).results().getFirst().id());
      AskResult fused = docs.ask(question);
      assertEquals(
          "avs-security-overview.md#vulnerability-and-patch-management",
          fused.results().getFirst().id());
      assertEquals(
          "AVS is responsible for periodic security patching of managed VMware software (ESXi,"
              + " vCenter, and NSX).",
          fused.answer().text());
      AskResult r = docs.ask("who handles patching");
      assertEquals(
          "AVS is responsible for periodic security patching of managed VMware software (ESXi,"
              + " vCenter, and NSX).",
          r.answer().text());
    }
  }
}
