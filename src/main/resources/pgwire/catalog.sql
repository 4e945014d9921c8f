-- The emulated PostgreSQL 16 system catalog of one caller, in an in-memory H2 database: the
-- columns clients read, filled by io.sextant.pgwire.PgCatalog with the objects the caller may see.
-- OIDs are BIGINT; name is VARCHAR; arrays are H2 arrays.
CREATE SCHEMA pg_catalog;
CREATE SCHEMA pg_information_schema;
SET SCHEMA pg_catalog;

CREATE TABLE pg_namespace (oid BIGINT PRIMARY KEY, nspname VARCHAR, nspowner BIGINT, nspacl VARCHAR ARRAY);
CREATE TABLE pg_class (
  oid BIGINT PRIMARY KEY, relname VARCHAR, relnamespace BIGINT, reltype BIGINT, reloftype BIGINT, relowner BIGINT,
  relam BIGINT, relfilenode BIGINT, reltablespace BIGINT, relpages INT, reltuples REAL, relallvisible INT,
  reltoastrelid BIGINT, relhasindex BOOLEAN, relisshared BOOLEAN, relpersistence CHAR(1), relkind CHAR(1),
  relnatts SMALLINT, relchecks SMALLINT, relhasrules BOOLEAN, relhastriggers BOOLEAN, relhassubclass BOOLEAN,
  relrowsecurity BOOLEAN, relforcerowsecurity BOOLEAN, relispopulated BOOLEAN, relreplident CHAR(1),
  relispartition BOOLEAN, relrewrite BIGINT, relfrozenxid BIGINT, relminmxid BIGINT, relacl VARCHAR ARRAY,
  reloptions VARCHAR ARRAY, relpartbound VARCHAR, relhasoids BOOLEAN);
CREATE TABLE pg_attribute (
  attrelid BIGINT, attname VARCHAR, atttypid BIGINT, attstattarget INT, attlen SMALLINT, attnum SMALLINT,
  attndims INT, attcacheoff INT, atttypmod INT, attbyval BOOLEAN, attalign CHAR(1), attstorage CHAR(1),
  attcompression VARCHAR(1), attnotnull BOOLEAN, atthasdef BOOLEAN, atthasmissing BOOLEAN, attidentity VARCHAR(1),
  attgenerated VARCHAR(1), attisdropped BOOLEAN, attislocal BOOLEAN, attinhcount INT, attcollation BIGINT,
  attacl VARCHAR ARRAY, attoptions VARCHAR ARRAY, attfdwoptions VARCHAR ARRAY, attmissingval VARCHAR,
  PRIMARY KEY (attrelid, attnum));
CREATE TABLE pg_type (
  oid BIGINT PRIMARY KEY, typname VARCHAR, typnamespace BIGINT, typowner BIGINT, typlen SMALLINT,
  typbyval BOOLEAN, typtype CHAR(1), typcategory CHAR(1), typispreferred BOOLEAN, typisdefined BOOLEAN,
  typdelim CHAR(1), typrelid BIGINT, typsubscript VARCHAR, typelem BIGINT, typarray BIGINT, typinput BIGINT,
  typoutput BIGINT, typreceive BIGINT, typsend BIGINT, typmodin VARCHAR, typmodout VARCHAR, typanalyze VARCHAR,
  typalign CHAR(1), typstorage CHAR(1), typnotnull BOOLEAN, typbasetype BIGINT, typtypmod INT, typndims INT,
  typcollation BIGINT, typdefaultbin VARCHAR, typdefault VARCHAR, typacl VARCHAR ARRAY);
CREATE TABLE pg_description (objoid BIGINT, classoid BIGINT, objsubid INT, description VARCHAR);
CREATE TABLE pg_shdescription (objoid BIGINT, classoid BIGINT, description VARCHAR);
CREATE TABLE pg_index (
  indexrelid BIGINT PRIMARY KEY, indrelid BIGINT, indnatts SMALLINT, indnkeyatts SMALLINT, indisunique BOOLEAN,
  indnullsnotdistinct BOOLEAN, indisprimary BOOLEAN, indisexclusion BOOLEAN, indimmediate BOOLEAN,
  indisclustered BOOLEAN, indisvalid BOOLEAN, indcheckxmin BOOLEAN, indisready BOOLEAN, indislive BOOLEAN,
  indisreplident BOOLEAN, indkey SMALLINT ARRAY, indcollation BIGINT ARRAY, indclass BIGINT ARRAY,
  indoption SMALLINT ARRAY, indexprs VARCHAR, indpred VARCHAR);
