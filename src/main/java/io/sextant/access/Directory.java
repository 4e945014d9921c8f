package io.sextant.access;

import static java.util.Objects.requireNonNull;

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

    private final EntityManager em;

    Directory(EntityManager em) {
        this.em = em;
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

    private static User toUser(UserAccount u) {
        Set<String> groups = new TreeSet<>();
        u.groups.forEach(g -> groups.add(g.name));
        return new User(u.id, u.displayName, u.email, groups, u.attributes);
    }
}
