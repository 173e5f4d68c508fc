package org.askdocs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptContextTest {
  static Passage passage(int rank, String anchor, String heading, String text) {
    return new Passage(
        rank,
        1f,
        "guide.md#" + anchor,
        "guide.md",
        "Guide",
        heading,
        List.of("Guide", heading),
        anchor,
        text,
        "");
  }

  static final AskResult RESULT =
      new AskResult(
          "q",
          true,
          new Answer("Run it.", "guide.md", "Install", "install"),
          List.of(
              passage(1, "install", "Install", "Run the installer. It takes a minute."),
              passage(
                  2,
                  "upgrade",
                  "Upgrade",
                  "Upgrades keep your settings and run in the background while you work on other"
                      + " things.")),
          null,
          1);

  @Test
  void numberedPassagesUnderTheirCitationsThenTheSources() {
    assertEquals(
        """
        [1] Guide › Install — guide.md#install
        Run the installer. It takes a minute.

        [2] Guide › Upgrade — guide.md#upgrade
        Upgrades keep your settings and run in the background while you work on other things.

        Sources:
        [1] guide.md#install (Install)
        [2] guide.md#upgrade (Upgrade)\
        """,
        PromptContext.of(RESULT, 2000).text());
  }

  @Test
  void aTightBudgetCutsAtAWordOrLeavesAPassageOutButNeverItsCitation() {
    for (int budget = PromptContext.MIN_MAX_TOKENS; budget < 200; budget++) {
      PromptContext c = PromptContext.of(RESULT, budget);
      assertTrue(c.tokens() <= budget, budget + ": " + c.tokens());
      assertEquals(PromptContext.tokens(c.text()), c.tokens());
      for (Passage p : c.passages()) {
        assertTrue(
            c.text()
                .contains(
                    "[" + p.rank() + "] " + PromptContext.citation(p) + " (" + p.heading() + ")"));
        assertTrue(p.text().endsWith(".") || p.text().endsWith(" …"), p.text());
      }
    }
    PromptContext tight =
        PromptContext.of(
            new AskResult(
                "q",
                true,
                RESULT.answer(),
                List.of(passage(1, "install", "Install", "word ".repeat(500).strip())),
                null,
                1),
            100);
    assertTrue(
        tight.passages().getFirst().text().endsWith("word …"), tight.passages().getFirst().text());
  }

  @Test
  void aDeclinedResultSaysSoFirst() {
    AskResult declined = new AskResult("q", false, null, RESULT.results(), null, 1);
    assertTrue(
        PromptContext.of(declined, 2000)
            .text()
            .startsWith(PromptContext.NOT_ANSWERED + "\n\n[1] Guide › Install"));
    assertEquals(
        "", PromptContext.of(new AskResult("q", false, null, List.of(), null, 1), 2000).text());
  }

  @Test
  void theBudgetMustBeSensible() {
    var e = assertThrows(IllegalArgumentException.class, () -> PromptContext.of(RESULT, 99));
    assertEquals("max_tokens must be between 100 and 100000, got 99", e.getMessage());
  }
}