CREATE TABLE pg_constraint (
  oid BIGINT PRIMARY KEY, conname VARCHAR, connamespace BIGINT, contype CHAR(1), condeferrable BOOLEAN,
  condeferred BOOLEAN, convalidated BOOLEAN, conrelid BIGINT, contypid BIGINT, conindid BIGINT,
  conparentid BIGINT, confrelid BIGINT, confupdtype CHAR(1), confdeltype CHAR(1), confmatchtype CHAR(1),
  conislocal BOOLEAN, coninhcount INT, connoinherit BOOLEAN, conkey SMALLINT ARRAY, confkey SMALLINT ARRAY,
  conpfeqop BIGINT ARRAY, conppeqop BIGINT ARRAY, conffeqop BIGINT ARRAY, confdelsetcols SMALLINT ARRAY,
  conexclop BIGINT ARRAY, conbin VARCHAR);
CREATE TABLE pg_database (
  oid BIGINT PRIMARY KEY, datname VARCHAR, datdba BIGINT, encoding INT, datlocprovider CHAR(1),
  datistemplate BOOLEAN, datallowconn BOOLEAN, datconnlimit INT, datfrozenxid BIGINT, datminmxid BIGINT,
  dattablespace BIGINT, datcollate VARCHAR, datctype VARCHAR, daticulocale VARCHAR, daticurules VARCHAR,
  datcollversion VARCHAR, datacl VARCHAR ARRAY);
CREATE TABLE pg_settings (
  name VARCHAR PRIMARY KEY, setting VARCHAR, unit VARCHAR, category VARCHAR, short_desc VARCHAR,
  extra_desc VARCHAR, context VARCHAR, vartype VARCHAR, source VARCHAR, min_val VARCHAR, max_val VARCHAR,
  enumvals VARCHAR ARRAY, boot_val VARCHAR, reset_val VARCHAR, sourcefile VARCHAR, sourceline INT,
  pending_restart BOOLEAN);
CREATE TABLE pg_roles (
  oid BIGINT PRIMARY KEY, rolname VARCHAR, rolsuper BOOLEAN, rolinherit BOOLEAN, rolcreaterole BOOLEAN,
  rolcreatedb BOOLEAN, rolcanlogin BOOLEAN, rolreplication BOOLEAN, rolconnlimit INT, rolpassword VARCHAR,
  rolvaliduntil TIMESTAMP WITH TIME ZONE, rolbypassrls BOOLEAN, rolconfig VARCHAR ARRAY);
CREATE TABLE pg_user (
  usename VARCHAR, usesysid BIGINT, usecreatedb BOOLEAN, usesuper BOOLEAN, userepl BOOLEAN,
  usebypassrls BOOLEAN, passwd VARCHAR, valuntil TIMESTAMP WITH TIME ZONE, useconfig VARCHAR ARRAY);
CREATE TABLE pg_auth_members (oid BIGINT, roleid BIGINT, member BIGINT, grantor BIGINT, admin_option BOOLEAN);
CREATE TABLE pg_am (oid BIGINT PRIMARY KEY, amname VARCHAR, amhandler VARCHAR, amtype CHAR(1));
CREATE TABLE pg_proc (
  oid BIGINT PRIMARY KEY, proname VARCHAR, pronamespace BIGINT, proowner BIGINT, prolang BIGINT,
  procost REAL, prorows REAL, provariadic BIGINT, prosupport VARCHAR, prokind CHAR(1), prosecdef BOOLEAN,
  proleakproof BOOLEAN, proisstrict BOOLEAN, proretset BOOLEAN, provolatile CHAR(1), proparallel CHAR(1),
  pronargs SMALLINT, pronargdefaults SMALLINT, prorettype BIGINT, proargtypes VARCHAR, proallargtypes BIGINT ARRAY,
  proargmodes VARCHAR ARRAY, proargnames VARCHAR ARRAY, proargdefaults VARCHAR, protrftypes BIGINT ARRAY,
  prosrc VARCHAR, probin VARCHAR, prosqlbody VARCHAR, proconfig VARCHAR ARRAY, proacl VARCHAR ARRAY);
