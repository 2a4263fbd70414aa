package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.agent.Caller;
import io.portagent.agent.ModelPolicy;
import io.portagent.config.ConfigSource;
import io.portagent.config.Settings;
import io.portagent.store.DataSources;
import io.portagent.store.Database;
import io.portagent.store.Schemas;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user's groups allow, on real SQLite files: no group restricts nothing; several groups
 * give the union of their models and the highest budget; a group listing no model allows every one.
 */
class GroupPolicyTest {

    @TempDir
    Path dir;

    @Test
    void aUserInSeveralGroupsGetsTheUnionOfTheirModelsAndTheHighestBudget() {
        Settings settings = Settings.resolve(List.of(ConfigSource.of("test", Map.of("LLM_PROVIDER_KEY", "k",
                "AGENTX_DIR", dir.toString()))));
        try (Database users = Database.open("portagent.db", DataSources.onFile(dir.resolve("portagent.db")),
                Schemas.PORTAGENT);
             Database agents = Database.open("agentx.db", DataSources.onFile(dir.resolve("agentx.db")),
                     Schemas.AGENTX)) {
            AccountServices accounts = AccountServices.build(settings, TokenSecrets.unused(), users, agents,
                    caller -> { }, Clock.systemUTC());
            Actor admin = Actor.commandLine();
            String ann = accounts.users().create(admin, new UserAdmin.NewUser("ann", Optional.of("secret123"),
                    Optional.empty(), Optional.empty(), false)).user().userId();
            Groups groups = accounts.groups();
            assertEquals(GroupAllowance.UNRESTRICTED, groups.allowanceOf(ann));

            groups.addMember(admin, group(groups, "small", List.of("m1", "m2"), 100), ann);
            groups.addMember(admin, group(groups, "big", List.of("m2", "m3"), 500), ann);
            group(groups, "other", List.of("m9"), 9000);
            GroupAllowance two = groups.allowanceOf(ann);
            assertEquals(new GroupAllowance(false, Set.of("m1", "m2", "m3"), 500), two);
            assertFalse(two.allows("m9"));
            GroupModelPolicy policy = new GroupModelPolicy(() -> settings, groups);
            Caller caller = new Caller(ann, "container");
            ModelPolicy.Allowance once = policy.allowance(caller);
            assertEquals(new ModelPolicy.Allowance(policy.models(caller), policy.dailyTokenLimit(caller)), once);
            assertEquals(500, once.dailyTokenLimit(), "read once, the same as asked one by one");

            groups.addMember(admin, group(groups, "everything", List.of(), 0), ann);
            GroupAllowance three = groups.allowanceOf(ann);
            assertTrue(three.allows("m9"));
            assertEquals(500, three.dailyTokenLimit(), "a group without a budget lifts no other group's");
        }
    }

    private static String group(Groups groups, String name, List<String> models, long budget) {
        return groups.create(Actor.commandLine(), new Groups.Fields(Optional.of(name), Optional.empty(),
                Optional.of(models), Optional.of(budget))).groupId();
    }
}
