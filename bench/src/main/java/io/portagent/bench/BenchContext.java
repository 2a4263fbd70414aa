package io.portagent.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every scenario of one run shares: the server (address, process figures), the fake model,
 * the registered accounts and the client side's HTTP clients.
 *
 * <p>WebSockets are spread over several JDK {@link HttpClient}s because each has one selector
 * thread; one would make the bench's own reading the bottleneck at 1,000 streams.
 */
final class BenchContext {

    private static final int SOCKET_CLIENTS = 4;

    final URI base;
    /** With two nodes: the node users watch their conversations on (every delta crosses from {@link #base}); else null. */
    final URI watchBase;
    final PortalApi api;
    final ProcStats proc;
    final StampedLlm llm;
    final List<Account> accounts;
    /** Starts a server of the run's kind with a fresh data directory; null when measuring a given one (--base-url). */
    final java.util.function.Supplier<ServerProcess> servers;
    final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "bench-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient[] socketClients = new HttpClient[SOCKET_CLIENTS];

    /** A registered user and a token of theirs. */
    record Account(String username, String token) {
    }

    BenchContext(URI base, URI watchBase, PortalApi api, ProcStats proc, StampedLlm llm, List<Account> accounts,
            java.util.function.Supplier<ServerProcess> servers) {
        this.base = base;
        this.watchBase = watchBase;
        this.api = api;
        this.proc = proc;
        this.llm = llm;
        this.accounts = accounts;
        this.servers = servers;
        for (int i = 0; i < SOCKET_CLIENTS; i++) {
            socketClients[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        }
    }

    HttpClient socketClient(int i) {
        return socketClients[i % SOCKET_CLIENTS];
    }
}