CREATE TABLE pg_enum (oid BIGINT PRIMARY KEY, enumtypid BIGINT, enumsortorder REAL, enumlabel VARCHAR);
CREATE TABLE pg_range (
  rngtypid BIGINT, rngsubtype BIGINT, rngmultitypid BIGINT, rngcollation BIGINT, rngsubopc BIGINT,
  rngcanonical VARCHAR, rngsubdiff VARCHAR);
CREATE TABLE pg_attrdef (oid BIGINT PRIMARY KEY, adrelid BIGINT, adnum SMALLINT, adbin VARCHAR);
CREATE TABLE pg_inherits (inhrelid BIGINT, inhparent BIGINT, inhseqno INT, inhdetachpending BOOLEAN);
CREATE TABLE pg_collation (
  oid BIGINT PRIMARY KEY, collname VARCHAR, collnamespace BIGINT, collowner BIGINT, collprovider CHAR(1),
  collisdeterministic BOOLEAN, collencoding INT, collcollate VARCHAR, collctype VARCHAR, colliculocale VARCHAR,
  collicurules VARCHAR, collversion VARCHAR);
CREATE TABLE pg_tablespace (oid BIGINT PRIMARY KEY, spcname VARCHAR, spcowner BIGINT, spcacl VARCHAR ARRAY, spcoptions VARCHAR ARRAY);
CREATE TABLE pg_extension (
  oid BIGINT PRIMARY KEY, extname VARCHAR, extowner BIGINT, extnamespace BIGINT, extrelocatable BOOLEAN,
  extversion VARCHAR, extconfig BIGINT ARRAY, extcondition VARCHAR ARRAY);
CREATE TABLE pg_language (
  oid BIGINT PRIMARY KEY, lanname VARCHAR, lanowner BIGINT, lanispl BOOLEAN, lanpltrusted BOOLEAN,
  lanplcallfoid BIGINT, laninline BIGINT, lanvalidator BIGINT, lanacl VARCHAR ARRAY);
CREATE TABLE pg_trigger (
  oid BIGINT PRIMARY KEY, tgrelid BIGINT, tgparentid BIGINT, tgname VARCHAR, tgfoid BIGINT, tgtype SMALLINT,
  tgenabled CHAR(1), tgisinternal BOOLEAN, tgconstrrelid BIGINT, tgconstrindid BIGINT, tgconstraint BIGINT,
  tgdeferrable BOOLEAN, tginitdeferred BOOLEAN, tgnargs SMALLINT, tgattr SMALLINT ARRAY, tgargs VARCHAR,
  tgqual VARCHAR, tgoldtable VARCHAR, tgnewtable VARCHAR);
CREATE TABLE pg_rewrite (
  oid BIGINT PRIMARY KEY, rulename VARCHAR, ev_class BIGINT, ev_type CHAR(1), ev_enabled CHAR(1),
  is_instead BOOLEAN, ev_qual VARCHAR, ev_action VARCHAR);
CREATE TABLE pg_policy (
  oid BIGINT PRIMARY KEY, polname VARCHAR, polrelid BIGINT, polcmd CHAR(1), polpermissive BOOLEAN,
  polroles BIGINT ARRAY, polqual VARCHAR, polwithcheck VARCHAR);
CREATE TABLE pg_statistic_ext (
  oid BIGINT PRIMARY KEY, stxrelid BIGINT, stxname VARCHAR, stxnamespace BIGINT, stxowner BIGINT,
  stxstattarget INT, stxkeys SMALLINT ARRAY, stxkind VARCHAR ARRAY, stxexprs VARCHAR);
CREATE TABLE pg_publication (
  oid BIGINT PRIMARY KEY, pubname VARCHAR, pubowner BIGINT, puballtables BOOLEAN, pubinsert BOOLEAN,
  pubupdate BOOLEAN, pubdelete BOOLEAN, pubtruncate BOOLEAN, pubviaroot BOOLEAN);
