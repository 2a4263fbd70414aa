package io.portagent.llm;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link LlmCall}: its attempts, retries and the listener contract. A single monitor
 * serializes every listener call and every state change, which is what makes the contract hold:
 * one terminal call, nothing after it, nothing after {@link #cancel()} returns. Listener calls
 * are short by contract, so reactor threads hold the monitor only briefly. HTTP aborts happen
 * outside the monitor, so HttpClient's own locks are never taken while holding it.
 */
final class StreamingCall implements LlmCall {

    private static final Logger LOG = LoggerFactory.getLogger(StreamingCall.class);

    private final String id;
    private final HttpTransport transport;
    /** The request, until the answer's first event: no attempt follows that. */
    private byte[] body;
    /** What the latest attempt sends, told to forget its bytes with the first event. */
    private RequestBody sending;
    private final LlmListener listener;
    private final Object lock = new Object();
    private boolean done;
    private boolean aborted;
    private boolean eventDelivered;
    private int attempts;
    /** The attempt whose outcome counts; null while a retry waits or after the end. */
    private StreamConsumer current;
    /** The most recently started attempt, whose connection an abort must close. */
    private StreamConsumer latest;
    private Future<Void> exchange;
    private Future<?> pendingRetry;

    StreamingCall(String id, HttpTransport transport, byte[] body, LlmListener listener) {
        this.id = id;
        this.transport = transport;
        this.body = body;
        this.listener = listener;
    }

    /** Starts the first attempt. */
    void start() {
        launch();
    }

    @Override
    public boolean cancel() {
        synchronized (lock) {
            if (done) {
                return false;
            }
            aborted = true;
            finish(new LlmFailure(FailureCode.CANCELLED, "The request was cancelled", 0, !eventDelivered, attempts));
        }
        abortHttp();
        return true;
    }

    @Override
    public boolean isDone() {
        synchronized (lock) {
            return done;
        }
    }

    String id() {
        return id;
    }

    // ---- from StreamConsumer, on a reactor thread ----

    /** Hands an event to the listener; false if the attempt no longer counts. */
    boolean deliver(StreamConsumer from, StreamEvent event) {
        synchronized (lock) {
            if (done || current != from) {
                return false;
            }
            if (!eventDelivered) {
                eventDelivered = true;
                body = null; // no retry follows an event; nor does the exchange send it again
                sending.forget();
                sending = null;
            }
            if (notifyListener(() -> listener.onEvent(event))) {
                return true;
            }
            aborted = true;
            finish(new LlmFailure(FailureCode.CANCELLED, "The answer was abandoned because its listener failed",
                    0, false, attempts));
        }
        abortHttp();
        return false;
    }

    void complete(StreamConsumer from) {
        synchronized (lock) {
            if (done || current != from) {
                return;
            }
            done = true;
            current = null;
            LOG.debug("LLM call {} complete after {} attempt(s)", id, attempts);
            transport.callEnded(this);
            transport.observer().succeeded();
            notifyListener(listener::onComplete);
        }
    }

    void transportFailed(StreamConsumer from, Throwable cause) {
        attemptFailed(from, TransportErrors.from(cause, transport.where(), transport.config()));
    }

    /** Retries if nothing was delivered yet and the failure allows it; otherwise ends the call. */
    void attemptFailed(StreamConsumer from, AttemptFailure failure) {
        synchronized (lock) {
            if (done || current != from) {
                return;
            }
            current = null;
            if (eventDelivered || !failure.retryable() || attempts >= transport.config().maxAttempts()
                    || !scheduleRetry(failure)) {
                finish(failure.toFailure(!eventDelivered, attempts));
            }
        }
    }

    // ---- internals ----

    private void launch() {
        StreamConsumer consumer;
        RequestBody entity;
        int attempt;
        synchronized (lock) {
            if (done) {
                return;
            }
            attempt = ++attempts;
            pendingRetry = null;
            consumer = new StreamConsumer(this, transport.protocol().decoder());
            current = consumer;
            latest = consumer;
            sending = HttpTransport.body(body);
            entity = sending;
        }
        Future<Void> future;
        try {
            future = transport.send(entity, consumer, callback(consumer));
        } catch (RuntimeException e) { // e.g. the client was closed meanwhile
            transportFailed(consumer, e);
            return;
        }
        boolean abort;
        synchronized (lock) {
            if (attempt == attempts) { // a quick failure may already have launched the next attempt
                exchange = future;
            }
            abort = aborted;
        }
        if (abort) { // cancelled while send() was starting the exchange
            future.cancel(true);
            consumer.abort();
        }
    }

    private boolean scheduleRetry(AttemptFailure failure) {
        Duration delay = transport.backoff().delay(attempts, failure.retryAfter());
        try {
            pendingRetry = transport.schedule(this::launch, delay);
        } catch (RejectedExecutionException e) {
            return false; // the client is closing
        }
        transport.observer().retrying(failure.code());
        listener.onRetry(attempts + 1, transport.config().maxAttempts(), failure.code(), delay.toMillis());
        LOG.info("LLM call {} attempt {}/{} failed: code={} status={} url={}; retrying in {}", id, attempts,
                transport.config().maxAttempts(), failure.code(), failure.httpStatus(), transport.where(),
                TransportErrors.human(delay));
        return true;
    }

    /** Ends the call with a failure; caller holds the lock. */
    private void finish(LlmFailure failure) {
        done = true;
        current = null;
        if (failure.code() == FailureCode.CANCELLED) {
            LOG.info("LLM call {} cancelled after {} attempt(s): {}", id, failure.attempts(), failure.message());
        } else {
            LOG.warn("LLM call {} failed after {} attempt(s): code={} status={} url={}: {}", id, failure.attempts(),
                    failure.code(), failure.httpStatus(), transport.where(), failure.message());
        }
        transport.callEnded(this);
        transport.observer().failed(failure.code());
        notifyListener(() -> listener.onFailure(failure));
    }

    /** Stops whatever the call is doing: a pending retry, a lease or connect, a running stream. */
    private void abortHttp() {
        StreamConsumer attempt;
        Future<Void> running;
        Future<?> retry;
        synchronized (lock) {
            attempt = latest;
            running = exchange;
            retry = pendingRetry;
        }
        if (retry != null) {
            retry.cancel(false);
        }
        if (running != null) {
            running.cancel(true);
        }
        if (attempt != null) {
            attempt.abort(); // closes the connection: the stream ends at the provider too
        }
    }

    /** Calls the listener; a throwing listener is logged, never allowed to unwind into the reactor. */
    private boolean notifyListener(Runnable notification) {
        try {
            notification.run();
            return true;
        } catch (RuntimeException e) {
            LOG.error("LLM call {}: the listener threw; abandoning the call", id, e);
            return false;
        }
    }

    private FutureCallback<Void> callback(StreamConsumer consumer) {
        return new FutureCallback<>() {
            @Override
            public void completed(Void result) {
                // The consumer already reported the outcome as the body ended.
            }

            @Override
            public void failed(Exception cause) {
                transportFailed(consumer, cause);
            }

            @Override
            public void cancelled() {
                // Only this call cancels its exchange, and it has ended itself before doing so.
            }
        };
    }
}
