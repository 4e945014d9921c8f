package io.sextant.access;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** A user known to Sextant, with group memberships and attributes used by row policies. */
@Entity
@Table(name = "app_user")
class UserAccount {

    @Id
    @Column(name = "id", length = 100)
    String id;

    @Column(name = "display_name", nullable = false, length = 200)
    String displayName;

    @Column(name = "email", length = 320)
    String email;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    /** bcrypt hash of the password; null when the user has none. */
    @Column(name = "password_hash", length = 100)
    String passwordHash;

    /** True while the password is the demo's well-known one. */
    @Column(name = "demo_password", nullable = false)
    boolean demoPassword;

    /** A disabled user cannot sign in; sessions and tokens stop working at once. */
    @Column(name = "disabled", nullable = false)
    boolean disabled;

    @ManyToMany(fetch = FetchType.EAGER)
    @JoinTable(
            name = "app_user_group",
            joinColumns = @JoinColumn(name = "user_id"),
            inverseJoinColumns = @JoinColumn(name = "group_name"))
    Set<UserGroup> groups = new HashSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "app_user_attribute", joinColumns = @JoinColumn(name = "user_id"))
    @MapKeyColumn(name = "attr_name", length = 100)
    @Column(name = "attr_value", nullable = false, length = 500)
    Map<String, String> attributes = new HashMap<>();
}