CREATE TABLE pg_publication_rel (oid BIGINT PRIMARY KEY, prpubid BIGINT, prrelid BIGINT, prqual VARCHAR, prattrs SMALLINT ARRAY);
CREATE TABLE pg_publication_namespace (oid BIGINT PRIMARY KEY, pnpubid BIGINT, pnnspid BIGINT);
CREATE TABLE pg_foreign_table (ftrelid BIGINT PRIMARY KEY, ftserver BIGINT, ftoptions VARCHAR ARRAY);
CREATE TABLE pg_foreign_server (oid BIGINT PRIMARY KEY, srvname VARCHAR, srvowner BIGINT, srvfdw BIGINT);
CREATE TABLE pg_partitioned_table (partrelid BIGINT PRIMARY KEY, partstrat CHAR(1), partnatts SMALLINT);
CREATE TABLE pg_sequence (
  seqrelid BIGINT PRIMARY KEY, seqtypid BIGINT, seqstart BIGINT, seqincrement BIGINT, seqmax BIGINT, seqmin BIGINT,
  seqcache BIGINT, seqcycle BOOLEAN);
CREATE TABLE pg_depend (
  classid BIGINT, objid BIGINT, objsubid INT, refclassid BIGINT, refobjid BIGINT, refobjsubid INT, deptype CHAR(1));
CREATE TABLE pg_event_trigger (oid BIGINT PRIMARY KEY, evtname VARCHAR, evtevent VARCHAR, evtowner BIGINT, evtfoid BIGINT, evtenabled CHAR(1), evttags VARCHAR ARRAY);
CREATE TABLE pg_operator (oid BIGINT PRIMARY KEY, oprname VARCHAR, oprnamespace BIGINT, oprleft BIGINT, oprright BIGINT, oprresult BIGINT);
CREATE TABLE pg_opclass (oid BIGINT PRIMARY KEY, opcmethod BIGINT, opcname VARCHAR, opcnamespace BIGINT, opcintype BIGINT, opcdefault BOOLEAN);
CREATE TABLE pg_cast (oid BIGINT PRIMARY KEY, castsource BIGINT, casttarget BIGINT, castfunc BIGINT, castcontext CHAR(1), castmethod CHAR(1));
CREATE TABLE pg_conversion (oid BIGINT PRIMARY KEY, conname VARCHAR, connamespace BIGINT, conforencoding INT, contoencoding INT, condefault BOOLEAN);
CREATE TABLE pg_aggregate (aggfnoid BIGINT PRIMARY KEY, aggkind CHAR(1), aggnumdirectargs SMALLINT);
CREATE TABLE pg_stat_activity (
  datid BIGINT, datname VARCHAR, pid INT, usename VARCHAR, application_name VARCHAR, client_addr VARCHAR,
  backend_start TIMESTAMP WITH TIME ZONE, state VARCHAR, query VARCHAR);
CREATE TABLE pg_timezone_names (name VARCHAR, abbrev VARCHAR, utc_offset VARCHAR, is_dst BOOLEAN);

CREATE VIEW pg_tables AS
  SELECT n.nspname AS schemaname, c.relname AS tablename, 'sextant' AS tableowner, CAST(NULL AS VARCHAR) AS tablespace,
         c.relhasindex AS hasindexes, FALSE AS hasrules, FALSE AS hastriggers, FALSE AS rowsecurity
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p');
CREATE VIEW pg_views AS
  SELECT n.nspname AS schemaname, c.relname AS viewname, 'sextant' AS viewowner, CAST(NULL AS VARCHAR) AS definition
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'v';
CREATE VIEW pg_matviews AS
  SELECT n.nspname AS schemaname, c.relname AS matviewname, 'sextant' AS matviewowner,
         CAST(NULL AS VARCHAR) AS tablespace, FALSE AS hasindexes, TRUE AS ispopulated, CAST(NULL AS VARCHAR) AS definition
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'm';
CREATE VIEW pg_indexes AS
  SELECT n.nspname AS schemaname, t.relname AS tablename, c.relname AS indexname, CAST(NULL AS VARCHAR) AS tablespace,
         pg_get_indexdef(c.oid) AS indexdef
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace;
CREATE VIEW pg_sequences AS
  SELECT CAST(NULL AS VARCHAR) AS schemaname, CAST(NULL AS VARCHAR) AS sequencename FROM pg_sequence WHERE FALSE;

