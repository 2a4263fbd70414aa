package io.portagent.llm;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ModelProvider} the runtime holds while the providers may change under it: each call
 * goes to the current {@link ModelRouter}; {@link #switchTo} puts a new one in place for the next
 * call, and closes the old one once its calls in flight have ended, or after a grace period. The
 * closing runs on the thread {@code llm-switch}, never on a client's I/O thread.
 */
public final class SwitchableModelProvider implements ModelProvider, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SwitchableModelProvider.class);

    private final Duration grace;
    private final ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "llm-switch");
        t.setDaemon(true);
        return t;
    });
    private volatile Generation current;

    public SwitchableModelProvider(ModelRouter first, Duration grace) {
        this.current = new Generation(first);
        this.grace = grace;
    }

    @Override
    public LlmCall stream(LlmRequest request, LlmListener listener) {
        Generation generation = current;
        generation.running.incrementAndGet();
        while (generation != current) { // switched meanwhile: the old one may be closing
            generation.release(closer);
            generation = current;
            generation.running.incrementAndGet();
        }
        Generation used = generation;
        try {
            return used.router.stream(request, new Releasing(listener, () -> used.release(closer)));
        } catch (RuntimeException e) {
            used.release(closer);
            throw e;
        }
    }

    /** The key checks of the providers in use now (see {@link ModelRouter#checkKeys()}). */
    public Map<String, CompletableFuture<KeyCheck>> checkKeys() {
        return current.router.checkKeys();
    }

    /** Sends the next calls to {@code next}; the current router closes when its calls end, or after the grace period. */
    public void switchTo(ModelRouter next) {
        Generation old = current;
        current = new Generation(next);
        old.retired = true;
        old.release(closer, 0);
        closer.schedule(old::close, grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closer.shutdownNow();
        current.close();
    }

    /** One router and its calls in flight. */
    private static final class Generation {
        final ModelRouter router;
        final AtomicInteger running = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();
        volatile boolean retired;

        Generation(ModelRouter router) {
            this.router = router;
        }

        void release(ScheduledExecutorService closer) {
            release(closer, 1);
        }

        void release(ScheduledExecutorService closer, int calls) {
            if (running.addAndGet(-calls) == 0 && retired && !closed.get() && !closer.isShutdown()) {
                closer.execute(this::close);
            }
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                if (running.get() > 0) {
                    LOG.info("Closing the previous model clients with {} call(s) still running", running.get());
                }
                router.close();
            }
        }
    }

    /** Passes every event on and releases the generation at the terminal call. */
    private record Releasing(LlmListener listener, Runnable release) implements LlmListener {
        @Override
        public void onEvent(StreamEvent event) {
            listener.onEvent(event);
        }

        @Override
        public void onRetry(int next, int maxAttempts, FailureCode code, long delayMillis) {
            listener.onRetry(next, maxAttempts, code, delayMillis);
        }

        @Override
        public void onComplete() {
            try {
                listener.onComplete();
            } finally {
                release.run();
            }
        }

        @Override
        public void onFailure(LlmFailure failure) {
            try {
                listener.onFailure(failure);
            } finally {
                release.run();
            }
        }
    }
}
