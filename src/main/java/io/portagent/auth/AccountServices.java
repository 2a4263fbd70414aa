package io.portagent.auth;

import io.portagent.agent.Caller;
import io.portagent.config.Settings;
import io.portagent.store.ApiKeyRepository;
import io.portagent.store.Database;
import io.portagent.store.Dialect;
import io.portagent.store.LoginFailureRepository;
import io.portagent.store.TicketRepository;
import java.time.Clock;
import java.time.ZoneId;
import java.util.function.Consumer;

/**
 * Everything accounts offer, built in the order the parts need each other, over the two
 * databases: sign-in and tokens, registration, the own profile and API keys, socket tickets, and
 * the admins' users, groups, invites, storage and audit. The service and the command line build the same parts.
 */
public record AccountServices(Accounts accounts, Signup signup, Profiles profiles, UserAdmin users, Groups groups,
        Invites invites, StorageReport storage, Audit audit, SignOuts signOuts, ApiKeys apiKeys, WsTickets tickets, ExternalAccounts external,
        ProxySignIn proxySignIn, OidcSignIn oidcSignIn) {

    /** {@code stopConversations} ends and deletes a deleted user's conversations in a running service. */
    public static AccountServices build(Settings settings, TokenSecrets secrets, Database portagent, Database agentx,
            Consumer<Caller> stopConversations, Clock clock) {
        AccountStores stores = AccountStores.of(portagent, agentx, settings.containersDir());
        AccountRoles roles = new AccountRoles(settings.accounts().adminUsernames());
        Audit audit = new Audit(stores.audit(), stores.accounts(), clock);
        SignOuts signOuts = new SignOuts();
        LoginThrottle throttle = portagent.dialect() == Dialect.POSTGRESQL
                ? new LoginThrottle(clock, new LoginFailureRepository(portagent)) : new LoginThrottle(clock);
        Accounts accounts = new Accounts(stores, new Tokens(secrets, clock), new Revocations(portagent, clock), roles,
                throttle, audit, signOuts, clock);
        Invites invites = new Invites(stores.invites(), new InviteCodes(clock, ZoneId.systemDefault()), audit, clock);
        UserAdmin users = new UserAdmin(stores, roles, audit, signOuts, stopConversations, clock);
        ExternalAccounts external = new ExternalAccounts(stores, roles, audit, clock);
        Profiles profiles = new Profiles(stores.accounts(), accounts, audit, clock);
        return new AccountServices(accounts,
                new Signup(settings.accounts().registration(), stores, accounts, invites, roles, audit, clock),
                profiles, users,
                new Groups(stores.groups(), users.directory(), audit, clock), invites, new StorageReport(stores), audit,
                signOuts, new ApiKeys(new ApiKeyRepository(portagent), stores.accounts(), audit, clock),
                new WsTickets(new TicketRepository(portagent), accounts, clock),
                external, new ProxySignIn(settings.sso().proxy(), external, accounts, audit),
                new OidcSignIn(settings.sso(), secrets, external, accounts, profiles, audit, clock));
    }
}
