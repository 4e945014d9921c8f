package io.sextant.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A named group of users; ACLs and permissions are granted to groups. */
@Entity
@Table(name = "app_group")
class UserGroup {

    @Id
    @Column(name = "name", length = 100)
    String name;

    @Column(name = "description", length = 500)
    String description;
}
