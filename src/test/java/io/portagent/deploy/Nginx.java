package io.portagent.deploy;

import io.portagent.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Debian's nginx as a child process ({@code daemon off}) with a configuration of the test's own:
 * an {@code nginx.conf} under a temporary prefix that includes the server blocks shipped in
 * {@code deploy/nginx/}, with only their listen address and upstream port changed. Never touches
 * the system configuration or port 80.
 */
public final class Nginx {

    private Nginx() {
    }

    static String binary() {
        for (String candidate : new String[] {"/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("nginx is not installed (apt-get install -y nginx)");
    }

    /**
     * A shipped server block made local: {@code listen 80} becomes 127.0.0.1:{@code listenPort},
     * the upstream {@code 127.0.0.1:8080} becomes {@code upstreamPort}, logs go to {@code logs}
     * instead of /var/log/nginx; {@code readTimeout}, if not null, replaces the shipped
     * {@code proxy_read_timeout}.
     */
    public static String serverBlock(String shippedFile, int listenPort, int upstreamPort, String readTimeout, Path logs) {
        try {
            String conf = Files.readString(Servers.deployDir().resolve("nginx").resolve(shippedFile), StandardCharsets.UTF_8);
            String local = conf.replaceAll("(?m)^(\\s*)listen\\s+80;", "$1listen 127.0.0.1:" + listenPort + ";")
                    .replaceAll("(?m)^(\\s*)listen\\s+\\[::\\]:80;\\s*$", "")
                    .replace("127.0.0.1:8080", "127.0.0.1:" + upstreamPort)
                    .replace("/var/log/nginx/", logs.toString() + "/");
            if (readTimeout != null) {
                local = local.replaceAll("proxy_read_timeout\\s+[^;]+;", "proxy_read_timeout " + readTimeout + ";");
            }
            if (!local.contains("listen 127.0.0.1:" + listenPort) || !local.contains("127.0.0.1:" + upstreamPort)) {
                throw new IllegalStateException(shippedFile + " no longer has 'listen 80;' and 127.0.0.1:8080");
            }
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code nginx.conf} around the server blocks and starts nginx in the foreground. */
    public static ChildProcess start(Path prefix, List<String> serverBlocks) {
        try {
            Files.createDirectories(prefix.resolve("logs"));
            Files.createDirectories(prefix.resolve("temp"));
            Path mimeTypes = Path.of("/etc/nginx/mime.types");
            StringBuilder conf = new StringBuilder()
                    // As root, nginx would run its worker as "nobody", who cannot enter the test's private temp dirs.
                    .append("root".equals(System.getProperty("user.name")) ? "user root;\n" : "")
                    .append("worker_processes 1;\n")
                    .append("pid ").append(prefix.resolve("nginx.pid")).append(";\n")
                    .append("error_log ").append(prefix.resolve("logs/error.log")).append(" info;\n")
                    .append("events { worker_connections 256; }\n")
                    .append("http {\n")
                    .append(Files.exists(mimeTypes) ? "  include " + mimeTypes + ";\n" : "")
                    .append("  access_log ").append(prefix.resolve("logs/access.log")).append(";\n");
            for (String temp : new String[] {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
                conf.append("  ").append(temp).append("_temp_path ").append(prefix.resolve("temp/" + temp)).append(";\n");
            }
            for (int i = 0; i < serverBlocks.size(); i++) {
                Path block = prefix.resolve("server-" + i + ".conf");
                Files.writeString(block, serverBlocks.get(i), StandardCharsets.UTF_8);
                conf.append("  include ").append(block).append(";\n");
            }
            conf.append("}\n");
            Path nginxConf = prefix.resolve("nginx.conf");
            Files.writeString(nginxConf, conf, StandardCharsets.UTF_8);

            String nginx = binary();
            ChildProcess check = ChildProcess.start("nginx -t", prefix, prefix.resolve("logs/nginx-t.out"), Map.of(),
                    List.of(nginx, "-t", "-p", prefix.toString(), "-c", nginxConf.toString()));
            awaitExit(check);
            if (!check.output().contains("test is successful")) {
                throw new AssertionError("nginx -t refused the configuration:\n" + check.output() + "\n" + conf);
            }
            return ChildProcess.start("nginx", prefix, prefix.resolve("logs/nginx.out"), Map.of(),
                    List.of(nginx, "-p", prefix.toString(), "-c", nginxConf.toString(), "-g", "daemon off;"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitExit(ChildProcess process) {
        try {
            Await.until(process.name() + " to exit", Duration.ofSeconds(20), () -> !process.isAlive());
        } finally {
            process.close();
        }
    }
}
