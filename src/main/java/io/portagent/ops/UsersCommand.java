package io.portagent.ops;

import io.portagent.auth.AccountServices;
import io.portagent.auth.Actor;
import io.portagent.auth.AdminUser;
import io.portagent.auth.AuthException;
import io.portagent.auth.Roles;
import io.portagent.auth.TokenSecrets;
import io.portagent.auth.UserAdmin;
import io.portagent.auth.UserDirectory;
import io.portagent.config.ConfigSource;
import io.portagent.config.Settings;
import io.portagent.config.StartupException;
import io.portagent.store.DataSources;
import io.portagent.store.Database;
import io.portagent.store.Schemas;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar portagent.war users ...}: accounts from the command line, for when nobody can
 * sign in. Opens the configured databases directly (never the instance lock), so it works with
 * the service stopped or running; a running service reads accounts on every request and checks
 * open sockets every few seconds, so it sees the change within seconds. Audited as {@code cli:<OS user>}.
 */
public final class UsersCommand {

    private UsersCommand() {
    }

    /** Runs the action; 0 when done, 1 when refused (unknown user, the last admin...). */
    public static int run(UsersArgs args, List<ConfigSource> sources, PrintStream out, PrintStream err) {
        Settings settings = settings(sources);
        if (settings.databaseUrl().isEmpty() && !Files.isRegularFile(settings.portagentDb())) {
            throw new StartupException("No Portagent database at " + settings.portagentDb() + ". Point --data-dir"
                    + " (or AGENTX_DIR) at the service's data directory, or start the service once to create it.");
        }
        Logging.configureCommand(settings.logsDir());
        // the service's databases: DATABASE_URL's PostgreSQL (shared with the running nodes) or the SQLite files
        try (Database users = Database.open("portagent.db", settings.databaseUrl()
                .map(url -> DataSources.forUrl(url, "portagent.db")).orElseGet(() -> DataSources.onFile(
                        settings.portagentDb())), Schemas.PORTAGENT);
             Database agents = Database.open("agentx.db", settings.databaseUrl()
                     .map(url -> DataSources.forUrl(url, "agentx.db")).orElseGet(() -> DataSources.onFile(
                             settings.agentxDb())), Schemas.AGENTX)) {
            AccountServices accounts = AccountServices.build(settings, TokenSecrets.unused(), users, agents,
                    caller -> { }, Clock.systemUTC());
            return act(args, accounts.users(), out);
        } catch (AuthException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        } finally {
            Logging.stop();
        }
    }

    /** The service's settings; the provider key, which no account needs, may be missing. */
    private static Settings settings(List<ConfigSource> sources) {
        List<ConfigSource> withKey = new ArrayList<>(sources);
        withKey.add(ConfigSource.of("not needed by commands", Map.of("LLM_PROVIDER_KEY", "unused-by-commands")));
        return Settings.resolve(withKey);
    }

    private static int act(UsersArgs args, UserAdmin users, PrintStream out) {
        Actor cli = Actor.commandLine();
        if (args.action().equals("list")) {
            list(users, out);
            return 0;
        }
        if (args.action().equals("create")) {
            UserAdmin.Created created = users.create(cli, new UserAdmin.NewUser(args.name().orElseThrow(),
                    args.password(), args.email(), args.displayName(), args.admin()));
            out.println("Created " + describe(created.user()) + ".");
            Optional.ofNullable(created.temporaryPassword()).ifPresent(p -> out.println("Temporary password (shown"
                    + " once; it must be changed at first sign-in): " + p));
            return 0;
        }
        AdminUser user = users.directory().named(args.name().orElseThrow());
        out.println(change(args.action(), user, users, cli));
        return 0;
    }

    private static String change(String action, AdminUser user, UserAdmin users, Actor cli) {
        String name = "'" + user.username() + "'";
        return switch (action) {
            case "promote" -> describe(users.update(cli, user.userId(), roles(List.of(Roles.USER, Roles.ADMIN))))
                    + ": earlier tokens signed out, the next sign-in carries the role admin.";
            case "demote" -> describe(users.update(cli, user.userId(), roles(List.of(Roles.USER))))
                    + ": earlier tokens signed out.";
            case "disable" -> describe(users.update(cli, user.userId(), active(false)))
                    + ": sign-in refused, open sessions end within seconds.";
            case "enable" -> describe(users.update(cli, user.userId(), active(true)))
                    + ": may sign in again (tokens from before the disable stay refused).";
            case "reset-password" -> "Temporary password for " + name + " (shown once; it must be changed at"
                    + " next sign-in; every session ended): " + users.resetPassword(cli, user.userId());
            case "delete" -> deleted(users, cli, user);
            default -> throw new IllegalStateException(action);
        };
    }

    private static String deleted(UserAdmin users, Actor cli, AdminUser user) {
        int conversations = users.directory().get(user.userId()).conversationCount();
        users.delete(cli, user.userId());
        return "Deleted '" + user.username() + "' with " + conversations + " conversation(s), their messages and"
                + " workspace files.";
    }

    private static UserAdmin.Patch roles(List<String> roles) {
        return new UserAdmin.Patch(Optional.empty(), Optional.of(roles), Optional.empty(), Optional.empty());
    }

    private static UserAdmin.Patch active(boolean active) {
        return new UserAdmin.Patch(Optional.of(active), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static String describe(AdminUser user) {
        return "'" + user.username() + "' (" + String.join(", ", user.roles()) + (user.isActive() ? "" : ", disabled")
                + ")";
    }

    private static void list(UserAdmin users, PrintStream out) {
        String format = "%-24s %-11s %-8s %-20s %-30s %s%n";
        out.printf(format, "USERNAME", "ROLES", "ACTIVE", "LAST SIGN-IN", "EMAIL", "USER ID");
        int limit = UserDirectory.MAX_LIMIT;
        for (int offset = 0;; offset += limit) {
            List<AdminUser> page = users.directory().page("", "username", "asc", offset, limit).users();
            for (AdminUser u : page) {
                out.printf(format, u.username(), String.join(",", u.roles()), u.isActive() ? "yes" : "no",
                        u.lastLoginAt() == null ? "never" : Instant.ofEpochMilli(u.lastLoginAt()).toString(),
                        u.email(), u.userId());
            }
            if (page.size() < limit) {
                return;
            }
        }
    }
}