SET SCHEMA pg_information_schema;
CREATE VIEW schemata AS
  SELECT (SELECT datname FROM pg_catalog.pg_database) AS catalog_name, nspname AS schema_name,
         'sextant' AS schema_owner, CAST(NULL AS VARCHAR) AS default_character_set_catalog,
         CAST(NULL AS VARCHAR) AS default_character_set_schema, CAST(NULL AS VARCHAR) AS default_character_set_name,
         CAST(NULL AS VARCHAR) AS sql_path
  FROM pg_catalog.pg_namespace;
CREATE VIEW tables AS
  SELECT (SELECT datname FROM pg_catalog.pg_database) AS table_catalog, n.nspname AS table_schema,
         c.relname AS table_name,
         CASE WHEN n.nspname IN ('pg_catalog', 'information_schema') THEN 'VIEW'
              WHEN c.relkind = 'v' THEN 'VIEW' ELSE 'BASE TABLE' END AS table_type,
         CAST(NULL AS VARCHAR) AS self_referencing_column_name, CAST(NULL AS VARCHAR) AS reference_generation,
         CAST(NULL AS VARCHAR) AS user_defined_type_catalog, CAST(NULL AS VARCHAR) AS user_defined_type_schema,
         CAST(NULL AS VARCHAR) AS user_defined_type_name, 'NO' AS is_insertable_into, 'NO' AS is_typed,
         CAST(NULL AS VARCHAR) AS commit_action
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'v', 'p');
CREATE VIEW columns AS
  SELECT (SELECT datname FROM pg_catalog.pg_database) AS table_catalog, n.nspname AS table_schema,
         c.relname AS table_name, a.attname AS column_name, CAST(a.attnum AS INT) AS ordinal_position,
         CAST(NULL AS VARCHAR) AS column_default, CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END AS is_nullable,
         pg_catalog.information_schema_type(a.atttypid) AS data_type,
         CASE WHEN a.atttypid IN (1042, 1043) AND a.atttypmod > 4 THEN a.atttypmod - 4 END AS character_maximum_length,
         CAST(NULL AS INT) AS character_octet_length,
         CASE WHEN a.atttypid = 1700 AND a.atttypmod > 4 THEN (a.atttypmod - 4) / 65536
              WHEN a.atttypid = 21 THEN 16 WHEN a.atttypid = 23 THEN 32 WHEN a.atttypid = 20 THEN 64
              WHEN a.atttypid = 700 THEN 24 WHEN a.atttypid = 701 THEN 53 END AS numeric_precision,
         CASE WHEN a.atttypid = 1700 THEN 10 WHEN a.atttypid IN (20, 21, 23, 700, 701) THEN 2 END AS numeric_precision_radix,
         CASE WHEN a.atttypid = 1700 AND a.atttypmod > 4 THEN BITAND(a.atttypmod - 4, 65535)
              WHEN a.atttypid IN (20, 21, 23) THEN 0 END AS numeric_scale,
         CASE WHEN a.atttypid IN (1082, 1083, 1114, 1184) THEN 6 END AS datetime_precision,
         CAST(NULL AS VARCHAR) AS interval_type, CAST(NULL AS INT) AS interval_precision,
         CAST(NULL AS VARCHAR) AS character_set_catalog, CAST(NULL AS VARCHAR) AS character_set_schema,
         CAST(NULL AS VARCHAR) AS character_set_name, CAST(NULL AS VARCHAR) AS collation_catalog,
         CAST(NULL AS VARCHAR) AS collation_schema, CAST(NULL AS VARCHAR) AS collation_name,
         CAST(NULL AS VARCHAR) AS domain_catalog, CAST(NULL AS VARCHAR) AS domain_schema,
         CAST(NULL AS VARCHAR) AS domain_name, (SELECT datname FROM pg_catalog.pg_database) AS udt_catalog,
         'pg_catalog' AS udt_schema, t.typname AS udt_name, CAST(NULL AS VARCHAR) AS scope_catalog,
         CAST(NULL AS VARCHAR) AS scope_schema, CAST(NULL AS VARCHAR) AS scope_name,
         CAST(NULL AS INT) AS maximum_cardinality, CAST(a.attnum AS VARCHAR) AS dtd_identifier,
         'NO' AS is_self_referencing, 'NO' AS is_identity, CAST(NULL AS VARCHAR) AS identity_generation,
         CAST(NULL AS VARCHAR) AS identity_start, CAST(NULL AS VARCHAR) AS identity_increment,
         CAST(NULL AS VARCHAR) AS identity_maximum, CAST(NULL AS VARCHAR) AS identity_minimum,
         CAST(NULL AS VARCHAR) AS identity_cycle, 'NEVER' AS is_generated,
         CAST(NULL AS VARCHAR) AS generation_expression, 'NO' AS is_updatable
  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
  WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'p');
