package io.portagent.auth;

import io.portagent.store.AccountRepository;
import io.portagent.store.AuditRepository;
import io.portagent.store.ContainerRepository;
import io.portagent.store.Database;
import io.portagent.store.GroupRepository;
import io.portagent.store.InviteRepository;
import io.portagent.store.UserRepository;
import java.nio.file.Path;

/**
 * Where accounts live: the repositories of portagent.db, the containers of agentx.db, and the
 * folder of the containers' files. Built the same way by the service and by the command line.
 */
public record AccountStores(UserRepository users, AccountRepository accounts, ContainerRepository containers,
        GroupRepository groups, InviteRepository invites, AuditRepository audit, Path containersDir) {

    public static AccountStores of(Database portagent, Database agentx, Path containersDir) {
        return new AccountStores(new UserRepository(portagent), new AccountRepository(portagent),
                new ContainerRepository(agentx), new GroupRepository(portagent), new InviteRepository(portagent),
                new AuditRepository(portagent), containersDir);
    }
}
