package io.portagent.auth;

import io.portagent.config.Settings;
import io.portagent.store.ContainerRepository;
import io.portagent.store.Storage;
import io.portagent.store.UserRepository;
import java.time.Clock;
import java.time.ZoneId;

/** Builds the authentication services from the settings and storage, once, at start-up. */
public record AuthServices(Accounts accounts, ClientAddress clientAddress, TokenSecrets secrets) {

    public static AuthServices create(Settings settings, Storage storage, Clock clock) {
        TokenSecrets secrets = TokenSecrets.resolve(settings);
        Accounts accounts = new Accounts(new UserRepository(storage.users()),
                new ContainerRepository(storage.agents()), new Tokens(secrets, clock),
                new Revocations(storage.users(), clock), new InviteCodes(clock, ZoneId.systemDefault()),
                settings.inviteCodeRequired(), new LoginThrottle(clock), clock);
        return new AuthServices(accounts, new ClientAddress(settings.trustedProxies()), secrets);
    }
}
