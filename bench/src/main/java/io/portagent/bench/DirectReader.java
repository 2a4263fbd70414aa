package io.portagent.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Flow;

/**
 * The baseline reader: reads the fake model's SSE answer directly over HTTP, one request per
 * turn on a kept-alive connection, exactly as the portal's LLM client would. What it measures
 * is the cost of the fake, the loopback network and this JVM's reading; the portal's overhead is
 * the portal's figures minus these.
 */
final class DirectReader extends StreamReader {

    private static final String BODY = "{\"model\":\"bench\",\"max_tokens\":1024,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Bench message\"}]}";

    private final HttpClient client;
    private final HttpRequest request;
    private final BenchProtocol protocol;

    DirectReader(HttpClient client, URI llm, BenchProtocol protocol, TurnStats stats, int expectedDeltas) {
        super(stats, expectedDeltas);
        this.client = client;
        this.protocol = protocol;
        this.request = HttpRequest.newBuilder(llm.resolve(protocol.path()))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json")
                .header("x-api-key", "sk-ant-bench")
                .header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build();
    }

    @Override
    void request() {
        client.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Lines()))
                .whenComplete((response, error) -> {
                    if (error != null) {
                        failed("direct: " + error);
                    } else if (response.statusCode() != 200) {
                        failed("direct: HTTP " + response.statusCode());
                    }
                });
    }

    @Override
    void close() {
        // The shared HttpClient owns the connections.
    }

    /** Reads the SSE lines as they arrive: a delta's data line carries its stamp. */
    private final class Lines implements Flow.Subscriber<String> {
        private boolean stopped;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (!line.startsWith("data: ")) {
                return;
            }
            if (protocol.isDelta(line)) {
                textFrame();
                delta(Stamp.find(line));
            } else if (protocol.isEnd(line)) {
                stopped = true;
            }
        }

        @Override
        public void onError(Throwable error) {
            failed("direct: the stream broke: " + error);
        }

        @Override
        public void onComplete() {
            turnEnded(stopped ? null : "direct: the stream ended without its last event");
        }
    }
}
