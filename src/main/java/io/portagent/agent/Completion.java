package io.portagent.agent;

import io.portagent.llm.LlmCall;
import io.portagent.llm.LlmFailure;
import io.portagent.llm.LlmListener;
import io.portagent.llm.StopReason;
import io.portagent.llm.StreamEvent;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One model call outside any conversation, read step by step by the thread that asked for it:
 * the model client's threads only queue (never block), the reader takes the text and then one
 * end or failure. The queue is bounded: a reader too slow to keep up ends the call. Closing it
 * cancels a call still running and records the tokens the provider counted, once.
 */
public final class Completion implements LlmListener, AutoCloseable {

    /** Text deltas a reader may owe before the call is stopped (deltas are a few characters each). */
    static final int QUEUE_LIMIT = 10_000;

    /** What the reader gets, in order: text, then one {@link End} or {@link Failure}. */
    public sealed interface Step permits Text, End, Failure {
    }

    /** More of the answer. */
    public record Text(String text) implements Step {
    }

    /** The answer is complete, and why the model stopped. */
    public record End(StopReason reason) implements Step {
    }

    /** The call failed: before any text ({@code beforeFirstEvent}) or in the middle of it. */
    public record Failure(LlmFailure failure) implements Step {
    }

    private static final Step MARK = new Text("");

    private final BlockingQueue<Step> queue = new ArrayBlockingQueue<>(QUEUE_LIMIT);
    private final Consumer<Completion> onClose;
    private volatile Step terminal;
    private volatile LlmCall call;
    private volatile boolean overflowed;
    private volatile int inputTokens;
    private volatile int outputTokens;
    private StopReason stopReason = StopReason.END_TURN;
    private boolean closed;

    Completion(Consumer<Completion> onClose) {
        this.onClose = onClose;
    }

    void begin(LlmCall running) {
        this.call = running;
        if (overflowed) {
            running.cancel();
        }
    }

    /**
     * The next step, waiting up to {@code timeoutMillis}; null if none came in time. After the
     * end or failure, that same step again.
     */
    public Step next(long timeoutMillis) throws InterruptedException {
        Step step = queue.poll();
        if (step == null && terminal == null) {
            step = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        if (step == MARK || (step == null && terminal != null)) {
            return terminal;
        }
        return step;
    }

    public int inputTokens() {
        return inputTokens;
    }

    public int outputTokens() {
        return outputTokens;
    }

    @Override
    public void onEvent(StreamEvent event) {
        if (event instanceof StreamEvent.TextDelta delta && !delta.text().isEmpty()) {
            if (!queue.offer(new Text(delta.text()))) {
                overflowed = true;
                LlmCall running = call;
                if (running != null) {
                    running.cancel(); // nested onFailure(cancelled) ends the steps
                }
            }
        } else if (event instanceof StreamEvent.MessageStart start) {
            inputTokens += start.inputTokens();
        } else if (event instanceof StreamEvent.MessageDelta delta) {
            inputTokens += delta.inputTokens();
            outputTokens += delta.outputTokens();
            if (delta.stopReason() != null) {
                stopReason = delta.stopReason();
            }
        }
    }

    @Override
    public void onComplete() {
        end(new End(stopReason));
    }

    @Override
    public void onFailure(LlmFailure failure) {
        end(new Failure(overflowed ? new LlmFailure(failure.code(), "The client read the answer too slowly",
                failure.httpStatus(), failure.beforeFirstEvent(), failure.attempts()) : failure));
    }

    private void end(Step step) {
        terminal = step;
        queue.offer(MARK); // wakes a waiting reader; a full queue has a reader with steps to take
    }

    /** Stops the call if it still runs, and records its tokens; only the first close counts. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        LlmCall running = call;
        if (running != null && !running.isDone()) {
            running.cancel();
        }
        onClose.accept(this);
    }
}
