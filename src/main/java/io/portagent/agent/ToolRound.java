package io.portagent.agent;

import io.portagent.agent.StreamedAnswer.ToolBlock;
import io.portagent.agent.ToolRegistry.ToolContext;
import io.portagent.agent.ToolRegistry.ToolOutcome;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool calls of one model response, run one after another on the tool executor. Each result
 * goes back to the turn, which announces and stores it; once the last one is written, the turn
 * goes on. A tool that throws answers the model with an error; an interrupt of the tool thread
 * (the user stopped the turn) ends the round.
 */
final class ToolRound implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ToolRound.class);

    private final ToolRegistry tools;
    private final ToolContext context;
    private final String turnId;
    private final List<ToolBlock> calls;
    private final BiFunction<ToolBlock, ToolOutcome, CompletableFuture<Void>> done;
    private final Runnable next;

    /**
     * @param done called with each result; returns its write, or null when the turn has ended
     * @param next called once the last result's write is committed
     */
    ToolRound(ToolRegistry tools, ToolContext context, String turnId, List<ToolBlock> calls,
            BiFunction<ToolBlock, ToolOutcome, CompletableFuture<Void>> done, Runnable next) {
        this.tools = tools;
        this.context = context;
        this.turnId = turnId;
        this.calls = List.copyOf(calls);
        this.done = done;
        this.next = next;
    }

    @Override
    public void run() {
        CompletableFuture<Void> written = null;
        for (ToolBlock block : calls) {
            ToolOutcome outcome;
            try {
                outcome = tools.call(context, block.name, block.inputJson());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("Tool {} failed in turn {}", block.name, turnId, e);
                outcome = new ToolOutcome("The tool failed: " + e.getMessage(), true);
            }
            written = done.apply(block, outcome);
            if (written == null) {
                return;
            }
        }
        if (written != null) {
            written.thenRun(next);
        }
    }
}
