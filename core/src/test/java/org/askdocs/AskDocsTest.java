package org.askdocs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden answers on the bundled corpus (the two seed documents). */
class AskDocsTest {
  @TempDir static Path index;
  static AskDocs docs;

  @BeforeAll
  static void open() throws IOException {
    docs = AskDocs.open(Path.of("../corpus"), index);
  }

  @AfterAll
  static void close() throws IOException {
    docs.close();
  }

  @Test
  void whoHandlesPatching() {
    AskResult r = docs.ask("who handles patching");
    assertTrue(r.answered());
    assertEquals(
        new Answer(
            "AVS is responsible for periodic security patching of managed VMware software (ESXi,"
                + " vCenter, and NSX).",
            "avs-security-overview.md",
            "Vulnerability and patch management",
            "vulnerability-and-patch-management"),
        r.answer());
    Passage first = r.results().getFirst();
    assertEquals("avs-security-overview.md#vulnerability-and-patch-management", first.id());
    assertEquals(
        List.of(
            "Azure VMware Solutions (AVS) - Security for AVS Services",
            "Vulnerability and patch management"),
        first.headingPath());
    assertEquals("Azure VMware Solutions (AVS) - Security for AVS Services", first.title());
    // "handles" was searched with its other wordings too: "responsible for", "manages".
    assertEquals(
        "AVS is <mark>responsible</mark> for periodic security <mark>patching</mark> of"
            + " <mark>managed</mark> VMware software (ESXi, vCenter, and NSX).",
        first.snippet());
    assertEquals(
        5, r.results().size(), "passages that mention handling, patching or their other wordings");
    assertNull(r.didYouMean());
  }

  @Test
  void customerResponsibilitiesComeFromTheScrapedPage() {
    AskResult r = docs.ask("what are customers responsible for in the cloud?");
    assertEquals(
        "vmware-cloud-shared-responsibility-model.txt#customer-responsibility-security-in-the-cloud",
        r.results().getFirst().id());
    assertTrue(r.answered());
    assertTrue(
        r.answer()
            .text()
            .startsWith("Customers are responsible for the deployment and ongoing configuration"),
        r.answer().text());
  }

  @Test
  void aQuestionTheDocsDoNotAnswerIsDeclined() {
    AskResult r = docs.ask("how much does it cost per month");
    assertFalse(r.answered());
    assertNull(r.answer());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "?",
        "AND",
        "C++",
        "\"unbalanced",
        "*",
        "field:value",
        "[1 TO 5]",
        "OR NOT -",
        "\\",
        "((",
        "who:handles~2 patching^3",
        "\u0000\u0001",
        "🙂🙂",
        "<script>alert(1)</script>"
      })
  void anyTextIsAQuestionNeverASyntaxError(String q) {
    AskResult r = docs.ask(q);
    assertEquals(q, r.query());
    assertEquals(r.answered(), r.answer() != null);
  }

  @Test
  void aTenThousandCharacterQuestionIsAnswered() {
    String q = "who handles patching ".repeat(500).substring(0, 10_000);
    AskResult r = docs.ask(q);
    assertEquals(
        "avs-security-overview.md#vulnerability-and-patch-management", r.results().getFirst().id());
  }

  @Test
  void questionsOverTheLimitAndBadOptionsAreRefusedWithTheLimit() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> docs.ask("x".repeat(AskDocs.MAX_QUESTION_CHARS + 1)));
    assertEquals("the question is 20001 characters long; the limit is 20000", e.getMessage());
    var o = assertThrows(IllegalArgumentException.class, () -> new AskOptions(0));
    assertEquals("top must be between 1 and 50, got 0", o.getMessage());
  }

  @Test
  void topLimitsTheResults() {
    assertEquals(2, docs.ask("security", new AskOptions(2)).results().size());
  }

  @Test
  void aMisspelledQuestionIsCorrectedFromTheCorpusVocabulary() {
    AskResult r = docs.ask("who handles pacthing");
    assertEquals("who handles patching", r.didYouMean());
    assertEquals(
        "avs-security-overview.md#vulnerability-and-patch-management", r.results().getFirst().id());
  }

  @Test
  void aRealWordTheCorpusLacksIsNotCorrectedIntoOneItHas() {
    // "retired" is one edit from nothing here, but two from "required"; "bread" one from "broad".
    assertNull(docs.ask("when was it retired").didYouMean());
    assertNull(docs.ask("is there bread").didYouMean());
    assertNull(docs.ask("who handles patching when the data center floods").didYouMean());
    assertEquals(
        "who is responsible for physical security",
        docs.ask("who is responsibel for physical security").didYouMean());
  }

  @Test
  void aSectionIsReadWholeWithItsNeighbours() {
    SectionView s =
        docs.section("avs-security-overview.md#vulnerability-and-patch-management").orElseThrow();
    assertEquals("Vulnerability and patch management", s.heading());
    assertEquals(
        "AVS is responsible for periodic security patching of managed VMware software (ESXi,"
            + " vCenter, and NSX).",
        s.text());
    assertEquals(
        new SectionView.Neighbour("avs-security-overview.md#segmentation", "Segmentation"),
        s.previous());
    assertEquals(
        new SectionView.Neighbour(
            "avs-security-overview.md#identity-and-access-management",
            "Identity and access management"),
        s.next());
    assertTrue(docs.section("avs-security-overview.md#nope").isEmpty());
    assertTrue(docs.section("../../etc/passwd").isEmpty());
  }

  @Test
  void statusCountsWhatWasIndexed() {
    Status s = docs.status();
    assertEquals(2, s.documents());
    assertEquals(25, s.passages());
  }
}
