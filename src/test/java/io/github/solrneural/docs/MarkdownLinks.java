package io.github.solrneural.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relative links of Markdown pages, and whether each resolves: the linked file exists and a
 * {@code #anchor} is the anchor GitHub gives one of the linked page's headings.
 */
final class MarkdownLinks {
  private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(([^)\\s]+)\\)");
  private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

  /** One link as written: the page it is on, its line, and its target. */
  record Link(Path page, int line, String target) {
    @Override
    public String toString() {
      return page.getFileName() + ":" + line + ": (" + target + ")";
    }
  }

  private MarkdownLinks() {}

  /** Relative links of a page (not URLs with a scheme), outside code blocks and code spans. */
  static List<Link> relativeLinks(Path page) {
    List<Link> links = new ArrayList<>();
    List<String> lines = read(page);
    boolean fenced = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.stripLeading().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      Matcher m = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
      while (m.find()) {
        String target = m.group(2);
        if (!SCHEME.matcher(target).find()) {
          links.add(new Link(page, i + 1, target));
        }
      }
    }
    return links;
  }

  /** Why the link does not resolve, or null when it does. */
  static String problem(Link link) {
    int hash = link.target().indexOf('#');
    String file = hash < 0 ? link.target() : link.target().substring(0, hash);
    String anchor = hash < 0 ? null : link.target().substring(hash + 1);
    Path target = file.isEmpty() ? link.page() : link.page().getParent().resolve(file).normalize();
    if (!Files.exists(target)) {
      return link + ": no file " + target;
    }
    if (anchor == null) {
      return null;
    }
    if (!target.toString().endsWith(".md")) {
      return link + ": an anchor into a file that is not Markdown";
    }
    Set<String> anchors = anchors(target);
    return anchors.contains(anchor)
        ? null
        : link + ": no heading of " + target.getFileName() + " has the anchor '" + anchor
            + "'; its anchors: " + anchors;
  }

  /** The anchors of a page's headings, as GitHub makes them (duplicates get -1, -2, ...). */
  static Set<String> anchors(Path page) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : read(page)) {
      if (line.stripLeading().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      Matcher m = HEADING.matcher(line);
      if (!fenced && m.matches()) {
        String slug = slug(m.group(1));
        int count = seen.merge(slug, 1, Integer::sum);
        anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
      }
    }
    return anchors;
  }

  /**
   * GitHub's rule: the heading's text (a link counts as its text), lower-cased, every character
   * that is not a letter, digit, space, '-' or '_' dropped, and each space made a '-'.
   */
  static String slug(String heading) {
    String text = LINK.matcher(heading).replaceAll("$1").toLowerCase(Locale.ROOT);
    StringBuilder slug = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              if (c == ' ') {
                slug.append('-');
              } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
              }
            });
    return slug.toString();
  }

  private static List<String> read(Path page) {
    try {
      return Files.readAllLines(page, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
