package io.portagent.ops;

import io.portagent.config.Settings;
import io.portagent.config.Version;
import java.util.ArrayList;
import java.util.List;

/** The start-up banner and configuration summary, secrets masked. */
public final class Banner {

    private Banner() {
    }

    public static List<String> lines(Settings settings, boolean launcher) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("  ____            _                         _");
        lines.add(" |  _ \\ ___  _ __| |_ __ _  __ _  ___ _ __ | |_");
        lines.add(" | |_) / _ \\| '__| __/ _` |/ _` |/ _ \\ '_ \\| __|");
        lines.add(" |  __/ (_) | |  | || (_| | (_| |  __/ | | | |_");
        lines.add(" |_|   \\___/|_|   \\__\\__,_|\\__, |\\___|_| |_|\\__|");
        lines.add("                           |___/   v" + Version.current());
        lines.add("");
        settings.summary(launcher).forEach(line -> lines.add("  " + line));
        lines.add("");
        return lines;
    }

    /** Shown at start-up while no active account holds the role admin: how to make one. */
    public static List<String> noAdmin() {
        return List.of("No admin account yet: nobody can open the admin console. Make one with either of:",
                "  java -jar portagent.war users promote <username>      (an existing account; works while running)",
                "  java -jar portagent.war users create <username> --admin   (prints a temporary password)",
                "  or set ADMIN_USERNAMES=<username> and restart (that account is an admin whenever it exists)");
    }
}
