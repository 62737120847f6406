-- Hybrid mode: the gateway configuration of each control plane (Kong's core entities), the
-- version counter its snapshots are numbered by, data-plane join tokens and connected nodes.
-- Portable SQL for H2 2.x and PostgreSQL 15, like V1.

-- Services, routes, upstreams and targets in one table: the control plane encodes each entity's
-- Kong document; the store only indexes what it must keep unique or ordered.
--   kind        services | routes | upstreams | targets
--   unique_key  the name (services, routes, upstreams) or the target address prefixed with its
--               upstream id (targets); NULL when an entity has no name (NULLs never collide)
--   parent_id   the service of a route, the upstream of a target; deleting a parent that still
--               has children is refused by core_entities_parent_fkey
CREATE TABLE core_entities (
  id UUID NOT NULL,
  control_plane_id UUID NOT NULL,
  kind VARCHAR(16) NOT NULL,
  unique_key VARCHAR(600),
  parent_id UUID,
  document VARCHAR NOT NULL,
  created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  CONSTRAINT core_entities_pkey PRIMARY KEY (id),
  CONSTRAINT core_entities_unique_key UNIQUE (control_plane_id, kind, unique_key),
  CONSTRAINT core_entities_control_plane_fkey FOREIGN KEY (control_plane_id)
    REFERENCES control_planes (id) ON DELETE CASCADE,
  CONSTRAINT core_entities_parent_fkey FOREIGN KEY (parent_id) REFERENCES core_entities (id)
);
CREATE INDEX core_entities_list_idx ON core_entities (control_plane_id, kind, created_at, id);
CREATE INDEX core_entities_parent_idx ON core_entities (parent_id);

-- One row per control plane whose configuration was ever written: every write bumps version in
-- the writing transaction (which also serialises writers of one control plane on this row).
CREATE TABLE core_config_versions (
  control_plane_id UUID NOT NULL,
  version BIGINT NOT NULL,
  updated_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  CONSTRAINT core_config_versions_pkey PRIMARY KEY (control_plane_id),
  CONSTRAINT core_config_versions_control_plane_fkey FOREIGN KEY (control_plane_id)
    REFERENCES control_planes (id) ON DELETE CASCADE
);

-- Single-use, expiring data-plane join tokens; only the SHA-256 of a token is stored.
CREATE TABLE join_tokens (
  id UUID NOT NULL,
  control_plane_id UUID NOT NULL,
  token_hash VARCHAR(64) NOT NULL,
  created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  used_at TIMESTAMP(3) WITH TIME ZONE,
  node_id UUID,
  CONSTRAINT join_tokens_pkey PRIMARY KEY (id),
  CONSTRAINT join_tokens_token_hash_key UNIQUE (token_hash),
  CONSTRAINT join_tokens_control_plane_fkey FOREIGN KEY (control_plane_id)
    REFERENCES control_planes (id) ON DELETE CASCADE
);

-- Data-plane nodes that joined a control plane (a node is known from its join on).
CREATE TABLE cluster_nodes (
  id UUID NOT NULL,
  control_plane_id UUID NOT NULL,
  hostname VARCHAR(255) NOT NULL,
  version VARCHAR(64) NOT NULL,
  cert_fingerprint VARCHAR(64) NOT NULL,
  config_hash VARCHAR(64),
  last_ping TIMESTAMP(3) WITH TIME ZONE,
  created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  CONSTRAINT cluster_nodes_pkey PRIMARY KEY (id),
  CONSTRAINT cluster_nodes_control_plane_fkey FOREIGN KEY (control_plane_id)
    REFERENCES control_planes (id) ON DELETE CASCADE
);
CREATE INDEX cluster_nodes_control_plane_idx ON cluster_nodes (control_plane_id, id);
