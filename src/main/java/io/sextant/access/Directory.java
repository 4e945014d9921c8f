package io.sextant.access;

import static java.util.Objects.requireNonNull;

import io.sextant.SextantException;
import io.sextant.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Users, groups and their attributes, stored in the app database. */
@ApplicationScoped
public class Directory {

    /** A user as the rest of Sextant sees it. */
    public record User(
            String id, String displayName, String email, Set<String> groups, Map<String, String> attributes) {

        public User {
            requireNonNull(id, "id");
            requireNonNull(displayName, "displayName");
            groups = Set.copyOf(requireNonNull(groups, "groups"));
            attributes = Map.copyOf(requireNonNull(attributes, "attributes"));
        }

        public Principal principal() {
            return new Principal(id, groups, attributes);
        }
    }

    /** A group and what it is for. */
    public record Group(String name, String description) {}

    /** A user as admins see it: the directory entry and the state of its credentials. */
    public record Account(
            String id,
            String displayName,
            String email,
            Set<String> groups,
            Map<String, String> attributes,
            boolean disabled,
            boolean hasPassword,
            boolean demoPassword,
            Instant createdAt) {}

    /** What an admin gives to create a user; groups must exist. */
    public record NewUser(
            String id,
            String displayName,
            String email,
            Set<String> groups,
            Map<String, String> attributes,
            String password) {}

