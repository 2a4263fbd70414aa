package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The WAR started once for a test class (configured by {@code setup}), with an {@link AuthApi} on it; stopped after. */
final class AuthApp implements BeforeAllCallback, AfterAllCallback {

    private final UnaryOperator<AppServer.Builder> setup;
    private AppServer app;
    private AuthApi api;

    AuthApp(UnaryOperator<AppServer.Builder> setup) {
        this.setup = setup;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        app = setup.apply(AppServer.builder()).start();
        assertTrue(app.started(), () -> app.startupError().orElse("did not start"));
        api = new AuthApi(app);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        app.close();
    }

    AppServer app() {
        return app;
    }

    AuthApi api() {
        return api;
    }
}
