package org.askdocs.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a table row reads as plain text, the same for every format that has tables: one line per row,
 * each cell named by its column's header ("Port: 443; Use: HTTPS"), so that a row read on its own
 * (a line of a passage, an answer sentence) still says what each cell is. Stateless and
 * thread-safe.
 */
final class Tables {
  /** A cell of a GitHub table's delimiter row: dashes, optionally colon-aligned. */
  private static final Pattern DELIMITER_CELL = Pattern.compile(":?-+:?");

  private Tables() {}

  /**
   * One body row as text: {@code Header: cell} pairs joined by "; ". Empty cells are left out with
   * their header; a cell under an empty header (or beyond the header) stands alone. Nothing is
   * added at the end: the row ends with a period only when its last cell does.
   */
  static String row(List<String> header, List<String> cells) {
    List<String> parts = new ArrayList<>(cells.size());
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      if (cell.isEmpty()) {
        continue;
      }
      String name = i < header.size() ? header.get(i) : "";
      parts.add(name.isEmpty() ? cell : name + ": " + cell);
    }
    return String.join("; ", parts);
  }

  /**
   * A whole table as text, its first row the header: one line per body row that says something
   * ({@link #row}); a table of one row reads as its cells alone.
   */
  static String text(List<List<String>> rows) {
    if (rows.isEmpty()) {
      return "";
    }
    List<String> header = rows.getFirst();
    if (rows.size() == 1) {
      return row(List.of(), header);
    }
    return rows.subList(1, rows.size()).stream()
        .map(cells -> row(header, cells))
        .filter(line -> !line.isEmpty())
        .collect(Collectors.joining("\n"));
  }

  /**
   * The stripped cells of a pipe-table line, outer pipes dropped: {@code | a | | c |} gives [a, "",
   * c].
   */
  static List<String> cells(String line) {
    String s = line.strip();
    if (s.startsWith("|")) {
      s = s.substring(1);
    }
    if (s.endsWith("|")) {
      s = s.substring(0, s.length() - 1);
    }
    return Arrays.stream(s.split("\\|", -1)).map(String::strip).toList();
  }

  /**
   * Whether a line is a GitHub table's delimiter row ({@code |---|:---:|}): pipes and dashed cells
   * only.
   */
  static boolean isDelimiterRow(String line) {
    return line.indexOf('|') >= 0
        && cells(line).stream().allMatch(c -> DELIMITER_CELL.matcher(c).matches());
  }
}
