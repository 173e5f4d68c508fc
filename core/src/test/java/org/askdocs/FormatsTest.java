package org.askdocs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.askdocs.index.IndexReport;
import org.askdocs.ingest.DocxReaderTest;
import org.askdocs.ingest.PptxReaderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder of PDF, Word and PowerPoint documents, asked through the facade: each answer comes from
 * its own section.
 */
class FormatsTest {
  @TempDir Path corpus;
  @TempDir Path index;

  @Test
  void questionsAboutAPdfAWordFileAndADeckAreAnsweredFromTheRightSection() throws IOException {
    Files.copy(Path.of("src/test/resources/formats/runbook.pdf"), corpus.resolve("runbook.pdf"));
    Files.write(corpus.resolve("leave-policy.docx"), DocxReaderTest.leavePolicy());
    Files.write(corpus.resolve("onboarding.pptx"), PptxReaderTest.onboardingDeck());
    Files.writeString(corpus.resolve("broken.pdf"), "%PDF-1.7 and then nothing");
    try (AskDocs docs = AskDocs.open(corpus, index)) {
      AskResult backups = docs.ask("when do incremental backups run");
      Passage top = backups.results().getFirst();
      assertEquals("runbook.pdf", top.source());
      assertEquals("2.1 Backup schedule", top.heading());
      assertEquals(
          List.of("Storage Operations Runbook", "2 Backups", "2.1 Backup schedule"),
          top.headingPath());
      assertEquals("page=1&21-backup-schedule", top.anchor());
      assertTrue(backups.answered());
      assertEquals(
          "Incremental backups run every night at 01:30 UTC and a full backup runs every Sunday at"
              + " 03:00 UTC.",
          backups.answer().text());

      AskResult escalate = docs.ask("who do I escalate to if the failover takes too long");
      assertEquals("3.1 Escalation contacts", escalate.results().getFirst().heading());
      assertEquals("page=2&31-escalation-contacts", escalate.results().getFirst().anchor());

      AskResult notice = docs.ask("how much notice do I need for 3 days of leave");
      assertEquals("leave-policy.docx", notice.results().getFirst().source());
      assertEquals("Notice periods", notice.results().getFirst().heading());
      assertTrue(notice.answered());
      assertEquals(
          "Leave length: 3 days or more; Notice required: 4 weeks", notice.answer().text());

      AskResult grafana = docs.ask("how do I get access to Grafana");
      assertEquals("onboarding.pptx", grafana.results().getFirst().source());
      assertEquals("Tools and access", grafana.results().getFirst().heading());
      assertEquals("slide=3&tools-and-access", grafana.results().getFirst().anchor());
      assertEquals(
          "Tool: Grafana; How to get access: Request the viewer role in the access portal",
          grafana.answer().text());

      AskResult carry = docs.ask("can I carry over unused leave days");
      assertEquals("Carrying over unused leave", carry.results().getFirst().heading());
    }
    IndexReport again = AskDocs.index(corpus, c -> c.index(index), true);
    assertEquals(
        List.of("broken.pdf"), again.skipped().stream().map(IndexReport.Skipped::source).toList());
    assertTrue(
        again.skipped().getFirst().reason().startsWith("not a readable PDF"),
        again.skipped().getFirst().reason());
  }
}
