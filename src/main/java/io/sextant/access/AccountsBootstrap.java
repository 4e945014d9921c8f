package io.sextant.access;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * After the demo is in place: creates the first admin from {@code SEXTANT_ADMIN_PASSWORD} when no
 * admin exists, and warns while demo passwords are active.
 */
@ApplicationScoped
class AccountsBootstrap {

    private static final Logger LOG = Logger.getLogger(AccountsBootstrap.class);

    private final Credentials credentials;
    private final Directory directory;
    private final AuthConfig config;
    private final Optional<String> adminPassword;
    private final String adminUser;

    AccountsBootstrap(Credentials credentials, Directory directory, AuthConfig config, FirstAdminConfig firstAdmin) {
        this.credentials = credentials;
        this.directory = directory;
        this.config = config;
        this.adminPassword = firstAdmin.adminPassword();
        this.adminUser = firstAdmin.adminUser();
    }

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 50) StartupEvent event) {
        if (adminPassword.filter(p -> !p.isEmpty()).isPresent() && !credentials.adminExists()) {
            createAdmin(adminUser, adminUser, adminPassword.get());
            LOG.infof("Created the admin user '%s' from SEXTANT_ADMIN_PASSWORD", adminUser);
        }
        List<String> demo = credentials.usersWithDemoPassword();
        if (!demo.isEmpty()) {
            LOG.warnf(
                    "Demo passwords are active: users %s sign in with the password 'demo'. Fine for trying"
                            + " Sextant on your machine; for anything else reset them (PUT"
                            + " /api/v1/admin/users/{id}/password) or run with your own warehouse.",
                    demo);
        }
    }

    /**
     * Creates (or, if it exists, promotes) a user as a member of the admin group with this
     * password; the group is created when missing.
     */
    void createAdmin(String id, String displayName, String password) {
        credentials.checkPasswordRules(password);
        QuarkusTransaction.requiringNew().run(() -> {
            String group = config.adminGroup();
            if (directory.groups().stream().noneMatch(g -> g.name().equals(group))) {
                directory.createGroup(new Directory.Group(group, "Administrators"), "system");
            }
            Optional<Directory.Account> existing = directory.account(id);
            if (existing.isEmpty()) {
                directory.createUser(
                        new Directory.NewUser(id, displayName, null, Set.of(group), Map.of(), password), "system");
            } else {
                Set<String> groups = new java.util.TreeSet<>(existing.get().groups());
                groups.add(group);
                directory.updateUser(id, new Directory.UserUpdate(null, null, groups, null), "system");
                directory.setDisabled(id, false, "system");
                directory.resetPassword(id, password, "system");
            }
        });
    }
}