CREATE VIEW views AS
  SELECT table_catalog, table_schema, table_name, CAST(NULL AS VARCHAR) AS view_definition,
         'NONE' AS check_option, 'NO' AS is_updatable, 'NO' AS is_insertable_into
  FROM tables WHERE table_type = 'VIEW' AND table_schema NOT IN ('pg_catalog', 'information_schema');
CREATE VIEW table_constraints AS
  SELECT (SELECT datname FROM pg_catalog.pg_database) AS constraint_catalog, n.nspname AS constraint_schema,
         k.conname AS constraint_name, (SELECT datname FROM pg_catalog.pg_database) AS table_catalog,
         n.nspname AS table_schema, c.relname AS table_name,
         CASE k.contype WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE' WHEN 'f' THEN 'FOREIGN KEY' ELSE 'CHECK' END
           AS constraint_type, 'NO' AS is_deferrable, 'NO' AS initially_deferred, 'YES' AS enforced
  FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace;
CREATE TABLE key_column_usage (
  constraint_catalog VARCHAR, constraint_schema VARCHAR, constraint_name VARCHAR, table_catalog VARCHAR,
  table_schema VARCHAR, table_name VARCHAR, column_name VARCHAR, ordinal_position INT,
  position_in_unique_constraint INT);
CREATE TABLE routines (
  specific_catalog VARCHAR, specific_schema VARCHAR, specific_name VARCHAR, routine_catalog VARCHAR,
  routine_schema VARCHAR, routine_name VARCHAR, routine_type VARCHAR, data_type VARCHAR);
CREATE TABLE table_privileges (
  grantor VARCHAR, grantee VARCHAR, table_catalog VARCHAR, table_schema VARCHAR, table_name VARCHAR,
  privilege_type VARCHAR, is_grantable VARCHAR, with_hierarchy VARCHAR);
CREATE TABLE column_privileges (
  grantor VARCHAR, grantee VARCHAR, table_catalog VARCHAR, table_schema VARCHAR, table_name VARCHAR,
  column_name VARCHAR, privilege_type VARCHAR, is_grantable VARCHAR);
CREATE TABLE sequences (sequence_catalog VARCHAR, sequence_schema VARCHAR, sequence_name VARCHAR, data_type VARCHAR);
CREATE TABLE referential_constraints (
  constraint_catalog VARCHAR, constraint_schema VARCHAR, constraint_name VARCHAR,
  unique_constraint_catalog VARCHAR, unique_constraint_schema VARCHAR, unique_constraint_name VARCHAR,
  match_option VARCHAR, update_rule VARCHAR, delete_rule VARCHAR);
CREATE TABLE check_constraints (constraint_catalog VARCHAR, constraint_schema VARCHAR, constraint_name VARCHAR, check_clause VARCHAR);
SET SCHEMA pg_catalog;
CREATE TABLE pg_stat_user_tables (
  relid BIGINT, schemaname VARCHAR, relname VARCHAR, seq_scan BIGINT, seq_tup_read BIGINT, idx_scan BIGINT,
  idx_tup_fetch BIGINT, n_tup_ins BIGINT, n_tup_upd BIGINT, n_tup_del BIGINT, n_live_tup BIGINT, n_dead_tup BIGINT);