    /** What an admin changes of a user; null fields stay as they are. */
    public record UserUpdate(String displayName, String email, Set<String> groups, Map<String, String> attributes) {}

    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}");
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,99}");

    private final EntityManager em;
    private final Credentials credentials;
    private final AuditLog audit;

    Directory(EntityManager em, Credentials credentials, AuditLog audit) {
        this.em = em;
        this.credentials = credentials;
        this.audit = audit;
    }

    /** Every user with the state of its credentials. */
    @Transactional
    public List<Account> accounts() {
        return em.createQuery("from UserAccount order by id", UserAccount.class).getResultList().stream()
                .map(Directory::account)
                .toList();
    }

    @Transactional
    public Optional<Account> account(String id) {
        return Optional.ofNullable(em.find(UserAccount.class, id)).map(Directory::account);
    }

    /** Creates a user (with a password, or none to sign in by token later); audited. */
    @Transactional
    public Account createUser(NewUser user, String actor) {
        if (user == null || user.id() == null || !USER_ID.matcher(user.id()).matches()) {
            throw invalid("invalid-user-id", "a user id is 1-100 letters, digits, '_', '.', '@' or '-'");
        }
        if (em.find(UserAccount.class, user.id()) != null) {
            throw new SextantException(
                    SextantException.Kind.CONFLICT, "user-exists", "A user '" + user.id() + "' exists already");
        }
        UserAccount entity = new UserAccount();
        entity.id = user.id();
        entity.createdAt = Instant.now();
        entity.displayName = displayName(user.displayName() == null ? user.id() : user.displayName());
        entity.email = email(user.email());
        applyGroups(entity, user.groups() == null ? Set.of() : user.groups());
        applyAttributes(entity, user.attributes() == null ? Map.of() : user.attributes());
        em.persist(entity);
        if (user.password() != null) {
            em.flush();
            credentials.setPassword(user.id(), user.password(), false);
        }
        Account after = account(entity);
        audit.record(AuditLog.Entry.of(AuditLog.ADMIN + "user.create", actor, "success", user.id())
                .withDetail(AuditLog.change(null, after)));
        return after;
    }

    /** Changes a user's name, e-mail, groups or attributes; audited with before and after. */
    @Transactional
    public Account updateUser(String id, UserUpdate update, String actor) {
        UserAccount entity = existing(id);
        Account before = account(entity);
        if (update.displayName() != null) {
            entity.displayName = displayName(update.displayName());
        }
        if (update.email() != null) {
            entity.email = email(update.email());
        }
        if (update.groups() != null) {
            applyGroups(entity, update.groups());
        }
        if (update.attributes() != null) {
            applyAttributes(entity, update.attributes());
        }
        Account after = account(entity);
        audit.record(AuditLog.Entry.of(AuditLog.ADMIN + "user.update", actor, "success", id)
                .withDetail(AuditLog.change(before, after)));
        return after;
    }

    /**
     * The user an identity provider vouches for: created on first sign-in, its name, e-mail,
     * groups (those that exist here) and attributes brought in line with the token on later ones;
     * audited when something changed. A disabled user stays disabled.
     */
    @Transactional
    public Optional<User> provision(
            String id, String displayName, String email, Set<String> groups, Map<String, String> attributes) {
        if (id == null || !USER_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Set<String> known = new TreeSet<>();
        for (String g : groups) {
            if (em.find(UserGroup.class, g) != null) {
                known.add(g);
            }
        }
        Map<String, String> attrs = new java.util.TreeMap<>();
        attributes.forEach((k, v) -> {
            if (ATTRIBUTE.matcher(k).matches() && !"user".equals(k) && v != null && v.length() <= 500) {
                attrs.put(k, v);
            }
        });
        UserAccount entity = em.find(UserAccount.class, id);
        Account before = entity == null ? null : account(entity);
        if (entity == null) {
            entity = new UserAccount();
            entity.id = id;
            entity.createdAt = Instant.now();
            entity.displayName = displayName == null || displayName.isBlank() ? id : cut(displayName.strip(), 200);
            em.persist(entity);
        } else if (displayName != null && !displayName.isBlank()) {
            entity.displayName = cut(displayName.strip(), 200);
        }
        entity.email = email == null || email.length() > 320 ? entity.email : email;
        applyGroups(entity, known);
        entity.attributes.clear();
        entity.attributes.putAll(attrs);
        Account after = account(entity);
        if (!after.equals(before)) {
            audit.record(AuditLog.Entry.of(AuditLog.ADMIN + "user.provision", "oidc", "success", id)
                    .withDetail(AuditLog.change(before, after)));
        }
        return entity.disabled ? Optional.empty() : Optional.of(toUser(entity));
    }

    /** Disables (sessions end, tokens stop working) or enables a user; audited. */
    @Transactional
    public Account setDisabled(String id, boolean disabled, String actor) {
        UserAccount entity = existing(id);
        boolean before = entity.disabled;
        entity.disabled = disabled;
        if (disabled) {
            credentials.endSessions(id);
        }
        audit.record(
                AuditLog.Entry.of(AuditLog.ADMIN + (disabled ? "user.disable" : "user.enable"), actor, "success", id)
                        .withDetail(AuditLog.change(Map.of("disabled", before), Map.of("disabled", disabled))));
        return account(entity);
    }

    /** Sets a new password for a user (ending its sessions); audited without the password. */
    @Transactional
    public void resetPassword(String id, String password, String actor) {
        existing(id);
        credentials.setPassword(id, password, false);
        audit.record(AuditLog.Entry.of(AuditLog.ADMIN + "user.password", actor, "success", id));
    }

    /** Creates a group; audited. */
    @Transactional
    public Group createGroup(Group group, String actor) {
        if (group == null
                || group.name() == null
                || !GROUP_NAME.matcher(group.name()).matches()) {
            throw invalid("invalid-group", "a group name is 1-100 letters, digits, '_', '.' or '-'");
        }
        if (Principal.EVERYONE.equals(group.name()) || em.find(UserGroup.class, group.name()) != null) {
            throw new SextantException(
                    SextantException.Kind.CONFLICT, "group-exists", "A group '" + group.name() + "' exists already");
        }
        UserGroup entity = new UserGroup();
        entity.name = group.name();
        entity.description = cut(group.description(), 500);
        em.persist(entity);
        Group after = new Group(entity.name, entity.description);
        audit.record(AuditLog.Entry.of(AuditLog.ADMIN + "group.create", actor, "success", entity.name)
                .withDetail(AuditLog.change(null, after)));
        return after;
    }

    /** Deletes a group and its memberships; audited. False when there is no such group. */
    @Transactional
    public boolean deleteGroup(String name, String actor) {
        UserGroup entity = em.find(UserGroup.class, name);
        if (entity == null) {
            return false;
        }
        List<String> members = new java.util.ArrayList<>();
        for (UserAccount u :
                em.createQuery("from UserAccount", UserAccount.class).getResultList()) {
            if (u.groups.removeIf(g -> g.name.equals(name))) {
                members.add(u.id);
            }
        }
        em.flush();
        em.remove(entity);
        audit.record(AuditLog.Entry.of(AuditLog.ADMIN + "group.delete", actor, "success", name)
                .withDetail(AuditLog.change(
                        Map.of("description", String.valueOf(entity.description), "members", members), null)));
        return true;
    }

    @Transactional
    public List<User> users() {
        return em.createQuery("from UserAccount", UserAccount.class).getResultList().stream()
                .map(Directory::toUser)
                .sorted(Comparator.comparing(User::id))
                .toList();
    }

    @Transactional
    public List<Group> groups() {
        return em.createQuery("from UserGroup order by name", UserGroup.class).getResultList().stream()
                .map(g -> new Group(g.name, g.description))
                .toList();
    }

    @Transactional
    public Optional<User> user(String id) {
        return Optional.ofNullable(em.find(UserAccount.class, id)).map(Directory::toUser);
    }

    /** The principal for a user id, if the user exists. */
    public Optional<Principal> principal(String userId) {
        return user(userId).map(User::principal);
    }

    @Transactional
    public long userCount() {
        return em.createQuery("select count(u) from UserAccount u", Long.class).getSingleResult();
    }

    /** Creates or replaces the given groups and users in one transaction. */
    @Transactional
    public void upsert(List<Group> groups, List<User> users) {
        for (Group group : groups) {
            UserGroup entity = em.find(UserGroup.class, group.name());
            if (entity == null) {
                entity = new UserGroup();
                entity.name = group.name();
                entity.description = group.description();
                em.persist(entity);
            }
            entity.description = group.description();
        }
        for (User user : users) {
            UserAccount entity = em.find(UserAccount.class, user.id());
            boolean created = entity == null;
            if (created) {
                entity = new UserAccount();
                entity.id = user.id();
                entity.createdAt = Instant.now();
            }
            entity.displayName = user.displayName();
            entity.email = user.email();
            entity.attributes.clear();
            entity.attributes.putAll(user.attributes());
            entity.groups.clear();
            for (String groupName : user.groups()) {
                UserGroup group = em.find(UserGroup.class, groupName);
                if (group == null) {
                    throw new IllegalArgumentException("user " + user.id() + " names unknown group " + groupName);
                }
                entity.groups.add(group);
            }
            if (created) {
                em.persist(entity);
            }
        }
    }

    private UserAccount existing(String id) {
        UserAccount entity = id == null ? null : em.find(UserAccount.class, id);
        if (entity == null) {
            throw new SextantException(SextantException.Kind.NOT_FOUND, "user-not-found", "No such user");
        }
        return entity;
    }

    private void applyGroups(UserAccount entity, Set<String> groups) {
        Set<UserGroup> resolved = new java.util.HashSet<>();
        for (String name : groups) {
            UserGroup group = name == null ? null : em.find(UserGroup.class, name);
            if (group == null) {
                throw invalid("unknown-group", "No group '" + cut(name, 100) + "'; create it first");
            }
            resolved.add(group);
        }
        entity.groups.clear();
        entity.groups.addAll(resolved);
    }

    private static void applyAttributes(UserAccount entity, Map<String, String> attributes) {
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            if (e.getKey() == null || !ATTRIBUTE.matcher(e.getKey()).matches() || "user".equals(e.getKey())) {
                throw invalid(
                        "invalid-attribute",
                        "attribute names are identifiers of at most 100 characters (and not 'user')");
            }
            if (e.getValue() == null || e.getValue().length() > 500) {
                throw invalid("invalid-attribute", "attribute values are strings of at most 500 characters");
            }
        }
        entity.attributes.clear();
        entity.attributes.putAll(attributes);
    }

    private static String displayName(String name) {
        if (name.isBlank() || name.length() > 200) {
            throw invalid("invalid-display-name", "a display name has 1-200 characters");
        }
        return name.strip();
    }

    private static String email(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        if (email.length() > 320 || !email.contains("@")) {
            throw invalid("invalid-email", "not an e-mail address");
        }
        return email.strip();
    }

    private static Account account(UserAccount u) {
        User user = toUser(u);
        return new Account(
                u.id,
                u.displayName,
                u.email,
                user.groups(),
                user.attributes(),
                u.disabled,
                u.passwordHash != null,
                u.demoPassword,
                u.createdAt);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static SextantException invalid(String code, String message) {
        return new SextantException(SextantException.Kind.INVALID_INPUT, code, message);
    }

    static User toUser(UserAccount u) {
        Set<String> groups = new TreeSet<>();
        u.groups.forEach(g -> groups.add(g.name));
        return new User(u.id, u.displayName, u.email, groups, u.attributes);
    }
}
