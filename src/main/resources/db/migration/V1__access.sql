-- Users, groups and user attributes (for row policies). Portable between H2 and PostgreSQL.
CREATE TABLE app_group (
    name        VARCHAR(100) PRIMARY KEY,
    description VARCHAR(500)
);

CREATE TABLE app_user (
    id           VARCHAR(100) PRIMARY KEY,
    display_name VARCHAR(200) NOT NULL,
    email        VARCHAR(320),
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

CREATE TABLE app_user_group (
    user_id    VARCHAR(100) NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    group_name VARCHAR(100) NOT NULL REFERENCES app_group (name) ON DELETE CASCADE,
    PRIMARY KEY (user_id, group_name)
);

CREATE TABLE app_user_attribute (
    user_id    VARCHAR(100) NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    attr_name  VARCHAR(100) NOT NULL,
    attr_value VARCHAR(500) NOT NULL,
    PRIMARY KEY (user_id, attr_name)
);
