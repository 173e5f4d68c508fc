package org.askdocs.answer;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The kind of answer a question wants, read from its wording, and whether a sentence holds one:
 * "how much does it cost" wants an amount of money, "when was it published" a date, "how many
 * hosts" a number. A passage can match a question's topic closely and still not answer it; when no
 * sentence near the question holds the kind of thing asked for, the docs do not answer it.
 * Stateless and thread-safe.
 */
enum AnswerKind {
  /** A price or a cost: a currency amount, or a statement that it is free or included. */
  MONEY(
      Pattern.compile(
          "[$€£¥]\\s?\\d|\\b\\d[\\d,.]*\\s?(?:usd|eur|gbp|dollars?|euros?|cents?)\\b|\\bfree of"
              + " charge\\b|\\bat no (?:additional |extra )?(?:cost|charge)\\b|\\bno (?:additional"
              + " |extra )?(?:cost|charge|fee)s?\\b|\\b(?:is|are) free\\b|\\bincluded in the"
              + " (?:price|cost)\\b|\\bbilled (?:per|by|at)\\b|\\bpriced"
              + " (?:per|by|at)\\b|\\bpricing (?:page|calculator)\\b")),
  /** A moment or a period: a date, a year, a time of day, a frequency or a duration. */
  TIME(
      Pattern.compile(
          "\\b(?:19|20)\\d\\d\\b|\\b\\d{1,4}[/-]\\d{1,2}[/-]\\d{1,4}\\b"
              + "|\\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\\b"
              + "|\\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\\b"
              + "|\\b(?:\\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a|an|few|several)\\s+(?:business\\s+)?(?:seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?)\\b"
              + "|\\b(?:hourly|daily|weekly|monthly|quarterly|yearly|annually|biweekly|nightly)\\b"
              + "|\\bevery\\s+(?:\\d+|other|few|two|three|four|six|twelve|hour|day|week|month|quarter|year|night|morning)\\b|\\b(?:maintenance"
              + " window|schedule[ds]?|scheduling|release notes?|generally available|general"
              + " availability|preview|deprecat\\w+|retire[ds]?|end of (?:life|support))\\b"
              + "|\\b\\d{1,2}:\\d{2}\\b|\\b(?:utc|gmt)\\b")),
  /** A share: a percentage. */
  PERCENT(Pattern.compile("\\d\\s?%|\\bpercent(?:age)?\\b|\\bper ?cent\\b")),
  /** A count or a measure: a number, written in digits or words. */
  NUMBER(
      Pattern.compile(
          "\\d|\\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|million|dozen|single|twice|no"
              + " more than|at most|up to|unlimited)\\b")),
  /** Someone: a team, a role, a party or an organisation that does or owns something. */
  ACTOR(
      Pattern.compile(
          "\\b(?:you|your|customers?|microsoft|vmware|azure|avs|partners?|vendors?|providers?|teams?|owners?|administrators?|admins?|operators?|engineers?|architects?|developers?|users?|tenants?|support|staff|personnel|managers?|stakeholders?|organi[sz]ations?|sre|devops|security"
              + " officers?|leads?|responsible|accountable|handles?|manages?|performs?|owns?)\\b")),
  /** Anything else: the question's topic is the evidence. */
  OPEN(null);

  private static final Pattern WANTS_MONEY =
      Pattern.compile(
          "\\bhow"
              + " much\\b.*\\b(?:cost|costs|charge|charged|pay|paid|price|priced|bill|billed|spend|fee)\\b|\\b(?:price|pricing|cost|costs|fee|fees)\\b.*\\b(?:of|for|per)\\b|\\bhow"
              + " (?:much|expensive)\\b.*\\b(?:is|are|does|do)\\b.*\\b(?:cost|price)|\\bwhat"
              + " (?:does|do|will)\\b.*\\bcost\\b|\\bhow expensive\\b");
  private static final Pattern WANTS_TIME =
      Pattern.compile(
          "^\\s*(?:and\\s+)?when\\b(?!\\s+(?:should|to|do\\s+(?:i|we)\\s+(?:use|pick|choose|need)|would|is"
              + " it (?:better|best|ok|okay|appropriate)))|\\bwhat"
              + " (?:date|day|time|year|month)\\b|\\bhow (?:often|soon|frequently)\\b|\\bby"
              + " when\\b|\\bwhich (?:date|day|year|month)\\b|\\bwhat time\\b|\\bsince"
              + " when\\b|\\bat what point\\b|\\bon what (?:exact )?date\\b");
  private static final Pattern WANTS_PERCENT =
      Pattern.compile("\\bpercent(?:age)?\\b|\\bwhat share\\b|\\bhow much of\\b");
  private static final Pattern WANTS_NUMBER =
      Pattern.compile(
          "\\bhow (?:many|big|large|small|fast|far|high|low|long)\\b|\\bwhat(?:'s| is| are)? the"
              + " (?:\\w+"
              + " ){0,2}(?:maximum|minimum|max|min|limit|number|size|count|amount|capacity|percentage|ratio|latency|bandwidth|throughput)\\b|\\b(?:maximum|minimum|max|min)"
              + " (?:number|size|count)\\b|\\bhow much"
              + " (?:data|storage|memory|disk|bandwidth|capacity|space|ram|latency|downtime)\\b|\\b(?:phone|version|certificate|serial)"
              + " numbers?\\b|\\b(?:what|which) (?:\\w+ ){0,3}numbers?\\b|\\bwhat percentage\\b");
  private static final Pattern WANTS_ACTOR =
      Pattern.compile(
          "^\\s*(?:and\\s+)?(?:who|whom|whose)\\b|\\bwho(?:'s| is| are)\\b|\\bwhich"
              + " (?:team|role|party|person|people|group|side|vendor|company|organi[sz]ation)\\b|\\b(?:is|are)"
              + " (?:it|this|that) (?:me|us|them|microsoft|my job)\\b|\\bwho"
              + " (?:handles|owns|manages|does|takes care)\\b");

  private final Pattern evidence;

  AnswerKind(Pattern evidence) {
    this.evidence = evidence;
  }

  /** The kind of answer a question wants; {@link #OPEN} when its wording does not say. */
  static AnswerKind of(String question) {
    String q = question.toLowerCase(Locale.ROOT);
    if (WANTS_MONEY.matcher(q).find()) {
      return MONEY;
    }
    if (WANTS_TIME.matcher(q).find()) {
      return TIME;
    }
    if (WANTS_PERCENT.matcher(q).find()) {
      return PERCENT;
    }
    if (WANTS_NUMBER.matcher(q).find()) {
      return NUMBER;
    }
    if (WANTS_ACTOR.matcher(q).find()) {
      return ACTOR;
    }
    return OPEN;
  }

  /** Whether a sentence holds this kind of answer (always, for {@link #OPEN}). */
  boolean foundIn(String sentence) {
    return evidence == null || evidence.matcher(sentence.toLowerCase(Locale.ROOT)).find();
  }
}
