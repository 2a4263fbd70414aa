package io.portagent.ui;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * axe-core (Deque's own Java binding, with the axe.min.js it bundles) run on the page a browser
 * shows, against the WCAG 2.x A and AA rules and axe's best practices. Each run's violations are
 * counted per impact; the serious and critical ones are kept with their elements, for the test
 * to fail on and print.
 */
final class Axe {

    static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice");
    private static final List<String> BLOCKING = List.of("serious", "critical");

    private final Map<String, Integer> perImpact = new TreeMap<>();
    private final List<String> blocking = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();

    /** Runs axe on what {@code browser} shows now, named {@code screen} in the report. */
    void check(Browser browser, String screen) {
        Results results = new AxeBuilder().withTags(TAGS).analyze(browser.driver());
        if (results.isErrored()) {
            throw new IllegalStateException("axe did not run on " + screen + ": " + results.getErrorMessage());
        }
        Map<String, Integer> here = new TreeMap<>(); // "impact rule" -> elements
        for (Rule rule : results.getViolations()) {
            String impact = rule.getImpact() == null ? "none" : rule.getImpact();
            here.merge(impact + " " + rule.getId(), rule.getNodes().size(), Integer::sum);
            perImpact.merge(impact, rule.getNodes().size(), Integer::sum);
            if (BLOCKING.contains(impact)) {
                for (CheckedNode node : rule.getNodes()) {
                    blocking.add(screen + ": " + impact + " " + rule.getId() + " at " + node.getTarget() + " "
                            + node.getHtml() + " — " + node.getFailureSummary());
                }
            }
        }
        lines.add(String.format("%-40s %s", screen, here.isEmpty() ? "no violations" : here));
    }

    /** Every serious or critical violation found so far, one line each. */
    List<String> blocking() {
        return List.copyOf(blocking);
    }

    /** One line per screen and the totals per impact, for the test's output. */
    String report() {
        return String.join("\n", lines) + "\naxe violations per impact (elements): "
                + (perImpact.isEmpty() ? "none" : perImpact);
    }
}
