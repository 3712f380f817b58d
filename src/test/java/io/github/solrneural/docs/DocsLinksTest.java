package io.github.solrneural.docs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.docs.MarkdownLinks.Link;
import io.github.solrneural.testing.DemoModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Every relative link of README.md and docs/*.md leads to a file, and its #anchor to a heading. */
public class DocsLinksTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Test
  public void everyRelativeLinkOfTheReadmeAndTheDocsResolves() throws IOException {
    List<Link> links = new ArrayList<>();
    for (Path page : pages()) {
      links.addAll(MarkdownLinks.relativeLinks(page));
    }
    List<String> problems = new ArrayList<>();
    for (Link link : links) {
      String problem = MarkdownLinks.problem(link);
      if (problem != null) {
        problems.add(problem);
      }
    }
    assertTrue("broken links:\n" + String.join("\n", problems), problems.isEmpty());
    // The check above means nothing if the links were not found at all.
    assertTrue("links found: " + links.size(), links.size() >= 30);
  }

  @Test
  public void everyDocsPageIsLinkedFromTheReadme() throws IOException {
    Path root = DemoModels.projectDir();
    List<String> linked =
        MarkdownLinks.relativeLinks(root.resolve("README.md")).stream()
            .map(link -> link.target().replaceAll("#.*", ""))
            .toList();
    for (Path page : pages()) {
      String relative = root.relativize(page).toString();
      assertTrue(
          relative + " is not linked from README.md",
          relative.equals("README.md") || linked.contains(relative));
    }
  }

  @Test
  public void aMissingFileOrHeadingIsReported() throws IOException {
    Path page = temp.getRoot().toPath().resolve("page.md");
    Files.writeString(
        page,
        "# Time budget and fallback: `reRankTimeAllowed`\n\n## Notes\n\n## Notes\n\n"
            + "[ok](#time-budget-and-fallback-reranktimeallowed) [dup](#notes-1) [self](page.md)\n"
            + "[gone](missing.md) [wrong](page.md#time-budget) [url](https://example.org/x.md)\n"
            + "`[in code](missing.md)`\n```\n[in a block](missing.md)\n```\n");
    List<Link> links = MarkdownLinks.relativeLinks(page);
    assertEquals(5, links.size());
    for (Link link : links.subList(0, 3)) {
      assertNull(MarkdownLinks.problem(link));
    }
    assertNotNull(MarkdownLinks.problem(links.get(3)));
    String wrongAnchor = MarkdownLinks.problem(links.get(4));
    assertTrue(wrongAnchor, wrongAnchor.contains("'time-budget'"));
  }

  private static List<Path> pages() throws IOException {
    Path root = DemoModels.projectDir();
    List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }
}
